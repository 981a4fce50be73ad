/* SPDX-License-Identifier: MIT */
/*
 * generation.h: what the daemon serves at one time — a snapshot and the
 * libmicrohttpd responses prepared from it — reference-counted, so that a
 * reload can put a new one in place while requests in flight finish on the
 * one they started with.
 */
#ifndef LD_GENERATION_H
#define LD_GENERATION_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <microhttpd.h>

#include "reply.h"
#include "snapshot.h"

/*
 * A response kept for a variant of reply (reply.h) in one coding: made by
 * the first request that needed it, sent to the next ones as a prepared
 * response is. At most GENERATION_KEPT a generation, set once each (never
 * replaced, so a request never finds one freed under it), freed with the
 * generation: memory stays bounded however many domains there are, and the
 * domains clients ask for most are answered at a prepared response's cost.
 */
#define GENERATION_KEPT 4096	/* slots; a power of two */

struct generation_kept {
	unsigned long		 variant;
	enum content_coding	 coding;
	size_t			 body_len;
	struct MHD_Response	*response;
};

struct generation {
	atomic_uint		  refs;
	unsigned long		  number;	/* 1 at start, one more for each reload */
	struct snapshot		 *snapshot;	/* owned */
	/* Per prepared reply of the snapshot and coding: [coding * n_prepared + index]. */
	struct MHD_Response	**responses;
	/* GENERATION_KEPT slots when the snapshot has variants (domain templates), else NULL. */
	_Atomic(struct generation_kept *) *kept;
};

/* Takes over snap (freed on failure too); one reference. NULL with *cause on failure. */
struct generation	*generation_new(struct snapshot *snap, char **cause);
void			 generation_hold(struct generation *);
/* Drops a reference; the last one frees the generation and its snapshot. */
void			 generation_release(struct generation *);
/* The response prepared for r (r->prepared >= 0) in r's coding. */
struct MHD_Response	*generation_prepared(const struct generation *, const struct reply *r);
/* The response kept for variant in coding c, or NULL. */
const struct generation_kept *generation_kept_find(const struct generation *,
			     unsigned long variant, enum content_coding c);
/* The same as a request's kept function (request.h; cls: the generation). */
bool			 generation_kept(void *cls, unsigned long variant, enum content_coding c);
/*
 * Keeps resp, made for r (a variant, in r's coding), if its slot is free:
 * true when kept (the generation holds the caller's reference now: do not
 * destroy it), false when the slot holds another (the caller keeps it).
 */
bool			 generation_keep(struct generation *, const struct reply *r,
			     struct MHD_Response *resp);

/*
 * The generation in service: each request holds it from its start to its
 * end, a reload swaps in the next. One a server.
 */
struct generation_slot {
	pthread_mutex_t		 lock;		/* guards current and number */
	struct generation	*current;
	unsigned long		 number;	/* current's: 1 at start, one more each reload */
};

/* g (its reference taken over; NULL: none yet, for a server that failed to start) is generation 1. */
void			 generation_slot_init(struct generation_slot *, struct generation *g);
/* Releases the current generation. */
void			 generation_slot_destroy(struct generation_slot *);
/* The generation that answers from now on, held for the caller. */
struct generation	*generation_slot_hold(struct generation_slot *);
/* g (its reference taken over) answers from now on; the old one, for the caller to release. */
struct generation	*generation_slot_swap(struct generation_slot *, struct generation *g);
/* The number of the generation in service. */
unsigned long		 generation_slot_number(struct generation_slot *);

#endif
