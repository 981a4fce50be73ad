/*
 * http.c: libmicrohttpd glue.
 *
 * Per request: the URI log callback keeps the raw request-target (the core
 * parses it itself, so that broken escapes are a 400 instead of being
 * "repaired"); the access handler answers on its second call — queueing on
 * the first makes libmicrohttpd 0.9.75 close keep-alive connections — except
 * for requests that carry a body, which are refused at once (the connection
 * then closes, and the body is never read).
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http.h"
#include "acceptor.h"
#include "accesslog.h"
#include "form.h"
#include "generation.h"
#include "metrics.h"
#include "proxyproto.h"
#include "respond.h"
#include "signin_gate.h"
#include "tls.h"
#include "tls_store.h"
#include "util.h"

/* Request lines or header blocks beyond this get 414/431 from libmicrohttpd. */
#define CONNECTION_MEMORY_LIMIT (32 * 1024)
/* POST bodies up to this are read to the end before the answer (see on_request). */
#define POST_DISCARD_MAX (64 * 1024)
#define MHD_LOG_PER_SECOND 10
/* A PROXY protocol header must arrive within this after the connection. */
#define PROXY_HEADER_DEADLINE_MS 5000

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
	struct MHD_Daemon	*admin;		/* /metrics and /healthz, or NULL */
	pthread_mutex_t		 lock;		/* guards current */
	struct generation	*current;
	struct listener		*listeners;
	size_t			 n_listeners;
};

/* What the access log says of a request, gathered while it is answered. */
struct exchange_log {
	struct timespec		 start_real, start;	/* CLOCK_REALTIME, CLOCK_MONOTONIC */
	struct access_entry	 e;
	char			 method[16], version[16], host[256], user_agent[256];
	bool			 answered;
};

/* What one request carries between the access handler's calls. */
struct exchange {
	struct generation *gen;		/* what answers it, held from start to end */
	struct exchange_log log;
	bool	 answered_first_call;
	bool	 reading_body;		/* a POST whose body is being read */
	bool	 body_too_large;	/* more than FORM_MAX bytes: the rest is discarded */
	size_t	 body_len;
	char	*body;			/* FORM_MAX bytes, allocated by the first piece */
	struct signin_job *job;		/* a password check on a worker (signin_gate.h) */
	char	 target[];
};

struct header_scan {
	const char	*host;
	unsigned	 host_count;
	const char	*accept;
	char		*accept_joined;	/* heap; only when Accept is repeated */
	bool		 has_body;
	const char	*authorization;
	const char	*webticket;
	const char	*origin;
	const char	*ms_origin;
	const char	*content_type;
	const char	*forwarded;
	const char	*x_forwarded_for;
	const char	*x_forwarded_proto;
	const char	*x_forwarded_host;
};

static void log_mhd(void *, const char *, va_list) __attribute__((format(printf, 2, 0)));

/*
 * libmicrohttpd's own messages are mostly about clients (a dropped
 * handshake, a connection reset): at most MHD_LOG_PER_SECOND a second reach
 * stderr, the rest are counted and summed up in the next second's first line.
 * With log-level "warning" or "error" they are not printed at all.
 */
static void
log_mhd(void *cls, const char *fmt, va_list ap)
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

/* The generation that answers from now on, held for the caller. */
static struct generation *
hold_current(struct server *s)
{
	struct generation *g;

	pthread_mutex_lock(&s->lock);
	g = s->current;
	generation_hold(g);
	pthread_mutex_unlock(&s->lock);
	return g;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct listener *l = cls;
	size_t len = strlen(uri);
	struct exchange *x = malloc(sizeof *x + len + 1);

	(void)c;
	if (x != NULL) {
		x->gen = hold_current(l->server);
		memset(&x->log, 0, sizeof x->log);
		clock_gettime(CLOCK_REALTIME, &x->log.start_real);
		clock_gettime(CLOCK_MONOTONIC, &x->log.start);
		x->answered_first_call = false;
		x->reading_body = false;
		x->body_too_large = false;
		x->body_len = 0;
		x->body = NULL;
		x->job = NULL;
		memcpy(x->target, uri, len + 1);
	}
	return x;
}

static void
copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "-");
}

