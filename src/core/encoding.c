/* SPDX-License-Identifier: MIT */
/*
 * encoding.c: Accept-Encoding negotiation (RFC 9110 §12.5.3).
 *
 * Rules:
 * - The header is a list of codings, each with an optional weight
 *   (";q=0.5"); names compare case-insensitively, whitespace around ',' ';'
 *   '=' is ignored, empty list elements are skipped, parameters other than q
 *   are ignored, an element with a malformed q is ignored (as in negotiate.c).
 *   "x-gzip" is gzip (§8.4.1.3). The first mention of a coding counts.
 * - "*" stands for every coding not named, identity included; q=0 refuses.
 * - identity is acceptable unless refused ("identity;q=0", or "*;q=0"
 *   without identity named). When the header does not name it, it ranks
 *   below every coding the client accepts: a client that lists gzip wants
 *   gzip, whatever its weight.
 * - The highest weight wins; on a tie gzip, then deflate, then identity.
 *   gzip first because it is unambiguous: "deflate" is the zlib format
 *   (RFC 1950; §8.4.1.2), which is what we send, but early IIS sent raw
 *   DEFLATE under that name and .NET's HttpClient before .NET 5 decodes
 *   only raw DEFLATE — such clients send "gzip, deflate" and get gzip.
 * - No header: identity (IIS codes only what was asked for). An empty
 *   header: identity (§12.5.3: no coding wanted).
 * - Nothing acceptable (e.g. "identity;q=0" alone, or "*;q=0"): identity,
 *   not an error. §12.5.3 lets the server answer uncoded, and §12.1 lets it
 *   prefer a response outside the client's preferences to a 406; 415 is about
 *   the request's own content (§15.5.16), not this. IIS and nginx answer
 *   uncoded too, and negotiate.c never answers 406 for Accept either.
 */
#include <config.h>

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "util.h"

#define NOT_LISTED (-1)
#define STAR CODING_COUNT	/* the index of "*" in struct wants */

/* The weight each coding was given, in thousandths, or NOT_LISTED. */
struct wants {
	int	 q[CODING_COUNT + 1];
};

static const char *const names[CODING_COUNT] = {
	[CODING_IDENTITY] = "identity",
	[CODING_GZIP] = "gzip",
	[CODING_DEFLATE] = "deflate",
};

static bool
name_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* The wants index of a coding name; -1 for a coding we do not serve. */
static int
coding_index(const char *s, size_t len)
{
	int c;

	if (name_is(s, len, "*"))
		return STAR;
	if (name_is(s, len, "x-gzip"))
		return CODING_GZIP;
	for (c = 0; c < CODING_COUNT; c++) {
		if (name_is(s, len, names[c]))
			return c;
	}
	return -1;
}

/* The weight of an element's parameters "; q=0.5; x=y" in [p, end); -1 if malformed. */
static int
element_weight(const char *p, const char *end)
{
	const char *semi, *eq, *key, *val;
	size_t key_len, val_len;
	int q = 1000;

	for (; p < end; p = semi) {
		semi = memchr(p + 1, ';', (size_t)(end - p - 1));
		if (semi == NULL)
			semi = end;
		eq = memchr(p + 1, '=', (size_t)(semi - p - 1));
		if (eq == NULL)
			continue;
		key = p + 1;
		key_len = (size_t)(eq - key);
		trim_ows(&key, &key_len);
		if (!name_is(key, key_len, "q"))
			continue;
		val = eq + 1;
		val_len = (size_t)(semi - val);
		trim_ows(&val, &val_len);
		if ((q = qvalue_parse(val, val_len)) < 0)
			return -1;
	}
	return q;
}

/* One list element "gzip;q=0.5" in [p, end). */
static void
consider(struct wants *w, const char *p, const char *end)
{
	const char *semi = memchr(p, ';', (size_t)(end - p));
	const char *name = p;
	size_t name_len;
	int c, q;

	if (semi == NULL)
		semi = end;
	name_len = (size_t)(semi - p);
	trim_ows(&name, &name_len);
	if (name_len == 0 || (c = coding_index(name, name_len)) < 0)
		return;
	if ((q = element_weight(semi, end)) < 0 || w->q[c] != NOT_LISTED)
		return;
	w->q[c] = q;
}

/* How much the client wants c, doubled so that an unnamed identity ranks 1 (just above 0). */
static int
score(const struct wants *w, enum content_coding c)
{
	int q = w->q[c] != NOT_LISTED ? w->q[c] : w->q[STAR];

	if (q != NOT_LISTED)
		return 2 * q;
	return c == CODING_IDENTITY ? 1 : 0;
}

enum content_coding
encoding_negotiate(const char *accept_encoding, bool *none_acceptable)
{
	static const enum content_coding preference[] = {
		CODING_GZIP, CODING_DEFLATE, CODING_IDENTITY
	};
	struct wants w;
	const char *p, *end;
	enum content_coding best = CODING_IDENTITY;
	int best_score = 0, s;
	size_t i;

	if (none_acceptable != NULL)
		*none_acceptable = false;
	if (accept_encoding == NULL)
		return CODING_IDENTITY;
	for (i = 0; i <= STAR; i++)
		w.q[i] = NOT_LISTED;
	for (p = accept_encoding; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		end = p + strcspn(p, ",");
		consider(&w, p, end);
	}
	for (i = 0; i < sizeof preference / sizeof preference[0]; i++) {
		if ((s = score(&w, preference[i])) > best_score) {
			best = preference[i];
			best_score = s;
		}
	}
	if (best_score == 0 && none_acceptable != NULL)
		*none_acceptable = true;
	return best;
}

const char *
encoding_name(enum content_coding c)
{
	return names[c];
}
