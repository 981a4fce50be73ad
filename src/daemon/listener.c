/* SPDX-License-Identifier: MIT */
/*
 * listener.c: the server — one libmicrohttpd daemon per configured listener
 * (with a PROXY protocol acceptor in front where configured), the generation
 * in service, reload, drain and stop.
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <microhttpd.h>

#include "server.h"
#include "acceptor.h"
#include "accesslog.h"
#include "conns.h"
#include "endpoint.h"
#include "faults.h"
#include "generation.h"
#include "journal.h"
#include "metrics.h"
#include "signin_gate.h"
#include "tls_wait.h"
#include "timers.h"
#include "tls.h"
#include "tls_store.h"
#include "util.h"

/*
 * Each connection's memory: its request head, parsed in place, and the
 * answer's header. A head (request line and header fields) of up to about
 * 15.5 KiB is served; a longer one gets 414/431 from libmicrohttpd. Lync and
 * Skype for Business servers run on IIS, whose http.sys refuses a head over
 * 16 KiB by default (MaxRequestBytes 16384), so no client of the protocol
 * sends more. libmicrohttpd 0.9.75 zeroes the whole pool between two
 * requests of a keep-alive connection: 16 KiB instead of 32 KiB halves that,
 * the largest single cost of a request (see HACKING, Hot path).
 */
#define CONNECTION_MEMORY_LIMIT (16 * 1024)
#define MHD_LOG_PER_SECOND 10
/* Descriptors kept for everything but client connections (files, admin, acceptors). */
#define FD_RESERVE 128
/* A PROXY protocol header must arrive within this after the connection. */
#define PROXY_HEADER_DEADLINE_MS 5000
/* Connections a delay fault may hold suspended at once; more are answered undelayed. */
#define MAX_DELAYED 65536

/*
 * libmicrohttpd's own messages are mostly about clients (a dropped
 * handshake, a connection reset): at most MHD_LOG_PER_SECOND a second reach
 * stderr, the rest are counted and summed up in the next second's first line.
 * With log-level "warning" or "error" they are not printed at all.
 */
void
server_log_mhd(void *cls, const char *fmt, va_list ap)
{
	struct server *s = cls;
	time_t now = time(NULL);
	unsigned long dropped;

	if (s == NULL || s->quiet_mhd)
		return;
	pthread_mutex_lock(&s->log_lock);
	if (now != s->log_second) {
		dropped = s->log_dropped;
		s->log_second = now;
		s->log_count = 0;
		s->log_dropped = 0;
		if (dropped > 0)
			fprintf(stderr, "lyncdiscoverd: libmicrohttpd: %lu more message(s) not shown "
			    "(at most %d a second)\n", dropped, MHD_LOG_PER_SECOND);
	}
	if (s->log_count++ < MHD_LOG_PER_SECOND) {
		fputs("lyncdiscoverd: libmicrohttpd: ", stderr);
		vfprintf(stderr, fmt, ap);
	} else
		s->log_dropped++;
	pthread_mutex_unlock(&s->log_lock);
}

struct generation *
server_hold_current(struct server *s)
{
	struct generation *g;

	pthread_mutex_lock(&s->lock);
	g = s->current;
	generation_hold(g);
	pthread_mutex_unlock(&s->lock);
	return g;
}

static unsigned
thread_count(const struct topology *t)
{
	long n;

	if (t->threads > 0)
		return t->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 && n < 64 ? (unsigned)n : 2;
}

/* Is peer a trusted proxy of the configuration in service? (for the PROXY protocol) */
static bool
trusted_peer(void *ctx, const struct netaddr *peer)
{
	struct server *s = ctx;
	struct generation *g = server_hold_current(s);
	const struct topology *t = g->snapshot->topology;
	bool ok = cidr_list_contains(t->trusted_proxies, t->n_trusted_proxies, peer);

	generation_release(g);
	return ok;
}

/* libmicrohttpd's connection limit for ours: room for the connections being closed. */
static unsigned
mhd_connection_limit(unsigned max)
{
	return max + max / 8 + 16;
}

/*
 * Raises the open-files limit to its hard limit and sizes the connection
 * limit per listener to fit in it: each connection is a descriptor.
 */
