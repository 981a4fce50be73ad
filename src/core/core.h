/* SPDX-License-Identifier: MIT */
/*
 * core.h: the protocol core's entry point, a request to its reply.
 *
 * core_respond() is a pure function of a snapshot and a request: no sockets,
 * no clock, no globals, no I/O. The HTTP layer, the unit tests and the fuzzer
 * all call it the same way.
 */
#ifndef LD_CORE_H
#define LD_CORE_H

#include "reply.h"
#include "request.h"
#include "snapshot.h"

/* Always fills out; the caller releases it with reply_release(). */
void	 core_respond(const struct snapshot *, const struct request *, struct reply *out);
/*
 * Puts out's body in the content coding the request's Accept-Encoding asks
 * for: a prepared reply becomes its coded variant (made once per load), one
 * built for the request is coded now (zlib's fastest level). core_respond()
 * does this itself; it is for answers made without core_respond() (the
 * sign-in gate's refusals). On failure (out of memory) out stays uncoded,
 * which is correct.
 */
void	 core_encode(const struct snapshot *, const struct request *, struct reply *out);

#endif
