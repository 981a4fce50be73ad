/* SPDX-License-Identifier: MIT */
/*
 * report.h: what the admin listener reports — /metrics and /healthz —
 * collected from the subsystems that registered for it. The admin listener
 * knows this registry only, never a subsystem's insides (as h2o's status
 * handlers): each subsystem adds a function that writes its metrics
 * (prom.h), and may add one that says why the daemon is degraded.
 *
 * Registration happens while the daemon starts, before the admin listener
 * does; the functions are then called on the admin listener's thread, so
 * what they read must be safe to read from there (atomics, or under the
 * subsystem's own lock). The admin listener stops before any subsystem
 * that registered is freed; nothing unregisters.
 */
#ifndef LD_REPORT_H
#define LD_REPORT_H

#include "prom.h"

struct report;

/* Writes the subsystem's families (cls: what it registered with). */
typedef void	(*report_metrics_fn)(void *cls, struct prom *);
/* NULL when the subsystem is well, or why the daemon is degraded: one line (heap). */
typedef char	*(*report_health_fn)(void *cls);

struct report	*report_new(void);
void		 report_free(struct report *);
/* 0, or -1 when out of memory. r may be NULL (nothing reports: tests, --check). */
int		 report_add_metrics(struct report *r, report_metrics_fn, void *cls);
int		 report_add_health(struct report *r, report_health_fn, void *cls);
/* The exposition text of every registered function, in the order they came (heap; NULL: out of memory). */
char		*report_metrics(struct report *);
/* "ok\n", or each degraded subsystem's line (heap; NULL: out of memory). */
char		*report_health(struct report *);

#endif
