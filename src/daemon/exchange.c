/* SPDX-License-Identifier: MIT */
/*
 * exchange.c: one request through libmicrohttpd — from the request line to
 * struct request, respond(), the reply queued, the access log and metrics.
 *
 * Per request: the URI log callback keeps the raw request-target (the core
 * parses it itself, so that broken escapes are a 400 instead of being
 * "repaired"); the access handler answers on its second call — queueing on
 * the first makes libmicrohttpd 0.9.75 close keep-alive connections — except
 * for requests that carry a body, which are refused at once (the connection
 * then closes, and the body is never read).
 *
 * Every answer goes through answer(): the fault rules (faults.h) may change
 * it, delay it (the connection is suspended and the handler called again when
 * the timer resumes it) or drop it; then the journal records it (journal.h)
 * and it is queued.
 */
#include <config.h>

#include <netinet/in.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "server.h"
#include "accesslog.h"
#include "conns.h"
#include "fault_apply.h"
#include "fault_reply.h"
#include "faults.h"
#include "form.h"
#include "framing.h"
#include "generation.h"
#include "journal.h"
#include "metrics.h"
#include "answers.h"
#include "respond.h"
#include "signin_gate.h"
#include "route.h"
#include "tls_store.h"
#include "tls_transport.h"
#include "users.h"
#include "util.h"

/* POST bodies up to this are read to the end before the answer (see exchange_on_request). */
#define POST_DISCARD_MAX (64 * 1024)

/* What the access log says of a request, gathered while it is answered. */
struct exchange_log {
	struct timespec		 start_real, start;	/* CLOCK_REALTIME, CLOCK_MONOTONIC */
	struct access_entry	 e;
	char			 method[16], version[16], host[256], user_agent[256];
	bool			 answered;
};

/* The request headers the core, the log and the journal read, gathered in the framing walk. */
struct header_scan {
	const char	*host;
	unsigned	 host_count;
	const char	*accept;
	char		*accept_joined;	/* heap; only when Accept is repeated */
	const char	*accept_encoding;
	char		*accept_encoding_joined;	/* heap; only when Accept-Encoding is repeated */
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
	const char	*user_agent;	/* for the access log */
};

/* What one request carries between the access handler's calls. */
struct exchange {
	struct generation *gen;		/* what answers it, held from start to end */
	struct conn	*conn;		/* its connection's registry entry (conns.c) */
	struct exchange_log log;
	struct header_scan hs;		/* filled by the first call's walk (check_framing) */
	struct fault_fired fired;	/* the fault rule that fired, if fired.id != 0 */
	bool	 faults_asked;		/* the rules are asked once a request */
	bool	 holding;		/* held is the answer, delayed (fault_delay()) */
	struct reply *held;		/* heap: the exchange stays small (malloc's fast path) */
	bool	 answered_first_call;
	bool	 reading_body;		/* a POST whose body is being read */
	bool	 body_too_large;	/* more than FORM_MAX bytes: the rest is discarded */
	size_t	 body_len;
	char	*body;			/* FORM_MAX bytes, allocated by the first piece */
	struct signin_job *job;		/* a password check on a worker (signin_gate.h) */
	char	 target[];
};



/* What a TLS connection holds until it closes. */
struct tls_conn {
	void			*material;	/* tls_store_attach()'s; NULL: libmicrohttpd's own */
	struct tls_transport	*transport;	/* NULL: GnuTLS's own (out of memory) */
};

/* The TLS transport of the exchange's connection; NULL on plain HTTP (or out of memory). */
static struct tls_transport *
transport_of(const struct listener *l, const struct exchange *x)
{
	const struct tls_conn *tc;

	if (l->store == NULL || x->conn == NULL || (tc = conn_data(x->conn)) == NULL)
		return NULL;
	return tc->transport;
}

/* The registry entry of the connection (see exchange_on_connection). */
static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

void *
exchange_on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct listener *l = cls;
	size_t len = strlen(uri);
	struct exchange *x = malloc(sizeof *x + len + 1);

	if (x != NULL) {
		x->gen = server_hold_current(l->server);
		x->conn = conn_of(c);
		memset(&x->log, 0, sizeof x->log);
		memset(&x->hs, 0, sizeof x->hs);
		clock_gettime(CLOCK_REALTIME, &x->log.start_real);
		clock_gettime(CLOCK_MONOTONIC, &x->log.start);
		x->answered_first_call = false;
		x->reading_body = false;
		x->body_too_large = false;
		x->body_len = 0;
		x->body = NULL;
		x->job = NULL;
		memset(&x->fired, 0, sizeof x->fired);
		x->faults_asked = false;
		x->holding = false;
		x->held = NULL;
		memcpy(x->target, uri, len + 1);
	}
	return x;
}

