/* SPDX-License-Identifier: MIT */
/*
 * signin.c: User, OAuth and the token endpoint.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "answers.h"
#include "client.h"
#include "form.h"
#include "password.h"
#include "route.h"
#include "signin.h"
#include "signin_check.h"
#include "sipuri.h"
#include "splice.h"
#include "target.h"
#include "token.h"
#include "users.h"
#include "util.h"
#include "webticket.h"

_Static_assert(REPLY_USER_SIZE == SIPURI_MAX + 1, "a reply holds any canonical sipuri");

enum auth {
	AUTH_OK,
	AUTH_NONE,	/* 401 with the challenges */
	AUTH_BAD,	/* 403: a Bearer token refused (section 3.1.5.5) */
	AUTH_AGAIN	/* 401 again, saying why: a web ticket refused (section 3.1.5.3) */
};

/* What a request presents: the value after its scheme, or NULL. */
struct presented {
	const char	*bearer;	/* Authorization: Bearer (OAuth only) */
	const char	*ticket;	/* X-MS-WebTicket: opaque= */
	bool		 bad_authorization;	/* Authorization of another scheme (OAuth only) */
	bool		 bad_ticket;	/* X-MS-WebTicket not opaque= */
};

static const char *
after_scheme(const char *v, const char *scheme)
{
	size_t n = strlen(scheme);

	if (strncasecmp(v, scheme, n) != 0)
		return NULL;
	for (v += n; *v == ' '; v++)
		;
	return v;
}

/*
 * The credentials of the resource: /root/oauth/user takes a Bearer token,
 * and else a web ticket (clients send one there too); /root/user takes a
 * web ticket only, and ignores Authorization — pidgin-sipe repeats there
 * the Basic credentials it gave the Web Ticket Service on that connection.
 */
static void
presented_of(const struct request *rq, bool oauth, struct presented *c)
{
	memset(c, 0, sizeof *c);
	if (oauth && rq->authorization != NULL) {
		c->bearer = after_scheme(rq->authorization, "Bearer ");
		c->bad_authorization = c->bearer == NULL;
	}
	if (c->bearer == NULL && rq->webticket != NULL) {
		c->ticket = after_scheme(rq->webticket, "opaque=");
		c->bad_ticket = c->ticket == NULL;
	}
}

static enum auth
bearer_valid(const struct topology *t, const struct request *rq, const char *tok,
    char user[SIPURI_MAX + 1], const char **why)
{
	struct token_secret s = signin_check_secret(t);

	switch (token_verify(&s, tok, strlen(tok), t->sign_in.issuer, (time_t)rq->now, user)) {
	case TOKEN_VALID:
		return AUTH_OK;
	case TOKEN_EXPIRED:
		*why = "the token has expired";
		return AUTH_BAD;
	case TOKEN_WRONG_ISSUER:
		*why = "the token was issued for another deployment";
		return AUTH_BAD;
	case TOKEN_MALFORMED:
	default:
		*why = "the token is not valid";
		return AUTH_BAD;
	}
}

/*
 * Who asks: a token's or a web ticket's user, or in open mode the
 * request's sipuri. A credential must be for the user the sipuri names,
 * when the request names one.
 */
static enum auth
authenticate(const struct topology *t, const struct request *rq, const struct hints *h,
    bool oauth, char user[SIPURI_MAX + 1], const char **why)
{
	struct presented c;
	enum auth a;

	presented_of(rq, oauth, &c);
	if (c.bad_ticket) {
		*why = "the X-MS-WebTicket header is not opaque=TICKET";
		return oauth ? AUTH_BAD : AUTH_AGAIN;
	}
	if (c.bearer == NULL && c.ticket == NULL) {
		if (c.bad_authorization) {
			*why = "the Authorization header is not a Bearer token";
			return AUTH_BAD;
		}
		if (t->sign_in.mode != SIGN_IN_OPEN || h->sipuri[0] == '\0')
			return AUTH_NONE;
		memcpy(user, h->sipuri, strlen(h->sipuri) + 1);
		return AUTH_OK;
	}
	if (c.bearer != NULL)
		a = bearer_valid(t, rq, c.bearer, user, why);
	else
		a = webticket_verify(t, c.ticket, rq->now, user, why) ? AUTH_OK : AUTH_AGAIN;
	if (a == AUTH_OK && h->sipuri[0] != '\0' && strcasecmp(h->sipuri, user) != 0) {
		*why = c.bearer != NULL ? "the token was issued to another user than the sipuri's" :
		    "the web ticket was issued to another user than the sipuri's";
		return c.bearer != NULL ? AUTH_BAD : AUTH_AGAIN;
	}
	return a;
}

