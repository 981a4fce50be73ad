/* SPDX-License-Identifier: MIT */
/*
 * admin.h: the operators' and test rigs' listener (settings/@admin-listener,
 * --admin): /metrics and /healthz from the report (report.h), and the JSON
 * API of admin_api.h. The entry point starts it after the server, with what
 * it serves from, and stops it before the server: what it reads must outlive it.
 */
#ifndef LD_ADMIN_H
#define LD_ADMIN_H

#include "admin_api.h"
#include "topology.h"

struct admin;
struct report;

/* On t's admin-listener address and port. NULL with *cause. */
struct admin	*admin_start(const struct topology *t, struct report *,
		    const struct admin_api *api, char **cause);
void		 admin_stop(struct admin *);

#endif
