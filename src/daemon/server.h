/* SPDX-License-Identifier: MIT */
/*
 * server.h: what the files of the libmicrohttpd layer share (listener.c,
 * exchange.c, admin.c); not for the rest of the daemon, which uses http.h.
 */
#ifndef LD_SERVER_H
#define LD_SERVER_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "http.h"
#include "topology.h"

struct access_log;
struct acceptor;
struct conns;
struct diag;
struct faults;
struct generation;
struct journal;
struct metrics;
struct timers;
struct tls_store;

/* A listener keeps its own copy of what it is: configurations come and go on reload. */
struct listener {
	struct server		*server;
	char			*address;
	unsigned		 port;
	bool			 tls;
	enum access_location	 location;
	bool			 access_auto;
	unsigned		 proxy_protocol;	/* PROXY_V1 | PROXY_V2, 0: none */
	struct acceptor		*acceptor;	/* when proxy_protocol */
	struct MHD_Daemon	*daemon;
	struct conns		*conns;		/* its live connections and their deadlines */
	struct tls_store	*store;		/* HTTPS listeners */
	char			*cert_pem;	/* what libmicrohttpd insists on at start */
	char			*key_pem;
};

struct server {
	struct access_log	*log;		/* NULL: no access log */
	pthread_mutex_t		 log_lock;	/* guards the rate limit of log_mhd() */
	time_t			 log_second;
	unsigned		 log_count;
	unsigned long		 log_dropped;
	bool			 quiet_mhd;	/* log-level warning or error */
	struct metrics		*metrics;
	struct signin_gate	*gate;		/* password checks off the I/O threads */
	struct tls_wait		*tls_wait;	/* TLS handshakes waiting for the client (tls_transport.h) */
	struct MHD_Daemon	*admin;		/* /metrics, /healthz and the API, or NULL */
	/* The test rigs' tools (the admin API): they outlive reloads. */
	struct journal		*journal;	/* NULL: journal-size="0" */
	struct faults		*faults;
	struct timers		*delays;	/* the delay faults' timers */
	server_reload_fn	 reload;	/* POST /reload: what SIGHUP does; NULL: none */
	void			*reload_cls;
	pthread_mutex_t		 lock;		/* guards current and generations */
	struct generation	*current;
	unsigned long		 generations;	/* the number of the current one */
	struct listener		*listeners;
	size_t			 n_listeners;
	unsigned long		 open_files;	/* RLIMIT_NOFILE after raising it */
	unsigned		 max_connections;	/* per listener, after the fd limit */
};

/* listener.c */
/* The generation that answers from now on, held for the caller. */
struct generation	*server_hold_current(struct server *);
/* libmicrohttpd's messages, rate-limited (MHD_OPTION_EXTERNAL_LOGGER; cls: the server). */
void			 server_log_mhd(void *cls, const char *fmt, va_list ap)
			     __attribute__((format(printf, 2, 0)));
/* Connections open on the client listeners now. */
unsigned		 server_open_connections(const struct server *);
/* The connection registries' counts, summed over the listeners, as Prometheus text appended to s. */
char			*server_render_conns(const struct server *, char *s);
/* Connections closed by the PROXY protocol acceptors. */
unsigned long		 server_proxy_rejected(const struct server *);

/* exchange.c: the libmicrohttpd callbacks of a client listener (cls: the listener). */
void	*exchange_on_uri(void *cls, const char *uri, struct MHD_Connection *);
void	 exchange_on_completed(void *cls, struct MHD_Connection *, void **req_cls,
	     enum MHD_RequestTerminationCode);
void	 exchange_on_connection(void *cls, struct MHD_Connection *, void **socket_context,
	     enum MHD_ConnectionNotificationCode);
enum MHD_Result exchange_on_request(void *cls, struct MHD_Connection *, const char *url,
	     const char *method, const char *version, const char *upload_data,
	     size_t *upload_data_size, void **req_cls);

/* admin.c: the admin listener (s->admin): /metrics, /healthz, the API. 0, or -1 with *cause. */
int	 admin_start(struct server *, const struct topology *, char **cause);

#endif
