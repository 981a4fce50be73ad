/* SPDX-License-Identifier: MIT */
/*
 * client.h: who the client is, and whether it is inside — believing
 * Forwarded (RFC 7239) and X-Forwarded-For/-Proto/-Host only from trusted
 * proxies, and deciding the access location of access="auto" listeners (by
 * the client's network) and access="by-name" ones (by the name it asked for).
 */
#ifndef LD_CLIENT_H
#define LD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"
#include "request.h"
#include "topology.h"

struct client {
	struct netaddr		 addr;		/* family 0 when unknown */
	bool			 tls;		/* the scheme the client used */
	const char		*host;		/* the host it asked for (not NUL-terminated), or NULL */
	size_t			 host_len;
	bool			 host_forwarded;	/* host is a trusted proxy's header's */
	enum access_location	 location;
	bool			 via_proxy;	/* proxy headers were believed */
};

/*
 * The effective client of rq. From a trusted peer (or through a PROXY
 * protocol header, which only trusted peers may send) the right-most hop that is
 * not a trusted proxy is the client (a hop that is not an address, such as
 * "unknown", is an unknown client), and the scheme and host of the proxy
 * headers replace the connection's; from anyone else the headers are ignored.
 */
void	 client_effective(const struct topology *, const struct request *, struct client *);

/*
 * The access location of a name on an access="by-name" listener: name is a
 * Host value or an SNI name (len bytes; a port and one trailing dot are
 * allowed, any case). lyncdiscoverinternal.* and the pools' internal web
 * FQDNs are Internal, lyncdiscover.* and the external web FQDNs External;
 * anything else (an address, no name, another name) is dflt.
 */
enum access_location client_location_by_name(const struct topology *, const char *name,
	     size_t len, enum access_location dflt);

#endif
