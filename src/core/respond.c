/* SPDX-License-Identifier: MIT */
/*
 * respond.c: request to reply.
 *
 * The steps, each in its own module: target (parse the request-target) →
 * hints (sipuri, originalDomain, Host → SIP domain and pool) → route (which
 * resource) → negotiate (which representation) → a prepared reply from the
 * snapshot, or one built now when it depends on the request (answers.c) →
 * its content coding (encoding.c, compress.c).
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "answers.h"
#include "client.h"
#include "compress.h"
#include "encoding.h"
#include "hints.h"
#include "negotiate.h"
#include "respond.h"
#include "route.h"
#include "signin.h"
#include "target.h"
#include "webticket.h"

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
	answers_error(out, 500, "out of memory", p);
}

static size_t
pool_index(const struct topology *t, const struct pool *p)
{
	return (size_t)(p - t->pools);
}

/*
 * The Root (or Redirect) of a domain past its pool's prepared ones: the
 * pool's template filled with the domain, under the headers of the Root
 * without one. It is the same every time for the same domain, location,
 * representation and coding: a variant the HTTP layer may keep (it says
 * whether it does). -1 when there is no template (or no memory): built
 * instead.
 */
static int
domain_template(const struct snapshot *s, const struct request *rq, size_t pi, bool redirect,
    enum representation rep, const struct sip_domain *d, struct reply *out)
{
	size_t k = snapshot_domain_offset(rq->location, rep, redirect), len = 0;
	const struct splice *sp = &s->domain_splices[pi * SNAPSHOT_DOMAIN_DOCS + k];
	unsigned long variant = 1 + (unsigned long)(d - s->topology->domains) *
	    SNAPSHOT_DOMAIN_DOCS + k;
	char *body = splice_fill(sp, rep, d->name, &len);

	if (body == NULL)
		return -1;
	use_prepared(s, snapshot_root_index(s, pi, redirect, rq->location, rep, 0), out);
	out->prepared = -1;	/* this request's own body, the prepared headers */
	out->body = reply_own(out, body);
	out->body_len = len;
	out->variant = variant;
	out->kept_coding = encoding_negotiate(rq->accept_encoding, NULL);
	out->kept = rq->kept != NULL && rq->kept(rq->kept_cls, variant, out->kept_coding);
	return 0;
}

/*
 * Root: over HTTPS the link document, over plain HTTP a Redirect to the HTTPS
 * Root (doc/protocol.md §3.1). Prepared unless the request carries something that
 * goes into the document: a sipuri to carry along, or a SIP domain that the
 * answering pool does not serve; a domain past its pool's prepared ones is
 * its pool's template, filled.
 */
static void
root(const struct snapshot *s, const struct request *rq, const struct hints *h,
    enum representation rep, struct reply *out)
{
	const struct topology *t = s->topology;
	size_t pi = pool_index(t, h->pool);
	const char *domain = h->domain != NULL ? h->domain->name : NULL;
	/* Over HTTP the sipuri goes into the Redirect; with sign-in open, into User/OAuth. */
	bool redirect = !rq->tls, carries_sipuri = h->sipuri[0] != '\0' &&
	    (redirect || t->sign_in.mode == SIGN_IN_OPEN);
	const char *elsewhere = redirect ? NULL : signin_root_elsewhere(t, h);
	int rc;

	if (elsewhere != NULL) {
		if (answers_root_elsewhere(out, h->pool, rq->location, rep, elsewhere, h->sipuri,
		    domain) != 0)
			out_of_memory(out, h->pool);
		return;
	}
	if ((h->domain == NULL || h->domain->pool == pi) && !carries_sipuri) {
		if (h->domain == NULL || h->domain->slot <= SNAPSHOT_PREPARED_DOMAINS) {
			use_prepared(s, snapshot_root_index(s, pi, redirect, rq->location, rep,
			    h->domain != NULL ? h->domain->slot : 0), out);
			return;
		}
		if (domain_template(s, rq, pi, redirect, rep, h->domain, out) == 0)
			return;
	}
	if (redirect)
		rc = answers_root_redirect(out, h->pool, rq->location, rep,
		    carries_sipuri ? h->sipuri : NULL, domain);
	else
		rc = answers_root(out, h->pool, rq->location, rep, domain,
		    carries_sipuri ? h->sipuri : NULL);
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
	case RES_OAUTH:
		signin_user(s, rq, h, rep, res == RES_OAUTH, out);
		return;
	case RES_TOKEN:
		signin_token(s, rq, h, out);
		return;
	case RES_WEBTICKET_MEX:
		use_prepared(s, pp->mex + (size_t)rq->location, out);
		return;
	case RES_WEBTICKET:
		webticket_issue(s, rq, h, out);
		return;
	case RES_XFRAME:
		use_prepared(s, s->xframe, out);
		return;
	case RES_NOT_FOUND:
	default:
		answers_error(out, 404, "no such resource", h->pool);
		return;
	}
}

