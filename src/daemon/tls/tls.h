/* SPDX-License-Identifier: MIT */
/*
 * tls.h: TLS material: loading and checking certificates and keys, checking
 * priority strings.
 */
#ifndef LD_TLS_H
#define LD_TLS_H

#include <stddef.h>

#include "diag.h"
#include "topology.h"

/* Reads a PEM certificate (chain) and key and checks they load and match. 0, or -1 with *cause. */
int	 tls_load_pair(const char *cert_file, const char *key_file, char **cert_pem,
	     char **key_pem, char **cause);
/* 0 if GnuTLS accepts the priority string, else -1 with *cause. */
int	 tls_priority_check(const char *priority, char **cause);
/* Checks every TLS listener's pair and the priority string; reports at the listener's line. */
int	 tls_check_topology(const struct topology *, struct diag *);
#endif
