/* SPDX-License-Identifier: MIT */
/*
 * generation.c: a snapshot with its prepared libmicrohttpd responses (one
 * per prepared reply and content coding), reference-counted.
 */
#include <config.h>

#include <stdlib.h>

#include "generation.h"
#include "response.h"
#include "util.h"

struct MHD_Response *
generation_prepared(const struct generation *g, const struct reply *r)
{
	return g->responses[(size_t)r->coding * g->snapshot->n_prepared + (size_t)r->prepared];
}

static void
generation_free(struct generation *g)
{
	size_t i;

	for (i = 0; g->responses != NULL && i < g->snapshot->n_prepared * CODING_COUNT; i++) {
		if (g->responses[i] != NULL)
			MHD_destroy_response(g->responses[i]);
	}
	free(g->responses);
	snapshot_free(g->snapshot);
	free(g);
}

struct generation *
generation_new(struct snapshot *snap, char **cause)
{
	struct generation *g = calloc(1, sizeof *g);
	size_t i, n = snap->n_prepared;
	int c;

	if (g == NULL) {
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	atomic_init(&g->refs, 1);
	g->snapshot = snap;
	if ((g->responses = calloc(n * CODING_COUNT, sizeof *g->responses)) == NULL) {
		generation_free(g);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	for (c = 0; c < CODING_COUNT; c++) {
		for (i = 0; i < n; i++) {
			const struct reply *r = snapshot_prepared(snap, i, (enum content_coding)c);

			/* An empty body is never coded: its identity response serves. */
			if ((int)r->coding != c)
				continue;
			g->responses[(size_t)c * n + i] = response_new(r, true);
			if (g->responses[(size_t)c * n + i] == NULL) {
				generation_free(g);
				*cause = xstrdup("out of memory while preparing responses");
				return NULL;
			}
		}
	}
	return g;
}

void
generation_hold(struct generation *g)
{
	atomic_fetch_add(&g->refs, 1);
}

void
generation_release(struct generation *g)
{
	if (g != NULL && atomic_fetch_sub(&g->refs, 1) == 1)
		generation_free(g);
}

void
generation_slot_init(struct generation_slot *slot, struct generation *g)
{
	pthread_mutex_init(&slot->lock, NULL);
	slot->current = g;
	slot->number = 1;
	if (g != NULL)
		g->number = 1;
}

void
generation_slot_destroy(struct generation_slot *slot)
{
	generation_release(slot->current);
	slot->current = NULL;
	pthread_mutex_destroy(&slot->lock);
}

struct generation *
generation_slot_hold(struct generation_slot *slot)
{
	struct generation *g;

	pthread_mutex_lock(&slot->lock);
	g = slot->current;
	generation_hold(g);
	pthread_mutex_unlock(&slot->lock);
	return g;
}

struct generation *
generation_slot_swap(struct generation_slot *slot, struct generation *g)
{
	struct generation *old;

	pthread_mutex_lock(&slot->lock);
	old = slot->current;
	g->number = ++slot->number;
	slot->current = g;
	pthread_mutex_unlock(&slot->lock);
	return old;
}

unsigned long
generation_slot_number(struct generation_slot *slot)
{
	unsigned long n;

	pthread_mutex_lock(&slot->lock);
	n = slot->number;
	pthread_mutex_unlock(&slot->lock);
	return n;
}
