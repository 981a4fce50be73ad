/* SPDX-License-Identifier: MIT */
/*
 * negotiate.c: Accept header parsing and representation choice (negotiate.h).
 *
 * Rules (doc/protocol.md §2.2):
 * - Media types compare case-insensitively; parameters other than q (such as
 *   the vendor types' "v=1") are ignored; whitespace around ',' ';' '=' is.
 * - For each representation, its q-value is that of the most specific range
 *   that matches one of its media types (exact, then type/any, then any/any).
 * - The representation with the highest q > 0 wins; ties go to the more
 *   specific match, then to the earlier range in the header, then to the
 *   configured default. So a lone any/any range, or nothing we know, gives the
 *   default, and a browser's "application/xml;q=0.9" gives UCWA XML.
 * - An element with a malformed q is ignored (RFC 9110 §12.4.2).
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "negotiate.h"
#include "util.h"

/* The media types that select each representation; the first is its own. */
static const struct {
	const char		*type;
	const char		*subtype;
	enum representation	 rep;
} media[] = {
	{ "application", "vnd.microsoft.rtc.autodiscover+xml", REP_AUTODISCOVER_XML },
	{ "application", "vnd.microsoft.rtc.autodiscover+json", REP_AUTODISCOVER_JSON },
	{ "application", "json", REP_UCWA_JSON },
	{ "application", "vnd.microsoft.com.ucwa+json", REP_UCWA_JSON },
	{ "application", "xml", REP_UCWA_XML },
	{ "application", "vnd.microsoft.com.ucwa+xml", REP_UCWA_XML },
	{ "text", "xml", REP_UCWA_XML },	/* [UNCONFIRMED]: treated like application/xml */
};

struct choice {
	int	 q;		/* thousandths; -1: not matched */
	int	 specificity;	/* 0 any/any, 1 type/any, 2 exact */
	int	 position;
};

struct range {
	const char	*type;
	size_t		 type_len;
	const char	*subtype;
	size_t		 subtype_len;
	int		 q;
};

static const char *
skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static size_t
trim_len(const char *s, const char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return (size_t)(end - s);
}

/* Parses one element "type/subtype;param=value;q=0.5"; -1 if it must be ignored. */
static int
parse_range(const char *p, const char *end, struct range *r)
{
	const char *slash, *semi, *param, *eq;

	p = skip_ows(p, end);
	semi = memchr(p, ';', (size_t)(end - p));
	if (semi == NULL)
		semi = end;
	slash = memchr(p, '/', (size_t)(semi - p));
	if (slash == NULL || slash == p)
		return -1;
	r->type = p;
	r->type_len = (size_t)(slash - p);
	r->subtype = slash + 1;
	r->subtype_len = trim_len(slash + 1, semi);
	if (r->subtype_len == 0)
		return -1;
	r->q = 1000;
	for (param = semi; param < end; param = semi) {
		param = skip_ows(param + 1, end);
		semi = memchr(param, ';', (size_t)(end - param));
		if (semi == NULL)
			semi = end;
		eq = memchr(param, '=', (size_t)(semi - param));
		if (eq == NULL || trim_len(param, eq) != 1 || tolower((unsigned char)*param) != 'q')
			continue;
		eq = skip_ows(eq + 1, semi);
		r->q = qvalue_parse(eq, trim_len(eq, semi));
		if (r->q < 0)
			return -1;
	}
	return 0;
}

static bool
token_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* How specifically the range matches media[i]: -1 not at all, else 0..2. */
static int
match(const struct range *r, size_t i)
{
	if (token_is(r->type, r->type_len, "*"))
		return token_is(r->subtype, r->subtype_len, "*") ? 0 : -1;
	if (!token_is(r->type, r->type_len, media[i].type))
		return -1;
	if (token_is(r->subtype, r->subtype_len, "*"))
		return 1;
	return token_is(r->subtype, r->subtype_len, media[i].subtype) ? 2 : -1;
}

static void
consider(struct choice *c, const struct range *r, int position)
{
	size_t i;
	int spec;

	for (i = 0; i < sizeof media / sizeof media[0]; i++) {
		struct choice *rc = &c[media[i].rep];

		spec = match(r, i);
		if (spec < 0 || spec < rc->specificity)
			continue;
		if (spec == rc->specificity && rc->q >= r->q)
			continue;
		rc->q = r->q;
		rc->specificity = spec;
		rc->position = position;
	}
}

static bool
better(const struct choice *a, const struct choice *b)
{
	if (a->q != b->q)
		return a->q > b->q;
	if (a->specificity != b->specificity)
		return a->specificity > b->specificity;
	return a->position < b->position;
}

enum representation
negotiate_accept(const char *accept, enum representation default_rep)
{
	struct choice c[REP_COUNT];
	struct range r;
	const char *p, *end;
	int position = 0, best = -1, i;

	/* What most clients send: every representation equally, so the default (the tie's winner). */
	if (accept == NULL || strcmp(accept, "*/*") == 0)
		return default_rep;
	for (i = 0; i < REP_COUNT; i++)
		c[i] = (struct choice){ .q = -1, .specificity = -1, .position = 0 };
	for (p = accept; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (parse_range(p, end, &r) == 0)
			consider(c, &r, position++);
	}
	/* The default goes first so that it wins every exact tie. */
	if (c[default_rep].q > 0)
		best = (int)default_rep;
	for (i = 0; i < REP_COUNT; i++) {
		if (c[i].q > 0 && (best < 0 || better(&c[i], &c[best])))
			best = i;
	}
	return best < 0 ? default_rep : (enum representation)best;
}