static void
copy_bytes(char *dst, size_t size, const char *src, size_t n)
{
	/* As snprintf("%.*s") did, truncating, at a tenth of the cost (callgrind). */
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
copy_field(char *dst, size_t size, const char *src)
{
	if (src == NULL)
		src = "-";
	copy_bytes(dst, size, src, strlen(src));
}

static double
ms_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* The journal's entry, written before the answer is queued: a client that has it finds it. */
static void
journal(struct server *s, const struct exchange *x, const char *method, const struct reply *r,
    unsigned status)
{
	const struct header_scan *h = &x->hs;

	if (s->journal == NULL)
		return;
	journal_record(s->journal, &(struct journal_request){
	    .time = x->log.start_real, .ms = ms_since(&x->log.start), .location = r->location,
	    .peer = &r->client, .status = status, .fault = x->fired.id, .resource = r->resource,
	    .representation = r->representation, .method = method, .target = x->target,
	    .host = r->host, .host_len = r->host_len, .accept = h->accept,
	    .user_agent = h->user_agent, .origin = h->origin, .authorization = h->authorization,
	    .webticket = h->webticket, .user = r->user });
}

/*
 * Keeps what the access log needs of the request and its reply, and writes
 * the journal's entry. status: what is sent (0: nothing, a reset).
 */
static void
remember(struct server *s, struct exchange *x, const char *method, const char *version,
    const struct reply *r, unsigned status)
{
	struct exchange_log *g = &x->log;

	copy_field(g->method, sizeof g->method, method);
	copy_field(g->version, sizeof g->version, version);
	copy_bytes(g->host, sizeof g->host, r->host != NULL ? r->host : "-",
	    r->host != NULL ? r->host_len : 1);
	copy_field(g->user_agent, sizeof g->user_agent, x->hs.user_agent);
	g->e.client = r->client;
	g->e.tls = r->client_tls;
	g->e.status = status;
	g->e.bytes = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ? 0 : r->body_len;
	g->e.resource = r->resource;	/* static strings */
	g->e.content_type = r->content_type;	/* static strings */
	g->e.location = r->location;
	g->answered = true;
	journal(s, x, method, r, status);
}

/* A request is over: the metrics and the access log. */
static void
account(struct server *s, struct exchange *x)
{
	struct exchange_log *g = &x->log;

	g->e.when = g->start_real;
	g->e.ms = ms_since(&g->start);
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

void
exchange_on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	struct listener *l = cls;
	struct exchange *x = *req_cls;

	(void)toe;
	if (x == NULL)
		return;
	tls_transport_flush(transport_of(l, x));	/* the answer, as one record */
	conns_request_done(l->conns, x->conn);
	if (x->log.answered)
		account(l->server, x);
	signin_job_free(x->job);
	if (x->held != NULL)
		reply_release(x->held);	/* the server stopped during a delay */
	free(x->held);
	faults_fired_free(&x->fired);
	generation_release(x->gen);
	free(x->hs.accept_joined);
	free(x->hs.accept_encoding_joined);
	free(x->body);
	free(x);
	*req_cls = NULL;
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

static struct tls_conn *
tls_conn_new(struct listener *l, struct MHD_Connection *c, gnutls_session_t session, int fd)
{
	struct tls_conn *tc = calloc(1, sizeof *tc);

	if (tc == NULL)
		return NULL;	/* out of memory: libmicrohttpd's own certificate serves it */
	tc->material = tls_store_attach(l->store, session);
	tc->transport = tls_transport_attach(l->server->tls_wait, c, session, fd);
	return tc;
}

static void
tls_conn_free(struct tls_conn *tc)
{
	if (tc == NULL)
		return;
	tls_store_detach(tc->material);
	tls_transport_detach(tc->transport);
	free(tc);
}

/*
 * A new connection, before its TLS handshake: give its session the listener's
 * current certificates and ticket key (libmicrohttpd 0.9.75 has neither SNI
 * certificate sets nor session resumption of its own). The reference is
 * dropped when the connection closes, so a reload never pulls the material
 * from under a live session.
 */
void
exchange_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct listener *l = cls;
	const union MHD_ConnectionInfo *ci;
	struct netaddr peer;
	struct conn *cn;
	int fd;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		cn = *socket_context;
		if (l->store != NULL)
			tls_conn_free(conn_data(cn));
		conns_closed(l->conns, cn);
		*socket_context = NULL;
		return;
	}
	peer_address(c, &peer);	/* behind the PROXY protocol: the header's source */
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return;
	fd = ci->connect_fd;
	*socket_context = cn = conns_opened(l->conns, fd, &peer);
	if (l->store == NULL || cn == NULL)
		return;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci != NULL)
		conn_set_data(cn, tls_conn_new(l, c, ci->tls_session, fd));
	metrics_tls_connection(l->server->metrics);
}

