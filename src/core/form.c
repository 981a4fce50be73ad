/* SPDX-License-Identifier: MIT */
/*
 * form.c: application/x-www-form-urlencoded (the token request's body).
 */
#include <config.h>

#include <string.h>

#include "form.h"
#include "util.h"

/* Decodes one name or value ('+' → ' ', then %XX) to *cursor; returns it. */
static char *
decode(const char *s, size_t len, char **cursor)
{
	char *out = *cursor, *p;

	memcpy(out, s, len);
	out[len] = '\0';
	for (p = out; *p != '\0'; p++) {
		if (*p == '+')
			*p = ' ';
	}
	if (percent_decode(out, len, out) != 0)
		return NULL;
	*cursor = out + strlen(out) + 1;
	return out;
}

int
form_parse(const char *body, size_t len, struct token_form *f)
{
	const char *end = body + len, *amp, *eq;
	char *cursor = f->buf, *name, *value;

	memset(f, 0, sizeof *f - sizeof f->buf);
	if (len > FORM_MAX || memchr(body, '\0', len) != NULL)
		return -1;
	cursor = f->buf;
	while (body < end) {
		amp = memchr(body, '&', (size_t)(end - body));
		if (amp == NULL)
			amp = end;
		eq = memchr(body, '=', (size_t)(amp - body));
		if (eq == NULL)
			eq = amp;
		if ((name = decode(body, (size_t)(eq - body), &cursor)) == NULL ||
		    (value = decode(eq + (eq < amp), (size_t)(amp - eq - (eq < amp)), &cursor)) == NULL)
			return -1;
		if (strcmp(name, "grant_type") == 0)
			f->grant_type = value;
		else if (strcmp(name, "username") == 0)
			f->username = value;
		else if (strcmp(name, "password") == 0)
			f->password = value;
		body = amp + (amp < end);
	}
	return 0;
}
