/* SPDX-License-Identifier: MIT */
/*
 * answers.c: the answers of the protocol as complete replies, headers
 * included (answers.h).
 */
#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "answers.h"
#include "document.h"
#include "embedded.h"
#include "mex.h"
#include "render.h"
#include "representation.h"
#include "route.h"
#include "util.h"

/* The Lync/SfB service principal, fixed for every deployment (§7.2). */
#define OAUTH_CLIENT_ID "00000004-0000-0ff1-ce00-000000000000"
#define OAUTH_ISSUER_ID "00000002-0000-0ff1-ce00-000000000000"
#define OAUTH_GRANT_TYPES "urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"

static const char unauthorized_html[] =
	"<!DOCTYPE html>\n<html><head><title>401 - Unauthorized</title></head>\n"
	"<body><h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1>\n"
	"<p>You do not have permission to view this directory or page using the "
	"credentials that you supplied.</p></body></html>\n";

/*
 * The headers that end every answer, in the order of the captured Lync 2013
 * answers (tests/conformance): X-MS-Server-Fqdn, X-Content-Type-Options, and
 * Vary: Accept-Encoding on every answer with a body, since its content
 * coding depends on that header (compress.c; RFC 9110 §12.5.5).
 */
static void
add_server_headers(struct reply *r, const struct pool *p)
{
	if (p != NULL)
		reply_add_header(r, "X-MS-Server-Fqdn", p->server_fqdn);
	reply_add_header(r, "X-Content-Type-Options", "nosniff");
	if (r->body_len > 0)
		reply_add_header(r, "Vary", "Accept-Encoding");
}

/* The headers of every answer but the 401s and the token endpoint's (doc/protocol.md §7.3). */
static void
add_common_headers(struct reply *r, const struct pool *p)
{
	reply_add_header(r, "Cache-Control", "no-cache");
	reply_add_header(r, "Pragma", "no-cache");
	reply_add_header(r, "Expires", "-1");
	add_server_headers(r, p);
}

/* Renders d into r as a 200 of representation rep; frees d. */
static int
document_reply(struct reply *r, struct document *d, int built, const struct pool *p,
    enum representation rep)
{
	size_t len = 0;
	char *body = NULL;

	reply_init(r, 200, "ok");
	if (built == 0)
		body = reply_own(r, render_document(d, rep, &len));
	document_free(d);
	if (body == NULL)
		return -1;
	r->body = body;
	r->body_len = len;
	r->content_type = representation_content_type(rep);
	add_common_headers(r, p);
	return 0;
}

int
answers_root(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, const char *original_domain, const char *user_sipuri)
{
	struct document d;
	int built = document_root(&d, p, loc, original_domain, user_sipuri);

	return document_reply(r, &d, built, p, rep);
}

int
answers_root_redirect(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, const char *sipuri, const char *original_domain)
{
	struct document d;
	int built = document_root_redirect(&d, p, loc, sipuri, original_domain);

	if (document_reply(r, &d, built, p, rep) != 0)
		return -1;
	r->reason = "redirect to https";
	return 0;
}

int
answers_root_elsewhere(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, const char *url, const char *sipuri, const char *original_domain)
{
	struct document d;
	int built = document_root_redirect_to(&d, p, loc, url, sipuri, original_domain);

	if (document_reply(r, &d, built, p, rep) != 0)
		return -1;
	r->reason = "redirect to the hosting provider";
	return 0;
}

enum representation
answers_domain_representation(enum representation rep)
{
	if (rep == REP_UCWA_JSON)
		return REP_AUTODISCOVER_JSON;
	if (rep == REP_UCWA_XML)
		return REP_AUTODISCOVER_XML;
	return rep;
}

int
answers_domain(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep)
{
	struct document d;
	int built = document_domain(&d, p, loc);

	return document_reply(r, &d, built, p, answers_domain_representation(rep));
}

/*
 * A 401 as Lync 2013 sends it (tests/conformance): the challenge first, then
 * the server headers; no Cache-Control, Pragma or Expires (no client reads
 * them there, and a cache stores no 401 that lacks them: 401 is not among
 * the heuristically cacheable statuses of RFC 9110 §15.1). No URL comes
 * before the challenge's: some clients take the first URL in the headers as
 * the token endpoint.
 */
static void
unauthorized(struct reply *r)
{
	reply_init(r, 401, "no credentials");
	r->content_type = "text/html";
	r->body = unauthorized_html;
	r->body_len = sizeof unauthorized_html - 1;
}

int
answers_user_challenge(struct reply *r, const struct pool *p, enum access_location loc)
{
	char *url;

	unauthorized(r);
	url = reply_own(r, xasprintf_s("%s" PATH_WEBTICKET, p->web[loc].base));
	if (url == NULL)
		return -1;
	reply_add_header(r, "X-MS-WebTicketURL", url);
	add_server_headers(r, p);
	return 0;
}

