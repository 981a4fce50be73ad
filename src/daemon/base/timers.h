/* SPDX-License-Identifier: MIT */
/*
 * timers.h: jobs run when their time comes, on one thread (the fault
 * delays: a suspended connection resumed after N ms). The same contract as
 * workers.h — a job is run(arg, false) when due, or run(arg, true) when the
 * timers stop first; adding never waits, and a full set is refused at once —
 * so that a connection suspended for a delay is resumed exactly once.
 */
#ifndef LD_TIMERS_H
#define LD_TIMERS_H

#include "workers.h"

struct timers;

/* At most max jobs waiting (>= 1). NULL with *cause on failure. */
struct timers	*timers_new(unsigned max, char **cause);
/*
 * fn(arg, false) in ms milliseconds. 0, or -1 when max jobs wait already (or
 * the timers are stopping): fn is not called then. When accepted,
 * accepted(arg) (if not NULL) runs first, before the job can run (under the
 * timers' lock: it must be short and must not call back into the timers).
 */
int		 timers_add(struct timers *, unsigned ms, workers_fn fn, void *arg,
		     void (*accepted)(void *arg));
/* Jobs waiting now. */
unsigned	 timers_waiting(struct timers *);
/* Runs every waiting job as cancelled, joins the thread, frees. */
void		 timers_stop(struct timers *);

#endif
