/* SPDX-License-Identifier: MIT */
/*
 * unit_framing.c: the framing rules by table — each row a method, a version
 * and header fields (values may hold NUL: their lengths are explicit), and
 * the status (0: goes on) and the words its reason must contain.
 */
#include <config.h>

#include <string.h>

#include "check.h"
#include "framing.h"

#define MAX_FIELDS 4

struct field {
	const char	*name;
	const char	*value;
	size_t		 len;	/* 0: strlen(value) */
};

static const struct row {
	const char	*what;
	const char	*method;
	int		 http10;
	struct field	 fields[MAX_FIELDS];
	unsigned	 status;
	const char	*reason;	/* a part of it; NULL when status is 0 */
	int		 has_body;
} rows[] = {
	{ "a plain GET", "GET", 0, { { "Host", "a", 0 }, { "Accept", "*/*", 0 } }, 0, NULL, 0 },
	{ "HTAB and obs-text are fine", "GET", 0, { { "User-Agent", "a\tb\xc3\xa9", 0 } }, 0, NULL, 0 },
	{ "GET with Content-Length 0", "GET", 0, { { "Content-Length", "0", 0 } }, 0, NULL, 0 },
	{ "POST with Content-Length", "POST", 0, { { "Content-Length", "12", 0 } }, 0, NULL, 1 },
	{ "POST chunked: a body needs Content-Length", "POST", 0,
	    { { "Transfer-Encoding", "chunked", 0 } }, 411, "Content-Length", 1 },
	{ "POST Chunked, OWS around", "POST", 0, { { "transfer-encoding", " Chunked ", 0 } },
	    411, "Content-Length", 1 },
	{ "whitespace before the colon", "GET", 0, { { "Content-Length ", "0", 0 } }, 400,
	    "whitespace between a header field name", 0 },
	{ "a tab before the colon", "GET", 0, { { "Host\t", "a", 0 } }, 400,
	    "whitespace between a header field name", 0 },
	{ "a space inside a name", "GET", 0, { { "X Y", "a", 0 } }, 400, "token", 0 },
	{ "a slash in a name", "GET", 0, { { "X/Y", "a", 0 } }, 400, "token", 0 },
	{ "an empty name", "GET", 0, { { "", "a", 0 } }, 400, "token", 0 },
	{ "every token character", "GET", 0, { { "aZ09!#$%&'*+-.^_`|~", "a", 0 } }, 0, NULL, 0 },
	{ "equal Content-Length fields", "POST", 0,
	    { { "Content-Length", "5", 0 }, { "Content-Length", " 5", 0 } }, 0, NULL, 1 },
	{ "NUL in a value", "GET", 0, { { "X-A", "a\0b", 3 } }, 400, "control character", 0 },
	{ "CR in a value", "GET", 0, { { "X-A", "a\rb", 0 } }, 400, "control character", 0 },
	{ "LF in a value", "GET", 0, { { "X-A", "a\nb", 0 } }, 400, "control character", 0 },
	{ "ESC in a value", "GET", 0, { { "User-Agent", "a\x1b[1m", 0 } }, 400, "control character", 0 },
	{ "DEL in a value", "GET", 0, { { "X-A", "a\x7f", 0 } }, 400, "control character", 0 },
	{ "NUL in the Host value", "GET", 0, { { "Host", "a\0.evil", 6 } }, 400, "control character",
	    0 },
	{ "POST gzip", "POST", 0, { { "Transfer-Encoding", "gzip", 0 } }, 501, "single", 1 },
	{ "POST gzip, chunked", "POST", 0, { { "Transfer-Encoding", "gzip, chunked", 0 } }, 501,
	    "single", 1 },
	{ "POST chunked twice", "POST", 0,
	    { { "Transfer-Encoding", "chunked", 0 }, { "Transfer-Encoding", "chunked", 0 } }, 501,
	    "single", 1 },
	{ "POST chunked then gzip", "POST", 0,
	    { { "Transfer-Encoding", "chunked", 0 }, { "Transfer-Encoding", "gzip", 0 } }, 501,
	    "single", 1 },
	{ "PUT identity", "PUT", 0, { { "Transfer-Encoding", "identity", 0 } }, 501, "single", 1 },
	{ "GET chunked", "GET", 0, { { "Transfer-Encoding", "chunked", 0 } }, 400, "GET or HEAD", 1 },
	{ "HEAD gzip", "HEAD", 0, { { "Transfer-Encoding", "gzip", 0 } }, 400, "GET or HEAD", 1 },
	{ "HTTP/1.0 POST chunked", "POST", 1, { { "Transfer-Encoding", "chunked", 0 } }, 400,
	    "HTTP/1.0", 1 },
	{ "Content-Length and Transfer-Encoding", "POST", 0,
	    { { "Content-Length", "5", 0 }, { "Transfer-Encoding", "chunked", 0 } }, 400,
	    "both Content-Length and Transfer-Encoding", 1 },
	{ "Transfer-Encoding and Content-Length", "POST", 0,
	    { { "Transfer-Encoding", "chunked", 0 }, { "Content-Length", "0", 0 } }, 400,
	    "both Content-Length and Transfer-Encoding", 1 },
	{ "differing Content-Length", "POST", 0,
	    { { "Content-Length", "5", 0 }, { "Content-Length", "6", 0 } }, 400,
	    "differing Content-Length", 1 },
	{ "a second Content-Length not a number", "POST", 0,
	    { { "Content-Length", "3", 0 }, { "Content-Length", "3GET", 0 } }, 400,
	    "not a number", 1 },
	{ "a Content-Length list of equal values", "POST", 0,
	    { { "Content-Length", "3", 0 }, { "Content-Length", "3, 3", 0 } }, 400,
	    "not a number", 1 },
	{ "an empty Content-Length", "POST", 0,
	    { { "Content-Length", "3", 0 }, { "Content-Length", " ", 0 } }, 400,
	    "not a number", 1 },
	{ "differing Content-Length on GET", "GET", 0,
	    { { "Content-Length", "0", 0 }, { "Content-Length", "100", 0 } }, 400,
	    "differing Content-Length", 0 },
	{ "control character wins over framing", "POST", 0,
	    { { "Transfer-Encoding", "gzip", 0 }, { "X-A", "\x01", 0 } }, 400, "control character", 1 },
};

