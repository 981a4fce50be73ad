/* SPDX-License-Identifier: MIT */
/*
 * server_impl.h: what the files of the libmicrohttpd layer share — the
 * server (server.c, server_reload.c), its client listeners (listener.c) and
 * the callbacks that answer on them (exchange.c, connection.c). Not for the
 * rest of the daemon, which uses server.h.
 */
#ifndef LD_SERVER_IMPL_H
#define LD_SERVER_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "generation.h"
#include "mhd_log.h"
#include "tls_transport.h"
#include "server.h"
#include "topology.h"

struct acceptor;
struct conns;
struct linger_drain;
struct metrics;
struct signin_gate;
struct timers;
struct tls_store;
struct tls_wait;

/* A listener keeps its own copy of what it is: configurations come and go on reload. */
struct listener {
	struct server		*server;
	char			*address;
	unsigned		 port;
	bool			 tls;
	enum access_location	 location;
	enum access_mode	 access_mode;
	unsigned		 proxy_protocol;	/* PROXY_V1 | PROXY_V2, 0: none */
	struct acceptor		*acceptor;	/* when proxy_protocol */
	struct MHD_Daemon	*daemon;
	struct conns		*conns;		/* its live connections and their deadlines */
	struct tls_store	*store;		/* HTTPS listeners */
	struct tls_hello_rules	 hello;		/* a ClientHello's: its TLS priority, the TLS faults */
	char			*cert_pem;	/* what libmicrohttpd insists on at start */
	char			*key_pem;
};

struct server {
	struct server_uses	 uses;		/* the access log, the report, the rig */
	struct mhd_log		 mhd_log;	/* libmicrohttpd's messages, rate-limited */
	struct metrics		*metrics;
	struct signin_gate	*gate;		/* password checks off the I/O threads */
	struct tls_wait		*tls_wait;	/* TLS handshakes waiting for the client (tls_wait.h) */
	struct timers		*delays;	/* the delay faults' timers */
	struct linger_drain	*linger;	/* connections drained as they close after a refusal */
	struct generation_slot	 current;	/* the generation in service */
	struct listener		*listeners;
	size_t			 n_listeners;
	unsigned long		 open_files;	/* RLIMIT_NOFILE after raising it */
	unsigned		 max_connections;	/* per listener, after the fd limit */
};

/* listener.c: one client listener of s, as lc says; 0, or -1 with *cause (stopped by listener_stop). */
int	 listener_start(struct listener *, struct server *s, const struct topology *t,
	     const struct listener_conf *lc, char **cause);
/* Stops accepting; open connections go on. */
void	 listener_quiesce(struct listener *);
/* Connections open on it now. */
unsigned listener_open_connections(const struct listener *);
void	 listener_stop(struct listener *);

/* exchange.c: the libmicrohttpd callbacks of a request on a client listener (cls: the listener). */
void	*exchange_on_uri(void *cls, const char *uri, struct MHD_Connection *);
void	 exchange_on_completed(void *cls, struct MHD_Connection *, void **req_cls,
	     enum MHD_RequestTerminationCode);
enum MHD_Result exchange_on_request(void *cls, struct MHD_Connection *, const char *url,
	     const char *method, const char *version, const char *upload_data,
	     size_t *upload_data_size, void **req_cls);

/* connection.c: a connection opened or closed on a client listener (cls: the listener). */
void	 connection_on_notify(void *cls, struct MHD_Connection *, void **socket_context,
	     enum MHD_ConnectionNotificationCode);

#endif
