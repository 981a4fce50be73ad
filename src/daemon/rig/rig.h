/* SPDX-License-Identifier: MIT */
/*
 * rig.h: the test rigs' tools — the request journal (journal.h) and the
 * fault rules in force (faults.h). They outlive reloads; the client
 * listeners record into the journal and ask the rules, the admin API reads
 * and changes both.
 */
#ifndef LD_RIG_H
#define LD_RIG_H

#include "topology.h"

struct prom;

struct rig {
	struct journal	*journal;	/* NULL: journal-size="0" */
	struct faults	*faults;
};

/* The journal as big as t says, no rules. NULL with *cause. */
struct rig	*rig_new(const struct topology *t, char **cause);
void		 rig_free(struct rig *);
/* For /metrics (a report_metrics_fn; cls: the rig): the journal's drops. */
void		 rig_metrics(void *cls, struct prom *);

#endif
