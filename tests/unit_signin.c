/* SPDX-License-Identifier: MIT */
/*
 * unit_signin.c: the signed-in walk through the pure core — token endpoint,
 * User and OAuth (401, 403, 404, Redirect to another pool or to the hosting
 * provider, the User document), the Root's hybrid redirect, open sign-in,
 * the mobility policy, cross-origin rules, and redirect loops refused.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "reply_header.h"
#include "config_file.h"
#include "password.h"
#include "password_new.h"
#include "respond.h"
#include "snapshot.h"
#include "token.h"
#include "util.h"

#define NOW 1800000000LL
#define ROOT "/Autodiscover/AutodiscoverService.svc/root"
#define MSXML "application/vnd.microsoft.rtc.autodiscover+xml;v=1"

static char dir[] = "/tmp/unit_signin.XXXXXX";

static const char topology_fmt[] =
	"<lyncdiscover>"
	"<settings oauth-realm=\"contoso.com\" mobility-web=\"%s\"/>"
	"<sign-in mode=\"%s\" directory=\"users.txt\" token-secret=\"token.key\"/>"
	"<pool name=\"eu\" server-fqdn=\"fe01.contoso.net\">"
	"<internal-web fqdn=\"webint.contoso.net\"/><external-web fqdn=\"webext.contoso.com\"/>"
	"<sip-client-external fqdn=\"sip.contoso.com\" port=\"443\"/></pool>"
	"<pool name=\"us\" server-fqdn=\"fe02.contoso.net\">"
	"<internal-web fqdn=\"webint-us.contoso.net\"/><external-web fqdn=\"webext-us.contoso.com\"/></pool>"
	"<domain name=\"contoso.com\" pool=\"eu\"/>"
	"<domain name=\"fabrikam.com\" pool=\"eu\" online-autodiscover="
	"\"https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root\"/>"
	"<cross-origin cors=\"true\"><origin>https://app.contoso.com</origin></cross-origin>"
	"</lyncdiscover>";

static void
write_file_text(const char *name, const char *text)
{
	char *path = xasprintf_s("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	CHECK(f != NULL, "cannot write %s", path);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static struct snapshot *
load(const char *mode, const char *mobility)
{
	char *xml = xasprintf_s(topology_fmt, mobility, mode), *cause = NULL;
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("signin.xml", xml, strlen(xml), dir, &d);
	struct snapshot *s;

	CHECK(t != NULL, "the sign-in topology loads: %s", d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	free(xml);
	if (t == NULL)
		return NULL;
	s = snapshot_build(t, &cause);
	CHECK(s != NULL, "snapshot: %s", cause != NULL ? cause : "");
	free(cause);
	return s;
}

struct call {
	const char	*method, *target, *host, *accept;
	const char	*authorization, *webticket, *origin, *ms_origin, *body;
	bool		 internal;
};

static void
call(const struct snapshot *s, const struct call *c, struct reply *r)
{
	struct request rq = {
		.method = c->method != NULL ? c->method : "GET",
		.target = c->target,
		.http11 = true,
		.host = c->host != NULL ? c->host : "webext.contoso.com",
		.host_count = 1,
		.accept = c->accept,
		.has_body = c->body != NULL,
		.tls = true,
		.location = c->internal ? ACCESS_INTERNAL : ACCESS_EXTERNAL,
		.authorization = c->authorization,
		.webticket = c->webticket,
		.origin = c->origin,
		.ms_origin = c->ms_origin,
		.content_type = c->body != NULL ? "application/x-www-form-urlencoded" : NULL,
		.body = c->body,
		.body_len = c->body != NULL ? strlen(c->body) : 0,
		.now = NOW,
	};

	respond(s, &rq, r);
}

static bool
body_has(const struct reply *r, const char *s)
{
	char *b = malloc(r->body_len + 1);
	bool found;

	if (b == NULL)
		return false;
	memcpy(b, r->body, r->body_len);
	b[r->body_len] = '\0';
	found = strstr(b, s) != NULL;
	free(b);
	return found;
}

/* Signs in over the token endpoint; returns "Bearer TOKEN" (heap) or NULL. */
static char *
sign_in(const struct snapshot *s, const char *user, const char *password, unsigned *status)
{
	char *body = xasprintf_s("grant_type=password&username=%s&password=%s", user, password);
	struct call c = { .method = "POST", .target = "/WebTicket/oauthtoken", .body = body };
	const char *at, *end;
	struct reply r;
	char *bearer = NULL;

	call(s, &c, &r);
	*status = r.status;
	free(body);
	if (r.status == 200 && (at = strstr(r.body, "\"access_token\":\"")) != NULL) {
		at += strlen("\"access_token\":\"");
		end = strchr(at, '"');
		bearer = xasprintf_s("Bearer %.*s", (int)(end - at), at);
	}
	reply_release(&r);
	return bearer;
}

