/* SPDX-License-Identifier: MIT */
/*
 * target.c: request-target parsing.
 *
 * Accepted forms: origin-form ("/path?query") and absolute-form
 * ("http://host/path?query", which RFC 9112 §3.2.2 obliges a server to accept;
 * its authority then stands for the Host header). Everything else, broken
 * percent-escapes, encoded NULs, control characters and fragments are a 400.
 * Query values are decoded per RFC 3986: '+' stays a '+'.
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "target.h"
#include "util.h"

/* Characters a request-target may carry at all (RFC 3986 plus '%'). */
static bool
target_char_ok(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return false;
	return c != '#' && c != '"' && c != '<' && c != '>' && c != '\\' &&
	    c != '^' && c != '`' && c != '{' && c != '|' && c != '}';
}

/* Strips "http://authority" or "https://authority" from an absolute-form target. */
static const char *
split_absolute(const char *raw, struct target *t, const char **reason)
{
	const char *p, *slash;

	if (strncasecmp(raw, "http://", 7) == 0)
		p = raw + 7;
	else if (strncasecmp(raw, "https://", 8) == 0)
		p = raw + 8;
	else {
		*reason = "request-target is neither origin-form nor http(s) absolute-form";
		return NULL;
	}
	slash = strchr(p, '/');
	if (slash == NULL)
		slash = p + strcspn(p, "?");
	if (slash == p || memchr(p, '@', (size_t)(slash - p)) != NULL) {
		*reason = "absolute-form target without a valid authority";
		return NULL;
	}
	t->authority = p;
	t->authority_len = (size_t)(slash - p);
	return slash;
}

static char *
decode_into(const char *s, size_t len, char **cursor)
{
	char *out = *cursor;

	if (percent_decode(s, len, out) != 0)
		return NULL;
	*cursor = out + strlen(out) + 1;
	return out;
}

/* Decodes one "name=value" pair and keeps it if the protocol reads that name. */
static int
take_param(struct target *t, const char *s, size_t len, char **cursor)
{
	const char *eq = memchr(s, '=', len);
	size_t nlen = eq != NULL ? (size_t)(eq - s) : len;
	const char *v = eq != NULL ? eq + 1 : s + len;
	char name[32];
	const char **slot = NULL;
	char *value;

	if (nlen >= sizeof name) {
		/* Not one of ours, but its escapes must still be valid. */
		char scratch[TARGET_MAX + 1];
		return percent_decode(s, len, scratch);
	}
	if (percent_decode(s, nlen, name) != 0)
		return -1;
	if (strcasecmp(name, "sipuri") == 0)
		slot = &t->sipuri;
	else if (strcasecmp(name, "originalDomain") == 0)
		slot = &t->original_domain;
	else if (strcasecmp(name, "Domain") == 0)
		slot = &t->domain;
	value = decode_into(v, (size_t)(s + len - v), cursor);
	if (value == NULL)
		return -1;
	if (slot != NULL && *slot == NULL)	/* the first occurrence wins */
		*slot = value;
	return 0;
}

static int
parse_query(struct target *t, const char *q, char **cursor)
{
	size_t len;

	while (*q != '\0') {
		len = strcspn(q, "&");
		if (len > 0 && take_param(t, q, len, cursor) != 0)
			return -1;
		q += len;
		if (*q == '&')
			q++;
	}
	return 0;
}

unsigned
target_parse(const char *raw, struct target *t, const char **reason)
{
	const char *p, *query;
	char *cursor = t->buf;
	size_t i, plen;

	memset(t, 0, offsetof(struct target, buf));
	if (raw == NULL || *raw == '\0') {
		*reason = "empty request-target";
		return 400;
	}
	if (strlen(raw) > TARGET_MAX) {
		*reason = "request-target too long";
		return 414;
	}
	for (i = 0; raw[i] != '\0'; i++) {
		if (!target_char_ok((unsigned char)raw[i])) {
			*reason = "request-target has a character that is not allowed";
			return 400;
		}
	}
	p = raw;
	if (*p != '/') {
		p = split_absolute(raw, t, reason);
		if (p == NULL)
			return 400;
	}
	query = strchr(p, '?');
	plen = query != NULL ? (size_t)(query - p) : strlen(p);
	if (plen == 0)
		t->path = "/";
	else if ((t->path = decode_into(p, plen, &cursor)) == NULL) {
		*reason = "broken percent-escape in the path";
		return 400;
	}
	if (query != NULL && parse_query(t, query + 1, &cursor) != 0) {
		*reason = "broken percent-escape in the query";
		return 400;
	}
	return 0;
}
