/*
 * http.h: the libmicrohttpd layer. It turns connections into struct request,
 * calls respond() and queues the reply; it decides no protocol question.
 */
#ifndef LD_HTTP_H
#define LD_HTTP_H

#include <stddef.h>

#include "snapshot.h"

struct server;

/*
 * Starts one libmicrohttpd daemon per listener of the snapshot's topology.
 * The snapshot must outlive the server. NULL with *cause set on failure.
 */
struct server	*server_start(const struct snapshot *, char **cause);
void		 server_stop(struct server *);
/*
 * Re-reads every HTTPS listener's certificates, keys and ticket key; new
 * connections get them, established ones keep theirs. All listeners change
 * or none: on error nothing changes. 0, or -1 with *cause.
 */
int		 server_reload_tls(struct server *, size_t *n_reloaded, char **cause);

#endif