static void
size_for_descriptors(struct server *s, const struct topology *t)
{
	struct rlimit rl;
	unsigned long room;
	unsigned n = t->n_listeners > 0 ? (unsigned)t->n_listeners : 1;

	s->max_connections = t->max_connections;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	s->open_files = rl.rlim_cur == RLIM_INFINITY ? 1UL << 20 : (unsigned long)rl.rlim_cur;
	room = s->open_files > FD_RESERVE ? (s->open_files - FD_RESERVE) / n : 0;
	/* libmicrohttpd's headroom is transient: past the limit it pauses accept() a moment. */
	if (room < s->max_connections)
		s->max_connections = room > 0 ? (unsigned)room : 1;
	/* Said when asked for explicitly, or when little is left; /metrics always tells. */
	if (t->log_level >= LOG_WARNING && s->max_connections < t->max_connections &&
	    (t->max_connections != TOPOLOGY_DEFAULT_MAX_CONNECTIONS || s->max_connections < 1024))
		fprintf(stderr, "lyncdiscoverd: warning: open files limit %lu: at most %u "
		    "connections per listener (max-connections=\"%u\"; raise the hard limit, "
		    "LimitNOFILE= in systemd)\n", s->open_files, s->max_connections,
		    t->max_connections);
}

/*
 * The kernel accepts a connection for libmicrohttpd only once its first
 * bytes have come (TCP_DEFER_ACCEPT, as nginx's "deferred" and Apache
 * httpd's default AcceptFilter): the request is then read at once, with no
 * wait for it in the listener's loop. One second, as nginx (a connection can
 * bypass the deferral anyway, under SYN cookies): a client that connects and
 * says nothing is handed over a second late, its header-timeout then counted
 * from there (one that closes comes with its FIN, at once). Where the
 * option is missing, connections come as before.
 */
static void
defer_accept(struct MHD_Daemon *d)
{
#ifdef TCP_DEFER_ACCEPT
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	static const int seconds = 1;

	if (info != NULL)
		(void)setsockopt(info->listen_fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &seconds,
		    sizeof seconds);
#else
	(void)d;
#endif
}

static int
start_listener(struct listener *l, const struct topology *t, const struct listener_conf *lc,
    char **cause)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
	    MHD_USE_ITC |	/* MHD_quiesce_daemon() needs it */
	    MHD_ALLOW_SUSPEND_RESUME;	/* sign-ins wait for a worker suspended (signin_gate.h) */
	struct MHD_OptionItem opt[16];
	struct sockaddr_storage ss;
	socklen_t ss_len;
	size_t n = 0;
	bool v6;

	if (endpoint_sockaddr(lc->address, lc->port, &ss, &ss_len, &v6) != 0) {
		*cause = xasprintf_s("listener %s: not a numeric address", lc->address);
		return -1;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	/*
	 * The per-client limit is counted here rather than by libmicrohttpd's
	 * MHD_OPTION_PER_IP_CONNECTION_LIMIT, which closes connections unseen
	 * (and so uncounted in /metrics).
	 */
	l->conns = conns_new(&(struct conns_limits){ .max = l->server->max_connections,
	    .per_client = t->max_connections_per_client,
	    .header_ms = t->header_timeout * 1000, .keepalive_ms = t->keepalive_timeout * 1000 },
	    cause);
	if (l->conns == NULL)
		return -1;
	if (lc->tls) {
		if (tls_load_pair(lc->certs[0].cert_file, lc->certs[0].key_file, &l->cert_pem,
		    &l->key_pem, cause) != 0 || (l->store = tls_store_new(t, lc, cause)) == NULL)
			return -1;
		flags |= MHD_USE_TLS;
	} else {
		/*
		 * A new plain connection is read at once rather than first
		 * waited for in epoll (with its request already there: see
		 * defer_accept()), and closed without shutdown(SHUT_WR) first,
		 * a system call that changes nothing before the close. Not for
		 * TLS: there it would skip the close_notify alert.
		 */
		flags |= MHD_USE_TURBO;
	}
	/* The logger first, or libmicrohttpd logs the options before it its own way. */
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)server_log_mhd,
	    l->server };
	if (lc->proxy_protocol != 0)
		flags |= MHD_USE_NO_LISTEN_SOCKET;	/* the acceptor hands connections over */
	else
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &ss };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE, thread_count(t), NULL };
	/* libmicrohttpd's one inactivity timer; the head and idle deadlines are conns.c's. */
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
	    (intptr_t)(t->keepalive_timeout > t->connection_timeout ? t->keepalive_timeout :
	    t->connection_timeout), NULL };
	/*
	 * libmicrohttpd's limit, split evenly between the pool's threads, is set
	 * above ours so that conns.c sees every connection at the limit and can
	 * close an idle one for it (libmicrohttpd would close the new one unseen).
	 */
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
	    (intptr_t)mhd_connection_limit(l->server->max_connections), NULL };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    CONNECTION_MEMORY_LIMIT, NULL };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)exchange_on_uri, l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED,
	    (intptr_t)exchange_on_completed, l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_CONNECTION,
	    (intptr_t)exchange_on_connection, l };
	if (lc->tls) {
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, l->cert_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, l->key_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
		    t->tls_priority };
	}
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	l->daemon = MHD_start_daemon(flags, (uint16_t)lc->port, NULL, NULL, exchange_on_request, l,
	    MHD_OPTION_ARRAY, opt, MHD_OPTION_END);
	if (l->daemon == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (%s)", lc->address, lc->port,
		    lc->tls ? "https" : "http");
		return -1;
	}
	if (lc->proxy_protocol == 0)
		defer_accept(l->daemon);
	if (lc->proxy_protocol != 0 && (l->acceptor = acceptor_start((struct sockaddr *)&ss, ss_len, l->daemon,
	    lc->proxy_protocol, PROXY_HEADER_DEADLINE_MS, trusted_peer, l->server, cause)) == NULL)
		return -1;
	return 0;
}

