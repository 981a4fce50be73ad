/* SPDX-License-Identifier: MIT */
/*
 * reply.c: building and releasing replies.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "reply.h"

void
reply_init(struct reply *r, unsigned status, const char *reason)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->reason = reason;
	r->prepared = -1;
	r->representation = -1;
	r->body = "";
}

void
reply_set_user(struct reply *r, const char *user)
{
	size_t n = strlen(user);

	if (n >= sizeof r->user)
		n = sizeof r->user - 1;
	memcpy(r->user, user, n);
	r->user[n] = '\0';
}

/* Returns 0, or -1 when the fixed header table is full (a programming error). */
int
reply_add_header(struct reply *r, const char *name, const char *value)
{
	if (r->n_headers == REPLY_MAX_HEADERS)
		return -1;
	r->headers[r->n_headers].name = name;
	r->headers[r->n_headers].value = value;
	r->n_headers++;
	return 0;
}

/*
 * Hands a heap string to the reply, which frees it in reply_release(). Returns
 * the string, or NULL (after freeing it) when it was NULL or the table is full,
 * so that callers need only one check.
 */
char *
reply_own(struct reply *r, char *s)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < REPLY_MAX_OWNED; i++) {
		if (r->owned[i] == NULL) {
			r->owned[i] = s;
			return s;
		}
	}
	free(s);
	return NULL;
}

void
reply_release(struct reply *r)
{
	size_t i;

	for (i = 0; i < REPLY_MAX_OWNED; i++) {
		free(r->owned[i]);
		r->owned[i] = NULL;
	}
}