static void
challenge(const struct snapshot *s, const struct request *rq, const struct hints *h, bool oauth,
    struct reply *out)
{
	const struct pool_prepared *pp = &s->pools[(size_t)(h->pool - s->topology->pools)];
	size_t i = (oauth ? pp->oauth_challenge : pp->user_challenge) + (size_t)rq->location;

	*out = s->prepared[i];
	memset(out->owned, 0, sizeof out->owned);	/* the snapshot owns them */
}

/* The challenge again, with X-Ms-diagnostics saying why the ticket was refused. */
static void
challenge_again(const struct snapshot *s, const struct request *rq, const struct hints *h,
    bool oauth, const char *why, struct reply *out)
{
	challenge(s, rq, h, oauth, out);
	out->prepared = -1;	/* a copy with one more header */
	out->reason = why;
	if (answers_add_diagnostics(out, why, h->pool) != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", h->pool);
	}
}

/*
 * The User of a user homed on the answering pool: prepared without a sipuri;
 * with one (open sign-in), the prepared template filled in, or built now when
 * the configuration has no template.
 */
static int
own_pool_user(const struct snapshot *s, const struct request *rq, const struct hints *h,
    enum representation rep, bool oauth, const char *keep, struct reply *out)
{
	size_t pi = (size_t)(h->pool - s->topology->pools);
	size_t k = snapshot_user_offset(rq->location, rep, oauth);
	char *body;
	size_t len = 0;

	*out = s->prepared[s->pools[pi].user + k];
	memset(out->owned, 0, sizeof out->owned);	/* the snapshot owns them */
	if (keep == NULL)
		return 0;
	body = splice_fill(&s->user_splices[pi * SNAPSHOT_USERS + k], rep, keep, &len);
	if (body == NULL)
		return answers_user(out, h->pool, rq->location, rep, oauth,
		    s->topology->mobility_internal, keep);
	out->prepared = -1;	/* this request's own body, the prepared headers */
	out->body = reply_own(out, body);
	out->body_len = len;
	return 0;
}

void
signin_user(const struct snapshot *s, const struct request *rq, const struct hints *h,
    enum representation rep, bool oauth, struct reply *out)
{
	const struct topology *t = s->topology;
	char user[SIPURI_MAX + 1], *url;
	const char *why = NULL, *keep;
	struct user_home home;
	int rc;

	switch (authenticate(t, rq, h, oauth, user, &why)) {
	case AUTH_NONE:
		challenge(s, rq, h, oauth, out);
		return;
	case AUTH_BAD:
		answers_forbidden(out, why, h->pool);
		return;
	case AUTH_AGAIN:
		challenge_again(s, rq, h, oauth, why, out);
		return;
	case AUTH_OK:
		break;
	}
	/* Open sign-in: the sipuri is the user, so the links that name this user keep it. */
	keep = t->sign_in.mode == SIGN_IN_OPEN && h->sipuri[0] != '\0' ? h->sipuri : NULL;
	if (t->sign_in.ldap == NULL)
		users_find(t, user, &home);
	else if (!signin_check_home(rq, t, user, SIGNIN_STYLE_PLAIN, h->pool, &home, out))
		return;
	if (home.kind == USER_ONLINE && home.domain != NULL &&
	    home.domain->online_autodiscover != NULL) {
		rc = answers_user_redirect(out, h->pool, rq->location, rep, oauth,
		    home.domain->online_autodiscover, keep);
	} else if (home.kind != USER_POOL) {
		/* Unknown, or online in a domain without a hosting provider: no home we know. */
		answers_empty(out, 404, "unknown user", h->pool);
		return;
	} else if (&t->pools[home.pool] != h->pool) {
		/* Never the answering pool itself: --check has refused pools that share a web FQDN. */
		url = xasprintf_s("%s" PATH_ROOT, t->pools[home.pool].web[rq->location].base);
		rc = url != NULL ?
		    answers_user_redirect(out, h->pool, rq->location, rep, oauth, url, keep) : -1;
		free(url);
	} else
		rc = own_pool_user(s, rq, h, rep, oauth, keep, out);
	if (rc != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", h->pool);
	}
	reply_set_user(out, user);
}

const char *
signin_root_elsewhere(const struct topology *t, const struct hints *h)
{
	struct user_home home;

	if (h->sipuri[0] == '\0')
		return NULL;
	users_find(t, h->sipuri, &home);
	if (home.domain == NULL || home.domain->online_autodiscover == NULL)
		return NULL;
	/* Online, or unknown in a split domain with a directory: the provider knows them. */
	if (home.kind == USER_ONLINE ||
	    (home.kind == USER_UNKNOWN && t->sign_in.directory != NULL))
		return home.domain->online_autodiscover;
	return NULL;
}