unsigned
server_open_connections(const struct server *s)
{
	const union MHD_DaemonInfo *info;
	unsigned n = 0;
	size_t i;

	for (i = 0; i < s->n_listeners; i++) {
		info = MHD_get_daemon_info(s->listeners[i].daemon,
		    MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		n += info != NULL ? info->num_connections : 0;
	}
	return n;
}

char *
server_render_conns(const struct server *s, char *out)
{
	struct conns_counts n;
	size_t i;

	memset(&n, 0, sizeof n);
	for (i = 0; i < s->n_listeners; i++)
		conns_counts(s->listeners[i].conns, &n);
	if (out == NULL)
		return NULL;
	return xstrappendf(out,
	    "# HELP lyncdiscover_connections_closed_total Connections the daemon closed, by reason: "
	    "header-timeout (no complete request head in time), keepalive-timeout (silent too long "
	    "between requests), evicted (idle keep-alive closed for a new connection at the limit), "
	    "refused (new connection at the limit, none idle), per-client (new connection "
	    "over max-connections-per-client).\n"
	    "# TYPE lyncdiscover_connections_closed_total counter\n"
	    "lyncdiscover_connections_closed_total{reason=\"header-timeout\"} %lu\n"
	    "lyncdiscover_connections_closed_total{reason=\"keepalive-timeout\"} %lu\n"
	    "lyncdiscover_connections_closed_total{reason=\"evicted\"} %lu\n"
	    "lyncdiscover_connections_closed_total{reason=\"refused\"} %lu\n"
	    "lyncdiscover_connections_closed_total{reason=\"per-client\"} %lu\n"
	    "# HELP lyncdiscover_tls_handshake_waits_total Times a TLS handshake waited for the "
	    "client's next bytes off the listener threads (its connection suspended).\n"
	    "# TYPE lyncdiscover_tls_handshake_waits_total counter\n"
	    "lyncdiscover_tls_handshake_waits_total %lu\n"
	    "# HELP lyncdiscover_tls_writes_behind_total Times an answer's bytes found the socket "
	    "full and were written behind by the daemon (its answers go as one TLS record).\n"
	    "# TYPE lyncdiscover_tls_writes_behind_total counter\n"
	    "lyncdiscover_tls_writes_behind_total %lu\n"
	    "# HELP lyncdiscover_max_connections The connection limit of each listener.\n"
	    "# TYPE lyncdiscover_max_connections gauge\n"
	    "lyncdiscover_max_connections %u\n"
	    "# HELP lyncdiscover_open_files_limit The daemon's open files limit (RLIMIT_NOFILE).\n"
	    "# TYPE lyncdiscover_open_files_limit gauge\n"
	    "lyncdiscover_open_files_limit %lu\n",
	    n.header_timeouts, n.keepalive_timeouts, n.evicted, n.refused, n.refused_per_client,
	    tls_wait_count(s->tls_wait), tls_wait_behind_count(s->tls_wait), s->max_connections,
	    s->open_files);
}

unsigned long
server_proxy_rejected(const struct server *s)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < s->n_listeners; i++)
		n += acceptor_rejected(s->listeners[i].acceptor);
	return n;
}

