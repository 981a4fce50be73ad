/* SPDX-License-Identifier: MIT */
/*
 * unit_throttle.c: the failed sign-in table (a scripted timeline per
 * address and user), the sign-in worker pool (a full queue, cancellation
 * at stop) and the dummy hash of unknown users.
 */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "netaddr.h"
#include "password.h"
#include "password_new.h"
#include "throttle.h"
#include "workers.h"

enum op { FAIL, SUCCEED, WAIT };

struct step {
	enum op		 op;
	const char	*addr;
	const char	*user;
	double		 t;
	unsigned	 wait;		/* WAIT: what throttle_check must say */
	const char	*why;
};

/* max-failures 3, window 10 s, max-block 40 s. */
static const struct step timeline[] = {
	{ FAIL, "192.0.2.1", "alice", 0, 0, "" },
	{ FAIL, "192.0.2.1", "alice", 1, 0, "" },
	{ WAIT, "192.0.2.1", "alice", 1, 0, "two failures: not yet" },
	{ FAIL, "192.0.2.1", "alice", 2, 0, "" },
	{ WAIT, "192.0.2.1", "alice", 2, 10, "three: the address is blocked for a window" },
	{ WAIT, "192.0.2.1", "bob", 2, 10, "the address block holds for any user" },
	{ WAIT, "192.0.2.2", "alice", 3, 0, "alice blocked, but a clean address gets through" },
	{ FAIL, "192.0.2.2", "alice", 3, 0, "" },
	{ WAIT, "192.0.2.2", "alice", 4, 8, "alice blocked to an address that failed" },
	{ WAIT, "192.0.2.2", "bob", 4, 0, "one failure of that address: bob goes ahead" },
	{ WAIT, "192.0.2.1", "bob", 11.5, 1, "rounded up: never 0 while blocked" },
	{ WAIT, "192.0.2.1", "bob", 12, 0, "the block is over" },
	{ FAIL, "192.0.2.1", "bob", 12, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 13, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 14, 0, "" },
	{ WAIT, "192.0.2.1", "carol", 14, 20, "the second block doubles" },
	{ FAIL, "192.0.2.1", "bob", 34, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 35, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 36, 0, "" },
	{ WAIT, "192.0.2.1", "carol", 36, 40, "the third doubles again" },
	{ FAIL, "192.0.2.1", "bob", 76, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 77, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 78, 0, "" },
	{ WAIT, "192.0.2.1", "carol", 78, 40, "the fourth is capped at max-block" },
	{ WAIT, "192.0.2.1", "bob", 79, 39, "bob's own block is a window, over; the address's is not" },
	{ FAIL, "192.0.2.1", "bob", 158, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 159, 0, "" },
	{ FAIL, "192.0.2.1", "bob", 160, 0, "" },
	{ WAIT, "192.0.2.1", "carol", 160, 10, "a quiet max-block forgives: a window again" },
	{ FAIL, "2001:db8::3", "dave", 200, 0, "" },
	{ FAIL, "2001:db8::3", "dave", 205, 0, "" },
	{ FAIL, "2001:db8::3", "dave", 211, 0, "" },
	{ WAIT, "2001:db8::3", "dave", 211, 0, "failures in different windows do not add up" },
	{ FAIL, "198.51.100.1", "erin", 300, 0, "" },
	{ FAIL, "198.51.100.2", "erin", 301, 0, "" },
	{ FAIL, "198.51.100.3", "erin", 302, 0, "" },
	{ WAIT, "198.51.100.3", "erin", 303, 9, "three addresses, one user: the user is blocked" },
	{ WAIT, "198.51.100.3", "frank", 303, 0, "one failure of that address: other users go ahead" },
	{ SUCCEED, "198.51.100.9", "erin", 304, 0, "" },
	{ WAIT, "198.51.100.3", "erin", 304, 0, "a success clears the user's record" },
};

static void
test_timeline(void)
{
	struct throttle_policy p = { 3, 10, 40 }, off = { 0, 10, 40 };
	struct throttle *th = throttle_new(64);
	struct netaddr a;
	size_t i;

	CHECK(th != NULL, "throttle_new");
	if (th == NULL)
		return;
	for (i = 0; i < sizeof timeline / sizeof timeline[0]; i++) {
		const struct step *s = &timeline[i];

		CHECK(netaddr_parse(s->addr, strlen(s->addr), &a) == 0, "%s parses", s->addr);
		if (s->op == FAIL)
			throttle_failed(th, &p, &a, s->user, s->t);
		else if (s->op == SUCCEED)
			throttle_succeeded(th, s->user);
		else
			CHECK(throttle_check(th, &p, &a, s->user, s->t) == s->wait,
			    "step %zu (%s at %.1f, %s): expected %u, got %u", i, s->user, s->t,
			    s->why, s->wait, throttle_check(th, &p, &a, s->user, s->t));
	}
	/* max-failures 0: nothing is counted, nothing refused. */
	netaddr_parse("192.0.2.1", 9, &a);
	throttle_failed(th, &off, &a, "bob", 160);
	CHECK_UINT("throttling off", throttle_check(th, &off, &a, "bob", 160), 0);
	throttle_free(th);
}