static void
test_token_endpoint(const struct snapshot *s)
{
	unsigned status;
	struct reply r;
	char *b;

	b = sign_in(s, "alice@contoso.com", "right%20one", &status);
	CHECK_UINT("token for alice's password", status, 200);
	CHECK(b != NULL, "a token came back");
	free(b);
	b = sign_in(s, "sip:Alice@Contoso.COM", "right+one", &status);
	CHECK_UINT("sip: prefix, case, '+' as space", status, 200);
	free(b);
	{
		struct call c = { .method = "POST", .target = "/WebTicket/oauthtoken",
		    .body = "grant_type=password&username=sip:Alice@Contoso.COM&password=wrong" };

		call(s, &c, &r);
		CHECK_STR("a refused token request records who asked (canonical)", r.user,
		    "Alice@contoso.com");
		CHECK(r.representation == -1, "the token endpoint negotiates no representation");
		CHECK_STR("the token endpoint's resource", r.resource, "token");
		reply_release(&r);
	}
	b = sign_in(s, "alice@contoso.com", "wrong", &status);
	CHECK_UINT("wrong password: 400 invalid_grant", status, 400);
	CHECK(b == NULL, "no token for a wrong password");
	b = sign_in(s, "nobody@contoso.com", "x", &status);
	CHECK_UINT("unknown user: the same 400", status, 400);
	b = sign_in(s, "bob@contoso.com", "x", &status);
	CHECK_UINT("a user without a password cannot sign in with one", status, 400);
	{
		struct call c = { .method = "POST", .target = "/WebTicket/oauthtoken",
		    .body = "grant_type=client_credentials" };

		call(s, &c, &r);
		CHECK_UINT("another grant type", r.status, 400);
		CHECK(body_has(&r, "\"error\":\"unsupported_grant_type\""), "RFC 6749 error");
		CHECK_STR("no caching of token answers", reply_header(&r, "Cache-Control", 0), "no-store");
		reply_release(&r);
		c.method = "GET";
		c.body = NULL;
		call(s, &c, &r);
		CHECK_UINT("GET on the token endpoint", r.status, 405);
		CHECK_STR("Allow of the token endpoint", reply_header(&r, "Allow", 0), "POST");
		reply_release(&r);
		c.method = "POST";
		c.body = "grant_type=password&username=%zz";
		call(s, &c, &r);
		CHECK_UINT("broken escape in the form", r.status, 400);
		reply_release(&r);
	}
}