static bool
form_content_type(const char *ct)
{
	static const char want[] = "application/x-www-form-urlencoded";

	return ct != NULL && strncasecmp(ct, want, sizeof want - 1) == 0 &&
	    (ct[sizeof want - 1] == '\0' || ct[sizeof want - 1] == ';' || ct[sizeof want - 1] == ' ');
}

void
signin_token(const struct snapshot *s, const struct request *rq, const struct hints *h,
    struct reply *out)
{
	const struct topology *t = s->topology;
	struct token_secret secret = signin_check_secret(t);
	char user[SIPURI_MAX + 1] = "", *token;
	struct user_home home;
	struct token_form f;
	int rc;

	if (rq->body_too_large || (rq->body != NULL && rq->body_len > FORM_MAX))
		rc = answers_token_error(out, 413, "invalid_request",
		    "the body is larger than a token request can be", h->pool);
	else if (!form_content_type(rq->content_type) || rq->body == NULL ||
	    form_parse(rq->body, rq->body_len, &f) != 0)
		rc = answers_token_error(out, 400, "invalid_request",
		    "the body must be application/x-www-form-urlencoded", h->pool);
	else if (f.grant_type == NULL || strcmp(f.grant_type, "password") != 0)
		rc = answers_token_error(out, 400, "unsupported_grant_type",
		    "this server issues tokens for grant_type=password only", h->pool);
	else if (f.username == NULL || f.password == NULL ||
	    sipuri_canonical(f.username, user, sizeof user) != 0) {
		user[0] = '\0';	/* no SIP address to record */
		rc = answers_token_error(out, 400, "invalid_request",
		    "username (a SIP address) and password are required", h->pool);
	}
	else if (t->sign_in.ldap != NULL &&
	    !signin_check_home(rq, t, user, SIGNIN_STYLE_TOKEN, h->pool, &home, out))
		return;
	else if (t->sign_in.ldap != NULL ? !signin_check_directory(t, rq, &home) :
	    !signin_check_password(t, user, f.password)) {
		rc = answers_token_error(out, 400, "invalid_grant",
		    "the user name or password is incorrect", h->pool);
		out->sign_in_failed = true;
	}
	else {
		token = token_issue(&secret, user, t->sign_in.issuer, (time_t)rq->now,
		    t->sign_in.token_lifetime);
		rc = token != NULL ? answers_token(out, token, t->sign_in.token_lifetime, h->pool) : -1;
		free(token);
	}
	if (rc != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", h->pool);
	}
	reply_set_user(out, user);	/* who asked for a token, signed in or not ("": unknown) */
}

/* A token request with a well-formed password grant: its user in user. */
static bool
token_attempt(const struct request *rq, char user[SIPURI_MAX + 1])
{
	struct token_form f;
	bool yes;

	if (rq->body == NULL || rq->body_too_large || !form_content_type(rq->content_type))
		return false;
	yes = form_parse(rq->body, rq->body_len, &f) == 0 && f.grant_type != NULL &&
	    strcmp(f.grant_type, "password") == 0 && f.username != NULL && f.password != NULL &&
	    sipuri_canonical(f.username, user, SIPURI_MAX + 1) == 0;
	gnutls_memset(&f, 0, sizeof f);
	return yes;
}

/* The resource a POST asks for; RES_NOT_FOUND if it cannot be told. */
static enum resource
post_resource(const struct request *rq)
{
	const char *reason;
	struct target tg;

	if (strcmp(rq->method, "POST") != 0 || target_parse(rq->target, &tg, &reason) != 0)
		return RES_NOT_FOUND;
	return route_path(tg.path);
}

bool
signin_attempt(const struct snapshot *s, const struct request *rq, struct signin_attempt *a)
{
	const struct topology *t = s->topology;
	enum resource res;
	struct client c;

	if (t->sign_in.mode != SIGN_IN_PASSWORD)
		return false;
	res = post_resource(rq);
	a->webticket = res == RES_WEBTICKET;
	if (res == RES_TOKEN ? !token_attempt(rq, a->user) :
	    res != RES_WEBTICKET || !webticket_attempt(rq, a->user))
		return false;
	client_effective(t, rq, &c);
	a->client = c.addr;
	return true;
}

int
signin_credentials(const struct snapshot *s, const struct request *rq,
    char user[SIPURI_MAX + 1], char *password, size_t size)
{
	struct token_form f;
	int rc = -1;

	if (post_resource(rq) == RES_WEBTICKET)
		return webticket_credentials(s->topology, rq, user, password, size);
	if (rq->body != NULL && form_parse(rq->body, rq->body_len, &f) == 0 &&
	    f.username != NULL && f.password != NULL && strlen(f.password) < size &&
	    sipuri_canonical(f.username, user, SIPURI_MAX + 1) == 0) {
		memcpy(password, f.password, strlen(f.password) + 1);
		rc = 0;
	}
	gnutls_memset(&f, 0, sizeof f);
	return rc;
}