/*
 * Repeated Accept (or Accept-Encoding) headers form one list (RFC 9110
 * §5.3): *list is the value, *joined its heap copy once a second header
 * came. The joined list is allocated whole — a fixed buffer would cut a
 * media range in half and turn "application/xmlx" into "application/xml".
 * Its size is bounded by the connection memory limit that bounds the header
 * block. If memory runs out, the later header is dropped whole, which leaves
 * a valid list.
 */
static void
join_list(const char **list, char **joined, const char *value)
{
	size_t have, add;
	char *j;

	if (*list == NULL) {
		*list = value;
		return;
	}
	have = strlen(*list);
	add = strlen(value);
	j = realloc(*joined, have + 1 + add + 1);
	if (j == NULL)
		return;
	if (*joined == NULL)
		memcpy(j, *list, have);
	j[have] = ',';
	memcpy(j + have + 1, value, add + 1);
	*joined = j;
	*list = j;
}

/*
 * One field of the request head into hs. Names are matched on their length
 * first (one compare for most fields; callgrind: a third of the strcasecmp
 * chain it replaces). Host is counted (two are refused), Accept and
 * Accept-Encoding lists are joined, a non-zero Content-Length or any Transfer-Encoding marks a body,
 * and of the others the first counts.
 */
static void
scan_field(struct header_scan *hs, const char *key, size_t key_size, const char *value,
    size_t value_size)
{
#define FIELD(name, member) { name, sizeof name - 1, offsetof(struct header_scan, member) }
	static const struct {
		const char	*name;
		size_t		 len;
		size_t		 offset;
	} kept[] = {
		FIELD("User-Agent", user_agent),
		FIELD("Authorization", authorization),
		FIELD("X-MS-WebTicket", webticket),
		FIELD("Origin", origin),
		FIELD("X-Ms-Origin", ms_origin),
		FIELD("Content-Type", content_type),
		FIELD("Forwarded", forwarded),
		FIELD("X-Forwarded-For", x_forwarded_for),
		FIELD("X-Forwarded-Proto", x_forwarded_proto),
		FIELD("X-Forwarded-Host", x_forwarded_host),
	};
#undef FIELD
	const char **slot;
	size_t i;

	if (key_size == 4 && strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		if (hs->host_count++ == 0)
			hs->host = value;
		return;
	}
	if (key_size == 6 && strcasecmp(key, MHD_HTTP_HEADER_ACCEPT) == 0) {
		join_list(&hs->accept, &hs->accept_joined, value);
		return;
	}
	if (key_size == 15 && strcasecmp(key, MHD_HTTP_HEADER_ACCEPT_ENCODING) == 0) {
		join_list(&hs->accept_encoding, &hs->accept_encoding_joined, value);
		return;
	}
	if ((key_size == 17 && strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) ||
	    (key_size == 14 && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0 &&
	    strspn(value, "0") != value_size)) {
		hs->has_body = true;
		return;
	}
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		if (key_size != kept[i].len || strcasecmp(key, kept[i].name) != 0)
			continue;
		slot = (const char **)(void *)((char *)hs + kept[i].offset);
		if (*slot == NULL)
			*slot = value;
		return;
	}
}

/* Where the fields of the request head lie in libmicrohttpd's buffer. */
struct head_walk {
	struct framing_scan	*scan;
	struct header_scan	*hs;
	const char		*head, *end;	/* the request line's start, the head's end */
	const char		*value;		/* the previous field's value and its end */
	size_t			 value_len;
};

/* The bytes from the end of the previous value up to next (a line's start, or the head's end). */
static void
check_tail(struct head_walk *w, const char *next)
{
	const char *from = w->value + w->value_len;

	if (w->value == NULL || w->value < w->head || next > w->end || next < from)
		return;	/* not in the buffer (a folded value is copied): nothing to see */
	framing_line_tail(w->scan, from, (size_t)(next - from));
}

