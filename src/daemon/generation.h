/* SPDX-License-Identifier: MIT */
/*
 * generation.h: what the daemon serves at one time — a snapshot and the
 * libmicrohttpd responses prepared from it — reference-counted, so that a
 * reload can put a new one in place while requests in flight finish on the
 * one they started with.
 */
#ifndef LD_GENERATION_H
#define LD_GENERATION_H

#include <stdatomic.h>
#include <stdbool.h>

#include <microhttpd.h>

#include "reply.h"
#include "snapshot.h"

struct generation {
	atomic_uint		  refs;
	unsigned long		  number;	/* 1 at start, one more for each reload */
	struct snapshot		 *snapshot;	/* owned */
	/* Per prepared reply of the snapshot and coding: [coding * n_prepared + index]. */
	struct MHD_Response	**responses;
};

/* Takes over snap (freed on failure too); one reference. NULL with *cause on failure. */
struct generation	*generation_new(struct snapshot *snap, char **cause);
void			 generation_hold(struct generation *);
/* Drops a reference; the last one frees the generation and its snapshot. */
void			 generation_release(struct generation *);
/* The response prepared for r (r->prepared >= 0) in r's coding. */
struct MHD_Response	*generation_prepared(const struct generation *, const struct reply *r);
/* A libmicrohttpd response for r; persistent ones point at the snapshot's bytes. */
struct MHD_Response	*generation_response(const struct reply *r, bool persistent);
/*
 * The response of a reply built for one request: its own heap body is handed
 * to libmicrohttpd without a copy (the reply no longer owns it; r->body must
 * not be used once the response is destroyed), any other body is copied.
 */
struct MHD_Response	*generation_response_taking(struct reply *r);
/* Adds r's Content-Type and headers to resp. 0, or -1 when out of memory. */
int			 generation_add_headers(struct MHD_Response *resp, const struct reply *r);

#endif
