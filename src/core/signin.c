/* SPDX-License-Identifier: MIT */
/*
 * signin.c: User, OAuth and the token endpoint.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answers.h"
#include "client.h"
#include "form.h"
#include "password.h"
#include "route.h"
#include "signin.h"
#include "sipuri.h"
#include "splice.h"
#include "target.h"
#include "token.h"
#include "users.h"
#include "util.h"

_Static_assert(REPLY_USER_SIZE == SIPURI_MAX + 1, "a reply holds any canonical sipuri");

enum auth {
	AUTH_OK,
	AUTH_NONE,	/* 401 with the challenges */
	AUTH_BAD	/* 403 */
};

static struct token_secret
secret_of(const struct topology *t)
{
	struct token_secret s;

	memcpy(s.key, t->sign_in.token_secret, sizeof s.key);
	s.len = t->sign_in.token_secret_len;
	return s;
}

/* The token of the credential header of this resource, or NULL. */
static const char *
presented_token(const struct request *rq, bool oauth, bool *malformed)
{
	const char *v = oauth ? rq->authorization : rq->webticket;
	const char *scheme = oauth ? "Bearer " : "opaque=";
	size_t n = strlen(scheme);

	*malformed = false;
	if (v == NULL)
		return NULL;
	if (strncasecmp(v, scheme, n) != 0) {
		*malformed = true;
		return NULL;
	}
	v += n;
	while (*v == ' ')
		v++;
	return v;
}

