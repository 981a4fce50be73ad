/* SPDX-License-Identifier: MIT */
/*
 * faults.h: the fault rules in force (the admin API's /faults), kept by the
 * server, so that they outlive configuration reloads.
 *
 * The request path asks faults_pick() once per request: with no rule at all
 * that is one atomic load and no lock; with rules, a mutex guards the list,
 * the "times" counts and the draws for "probability" (rules are a test rig's
 * tool, and a rig's load is light). Rules are tried in the order they were
 * added; the first that matches and wins its draw fires.
 */
#ifndef LD_FAULTS_H
#define LD_FAULTS_H

#include <stdbool.h>

#include <jansson.h>

#include "fault_rule.h"

struct faults;

/* What fired for one request: the rule's id and a copy of its action (faults_fired_free()). */
struct fault_fired {
	unsigned long		 id;
	struct fault_action	 action;
};

/* seed: for the probability draws (any value; the daemon gives a random one). */
struct faults	*faults_new(unsigned long long seed);
void		 faults_free(struct faults *);
/* Takes r over; gives it the next id, which it returns. */
unsigned long	 faults_add(struct faults *, struct fault_rule *r);
/* 0, or -1 when no rule has this id. */
int		 faults_delete(struct faults *, unsigned long id);
void		 faults_clear(struct faults *);
/* {"faults": [rules in order]}; NULL if out of memory. */
json_t		*faults_json(struct faults *);
/*
 * The first rule that matches f and wins its draw fires: its "times" count
 * goes down (at 0 the rule is gone) and *out gets its action. False when
 * none fired (or when out of memory to copy the action).
 */
bool		 faults_pick(struct faults *, const struct fault_facts *f, struct fault_fired *out);
void		 faults_fired_free(struct fault_fired *);

#endif
