/* SPDX-License-Identifier: MIT */
/*
 * fd_limit.h: the open-files limit, raised to its hard limit, and the
 * connections per listener that fit in it (each connection is a descriptor).
 */
#ifndef LD_FD_LIMIT_H
#define LD_FD_LIMIT_H

#include "topology.h"

/* Descriptors kept for everything but client connections (files, admin, acceptors). */
#define FD_LIMIT_RESERVE 128

/*
 * Raises RLIMIT_NOFILE to its hard limit and says how many connections
 * each of t's listeners may hold within it (at most t->max_connections),
 * warning on stderr when that is fewer than asked for; *open_files: the
 * limit now.
 */
unsigned	 fd_limit_connections(const struct topology *t, unsigned long *open_files);

#endif