int
answers_oauth_challenge(struct reply *r, const struct topology *t, const struct pool *p,
    enum access_location loc)
{
	char *bearer, *msrtc;

	unauthorized(r);
	bearer = reply_own(r, xasprintf_s("Bearer trusted_issuers=\"" OAUTH_ISSUER_ID "@%s\", "
	    "client_id=\"" OAUTH_CLIENT_ID "\"", t->oauth_realm));
	/* Exactly this shape: clients find the href with the regex `href=(.*?),`. */
	msrtc = reply_own(r, xasprintf_s("MsRtcOAuth href=\"%s" PATH_OAUTHTOKEN "\","
	    "grant_type=\"" OAUTH_GRANT_TYPES "\"", p->web[loc].base));
	if (bearer == NULL || msrtc == NULL)
		return -1;
	reply_add_header(r, "WWW-Authenticate", bearer);
	reply_add_header(r, "WWW-Authenticate", msrtc);
	add_server_headers(r, p);
	return 0;
}

int
answers_xframe(struct reply *r, const struct pool *p)
{
	reply_init(r, 200, "xframe");
	r->content_type = "text/html; charset=utf-8";
	r->body = embedded_xframe_html;
	r->body_len = embedded_xframe_html_len;
	add_common_headers(r, p);
	return 0;
}

int
answers_user(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, bool oauth, bool mobility_internal, const char *sipuri)
{
	struct document d;
	int built = document_user(&d, p, loc, oauth, mobility_internal, sipuri);

	return document_reply(r, &d, built, p, rep);
}

int
answers_user_redirect(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, bool oauth, const char *url, const char *sipuri)
{
	struct document d;
	int built = document_user_redirect(&d, p, loc, oauth, url, sipuri);

	if (document_reply(r, &d, built, p, rep) != 0)
		return -1;
	r->reason = "user redirect";
	return 0;
}

void
answers_empty(struct reply *r, unsigned status, const char *reason, const struct pool *p)
{
	reply_init(r, status, reason);
	r->body = "";
	r->body_len = 0;
	add_common_headers(r, p);
}

int
answers_add_diagnostics(struct reply *r, const char *reason, const struct pool *p)
{
	/* The format of Lync's diagnostics header (doc/protocol.md §7.3). */
	char *diag = reply_own(r, xasprintf_s("28072;source=\"%s\";reason=\"%s\"",
	    p != NULL ? p->server_fqdn : "", reason));

	return diag != NULL ? reply_add_header(r, "X-Ms-diagnostics", diag) : -1;
}

void
answers_forbidden(struct reply *r, const char *reason, const struct pool *p)
{
	answers_error(r, 403, reason, p);
	(void)answers_add_diagnostics(r, reason, p);
}

/* Token endpoint answers: JSON, never stored (doc/protocol.md §7.3). */
static int
token_json(struct reply *r, unsigned status, const char *reason, json_t *body,
    const struct pool *p)
{
	char *text = body != NULL ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(body);
	reply_init(r, status, reason);
	if (reply_own(r, text) == NULL)
		return -1;
	r->body = text;
	r->body_len = strlen(text);
	/* Exactly "application/json", as Lync 2013's token endpoint (tests/conformance). */
	r->content_type = "application/json";
	reply_add_header(r, "Cache-Control", "no-store");
	reply_add_header(r, "Pragma", "no-cache");
	add_server_headers(r, p);
	return 0;
}

int
answers_token(struct reply *r, const char *token, unsigned lifetime, const struct pool *p)
{
	/* The UCWA password grant's answer ("ms_rtc_identityscope": where the user signed in). */
	return token_json(r, 200, "token issued", json_pack("{s:s, s:I, s:s, s:s}",
	    "access_token", token, "expires_in", (json_int_t)lifetime,
	    "ms_rtc_identityscope", "local", "token_type", "Bearer"), p);
}

int
answers_token_error(struct reply *r, unsigned status, const char *error,
    const char *description, const struct pool *p)
{
	/* RFC 6749 §5.2. */
	return token_json(r, status, description, json_pack("{s:s, s:s}", "error", error,
	    "error_description", description), p);
}

/* Why a sign-in is not checked now (429: throttled, 503: the workers are busy). */
static const char *
retry_reason(unsigned status)
{
	assert(status == 429 || status == 503);
	return status == 429 ? "too many failed sign-ins from this address or for this user: "
	    "retry later" : "the server is busy checking other sign-ins: retry later";
}

static int
add_retry_after(struct reply *r, unsigned retry_after)
{
	char *after = reply_own(r, xasprintf_s("%u", retry_after));

	return after != NULL ? reply_add_header(r, "Retry-After", after) : -1;
}

int
answers_token_retry(struct reply *r, unsigned status, unsigned retry_after, const struct pool *p)
{
	if (answers_token_error(r, status, "temporarily_unavailable", retry_reason(status), p) != 0)
		return -1;
	return add_retry_after(r, retry_after);
}

