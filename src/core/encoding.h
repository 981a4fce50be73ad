/* SPDX-License-Identifier: MIT */
/*
 * encoding.h: content codings — which one a request's Accept-Encoding asks
 * for (RFC 9110 §12.5.3), and their names on the wire.
 */
#ifndef LD_ENCODING_H
#define LD_ENCODING_H

#include <stdbool.h>

/* The codings served; CODING_IDENTITY is the body as rendered. */
enum content_coding {
	CODING_IDENTITY,
	CODING_GZIP,
	CODING_DEFLATE,	/* the zlib format (RFC 1950), as RFC 9110 §8.4.1.2 says */
	CODING_COUNT
};

/*
 * The coding to answer with, for an Accept-Encoding value (joined if the
 * header was repeated; NULL: no header). Never fails: when the header
 * refuses every coding we have, identity included, *none_acceptable is set
 * (if not NULL) and identity is returned — the answer is sent uncoded rather
 * than refused with a 406 (see the comment in encoding.c).
 */
enum content_coding	 encoding_negotiate(const char *accept_encoding, bool *none_acceptable);
/* "identity", "gzip", "deflate": the Content-Encoding value. */
const char		*encoding_name(enum content_coding);

#endif
