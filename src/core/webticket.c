/* SPDX-License-Identifier: MIT */
/*
 * webticket.c: the Web Ticket Service's endpoint and the check of its
 * tickets (webticket.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "answers.h"
#include "b64.h"
#include "basic.h"
#include "saml.h"
#include "signin_check.h"
#include "token.h"
#include "webticket.h"
#include "wstrust.h"

/* SOAP 1.1 is text/xml (section 6.1.1); SOAP 1.2's type is taken to fault it properly. */
static bool
soap_content_type(const char *ct)
{
	static const char *const types[] = { "text/xml", "application/soap+xml" };
	size_t i, n;

	for (i = 0; ct != NULL && i < sizeof types / sizeof types[0]; i++) {
		n = strlen(types[i]);
		if (strncasecmp(ct, types[i], n) == 0 &&
		    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
			return true;
	}
	return false;
}

/* The ticket for user, as the request asks for it: the RSTR, or a fault. */
static int
answer_ticket(const struct topology *t, const struct request *rq, const struct pool *p,
    const char *user, struct reply *out)
{
	struct token_secret secret = signin_check_secret(t);
	struct saml_claims claims;
	struct wst_request w;
	enum wst_fault fault = WST_FAULT_CLIENT;
	const char *why = "the request has no body";
	xmlDocPtr ticket;
	size_t len = 0;
	char *body;

	if (!soap_content_type(rq->content_type))
		return answers_webticket_fault(out, 415, WST_FAULT_CLIENT,
		    "the body must be text/xml (SOAP 1.1)", p);
	if (rq->body == NULL || wstrust_parse(rq->body, rq->body_len, &w, &fault, &why) != 0)
		return answers_webticket_fault(out, 500, fault, why, p);
	if (w.claim_user[0] != '\0' && strcasecmp(w.claim_user, user) != 0)
		return answers_webticket_fault(out, 500, WST_FAULT_INVALID_REQUEST,
		    "the claims name another user than the one signed in", p);
	claims = (struct saml_claims){ .user = user, .issuer = t->sign_in.issuer,
	    .audience = w.applies_to[0] != '\0' ? w.applies_to : NULL, .now = rq->now,
	    .lifetime = t->sign_in.token_lifetime, .nonce = rq->nonce,
	    .nonce_len = sizeof rq->nonce };
	ticket = saml_issue(&secret, &claims);
	gnutls_memset(&secret, 0, sizeof secret);
	body = ticket != NULL ? wstrust_response(&w, ticket, rq->now,
	    rq->now + t->sign_in.token_lifetime, &len) : NULL;
	xmlFreeDoc(ticket);
	if (body == NULL)
		return -1;
	return answers_webticket(out, body, len, p);
}

/*
 * The password check, then the ticket: with the file directory its check;
 * with an LDAP directory the bind's outcome (out may then hold the
 * directory's 503, or the question for it). A wrong password and an
 * unknown user get the same answer, after the same check.
 */
static int
checked_answer(const struct topology *t, const struct request *rq, const struct pool *p,
    const char *user, const char *password, struct reply *out)
{
	struct user_home home;
	bool ok;

	if (t->sign_in.ldap == NULL)
		ok = signin_check_password(t, user, password);
	else if (!signin_check_home(rq, t, user, SIGNIN_STYLE_SOAP, p, &home, out))
		return 0;
	else
		ok = signin_check_directory(t, rq, &home);
	if (ok)
		return answer_ticket(t, rq, p, user, out);
	if (answers_webticket_challenge(out, t, p) != 0)
		return -1;
	out->sign_in_failed = true;
	return 0;
}

void
webticket_issue(const struct snapshot *s, const struct request *rq, const struct hints *h,
    struct reply *out)
{
	const struct topology *t = s->topology;
	struct basic_credentials c;
	char user[SIPURI_MAX + 1] = "";
	int rc;

	if (rq->body_too_large)
		rc = answers_webticket_fault(out, 413, WST_FAULT_CLIENT,
		    "the body is larger than a web ticket request can be", h->pool);
	else if (basic_parse(rq->authorization, &c) != 0 || basic_login_user(t, c.login, user) != 0) {
		/* No credentials, or none this service can read: the challenge. */
		user[0] = '\0';
		rc = answers_webticket_challenge(out, t, h->pool);
	} else
		rc = checked_answer(t, rq, h->pool, user, c.password, out);
	gnutls_memset(&c, 0, sizeof c);
	if (rc != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", h->pool);
	}
	reply_set_user(out, user);	/* who asked for a ticket, signed in or not ("": unknown) */
}

bool
webticket_attempt(const struct request *rq, char key[SIPURI_MAX + 1])
{
	struct basic_credentials c;
	int rc = basic_parse(rq->authorization, &c);

	if (rc == 0)
		rc = basic_login_key(c.login, key);
	gnutls_memset(&c, 0, sizeof c);
	return rc == 0;
}

int
webticket_credentials(const struct topology *t, const struct request *rq,
    char user[SIPURI_MAX + 1], char *password, size_t size)
{
	struct basic_credentials c;
	int rc = -1;

	if (basic_parse(rq->authorization, &c) == 0 && basic_login_user(t, c.login, user) == 0 &&
	    strlen(c.password) < size) {
		memcpy(password, c.password, strlen(c.password) + 1);
		rc = 0;
	}
	gnutls_memset(&c, 0, sizeof c);
	return rc;
}

/* The assertion a client sent: base64 of XML (of "<saml:Assertion ..."), else NULL. */
static char *
decode_assertion(const char *opaque, size_t *len)
{
	size_t n = strlen(opaque);
	char *xml;
	long k;

	while (n > 0 && (opaque[n - 1] == ' ' || opaque[n - 1] == '\t'))
		n--;
	if (n < 4 || (xml = malloc(n)) == NULL)
		return NULL;
	k = b64_decode(opaque, n, xml, n);
	if (k <= 0 || xml[0] != '<') {
		free(xml);
		return NULL;
	}
	*len = (size_t)k;
	return xml;
}

/* An OAuth token of the token endpoint, taken in the web ticket's header too. */
static bool
token_valid(const struct topology *t, const struct token_secret *s, const char *opaque,
    long long now, char user[SIPURI_MAX + 1], const char **why)
{
	switch (token_verify(s, opaque, strlen(opaque), t->sign_in.issuer, (time_t)now, user)) {
	case TOKEN_VALID:
		return true;
	case TOKEN_EXPIRED:
		*why = "the token has expired";
		return false;
	case TOKEN_WRONG_ISSUER:
		*why = "the token was issued for another deployment";
		return false;
	case TOKEN_MALFORMED:
	default:
		*why = "the ticket is neither a web ticket nor a token of this server";
		return false;
	}
}

bool
webticket_verify(const struct topology *t, const char *opaque, long long now,
    char user[SIPURI_MAX + 1], const char **why)
{
	struct token_secret s = signin_check_secret(t);
	enum saml_status st;
	size_t len = 0;
	char *xml = decode_assertion(opaque, &len);
	bool ok;

	if (xml == NULL)
		ok = token_valid(t, &s, opaque, now, user, why);
	else {
		st = saml_verify(&s, xml, len, t->sign_in.issuer, now, user);
		*why = saml_status_text(st);
		ok = st == SAML_VALID;
		free(xml);
	}
	gnutls_memset(&s, 0, sizeof s);
	return ok;
}
