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

/* The default lab listeners (cert/key unset); returns how many (4). */
size_t	 lab_default_listeners(struct listener_conf out[4]);

/*
 * The lab configuration for domain with these listeners (TLS ones get
 * cert_file/key_file). Links use the port of the first TLS listener of each
 * access location (443 if there is none). Heap string, NULL if out of memory.
 */
char	*lab_config_xml(const char *domain, const struct listener_conf *, size_t n,
	     const char *cert_file, const char *key_file, const char *sign_in);

#endif
