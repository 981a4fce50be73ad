/* SPDX-License-Identifier: MIT */
/*
 * timers.c: one thread, a binary min-heap of deadlines (CLOCK_MONOTONIC), one
 * mutex and one condition variable waited on with a timeout.
 */
#include <config.h>

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "timers.h"
#include "util.h"

struct timer {
	unsigned long long	 due;	/* ns, CLOCK_MONOTONIC */
	unsigned long long	 seq;	/* equal deadlines run in the order they came */
	workers_fn		 fn;
	void			*arg;
};

struct timers {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;	/* an earlier deadline came, or the timers stop */
	struct timer		*heap;
	unsigned		 n, max;
	unsigned long long	 seq;
	bool			 stopping;
	pthread_t		 thread;
	bool			 running;	/* thread started (timers_stop joins it) */
};

static unsigned long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static bool
earlier(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void
swap(struct timer *a, struct timer *b)
{
	struct timer t = *a;

	*a = *b;
	*b = t;
}

static void
sift_up(struct timers *t, unsigned i)
{
	while (i > 0 && earlier(&t->heap[i], &t->heap[(i - 1) / 2])) {
		swap(&t->heap[i], &t->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

static void
sift_down(struct timers *t, unsigned i)
{
	unsigned least, l, r;

	for (;;) {
		least = i;
		l = 2 * i + 1;
		r = l + 1;
		if (l < t->n && earlier(&t->heap[l], &t->heap[least]))
			least = l;
		if (r < t->n && earlier(&t->heap[r], &t->heap[least]))
			least = r;
		if (least == i)
			return;
		swap(&t->heap[i], &t->heap[least]);
		i = least;
	}
}

static struct timer
pop(struct timers *t)
{
	struct timer top = t->heap[0];

	assert(t->n > 0);
	t->heap[0] = t->heap[--t->n];
	sift_down(t, 0);
	return top;
}

static void
wait_until(struct timers *t, unsigned long long due)
{
	struct timespec ts = { .tv_sec = (time_t)(due / 1000000000ULL),
	    .tv_nsec = (long)(due % 1000000000ULL) };

	pthread_cond_timedwait(&t->wake, &t->lock, &ts);
}

static void *
run(void *arg)
{
	struct timers *t = arg;
	struct timer due;

	pthread_mutex_lock(&t->lock);
	while (!t->stopping) {
		if (t->n == 0) {
			pthread_cond_wait(&t->wake, &t->lock);
			continue;
		}
		if (t->heap[0].due > now_ns()) {
			wait_until(t, t->heap[0].due);
			continue;
		}
		due = pop(t);
		pthread_mutex_unlock(&t->lock);
		due.fn(due.arg, false);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct timers *
timers_new(unsigned max, char **cause)
{
	struct timers *t = calloc(1, sizeof *t);
	pthread_condattr_t ca;

	assert(max >= 1);
	if (t == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	t->max = max;
	pthread_mutex_init(&t->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->wake, &ca);
	pthread_condattr_destroy(&ca);
	if ((t->heap = calloc(max, sizeof *t->heap)) == NULL) {
		*cause = xstrdup("out of memory");
		timers_stop(t);
		return NULL;
	}
	if (pthread_create(&t->thread, NULL, run, t) != 0) {
		*cause = xstrdup("cannot start the timer thread");
		timers_stop(t);
		return NULL;
	}
	t->running = true;
	return t;
}

int
timers_add(struct timers *t, unsigned ms, workers_fn fn, void *arg, void (*accepted)(void *arg))
{
	int rc = -1;

	pthread_mutex_lock(&t->lock);
	if (!t->stopping && t->n < t->max) {
		if (accepted != NULL)
			accepted(arg);
		t->heap[t->n] = (struct timer){ .due = now_ns() + (unsigned long long)ms * 1000000ULL,
		    .seq = t->seq++, .fn = fn, .arg = arg };
		sift_up(t, t->n++);
		if (t->heap[0].seq == t->seq - 1)
			pthread_cond_signal(&t->wake);	/* the new one is the earliest */
		rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

unsigned
timers_waiting(struct timers *t)
{
	unsigned n;

	pthread_mutex_lock(&t->lock);
	n = t->n;
	pthread_mutex_unlock(&t->lock);
	return n;
}

void
timers_stop(struct timers *t)
{
	struct timer due;

	if (t == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	t->stopping = true;
	pthread_cond_broadcast(&t->wake);
	pthread_mutex_unlock(&t->lock);
	if (t->running)
		pthread_join(t->thread, NULL);
	/* The thread is gone: the waiting jobs are cancelled here, in deadline order. */
	while (t->n > 0) {
		due = pop(t);
		due.fn(due.arg, true);
	}
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	free(t->heap);
	free(t);
}
