/* SPDX-License-Identifier: MIT */
/*
 * hostname.c: the syntax of host names (hostname.h).
 */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "hostname.h"

int
hostname_valid(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!(isalnum(c) || c == '-' || c == '_') || (label == 0 && c == '-'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

int
hostname_length(const char *host, size_t len)
{
	const char *colon;
	size_t i;

	if (len > 0 && host[0] == '[') {
		const char *close = memchr(host, ']', len);

		if (close == NULL)
			return -1;
		colon = close + 1;
		if (colon < host + len && *colon != ':')
			return -1;
	} else {
		colon = memchr(host, ':', len);
		if (colon == NULL)
			colon = host + len;
		if (!hostname_valid(host, (size_t)(colon - host)) &&
		    !(colon > host && colon[-1] == '.' &&
		      hostname_valid(host, (size_t)(colon - host) - 1)))
			return -1;
	}
	for (i = (size_t)(colon - host) + 1; colon < host + len && i < len; i++) {
		if (!isdigit((unsigned char)host[i]))
			return -1;
	}
	return (int)(colon - host);
}
