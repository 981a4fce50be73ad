/* SPDX-License-Identifier: MIT */
/*
 * response.c: the core's replies as libmicrohttpd responses (see response.h).
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "response.h"

int
response_add_headers(struct MHD_Response *resp, const struct reply *r)
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
response_new(const struct reply *r, bool persistent)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(r->body_len, (void *)(uintptr_t)r->body,
	    persistent ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
	if (resp != NULL && response_add_headers(resp, r) != 0) {
		MHD_destroy_response(resp);
		resp = NULL;
	}
	return resp;
}

struct MHD_Response *
response_taking(struct reply *r)
{
	struct MHD_Response *resp;
	size_t i;

	for (i = 0; i < REPLY_MAX_OWNED; i++) {
		if (r->owned[i] != NULL && r->owned[i] == r->body && r->body_len > 0)
			break;
	}
	if (i == REPLY_MAX_OWNED)
		return response_new(r, false);
	resp = MHD_create_response_from_buffer(r->body_len, r->owned[i], MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return NULL;
	r->owned[i] = NULL;	/* libmicrohttpd frees it (free()) with the response */
	if (response_add_headers(resp, r) != 0) {
		MHD_destroy_response(resp);
		return NULL;
	}
	return resp;
}
