/*
 * replies.c: the replies of the protocol, headers included.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "embedded.h"
#include "negotiate.h"
#include "replies.h"
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

/* The headers of every answer (protocol.md §7.3, §11.5 item 12). */
static void
add_common_headers(struct reply *r, const struct pool *p)
{
	reply_add_header(r, "Cache-Control", "no-cache");
	reply_add_header(r, "Pragma", "no-cache");
	reply_add_header(r, "Expires", "-1");
	reply_add_header(r, "X-Content-Type-Options", "nosniff");
	if (p != NULL)
		reply_add_header(r, "X-MS-Server-Fqdn", p->server_fqdn);
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
replies_root(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, const char *original_domain)
{
	struct document d;
	int built = document_root(&d, p, loc, original_domain);

	return document_reply(r, &d, built, p, rep);
}

int
replies_root_redirect(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep, const char *sipuri, const char *original_domain)
{
	struct document d;
	int built = document_root_redirect(&d, p, loc, sipuri, original_domain);

	if (document_reply(r, &d, built, p, rep) != 0)
		return -1;
	r->reason = "redirect to https";
	return 0;
}

enum representation
replies_domain_representation(enum representation rep)
{
	if (rep == REP_UCWA_JSON)
		return REP_AUTODISCOVER_JSON;
	if (rep == REP_UCWA_XML)
		return REP_AUTODISCOVER_XML;
	return rep;
}

int
replies_domain(struct reply *r, const struct pool *p, enum access_location loc,
    enum representation rep)
{
	struct document d;
	int built = document_domain(&d, p, loc);

	return document_reply(r, &d, built, p, replies_domain_representation(rep));
}

static void
unauthorized(struct reply *r, const struct pool *p)
{
	reply_init(r, 401, "no credentials");
	r->content_type = "text/html";
	r->body = unauthorized_html;
	r->body_len = sizeof unauthorized_html - 1;
	add_common_headers(r, p);
}

int
replies_user_challenge(struct reply *r, const struct pool *p, enum access_location loc)
{
	char *url;

	unauthorized(r, p);
	url = reply_own(r, xasprintf_s("%s" PATH_WEBTICKET, p->web[loc].base));
	if (url == NULL)
		return -1;
	return reply_add_header(r, "X-MS-WebTicketURL", url);
}

int
replies_oauth_challenge(struct reply *r, const struct topology *t, const struct pool *p,
    enum access_location loc)
{
	char *bearer, *msrtc;

	unauthorized(r, p);
	bearer = reply_own(r, xasprintf_s("Bearer trusted_issuers=\"" OAUTH_ISSUER_ID "@%s\", "
	    "client_id=\"" OAUTH_CLIENT_ID "\"", t->oauth_realm));
	/* Exactly this shape: clients find the href with the regex `href=(.*?),`. */
	msrtc = reply_own(r, xasprintf_s("MsRtcOAuth href=\"%s" PATH_OAUTHTOKEN "\","
	    "grant_type=\"" OAUTH_GRANT_TYPES "\"", p->web[loc].base));
	if (bearer == NULL || msrtc == NULL)
		return -1;
	reply_add_header(r, "WWW-Authenticate", bearer);
	return reply_add_header(r, "WWW-Authenticate", msrtc);
}

int
replies_xframe(struct reply *r, const struct pool *p)
{
	reply_init(r, 200, "xframe");
	r->content_type = "text/html; charset=utf-8";
	r->body = embedded_xframe_html;
	r->body_len = embedded_xframe_html_len;
	add_common_headers(r, p);
	return 0;
}

static const char *
status_text(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	default: return "Internal Server Error";
	}
}

void
replies_error(struct reply *r, unsigned status, const char *reason, const struct pool *p)
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
	if (status == 405)
		reply_add_header(r, "Allow", "GET, HEAD");
}