static void
test_user(const struct snapshot *s)
{
	unsigned status;
	struct reply r;
	char *alice = sign_in(s, "alice@contoso.com", "right one", &status);
	char *carol = sign_in(s, "carol@contoso.com", "pw", &status);
	char *olga = sign_in(s, "olga@fabrikam.com", "pw", &status);
	char *ticket;
	struct call c = { .target = ROOT "/oauth/user", .accept = MSXML };

	CHECK(alice != NULL && carol != NULL && olga != NULL, "three users signed in");
	if (alice == NULL || carol == NULL || olga == NULL)
		goto out;
	call(s, &c, &r);
	CHECK_UINT("OAuth without credentials", r.status, 401);
	reply_release(&r);
	CHECK_STR("no credentials: no user recorded", r.user, "");
	c.authorization = alice;
	call(s, &c, &r);
	CHECK_UINT("OAuth with alice's token", r.status, 200);
	CHECK_STR("the token's user is recorded", r.user, "alice@contoso.com");
	CHECK(r.representation == REP_AUTODISCOVER_XML, "the negotiated representation is recorded");
	CHECK(body_has(&r, "<Link token=\"Internal/Mcx\" href=\"https://webext.contoso.com/Mcx/McxService.svc\"/>"),
	    "Internal/Mcx on the external web services (mobility policy external)");
	CHECK(body_has(&r, "<SipClientExternalAccess fqdn=\"sip.contoso.com\" port=\"443\"/>"),
	    "SIP access points of the home pool");
	CHECK(body_has(&r, "<Link token=\"Self\" href=\"https://webext.contoso.com" ROOT "/oauth/user\"/>"),
	    "Self is the OAuth URL");
	reply_release(&r);
	c.accept = "application/json";
	call(s, &c, &r);
	CHECK(body_has(&r, "\"applications\":{\"href\":\"https://webext.contoso.com/ucwa/oauth/v1/applications\"}"),
	    "UCWA user: applications (OAuth flavour)");
	reply_release(&r);
	c.accept = MSXML;
	c.authorization = carol;
	call(s, &c, &r);
	CHECK_UINT("carol (homed on us): 200", r.status, 200);
	CHECK(body_has(&r, "<Link token=\"Redirect\" href=\"https://webext-us.contoso.com" ROOT "\"/>"),
	    "a Redirect to pool us's Root");
	reply_release(&r);
	c.host = "webext-us.contoso.com";
	call(s, &c, &r);
	CHECK(r.status == 200 && body_has(&r, "<Link token=\"Self\""),
	    "at pool us, carol gets her User document (no loop)");
	reply_release(&r);
	c.host = NULL;
	c.authorization = olga;
	call(s, &c, &r);
	CHECK(body_has(&r, "<Link token=\"Redirect\" href=\"https://webdir.online.lync.com" ROOT "\"/>"),
	    "an online user: Redirect to the hosting provider");
	reply_release(&r);
	c.authorization = "Bearer AAAA.BBBB";
	call(s, &c, &r);
	CHECK_UINT("a forged token", r.status, 403);
	reply_release(&r);
	c.authorization = "Basic YWxpY2U6eA==";
	call(s, &c, &r);
	CHECK_UINT("another scheme", r.status, 403);
	reply_release(&r);
	/* /root/user takes the same token as an X-MS-WebTicket. */
	ticket = xasprintf_s("opaque=%s", alice + strlen("Bearer "));
	c = (struct call){ .target = ROOT "/user", .accept = MSXML, .webticket = ticket };
	call(s, &c, &r);
	CHECK(r.status == 200 && body_has(&r, "Self\" href=\"https://webext.contoso.com" ROOT "/user\""),
	    "User with X-MS-WebTicket");
	CHECK(r.prepared >= 0, "a token's User (homed on the answering pool) is a prepared reply");
	reply_release(&r);
	c.webticket = NULL;
	call(s, &c, &r);
	CHECK(r.status == 401 && reply_header(&r, "X-MS-WebTicketURL", 0) != NULL &&
	    reply_header(&r, "WWW-Authenticate", 0) == NULL, "User without a ticket: 401, web ticket URL");
	reply_release(&r);
	free(ticket);
out:
	free(alice);
	free(carol);
	free(olga);
}

static void
test_expired_and_unknown(const struct snapshot *s)
{
	struct token_secret secret = { .len = s->topology->sign_in.token_secret_len };
	struct call c = { .target = ROOT "/oauth/user" };
	struct reply r;
	char *t, *bearer;

	memcpy(secret.key, s->topology->sign_in.token_secret, sizeof secret.key);
	t = token_issue(&secret, "alice@contoso.com", s->topology->sign_in.issuer, NOW - 7200, 3600);
	bearer = xasprintf_s("Bearer %s", t);
	c.authorization = bearer;
	call(s, &c, &r);
	CHECK_UINT("an expired token", r.status, 403);
	CHECK(reply_header(&r, "X-Ms-diagnostics", 0) != NULL, "403 says why");
	reply_release(&r);
	free(t);
	free(bearer);
	t = token_issue(&secret, "ghost@contoso.com", s->topology->sign_in.issuer, NOW, 3600);
	bearer = xasprintf_s("Bearer %s", t);
	c.authorization = bearer;
	call(s, &c, &r);
	CHECK_UINT("a valid token of a user not in the directory", r.status, 404);
	CHECK_UINT("404 has an empty body", r.body_len, 0);
	reply_release(&r);
	free(t);
	free(bearer);
}

