/* SPDX-License-Identifier: MIT */
/*
 * workers.c: a fixed pool of threads taking jobs from a ring buffer, one
 * mutex and one condition variable.
 */
#include <config.h>

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

#include "util.h"
#include "workers.h"

struct job {
	workers_fn	 fn;
	void		*arg;
};

struct workers {
	pthread_mutex_t	 lock;
	pthread_cond_t	 wake;		/* a job came, or the pool stops */
	struct job	*ring;
	unsigned	 size, head, count;
	bool		 stopping;
	pthread_t	*threads;
	unsigned	 n_threads;
};

static void *
work(void *arg)
{
	struct workers *w = arg;
	struct job j;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->count == 0 && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->count == 0)
			break;	/* stopping, nothing left */
		j = w->ring[w->head];
		w->head = (w->head + 1) % w->size;
		w->count--;
		pthread_mutex_unlock(&w->lock);
		j.fn(j.arg, false);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct workers *
workers_new(unsigned n, unsigned queue_max, char **cause)
{
	struct workers *w = calloc(1, sizeof *w);

	assert(n >= 1 && queue_max >= 1);
	if (w == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if ((w->ring = calloc(queue_max, sizeof *w->ring)) == NULL ||
	    (w->threads = calloc(n, sizeof *w->threads)) == NULL) {
		*cause = xstrdup("out of memory");
		workers_stop(w);
		return NULL;
	}
	w->size = queue_max;
	for (; w->n_threads < n; w->n_threads++) {
		if (pthread_create(&w->threads[w->n_threads], NULL, work, w) != 0) {
			workers_stop(w);
			*cause = xstrdup("cannot start the sign-in worker threads");
			return NULL;
		}
	}
	return w;
}

int
workers_submit(struct workers *w, workers_fn fn, void *arg, void (*accepted)(void *arg))
{
	int rc = -1;

	pthread_mutex_lock(&w->lock);
	if (!w->stopping && w->count < w->size) {
		if (accepted != NULL)
			accepted(arg);
		w->ring[(w->head + w->count) % w->size] = (struct job){ fn, arg };
		w->count++;
		pthread_cond_signal(&w->wake);
		rc = 0;
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

unsigned
workers_waiting(struct workers *w)
{
	unsigned n;

	pthread_mutex_lock(&w->lock);
	n = w->count;
	pthread_mutex_unlock(&w->lock);
	return n;
}

void
workers_stop(struct workers *w)
{
	struct job j;
	unsigned i;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	/* The waiting jobs are cancelled here; the running ones finish on their threads. */
	while (w->count > 0) {
		j = w->ring[w->head];
		w->head = (w->head + 1) % w->size;
		w->count--;
		pthread_mutex_unlock(&w->lock);
		j.fn(j.arg, true);
		pthread_mutex_lock(&w->lock);
	}
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	for (i = 0; i < w->n_threads; i++)
		pthread_join(w->threads[i], NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w->threads);
	free(w->ring);
	free(w);
}
