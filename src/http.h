/*
 * http.h: the libmicrohttpd layer. It turns connections into struct request,
 * calls respond() and queues the reply; it decides no protocol question.
 */
#ifndef LD_HTTP_H
#define LD_HTTP_H

#include "snapshot.h"

struct server;

/*
 * Starts one libmicrohttpd daemon per listener of the snapshot's topology.
 * The snapshot must outlive the server. NULL with *cause set on failure.
 */
struct server	*server_start(const struct snapshot *, char **cause);
void		 server_stop(struct server *);

#endif
