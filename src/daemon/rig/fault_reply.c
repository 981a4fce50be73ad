/* SPDX-License-Identifier: MIT */
/*
 * fault_reply.c: the answers of the status, malformed and redirect faults
 * (see fault_reply.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "fault_reply.h"
#include "hostname.h"
#include "representation.h"
#include "util.h"

/* What a reply records of its request, carried over to the reply that replaces it. */
static void
keep_facts(struct reply *to, const struct reply *from)
{
	to->resource = from->resource;
	to->client = from->client;
	to->client_tls = from->client_tls;
	to->host = from->host;
	to->host_len = from->host_len;
	to->location = from->location;
	to->representation = from->representation;
	memcpy(to->user, from->user, sizeof to->user);
}

/* The pool that answered: the one whose web services are the Host, else the default. */
static const struct pool *
answering_pool(const struct topology *t, const struct reply *r)
{
	int n = r->host != NULL ? hostname_length(r->host, r->host_len) : -1;
	const struct pool *p = n > 0 ? topology_find_pool_by_web(t, r->host, (size_t)n) : NULL;

	return p != NULL ? p : &t->pools[t->default_pool];
}

static int
status_reply(const struct fault_action *a, const struct topology *t, struct reply *n)
{
	char *type;

	answers_empty(n, a->status, "fault: status", answering_pool(t, n));
	if (a->body != NULL && reply_own(n, xstrdup(a->body)) == NULL)
		return -1;
	if (a->body != NULL) {
		n->body = n->owned[0];
		n->body_len = strlen(n->body);
	}
	if (a->content_type != NULL) {
		if ((type = reply_own(n, xstrdup(a->content_type))) == NULL)
			return -1;
		n->content_type = type;
	} else if (n->body_len > 0)
		n->content_type = "text/plain; charset=utf-8";
	return 0;
}

static int
redirect_reply(const struct fault_action *a, const struct topology *t, struct reply *n)
{
	const struct pool *p = answering_pool(t, n);
	enum representation rep = n->representation >= 0 ?
	    (enum representation)n->representation : t->default_representation;
	bool user = n->resource != NULL && strcmp(n->resource, "user") == 0;
	bool oauth = n->resource != NULL && strcmp(n->resource, "oauth") == 0;

	if (user || oauth)
		return answers_user_redirect(n, p, n->location, rep, oauth, a->redirect, NULL);
	return answers_root_elsewhere(n, p, n->location, rep, a->redirect, NULL, NULL);
}

/* A body that no parser of its representation accepts, for an answer that had none. */
static void
fragment(const struct topology *t, struct reply *r)
{
	enum representation rep = r->representation >= 0 ?
	    (enum representation)r->representation : t->default_representation;

	r->content_type = representation_content_type(rep);
	r->body = rep == REP_AUTODISCOVER_JSON || rep == REP_UCWA_JSON ? "{\"_links\":{" :
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?><AutodiscoverResponse";
	r->body_len = strlen(r->body);
}

/* The first half of the document: the HTTP exchange completes, the document is cut. */
static void
malformed(const struct topology *t, struct reply *r)
{
	r->prepared = -1;	/* the body is copied (or handed over) per request */
	r->variant = 0;		/* and is no longer a reply the HTTP layer may keep or has kept */
	r->kept = false;
	if (r->body_len < 2)
		fragment(t, r);
	else
		r->body_len /= 2;
}

int
fault_reply(const struct fault_action *a, const struct topology *t, struct reply *r)
{
	struct reply n;
	int rc;

	switch (a->kind) {
	case FAULT_MALFORMED:
		malformed(t, r);
		return 0;
	case FAULT_STATUS:
	case FAULT_REDIRECT:
		break;
	case FAULT_DELAY:
	case FAULT_RESET:
	case FAULT_TRUNCATE:
	default:
		return 0;
	}
	memset(&n, 0, sizeof n);
	keep_facts(&n, r);
	rc = a->kind == FAULT_STATUS ? status_reply(a, t, &n) : redirect_reply(a, t, &n);
	keep_facts(&n, r);	/* the builders start from reply_init() */
	reply_release(r);
	if (rc != 0) {
		reply_release(&n);
		answers_error(&n, 500, "out of memory", &t->pools[t->default_pool]);
		keep_facts(&n, r);
	}
	*r = n;
	return rc;
}
