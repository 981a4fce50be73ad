/* SPDX-License-Identifier: MIT */
/*
 * reply_header.h: for the unit tests, the value of a reply's nth header
 * (from 0) named name, in any case, or NULL.
 */
#ifndef LD_REPLY_HEADER_H
#define LD_REPLY_HEADER_H

#include <stddef.h>
#include <strings.h>

#include "reply.h"

static inline const char *
reply_header(const struct reply *r, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < r->n_headers; i++) {
		if (strcasecmp(r->headers[i].name, name) == 0 && nth-- == 0)
			return r->headers[i].value;
	}
	return NULL;
}

#endif
