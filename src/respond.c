/*
 * respond.c: request to reply.
 *
 * The steps, each in its own module: target (parse the request-target) →
 * hints (sipuri, originalDomain, Host → SIP domain and pool) → route (which
 * resource) → negotiate (which representation) → a prepared reply from the
 * snapshot, or one built now when it depends on the request (replies.c).
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "hints.h"
#include "negotiate.h"
#include "replies.h"
#include "respond.h"
#include "route.h"
#include "target.h"

static void
use_prepared(const struct snapshot *s, size_t index, struct reply *out)
{
	*out = s->prepared[index];
	memset(out->owned, 0, sizeof out->owned);	/* the snapshot owns them */
}

static void
out_of_memory(struct reply *out, const struct pool *p)
{
	reply_release(out);
	replies_error(out, 500, "out of memory", p);
}

static size_t
pool_index(const struct topology *t, const struct pool *p)
{
	return (size_t)(p - t->pools);
}

/*
 * Root: over HTTPS the link document, over plain HTTP a Redirect to the HTTPS
 * Root (protocol.md §3.1). Prepared unless the request carries something that
 * goes into the document: a sipuri to carry along, or a SIP domain that the
 * answering pool does not serve.
 */
static void
root(const struct snapshot *s, const struct request *rq, const struct hints *h,
    enum representation rep, struct reply *out)
{
	const struct topology *t = s->topology;
	size_t pi = pool_index(t, h->pool);
	const char *domain = h->domain != NULL ? h->domain->name : NULL;
	bool redirect = !rq->tls, carries_sipuri = redirect && h->sipuri[0] != '\0';
	int rc;

	if (h->domain == NULL || h->domain->pool == pi) {
		if (!carries_sipuri) {
			use_prepared(s, snapshot_root_index(s, pi, redirect, rq->location, rep,
			    h->domain != NULL ? h->domain->slot : 0), out);
			return;
		}
	}
	if (redirect)
		rc = replies_root_redirect(out, h->pool, rq->location, rep,
		    carries_sipuri ? h->sipuri : NULL, domain);
	else
		rc = replies_root(out, h->pool, rq->location, rep, domain);
	if (rc != 0)
		out_of_memory(out, h->pool);
}

static void
resource(const struct snapshot *s, const struct request *rq, const struct hints *h,
    enum resource res, enum representation rep, struct reply *out)
{
	const struct pool_prepared *pp = &s->pools[pool_index(s->topology, h->pool)];

	switch (res) {
	case RES_ROOT:
		root(s, rq, h, rep, out);
		return;
	case RES_DOMAIN:
		use_prepared(s, pp->domain + (size_t)rq->location * REP_COUNT + (size_t)rep, out);
		return;
	case RES_USER:
		use_prepared(s, pp->user_challenge + (size_t)rq->location, out);
		return;
	case RES_OAUTH:
		use_prepared(s, pp->oauth_challenge + (size_t)rq->location, out);
		return;
	case RES_XFRAME:
		use_prepared(s, s->xframe, out);
		return;
	case RES_NOT_FOUND:
	default:
		replies_error(out, 404, "no such resource", h->pool);
		return;
	}
}

static bool
method_allowed(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

void
respond(const struct snapshot *s, const struct request *rq, struct reply *out)
{
	const struct topology *t = s->topology;
	const struct pool *fallback = &t->pools[t->default_pool];
	const char *reason = NULL, *host = rq->host;
	size_t host_len;
	struct target tg;
	struct hints h;
	enum resource res;
	unsigned status;

	status = target_parse(rq->target, &tg, &reason);
	if (status != 0) {
		replies_error(out, status, reason, fallback);
		return;
	}
	if (rq->host_count > 1) {
		replies_error(out, 400, "more than one Host header", fallback);
		return;
	}
	if (host != NULL && *host == '\0')
		host = NULL;
	if (rq->http11 && host == NULL && tg.authority == NULL) {
		replies_error(out, 400, "HTTP/1.1 request without Host", fallback);
		return;
	}
	/* RFC 9112 §3.2.2: an absolute-form target's authority replaces Host. */
	if (tg.authority != NULL) {
		host = tg.authority;
		host_len = tg.authority_len;
	} else
		host_len = host != NULL ? strlen(host) : 0;
	status = hints_parse(t, &tg, host, host_len, &h, &reason);
	if (status != 0) {
		replies_error(out, status, reason, fallback);
		return;
	}
	res = route_path(tg.path);
	if (res == RES_NOT_FOUND) {
		replies_error(out, 404, "no such resource", h.pool);
		return;
	}
	if (!method_allowed(rq->method)) {
		replies_error(out, 405, "only GET and HEAD are served", h.pool);
		return;
	}
	if (rq->has_body) {
		replies_error(out, 400, "a GET or HEAD request must not carry a body", h.pool);
		return;
	}
	resource(s, rq, &h, res, negotiate_accept(rq->accept, t->default_representation), out);
}