int
answers_cors(struct reply *r, const char *origin)
{
	char *o = reply_own(r, xstrdup(origin));

	if (o == NULL)
		return -1;
	/* A prepared reply is shared: this one becomes the request's own copy. */
	r->prepared = -1;
	reply_add_header(r, "Access-Control-Allow-Origin", o);
	reply_add_header(r, "Access-Control-Allow-Credentials", "true");
	reply_add_header(r, "Access-Control-Expose-Headers",
	    "WWW-Authenticate, X-MS-WebTicketURL, X-MS-Server-Fqdn, X-Ms-diagnostics");
	return reply_add_header(r, "Vary", "Origin");
}

int
answers_preflight(struct reply *r, const char *origin, const char *methods, const struct pool *p)
{
	answers_empty(r, 204, "preflight", p);
	reply_add_header(r, "Access-Control-Allow-Methods", methods);
	reply_add_header(r, "Access-Control-Allow-Headers", "Authorization, Accept, X-Ms-Origin, "
	    "X-MS-WebTicket, X-Requested-With, Content-Type, client-request-id, X-MS-Correlation-Id");
	reply_add_header(r, "Access-Control-Max-Age", "600");
	return answers_cors(r, origin);
}

/* ------------------------------------------------ the Web Ticket Service */

/* SOAP 1.1's media type (section 6.1.1). */
#define SOAP_CONTENT_TYPE "text/xml; charset=utf-8"

int
answers_mex(struct reply *r, const struct pool *p, enum access_location loc)
{
	char *url = xasprintf_s("%s" PATH_WEBTICKET, p->web[loc].base), *body;
	size_t len = 0;

	reply_init(r, 200, "web ticket service metadata");
	body = url != NULL ? reply_own(r, mex_document(url, &len)) : NULL;
	free(url);
	if (body == NULL)
		return -1;
	r->body = body;
	r->body_len = len;
	r->content_type = SOAP_CONTENT_TYPE;
	add_common_headers(r, p);
	return 0;
}

/* The SOAP body of r (taken over) and its headers: never stored (it may hold a ticket). */
static int
soap_body(struct reply *r, char *body, size_t len, const struct pool *p)
{
	if (reply_own(r, body) == NULL)
		return -1;
	r->body = body;
	r->body_len = len;
	r->content_type = SOAP_CONTENT_TYPE;
	reply_add_header(r, "Cache-Control", "no-store");
	reply_add_header(r, "Pragma", "no-cache");
	add_server_headers(r, p);
	return 0;
}

int
answers_webticket_fault(struct reply *r, unsigned status, enum wst_fault f, const char *why,
    const struct pool *p)
{
	size_t len = 0;
	char *body = wstrust_fault(f, why, &len);

	reply_init(r, status, why != NULL ? why : wstrust_fault_code(f));
	return soap_body(r, body, len, p);
}

int
answers_webticket_challenge(struct reply *r, const struct topology *t, const struct pool *p)
{
	size_t len = 0;
	char *body = wstrust_fault(WST_FAULT_FAILED_AUTH, NULL, &len), *www;

	reply_init(r, 401, "no credentials");
	/* RFC 7617: the realm, UTF-8 for user-id and password; first, as in the other 401s. */
	www = reply_own(r, xasprintf_s("Basic realm=\"%s\", charset=\"UTF-8\"", t->oauth_realm));
	if (www == NULL) {
		free(body);
		return -1;
	}
	reply_add_header(r, "WWW-Authenticate", www);
	return soap_body(r, body, len, p);
}

int
answers_webticket(struct reply *r, char *body, size_t len, const struct pool *p)
{
	reply_init(r, 200, "web ticket issued");
	return soap_body(r, body, len, p);
}

int
answers_webticket_retry(struct reply *r, unsigned status, unsigned retry_after, const struct pool *p)
{
	if (answers_webticket_fault(r, status, WST_FAULT_REQUEST_FAILED, retry_reason(status),
	    p) != 0)
		return -1;
	return add_retry_after(r, retry_after);
}

static const char *
status_text(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 415: return "Unsupported Media Type";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
answers_error(struct reply *r, unsigned status, const char *reason, const struct pool *p)
{
	char *body;

	reply_init(r, status, reason);
	r->content_type = "text/plain; charset=utf-8";
	body = reply_own(r, xasprintf_s("%u %s: %s\n", status, status_text(status), reason));
	if (body != NULL) {
		r->body = body;
		r->body_len = strlen(body);
	}
	add_common_headers(r, p);
}

void
answers_method_not_allowed(struct reply *r, const char *allow, const struct pool *p)
{
	char *reason = xasprintf_s("only %s %s served", allow, strchr(allow, ',') != NULL ?
	    "are" : "is");

	answers_error(r, 405, reason != NULL ? reason : "method not allowed", p);
	free(reason);	/* the body holds a copy */
	r->reason = "method not allowed";
	reply_add_header(r, "Allow", allow);
}