/* The test rigs' tools: the journal, the fault rules and the delays' timers. */
static int
start_rig_tools(struct server *s, const struct topology *t, char **cause)
{
	unsigned long long seed = 0;

	(void)gnutls_rnd(GNUTLS_RND_NONCE, &seed, sizeof seed);
	s->journal = journal_new(t->journal_size);	/* NULL: off, or out of memory */
	if (t->journal_size > 0 && s->journal == NULL) {
		*cause = xasprintf_s("out of memory for a journal of %u entries", t->journal_size);
		return -1;
	}
	if ((s->faults = faults_new(seed)) == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	s->delays = timers_new(MAX_DELAYED, cause);
	return s->delays != NULL ? 0 : -1;
}

static bool
any_tls(const struct topology *t)
{
	size_t i;

	for (i = 0; i < t->n_listeners; i++)
		if (t->listeners[i].tls)
			return true;
	return false;
}

struct server *
server_start(struct snapshot *snap, struct access_log *log, server_reload_fn reload,
    void *reload_cls, char **cause)
{
	const struct topology *t = snap->topology;
	struct server *s = calloc(1, sizeof *s);
	size_t i;

	if (s == NULL || (s->listeners = calloc(t->n_listeners, sizeof *s->listeners)) == NULL) {
		free(s);
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->log_lock, NULL);
	s->quiet_mhd = t->log_level < LOG_INFO;
	s->log = log;
	s->reload = reload;
	s->reload_cls = reload_cls;
	s->generations = 1;
	if ((s->metrics = metrics_new()) == NULL) {
		free(s->listeners);
		free(s);
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	if ((s->current = generation_new(snap, cause)) == NULL ||
	    (s->gate = signin_gate_new(t, cause)) == NULL || start_rig_tools(s, t, cause) != 0) {
		server_stop(s);
		return NULL;
	}
	s->current->number = s->generations;
	size_for_descriptors(s, t);
	if (any_tls(t) && (s->tls_wait = tls_wait_new(t->keepalive_timeout, cause)) == NULL) {
		server_stop(s);
		return NULL;
	}
	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *lc = &t->listeners[i];
		struct listener *l = &s->listeners[s->n_listeners++];

		l->server = s;
		l->address = xstrdup(lc->address);
		l->port = lc->port;
		l->tls = lc->tls;
		l->location = lc->location;
		l->access_auto = lc->access_auto;
		l->proxy_protocol = lc->proxy_protocol;
		if (l->address == NULL || start_listener(l, t, lc, cause) != 0) {
			server_stop(s);
			return NULL;
		}
	}
	if (t->admin_port != 0 && admin_start(s, t, cause) != 0) {
		server_stop(s);
		return NULL;
	}
	return s;
}

void
server_stop(struct server *s)
{
	size_t i;

	if (s == NULL)
		return;
	/*
	 * The admin listener first: /metrics, /healthz and the admin API read the
	 * gate, the listeners' connection registries, the faults and the journal
	 * freed below (a health check during shutdown read the freed gate).
	 */
	if (s->admin != NULL)
		MHD_stop_daemon(s->admin);
	/* Then: libmicrohttpd must not stop with a connection still suspended. */
	signin_gate_free(s->gate);
	tls_wait_stop(s->tls_wait);
	timers_stop(s->delays);
	for (i = 0; i < s->n_listeners; i++) {
		acceptor_stop(s->listeners[i].acceptor);
		if (s->listeners[i].daemon != NULL)
			MHD_stop_daemon(s->listeners[i].daemon);
		conns_free(s->listeners[i].conns);
		tls_store_free(s->listeners[i].store);
		free(s->listeners[i].cert_pem);
		free(s->listeners[i].key_pem);
		free(s->listeners[i].address);
	}
	tls_wait_free(s->tls_wait);	/* after the listeners: their connections detach from it */
	faults_free(s->faults);
	journal_free(s->journal);
	generation_release(s->current);
	metrics_free(s->metrics);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->log_lock);
	free(s->listeners);
	free(s);
}

/* Does t have the same listeners, in the same order, as the running server? */
static bool
same_listeners(const struct server *s, const struct topology *t, char **cause)
{
	size_t i;

	if (t->n_listeners != s->n_listeners) {
		*cause = xasprintf_s("the configuration has %zu listener(s), %zu are running: "
		    "listener changes take a restart", t->n_listeners, s->n_listeners);
		return false;
	}
	for (i = 0; i < s->n_listeners; i++) {
		const struct listener *l = &s->listeners[i];
		const struct listener_conf *lc = &t->listeners[i];

		if (strcmp(l->address, lc->address) != 0 || l->port != lc->port ||
		    l->tls != lc->tls || l->location != lc->location ||
		    l->access_auto != lc->access_auto || l->proxy_protocol != lc->proxy_protocol) {
			*cause = xasprintf_s("listener %s port %u changed: listener changes take a "
			    "restart", l->address, l->port);
			return false;
		}
	}
	return true;
}