/* A table of 64 entries under 10,000 addresses: memory stays, blocked ones stay longest. */
static void
test_bounded(void)
{
	struct throttle_policy p = { 1, 10, 40 };
	struct throttle *th = throttle_new(64);
	struct netaddr a, first;
	unsigned char b[4] = { 10, 0, 0, 0 };
	unsigned i, blocked = 0;

	netaddr_set(&first, 4, b);
	throttle_failed(th, &p, &first, "u", 0);
	for (i = 1; i < 10000; i++) {
		b[2] = (unsigned char)(i >> 8);
		b[3] = (unsigned char)i;
		netaddr_set(&a, 4, b);
		throttle_failed(th, &p, &a, "u", 20);	/* the first's block is over */
	}
	for (i = 1; i < 10000; i++) {
		b[2] = (unsigned char)(i >> 8);
		b[3] = (unsigned char)i;
		netaddr_set(&a, 4, b);
		blocked += throttle_check(th, &p, &a, "v", 21) > 0;
	}
	CHECK(blocked > 0 && blocked <= 64, "a 64-entry table remembers at most 64 (%u)", blocked);
	CHECK_UINT("a forgotten address goes ahead", throttle_check(th, &p, &first, "v", 21), 0);
	throttle_free(th);
}

struct pool_test {
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	bool		 started, release;
	unsigned	 ran, cancelled, accepted;
};

static void
blocking_job(void *arg, bool cancelled)
{
	struct pool_test *pt = arg;

	pthread_mutex_lock(&pt->lock);
	if (cancelled)
		pt->cancelled++;
	else {
		pt->started = true;
		pthread_cond_broadcast(&pt->changed);
		while (!pt->release)
			pthread_cond_wait(&pt->changed, &pt->lock);
		pt->ran++;
	}
	pthread_cond_broadcast(&pt->changed);
	pthread_mutex_unlock(&pt->lock);
}

/* accepted(): runs under the pool's lock, before a worker can see the job. */
static void
count_accepted(void *arg)
{
	((struct pool_test *)arg)->accepted++;
}

static void *
stopper(void *arg)
{
	workers_stop(arg);
	return NULL;
}

static void
test_workers(void)
{
	struct pool_test pt = { .started = false };
	struct workers *w;
	pthread_t stop;
	char *cause = NULL;

	pthread_mutex_init(&pt.lock, NULL);
	pthread_cond_init(&pt.changed, NULL);
	w = workers_new(1, 2, &cause);
	CHECK(w != NULL, "workers_new: %s", cause != NULL ? cause : "");
	if (w == NULL)
		return;
	CHECK(workers_submit(w, blocking_job, &pt, NULL) == 0, "the first job runs");
	pthread_mutex_lock(&pt.lock);
	while (!pt.started)
		pthread_cond_wait(&pt.changed, &pt.lock);
	pthread_mutex_unlock(&pt.lock);
	CHECK(workers_submit(w, blocking_job, &pt, count_accepted) == 0, "the second waits");
	CHECK(workers_submit(w, blocking_job, &pt, count_accepted) == 0, "the third waits");
	CHECK_UINT("waiting", workers_waiting(w), 2);
	CHECK(workers_submit(w, blocking_job, &pt, count_accepted) == -1, "the fourth: full");
	pthread_mutex_lock(&pt.lock);
	CHECK_UINT("accepted() ran for the accepted jobs only", pt.accepted, 2);
	pthread_mutex_unlock(&pt.lock);
	/* Stopping cancels the waiting jobs at once, then waits for the running one. */
	pthread_create(&stop, NULL, stopper, w);
	pthread_mutex_lock(&pt.lock);
	while (pt.cancelled < 2)
		pthread_cond_wait(&pt.changed, &pt.lock);
	CHECK_UINT("nothing ran to its end before the release", pt.ran, 0);
	pt.release = true;
	pthread_cond_broadcast(&pt.changed);
	pthread_mutex_unlock(&pt.lock);
	pthread_join(stop, NULL);
	CHECK_UINT("the running job finished", pt.ran, 1);
	CHECK_UINT("the waiting jobs were cancelled", pt.cancelled, 2);
	pthread_cond_destroy(&pt.changed);
	pthread_mutex_destroy(&pt.lock);
}

static void
test_dummy_hash(void)
{
	char *d1 = password_new_dummy(1000), *d2 = password_new_dummy(1000), *real;

	CHECK(d1 != NULL && d2 != NULL, "password_dummy");
	if (d1 == NULL || d2 == NULL)
		return;
	CHECK(password_hash_valid(d1), "a dummy hash is a well-formed hash: %s", d1);
	CHECK_UINT("with the iteration count asked", password_iterations(d1), 1000);
	CHECK(strcmp(d1, d2) != 0, "two dummies differ (random salt and hash)");
	CHECK(!password_verify(d1, "") && !password_verify(d1, "password"), "nothing matches");
	CHECK(password_new_dummy(0) == NULL, "0 iterations: no dummy");
	real = password_new_hash("pw", 2000);
	CHECK_UINT("a real hash's iterations", password_iterations(real), 2000);
	CHECK_UINT("a malformed hash's iterations", password_iterations("pbkdf2-sha256$x"), 0);
	free(real);
	free(d1);
	free(d2);
}

int
main(void)
{
	test_timeline();
	test_bounded();
	test_workers();
	test_dummy_hash();
	return check_done("unit_throttle");
}
