/* SPDX-License-Identifier: MIT */
/*
 * compress.c: coding a reply's body with zlib (gzip, and deflate in the
 * zlib format: see encoding.c for why that format).
 *
 * Bodies here are small (a few hundred bytes to a few KB), so the window and
 * the hash table are sized to the body: a 300-byte document is coded as well
 * with a 512-byte window as with 32 KB, and zlib's set-up (allocating and
 * clearing its tables) then costs a few hundred bytes instead of about
 * 260 KB per request. Decoders accept any window size.
 */
#include <config.h>

#include <limits.h>
#include <stdlib.h>

#include <zlib.h>

#include "compress.h"

/* The smallest window (2^9 to 2^15 bytes, zlib's range) that holds len bytes. */
static int
window_bits(size_t len)
{
	int bits = 9;

	while (bits < 15 && ((size_t)1 << bits) < len)
		bits++;
	return bits;
}

char *
compress_body(const char *body, size_t len, enum content_coding c, int level, size_t *out_len)
{
	z_stream z = { 0 };
	int bits = window_bits(len);
	/* zlib's hash table has 2^(memLevel + 7) entries: about one per window byte. */
	int mem_level = bits - 7;
	unsigned char *out;
	uLong bound;
	int rc;

	if (c == CODING_IDENTITY || len > UINT_MAX)
		return NULL;
	if (deflateInit2(&z, level, Z_DEFLATED, c == CODING_GZIP ? bits + 16 : bits, mem_level,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	bound = deflateBound(&z, (uLong)len);
	if ((out = malloc(bound)) == NULL) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (z_const Bytef *)body;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	/* deflateBound() leaves room for all of it: one call finishes the stream. */
	rc = deflate(&z, Z_FINISH);
	*out_len = (size_t)z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return (char *)out;
}

int
compress_reply(struct reply *r, enum content_coding c, int level)
{
	char *coded;
	size_t len = 0, i;

	if (c == CODING_IDENTITY || r->body_len == 0)
		return 0;
	if (r->n_headers == REPLY_MAX_HEADERS ||
	    (coded = compress_body(r->body, r->body_len, c, level, &len)) == NULL)
		return -1;
	for (i = 0; i < REPLY_MAX_OWNED; i++) {
		if (r->owned[i] != NULL && r->owned[i] == r->body) {
			free(r->owned[i]);
			r->owned[i] = coded;
			break;
		}
	}
	if (i == REPLY_MAX_OWNED && reply_own(r, coded) == NULL)
		return -1;
	r->body = coded;
	r->body_len = len;
	r->coding = c;
	return reply_add_header(r, "Content-Encoding", encoding_name(c));
}
