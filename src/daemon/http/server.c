/* SPDX-License-Identifier: MIT */
/*
 * server.c: the server — its client listeners (listener.c), the generation
 * in service, what it shares between them (the sign-in gate, the TLS
 * transport's thread, the delay faults' timers, the counters), its metrics,
 * drain and stop. Reload is server_reload.c's.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acceptor.h"
#include "conns.h"
#include "fd_limit.h"
#include "linger.h"
#include "metrics.h"
#include "report.h"
#include "server_impl.h"
#include "signin_gate.h"
#include "timers.h"
#include "tls_wait.h"
#include "util.h"

/* Connections a delay fault may hold suspended at once; more are answered undelayed. */
#define MAX_DELAYED 65536

static unsigned
open_connections(const struct server *s)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < s->n_listeners; i++)
		n += listener_open_connections(&s->listeners[i]);
	return n;
}

/* Connections closed by the PROXY protocol acceptors. */
static unsigned long
proxy_rejected(const struct server *s)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < s->n_listeners; i++)
		n += acceptor_rejected(s->listeners[i].acceptor);
	return n;
}

/* The server's families for /metrics (a report_metrics_fn). */
static void
write_metrics(void *cls, struct prom *p)
{
	static const char closed[] = "lyncdiscover_connections_closed_total";
	struct server *s = cls;
	struct conns_counts n;
	size_t i;

	memset(&n, 0, sizeof n);
	for (i = 0; i < s->n_listeners; i++)
		conns_counts(s->listeners[i].conns, &n);
	metrics_collect(s->metrics, p, open_connections(s), proxy_rejected(s));
	prom_family(p, closed, "counter", "Connections the daemon closed, by reason: "
	    "header-timeout (no complete request head in time), keepalive-timeout (silent too long "
	    "between requests), evicted (idle keep-alive closed for a new connection at the limit), "
	    "refused (new connection at the limit, none idle), per-client (new connection "
	    "over max-connections-per-client).");
	prom_sample(p, closed, &(struct prom_label){ "reason", "header-timeout" }, 1,
	    n.header_timeouts);
	prom_sample(p, closed, &(struct prom_label){ "reason", "keepalive-timeout" }, 1,
	    n.keepalive_timeouts);
	prom_sample(p, closed, &(struct prom_label){ "reason", "evicted" }, 1, n.evicted);
	prom_sample(p, closed, &(struct prom_label){ "reason", "refused" }, 1, n.refused);
	prom_sample(p, closed, &(struct prom_label){ "reason", "per-client" }, 1,
	    n.refused_per_client);
	prom_counter(p, "lyncdiscover_tls_handshake_waits_total", "Times a TLS handshake waited "
	    "for the client's next bytes off the listener threads (its connection suspended).",
	    tls_wait_count(s->tls_wait));
	prom_counter(p, "lyncdiscover_tls_writes_behind_total", "Times an answer's bytes found "
	    "the socket full and were written behind by the daemon (its answers go as one TLS "
	    "record).", tls_wait_behind_count(s->tls_wait));
	prom_counter(p, "lyncdiscover_connections_lingered_total", "Connections drained before "
	    "they closed after a refusal (their client may still have been sending).",
	    linger_count(s->linger));
	prom_gauge(p, "lyncdiscover_max_connections", "The connection limit of each listener.",
	    s->max_connections);
	prom_gauge(p, "lyncdiscover_open_files_limit",
	    "The daemon's open files limit (RLIMIT_NOFILE).", s->open_files);
}

static bool
any_tls(const struct topology *t)
{
	size_t i;

	for (i = 0; i < t->n_listeners; i++)
		if (t->listeners[i].tls)
			return true;
	return false;
}

/* What the listeners share; 0, or -1 with *cause (server_stop() frees what was made). */
static int
start_shared(struct server *s, const struct topology *t, char **cause)
{
	if ((s->metrics = metrics_new()) == NULL ||
	    report_add_metrics(s->uses.report, write_metrics, s) != 0) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	if ((s->gate = signin_gate_new(t, s->uses.report, cause)) == NULL ||
	    (s->delays = timers_new(MAX_DELAYED, cause)) == NULL)
		return -1;
	if ((s->linger = linger_new(cause)) == NULL)
		return -1;
	s->max_connections = fd_limit_connections(t, &s->open_files);
	if (any_tls(t) && (s->tls_wait = tls_wait_new(t->keepalive_timeout, cause)) == NULL)
		return -1;
	return 0;
}

struct server *
server_start(struct snapshot *snap, const struct server_uses *uses, char **cause)
{
	struct server *s = calloc(1, sizeof *s);
	const struct topology *t;
	size_t i;

	if (s == NULL) {
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	s->uses = *uses;
	mhd_log_init(&s->mhd_log, snap->topology->log_level < LOG_INFO);
	/* The generation takes snap over, and frees it if it fails. */
	generation_slot_init(&s->current, generation_new(snap, cause));
	if (s->current.current == NULL) {
		server_stop(s);
		return NULL;
	}
	t = s->current.current->snapshot->topology;
	if ((s->listeners = calloc(t->n_listeners, sizeof *s->listeners)) == NULL) {
		*cause = xstrdup("out of memory");
		server_stop(s);
		return NULL;
	}
	if (start_shared(s, t, cause) != 0) {
		server_stop(s);
		return NULL;
	}
	for (i = 0; i < t->n_listeners; i++) {
		if (listener_start(&s->listeners[s->n_listeners++], s, t, &t->listeners[i],
		    cause) != 0) {
			server_stop(s);
			return NULL;
		}
	}
	return s;
}

void
server_stop(struct server *s)
{
	size_t i;

	if (s == NULL)
		return;
	/* libmicrohttpd must not stop with a connection still suspended. */
	signin_gate_free(s->gate);
	tls_wait_stop(s->tls_wait);
	timers_stop(s->delays);
	linger_release(s->linger);	/* the hung connections */
	for (i = 0; i < s->n_listeners; i++)
		listener_stop(&s->listeners[i]);
	tls_wait_free(s->tls_wait);	/* after the listeners: their connections detach from it */
	linger_free(s->linger);		/* after the listeners: they hand it their last sockets */
	generation_slot_destroy(&s->current);
	metrics_free(s->metrics);
	mhd_log_destroy(&s->mhd_log);
	free(s->listeners);
	free(s);
}

const struct snapshot *
server_snapshot(const struct server *s)
{
	/* Only the thread that reloads calls this, so the current generation cannot change under it. */
	return s->current.current->snapshot;
}

struct generation_slot *
server_current(struct server *s)
{
	return &s->current;
}

void
server_drain(struct server *s, unsigned deadline)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	unsigned waited = 0;
	size_t i;

	/* Stop accepting: the listening sockets close; open connections go on. */
	for (i = 0; i < s->n_listeners; i++)
		listener_quiesce(&s->listeners[i]);
	/* A hung connection (the hang fault) would never end: it ends now. */
	linger_release(s->linger);
	while (open_connections(s) > 0 && waited < deadline * 20) {
		nanosleep(&nap, NULL);
		waited++;
	}
}
