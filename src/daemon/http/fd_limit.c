/* SPDX-License-Identifier: MIT */
/*
 * fd_limit.c: connections that fit in the open-files limit (see fd_limit.h).
 */
#include <config.h>

#include <stdio.h>
#include <sys/resource.h>

#include "fd_limit.h"

unsigned
fd_limit_connections(const struct topology *t, unsigned long *open_files)
{
	struct rlimit rl;
	unsigned long room;
	unsigned n = t->n_listeners > 0 ? (unsigned)t->n_listeners : 1;
	unsigned max = t->max_connections;

	*open_files = 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return max;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	*open_files = rl.rlim_cur == RLIM_INFINITY ? 1UL << 20 : (unsigned long)rl.rlim_cur;
	room = *open_files > FD_LIMIT_RESERVE ? (*open_files - FD_LIMIT_RESERVE) / n : 0;
	/* libmicrohttpd's headroom is transient: past the limit it pauses accept() a moment. */
	if (room < max)
		max = room > 0 ? (unsigned)room : 1;
	/* Said whenever it is lowered, as lyncdiscoverd.conf(5) promises; /metrics tells too. */
	if (t->log_level >= LOG_WARNING && max < t->max_connections)
		fprintf(stderr, "lyncdiscoverd: warning: open files limit %lu: at most %u "
		    "connections per listener (max-connections=\"%u\"; raise the hard limit, "
		    "LimitNOFILE= in systemd)\n", *open_files, max, t->max_connections);
	return max;
}