/* Keeps what the access log needs of the request and its reply. */
static void
remember(struct exchange *x, struct MHD_Connection *c, const char *method, const char *version,
    const struct reply *r)
{
	struct exchange_log *g = &x->log;

	copy_field(g->method, sizeof g->method, method);
	copy_field(g->version, sizeof g->version, version);
	snprintf(g->host, sizeof g->host, "%.*s", r->host != NULL ? (int)r->host_len : 1,
	    r->host != NULL ? r->host : "-");
	copy_field(g->user_agent, sizeof g->user_agent,
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT));
	g->e.client = r->client;
	g->e.tls = r->client_tls;
	g->e.status = r->status;
	g->e.bytes = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ? 0 : r->body_len;
	g->e.resource = r->resource;	/* static strings */
	g->e.content_type = r->content_type;	/* static strings */
	g->e.location = r->location;
	g->answered = true;
}

/* A request is over: the metrics and the access log. */
static void
account(struct server *s, struct exchange *x)
{
	struct exchange_log *g = &x->log;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	g->e.when = g->start_real;
	g->e.ms = (double)(now.tv_sec - g->start.tv_sec) * 1e3 +
	    (double)(now.tv_nsec - g->start.tv_nsec) / 1e6;
	metrics_request(s->metrics, g->e.resource, g->e.content_type, g->e.location, g->e.status,
	    g->e.ms / 1e3);
	if (s->log == NULL)
		return;
	g->e.method = g->method;
	g->e.version = g->version;
	g->e.host = g->host;
	g->e.user_agent = g->user_agent;
	g->e.target = x->target;
	access_log_write(s->log, &g->e);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct listener *l = cls;
	struct exchange *x = *req_cls;

	(void)toe;
	if (x == NULL)
		return;
	if (x->log.answered)
		account(l->server, x);
	signin_job_free(x->job);
	generation_release(x->gen);
	free(x->body);
	free(x);
	*req_cls = NULL;
}

/*
 * A new connection, before its TLS handshake: give its session the listener's
 * current certificates and ticket key (libmicrohttpd 0.9.75 has neither SNI
 * certificate sets nor session resumption of its own). The reference is
 * dropped when the connection closes, so a reload never pulls the material
 * from under a live session.
 */
static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct listener *l = cls;
	const union MHD_ConnectionInfo *ci;

	if (l->store == NULL)
		return;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		tls_store_detach(*socket_context);
		*socket_context = NULL;
		return;
	}
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	*socket_context = ci != NULL ? tls_store_attach(l->store, ci->tls_session) : NULL;
	metrics_tls_connection(l->server->metrics);
}

/*
 * Repeated Accept headers form one list (RFC 9110 §5.3). The joined list is
 * allocated whole — a fixed buffer would cut a media range in half and turn
 * "application/xmlx" into "application/xml". Its size is bounded by the
 * connection memory limit that bounds the header block. If memory runs out,
 * the later header is dropped whole, which leaves a valid list.
 */
static void
join_accept(struct header_scan *hs, const char *value)
{
	size_t have, add;
	char *joined;

	if (hs->accept == NULL) {
		hs->accept = value;
		return;
	}
	have = strlen(hs->accept);
	add = strlen(value);
	joined = realloc(hs->accept_joined, have + 1 + add + 1);
	if (joined == NULL)
		return;
	if (hs->accept_joined == NULL)
		memcpy(joined, hs->accept, have);
	joined[have] = ',';
	memcpy(joined + have + 1, value, add + 1);
	hs->accept_joined = joined;
	hs->accept = joined;
}

static bool
body_header(const char *key, const char *value)
{
	if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		return true;
	return strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0 &&
	    strspn(value, "0") != strlen(value);
}

static enum MHD_Result
find_body_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	bool *found = cls;

	(void)kind;
	if (!body_header(key, value))
		return MHD_YES;
	*found = true;
	return MHD_NO;	/* stop iterating */
}

/* Does the request announce a body (Transfer-Encoding, non-zero Content-Length)? */
static bool
announces_body(struct MHD_Connection *c)
{
	bool found = false;

	MHD_get_connection_values(c, MHD_HEADER_KIND, find_body_header, &found);
	return found;
}

