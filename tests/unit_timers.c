/* SPDX-License-Identifier: MIT */
/*
 * unit_timers.c: the delays' timer thread — jobs run in deadline order
 * whatever order they came in, not before their time, a full set refused at
 * once, and stopping runs every waiting job as cancelled (so that no
 * suspended connection is left behind).
 */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "timers.h"

struct log {
	pthread_mutex_t	 lock;
	char		 order[64];
	unsigned	 cancelled;
	double		 late_ms[8];	/* run time minus asked time */
};

struct job {
	struct log	*log;
	char		 name;
	unsigned	 ms;
	struct timespec	 added;
	int		 accepted;
};

static double
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 + (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

static void
run(void *arg, bool cancelled)
{
	struct job *j = arg;
	size_t n;

	pthread_mutex_lock(&j->log->lock);
	n = strlen(j->log->order);
	if (cancelled)
		j->log->cancelled++;
	else if (n < 8)
		j->log->late_ms[n] = ms_since(&j->added) - j->ms;
	j->log->order[n] = cancelled ? (char)(j->name - 'a' + 'A') : j->name;
	pthread_mutex_unlock(&j->log->lock);
}

static void
accepted(void *arg)
{
	((struct job *)arg)->accepted++;
}

int
main(void)
{
	struct log log = { .lock = PTHREAD_MUTEX_INITIALIZER };
	struct job jobs[] = { { .log = &log, .name = 'c', .ms = 90 },
	    { .log = &log, .name = 'a', .ms = 10 }, { .log = &log, .name = 'b', .ms = 50 },
	    { .log = &log, .name = 'd', .ms = 60000 }, { .log = &log, .name = 'e', .ms = 60000 } };
	struct timespec nap = { 0, 300 * 1000 * 1000 };
	char *cause = NULL;
	struct timers *t = timers_new(4, &cause);
	size_t i;

	CHECK(t != NULL, "timers: %s", cause != NULL ? cause : "");
	if (t == NULL)
		return check_done("unit_timers");
	for (i = 0; i < 4; i++) {
		clock_gettime(CLOCK_MONOTONIC, &jobs[i].added);
		CHECK(timers_add(t, jobs[i].ms, run, &jobs[i], accepted) == 0, "job %c added",
		    jobs[i].name);
	}
	CHECK(timers_add(t, 1, run, &jobs[4], accepted) == -1 && jobs[4].accepted == 0,
	    "a fifth job is refused at once (max 4), without its accepted callback");
	CHECK(jobs[0].accepted == 1 && jobs[1].accepted == 1, "accepted() ran once per job");
	nanosleep(&nap, NULL);
	CHECK_STR("in deadline order, the 60 s one still waiting", log.order, "abc");
	CHECK_UINT("one waits", timers_waiting(t), 1);
	for (i = 0; i < 3; i++)
		CHECK(log.late_ms[i] >= 0, "job %zu not early (%.1f ms)", i, log.late_ms[i]);
	printf("lateness: %.2f, %.2f, %.2f ms\n", log.late_ms[0], log.late_ms[1], log.late_ms[2]);
	timers_stop(t);
	CHECK_STR("stopping cancels the waiting job", log.order, "abcD");
	CHECK_UINT("one cancelled", log.cancelled, 1);
	return check_done("unit_timers");
}