/* Who asks: a token's user, or in open mode the request's sipuri. */
static enum auth
authenticate(const struct topology *t, const struct request *rq, const struct hints *h,
    bool oauth, char user[SIPURI_MAX + 1], const char **why)
{
	struct token_secret s = secret_of(t);
	const char *tok;
	bool malformed;

	tok = presented_token(rq, oauth, &malformed);
	if (tok == NULL && !malformed && t->sign_in.mode == SIGN_IN_OPEN && h->sipuri[0] != '\0') {
		memcpy(user, h->sipuri, strlen(h->sipuri) + 1);
		return AUTH_OK;
	}
	if (malformed) {
		*why = oauth ? "the Authorization header is not a Bearer token" :
		    "the X-MS-WebTicket header is not opaque=TOKEN";
		return AUTH_BAD;
	}
	if (tok == NULL)
		return AUTH_NONE;
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

static void
challenge(const struct snapshot *s, const struct request *rq, const struct hints *h, bool oauth,
    struct reply *out)
{
	const struct pool_prepared *pp = &s->pools[(size_t)(h->pool - s->topology->pools)];
	size_t i = (oauth ? pp->oauth_challenge : pp->user_challenge) + (size_t)rq->location;

	*out = s->prepared[i];
	memset(out->owned, 0, sizeof out->owned);	/* the snapshot owns them */
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

/*
 * 503 with Retry-After: the LDAP directory is down, or (a call without the
 * directory's answer) respond() has asked for it and is called again.
 */
static void
directory_unavailable(const struct request *rq, bool token, const struct pool *p,
    struct reply *out)
{
	unsigned after = rq->dir_answer != NULL && rq->dir_answer->retry_after > 0 ?
	    rq->dir_answer->retry_after : 1;
	const char *why = rq->dir_answer != NULL ? "the user directory cannot be reached" :
	    "the user directory has not answered";
	char *v;
	int rc;

	if (token)
		rc = answers_token_error(out, 503, "temporarily_unavailable", why, p);
	else {
		answers_error(out, 503, why, p);
		rc = 0;
	}
	v = rc == 0 ? reply_own(out, xasprintf_s("%u", after)) : NULL;
	if (v == NULL || reply_add_header(out, "Retry-After", v) != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", p);
	}
}

/*
 * With an LDAP directory: the home of user from the directory's answer, or
 * false when out holds the answer already — the 503 of an unreachable
 * directory, or, without an answer yet, the question for the daemon.
 */
static bool
directory_home(const struct request *rq, const struct topology *t, const char *user,
    bool token, const struct pool *p, struct user_home *home, struct reply *out)
{
	bool unmatched;

	if (rq->dir_answer == NULL && rq->dir_query != NULL) {
		rq->dir_query->needed = true;
		memcpy(rq->dir_query->user, user, strlen(user) + 1);
	}
	if (rq->dir_answer == NULL || rq->dir_answer->status == DIR_UNAVAILABLE) {
		directory_unavailable(rq, token, p, out);
		return false;
	}
	users_from_answer(t, user, rq->dir_answer, home, &unmatched);
	return true;
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
	case AUTH_OK:
		break;
	}
	/* Open sign-in: the sipuri is the user, so the links that name this user keep it. */
	keep = t->sign_in.mode == SIGN_IN_OPEN && h->sipuri[0] != '\0' ? h->sipuri : NULL;
	if (t->sign_in.ldap == NULL)
		users_find(t, user, &home);
	else if (!directory_home(rq, t, user, false, h->pool, &home, out))
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

/*
 * Does the form's user sign in? The answer is the same for unknown users and
 * wrong passwords, and so is the time: in password mode every refusal costs
 * one password check — an unknown user's (or one without a hash) against the
 * dummy hash, which has the iteration count of most users' hashes.
 */
static bool
credentials_ok(const struct topology *t, const char *user, const char *password)
{
	struct user_home home;
	const char *hash;
	bool known;

	users_find(t, user, &home);
	known = home.kind != USER_UNKNOWN;
	switch (t->sign_in.mode) {
	case SIGN_IN_OPEN:
	case SIGN_IN_ANY_PASSWORD:
		return known;
	case SIGN_IN_PASSWORD:
	default:
		known = known && home.password_hash != NULL;
		hash = known ? home.password_hash : t->sign_in.dummy_hash;
		/* No dummy only in a topology built by hand (tests): then no check either. */
		return hash != NULL && password_verify(hash, password) && known;
	}
}

/*
 * With an LDAP directory the daemon checked the password (a bind as the
 * user, on a worker) before respond() and says how it went; the user must
 * also be one the directory homes, as for a User request.
 */
static bool
directory_credentials_ok(const struct topology *t, const struct request *rq,
    const struct user_home *home)
{
	if (home->kind == USER_UNKNOWN)
		return false;
	return t->sign_in.mode != SIGN_IN_PASSWORD || rq->dir_answer->password_ok;
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
	struct token_secret secret = secret_of(t);
	char user[SIPURI_MAX + 1] = "", *token;
	struct user_home home;
	struct token_form f;
	int rc;

	if (rq->body_too_large)
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
	else if (t->sign_in.ldap != NULL && !directory_home(rq, t, user, true, h->pool, &home, out))
		return;
	else if (t->sign_in.ldap != NULL ? !directory_credentials_ok(t, rq, &home) :
	    !credentials_ok(t, user, f.password)) {
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

bool
signin_attempt(const struct snapshot *s, const struct request *rq, struct signin_attempt *a)
{
	const struct topology *t = s->topology;
	const char *reason;
	struct token_form f;
	struct target tg;
	struct client c;

	if (t->sign_in.mode != SIGN_IN_PASSWORD || strcmp(rq->method, "POST") != 0 ||
	    rq->body == NULL || rq->body_too_large || !form_content_type(rq->content_type))
		return false;
	if (target_parse(rq->target, &tg, &reason) != 0 || route_path(tg.path) != RES_TOKEN)
		return false;
	if (form_parse(rq->body, rq->body_len, &f) != 0 || f.grant_type == NULL ||
	    strcmp(f.grant_type, "password") != 0 || f.username == NULL || f.password == NULL ||
	    sipuri_canonical(f.username, a->user, sizeof a->user) != 0)
		return false;
	client_effective(t, rq, &c);
	a->client = c.addr;
	return true;
}
