/* SPDX-License-Identifier: MIT */
/*
 * signin_gate.c: the password checks (the token endpoint, the Web Ticket
 * Service) on a worker pool, with the connection suspended meanwhile, and
 * the failed sign-in throttle.
 */
#include <config.h>

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "answers.h"
#include "basic.h"
#include "clock.h"
#include "form.h"
#include "ldapdir.h"
#include "report.h"
#include "respond.h"
#include "route.h"
#include "signin.h"
#include "signin_gate.h"
#include "throttle.h"
#include "util.h"
#include "workers.h"

/* Addresses (and as many user names) the throttle remembers: 2 x 4096 x 48 bytes. */
#define THROTTLE_ENTRIES 4096
/* What a 503 asks the client to wait: a queue drains in about a second or two. */
#define BUSY_RETRY_AFTER 2

struct signin_gate {
	struct workers		*workers;
	struct ldapdir		*dir;		/* the LDAP directory's connections and cache */
	struct throttle		*throttle;
	unsigned		 n_workers, queue_max;
	atomic_ulong		 busy;		/* 503s: the queue was full */
	atomic_ulong		 throttled;	/* 429s */
	atomic_ulong		 checked;	/* password checks run */
};

enum job_kind {
	JOB_PASSWORD,		/* a token request that checks a password */
	JOB_LOOKUP		/* a request that needs the LDAP directory's answer for a user */
};

struct signin_job {
	enum job_kind		 kind;
	struct signin_gate	*gate;
	struct MHD_Connection	*connection;
	const struct snapshot	*snapshot;	/* the request's generation holds it */
	struct request		 rq;		/* pointers into the connection and the exchange */
	struct signin_attempt	 attempt;
	char			 user[SIPURI_MAX + 1];	/* JOB_LOOKUP */
	struct ldapdir_answer	 answer;	/* what the LDAP directory said (rq.dir_answer) */
	struct reply		 reply;
	atomic_bool		 done;
};

static unsigned
default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	/* One core is left to the I/O threads. */
	return n > 2 && n < 256 ? (unsigned)n - 1 : 1;
}

/* The gate's families (a report_metrics_fn). */
static void
write_metrics(void *cls, struct prom *p)
{
	struct signin_gate *g = cls;

	prom_counter(p, "lyncdiscover_signin_busy_total",
	    "Sign-ins refused with 503: the worker queue was full.", atomic_load(&g->busy));
	prom_counter(p, "lyncdiscover_signin_throttled_total",
	    "Sign-ins refused with 429: too many failures.", atomic_load(&g->throttled));
	prom_counter(p, "lyncdiscover_signin_checks_total",
	    "Password checks run by the sign-in workers.", atomic_load(&g->checked));
	prom_gauge(p, "lyncdiscover_signin_queue_depth", "Sign-ins waiting for a worker.",
	    workers_waiting(g->workers));
	prom_gauge(p, "lyncdiscover_signin_workers",
	    "Sign-in worker threads; the queue holds at most sign-in-queue.", g->n_workers);
}

struct signin_gate *
signin_gate_new(const struct topology *t, struct report *report, char **cause)
{
	struct signin_gate *g = calloc(1, sizeof *g);

	if (g == NULL || (g->throttle = throttle_new(THROTTLE_ENTRIES)) == NULL) {
		*cause = xstrdup("out of memory");
		signin_gate_free(g);
		return NULL;
	}
	g->n_workers = t->sign_in_workers > 0 ? t->sign_in_workers : default_workers();
	g->queue_max = t->sign_in_queue > 0 ? t->sign_in_queue : TOPOLOGY_DEFAULT_SIGN_IN_QUEUE;
	atomic_init(&g->busy, 0);
	atomic_init(&g->throttled, 0);
	atomic_init(&g->checked, 0);
	if ((g->dir = ldapdir_new(t, cause)) == NULL ||
	    (g->workers = workers_new(g->n_workers, g->queue_max, cause)) == NULL) {
		signin_gate_free(g);
		return NULL;
	}
	if (report_add_metrics(report, write_metrics, g) != 0 ||
	    report_add_metrics(report, ldapdir_metrics, g->dir) != 0 ||
	    report_add_health(report, ldapdir_degraded, g->dir) != 0) {
		*cause = xstrdup("out of memory");
		signin_gate_free(g);
		return NULL;
	}
	return g;
}

