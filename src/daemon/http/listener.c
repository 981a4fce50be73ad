/* SPDX-License-Identifier: MIT */
/*
 * listener.c: one client listener — its libmicrohttpd daemon, with the
 * options every listener gets, and a PROXY protocol acceptor in front where
 * configured.
 */
#include <config.h>

#include <assert.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "acceptor.h"
#include "conns.h"
#include "endpoint.h"
#include "server_impl.h"
#include "tls.h"
#include "tls_faults.h"
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
/* A PROXY protocol header must arrive within this after the connection. */
#define PROXY_HEADER_DEADLINE_MS 5000

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
	struct generation *g = generation_slot_hold(&s->current);
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

/* What the listener keeps of lc: it outlives the configuration it came from. */
static int
keep_conf(struct listener *l, struct server *s, const struct listener_conf *lc, char **cause)
{
	l->server = s;
	l->address = xstrdup(lc->address);
	l->port = lc->port;
	l->tls = lc->tls;
	l->location = lc->location;
	l->access_mode = lc->access_mode;
	l->proxy_protocol = lc->proxy_protocol;
	if (l->address != NULL)
		return 0;
	*cause = xstrdup("out of memory");
	return -1;
}

/*
 * The options of l's libmicrohttpd daemon into opt (room for 16), ss its
 * address; the flags into *flags.
 */
static void
mhd_options(const struct listener *l, const struct topology *t, const struct listener_conf *lc,
    const struct sockaddr_storage *ss, struct MHD_OptionItem opt[16], unsigned *flags)
{
	size_t n = 0;

	/* The logger first, or libmicrohttpd logs the options before it its own way. */
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log_message,
	    &l->server->mhd_log };
	if (lc->proxy_protocol != 0)
		*flags |= MHD_USE_NO_LISTEN_SOCKET;	/* the acceptor hands connections over */
	else
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, (void *)(uintptr_t)ss };
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
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)exchange_on_uri,
	    (void *)(uintptr_t)l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED,
	    (intptr_t)exchange_on_completed, (void *)(uintptr_t)l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_CONNECTION,
	    (intptr_t)connection_on_notify, (void *)(uintptr_t)l };
	if (lc->tls) {
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, l->cert_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, l->key_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
		    t->tls_priority };
	}
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	assert(n <= 16);
}

int
listener_start(struct listener *l, struct server *s, const struct topology *t,
    const struct listener_conf *lc, char **cause)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
	    MHD_USE_ITC |	/* MHD_quiesce_daemon() needs it */
	    MHD_ALLOW_SUSPEND_RESUME;	/* sign-ins wait for a worker suspended (signin_gate.h) */
	struct MHD_OptionItem opt[16];
	struct sockaddr_storage ss;
	socklen_t ss_len;
	bool v6;

	if (keep_conf(l, s, lc, cause) != 0)
		return -1;
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
	l->conns = conns_new(&(struct conns_limits){ .max = s->max_connections,
	    .per_client = t->max_connections_per_client,
	    .header_ms = t->header_timeout * 1000, .keepalive_ms = t->keepalive_timeout * 1000 },
	    cause);
	if (l->conns == NULL)
		return -1;
	if (lc->tls) {
		if (tls_load_pair(lc->certs[0].cert_file, lc->certs[0].key_file, &l->cert_pem,
		    &l->key_pem, cause) != 0 || (l->store = tls_store_new(t, lc, cause)) == NULL ||
		    tls_hello_policy_init(&l->hello.policy, t->tls_priority, cause) != 0)
			return -1;
		l->hello.faults = tls_faults_hello;
		l->hello.faults_cls = l;
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
	mhd_options(l, t, lc, &ss, opt, &flags);
	l->daemon = MHD_start_daemon(flags, (uint16_t)lc->port, NULL, NULL, exchange_on_request, l,
	    MHD_OPTION_ARRAY, opt, MHD_OPTION_END);
	if (l->daemon == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (%s)", lc->address, lc->port,
		    lc->tls ? "https" : "http");
		return -1;
	}
	if (lc->proxy_protocol == 0) {
		defer_accept(l->daemon);
		return 0;
	}
	l->acceptor = acceptor_start((struct sockaddr *)&ss, ss_len, l->daemon, lc->proxy_protocol,
	    PROXY_HEADER_DEADLINE_MS, trusted_peer, s, cause);
	return l->acceptor != NULL ? 0 : -1;
}

void
listener_quiesce(struct listener *l)
{
	MHD_socket fd;

	if (l->acceptor != NULL) {
		acceptor_stop(l->acceptor);
		l->acceptor = NULL;
		return;
	}
	if (l->daemon != NULL && (fd = MHD_quiesce_daemon(l->daemon)) != MHD_INVALID_SOCKET)
		close(fd);
}

unsigned
listener_open_connections(const struct listener *l)
{
	const union MHD_DaemonInfo *info;

	if (l->daemon == NULL)
		return 0;
	info = MHD_get_daemon_info(l->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return info != NULL ? info->num_connections : 0;
}

void
listener_stop(struct listener *l)
{
	acceptor_stop(l->acceptor);
	if (l->daemon != NULL)
		MHD_stop_daemon(l->daemon);
	conns_free(l->conns);
	tls_store_free(l->store);
	tls_hello_policy_free(&l->hello.policy);
	free(l->cert_pem);
	free(l->key_pem);
	free(l->address);
}
