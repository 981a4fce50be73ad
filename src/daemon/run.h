/* SPDX-License-Identifier: MIT */
/*
 * run.h: the daemon running, from a loaded topology to its stop.
 */
#ifndef LD_RUN_H
#define LD_RUN_H

#include "source.h"
#include "topology.h"

/*
 * Serves t (taken over) until SIGINT or SIGTERM: the server, the admin
 * listener, reloads through src. 0 after a clean stop, 1 if it could not start.
 */
int	 run(struct topology *t, struct source *src);

#endif
