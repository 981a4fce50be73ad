/* SPDX-License-Identifier: MIT */
/*
 * fuzz_framing.c: fuzzing the framing rules (src/core/framing.c) that decide
 * whether a request's head may go on, against an oracle written apart from
 * them.
 *
 * Input: byte 0 picks the method (GET, HEAD, POST, PUT) and HTTP/1.0 or 1.1;
 * the rest is header fields, one a line ('\n'), "name:value" — values may
 * hold any byte, NUL included (their lengths are passed). A line without ':'
 * is fed as a line tail (what libmicrohttpd leaves between two fields).
 *
 * Invariants: the status is 0, 400, 411 or 501, with a reason exactly when
 * it is not 0; a control byte (other than HTAB) in a value, Content-Length
 * beside Transfer-Encoding, or any Transfer-Encoding (on GET or HEAD a 400,
 * chunked on a body a 411: no chunked body is taken), always refuse; a 411
 * or a 501 only for a Transfer-Encoding; nothing crashes (ASan/UBSan).
 *
 * Built as a libFuzzer target by ./configure --enable-fuzzing (clang):
 *   mkdir -p /tmp/fcorpus && tests/fuzz_framing -max_total_time=600 /tmp/fcorpus tests/fuzz-framing
 * Without libFuzzer, main() replays the files named on the command line.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "framing.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct oracle {
	bool	 control;	/* a control byte in some value */
	unsigned n_te, n_cl;
};

static bool
named(const char *name, size_t len, const char *want)
{
	return len == strlen(want) && strncasecmp(name, want, len) == 0;
}

static void
feed_line(struct framing_scan *fs, struct oracle *o, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	size_t i, name_len, value_len;
	const char *value;

	if (colon == NULL) {
		framing_line_tail(fs, line, len, false);
		return;
	}
	name_len = (size_t)(colon - line);
	value = colon + 1;
	value_len = len - name_len - 1;
	for (i = 0; i < value_len; i++) {
		unsigned char c = (unsigned char)value[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			o->control = true;
	}
	o->n_te += named(line, name_len, "Transfer-Encoding");
	o->n_cl += named(line, name_len, "Content-Length");
	framing_field(fs, line, name_len, value, value_len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "PUT" };
	struct framing_scan fs;
	struct oracle o = { 0 };
	const char *p, *end, *nl, *reason = NULL, *method;
	bool http10;
	unsigned status;

	if (size == 0)
		return 0;
	method = methods[data[0] % 4];
	http10 = (data[0] & 4) != 0;
	framing_begin(&fs);
	for (p = (const char *)data + 1, end = (const char *)data + size; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		feed_line(&fs, &o, p, (size_t)(nl - p));
	}
	status = framing_verdict(&fs, method, http10, &reason);
	if (status != 0 && status != 400 && status != 411 && status != 501)
		abort();
	if ((status != 0) != (reason != NULL))
		abort();	/* a refusal without a reason, or a reason without one */
	if (o.control && status == 0)
		abort();	/* RFC 9110 §5.5: a control byte in a field value */
	if (o.n_te > 0 && o.n_cl > 0 && status == 0)
		abort();	/* RFC 9112 §6.3: both, a smuggling attempt */
	if (o.n_te > 0 && strcmp(method, "POST") != 0 && strcmp(method, "PUT") != 0 && status == 0)
		abort();	/* a body on a request that has none */
	if (status == 501 && o.n_te == 0)
		abort();	/* 501 is for a coding we do not know, nothing else */
	if (status == 411 && o.n_te == 0)
		abort();	/* 411 is for a chunked body (no Content-Length), nothing else */
	if (o.n_te > 0 && status == 0)
		abort();	/* no Transfer-Encoding is taken: any chunked body is a 411 */
	if (status == 0 && framing_has_body(&fs) && o.n_te == 0 && o.n_cl == 0)
		abort();	/* a body announced by nothing */
	return 0;
}

#define FUZZ_NAME "fuzz_framing"
#define FUZZ_CLAIM "no crash"
#include "fuzz_replay.h"