/* The headers the core reads once: the first of each counts. */
static void
keep_first(struct header_scan *hs, const char *key, const char *value)
{
	static const struct {
		const char	*name;
		size_t		 offset;
	} kept[] = {
		{ "Authorization", offsetof(struct header_scan, authorization) },
		{ "X-MS-WebTicket", offsetof(struct header_scan, webticket) },
		{ "Origin", offsetof(struct header_scan, origin) },
		{ "X-Ms-Origin", offsetof(struct header_scan, ms_origin) },
		{ "Content-Type", offsetof(struct header_scan, content_type) },
		{ "Forwarded", offsetof(struct header_scan, forwarded) },
		{ "X-Forwarded-For", offsetof(struct header_scan, x_forwarded_for) },
		{ "X-Forwarded-Proto", offsetof(struct header_scan, x_forwarded_proto) },
		{ "X-Forwarded-Host", offsetof(struct header_scan, x_forwarded_host) },
	};
	const char **slot;
	size_t i;

	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		if (strcasecmp(key, kept[i].name) != 0)
			continue;
		slot = (const char **)(void *)((char *)hs + kept[i].offset);
		if (*slot == NULL)
			*slot = value;
		return;
	}
}

/* The Content-Length of the request, 0 if none or malformed. */
static unsigned long long
announced_length(struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);

	return v != NULL ? strtoull(v, NULL, 10) : 0;
}

static enum MHD_Result
scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct header_scan *hs = cls;

	(void)kind;
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		if (hs->host_count++ == 0)
			hs->host = value;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_ACCEPT) == 0)
		join_accept(hs, value);
	else if (body_header(key, value))
		hs->has_body = true;
	else
		keep_first(hs, key, value);
	return MHD_YES;
}

