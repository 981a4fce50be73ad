/* SPDX-License-Identifier: MIT */
/*
 * config_ldap.h: the <sign-in><ldap> element of a configuration, and the
 * checks of an LDAP directory against the rest of the topology.
 */
#ifndef LD_CONFIG_LDAP_H
#define LD_CONFIG_LDAP_H

#include <libxml/tree.h>

#include "diag.h"
#include "topology.h"

/*
 * n (a schema-valid <ldap>) into t->sign_in.ldap; relative file names
 * against base_dir (may be NULL). Errors go to d as FILE:LINE; returns
 * their number.
 */
int	 config_ldap_load(xmlNodePtr n, const char *file, const char *base_dir,
	     struct topology *t, struct diag *d);
/*
 * What needs the whole topology: a directory file and <ldap> together, a
 * password over a plain connection, pools' home-server. Returns the number
 * of errors added to d.
 */
int	 config_ldap_check(const struct topology *t, struct diag *d);

#endif
