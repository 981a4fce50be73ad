/* SPDX-License-Identifier: MIT */
/*
 * generation.c: a snapshot with its prepared libmicrohttpd responses (one
 * per prepared reply and content coding), reference-counted.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "generation.h"
#include "util.h"

int
generation_add_headers(struct MHD_Response *resp, const struct reply *r)
{
	size_t i;

	if (r->content_type != NULL &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type) != MHD_YES)
		return -1;
	for (i = 0; i < r->n_headers; i++) {
		if (MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value) != MHD_YES)
			return -1;
	}
	return 0;
}

struct MHD_Response *
generation_response(const struct reply *r, bool persistent)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(r->body_len, (void *)(uintptr_t)r->body,
	    persistent ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
	if (resp != NULL && generation_add_headers(resp, r) != 0) {
		MHD_destroy_response(resp);
		resp = NULL;
	}
	return resp;
}

struct MHD_Response *
generation_response_taking(struct reply *r)
{
	struct MHD_Response *resp;
	size_t i;

	for (i = 0; i < REPLY_MAX_OWNED; i++) {
		if (r->owned[i] != NULL && r->owned[i] == r->body && r->body_len > 0)
			break;
	}
	if (i == REPLY_MAX_OWNED)
		return generation_response(r, false);
	resp = MHD_create_response_from_buffer(r->body_len, r->owned[i], MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return NULL;
	r->owned[i] = NULL;	/* libmicrohttpd frees it (free()) with the response */
	if (generation_add_headers(resp, r) != 0) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}

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

	if (g == NULL || (g->responses = calloc(n * CODING_COUNT, sizeof *g->responses)) == NULL) {
		free(g);
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	atomic_init(&g->refs, 1);
	g->snapshot = snap;
	for (c = 0; c < CODING_COUNT; c++) {
		for (i = 0; i < n; i++) {
			const struct reply *r = snapshot_prepared(snap, i, (enum content_coding)c);

			/* An empty body is never coded: its identity response serves. */
			if ((int)r->coding != c)
				continue;
			g->responses[(size_t)c * n + i] = generation_response(r, true);
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
