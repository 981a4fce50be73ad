/* SPDX-License-Identifier: MIT */
/*
 * rig.c: the test rigs' tools (see rig.h).
 */
#include <config.h>

#include <stdlib.h>

#include <gnutls/crypto.h>

#include "faults.h"
#include "journal.h"
#include "prom.h"
#include "rig.h"
#include "util.h"

struct rig *
rig_new(const struct topology *t, char **cause)
{
	struct rig *r = calloc(1, sizeof *r);
	unsigned long long seed = 0;

	if (r == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	/* The rules' probabilities draw from a generator seeded here. */
	(void)gnutls_rnd(GNUTLS_RND_NONCE, &seed, sizeof seed);
	r->journal = journal_new(t->journal_size);	/* NULL: off, or out of memory */
	if (t->journal_size > 0 && r->journal == NULL) {
		*cause = xasprintf_s("out of memory for a journal of %u entries", t->journal_size);
		rig_free(r);
		return NULL;
	}
	if ((r->faults = faults_new(seed)) == NULL) {
		*cause = xstrdup("out of memory");
		rig_free(r);
		return NULL;
	}
	return r;
}

void
rig_metrics(void *cls, struct prom *p)
{
	const struct rig *r = cls;

	prom_counter(p, "lyncdiscover_journal_dropped_total", "Requests the journal left out: "
	    "their slot was being written by another thread at the same moment.",
	    journal_dropped(r->journal));
}

void
rig_free(struct rig *r)
{
	if (r == NULL)
		return;
	faults_free(r->faults);
	journal_free(r->journal);
	free(r);
}
