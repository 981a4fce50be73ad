/* SPDX-License-Identifier: MIT */
/*
 * ldapfilter.c: LDAP search filters from a template, RFC 4515 escaping.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ldapfilter.h"

int
ldapfilter_check(const char *tmpl, const char **why)
{
	size_t n = strlen(tmpl), holes = 0, i;
	long depth = 0;

	if (n < 2 || tmpl[0] != '(' || tmpl[n - 1] != ')') {
		*why = "a filter is written in parentheses: (attribute=sip:%s)";
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (tmpl[i] == '(')
			depth++;
		else if (tmpl[i] == ')' && --depth < 0)
			break;
		else if (tmpl[i] == '%') {
			if (tmpl[i + 1] == 's')
				holes++;
			else if (tmpl[i + 1] != '%') {
				*why = "'%' is followed by neither 's' (the SIP address) nor '%'";
				return -1;
			}
			i++;
		}
	}
	if (depth != 0) {
		*why = "the parentheses do not pair up";
		return -1;
	}
	if (holes == 0) {
		*why = "no %s: the filter must say where the SIP address goes";
		return -1;
	}
	return 0;
}

long
ldapfilter_escape(const char *value, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	const char *v;

	for (v = value; *v != '\0'; v++) {
		unsigned char c = (unsigned char)*v;
		int special = c == '*' || c == '(' || c == ')' || c == '\\';

		if (o + (special ? 3 : 1) >= size)
			return -1;
		if (!special) {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	if (o >= size)
		return -1;
	out[o] = '\0';
	return (long)o;
}

char *
ldapfilter_build(const char *tmpl, const char *value)
{
	size_t vlen = strlen(value), size, o = 0;
	char *out, *esc;
	long elen;
	const char *t;

	/* A C string has no NUL inside: only the four characters need escaping. */
	if ((esc = malloc(3 * vlen + 1)) == NULL)
		return NULL;
	elen = ldapfilter_escape(value, esc, 3 * vlen + 1);
	size = strlen(tmpl) * ((size_t)elen + 1) + 1;	/* every "%s" at most elen bytes */
	if (elen < 0 || (out = malloc(size)) == NULL) {
		free(esc);
		return NULL;
	}
	for (t = tmpl; *t != '\0'; t++) {
		if (t[0] == '%' && t[1] == 's') {
			memcpy(out + o, esc, (size_t)elen);
			o += (size_t)elen;
			t++;
		} else if (t[0] == '%' && t[1] == '%') {
			out[o++] = '%';
			t++;
		} else
			out[o++] = *t;
	}
	out[o] = '\0';
	free(esc);
	return out;
}
