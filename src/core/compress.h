/* SPDX-License-Identifier: MIT */
/*
 * compress.h: a reply's body in a content coding, with zlib.
 *
 * Pure computation (memory in, memory out), so it lives in the core: the
 * snapshot codes its prepared replies once per configuration, respond()
 * codes the replies it builds per request.
 */
#ifndef LD_COMPRESS_H
#define LD_COMPRESS_H

#include <stddef.h>

#include "encoding.h"
#include "reply.h"

/* zlib levels: the prepared replies are coded once, the per-request ones on the hot path. */
#define COMPRESS_PREPARED 9
#define COMPRESS_PER_REQUEST 1

/*
 * The len bytes at body in coding c (not identity) at level: a heap buffer
 * (free()) and its length in *out_len, or NULL when out of memory.
 */
char	*compress_body(const char *body, size_t len, enum content_coding c, int level,
	     size_t *out_len);

/*
 * Codes r's body in c: the reply then owns the coded body (a body it owned
 * is freed), says so in Content-Encoding and in r->coding. An empty body
 * and identity stay as they are. Returns 0, or -1 when out of memory (r is
 * then unchanged: still a correct, uncoded reply).
 */
int	 compress_reply(struct reply *r, enum content_coding c, int level);

#endif
