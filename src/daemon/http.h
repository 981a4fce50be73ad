/* SPDX-License-Identifier: MIT */
/*
 * http.h: the libmicrohttpd layer. It turns connections into struct request,
 * calls respond() and queues the reply; it decides no protocol question.
 */
#ifndef LD_HTTP_H
#define LD_HTTP_H

#include <stddef.h>

#include "snapshot.h"

struct server;

struct access_log;
struct diag;

/*
 * A whole reload, as SIGHUP does it (reload.c), for the admin API's POST
 * /reload: 0 with *generation (the number of the generation in service), or
 * -1 with what went wrong in d.
 */
typedef int	(*server_reload_fn)(void *cls, unsigned long *generation, struct diag *d);

/*
 * Starts one libmicrohttpd daemon per listener of the snapshot's topology,
 * taking over the snapshot; log (NULL: none) gets a line per request and must
 * outlive the server; reload(reload_cls, ...) is what the admin API's POST
 * /reload runs (NULL: none). NULL with *cause set on failure.
 */
struct server		*server_start(struct snapshot *, struct access_log *log,
			     server_reload_fn reload, void *reload_cls, char **cause);
void			 server_stop(struct server *);
/* Stops accepting, then waits up to deadline seconds for open connections to end. */
void			 server_drain(struct server *, unsigned deadline);
/*
 * Puts snap (taken over) in service: new requests are answered from it,
 * requests in flight finish on the snapshot they started with, and every
 * HTTPS listener's certificates, keys and ticket key are read anew from it
 * (new connections get them; established ones keep theirs). All or nothing:
 * on error (listeners differ from the running ones, TLS material that does
 * not load) nothing changes. 0, or -1 with *cause.
 */
int			 server_reload(struct server *, struct snapshot *snap, size_t *n_tls,
			     char **cause);
/* Counts a reload that failed before server_reload() (for the metrics). */
void			 server_reload_failed(struct server *);
/* The snapshot in service (for the thread that reloads). */
const struct snapshot	*server_snapshot(const struct server *);
/* The number of the generation in service: 1 at start, one more each reload. */
unsigned long		 server_generation(struct server *);

#endif