void
signin_gate_free(struct signin_gate *g)
{
	if (g == NULL)
		return;
	workers_stop(g->workers);
	ldapdir_free(g->dir);
	throttle_free(g->throttle);
	free(g);
}

void
signin_gate_configure(struct signin_gate *g, const struct topology *t)
{
	if (g != NULL)
		ldapdir_configure(g->dir, t);
}

static struct throttle_policy
policy_of(const struct topology *t)
{
	return (struct throttle_policy){ t->sign_in.max_failures, t->sign_in.failure_window,
	    t->sign_in.max_block };
}

static const struct pool *
default_pool(const struct snapshot *s)
{
	return &s->topology->pools[s->topology->default_pool];
}

/* 429 or 503 with Retry-After, as the endpoint words its answers (JSON or a SOAP fault). */
static void
refuse(const struct snapshot *s, const struct signin_attempt *a, unsigned status,
    unsigned retry_after, struct reply *out)
{
	int rc = a->webticket ?
	    answers_webticket_retry(out, status, retry_after, default_pool(s)) :
	    answers_token_retry(out, status, retry_after, default_pool(s));

	if (rc != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", default_pool(s));
	}
	out->resource = route_resource_name(a->webticket ? RES_WEBTICKET : RES_TOKEN);
}

/* A request that needs the directory, answered without it: 503 with Retry-After. */
static void
answer_unavailable(struct signin_job *j, unsigned retry_after)
{
	memset(&j->answer, 0, sizeof j->answer);
	j->answer.a.status = DIR_UNAVAILABLE;
	j->answer.a.retry_after = retry_after;
	j->rq.dir_answer = &j->answer.a;
	respond(j->snapshot, &j->rq, &j->reply);
}

/*
 * With an LDAP directory the password is checked by a bind as the user (on
 * this worker), and respond() is told how it went. The copy of the password
 * is wiped after.
 */
static void
check_by_bind(struct signin_job *j)
{
	/* Either endpoint's password fits: a form's (FORM_MAX) or a Basic one's (basic.h). */
	char user[SIPURI_MAX + 1], password[FORM_MAX + 1];

	_Static_assert(BASIC_PASSWORD_MAX <= FORM_MAX, "a Basic password fits");

	if (signin_credentials(j->snapshot, &j->rq, user, password, sizeof password) == 0) {
		ldapdir_signin(j->gate->dir, j->snapshot->topology, user, password, &j->answer);
		j->rq.dir_answer = &j->answer.a;
	}
	gnutls_memset(password, 0, sizeof password);
}

/* On a worker: the password check, or a 503 when the pool stops first. */
static void
run(void *arg, bool cancelled)
{
	struct signin_job *j = arg;
	struct throttle_policy p = policy_of(j->snapshot->topology);
	struct MHD_Connection *c = j->connection;

	if (cancelled && j->kind == JOB_LOOKUP)
		answer_unavailable(j, BUSY_RETRY_AFTER);
	else if (cancelled) {
		refuse(j->snapshot, &j->attempt, 503, BUSY_RETRY_AFTER, &j->reply);
		respond_encode(j->snapshot, &j->rq, &j->reply);
	} else if (j->kind == JOB_LOOKUP) {
		ldapdir_lookup(j->gate->dir, j->snapshot->topology, j->user, &j->answer);
		j->rq.dir_answer = &j->answer.a;
		respond(j->snapshot, &j->rq, &j->reply);
	} else {
		if (ldapdir_wanted(j->snapshot->topology))
			check_by_bind(j);
		respond(j->snapshot, &j->rq, &j->reply);
		atomic_fetch_add(&j->gate->checked, 1);
		if (j->reply.sign_in_failed)
			throttle_failed(j->gate->throttle, &p, &j->attempt.client, j->attempt.user,
			    clock_seconds());
		else if (j->reply.status == 200)
			throttle_succeeded(j->gate->throttle, j->attempt.user);
	}
	atomic_store_explicit(&j->done, true, memory_order_release);
	/* From here the job belongs to the connection's thread again: no more j. */
	MHD_resume_connection(c);
}

