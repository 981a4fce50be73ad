/* SPDX-License-Identifier: MIT */
/*
 * cidr.c: CIDR prefixes and lists of them (cidr.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "util.h"

int
cidr_parse(const char *s, size_t len, struct cidr *c)
{
	const char *slash = memchr(s, '/', len);
	unsigned long bits;
	char *end;

	if (netaddr_parse_plain(s, slash != NULL ? (size_t)(slash - s) : len, &c->addr) != 0)
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