static enum MHD_Result
queue_reply(const struct generation *g, struct MHD_Connection *c, const struct reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->prepared >= 0)
		return MHD_queue_response(c, r->status, g->responses[r->prepared]);
	resp = generation_response(r, false);
	if (resp == NULL)
		return MHD_NO;	/* out of memory: libmicrohttpd closes the connection */
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The TCP peer of the connection as data for the core. */
static void
peer_address(struct MHD_Connection *c, struct netaddr *a)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	memset(a, 0, sizeof *a);
	if (sa != NULL && sa->sa_family == AF_INET)
		netaddr_set(a, 4, &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		netaddr_set(a, 6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

/* Appends a piece of a POST body; past FORM_MAX the body is only counted as too large. */
static void
keep_body(struct exchange *x, const char *data, size_t len)
{
	if (x->body == NULL && (x->body = malloc(FORM_MAX)) == NULL)
		x->body_too_large = true;	/* out of memory: refused like an oversized body */
	if (x->body_too_large || len > FORM_MAX - x->body_len) {
		x->body_too_large = true;
		return;
	}
	memcpy(x->body + x->body_len, data, len);
	x->body_len += len;
}

/* The access handler's call after a sign-in worker resumed the connection. */
static enum MHD_Result
answer_signin(struct exchange *x, struct MHD_Connection *c, const char *method,
    const char *version)
{
	const struct reply *r = signin_job_reply(x->job);
	enum MHD_Result ret;

	remember(x, c, method, version, r);
	ret = queue_reply(x->gen, c, r);
	signin_job_free(x->job);
	x->job = NULL;
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct listener *l = cls;
	struct exchange *x = *req_cls;
	struct header_scan hs;
	struct request rq;
	struct reply r;
	enum MHD_Result ret;

	(void)url;
	if (x == NULL)
		return MHD_NO;
	if (x->job != NULL)
		return answer_signin(x, c, method, version);
	if (!x->answered_first_call) {
		x->answered_first_call = true;
		/* Only a POST's body is read (the token endpoint's); others are refused at once. */
		x->reading_body = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
		/*
		 * A POST body is read (past FORM_MAX only counted) and answered after:
		 * libmicrohttpd 0.9.75 accepts a response only before the body or after
		 * all of it, and answering before makes it close the connection while
		 * the client still sends, which clients see as a reset. A body
		 * announced larger than POST_DISCARD_MAX is not worth reading: it is
		 * answered at once (413 or 405), unread.
		 */
		if (x->reading_body && announced_length(c) > POST_DISCARD_MAX)
			x->body_too_large = true;
		else if (!announces_body(c) || x->reading_body)
			return MHD_YES;
	} else if (*upload_data_size != 0) {
		keep_body(x, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&hs, 0, sizeof hs);
	MHD_get_connection_values(c, MHD_HEADER_KIND, scan_header, &hs);
	rq = (struct request){
		.method = method,
		.target = x->target,
		.http11 = strcmp(version, MHD_HTTP_VERSION_1_0) != 0,
		.host = hs.host,
		.host_count = hs.host_count,
		.accept = hs.accept,
		.has_body = hs.has_body,
		.tls = l->tls,
		.location = l->location,
		.location_auto = l->access_auto,
		.via_trusted_proxy = l->proxy_protocol != 0,
		.forwarded = hs.forwarded,
		.x_forwarded_for = hs.x_forwarded_for,
		.x_forwarded_proto = hs.x_forwarded_proto,
		.x_forwarded_host = hs.x_forwarded_host,
		.authorization = hs.authorization,
		.webticket = hs.webticket,
		.origin = hs.origin,
		.ms_origin = hs.ms_origin,
		.content_type = hs.content_type,
		.body = x->reading_body && !x->body_too_large ? (x->body != NULL ? x->body : "") : NULL,
		.body_len = x->body_len,
		.body_too_large = x->body_too_large,
		.now = (long long)time(NULL),
	};
	peer_address(c, &rq.peer);
	switch (signin_gate_begin(l->server->gate, c, x->gen, &rq, hs.accept_joined, &x->job, &r)) {
	case SIGNIN_GATE_SUSPENDED:
		return MHD_YES;	/* answered when the worker resumes the connection */
	case SIGNIN_GATE_NOT_MINE:
		respond(x->gen->snapshot, &rq, &r);
		break;
	case SIGNIN_GATE_ANSWERED:
	default:
		break;
	}
	remember(x, c, method, version, &r);
	ret = queue_reply(x->gen, c, &r);
	reply_release(&r);
	free(hs.accept_joined);
	return ret;
}

static int
make_sockaddr(const struct listener_conf *lc, struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, lc->address, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)lc->port);
		*v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, lc->address, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)lc->port);
		*v6 = true;
		return 0;
	}
	return -1;
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
	struct generation *g = hold_current(s);
	const struct topology *t = g->snapshot->topology;
	bool ok = cidr_list_contains(t->trusted_proxies, t->n_trusted_proxies, peer);

	generation_release(g);
	return ok;
}

static int
start_listener(struct listener *l, const struct topology *t, const struct listener_conf *lc,
    char **cause)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
	    MHD_USE_ITC |	/* MHD_quiesce_daemon() needs it */
	    MHD_ALLOW_SUSPEND_RESUME;	/* sign-ins wait for a worker suspended (signin_gate.h) */
	struct MHD_OptionItem opt[13];
	struct sockaddr_storage ss;
	size_t n = 0;
	bool v6;

	if (make_sockaddr(lc, &ss, &v6) != 0) {
		*cause = xasprintf_s("listener %s: not a numeric address", lc->address);
		return -1;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	if (lc->tls) {
		if (tls_load_pair(lc->certs[0].cert_file, lc->certs[0].key_file, &l->cert_pem,
		    &l->key_pem, cause) != 0 || (l->store = tls_store_new(t, lc, cause)) == NULL)
			return -1;
		flags |= MHD_USE_TLS;
	}
	/* The logger first, or libmicrohttpd logs the options before it its own way. */
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)log_mhd,
	    l->server };
	if (lc->proxy_protocol != 0)
		flags |= MHD_USE_NO_LISTEN_SOCKET;	/* the acceptor hands connections over */
	else
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &ss };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE, thread_count(t), NULL };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
	    (intptr_t)t->connection_timeout, NULL };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    CONNECTION_MEMORY_LIMIT, NULL };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED,
	    (intptr_t)on_completed, l };
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_CONNECTION,
	    (intptr_t)on_connection, l };
	if (lc->tls) {
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, l->cert_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, l->key_pem };
		opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_PRIORITIES, 0,
		    t->tls_priority };
	}
	opt[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	l->daemon = MHD_start_daemon(flags, (uint16_t)lc->port, NULL, NULL, on_request, l,
	    MHD_OPTION_ARRAY, opt, MHD_OPTION_END);
	if (l->daemon == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (%s)", lc->address, lc->port,
		    lc->tls ? "https" : "http");
		return -1;
	}
	if (lc->proxy_protocol != 0 && (l->acceptor = acceptor_start((struct sockaddr *)&ss,
	    v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in), l->daemon,
	    lc->proxy_protocol, PROXY_HEADER_DEADLINE_MS, trusted_peer, l->server, cause)) == NULL)
		return -1;
	return 0;
}

