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

#endif
