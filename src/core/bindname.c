/* SPDX-License-Identifier: MIT */
/*
 * bindname.c: bind names from a template of attributes (see bindname.h).
 */
#include <config.h>

#include <assert.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bindname.h"
#include "util.h"

/* Is name (len bytes) an attribute description: a keystring or a numeric OID (RFC 4512 1.4)? */
static bool
attribute_name(const char *name, size_t len)
{
	size_t i;
	bool dot = true;	/* an OID may not start with '.', nor have two in a row */

	if (len == 0 || len > BINDNAME_ATTR_MAX)
		return false;
	if (isalpha((unsigned char)name[0])) {
		for (i = 1; i < len; i++)
			if (!isalnum((unsigned char)name[i]) && name[i] != '-')
				return false;
		return true;
	}
	for (i = 0; i < len; i++) {
		if (name[i] == '.' && !dot)
			dot = true;
		else if (isdigit((unsigned char)name[i]))
			dot = false;
		else
			return false;
	}
	return !dot;
}

/*
 * The next hole of tmpl at or after *p: its name (start, length) and *p past
 * it; 0 none left, 1 a hole, -1 a bad '%' (with *why). "%%" is skipped.
 */
static int
next_hole(const char **p, const char **name, size_t *len, const char **why)
{
	const char *s = *p, *end;

	while ((s = strchr(s, '%')) != NULL) {
		if (s[1] == '%') {
			s += 2;
			continue;
		}
		if (s[1] != '{' || (end = strchr(s + 2, '}')) == NULL) {
			*why = "'%' is followed by neither \"{attribute}\" nor '%'";
			return -1;
		}
		*name = s + 2;
		*len = (size_t)(end - *name);
		if (!attribute_name(*name, *len)) {
			*why = "\"%{...}\" holds no attribute name ([A-Za-z][A-Za-z0-9-]* or an OID)";
			return -1;
		}
		*p = end + 1;
		return 1;
	}
	return 0;
}

/* Is name (len bytes) among names[0..n)? */
static bool
known(char names[][BINDNAME_ATTR_MAX + 1], size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0)
			return true;
	return false;
}

/* The distinct holes of tmpl into names (up to BINDNAME_ATTRS_MAX + 1 of them); -1 with *why. */
static long
collect(const char *tmpl, char names[][BINDNAME_ATTR_MAX + 1], const char **why)
{
	const char *p = tmpl, *name;
	size_t len, n = 0;
	int rc;

	while ((rc = next_hole(&p, &name, &len, why)) == 1) {
		if (known(names, n, name, len))
			continue;
		if (n == BINDNAME_ATTRS_MAX) {
			*why = "more than 4 attributes";
			return -1;
		}
		memcpy(names[n], name, len);
		names[n++][len] = '\0';
	}
	return rc < 0 ? -1 : (long)n;
}

int
bindname_check(const char *tmpl, const char **why)
{
	char names[BINDNAME_ATTRS_MAX][BINDNAME_ATTR_MAX + 1];
	long n = collect(tmpl, names, why);

	if (n == 0) {
		*why = "no %{attribute}: every user would bind with the same name";
		return -1;
	}
	return n < 0 ? -1 : 0;
}

size_t
bindname_attributes(const char *tmpl, char names[][BINDNAME_ATTR_MAX + 1])
{
	const char *why;
	long n = collect(tmpl, names, &why);

	assert(n > 0);	/* checked at load */
	return n > 0 ? (size_t)n : 0;
}

char *
bindname_expand(const char *tmpl, bindname_value_fn *value, void *cls)
{
	char *out = xstrdup(""), name[BINDNAME_ATTR_MAX + 1];
	const char *p = tmpl, *hole, *v, *why;
	size_t len;

	while (out != NULL && *p != '\0') {
		if (p[0] == '%' && p[1] == '%') {
			out = xstrappendf(out, "%%");
			p += 2;
			continue;
		}
		if (p[0] != '%') {
			len = strcspn(p, "%");
			out = xstrappendf(out, "%.*s", (int)len, p);
			p += len;
			continue;
		}
		v = NULL;
		if (next_hole(&p, &hole, &len, &why) == 1) {
			memcpy(name, hole, len);
			name[len] = '\0';
			v = value(cls, name);
		} else
			assert(!"a template checked at load");
		if (v == NULL || *v == '\0') {	/* no such value: no name */
			free(out);
			return NULL;
		}
		out = xstrappendf(out, "%s", v);
	}
	return out;
}
