/* SPDX-License-Identifier: MIT */
/*
 * metrics.h: the request counters for Prometheus, served on the admin
 * listener at /metrics (the server registers them with report.h). Lock-free:
 * atomic counters updated by the request threads.
 */
#ifndef LD_METRICS_H
#define LD_METRICS_H

#include <stdbool.h>

#include "prom.h"
#include "topology.h"

struct metrics;

struct metrics	*metrics_new(void);
void		 metrics_free(struct metrics *);
/* One answered request: its resource name, Content-Type (a static string), location, status, duration. */
void		 metrics_request(struct metrics *, const char *resource, const char *content_type,
		     enum access_location, unsigned status, double seconds);
void		 metrics_tls_connection(struct metrics *);
void		 metrics_reload(struct metrics *, bool ok);
/* The counters' families, with the server's gauges open_connections and proxy_rejected. */
void		 metrics_collect(struct metrics *, struct prom *, unsigned open_connections,
		     unsigned long proxy_rejected);

#endif
