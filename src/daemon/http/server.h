/* SPDX-License-Identifier: MIT */
/*
 * server.h: the libmicrohttpd layer. It turns connections into struct
 * request, calls respond() and queues the reply; it decides no protocol
 * question. One server holds the client listeners of a topology and the
 * generation in service; the entry point starts it, reloads it and stops it.
 */
#ifndef LD_SERVER_H
#define LD_SERVER_H

#include <stddef.h>

#include "snapshot.h"

struct access_log;
struct generation_slot;
struct report;
struct rig;
struct server;

/* What a server uses and does not own: each must outlive it. */
struct server_uses {
	struct access_log	*log;		/* a line per request; NULL: none */
	struct report		*report;	/* where its metrics go; NULL: nowhere */
	struct rig		*rig;		/* the journal and the fault rules */
};

/*
 * Starts one libmicrohttpd daemon per listener of the snapshot's topology,
 * taking over the snapshot. NULL with *cause set on failure.
 */
struct server		*server_start(struct snapshot *, const struct server_uses *, char **cause);
void			 server_stop(struct server *);
/* Stops accepting, then waits up to deadline seconds for open connections to end. */
void			 server_drain(struct server *, unsigned deadline);
/*
 * Puts snap (taken over) in service: new requests are answered from it,
 * requests in flight finish on the snapshot they started with, and every
 * HTTPS listener's certificates, keys and ticket key are read anew from it
 * (new connections get them; established ones keep theirs). All or nothing:
 * on error (listeners differ from the running ones, TLS material that does
 * not load) nothing changes. 0, or -1 with *cause. (server_reload.c)
 */
int			 server_reload(struct server *, struct snapshot *snap, size_t *n_tls,
			     char **cause);
/*
 * Would server_reload() take t? The same checks (the listeners, every HTTPS
 * listener's TLS material read and thrown away), nothing put in service, no
 * metric counted: the control socket's "check". 0, or -1 with *cause.
 */
int			 server_reload_check(struct server *, const struct topology *t,
			     char **cause);
/*
 * What a reload to t keeps as it is, since it takes a restart (journal-size,
 * the connection settings): a sentence (free it), or NULL when t changes none.
 */
char			*server_reload_kept(const struct server *, const struct topology *t);
/* Counts a reload that failed before server_reload() (for the metrics). */
void			 server_reload_failed(struct server *);
/* The snapshot in service (for the thread that reloads). */
const struct snapshot	*server_snapshot(const struct server *);
/* The generation in service, for those who read the configuration in service (the admin API). */
struct generation_slot	*server_current(struct server *);

#endif