static enum MHD_Result
walk_field(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	struct head_walk *w = cls;

	(void)kind;
	check_tail(w, key);
	framing_field(w->scan, key, key_size, value, value_size);
	scan_field(w->hs, key, key_size, value, value_size);
	w->value = value;
	w->value_len = value_size;
	return MHD_YES;
}

/*
 * The framing rules over the request head (see framing.h), and the headers
 * the core reads gathered in the same walk; 0 or the status to refuse with.
 */
static unsigned
check_framing(struct MHD_Connection *c, const char *method, const char *version,
    struct framing_scan *fs, struct header_scan *hs, const char **reason)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	struct head_walk w = { .scan = fs, .hs = hs, .head = method };

	/* The head is [method, method + header size) in libmicrohttpd's read buffer. */
	w.end = ci != NULL ? method + ci->header_size : method;
	framing_begin(fs);
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, walk_field, &w);
	if (ci != NULL)
		check_tail(&w, w.end);
	return framing_verdict(fs, method, strcmp(version, MHD_HTTP_VERSION_1_0) == 0, reason);
}

/* Over TLS the answer gathers in the session until exchange_on_completed() flushes it. */
static enum MHD_Result
queue_reply(const struct listener *l, const struct exchange *x, struct MHD_Connection *c,
    struct reply *r)
{
	const struct generation *g = x->gen;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	tls_transport_cork(transport_of(l, x));
	if (r->prepared >= 0)
		return MHD_queue_response(c, r->status, generation_prepared(g, r));
	resp = generation_response_taking(r);
	if (resp == NULL)
		return MHD_NO;	/* out of memory: libmicrohttpd closes the connection */
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
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

/*
 * A request whose framing is refused: answered on the first call, so that
 * libmicrohttpd reads none of its body and closes the connection after.
 */
static enum MHD_Result
refuse_framing(struct listener *l, struct exchange *x, struct MHD_Connection *c,
    const char *method, const char *version, unsigned status, const char *reason)
{
	const struct topology *t = x->gen->snapshot->topology;
	struct reply r;
	enum MHD_Result ret;

	answers_error(&r, status, reason, &t->pools[t->default_pool]);
	r.resource = route_resource_name(RES_NOT_FOUND);
	peer_address(c, &r.client);
	r.client_tls = l->tls;
	r.location = l->location;
	/* Never faulted: answered on the first call, its body unread, the connection closing. */
	remember(l->server, x, method, version, &r, r.status);
	ret = queue_reply(l, x, c, &r);
	reply_release(&r);
	return ret;
}

/* The fault rule that fires for this answer, asked once a request; NULL if none. */
static const struct fault_fired *
fault_for(struct server *s, struct exchange *x, const struct reply *r)
{
	struct fault_facts f = { .host = r->host, .host_len = r->host_len,
	    .resource = r->resource, .location = r->location, .user = r->user,
	    .representation = r->representation, .peer = &r->client };

	if (!x->faults_asked) {
		x->faults_asked = true;
		if (!faults_pick(s->faults, &f, &x->fired))
			x->fired.id = 0;
	}
	return x->fired.id != 0 ? &x->fired : NULL;
}

/*
 * Every answer but a framing refusal: the faults, the journal, the queue.
 * Takes r over.
 */
static enum MHD_Result
answer(struct listener *l, struct exchange *x, struct MHD_Connection *c, const char *method,
    const char *version, struct reply *r)
{
	const struct fault_fired *f = fault_for(l->server, x, r);
	enum MHD_Result ret;

	switch (f != NULL ? f->action.kind : FAULT_DELAY) {
	case FAULT_DELAY:
		if (f == NULL || x->holding || f->action.delay_ms == 0 ||
		    (x->held = malloc(sizeof *x->held)) == NULL)
			break;	/* no delay (or no memory for one): answered now */
		*x->held = *r;
		if (fault_delay(l->server->delays, c, f->action.delay_ms) != 0) {
			free(x->held);	/* too many waiting: answered now */
			x->held = NULL;
			break;
		}
		x->holding = true;
		return MHD_YES;	/* answer_held() when the timer resumes the connection */
	case FAULT_RESET:
		remember(l->server, x, method, version, r, 0);
		reply_release(r);
		fault_reset(c);
		return MHD_NO;	/* libmicrohttpd closes the connection, unanswered */
	case FAULT_TRUNCATE:
		remember(l->server, x, method, version, r, r->status);
		ret = fault_queue_truncated(c, r, f->action.truncate);
		reply_release(r);
		return ret;
	case FAULT_STATUS:
	case FAULT_MALFORMED:
	case FAULT_REDIRECT:
		fault_reply(&f->action, x->gen->snapshot->topology, r);
		break;
	}
	remember(l->server, x, method, version, r, r->status);
	ret = queue_reply(l, x, c, r);
	reply_release(r);
	return ret;
}

/* The access handler's call after a delay's timer resumed the connection. */
static enum MHD_Result
answer_held(struct listener *l, struct exchange *x, struct MHD_Connection *c,
    const char *method, const char *version)
{
	struct reply r = *x->held;

	free(x->held);
	x->held = NULL;
	/* Still holding: answer() must not delay it again. */
	return answer(l, x, c, method, version, &r);
}

/* The access handler's call after a sign-in worker resumed the connection. */
static enum MHD_Result
answer_signin(struct listener *l, struct exchange *x, struct MHD_Connection *c,
    const char *method, const char *version)
{
	struct reply r;

	signin_job_take_reply(x->job, &r);
	signin_job_free(x->job);
	x->job = NULL;
	return answer(l, x, c, method, version, &r);
}

enum MHD_Result
exchange_on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct listener *l = cls;
	struct exchange *x = *req_cls;
	const struct header_scan *hs;
	struct dir_query query = { 0 };
	struct request rq;
	struct reply r;