/* The resources a client POSTs to: the token endpoint and the Web Ticket Service. */
static bool
takes_post(enum resource res)
{
	return res == RES_TOKEN || res == RES_WEBTICKET;
}

/* What each resource takes: those POST, the rest GET and HEAD (and OPTIONS for CORS). */
static const char *
allowed_methods(enum resource res)
{
	return takes_post(res) ? "POST" : "GET, HEAD";
}

static bool
method_allowed(enum resource res, const char *method)
{
	if (takes_post(res))
		return strcmp(method, "POST") == 0;
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The page's own origin: scheme://Host, as a browser writes it. */
static bool
same_origin(const struct request *rq, const char *host, size_t host_len, const char *origin)
{
	const char *scheme = rq->tls ? "https://" : "http://";
	size_t n = strlen(scheme);

	return host != NULL && strncasecmp(origin, scheme, n) == 0 &&
	    strlen(origin + n) == host_len && strncasecmp(origin + n, host, host_len) == 0;
}

/*
 * The cross-origin rules (doc/protocol.md §3.5): X-Ms-Origin (the XFrame page's
 * embedder) must be allow-listed, and with CORS enabled so must Origin; the
 * page's own origin always passes. Returns the origin to answer CORS for,
 * NULL for none, or sets *refused.
 */
static const char *
check_origins(const struct topology *t, const struct request *rq, const char *host,
    size_t host_len, bool *refused)
{
	*refused = false;
	if (rq->ms_origin != NULL && !topology_origin_listed(t, rq->ms_origin) &&
	    !same_origin(rq, host, host_len, rq->ms_origin)) {
		*refused = true;
		return NULL;
	}
	if (!t->cors || rq->origin == NULL || same_origin(rq, host, host_len, rq->origin))
		return NULL;
	if (!topology_origin_listed(t, rq->origin)) {
		*refused = true;
		return NULL;
	}
	return rq->origin;
}

#define REFUSED_ORIGIN "Service does not allow a cross domain request from this origin."

/* Method, body and origin rules; true when out holds the answer already. */
static bool
refuse(const struct topology *t, const struct request *rq, const struct hints *h,
    enum resource res, const char *cors_origin, bool origin_refused, struct reply *out)
{
	if (origin_refused) {
		answers_forbidden(out, REFUSED_ORIGIN, h->pool);
		return true;
	}
	if (strcmp(rq->method, "OPTIONS") == 0 && cors_origin != NULL) {
		if (answers_preflight(out, cors_origin, takes_post(res) ? "POST, OPTIONS" :
		    "GET, HEAD, OPTIONS", h->pool) != 0)
			out_of_memory(out, h->pool);
		return true;
	}
	if (!method_allowed(res, rq->method)) {
		answers_method_not_allowed(out, allowed_methods(res), h->pool);
		return true;
	}
	if (rq->has_body && !takes_post(res)) {
		answers_error(out, 400, "a GET or HEAD request must not carry a body", h->pool);
		return true;
	}
	(void)t;
	return false;
}

/*
 * The request as the client made it: behind a trusted proxy, the scheme and
 * host it used; with access="auto" or "by-name", the access location decided.
 */
static void
effective(const struct request *rq, const struct client *c, struct request *eff)
{
	*eff = *rq;
	eff->tls = c->tls;
	eff->location = c->location;
	eff->location_mode = ACCESS_FIXED;
}

/* What respond_to() decided on the way, for the request's record (the journal, faults). */
struct decided {
	enum resource	 resource;
	int		 representation;	/* -1: none negotiated */
	const char	*sipuri;		/* the hints' sipuri, "" if none */
};

static void
respond_to(const struct snapshot *s, const struct request *rq, const struct client *c,
    struct reply *out, struct decided *dc, struct hints *h)
{
	const struct topology *t = s->topology;
	const struct pool *fallback = &t->pools[t->default_pool];
	const char *reason = NULL, *host = rq->host, *cors;
	size_t host_len;
	bool refused;
	struct target tg;
	enum resource res;
	enum representation rep;
	unsigned status;

	status = target_parse(rq->target, &tg, &reason);
	if (status != 0) {
		answers_error(out, status, reason, fallback);
		return;
	}
	if (rq->host_count > 1) {
		answers_error(out, 400, "more than one Host header", fallback);
		return;
	}
	if (host != NULL && *host == '\0')
		host = NULL;
	/*
	 * RFC 9112 §3.2: an HTTP/1.1 request without a Host field is a 400,
	 * whatever its target says (an absolute-form one carries Host too,
	 * maybe empty); an empty one leaves only the target's authority.
	 */
	if (rq->http11 && (rq->host_count == 0 || (host == NULL && tg.authority == NULL))) {
		answers_error(out, 400, "HTTP/1.1 request without Host", fallback);
		return;
	}
	/* A trusted proxy's host, else RFC 9112 §3.2.2: an absolute-form target's authority. */
	if (c->via_proxy && c->host != NULL && c->host != rq->host) {
		host = c->host;
		host_len = c->host_len;
	} else if (tg.authority != NULL) {
		host = tg.authority;
		host_len = tg.authority_len;
	} else
		host_len = host != NULL ? strlen(host) : 0;
	status = hints_parse(t, &tg, host, host_len, h, &reason);
	if (status != 0) {
		answers_error(out, status, reason, fallback);
		return;
	}
	dc->sipuri = h->sipuri;
	res = route_path(tg.path);
	dc->resource = res;
	if (res == RES_NOT_FOUND) {
		answers_error(out, 404, "no such resource", h->pool);
		return;
	}
	cors = check_origins(t, rq, host, host_len, &refused);
	if (refuse(t, rq, h, res, cors, refused, out))
		return;
	rep = negotiate_accept(rq->accept, t->default_representation);
	if (!takes_post(res) && res != RES_XFRAME && res != RES_WEBTICKET_MEX)
		dc->representation = (int)rep;
	resource(s, rq, h, res, rep, out);
	if (cors != NULL && answers_cors(out, cors) != 0)
		out_of_memory(out, h->pool);
}

void
respond_encode(const struct snapshot *s, const struct request *rq, struct reply *out)
{
	enum content_coding c = encoding_negotiate(rq->accept_encoding, NULL);
	const struct reply *v;

	if (c == CODING_IDENTITY || out->kept)
		return;
	if (out->prepared < 0) {
		(void)compress_reply(out, c, COMPRESS_PER_REQUEST);
		return;
	}
	/* The variant's body and headers; what respond() noted for the log stays. */
	v = snapshot_prepared(s, (size_t)out->prepared, c);
	out->body = v->body;
	out->body_len = v->body_len;
	out->coding = v->coding;
	memcpy(out->headers, v->headers, sizeof out->headers);
	out->n_headers = v->n_headers;
}

void
respond(const struct snapshot *s, const struct request *rq, struct reply *out)
{
	struct decided dc = { .resource = RES_NOT_FOUND, .representation = -1, .sipuri = "" };
	struct request eff;
	struct client c;
	struct hints h;

	client_effective(s->topology, rq, &c);
	effective(rq, &c, &eff);
	respond_to(s, &eff, &c, out, &dc, &h);
	respond_encode(s, rq, out);
	/* For the access log, the journal and the faults. */
	out->resource = route_resource_name(dc.resource);
	out->representation = dc.representation;
	if (out->user[0] == '\0' && dc.sipuri[0] != '\0')
		reply_set_user(out, dc.sipuri);	/* signin.c sets a signed-in user */
	out->client = c.addr;
	out->client_tls = c.tls;
	out->host = c.host;
	out->host_len = c.host_len;
	out->location = c.location;
}
