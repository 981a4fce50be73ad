/* SPDX-License-Identifier: MIT */
/*
 * lab.h: the embedded lab topology of "lyncdiscoverd --lab [DOMAIN]".
 *
 * One pool for DOMAIN with internal web services webint.DOMAIN and external
 * webext.DOMAIN, SIP access points pool01.DOMAIN (internal, 5061) and
 * sip.DOMAIN (external: clients 443, servers 5061), and — unless listener flags
 * say otherwise — four listeners on 127.0.0.1 with unprivileged ports.
 * The lab is written as a configuration document and loaded by the same
 * loader as a file, so it is validated the same way.
 */
#ifndef LD_LAB_H
#define LD_LAB_H

#include <stddef.h>

#include "topology.h"

#define LAB_DEFAULT_DOMAIN "contoso.com"
#define LAB_PORT_INTERNAL 8080
#define LAB_PORT_INTERNAL_TLS 8443
#define LAB_PORT_EXTERNAL 9080
#define LAB_PORT_EXTERNAL_TLS 9443

/*
 * The default lab listeners (cert/key unset; each flag says "--lab (its
 * listener ADDR:PORT)"); returns how many (4).
 */
size_t	 lab_default_listeners(struct listener_conf out[4]);

/*
 * The HTTPS port links of loc use: that of its first TLS listener serving loc
 * (its location's, or an auto or by-name one), else 443.
 */
unsigned lab_link_port(const struct listener_conf *, size_t n, enum access_location loc);

struct lab_params {
	const char			*domain;
	const struct listener_conf	*listeners;
	size_t				 n_listeners;
	const char			*cert_file;	/* of the TLS listeners */
	const char			*key_file;
	const char			*sign_in;	/* open (NULL), any-password, password */
	const char			*directory;	/* the user directory, or NULL */
};

/*
 * The lab configuration document (built with libxml2's tree API, so any path
 * is escaped). Links use the port of the first TLS listener of each access
 * location (443 if there is none). Heap string, NULL if out of memory.
 */
char	*lab_config_xml(const struct lab_params *);

/* The built-in lab users of --sign-in password|any-password without --users. */
#define LAB_N_USERS 2
struct lab_user {
	const char	*name;		/* the user is NAME@DOMAIN */
	const char	*password;	/* fixed, printed by the banner: a lab, not a secret */
};
extern const struct lab_user lab_users[LAB_N_USERS];

/* Writes the built-in users for domain, hashed, to DIR/users.txt; its path, or NULL. */
char	*lab_write_users(const char *dir, const char *domain, char **cause);

#endif
