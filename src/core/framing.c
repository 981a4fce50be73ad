/* SPDX-License-Identifier: MIT */
/*
 * framing.c: the framing rules of framing.h.
 *
 * libmicrohttpd 0.9.75 reads a body it cannot frame (Transfer-Encoding: gzip)
 * until the client gives up, takes the first of differing Content-Length
 * fields, and passes control bytes in field values through. Each of those is a
 * request-smuggling or hang risk behind a proxy; here they are refused.
 */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "framing.h"
#include "util.h"

#define REASON_CONTROL "a header field value holds a control character (NUL, CR, LF, ...)"
#define REASON_OBS_FOLD "a header field folded onto the next line (obs-fold)"
#define REASON_CL_TE "both Content-Length and Transfer-Encoding: the body's length is ambiguous"
#define REASON_CL_NUMBER "a Content-Length that is not a number: the body's length is unknown"
#define REASON_CL_DIFFER "differing Content-Length values: the body's length is ambiguous"
#define REASON_TE_NOBODY "Transfer-Encoding on a GET or HEAD request, which carries no body"
#define REASON_TE_HTTP10 "Transfer-Encoding in an HTTP/1.0 request"
#define REASON_TE_CODING "only a single Transfer-Encoding: chunked is supported"
#define REASON_TE_LENGTH "a request body must come with Content-Length (chunked uploads are not taken)"
#define REASON_NAME_WS "whitespace between a header field name and its colon"
#define REASON_NAME_CHAR "a header field name holds a character a token may not"
#define REASON_METHOD "the method is not a token"
#define REASON_TARGET "the request target holds a space, a control character or NUL"

void
framing_begin(struct framing_scan *f)
{
	memset(f, 0, sizeof *f);
}

static bool
named(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && strncasecmp(name, want, len) == 0;
}

/* RFC 9110 §5.6.2: a field name is a token. */
static bool
tchar(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	    (ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL);
}

/*
 * RFC 9112 §5.1: no whitespace between a field name and its colon (a server
 * MUST refuse it with 400: proxies disagree on what it means); and the name
 * a token. libmicrohttpd 0.9.75 keeps such whitespace in the name.
 */
static const char *
bad_name(const char *name, size_t len)
{
	size_t i;

	if (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		return REASON_NAME_WS;
	for (i = 0; i < len; i++) {
		if (!tchar((unsigned char)name[i]))
			return REASON_NAME_CHAR;
	}
	return len == 0 ? REASON_NAME_CHAR : NULL;
}

/* RFC 9110 §5.5: field-vchar / SP / HTAB / obs-text; CTLs (and DEL) are refused. */
static bool
clean_value(const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return false;
	}
	return true;
}

/*
 * Every Content-Length must be a number (RFC 9112 §6.3: else the framing is
 * invalid, a 400 and the connection closed). libmicrohttpd refuses a
 * malformed first one itself but never reads a second: "3" then "3GET" took
 * a 3-byte body and read what followed as the next request (fuzz_wire). A
 * list of identical values ("3, 3", which RFC 9110 §8.6 lets a recipient
 * take or refuse) is refused, as libmicrohttpd refuses it in the first.
 */
static void
content_length(struct framing_scan *f, const char *v, size_t len)
{
	unsigned long long n = 0;
	size_t i;

	trim_ows(&v, &len);
	for (i = 0; i < len && v[i] >= '0' && v[i] <= '9' && n < 1000000000000000000ULL; i++)
		n = n * 10 + (unsigned)(v[i] - '0');
	if ((i < len || len == 0) && f->status == 0) {
		f->status = 400;
		f->reason = REASON_CL_NUMBER;
	}
	if (f->n_cl++ == 0)
		f->content_length = n;
	else if (n != f->content_length)
		f->cl_differ = true;
}

void
framing_field(struct framing_scan *f, const char *name, size_t name_len, const char *value,
    size_t value_len)
{
	const char *why;

	if (f->status == 0 && (why = bad_name(name, name_len)) != NULL) {
		f->status = 400;
		f->reason = why;
	}
	if (f->status == 0 && !clean_value(value, value_len)) {
		f->status = 400;
		f->reason = REASON_CONTROL;
	}
	if (named(name, name_len, "Content-Length"))
		content_length(f, value, value_len);
	else if (named(name, name_len, "Transfer-Encoding")) {
		trim_ows(&value, &value_len);
		f->te_chunked = f->n_te++ == 0 && value_len == 7 &&
		    strncasecmp(value, "chunked", 7) == 0;
	}
}

void
framing_line_tail(struct framing_scan *f, const char *tail, size_t len, bool last)
{
	size_t i = 0;

	while (i < len && tail[i] == '\0')
		i++;
	if (f->status != 0 || (i == len && len <= (last ? 4u : 2u)))
		return;
	if (i == len) {
		f->status = 400;
		f->reason = REASON_CONTROL;	/* NUL bytes where only line ends may be */
		return;
	}
	f->status = 400;
	f->reason = tail[i] == ' ' || tail[i] == '\t' ? REASON_OBS_FOLD : REASON_CONTROL;
}

static bool
bodiless(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

unsigned
framing_verdict(const struct framing_scan *f, const char *method, bool http10,
    const char **reason)
{
	if (f->status != 0) {
		*reason = f->reason;
		return f->status;
	}
	*reason = NULL;
	if (f->n_te > 0 && f->n_cl > 0)
		*reason = REASON_CL_TE;
	else if (f->cl_differ)
		*reason = REASON_CL_DIFFER;
	else if (f->n_te > 0 && bodiless(method))
		*reason = REASON_TE_NOBODY;
	else if (f->n_te > 0 && http10)
		*reason = REASON_TE_HTTP10;	/* RFC 9112 §6.1: faulty framing */
	else if (f->n_te > 0 && !f->te_chunked) {
		*reason = REASON_TE_CODING;
		return 501;	/* RFC 9112 §6.1: a coding we do not understand */
	} else if (f->n_te > 0) {
		/*
		 * RFC 9112 §6.3: a server may require Content-Length (411). No
		 * client of the protocol chunks its token request (a small form),
		 * and libmicrohttpd's chunk decoder is where a hostile body could
		 * hang a connection: it never runs.
		 */
		*reason = REASON_TE_LENGTH;
		return 411;
	}
	return *reason != NULL ? 400 : 0;
}

const char *
framing_request_line(const char *method, size_t method_len, const char *target,
    size_t target_len, size_t target_wire_len)
{
	size_t i;

	if (method_len == 0)
		return REASON_METHOD;
	for (i = 0; i < method_len; i++)
		if (!tchar((unsigned char)method[i]))
			return REASON_METHOD;
	if (target_wire_len != target_len)
		return REASON_TARGET;	/* a NUL cut the target short */
	for (i = 0; i < target_len; i++) {
		unsigned char ch = (unsigned char)target[i];

		/* Bytes past 0x7f are left to the core (target.c), which refuses them too. */
		if (ch <= 0x20 || ch == 0x7f)
			return REASON_TARGET;
	}
	return NULL;
}

bool
framing_has_body(const struct framing_scan *f)
{
	return f->n_te > 0 || f->content_length > 0;
}
