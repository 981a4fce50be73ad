/* SPDX-License-Identifier: MIT */
/*
 * proxyproto.h: the PROXY protocol header (HAProxy's spec, versions 1 and 2)
 * as data: parsing only, no sockets — the acceptor reads, this decides.
 */
#ifndef LD_PROXYPROTO_H
#define LD_PROXYPROTO_H

#include <stddef.h>

#include "netaddr.h"

#define PROXY_V1 1u
#define PROXY_V2 2u
#define PROXY_V1_MAX 107	/* the longest v1 line, CRLF included */
#define PROXY_V2_MAX (16 + 536)	/* the header, TLVs included, we accept */

enum proxyproto_parse {
	PROXY_NEED_MORE,	/* *need more bytes are needed (at least) */
	PROXY_DONE,		/* the header is *need bytes long; src is the client */
	PROXY_BAD		/* not a PROXY header of an allowed version */
};

/*
 * Looks at the first len bytes of a connection (versions: PROXY_V1 and/or
 * PROXY_V2). On PROXY_DONE, src is the client (family 0 for "UNKNOWN" / LOCAL:
 * the proxy's own connection, e.g. a health check) and *need the header length.
 */
enum proxyproto_parse	 proxyproto_parse(const unsigned char *buf, size_t len, unsigned versions,
			     struct netaddr *src, size_t *need);

#endif