/* Suspended once queued, before a worker can take it (and resume it). */
static void
suspend(void *arg)
{
	struct signin_job *j = arg;

	MHD_suspend_connection(j->connection);
}

enum signin_gate_result
signin_gate_begin(struct signin_gate *g, struct MHD_Connection *c, const struct snapshot *s,
    const struct request *rq, struct signin_job **job, struct reply *out)
{
	struct throttle_policy p = policy_of(s->topology);
	struct signin_attempt a;
	struct signin_job *j;
	unsigned wait;

	*job = NULL;
	if (g == NULL || !signin_attempt(s, rq, &a))
		return SIGNIN_GATE_NOT_MINE;
	if ((wait = throttle_check(g->throttle, &p, &a.client, a.user, clock_seconds())) > 0) {
		atomic_fetch_add(&g->throttled, 1);
		refuse(s, &a, 429, wait, out);
		respond_encode(s, rq, out);
		out->client = a.client;
		return SIGNIN_GATE_ANSWERED;
	}
	if ((j = calloc(1, sizeof *j)) == NULL) {
		refuse(s, &a, 503, BUSY_RETRY_AFTER, out);
		respond_encode(s, rq, out);
		return SIGNIN_GATE_ANSWERED;
	}
	*j = (struct signin_job){ .kind = JOB_PASSWORD, .gate = g, .connection = c, .snapshot = s,
	    .rq = *rq, .attempt = a };
	j->rq.dir_query = NULL;	/* the caller's; the worker gives the answer instead */
	atomic_init(&j->done, false);
	if (workers_submit(g->workers, run, j, suspend) != 0) {
		free(j);
		atomic_fetch_add(&g->busy, 1);
		refuse(s, &a, 503, BUSY_RETRY_AFTER, out);
		respond_encode(s, rq, out);
		out->client = a.client;
		return SIGNIN_GATE_ANSWERED;
	}
	*job = j;
	return SIGNIN_GATE_SUSPENDED;
}

enum signin_gate_result
signin_gate_lookup(struct signin_gate *g, struct MHD_Connection *c, const struct snapshot *s,
    const struct request *rq, const char *user, struct signin_job **job, struct reply *out)
{
	struct ldapdir_answer cached;
	struct request now = *rq;
	struct signin_job *j;

	*job = NULL;
	now.dir_query = NULL;
	if (g == NULL) {
		cached = (struct ldapdir_answer){ .a = { .status = DIR_UNAVAILABLE,
		    .retry_after = BUSY_RETRY_AFTER } };
		now.dir_answer = &cached.a;
		respond(s, &now, out);
		return SIGNIN_GATE_ANSWERED;
	}
	if (ldapdir_cached(g->dir, user, &cached)) {
		now.dir_answer = &cached.a;
		respond(s, &now, out);
		return SIGNIN_GATE_ANSWERED;
	}
	if ((j = calloc(1, sizeof *j)) != NULL) {
		*j = (struct signin_job){ .kind = JOB_LOOKUP, .gate = g, .connection = c,
		    .snapshot = s, .rq = now };
		atomic_init(&j->done, false);
		memcpy(j->user, user, strnlen(user, SIPURI_MAX));
	}
	if (j == NULL || workers_submit(g->workers, run, j, suspend) != 0) {
		free(j);
		atomic_fetch_add(&g->busy, 1);
		cached = (struct ldapdir_answer){ .a = { .status = DIR_UNAVAILABLE,
		    .retry_after = BUSY_RETRY_AFTER } };
		now.dir_answer = &cached.a;
		respond(s, &now, out);
		return SIGNIN_GATE_ANSWERED;
	}
	*job = j;
	return SIGNIN_GATE_SUSPENDED;
}

void
signin_gate_job_reply(struct signin_job *j, struct reply *out)
{
	assert(atomic_load_explicit(&j->done, memory_order_acquire));
	*out = j->reply;
	memset(j->reply.owned, 0, sizeof j->reply.owned);	/* out's now */
}

void
signin_gate_job_free(struct signin_job *j)
{
	if (j == NULL)
		return;
	assert(atomic_load_explicit(&j->done, memory_order_acquire));
	reply_release(&j->reply);
	free(j);
}

