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

/* The slot of variant in coding c (a mix of both: variants of one domain differ in their low bits). */
static size_t
kept_slot(unsigned long variant, enum content_coding c)
{
	unsigned long long h = ((unsigned long long)variant * CODING_COUNT + (unsigned)c) *
	    0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (GENERATION_KEPT - 1);
}

const struct generation_kept *
generation_kept_find(const struct generation *g, unsigned long variant, enum content_coding c)
{
	const struct generation_kept *k;

	if (g->kept == NULL || variant == 0)
		return NULL;
	k = atomic_load_explicit(&g->kept[kept_slot(variant, c)], memory_order_acquire);
	return k != NULL && k->variant == variant && k->coding == c ? k : NULL;
}

bool
generation_kept(void *cls, unsigned long variant, enum content_coding c)
{
	return generation_kept_find(cls, variant, c) != NULL;
}

bool
generation_keep(struct generation *g, const struct reply *r, struct MHD_Response *resp)
{
	struct generation_kept *k, *none = NULL;

	if (g->kept == NULL || r->variant == 0 || (k = malloc(sizeof *k)) == NULL)
		return false;
	*k = (struct generation_kept){ .variant = r->variant, .coding = r->coding,
	    .body_len = r->body_len, .response = resp };
	if (atomic_compare_exchange_strong_explicit(&g->kept[kept_slot(r->variant, r->coding)],
	    &none, k, memory_order_acq_rel, memory_order_acquire))
		return true;
	free(k);
	return false;
}

/* Has the snapshot replies of variants (domains past their pool's prepared ones)? */
static bool
has_variants(const struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->topology->n_pools; i++) {
		if (s->topology->pools[i].n_domains > SNAPSHOT_PREPARED_DOMAINS)
			return true;
	}
	return false;
}

static void
generation_free(struct generation *g)
{
	struct generation_kept *k;
	size_t i;

	for (i = 0; g->kept != NULL && i < GENERATION_KEPT; i++) {
		if ((k = atomic_load(&g->kept[i])) == NULL)
			continue;
		MHD_destroy_response(k->response);
		free(k);
	}
	free(g->kept);

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
	if ((g->responses = calloc(n * CODING_COUNT, sizeof *g->responses)) == NULL ||
	    (has_variants(snap) && (g->kept = calloc(GENERATION_KEPT, sizeof *g->kept)) == NULL)) {
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
