/* SPDX-License-Identifier: MIT */
/*
 * snapshot.c: preparing the configuration-only replies.
 */
#include <config.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "compress.h"
#include "snapshot.h"
#include "util.h"

size_t
snapshot_root_index(const struct snapshot *s, size_t pool, int redirect,
    enum access_location loc, enum representation rep, size_t slot)
{
	const struct pool_prepared *pp = &s->pools[pool];

	return (redirect ? pp->redirect : pp->root) +
	    ((size_t)loc * REP_COUNT + (size_t)rep) * pp->n_slots + slot;
}

size_t
snapshot_domain_offset(enum access_location loc, enum representation rep, bool redirect)
{
	return ((size_t)loc * REP_COUNT + (size_t)rep) * 2 + (redirect ? 1 : 0);
}

size_t
snapshot_user_offset(enum access_location loc, enum representation rep, bool oauth)
{
	return ((size_t)loc * REP_COUNT + (size_t)rep) * 2 + (oauth ? 1 : 0);
}

/* Lays out the index ranges; returns the number of replies to prepare. */
static size_t
layout(struct snapshot *s)
{
	const struct topology *t = s->topology;
	size_t i, n = 0, per_doc;

	for (i = 0; i < t->n_pools; i++) {
		struct pool_prepared *pp = &s->pools[i];

		pp->n_slots = 1 + (t->pools[i].n_domains < SNAPSHOT_PREPARED_DOMAINS ?
		    t->pools[i].n_domains : SNAPSHOT_PREPARED_DOMAINS);
		per_doc = ACCESS_LOCATION_COUNT * REP_COUNT * pp->n_slots;
		pp->root = n;
		pp->redirect = n += per_doc;
		pp->domain = n += per_doc;
		pp->user_challenge = n += ACCESS_LOCATION_COUNT * REP_COUNT;
		pp->oauth_challenge = n += ACCESS_LOCATION_COUNT;
		pp->mex = n += ACCESS_LOCATION_COUNT;
		pp->user = n += ACCESS_LOCATION_COUNT;
		n += SNAPSHOT_USERS;
	}
	s->xframe = n++;
	return n;
}

static const char *
slot_domain(const struct topology *t, const struct pool *p, size_t slot)
{
	return slot == 0 ? NULL : t->domains[p->domains[slot - 1]].name;
}

/*
 * The User of pool i without a sipuri (prepared), and with the marker in
 * place of the sipuri cut into a template. A configuration whose names hold
 * the marker gets no template: its Users are built per request.
 */
static int
prepare_user(struct snapshot *s, size_t i, enum access_location loc, enum representation rep,
    bool oauth)
{
	const struct topology *t = s->topology;
	const struct pool *p = &t->pools[i];
	size_t k = snapshot_user_offset(loc, rep, oauth);
	struct reply *plain = &s->prepared[s->pools[i].user + k], marked;
	char *text = NULL;

	if (answers_user(plain, p, loc, rep, oauth, t->mobility_internal, NULL) != 0)
		return -1;
	if (answers_user(&marked, p, loc, rep, oauth, t->mobility_internal, SPLICE_MARKER) == 0)
		text = xstrndup(marked.body, marked.body_len);
	reply_release(&marked);
	if (text == NULL)
		return -1;
	(void)splice_cut(&s->user_splices[i * SNAPSHOT_USERS + k], text, strlen(text), plain->body);
	return 0;
}

/*
 * The Root (or Redirect) of pool i with the marker in place of the domain,
 * cut into a template; plain is the same document without a domain. A
 * configuration whose names hold the marker gets no template: those Roots
 * are built per request.
 */
static int
prepare_domain_template(struct snapshot *s, size_t i, enum access_location loc,
    enum representation rep, bool redirect)
{
	const struct pool *p = &s->topology->pools[i];
	const struct reply *plain = &s->prepared[snapshot_root_index(s, i, redirect, loc, rep, 0)];
	struct reply marked;
	char *text = NULL;
	int rc;

	rc = redirect ? answers_root_redirect(&marked, p, loc, rep, NULL, SPLICE_MARKER) :
	    answers_root(&marked, p, loc, rep, SPLICE_MARKER, NULL);
	if (rc == 0)
		text = xstrndup(marked.body, marked.body_len);
	reply_release(&marked);
	if (text == NULL)
		return -1;
	(void)splice_cut(&s->domain_splices[i * SNAPSHOT_DOMAIN_DOCS +
	    snapshot_domain_offset(loc, rep, redirect)], text, strlen(text), plain->body);
	return 0;
}

