/* SPDX-License-Identifier: MIT */
/*
 * response.h: the core's replies (reply.h) as libmicrohttpd responses:
 * status aside, a reply's Content-Type, headers and body.
 */
#ifndef LD_RESPONSE_H
#define LD_RESPONSE_H

#include <stdbool.h>

#include <microhttpd.h>

#include "reply.h"

/* A libmicrohttpd response for r; persistent ones point at the reply's bytes (a snapshot's). */
struct MHD_Response	*response_new(const struct reply *r, bool persistent);
/*
 * The response of a reply built for one request: its own heap body is handed
 * to libmicrohttpd without a copy (the reply no longer owns it; r->body must
 * not be used once the response is destroyed), any other body is copied.
 */
struct MHD_Response	*response_taking(struct reply *r);
/* Adds r's Content-Type and headers to resp. 0, or -1 when out of memory. */
int			 response_add_headers(struct MHD_Response *resp, const struct reply *r);

#endif