static void
test_root_hybrid(const struct snapshot *s)
{
	struct call c = { .target = "/?sipuri=olga@fabrikam.com", .accept = MSXML };
	struct reply r;

	call(s, &c, &r);
	CHECK(body_has(&r, "<Link token=\"Redirect\" href=\"https://webdir.online.lync.com" ROOT
	    "?sipuri=olga@fabrikam.com&amp;originalDomain=fabrikam.com\"/>"),
	    "Root for an online user: Redirect to the provider with the hints");
	reply_release(&r);
	c.target = "/?sipuri=newbie@fabrikam.com";
	call(s, &c, &r);
	CHECK(body_has(&r, "webdir.online.lync.com"), "an unknown user of a split domain: the provider");
	reply_release(&r);
	c.target = "/?sipuri=alice@contoso.com";
	call(s, &c, &r);
	CHECK(body_has(&r, "<Link token=\"User\""), "a local user: the usual Root");
	reply_release(&r);
}

static void
test_origins(const struct snapshot *s)
{
	struct call c = { .target = ROOT, .origin = "https://app.contoso.com" };
	struct reply r;

	call(s, &c, &r);
	CHECK_STR("CORS: the allowed origin echoed", reply_header(&r, "Access-Control-Allow-Origin", 0),
	    "https://app.contoso.com");
	CHECK(r.n_headers >= 1 && strcmp(r.headers[r.n_headers - 1].name, "Vary") == 0 &&
	    strcmp(r.headers[r.n_headers - 1].value, "Origin") == 0,
	    "CORS: the last header is Vary: Origin");
	CHECK_STR("CORS: Vary: Accept-Encoding stays", reply_header(&r, "Vary", 0), "Accept-Encoding");
	CHECK(r.prepared < 0, "a CORS answer is the request's own copy");
	reply_release(&r);
	c.method = "OPTIONS";
	call(s, &c, &r);
	CHECK_UINT("preflight", r.status, 204);
	CHECK(reply_header(&r, "Access-Control-Allow-Methods", 0) != NULL &&
	    strstr(reply_header(&r, "Access-Control-Allow-Headers", 0), "Authorization") != NULL,
	    "preflight: methods and headers");
	reply_release(&r);
	c.origin = "https://evil.example";
	call(s, &c, &r);
	CHECK_UINT("preflight from a refused origin", r.status, 403);
	CHECK(reply_header(&r, "X-Ms-diagnostics", 0) != NULL && strstr(reply_header(&r, "X-Ms-diagnostics", 0),
	    "does not allow a cross domain request") != NULL, "refused: X-Ms-diagnostics");
	reply_release(&r);
	c = (struct call){ .target = ROOT, .ms_origin = "https://evil.example" };
	call(s, &c, &r);
	CHECK_UINT("X-Ms-Origin not allowed", r.status, 403);
	reply_release(&r);
	c.ms_origin = "https://app.contoso.com";
	call(s, &c, &r);
	CHECK_UINT("X-Ms-Origin allowed", r.status, 200);
	reply_release(&r);
	c.ms_origin = "https://webext.contoso.com";
	call(s, &c, &r);
	CHECK_UINT("X-Ms-Origin: the page's own origin", r.status, 200);
	reply_release(&r);
}