	(void)url;
	if (x == NULL)
		return MHD_NO;
	if (x->holding)
		return answer_held(l, x, c, method, version);
	if (x->job != NULL)
		return answer_signin(l, x, c, method, version);
	if (!x->answered_first_call) {
		struct framing_scan fs;
		const char *why;
		unsigned refused;

		x->answered_first_call = true;
		conns_head_done(l->conns, x->conn);
		if ((refused = check_framing(c, method, version, &fs, &x->hs, &why)) != 0)
			return refuse_framing(l, x, c, method, version, refused, why);
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
		if (x->reading_body && fs.content_length > POST_DISCARD_MAX)
			x->body_too_large = true;
		else if (!framing_has_body(&fs) || x->reading_body)
			return MHD_YES;
	} else if (*upload_data_size != 0) {
		keep_body(x, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	hs = &x->hs;
	rq = (struct request){
		.method = method,
		.target = x->target,
		.http11 = strcmp(version, MHD_HTTP_VERSION_1_0) != 0,
		.host = hs->host,
		.host_count = hs->host_count,
		.accept = hs->accept,
		.accept_encoding = hs->accept_encoding,
		.has_body = hs->has_body,
		.tls = l->tls,
		.location = l->location,
		.location_auto = l->access_auto,
		.via_trusted_proxy = l->proxy_protocol != 0,
		.forwarded = hs->forwarded,
		.x_forwarded_for = hs->x_forwarded_for,
		.x_forwarded_proto = hs->x_forwarded_proto,
		.x_forwarded_host = hs->x_forwarded_host,
		.authorization = hs->authorization,
		.webticket = hs->webticket,
		.origin = hs->origin,
		.ms_origin = hs->ms_origin,
		.content_type = hs->content_type,
		.body = x->reading_body && !x->body_too_large ? (x->body != NULL ? x->body : "") : NULL,
		.body_len = x->body_len,
		.body_too_large = x->body_too_large,
		.now = (long long)time(NULL),
		.dir_query = &query,
	};
	peer_address(c, &rq.peer);
	switch (signin_gate_begin(l->server->gate, c, x->gen, &rq, &x->job, &r)) {
	case SIGNIN_GATE_SUSPENDED:
		return MHD_YES;	/* answered when the worker resumes the connection */
	case SIGNIN_GATE_NOT_MINE:
		respond(x->gen->snapshot, &rq, &r);
		if (!query.needed)
			break;
		/* The LDAP directory's answer for a user: from its cache, or from a worker. */
		reply_release(&r);
		if (signin_gate_lookup(l->server->gate, c, x->gen, &rq, query.user, &x->job,
		    &r) == SIGNIN_GATE_SUSPENDED)
			return MHD_YES;
		break;
	case SIGNIN_GATE_ANSWERED:
	default:
		break;
	}
	return answer(l, x, c, method, version, &r);
}