static void
run(const struct row *r)
{
	struct framing_scan f;
	const char *reason = "unset";
	unsigned status;
	size_t i;

	framing_begin(&f);
	for (i = 0; i < MAX_FIELDS && r->fields[i].name != NULL; i++) {
		const struct field *fd = &r->fields[i];

		framing_field(&f, fd->name, strlen(fd->name), fd->value,
		    fd->len != 0 ? fd->len : strlen(fd->value));
	}
	status = framing_verdict(&f, r->method, r->http10 != 0, &reason);
	CHECK_UINT(r->what, status, r->status);
	if (r->reason == NULL)
		CHECK(reason == NULL, "%s: no reason expected, got \"%s\"", r->what, reason);
	else
		CHECK(reason != NULL && strstr(reason, r->reason) != NULL && strchr(reason, '\n') ==
		    NULL, "%s: reason \"%s\" should say \"%s\" on one line", r->what,
		    reason != NULL ? reason : "(null)", r->reason);
	CHECK(framing_has_body(&f) == (r->has_body != 0), "%s: has a body: expected %d", r->what,
	    r->has_body);
}

/* What follows a value in libmicrohttpd's buffer: the line end (NULs), else a NUL inside. */
static void
test_line_tail(void)
{
	static const struct {
		const char	*what;
		const char	*tail;
		size_t		 len;
		bool		 last;	/* the end of the head */
		unsigned	 status;
		const char	*reason;
	} tails[] = {
		{ "nothing", "", 0, false, 0, NULL },
		{ "CRLF", "\0\0", 2, false, 0, NULL },
		{ "LF", "\0", 1, false, 0, NULL },
		{ "CRLF and the empty line", "\0\0\0\0", 4, true, 0, NULL },
		{ "CRLF and a bare LF", "\0\0\0", 3, true, 0, NULL },
		{ "a NUL, then more of the value", "\0b\0\0", 4, false, 400, "control character" },
		{ "two NULs, then more", "\0\0b", 3, false, 400, "control character" },
		{ "a folded line", "\0\0 more\0\0", 9, false, 400, "obs-fold" },
		{ "a folded line, HTAB", "\0\0\tmore\0\0", 9, false, 400, "obs-fold" },
		{ "a NUL ending a value (three NULs after a field)", "\0\0\0", 3, false, 400,
		    "control character" },
		{ "a line of NULs, taken for the empty line", "\0\0\0\0\0\0\0\0\0\0", 10, true, 400,
		    "control character" },
	};
	size_t i;

	for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		struct framing_scan f;
		const char *reason = NULL;

		framing_begin(&f);
		framing_line_tail(&f, tails[i].tail, tails[i].len, tails[i].last);
		CHECK_UINT(tails[i].what, framing_verdict(&f, "GET", false, &reason), tails[i].status);
		CHECK(tails[i].reason == NULL ? reason == NULL : reason != NULL &&
		    strstr(reason, tails[i].reason) != NULL, "%s: reason \"%s\"", tails[i].what,
		    reason != NULL ? reason : "(null)");
	}
}

/* The request line's method and target, as libmicrohttpd leaves them (framing_request_line). */
static void
test_request_line(void)
{
	static const struct {
		const char	*what, *method;
		size_t		 method_len;
		const char	*target;
		size_t		 target_len, wire_len;
		bool		 refused;
	} lines[] = {
		{ "GET /", "GET", 3, "/", 1, 1, false },
		{ "a method of every tchar", "!#$%&'*+-.^_`|~09AZaz", 21, "/", 1, 1, false },
		{ "an absolute-form target", "GET", 3, "http://a.example/x?y=1", 22, 22, false },
		{ "a NUL inside the method (G\\0ET)", "G\0ET", 4, "/", 1, 1, true },
		{ "a TLS record as the method", "\x16\x03\x01", 3, "/", 1, 1, true },
		{ "a tab in the method (GET\\t/)", "GET\t/x", 6, "HTTP/1.1", 8, 8, true },
		{ "an empty method", "", 0, "/", 1, 1, true },
		{ "a NUL inside the target (cut short)", "GET", 3, "/a", 2, 4, true },
		{ "a space inside the target", "GET", 3, "/a b", 4, 4, true },
		{ "a tab inside the target", "GET", 3, "/a\tb", 4, 4, true },
		{ "DEL inside the target", "GET", 3, "/a\x7f", 3, 3, true },
		{ "a CR inside the target", "GET", 3, "/a\r", 3, 3, true },
	};
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const char *why = framing_request_line(lines[i].method, lines[i].method_len,
		    lines[i].target, lines[i].target_len, lines[i].wire_len);

		CHECK((why != NULL) == lines[i].refused, "%s: %s", lines[i].what,
		    why != NULL ? why : "sound");
	}
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		run(&rows[i]);
	test_line_tail();
	test_request_line();
	return check_done("unit_framing");
}
