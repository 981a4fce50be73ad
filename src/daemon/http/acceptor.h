/* SPDX-License-Identifier: MIT */
/*
 * acceptor.h: listeners that speak the PROXY protocol. libmicrohttpd cannot
 * read the header, so such a listener accepts connections itself, reads the
 * header (within a deadline, from trusted peers only) and hands the socket to
 * libmicrohttpd with the client's address from the header.
 */
#ifndef LD_ACCEPTOR_H
#define LD_ACCEPTOR_H

#include <stdbool.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "netaddr.h"

struct acceptor;

/* Is peer a proxy whose PROXY header may be believed? */
typedef bool (*acceptor_trust_fn)(void *ctx, const struct netaddr *peer);

/*
 * Listens on addr and feeds daemon (started with MHD_USE_NO_LISTEN_SOCKET).
 * versions: PROXY_V1 | PROXY_V2. NULL with *cause on failure.
 */
struct acceptor	*acceptor_start(const struct sockaddr *addr, socklen_t len,
		     struct MHD_Daemon *daemon, unsigned versions, unsigned deadline_ms,
		     acceptor_trust_fn trusted, void *ctx, char **cause);
/* Stops accepting (closes the listening socket), waits for the threads, frees. */
void		 acceptor_stop(struct acceptor *);
/* Connections closed for a missing, malformed, late or untrusted header. */
unsigned long	 acceptor_rejected(const struct acceptor *);

#endif
