/* SPDX-License-Identifier: MIT */
/*
 * exchange.h: one request on a client listener between the access handler's
 * calls, shared by exchange.c (answering it) and exchange_record.c (what the
 * journal, the access log and the metrics keep of it).
 */
#ifndef LD_EXCHANGE_H
#define LD_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "access_log.h"
#include "faults.h"
#include "head_scan.h"
#include "reply.h"

struct conn;
struct generation;
struct server;
struct signin_job;

/* What the access log says of a request, gathered while it is answered. */
struct exchange_log {
	struct timespec		 start_real, start;	/* CLOCK_REALTIME, CLOCK_MONOTONIC */
	struct access_entry	 e;
	char			 method[16], version[16], host[256], user_agent[256];
	bool			 answered;
};

/* What one request carries between the access handler's calls. */
struct exchange {
	struct generation *gen;		/* what answers it, held from start to end */
	struct conn	*conn;		/* its connection's registry entry (conns.c) */
	struct exchange_log log;
	struct header_scan hs;		/* filled by the first call's walk (check_framing) */
	struct fault_fired fired;	/* the fault rule that fired, if fired.id != 0 */
	bool	 faults_asked;		/* the rules are asked once a request */
	bool	 holding;		/* held is the answer, delayed (fault_apply_delay()) */
	bool	 hanging;		/* never answered: held until the client closes (hang) */
	struct reply *held;		/* heap: the exchange stays small (malloc's fast path) */
	bool	 answered_first_call;
	bool	 reading_body;		/* a POST whose body is being read */
	bool	 body_too_large;	/* more than REQUEST_BODY_MAX bytes: the rest is discarded */
	size_t	 body_len;
	size_t	 body_size;		/* allocated: 0, FORM_MAX or REQUEST_BODY_MAX */
	char	*body;			/* allocated by the first piece */
	struct signin_job *job;		/* a password check on a worker (signin_gate.h) */
	char	 target[];		/* the request target as sent */
};

/*
 * Keeps what the access log needs of the request and its reply r, and
 * writes the journal's entry (before the answer is queued: a client that has
 * the answer finds the entry). status: what is sent (0: nothing, a reset).
 */
void	 exchange_record_answer(struct server *, struct exchange *, const char *method,
	     const char *version, const struct reply *r, unsigned status);
/* The request is over: the metrics, and the access log's line. */
void	 exchange_record_done(struct server *, struct exchange *);

#endif
