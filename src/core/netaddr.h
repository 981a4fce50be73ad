/* SPDX-License-Identifier: MIT */
/*
 * netaddr.h: IPv4/IPv6 addresses, as data (no sockets); cidr.h has the
 * prefixes (trusted proxies, internal networks).
 */
#ifndef LD_NETADDR_H
#define LD_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

#define NETADDR_TEXT 46	/* INET6_ADDRSTRLEN */

struct netaddr {
	int		 family;	/* 0 (none), 4 or 6 */
	unsigned char	 bytes[16];	/* IPv4 in the first 4 */
};

/*
 * Parses an address: "192.0.2.1", "2001:db8::1", "[2001:db8::1]", and with a
 * port ("192.0.2.1:4711", "[2001:db8::1]:4711", as Forwarded writes them).
 * IPv4-mapped IPv6 addresses become IPv4. 0, or -1.
 */
int	 netaddr_parse(const char *s, size_t len, struct netaddr *);
/* An address alone, without brackets or port ("192.0.2.1", "2001:db8::1"). 0, or -1. */
int	 netaddr_parse_plain(const char *s, size_t len, struct netaddr *);
/* Sets a from raw bytes (4 or 16); IPv4-mapped IPv6 becomes IPv4. */
void	 netaddr_set(struct netaddr *, int family, const void *bytes);
void	 netaddr_text(const struct netaddr *, char out[NETADDR_TEXT]);

#endif