static int
prepare_pool(struct snapshot *s, size_t i)
{
	const struct topology *t = s->topology;
	const struct pool *p = &t->pools[i];
	const struct pool_prepared *pp = &s->pools[i];
	struct reply *r = s->prepared;
	int loc, rep, rc = 0;
	size_t slot;

	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
		for (rep = 0; rep < REP_COUNT; rep++) {
			for (slot = 0; slot < pp->n_slots; slot++) {
				const char *d = slot_domain(t, p, slot);

				rc |= answers_root(&r[snapshot_root_index(s, i, 0, loc, rep, slot)],
				    p, loc, rep, d, NULL);
				rc |= answers_root_redirect(&r[snapshot_root_index(s, i, 1, loc, rep, slot)],
				    p, loc, rep, NULL, d);
			}
			rc |= answers_domain(&r[pp->domain + (size_t)loc * REP_COUNT + (size_t)rep],
			    p, loc, rep);
		}
		rc |= answers_user_challenge(&r[pp->user_challenge + (size_t)loc], p, loc);
		rc |= answers_oauth_challenge(&r[pp->oauth_challenge + (size_t)loc], t, p, loc);
		rc |= answers_mex(&r[pp->mex + (size_t)loc], p, loc);
		for (rep = 0; rep < REP_COUNT; rep++)
			rc |= prepare_user(s, i, loc, rep, false) | prepare_user(s, i, loc, rep, true);
		for (rep = 0; rc == 0 && p->n_domains > SNAPSHOT_PREPARED_DOMAINS && rep < REP_COUNT;
		    rep++)
			rc |= prepare_domain_template(s, i, loc, rep, false) |
			    prepare_domain_template(s, i, loc, rep, true);
	}
	return rc;
}

const struct reply *
snapshot_prepared(const struct snapshot *s, size_t index, enum content_coding c)
{
	assert(index < s->n_prepared && c < CODING_COUNT);
	return c == CODING_IDENTITY ? &s->prepared[index] : &s->coded[c][index];
}

/* Every prepared reply in every coding, at zlib's best level: this runs once per load. */
static int
code_prepared(struct snapshot *s)
{
	size_t i;
	int c;

	for (c = CODING_IDENTITY + 1; c < CODING_COUNT; c++) {
		if ((s->coded[c] = calloc(s->n_prepared, sizeof *s->coded[c])) == NULL)
			return -1;
		for (i = 0; i < s->n_prepared; i++) {
			struct reply *v = &s->coded[c][i];

			*v = s->prepared[i];
			memset(v->owned, 0, sizeof v->owned);	/* the identity reply's strings stay its own */
			if (compress_reply(v, (enum content_coding)c, COMPRESS_PREPARED) != 0)
				return -1;
		}
	}
	return 0;
}

struct snapshot *
snapshot_build(struct topology *t, char **cause)
{
	struct snapshot *s = calloc(1, sizeof *s);
	size_t i;
	int rc = 0;

	if (s == NULL) {
		topology_free(t);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	s->topology = t;
	if ((s->pools = calloc(t->n_pools, sizeof *s->pools)) == NULL ||
	    (s->user_splices = calloc(t->n_pools * SNAPSHOT_USERS, sizeof *s->user_splices)) == NULL ||
	    (s->domain_splices = calloc(t->n_pools * SNAPSHOT_DOMAIN_DOCS,
	    sizeof *s->domain_splices)) == NULL) {
		snapshot_free(s);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	s->n_prepared = layout(s);
	s->prepared = calloc(s->n_prepared, sizeof *s->prepared);
	if (s->prepared == NULL) {
		s->n_prepared = 0;
		rc = -1;
	}
	for (i = 0; rc == 0 && i < t->n_pools; i++)
		rc |= prepare_pool(s, i);
	if (rc == 0)
		rc = answers_xframe(&s->prepared[s->xframe], &t->pools[t->default_pool]);
	for (i = 0; i < s->n_prepared; i++)
		s->prepared[i].prepared = (int)i;
	if (rc == 0)
		rc = code_prepared(s);
	if (rc != 0) {
		snapshot_free(s);
		*cause = xstrdup("out of memory while preparing replies");
		return NULL;
	}
	return s;
}

void
snapshot_free(struct snapshot *s)
{
	size_t i;
	int c;

	if (s == NULL)
		return;
	for (c = CODING_IDENTITY + 1; c < CODING_COUNT; c++) {
		for (i = 0; s->coded[c] != NULL && i < s->n_prepared; i++)
			reply_release(&s->coded[c][i]);
		free(s->coded[c]);
	}
	for (i = 0; i < s->n_prepared; i++)
		reply_release(&s->prepared[i]);
	free(s->prepared);
	for (i = 0; s->user_splices != NULL && i < s->topology->n_pools * SNAPSHOT_USERS; i++)
		splice_free(&s->user_splices[i]);
	free(s->user_splices);
	for (i = 0; s->domain_splices != NULL && i < s->topology->n_pools * SNAPSHOT_DOMAIN_DOCS;
	    i++)
		splice_free(&s->domain_splices[i]);
	free(s->domain_splices);
	free(s->pools);
	topology_free(s->topology);
	free(s);
}
