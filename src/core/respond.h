/* SPDX-License-Identifier: MIT */
/*
 * respond.h: the protocol core.
 *
 * respond() is a pure function of a snapshot and a request: no sockets, no
 * clock, no globals, no I/O. The HTTP layer, the unit tests and the fuzzer all
 * call it the same way.
 */
#ifndef LD_RESPOND_H
#define LD_RESPOND_H

#include "reply.h"
#include "request.h"
#include "snapshot.h"

/* Always fills out; the caller releases it with reply_release(). */
void	 respond(const struct snapshot *, const struct request *, struct reply *out);
/*
 * Puts out's body in the content coding the request's Accept-Encoding asks
 * for: a prepared reply becomes its coded variant (made once per load), one
 * built for the request is coded now (zlib's fastest level). respond() does
 * this itself; it is for answers made without respond() (the sign-in gate's
 * refusals). On failure (out of memory) out stays uncoded, which is correct.
 */
void	 respond_encode(const struct snapshot *, const struct request *, struct reply *out);

#endif
