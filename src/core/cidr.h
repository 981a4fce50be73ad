/* SPDX-License-Identifier: MIT */
/*
 * cidr.h: CIDR prefixes, as data: trusted proxies and internal networks.
 */
#ifndef LD_CIDR_H
#define LD_CIDR_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"

struct cidr {
	struct netaddr	 addr;
	unsigned	 bits;
};

/* "10.0.0.0/8", "fd00::/8", or one address (a /32 or /128). 0, or -1. */
int	 cidr_parse(const char *s, size_t len, struct cidr *);
bool	 cidr_contains(const struct cidr *, const struct netaddr *);
/* Parses a space- or comma-separated list; *n gets the count. NULL with *bad = the bad item. */
struct cidr	*cidr_list_parse(const char *s, size_t *n, char **bad);
bool		 cidr_list_contains(const struct cidr *, size_t n, const struct netaddr *);

#endif
