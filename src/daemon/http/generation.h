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
