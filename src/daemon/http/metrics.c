/* SPDX-License-Identifier: MIT */
/*
 * metrics.c: request counters, a latency histogram, TLS connections and
 * reloads, rendered in the Prometheus text format.
 */
#include <config.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "representation.h"

static const char *const resources[] = {
	"not-found", "root", "domain", "user", "oauth", "xframe", "token", "webticket-mex",
	"webticket"
};
#define N_RESOURCES (sizeof resources / sizeof resources[0])
/* The four representations, then "other" (HTML, text, token JSON, none). */
#define N_TYPES (REP_COUNT + 1)
static const char *const type_names[N_TYPES] = {
	"autodiscover-xml", "autodiscover-json", "ucwa-json", "ucwa-xml", "other"
};
static const unsigned statuses[] = {
	200, 204, 400, 401, 403, 404, 405, 406, 413, 414, 415, 429, 431, 500, 501, 503,
	0	/* 0: any other */
};
#define N_STATUSES (sizeof statuses / sizeof statuses[0])
static const double buckets[] = {
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1
};
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])

struct metrics {
	atomic_ulong	 requests[N_RESOURCES][N_TYPES][ACCESS_LOCATION_COUNT][N_STATUSES];
	atomic_ulong	 latency[N_BUCKETS + 1];	/* per bucket; the last is +Inf */
	atomic_ullong	 latency_ns;			/* the sum */
	atomic_ulong	 tls_connections;
	atomic_ulong	 reloads, reload_failures;
};

struct metrics *
metrics_new(void)
{
	return calloc(1, sizeof(struct metrics));	/* all zero: valid atomics on this ABI */
}

void
metrics_free(struct metrics *m)
{
	free(m);
}

static size_t
index_of_resource(const char *r)
{
	size_t i;

	for (i = 0; r != NULL && i < N_RESOURCES; i++) {
		if (strcmp(resources[i], r) == 0)
			return i;
	}
	return 0;
}

static size_t
index_of_type(const char *ct)
{
	size_t i;

	for (i = 0; ct != NULL && i < REP_COUNT; i++) {
		if (ct == representation_content_type((enum representation)i))
			return i;
	}
	return REP_COUNT;
}

static size_t
index_of_status(unsigned status)
{
	size_t i;

	for (i = 0; i < N_STATUSES - 1 && statuses[i] != status; i++)
		;
	return i;
}

void
metrics_request(struct metrics *m, const char *resource, const char *content_type,
    enum access_location loc, unsigned status, double seconds)
{
	size_t b;

	atomic_fetch_add(&m->requests[index_of_resource(resource)][index_of_type(content_type)]
	    [loc][index_of_status(status)], 1);
	for (b = 0; b < N_BUCKETS && seconds > buckets[b]; b++)
		;
	atomic_fetch_add(&m->latency[b], 1);
	atomic_fetch_add(&m->latency_ns, (unsigned long long)(seconds * 1e9));
}

void
metrics_tls_connection(struct metrics *m)
{
	atomic_fetch_add(&m->tls_connections, 1);
}

void
metrics_reload(struct metrics *m, bool ok)
{
	atomic_fetch_add(ok ? &m->reloads : &m->reload_failures, 1);
}

static void
write_requests(struct prom *p, struct metrics *m)
{
	static const char *const loc[] = { "internal", "external" };
	unsigned long v;
	size_t r, t, l, st;

	prom_family(p, "lyncdiscover_requests_total", "counter", "Requests answered.");
	for (r = 0; r < N_RESOURCES; r++)
		for (t = 0; t < N_TYPES; t++)
			for (l = 0; l < ACCESS_LOCATION_COUNT; l++)
				for (st = 0; st < N_STATUSES; st++) {
					char code[12] = "other";

					if ((v = atomic_load(&m->requests[r][t][l][st])) == 0)
						continue;
					if (statuses[st] != 0)
						snprintf(code, sizeof code, "%u", statuses[st]);
					prom_sample(p, "lyncdiscover_requests_total", (struct prom_label[]){
					    { "resource", resources[r] }, { "representation", type_names[t] },
					    { "location", loc[l] }, { "status", code } }, 4, v);
				}
}

static void
write_latency(struct prom *p, struct metrics *m)
{
	unsigned long counts[N_BUCKETS + 1];
	size_t b;

	for (b = 0; b <= N_BUCKETS; b++)
		counts[b] = atomic_load(&m->latency[b]);
	prom_histogram(p, "lyncdiscover_request_duration_seconds", "Time to answer a request.",
	    buckets, counts, N_BUCKETS, (double)atomic_load(&m->latency_ns) / 1e9, 9);
}

void
metrics_collect(struct metrics *m, struct prom *p, unsigned open_connections,
    unsigned long proxy_rejected)
{
	write_requests(p, m);
	write_latency(p, m);
	prom_gauge(p, "lyncdiscover_open_connections", "Connections open now.", open_connections);
	prom_counter(p, "lyncdiscover_tls_connections_total",
	    "TLS connections accepted (handshakes begun).", atomic_load(&m->tls_connections));
	prom_gauge(p, "lyncdiscover_config_generation",
	    "Configurations loaded since the start (1: the first).", 1 + atomic_load(&m->reloads));
	prom_counter(p, "lyncdiscover_reload_failures_total",
	    "Reloads refused (the old configuration stayed).", atomic_load(&m->reload_failures));
	prom_counter(p, "lyncdiscover_proxy_protocol_rejected_total",
	    "Connections closed for a missing, malformed, late or untrusted PROXY header.",
	    proxy_rejected);
}
