/* SPDX-License-Identifier: MIT */
/*
 * netaddr.c: IPv4 and IPv6 addresses (netaddr.h).
 */
#include <config.h>

#include <arpa/inet.h>
#include <string.h>

#include "netaddr.h"

void
netaddr_set(struct netaddr *a, int family, const void *bytes)
{
	static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };

	memset(a, 0, sizeof *a);
	a->family = family;
	memcpy(a->bytes, bytes, family == 4 ? 4 : 16);
	if (family == 6 && memcmp(a->bytes, mapped, sizeof mapped) == 0) {
		memmove(a->bytes, a->bytes + 12, 4);	/* ::ffff:a.b.c.d is IPv4 */
		memset(a->bytes + 4, 0, 12);
		a->family = 4;
	}
}

int
netaddr_parse_plain(const char *s, size_t len, struct netaddr *a)
{
	unsigned char bytes[16];
	char buf[NETADDR_TEXT];

	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, bytes) == 1)
		netaddr_set(a, 4, bytes);
	else if (inet_pton(AF_INET6, buf, bytes) == 1)
		netaddr_set(a, 6, bytes);
	else
		return -1;
	return 0;
}

int
netaddr_parse(const char *s, size_t len, struct netaddr *a)
{
	const char *close, *colon;

	if (s == NULL || len == 0)	/* e.g. a Forwarded element without for= */
		return -1;
	if (s[0] == '[') {
		close = memchr(s, ']', len);
		if (close == NULL)
			return -1;
		return netaddr_parse_plain(s + 1, (size_t)(close - s - 1), a);
	}
	colon = memchr(s, ':', len);
	/* One colon: IPv4 with a port; more: a bare IPv6 address. */
	if (colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon + 1 - s)) == NULL)
		len = (size_t)(colon - s);
	return netaddr_parse_plain(s, len, a);
}

void
netaddr_text(const struct netaddr *a, char out[NETADDR_TEXT])
{
	if (a->family == 0 || inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, out,
	    NETADDR_TEXT) == NULL)
		strcpy(out, "-");
}
