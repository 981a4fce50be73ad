/* SPDX-License-Identifier: MIT */
/*
 * signin_gate.h: password sign-ins off the I/O threads (libmicrohttpd glue).
 *
 * A request that checks a password (signin_attempt(): a token request, or
 * Basic credentials at the Web Ticket Service) is throttled
 * (throttle.h: 429 with Retry-After), or queued for a sign-in worker with its
 * connection suspended (503 with Retry-After at once when the queue is full).
 * The worker calls respond() — the PBKDF2 runs there — keeps the reply,
 * records the outcome for the throttle, and resumes the connection;
 * libmicrohttpd then calls the access handler again, which queues the reply.
 * With an LDAP directory (ldapdir.h) the same workers run the directory's
 * look-ups (signin_gate_lookup) and the password binds.
 *
 * libmicrohttpd 0.9.75 (checked in its source): MHD_resume_connection() may
 * be called from any thread (it takes the daemon's cleanup mutex and wakes its
 * poll through the ITC); a suspended connection is neither polled nor timed
 * out, so it cannot close under a job; MHD_stop_daemon() panics on a suspended
 * connection, so signin_gate_free() — which answers every waiting job 503 and
 * waits for the running ones — must come before it.
 */
#ifndef LD_SIGNIN_GATE_H
#define LD_SIGNIN_GATE_H

#include <stdbool.h>

#include <microhttpd.h>

#include "reply.h"
#include "request.h"
#include "topology.h"

struct report;
struct snapshot;
struct signin_gate;
struct signin_job;

enum signin_gate_result {
	SIGNIN_GATE_NOT_MINE,	/* not a password check: answer it as usual */
	SIGNIN_GATE_ANSWERED,	/* out holds the answer (429, 503) to queue now */
	SIGNIN_GATE_SUSPENDED	/* the connection is suspended, *job runs on a worker */
};

/*
 * Workers and queue as t says (they take a restart to change); the gate's
 * and the directory's metrics and health go to report (NULL: nowhere).
 * NULL with *cause.
 */
struct signin_gate	*signin_gate_new(const struct topology *t, struct report *, char **cause);
/* Every suspended connection is resumed (waiting jobs answer 503) before this returns. */
void			 signin_gate_free(struct signin_gate *);
/*
 * From the access handler's final call, with the complete request (its
 * pointers must stay valid while the connection is suspended: they point
 * into the connection and into the caller's exchange, which outlives the job).
 */
enum signin_gate_result	 signin_gate_begin(struct signin_gate *, struct MHD_Connection *,
			     const struct snapshot *, const struct request *,
			     struct signin_job **job, struct reply *out);
/* The answer of a job whose connection was resumed, handed over to out (the caller's now). */
void			 signin_gate_job_reply(struct signin_job *, struct reply *out);
/*
 * After respond() asked for the LDAP directory's answer for user (struct
 * dir_query): answered now from the cache (or 503 while the directory is
 * down), or the connection is suspended while a worker asks the directory.
 * Never NOT_MINE.
 */
enum signin_gate_result	 signin_gate_lookup(struct signin_gate *, struct MHD_Connection *,
			     const struct snapshot *, const struct request *, const char *user,
			     struct signin_job **job, struct reply *out);
/* After a reload: the LDAP directory's settings of t. */
void			 signin_gate_configure(struct signin_gate *, const struct topology *t);
void			 signin_gate_job_free(struct signin_job *);

#endif
