/* SPDX-License-Identifier: MIT */
/*
 * connection.h: a client connection as the glue keeps it — its entry in the
 * listener's registry (conns.h) and, over TLS, the session's certificates and
 * transport (tls_store.h, tls_transport.h), attached when it opens and
 * dropped when it closes (connection_on_notify() in server_impl.h).
 */
#ifndef LD_CONNECTION_H
#define LD_CONNECTION_H

#include <microhttpd.h>

#include "netaddr.h"

struct conn;
struct listener;
struct tls_transport;

/* The registry entry of c (see connection_on_notify). */
struct conn		*connection_entry(struct MHD_Connection *c);
/* The TLS transport of a connection of l; NULL on plain HTTP (or out of memory). */
struct tls_transport	*connection_transport(const struct listener *l, const struct conn *cn);
/* The TCP peer of c as data for the core (behind the PROXY protocol: the header's source). */
void			 connection_peer(struct MHD_Connection *c, struct netaddr *a);
/*
 * The server name (SNI) the client of c, a connection of l, asked for in its
 * TLS handshake: read once a connection and kept with it, so the pointer
 * lasts until the connection closes (a sign-in job's request may hold it).
 * NULL on plain HTTP, without SNI, or when out of memory.
 */
const char		*connection_server_name(const struct listener *l, struct conn *cn,
			    struct MHD_Connection *c);

#endif
