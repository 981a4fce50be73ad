/* SPDX-License-Identifier: MIT */
/*
 * dn.c: distinguished names in a canonical form, for comparison.
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dn.h"
#include "util.h"

/* Writes one character of a value, escaped when it would be read as syntax. */
static char *
put_value_char(char *o, unsigned char c)
{
	if (c == ',' || c == '+' || c == '=' || c == '\\' || c == ';' || c == '"') {
		*o++ = '\\';
		*o++ = (char)c;
		return o;
	}
	*o++ = (char)tolower(c);
	return o;
}

/*
 * One RDN component's type or value, from *p up to an unescaped stop
 * character; leading and trailing unescaped spaces dropped. Returns the
 * end of what was written, or NULL for a bad escape.
 */
static char *
component(const char **p, const char *stops, bool value, char *o, const char **why)
{
	const char *s = *p;
	char *last_kept = o;	/* o past the last character that is not an unescaped space */
	int hi, lo;

	while (*s == ' ')
		s++;
	for (; *s != '\0' && strchr(stops, *s) == NULL; s++) {
		if (*s == '\\') {
			if ((hi = hex_value((unsigned char)s[1])) >= 0 &&
			    (lo = hex_value((unsigned char)s[2])) >= 0) {
				o = put_value_char(o, (unsigned char)(hi * 16 + lo));
				s += 2;
			} else if (s[1] != '\0' && strchr(" ,+\"\\<>;=#", s[1]) != NULL) {
				o = put_value_char(o, (unsigned char)*++s);
			} else {
				*why = "a '\\' that escapes nothing";
				return NULL;
			}
			last_kept = o;
			continue;
		}
		if (value)
			o = put_value_char(o, (unsigned char)*s);
		else
			*o++ = (char)tolower((unsigned char)*s);
		if (*s != ' ')
			last_kept = o;
	}
	*p = s;
	return last_kept;
}

char *
dn_normalize(const char *dn, const char **why)
{
	const char *p = dn, *ignored;
	char *out, *o, *type_start;

	if (why == NULL)
		why = &ignored;
	*why = "out of memory";
	/* Each input byte becomes at most two (an escape), plus the NUL. */
	if ((out = malloc(2 * strlen(dn) + 1)) == NULL)
		return NULL;
	o = out;
	for (;;) {
		type_start = o;
		if ((o = component(&p, "=,+", false, o, why)) == NULL)
			break;
		if (o == type_start || *p != '=') {
			*why = o == type_start ? "an RDN without an attribute type" :
			    "an RDN without '='";
			o = NULL;
			break;
		}
		*o++ = *p++;
		if ((o = component(&p, ",+", true, o, why)) == NULL)
			break;
		if (*p == '\0') {
			*o = '\0';
			return out;
		}
		*o++ = *p++;	/* ',' or '+' */
	}
	free(out);
	return NULL;
}