static unsigned
open_connections(const struct server *s)
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

static unsigned long
proxy_rejected(const struct server *s)
{
	unsigned long n = 0;
	size_t i;

	for (i = 0; i < s->n_listeners; i++)
		n += acceptor_rejected(s->listeners[i].acceptor);
	return n;
}

static enum MHD_Result
queue_text(struct MHD_Connection *c, unsigned status, const char *type, char *body)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (body == NULL)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The admin listener: /metrics (Prometheus) and /healthz; nothing else. */
static enum MHD_Result
on_admin(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	static int first;
	struct server *s = cls;

	(void)version;
	(void)upload_data;
	if (*req_cls == NULL) {	/* answer on the second call: keep-alive stays (see on_request) */
		*req_cls = &first;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return queue_text(c, 405, "text/plain", xstrdup("GET only\n"));
	if (strcmp(url, "/metrics") == 0)
		return queue_text(c, 200, "text/plain; version=0.0.4", signin_gate_metrics(s->gate,
		    metrics_render(s->metrics, open_connections(s), proxy_rejected(s))));
	if (strcmp(url, "/healthz") == 0)
		return queue_text(c, 200, "text/plain", xstrdup("ok\n"));
	return queue_text(c, 404, "text/plain", xstrdup("/metrics or /healthz\n"));
}

static int
start_admin(struct server *s, const struct topology *t, char **cause)
{
	struct listener_conf lc = { .address = (char *)(uintptr_t)t->admin_address,
	    .port = t->admin_port };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	bool v6;

	if (make_sockaddr(&lc, &ss, &v6) != 0) {
		*cause = xasprintf_s("admin-listener %s: not a numeric address", t->admin_address);
		return -1;
	}
	s->admin = MHD_start_daemon(flags | (v6 ? MHD_USE_IPv6 : 0), (uint16_t)lc.port, NULL, NULL,
	    on_admin, s, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, s,
	    MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)t->connection_timeout,
	    MHD_OPTION_END);
	if (s->admin == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (admin)", t->admin_address,
		    t->admin_port);
		return -1;
	}
	return 0;
}

struct server *
server_start(struct snapshot *snap, struct access_log *log, char **cause)
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
	if ((s->metrics = metrics_new()) == NULL) {
		free(s->listeners);
		free(s);
		snapshot_free(snap);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	if ((s->current = generation_new(snap, cause)) == NULL ||
	    (s->gate = signin_gate_new(t, cause)) == NULL) {
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
	if (t->admin_port != 0 && start_admin(s, t, cause) != 0) {
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
	/* First: libmicrohttpd must not stop with a connection still suspended. */
	signin_gate_free(s->gate);
	for (i = 0; i < s->n_listeners; i++) {
		acceptor_stop(s->listeners[i].acceptor);
		if (s->listeners[i].daemon != NULL)
			MHD_stop_daemon(s->listeners[i].daemon);
		tls_store_free(s->listeners[i].store);
		free(s->listeners[i].cert_pem);
		free(s->listeners[i].key_pem);
		free(s->listeners[i].address);
	}
	if (s->admin != NULL)
		MHD_stop_daemon(s->admin);
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
	/* From here nothing fails: new requests and connections get the new material. */
	pthread_mutex_lock(&s->lock);
	old = s->current;
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
	metrics_reload(s->metrics, true);
	return 0;
}

void
server_reload_failed(struct server *s)
{
	metrics_reload(s->metrics, false);
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
	while (open_connections(s) > 0 && waited < deadline * 20) {
		nanosleep(&nap, NULL);
		waited++;
	}
}
