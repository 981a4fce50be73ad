/* SPDX-License-Identifier: MIT */
/*
 * source.h: what the daemon serves from — a configuration file (-c FILE) or
 * the lab (--lab) — loaded at start, and loaded again whole by a reload
 * (SIGHUP, or the admin API's POST /reload: one code path for both).
 */
#ifndef LD_SOURCE_H
#define LD_SOURCE_H

#include <pthread.h>
#include <stdbool.h>

#include "cli.h"
#include "diag.h"
#include "lab_run.h"
#include "server.h"
#include "topology.h"

struct source {
	const struct options	*o;
	struct lab_made		 lab;		/* lab.xml: the lab's document, NULL with -c */
	pthread_mutex_t		 lock;		/* one reload at a time; guards server */
	struct server		*server;	/* while it runs; NULL before and after */
};

void		 source_init(struct source *, const struct options *);
void		 source_free(struct source *);
/* The server is up: reloads may come (source_reload()); NULL: it stops, no more. */
void		 source_started(struct source *, struct server *);
/* What the command line asks of the lab. */
struct lab_options source_lab_options(const struct options *);
/*
 * The topology of -c FILE or --lab, with the command line's listeners and
 * admin listener applied; lab NULL: make no lab files (cert, plan, reload).
 * NULL with the errors in d.
 */
struct topology	*source_load(const struct options *, struct lab_made *lab, struct diag *d);
/*
 * Everything that makes a loaded topology unusable: TLS material that does
 * not load, and certificate problems — errors for --check and with
 * strict-certificates, warnings otherwise.
 */
bool		 source_usable(const struct topology *, const struct options *, struct diag *);
/*
 * A reload (an admin_api_reload_fn; cls: the source): the configuration, user
 * directory, certificates, keys and ticket key read anew and put in service
 * all together — or, on any error, none of it. Says what happened on stderr
 * (the diagnostics, then one line); 0 with *generation, or -1 with every
 * error in d (the caller frees d).
 */
int		 source_reload(void *cls, unsigned long *generation, struct diag *d);
/*
 * That reload tried on another file, as if the daemon had been started with
 * it (cls: the source): loaded and checked as a reload loads it, held
 * against the running listeners, its TLS material read; nothing is put in
 * service. 0 if a reload would take it, -1 with the errors in d; what it
 * would keep as it is (settings that take a restart) as warnings in d.
 */
int		 source_check(void *cls, const char *file, struct diag *d);

#endif
