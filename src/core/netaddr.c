/* SPDX-License-Identifier: MIT */
/*
 * netaddr.c: addresses and CIDR prefixes.
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "netaddr.h"
#include "util.h"

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

static int
parse_plain(const char *s, size_t len, struct netaddr *a)
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
		return parse_plain(s + 1, (size_t)(close - s - 1), a);
	}
	colon = memchr(s, ':', len);
	/* One colon: IPv4 with a port; more: a bare IPv6 address. */
	if (colon != NULL && memchr(colon + 1, ':', len - (size_t)(colon + 1 - s)) == NULL)
		len = (size_t)(colon - s);
	return parse_plain(s, len, a);
}

void
netaddr_text(const struct netaddr *a, char out[NETADDR_TEXT])
{
	if (a->family == 0 || inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, out,
	    NETADDR_TEXT) == NULL)
		strcpy(out, "-");
}

int
cidr_parse(const char *s, size_t len, struct cidr *c)
{
	const char *slash = memchr(s, '/', len);
	unsigned long bits;
	char *end;

	if (parse_plain(s, slash != NULL ? (size_t)(slash - s) : len, &c->addr) != 0)
		return -1;
	c->bits = c->addr.family == 4 ? 32 : 128;
	if (slash == NULL)
		return 0;
	bits = strtoul(slash + 1, &end, 10);
	if (end == slash + 1 || end != s + len || bits > c->bits)
		return -1;
	c->bits = (unsigned)bits;
	return 0;
}

bool
cidr_contains(const struct cidr *c, const struct netaddr *a)
{
	unsigned full = c->bits / 8, rest = c->bits % 8;

	if (a->family != c->addr.family || memcmp(a->bytes, c->addr.bytes, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a->bytes[full] ^ c->addr.bytes[full]) & (0xff00 >> rest)) == 0;
}

struct cidr *
cidr_list_parse(const char *s, size_t *n, char **bad)
{
	static const char sep[] = " \t\n,";
	struct cidr *list = calloc(strlen(s) / 2 + 1, sizeof *list);
	size_t len;

	*n = 0;
	*bad = NULL;
	if (list == NULL)
		return NULL;
	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		if (cidr_parse(s, len, &list[*n]) != 0) {
			*bad = xstrndup(s, len);
			free(list);
			return NULL;
		}
		(*n)++;
		s += len;
	}
	return list;
}

bool
cidr_list_contains(const struct cidr *list, size_t n, const struct netaddr *a)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (cidr_contains(&list[i], a))
			return true;
	}
	return false;
}
