/* SPDX-License-Identifier: MIT */
/*
 * exchange.c: one request through libmicrohttpd — from the request line to
 * struct request, respond() and the reply queued (exchange_record.c keeps
 * its journal entry, its access log line and its metrics).
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

#include <assert.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>

#include "answers.h"
#include "connection.h"
#include "conns.h"
#include "exchange.h"
#include "fault_apply.h"
#include "fault_reply.h"
#include "faults.h"
#include "form.h"
#include "framing.h"
#include "generation.h"
#include "linger.h"
#include "respond.h"
#include "response.h"
#include "rig.h"
#include "route.h"
#include "server_impl.h"
#include "signin_gate.h"
#include "tls_transport.h"
#include "users.h"

/* POST bodies up to this are read to the end before the answer (see exchange_on_request). */
#define POST_DISCARD_MAX (64 * 1024)

void *
exchange_on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct listener *l = cls;
	size_t len = strlen(uri);
	struct exchange *x = malloc(sizeof *x + len + 1);

	if (x != NULL) {
		x->gen = generation_slot_hold(&l->server->current);
		x->conn = connection_entry(c);
		memset(&x->log, 0, sizeof x->log);
		memset(&x->hs, 0, sizeof x->hs);
		clock_gettime(CLOCK_REALTIME, &x->log.start_real);
		clock_gettime(CLOCK_MONOTONIC, &x->log.start);
		x->answered_first_call = false;
		x->reading_body = false;
		x->body_too_large = false;
		x->body_len = 0;
		x->body_size = 0;
		x->body = NULL;
		x->job = NULL;
		memset(&x->fired, 0, sizeof x->fired);
		x->faults_asked = false;
		x->holding = false;
		x->hanging = false;
		x->held = NULL;
		memcpy(x->target, uri, len + 1);
	}
	return x;
}

void
exchange_on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct listener *l = cls;
	struct exchange *x = *req_cls;

	(void)c;
	if (x == NULL)
		return;
	/* libmicrohttpd refused the request itself (a malformed Content-Length): it closes. */
	if (!x->log.answered && toe == MHD_REQUEST_TERMINATED_WITH_ERROR)
		conns_set_linger(x->conn);
	tls_transport_flush(connection_transport(l, x->conn));	/* the answer, as one record */
	conns_request_done(l->conns, x->conn);
	if (x->log.answered)
		exchange_record_done(l->server, x);
	signin_gate_job_free(x->job);
	if (x->held != NULL)
		reply_release(x->held);	/* the server stopped during a delay */
	free(x->held);
	faults_fired_free(&x->fired);
	generation_release(x->gen);
	head_scan_free(&x->hs);
	free(x->body);
	free(x);
	*req_cls = NULL;
}

/*
 * Refusals of the request's head or framing (RFC 9112: a server that cannot
 * frame a request, or will not read its body, must close): the connection
 * closes after them, and nothing after such a request is read. A request
 * that was well framed but is refused for what it asks (404, 405, 401, 429,
 * ...) leaves the connection open for the next one.
 */
static bool
closes_connection(unsigned status)
{
	switch (status) {
	case 400: case 411: case 413: case 414: case 431: case 501: case 505:
		return true;
	default:
		return false;
	}
}

/* Over TLS the answer gathers in the session until exchange_on_completed() flushes it. */
static enum MHD_Result
queue_reply(const struct listener *l, const struct exchange *x, struct MHD_Connection *c,
    struct reply *r)
{
	struct generation *g = x->gen;
	const struct generation_kept *k;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	tls_transport_cork(connection_transport(l, x->conn));
	if (r->prepared >= 0)
		return MHD_queue_response(c, r->status, generation_prepared(g, r));
	if (r->kept && (k = generation_kept_find(g, r->variant, r->kept_coding)) != NULL)
		return MHD_queue_response(c, r->status, k->response);
	resp = response_taking(r);
	if (resp == NULL)
		return MHD_NO;	/* out of memory: libmicrohttpd closes the connection */
	/*
	 * libmicrohttpd closes after an answer that says so, and reads no more
	 * of the stream; the socket is drained as it closes (linger.h).
	 */
	if (closes_connection(r->status)) {
		if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES) {
			MHD_destroy_response(resp);
			return MHD_NO;
		}
		conns_set_linger(x->conn);
	}
	ret = MHD_queue_response(c, r->status, resp);
	/* A variant's first response is kept for the next requests, if its slot is free. */
	if (r->variant == 0 || r->kept || !generation_keep(g, r, resp))
		MHD_destroy_response(resp);
	return ret;
}

/*
 * Appends a piece of a POST body; past REQUEST_BODY_MAX the body is only
 * counted as too large. The buffer grows from FORM_MAX (a token request
 * fits) to REQUEST_BODY_MAX (a SOAP request to the Web Ticket Service).
 */
static void
keep_body(struct exchange *x, const char *data, size_t len)
{
	size_t want = x->body_len + len;
	char *grown;

	if (x->body_too_large || len > REQUEST_BODY_MAX - x->body_len) {
		x->body_too_large = true;
		return;
	}
	if (want > x->body_size) {
		size_t size = want <= FORM_MAX ? FORM_MAX : REQUEST_BODY_MAX;

		if ((grown = realloc(x->body, size)) == NULL) {
			x->body_too_large = true;	/* out of memory: refused like an oversized body */
			return;
		}
		x->body = grown;
		x->body_size = size;
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
	connection_peer(c, &r.client);
	r.client_tls = l->tls;
	r.location = l->location;
	/* Never faulted: answered on the first call, its body unread, the connection closing. */
	exchange_record_answer(l->server, x, method, version, &r, r.status);
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
		if (!faults_pick(s->uses.rig->faults, &f, &x->fired))
			x->fired.id = 0;
	}
	return x->fired.id != 0 ? &x->fired : NULL;
}