static void
test_open_and_mobility(void)
{
	struct snapshot *s = load("open", "internal");
	struct call c = { .target = "/?sipuri=alice@contoso.com", .accept = MSXML, .internal = true,
	    .host = "webint.contoso.net" };
	struct reply r;

	if (s == NULL)
		return;
	call(s, &c, &r);
	CHECK(body_has(&r, "<Link token=\"OAuth\" href=\"https://webint.contoso.net" ROOT
	    "/oauth/user?sipuri=alice@contoso.com\"/>"), "open: the Root carries the sipuri to OAuth");
	reply_release(&r);
	c.accept = "application/json";
	call(s, &c, &r);
	CHECK(body_has(&r, "\"self\":{\"href\":\"https://webint.contoso.net" ROOT
	    "?sipuri=alice@contoso.com&originalDomain=contoso.com\"}"),
	    "open: the UCWA Root's self keeps the sipuri");
	CHECK_STR("a Root records the sipuri as the user", r.user, "alice@contoso.com");
	CHECK(r.representation == REP_UCWA_JSON, "a Root records UCWA JSON");
	CHECK_STR("a Root's resource", r.resource, "root");
	reply_release(&r);
	c.accept = MSXML;
	c.target = ROOT "/oauth/user?sipuri=alice@contoso.com";
	call(s, &c, &r);
	CHECK_UINT("open: OAuth without credentials", r.status, 200);
	CHECK(body_has(&r, "<Link token=\"Internal/Mcx\" href=\"https://webint.contoso.net/Mcx/McxService.svc\"/>") &&
	    body_has(&r, "<Link token=\"Ucwa\" href=\"https://webint.contoso.net/ucwa/v1/applications\"/>"),
	    "mobility policy internal: Internal/Mcx and Ucwa on the internal web services");
	CHECK(body_has(&r, "<Link token=\"Self\" href=\"https://webint.contoso.net" ROOT
	    "/oauth/user?sipuri=alice@contoso.com\"/>"),
	    "open: the User's Self keeps the sipuri (following it is still alice)");
	CHECK(r.prepared < 0 && r.owned[0] == r.body,
	    "open: the User is the template filled for alice, the request's own body");
	reply_release(&r);
	c.accept = "application/json";
	call(s, &c, &r);
	CHECK(body_has(&r, "\"self\":{\"href\":\"https://webint.contoso.net" ROOT
	    "/oauth/user?sipuri=alice@contoso.com\"}"), "open: the UCWA self keeps the sipuri");
	reply_release(&r);
	c.accept = MSXML;
	c.target = ROOT "/oauth/user";
	call(s, &c, &r);
	CHECK_UINT("open without a sipuri: the challenge", r.status, 401);
	reply_release(&r);
	snapshot_free(s);
}

static void
test_loops(void)
{
	static const char *const bad[] = {
		"<lyncdiscover><pool name=\"a\" server-fqdn=\"fe.x\"><internal-web fqdn=\"int.x\"/>"
		"<external-web fqdn=\"web.x\"/></pool><pool name=\"b\" server-fqdn=\"fe2.x\">"
		"<internal-web fqdn=\"int2.x\"/><external-web fqdn=\"WEB.x\"/></pool></lyncdiscover>",
		"<lyncdiscover><pool name=\"a\" server-fqdn=\"fe.x\"><internal-web fqdn=\"int.x\"/>"
		"<external-web fqdn=\"web.x\"/></pool><domain name=\"x\" pool=\"a\" "
		"online-autodiscover=\"https://lyncdiscover.x/Autodiscover/AutodiscoverService.svc/root\"/>"
		"</lyncdiscover>",
	};
	static const char *const want[] = {
		"pool \"b\": its external web services FQDN web.x is pool \"a\"'s too, so a User "
		"Redirect to \"b\" would loop",
		"domain \"x\": online-autodiscover https://lyncdiscover.x/Autodiscover/"
		"AutodiscoverService.svc/root names the Autodiscover name of SIP domain \"x\"",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		struct diag d = { 0 };
		struct topology *t = config_file_load_memory("loop.xml", bad[i], strlen(bad[i]), NULL, &d);

		CHECK(t == NULL, "loop %zu refused", i);
		CHECK(d.n == 1 && strstr(d.lines[0].text, want[i]) != NULL, "loop %zu: %s", i,
		    d.n > 0 ? d.lines[0].text : "(no message)");
		topology_free(t);
		diag_free(&d);
	}
}

int
main(void)
{
	struct snapshot *s;
	char *hash, *pw, *users;

	if (mkdtemp(dir) == NULL)
		return 99;
	hash = password_new_hash("right one", 1000);
	pw = password_new_hash("pw", 1000);
	users = xasprintf_s("# the unit test's users\n"
	    "alice@contoso.com eu %s\n"
	    "bob@contoso.com   eu\n"
	    "carol@contoso.com us %s\n"
	    "olga@fabrikam.com online %s\n", hash, pw, pw);
	write_file_text("users.txt", users);
	write_file_text("token.key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
	s = load("password", "external");
	if (s != NULL) {
		test_token_endpoint(s);
		test_user(s);
		test_expired_and_unknown(s);
		test_root_hybrid(s);
		test_origins(s);
		snapshot_free(s);
	}
	test_open_and_mobility();
	test_loops();
	free(hash);
	free(pw);
	free(users);
	return check_done("unit_signin");
}
