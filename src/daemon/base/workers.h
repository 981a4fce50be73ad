/* SPDX-License-Identifier: MIT */
/*
 * workers.h: a small pool of threads with a bounded queue, for work too slow
 * for an I/O thread (password checks). Submitting never waits: a full queue
 * is refused at once, so the caller can answer 503.
 */
#ifndef LD_WORKERS_H
#define LD_WORKERS_H

#include <stdbool.h>

/* A job: run(arg, false) on a worker, or run(arg, true) when the pool stops before it ran. */
typedef void	(*workers_fn)(void *arg, bool cancelled);

struct workers;

/* n threads (>= 1), at most queue_max jobs waiting (>= 1). NULL with *cause on failure. */
struct workers	*workers_new(unsigned n, unsigned queue_max, char **cause);
/*
 * 0, or -1 when the queue is full (or the pool is stopping): fn is not called
 * then. When accepted, accepted(arg) (if not NULL) runs first, before any
 * worker can take the job (under the pool's lock: it must be short and must
 * not call back into the pool).
 */
int		 workers_submit(struct workers *, workers_fn fn, void *arg,
		     void (*accepted)(void *arg));
/* Jobs waiting for a worker now. */
unsigned	 workers_waiting(struct workers *);
/* Cancels the waiting jobs, waits for the running ones, joins the threads, frees. */
void		 workers_stop(struct workers *);

#endif