/* bandwidth and slice: the answer whole, at the pace the rule says (fault_apply.h). */
static enum MHD_Result
paced(const struct listener *l, struct MHD_Connection *c, const struct fault_action *a,
    const struct reply *r)
{
	size_t segment = a->slice;
	unsigned interval = a->pause_ms;

	if (a->kind == FAULT_BANDWIDTH)
		fault_apply_bandwidth(a->bandwidth, &segment, &interval);
	/* Not corked over TLS: each segment leaves as it is released. */
	return fault_apply_paced(l->server->delays, c, r, segment, interval);
}

/* The end of a hang: the client closed (or the daemon stops); libmicrohttpd closes it too. */
static void
hang_over(void *c)
{
	MHD_resume_connection(c);
}

/*
 * hang: the request has been read; the connection is suspended, unanswered,
 * its socket drained by the linger thread until the client closes it. Then
 * the access handler's next call finds x->hanging and closes it.
 */
static enum MHD_Result
hang(struct listener *l, struct exchange *x, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	int mine;

	x->hanging = true;
	if (ci == NULL || (mine = fcntl(ci->connect_fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return MHD_NO;	/* cannot hold it: closed unanswered at once */
	MHD_suspend_connection(c);
	if (linger_hold(l->server->linger, mine, hang_over, c) != 0) {
		MHD_resume_connection(c);
		return MHD_NO;
	}
	return MHD_YES;
}

/* A kept reply is sent as kept: the access log counts its bytes, not the identity body's. */
static void
kept_length(const struct exchange *x, struct reply *r)
{
	const struct generation_kept *k;

	if (r->kept && (k = generation_kept_find(x->gen, r->variant, r->kept_coding)) != NULL)
		r->body_len = k->body_len;
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
		if (fault_apply_delay(l->server->delays, c, f->action.delay_ms) != 0) {
			free(x->held);	/* too many waiting: answered now */
			x->held = NULL;
			break;
		}
		x->holding = true;
		return MHD_YES;	/* answer_held() when the timer resumes the connection */
	case FAULT_RESET:
		exchange_record_answer(l->server, x, method, version, r, 0);
		reply_release(r);
		fault_apply_reset(c);
		return MHD_NO;	/* libmicrohttpd closes the connection, unanswered */
	case FAULT_TRUNCATE:
		exchange_record_answer(l->server, x, method, version, r, r->status);
		ret = fault_apply_truncated(c, r, f->action.truncate);
		reply_release(r);
		return ret;
	case FAULT_BANDWIDTH:
	case FAULT_SLICE:
		exchange_record_answer(l->server, x, method, version, r, r->status);
		ret = paced(l, c, &f->action, r);
		reply_release(r);
		return ret;
	case FAULT_HANG:
		exchange_record_answer(l->server, x, method, version, r, 0);
		reply_release(r);
		return hang(l, x, c);
	case FAULT_STATUS:
	case FAULT_MALFORMED:
	case FAULT_REDIRECT:
		fault_reply(&f->action, x->gen->snapshot->topology, r);
		break;
	case FAULT_TLS:
		assert(!"a TLS rule fired for a request");	/* faults match their own layer only */
		break;
	}
	kept_length(x, r);
	exchange_record_answer(l->server, x, method, version, r, r->status);
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

	signin_gate_job_reply(x->job, &r);
	signin_gate_job_free(x->job);
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

	if (x == NULL || x->hanging)
		return MHD_NO;	/* a hang's end: closed, unanswered */
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
		/* url is where the target lies in libmicrohttpd's buffer (decoded in place). */
		if ((refused = head_scan_check(c, method, version, url, x->target,
		    strlen(x->target), &fs, &x->hs, &why)) != 0)
			return refuse_framing(l, x, c, method, version, refused, why);
		/* Only a POST's body is read (the token endpoint's, the web tickets'); others are refused. */
		x->reading_body = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
		/*
		 * A POST body is read (past REQUEST_BODY_MAX only counted) and answered after:
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
		.location_mode = l->access_mode,
		/* Only by-name asks which name it was: the others need not read it. */
		.sni = l->access_mode == ACCESS_BY_NAME ? connection_server_name(l, x->conn, c) : NULL,
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
		.kept = generation_kept,
		.kept_cls = x->gen,
	};
	connection_peer(c, &rq.peer);
	/* A web ticket's AssertionID is made of these (saml.h); only POSTs issue one. */
	if (x->reading_body && gnutls_rnd(GNUTLS_RND_NONCE, rq.nonce, sizeof rq.nonce) < 0)
		memset(rq.nonce, 0, sizeof rq.nonce);
	switch (signin_gate_begin(l->server->gate, c, x->gen->snapshot, &rq, &x->job, &r)) {
	case SIGNIN_GATE_SUSPENDED:
		return MHD_YES;	/* answered when the worker resumes the connection */
	case SIGNIN_GATE_NOT_MINE:
		respond(x->gen->snapshot, &rq, &r);
		if (!query.needed)
			break;
		/* The LDAP directory's answer for a user: from its cache, or from a worker. */
		reply_release(&r);
		if (signin_gate_lookup(l->server->gate, c, x->gen->snapshot, &rq, query.user, &x->job,
		    &r) == SIGNIN_GATE_SUSPENDED)
			return MHD_YES;
		break;
	case SIGNIN_GATE_ANSWERED:
	default:
		break;
	}
	return answer(l, x, c, method, version, &r);
}
