/* SPDX-License-Identifier: MIT */
/*
 * hostname.h: the syntax of host names: a DNS name, and the name in a Host
 * header value. Pure syntax, no look-ups.
 */
#ifndef LD_HOSTNAME_H
#define LD_HOSTNAME_H

#include <stddef.h>

/*
 * True if s[0..len) is a syntactically valid DNS name: labels of letters,
 * digits, '-' and '_' (no '-' at either end), at most 63 bytes each and 253 in all.
 */
int	 hostname_valid(const char *s, size_t len);
/*
 * Splits a Host value "name[:port]" / "[v6]:port" (a DNS name may end in
 * '.'); returns the length of the name, or -1 when malformed.
 */
int	 hostname_length(const char *host, size_t len);

#endif