/* Reads every HTTPS listener's material for t; all or none. */
static struct tls_material **
load_materials(const struct server *s, const struct topology *t, char **cause)
{
	struct tls_material **fresh = calloc(s->n_listeners + 1, sizeof *fresh);
	char *why = NULL;
	size_t i, j;

	if (fresh == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	for (i = 0; i < s->n_listeners; i++) {
		const struct listener *l = &s->listeners[i];

		if (l->store == NULL)
			continue;
		if ((fresh[i] = tls_store_load(l->store, t, &t->listeners[i], &why)) == NULL) {
			*cause = xasprintf_s("listener %s port %u: %s", l->address, l->port, why);
			free(why);
			for (j = 0; j < i; j++)
				tls_material_free(fresh[j]);
			free(fresh);
			return NULL;
		}
	}
	return fresh;
}

/*
 * The connection settings are libmicrohttpd's options and the registries'
 * limits, set at start: a reload keeps them, and says so when they changed.
 */
static void
note_connection_settings(const struct server *s, const struct topology *t)
{
	const struct topology *o = s->current->snapshot->topology;

	if (o->journal_size != t->journal_size && t->log_level >= LOG_WARNING)
		fprintf(stderr, "lyncdiscoverd: warning: journal-size takes a restart: the journal "
		    "keeps %u entries\n", o->journal_size);
	if (o->connection_timeout == t->connection_timeout &&
	    o->header_timeout == t->header_timeout &&
	    o->keepalive_timeout == t->keepalive_timeout &&
	    o->max_connections == t->max_connections &&
	    o->max_connections_per_client == t->max_connections_per_client)
		return;
	if (t->log_level >= LOG_WARNING)
		fprintf(stderr, "lyncdiscoverd: warning: connection-timeout, header-timeout, "
		    "keepalive-timeout, max-connections and max-connections-per-client take a "
		    "restart: the running values stay\n");
}

int
server_reload(struct server *s, struct snapshot *snap, size_t *n_tls, char **cause)
{
	const struct topology *t = snap->topology;
	struct tls_material **fresh;
	struct generation *g, *old;
	size_t i;

	*n_tls = 0;
	if (!same_listeners(s, t, cause) || (fresh = load_materials(s, t, cause)) == NULL) {
		snapshot_free(snap);
		return -1;
	}
	if ((g = generation_new(snap, cause)) == NULL) {
		for (i = 0; i < s->n_listeners; i++)
			tls_material_free(fresh[i]);
		free(fresh);
		return -1;
	}
	note_connection_settings(s, t);
	/* From here nothing fails: new requests and connections get the new material. */
	pthread_mutex_lock(&s->lock);
	old = s->current;
	g->number = ++s->generations;
	s->current = g;
	pthread_mutex_unlock(&s->lock);
	for (i = 0; i < s->n_listeners; i++) {
		if (fresh[i] == NULL)
			continue;
		tls_store_swap(s->listeners[i].store, t, fresh[i]);
		(*n_tls)++;
	}
	free(fresh);
	generation_release(old);	/* freed when its last request completes */
	signin_gate_configure(s->gate, t);	/* the LDAP directory's settings */
	metrics_reload(s->metrics, true);
	return 0;
}

void
server_reload_failed(struct server *s)
{
	metrics_reload(s->metrics, false);
}

unsigned long
server_generation(struct server *s)
{
	unsigned long n;

	pthread_mutex_lock(&s->lock);
	n = s->generations;
	pthread_mutex_unlock(&s->lock);
	return n;
}

const struct snapshot *
server_snapshot(const struct server *s)
{
	/* Only the thread that reloads calls this, so s->current cannot change under it. */
	return s->current->snapshot;
}

void
server_drain(struct server *s, unsigned deadline)
{
	struct timespec nap = { 0, 50 * 1000 * 1000 };
	unsigned waited = 0;
	size_t i;

	/* Stop accepting: the listening sockets close; open connections go on. */
	for (i = 0; i < s->n_listeners; i++) {
		struct listener *l = &s->listeners[i];
		MHD_socket fd;

		if (l->acceptor != NULL) {
			acceptor_stop(l->acceptor);
			l->acceptor = NULL;
			continue;
		}
		if ((fd = MHD_quiesce_daemon(l->daemon)) != MHD_INVALID_SOCKET)
			close(fd);
	}
	while (server_open_connections(s) > 0 && waited < deadline * 20) {
		nanosleep(&nap, NULL);
		waited++;
	}
}
