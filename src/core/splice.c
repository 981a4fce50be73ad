/* SPDX-License-Identifier: MIT */
/*
 * splice.c: documents with holes, and the escaping the holes need.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "splice.h"
#include "util.h"

int
splice_cut(struct splice *sp, char *rendered, size_t len, const char *plain)
{
	const size_t mlen = sizeof SPLICE_MARKER - 1;
	const char *at, *p;
	size_t n = 0;

	memset(sp, 0, sizeof *sp);
	if (rendered == NULL || (plain != NULL && strstr(plain, SPLICE_MARKER) != NULL)) {
		free(rendered);
		return -1;
	}
	for (p = rendered; (at = strstr(p, SPLICE_MARKER)) != NULL; p = at + mlen) {
		if (n == SPLICE_MAX_HOLES) {
			free(rendered);
			return -1;
		}
		sp->seg_off[n] = (size_t)(p - rendered);
		sp->seg_len[n++] = (size_t)(at - p);
	}
	sp->seg_off[n] = (size_t)(p - rendered);
	sp->seg_len[n] = len - (size_t)(p - rendered);
	if (n == 0) {
		free(rendered);
		return -1;
	}
	sp->text = rendered;
	sp->n_holes = n;
	return 0;
}

void
splice_free(struct splice *sp)
{
	free(sp->text);
	memset(sp, 0, sizeof *sp);
}

/* Appends the n bytes of s to out at *o; -1 when they do not fit (with the NUL). */
static int
put(char *out, size_t out_size, size_t *o, const char *s, size_t n)
{
	if (*o + n >= out_size)
		return -1;
	memcpy(out + *o, s, n);
	*o += n;
	return 0;
}

static const char *
xml_attr_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\t': return "&#9;";
	case '\n': return "&#10;";
	case '\r': return "&#13;";
	default: return NULL;
	}
}

long
splice_escape_xml_attr(const char *s, char *out, size_t out_size)
{
	size_t o = 0;
	const char *e;
	int rc = 0;

	for (; *s != '\0' && rc == 0; s++) {
		e = xml_attr_entity((unsigned char)*s);
		rc = e != NULL ? put(out, out_size, &o, e, strlen(e)) : put(out, out_size, &o, s, 1);
	}
	if (rc != 0 || o >= out_size)
		return -1;
	out[o] = '\0';
	return (long)o;
}

static const char *
json_short_escape(unsigned char c, bool slash)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '/': return slash ? "\\/" : NULL;
	default: return NULL;
	}
}

long
splice_escape_json(const char *s, bool slash, char *out, size_t out_size)
{
	static const char hex[] = "0123456789ABCDEF";
	char u[7] = "\\u00";
	size_t o = 0;
	const char *e;
	unsigned char c;
	int rc = 0;

	for (; (c = (unsigned char)*s) != '\0' && rc == 0; s++) {
		if ((e = json_short_escape(c, slash)) != NULL)
			rc = put(out, out_size, &o, e, strlen(e));
		else if (c < 0x20) {
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			rc = put(out, out_size, &o, u, 6);
		} else
			rc = put(out, out_size, &o, s, 1);
	}
	if (rc != 0 || o >= out_size)
		return -1;
	out[o] = '\0';
	return (long)o;
}

long
splice_escape(enum representation rep, const char *s, char *out, size_t out_size)
{
	switch (rep) {
	case REP_AUTODISCOVER_JSON:
		return splice_escape_json(s, true, out, out_size);
	case REP_UCWA_JSON:
		return splice_escape_json(s, false, out, out_size);
	case REP_AUTODISCOVER_XML:
	case REP_UCWA_XML:
	default:
		return splice_escape_xml_attr(s, out, out_size);
	}
}

char *
splice_fill(const struct splice *sp, enum representation rep, const char *sipuri, size_t *len)
{
	/* Percent-encoded as document.c's with_query() does, then escaped (at most 6 bytes a byte). */
	char enc[3 * SIPURI_MAX + 1], esc[6 * 3 * SIPURI_MAX + 1], *out, *w;
	long n;
	size_t i, total;

	if (sp->n_holes == 0 || query_encode(sipuri, enc, sizeof enc) != 0 ||
	    (n = splice_escape(rep, enc, esc, sizeof esc)) < 0)
		return NULL;
	total = sp->n_holes * (size_t)n;
	for (i = 0; i <= sp->n_holes; i++)
		total += sp->seg_len[i];
	if ((out = malloc(total + 1)) == NULL)
		return NULL;
	w = out;
	for (i = 0; i <= sp->n_holes; i++) {
		memcpy(w, sp->text + sp->seg_off[i], sp->seg_len[i]);
		w += sp->seg_len[i];
		if (i < sp->n_holes) {
			memcpy(w, esc, (size_t)n);
			w += n;
		}
	}
	*w = '\0';
	*len = total;
	return out;
}
