/* SPDX-License-Identifier: MIT */
/*
 * unit_webticket.c: the Web Ticket Service through the pure core — the SAML
 * assertion signed and checked (valid, expired, not yet valid, another
 * secret, another deployment, every kind of tampering, signature wrapping,
 * DTDs), the RequestSecurityToken read (pidgin-sipe's, and each refusal:
 * SOAP 1.2, no RST, another request or token type, two SIP addresses, XXE,
 * billion laughs), the answers built (the order pidgin-sipe's text cuts
 * need, faults as SOAP 1.1 writes them), Basic credentials and the Windows
 * login form, and the endpoint and /root/user through respond(): the
 * challenge, a wrong password and an unknown user answered alike, the
 * ticket, and the User resource refusing forged, expired, tampered and
 * other-user tickets with the 401 again.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "b64.h"
#include "basic.h"
#include "check.h"
#include "config_file.h"
#include "password_new.h"
#include "reply_header.h"
#include "respond.h"
#include "saml.h"
#include "signin.h"
#include "snapshot.h"
#include "util.h"
#include "wstrust.h"
#include "xmlsafe.h"

#define NOW 1800000000LL
#define ROOT "/Autodiscover/AutodiscoverService.svc/root"
#define SERVICE "/WebTicket/WebTicketService.svc"
#define ISSUER "lyncdiscover/contoso.com"

static char dir[] = "/tmp/unit_webticket.XXXXXX";

/* ------------------------------------------------------------- helpers */

static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	if (at == NULL)
		return xstrdup(s);
	return xasprintf_s("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* The text between the first ":Assertion" start tag and its end tag, as pidgin-sipe cuts it. */
static char *
cut_assertion(const char *body, size_t len)
{
	char *text = xstrndup(body, len), *start, *end, *out = NULL;

	if (text != NULL && (start = strstr(text, "<saml:Assertion")) != NULL &&
	    (end = strstr(start, "</saml:Assertion>")) != NULL)
		out = xstrndup(start, (size_t)(end - start) + strlen("</saml:Assertion>"));
	free(text);
	return out;
}

static char *
issue_text(const struct token_secret *s, const char *user, const char *issuer, long long now)
{
	unsigned char nonce[16] = { 1, 2, 3 };
	struct saml_claims c = { .user = user, .issuer = issuer,
	    .audience = "https://webext.contoso.com" ROOT "/user?a=1&b=2", .now = now,
	    .lifetime = 3600, .nonce = nonce, .nonce_len = sizeof nonce };
	xmlDocPtr doc = saml_issue(s, &c);
	xmlChar *text = NULL;
	char *out;
	int len = 0;

	CHECK(doc != NULL, "an assertion is issued");
	if (doc == NULL)
		return NULL;
	/* Without the XML declaration and indentation: the bytes a client cuts out of the answer. */
	xmlDocDumpMemory(doc, &text, &len);
	xmlFreeDoc(doc);
	out = text != NULL ? xstrdup(strchr((char *)text, '\n') + 1) : NULL;
	xmlFree(text);
	if (out != NULL && out[strlen(out) - 1] == '\n')
		out[strlen(out) - 1] = '\0';
	return out;
}

static enum saml_status
verify_text(const struct token_secret *s, const char *xml, long long now, char *user)
{
	return saml_verify(s, xml, strlen(xml), ISSUER, now, user);
}

/* ----------------------------------------------------------------- SAML */

static void
test_saml_tampering(const struct token_secret *s, const char *a)
{
	static const struct {
		const char	*from, *to, *what;
		enum saml_status want;
	} edits[] = {
		{ "sip:alice@contoso.com", "sip:carol@contoso.com", "another user", SAML_BAD_SIGNATURE },
		{ "NotOnOrAfter=\"2027-01-15T09:00:00Z\"", "NotOnOrAfter=\"2037-01-15T09:00:00Z\"",
		  "a later expiry", SAML_BAD_SIGNATURE },
		{ "Issuer=\"" ISSUER "\"", "Issuer=\"lyncdiscover/fabrikam.com\"", "another issuer",
		  SAML_BAD_SIGNATURE },
		{ "<ds:SignatureValue>", "<ds:SignatureValue>AAAA", "a broken signature value",
		  SAML_MALFORMED },
		{ "xmldsig-more#hmac-sha256", "xmldsig#hmac-sha1", "another signature algorithm",
		  SAML_MALFORMED },
		{ "URI=\"#_", "URI=\"#x_", "a reference to another element", SAML_MALFORMED },
		{ "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>", "",
		  "no enveloped transform", SAML_MALFORMED },
		{ "MajorVersion=\"1\"", "MajorVersion=\"2\"", "SAML 2", SAML_MALFORMED },
		{ "<saml:Conditions", "<!-- a comment --><saml:Conditions",
		  "a comment (left out of the canonical form)", SAML_VALID },
		{ "><saml:Conditions", ">\n<saml:Conditions", "whitespace between elements",
		  SAML_BAD_SIGNATURE },
	};
	char user[SIPURI_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char *t = replace(a, edits[i].from, edits[i].to);

		CHECK(strcmp(t, a) != 0 || strstr(a, edits[i].from) == NULL, "edit %s applies",
		    edits[i].what);
		CHECK_UINT(edits[i].what, verify_text(s, t, NOW + 10, user), edits[i].want);
		free(t);
	}
}

/* Signature wrapping: a valid assertion inside another element, or beside a forged one. */
static void
test_saml_wrapping(const struct token_secret *s, const char *a)
{
	char user[SIPURI_MAX + 1];
	char *forged = replace(a, "sip:alice@contoso.com", "sip:carol@contoso.com");
	char *outer = xasprintf_s("<x:Wrap xmlns:x=\"urn:x\">%s</x:Wrap>", a);
	char *inner, *cut;

	CHECK_UINT("an assertion inside another element", verify_text(s, outer, NOW, user),
	    SAML_MALFORMED);
	/* The forged statement carries the valid assertion's signature inside it. */
	cut = strstr(forged, "<ds:Signature");
	inner = cut != NULL ? xasprintf_s("%.*s<x:Keep xmlns:x=\"urn:x\">%s</x:Keep>%s",
	    (int)(cut - forged), forged, a, cut) : NULL;
	CHECK(inner != NULL && verify_text(s, inner, NOW, user) != SAML_VALID,
	    "a forged assertion wrapping the valid one is refused");
	free(forged);
	free(outer);
	free(inner);
}

static void
test_saml_dtd(const struct token_secret *s, const char *a)
{
	char user[SIPURI_MAX + 1];
	char *xxe = xasprintf_s("<!DOCTYPE saml:Assertion [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>%s",
	    a);
	char *laughs = xasprintf_s("<!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;&l;\">"
	    "<!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;\">]>%s", a);

	CHECK_UINT("an assertion under a DTD with an external entity", verify_text(s, xxe, NOW, user),
	    SAML_MALFORMED);
	CHECK_UINT("an assertion under a DTD of nested entities", verify_text(s, laughs, NOW, user),
	    SAML_MALFORMED);
	free(xxe);
	free(laughs);
}

static void
test_saml(void)
{
	struct token_secret s = { .len = 32 }, other = { .len = 32 };
	char user[SIPURI_MAX + 1] = "", t[21];
	char *a;

	memset(s.key, 7, sizeof s.key);
	memset(other.key, 8, sizeof other.key);
	saml_time(1800000000LL, t);
	CHECK_STR("saml_time", t, "2027-01-15T08:00:00Z");
	a = issue_text(&s, "alice@contoso.com", ISSUER, NOW);
	if (a == NULL)
		return;
	CHECK(strstr(a, "AssertionID=\"_") != NULL && strstr(a, "sip:alice@contoso.com") != NULL &&
	    strstr(a, "NotOnOrAfter=\"2027-01-15T09:00:00Z\"") != NULL,
	    "the assertion names its ID, the user and its lifetime: %s", a);
	CHECK(strstr(a, "a=1&amp;b=2") != NULL, "the audience escaped by libxml2");
	CHECK_UINT("valid", verify_text(&s, a, NOW + 10, user), SAML_VALID);
	CHECK_STR("its user", user, "alice@contoso.com");
	CHECK_UINT("valid until its last second", verify_text(&s, a, NOW + 3599, user), SAML_VALID);
	CHECK_UINT("expired at NotOnOrAfter", verify_text(&s, a, NOW + 3600, user), SAML_EXPIRED);
	CHECK_UINT("issued within the clock skew ahead", verify_text(&s, a, NOW - SAML_CLOCK_SKEW, user),
	    SAML_VALID);
	CHECK_UINT("not yet valid past the skew", verify_text(&s, a, NOW - SAML_CLOCK_SKEW - 1, user),
	    SAML_NOT_YET_VALID);
	CHECK_UINT("another secret", verify_text(&other, a, NOW, user), SAML_BAD_SIGNATURE);
	CHECK_UINT("another deployment, the same secret",
	    saml_verify(&s, a, strlen(a), "lyncdiscover/fabrikam.com", NOW, user), SAML_WRONG_ISSUER);
	CHECK_UINT("nothing", saml_verify(&s, "", 0, ISSUER, NOW, user), SAML_MALFORMED);
	CHECK_UINT("not XML", verify_text(&s, "opaque", NOW, user), SAML_MALFORMED);
	test_saml_tampering(&s, a);
	test_saml_wrapping(&s, a);
	test_saml_dtd(&s, a);
	free(a);
}

/* ------------------------------------------------------------- WS-Trust */

/* pidgin-sipe's request, as sipe-svc.c writes it (whitespace included). */
static const char sipe_rst[] =
	"<?xml version=\"1.0\"?>\r\n"
	"<soap:Envelope xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\" "
	"xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
	"xmlns:wst=\"http://docs.oasis-open.org/ws-sx/ws-trust/200512\" "
	"xmlns:auth=\"http://schemas.xmlsoap.org/ws/2006/12/authorization\" "
	"xmlns:wsa=\"http://www.w3.org/2005/08/addressing\" "
	"xmlns:wsp=\"http://schemas.xmlsoap.org/ws/2004/09/policy\" >"
	" <soap:Body><wst:RequestSecurityToken Context=\"ctx-1\">"
	" <wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</wst:TokenType>"
	" <wst:RequestType>http://schemas.xmlsoap.org/ws/2005/02/trust/Issue</wst:RequestType>"
	" <wsp:AppliesTo>  <wsa:EndpointReference>"
	"   <wsa:Address>https://webext.contoso.com" ROOT "/user</wsa:Address>"
	"  </wsa:EndpointReference> </wsp:AppliesTo>"
	" <wst:Claims Dialect=\"urn:component:Microsoft.Rtc.WebAuthentication.2010:authclaims\">"
	"  <auth:ClaimType Uri=\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri\" Optional=\"false\">"
	"   <auth:Value>sip:%s</auth:Value>  </auth:ClaimType> </wst:Claims>"
	" <wst:Entropy>  <wst:BinarySecret>AAAA</wst:BinarySecret> </wst:Entropy>"
	" <wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</wst:KeyType>"
	"</wst:RequestSecurityToken></soap:Body></soap:Envelope>";

static char *
rst_for(const char *user)
{
	return xasprintf_s(sipe_rst, user);
}

static void
expect_fault(const char *what, const char *body, enum wst_fault want)
{
	struct wst_request w;
	enum wst_fault f = WST_FAULT_REQUEST_FAILED;
	const char *why = NULL;

	CHECK(wstrust_parse(body, strlen(body), &w, &f, &why) != 0, "%s: refused", what);
	CHECK_STR(what, wstrust_fault_code(f), wstrust_fault_code(want));
	CHECK(why != NULL, "%s: says why", what);
}

static void
test_rst_refusals(void)
{
	char *rst = rst_for("alice@contoso.com"), *t, *u;

	expect_fault("not XML", "hello", WST_FAULT_CLIENT);
	t = replace(rst, "http://schemas.xmlsoap.org/soap/envelope/",
	    "http://www.w3.org/2003/05/soap-envelope");
	expect_fault("a SOAP 1.2 envelope", t, WST_FAULT_VERSION);
	free(t);
	expect_fault("no RST", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
	    "<s:Body><x/></s:Body></s:Envelope>", WST_FAULT_BAD_REQUEST);
	t = replace(rst, "trust/Issue", "trust/Renew");
	expect_fault("a Renew", t, WST_FAULT_BAD_REQUEST);
	free(t);
	t = replace(rst, "oasis-wss-saml-token-profile-1.1#SAMLV1.1",
	    "urn:component:Microsoft.Rtc.WebAuthentication.2010:user-cwt-1");
	expect_fault("a compact web ticket", t, WST_FAULT_INVALID_REQUEST);
	free(t);
	t = replace(rst, "</wst:Claims>", "<auth:ClaimType Uri=\"http://schemas.xmlsoap.org/ws/2005/05/"
	    "identity/claims/uri\"><auth:Value>sip:bob@contoso.com</auth:Value></auth:ClaimType></wst:Claims>");
	expect_fault("two SIP addresses claimed", t, WST_FAULT_INVALID_REQUEST);
	free(t);
	t = replace(rst, "<?xml version=\"1.0\"?>\r\n", "<?xml version=\"1.0\"?><!DOCTYPE soap:Envelope "
	    "[<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
	u = replace(t, "ctx-1", "&x;");
	expect_fault("XXE: an external entity", u, WST_FAULT_CLIENT);
	free(t);
	free(u);
	free(rst);
}

/* 2^30 "lol"s if expanded: refused before any entity is declared, at once. */
static void
test_billion_laughs(void)
{
	char *doc = xstrdup("<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY l0 \"lol\">");
	int i;

	for (i = 1; i <= 30 && doc != NULL; i++)
		doc = xstrappendf(doc, "<!ENTITY l%d \"&l%d;&l%d;\">", i, i - 1, i - 1);
	doc = xstrappendf(doc, "]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
	    "<s:Body>&l30;</s:Body></s:Envelope>");
	CHECK(doc != NULL, "the bomb is built");
	if (doc != NULL)
		expect_fault("billion laughs", doc, WST_FAULT_CLIENT);
	CHECK(xmlsafe_parse(doc, strlen(doc)) == NULL, "xmlsafe refuses the bomb's DTD");
	free(doc);
}

static void
test_rst(void)
{
	char *rst = rst_for("Alice@Contoso.com");
	struct wst_request w;
	enum wst_fault f;
	const char *why;

	CHECK(wstrust_parse(rst, strlen(rst), &w, &f, &why) == 0, "pidgin-sipe's RST is read");
	CHECK_STR("its Context", w.context, "ctx-1");
	CHECK_STR("its AppliesTo", w.applies_to, "https://webext.contoso.com" ROOT "/user");
	CHECK_STR("its SIP address claim, canonical", w.claim_user, "Alice@contoso.com");
	free(rst);
	test_rst_refusals();
	test_billion_laughs();
}

static void
test_answers(void)
{
	struct token_secret s = { .len = 32 };
	struct wst_request w = { .context = "c&1", .applies_to = "https://x/u" };
	struct saml_claims c = { .user = "alice@contoso.com", .issuer = ISSUER, .now = NOW,
	    .lifetime = 60 };
	xmlDocPtr ticket;
	size_t len = 0;
	char user[SIPURI_MAX + 1], *body, *a, *lifetime;

	memset(s.key, 9, sizeof s.key);
	ticket = saml_issue(&s, &c);
	body = ticket != NULL ? wstrust_response(&w, ticket, NOW, NOW + 60, &len) : NULL;
	xmlFreeDoc(ticket);
	CHECK(body != NULL, "an RSTR is built");
	if (body == NULL)
		return;
	lifetime = strstr(body, ":Lifetime");
	a = strstr(body, ":Assertion");
	CHECK(lifetime != NULL && a != NULL && lifetime < a,
	    "the first \":Lifetime\" before the first \":Assertion\" (pidgin-sipe cuts the text)");
	CHECK(strstr(body, "<wsu:Expires>2027-01-15T08:01:00Z</wsu:Expires>") != NULL, "its Expires");
	CHECK(strstr(body, "Context=\"c&amp;1\"") != NULL, "the Context echoed, escaped");
	a = cut_assertion(body, len);
	CHECK(a != NULL && saml_verify(&s, a, strlen(a), ISSUER, NOW, user) == SAML_VALID,
	    "the assertion cut out of the answer verifies alone");
	free(a);
	free(body);
	body = wstrust_fault(WST_FAULT_FAILED_AUTH, "why <here>", &len);
	CHECK(body != NULL && strstr(body, "<faultcode xmlns:wsse=") != NULL &&
	    strstr(body, ">wsse:FailedAuthentication</faultcode>") != NULL,
	    "faultcode unqualified, its prefix declared: %s", body);
	CHECK(body != NULL && strstr(body, "why &lt;here&gt;") != NULL, "faultstring escaped");
	free(body);
}

/* ---------------------------------------------------------- Basic, logins */

static char *
basic_of(const char *user_password)
{
	char *b = b64_encode(user_password, strlen(user_password));
	char *h = xasprintf_s("Basic %s", b);

	free(b);
	return h;
}

static void
test_basic(const struct topology *t)
{
	struct basic_credentials c;
	char user[SIPURI_MAX + 1], *h = basic_of("CONTOSO\\alice:pass:word");

	CHECK(basic_parse(h, &c) == 0, "Basic credentials are read");
	CHECK_STR("the user-id", c.login, "CONTOSO\\alice");
	CHECK_STR("the password (colons after the first are its own)", c.password, "pass:word");
	CHECK(basic_login_user(t, c.login, user) == 0, "DOMAIN\\user maps");
	CHECK_STR("CONTOSO\\alice is alice@contoso.com", user, "alice@contoso.com");
	CHECK(basic_login_user(t, "FABRIKAM\\olga", user) == 0 && strcmp(user, "olga@fabrikam.com") == 0,
	    "FABRIKAM\\olga is olga@fabrikam.com");
	CHECK(basic_login_user(t, "NOWHERE\\x", user) == 0 && strcmp(user, "x@nowhere") == 0,
	    "an unserved DOMAIN is a user of no served domain: %s", user);
	CHECK(basic_login_user(t, "Alice@Contoso.COM", user) == 0 &&
	    strcmp(user, "Alice@contoso.com") == 0, "user@domain, canonical");
	CHECK(basic_login_user(t, "alice", user) != 0, "a bare name is neither form");
	CHECK(basic_login_key("CONTOSO\\Alice", user) == 0 && strcmp(user, "contoso\\alice") == 0,
	    "the throttle's key of a Windows login: lower case");
	free(h);
	CHECK(basic_parse("Basic", &c) != 0, "Basic without credentials");
	CHECK(basic_parse("Negotiate YII=", &c) != 0, "another scheme");
	h = basic_of("no-colon");
	CHECK(basic_parse(h, &c) != 0, "no colon");
	free(h);
	h = basic_of(":pw");
	CHECK(basic_parse(h, &c) != 0, "an empty user-id");
	free(h);
	CHECK(basic_parse("Basic !!!", &c) != 0, "not base64");
}

/* ------------------------------------------------- through respond() */

static const char topology_xml[] =
	"<lyncdiscover>"
	"<settings oauth-realm=\"contoso.com\"/>"
	"<sign-in mode=\"password\" directory=\"users.txt\" token-secret=\"token.key\"/>"
	"<pool name=\"eu\" server-fqdn=\"fe01.contoso.net\">"
	"<internal-web fqdn=\"webint.contoso.net\"/><external-web fqdn=\"webext.contoso.com\"/>"
	"<sip-client-external fqdn=\"sip.contoso.com\" port=\"443\"/></pool>"
	"<domain name=\"contoso.com\" pool=\"eu\"/>"
	"<domain name=\"fabrikam.com\" pool=\"eu\"/>"
	"</lyncdiscover>";

struct call {
	const char	*method, *target, *authorization, *webticket, *content_type, *body;
	long long	 now;
};

static void
call(const struct snapshot *s, const struct call *c, struct reply *r)
{
	struct request rq = {
		.method = c->method != NULL ? c->method : "GET",
		.target = c->target,
		.http11 = true,
		.host = "webext.contoso.com",
		.host_count = 1,
		.accept = "application/vnd.microsoft.rtc.autodiscover+xml;v=1",
		.has_body = c->body != NULL,
		.tls = true,
		.location = ACCESS_EXTERNAL,
		.authorization = c->authorization,
		.webticket = c->webticket,
		.content_type = c->body != NULL ?
		    (c->content_type != NULL ? c->content_type : "text/xml; charset=utf-8") : NULL,
		.body = c->body,
		.body_len = c->body != NULL ? strlen(c->body) : 0,
		.now = c->now != 0 ? c->now : NOW,
	};

	respond(s, &rq, r);
}

static char *
body_of(const struct reply *r)
{
	return xstrndup(r->body != NULL ? r->body : "", r->body_len);
}

/* POSTs pidgin-sipe's RST for claim with credentials; *ticket: "opaque=BASE64" of the assertion, or NULL. */
static void
ask_ticket(const struct snapshot *s, const char *credentials, const char *claim, struct reply *r,
    char **ticket)
{
	char *auth = credentials != NULL ? basic_of(credentials) : NULL, *rst = rst_for(claim);
	struct call c = { .method = "POST", .target = SERVICE, .authorization = auth, .body = rst };
	char *a, *b64;

	call(s, &c, r);
	*ticket = NULL;
	if (r->status == 200 && (a = cut_assertion(r->body, r->body_len)) != NULL) {
		b64 = b64_encode(a, strlen(a));
		*ticket = xasprintf_s("opaque=%s", b64);
		free(b64);
		free(a);
	}
	free(auth);
	free(rst);
}

static void
test_metadata(const struct snapshot *s)
{
	struct call c = { .target = SERVICE "/mex" };
	struct reply r;
	char *b;

	call(s, &c, &r);
	b = body_of(&r);
	CHECK_UINT("GET .../mex", r.status, 200);
	CHECK_STR("the metadata is SOAP 1.1's type", r.content_type, "text/xml; charset=utf-8");
	CHECK(strstr(b, "<wsdl:port name=\"WebTicketServiceWinNegotiate\"") != NULL &&
	    strstr(b, "<soap:address location=\"https://webext.contoso.com" SERVICE "\"/>") != NULL,
	    "the Negotiate port at the service's own URL: %s", b);
	CHECK(strstr(b, "<http:BasicAuthentication/>") != NULL, "its policy says Basic");
	CHECK_STR("its resource", r.resource, "webticket-mex");
	free(b);
	reply_release(&r);
}

/* The answer of a request without, with wrong, with unknown credentials: all alike. */
static void
test_challenges(const struct snapshot *s)
{
	struct reply none, wrong, unknown;
	char *ticket, *b1, *b2, *b3;

	ask_ticket(s, NULL, "alice@contoso.com", &none, &ticket);
	ask_ticket(s, "alice@contoso.com:wrong", "alice@contoso.com", &wrong, &ticket);
	ask_ticket(s, "nobody@contoso.com:wrong", "nobody@contoso.com", &unknown, &ticket);
	b1 = body_of(&none);
	b2 = body_of(&wrong);
	b3 = body_of(&unknown);
	CHECK_UINT("no credentials: 401", none.status, 401);
	CHECK_STR("the Basic challenge", reply_header(&none, "WWW-Authenticate", 0),
	    "Basic realm=\"contoso.com\", charset=\"UTF-8\"");
	CHECK(reply_header(&none, "WWW-Authenticate", 1) == NULL, "and no other (never NTLM, Negotiate)");
	CHECK(strstr(b1, ">wsse:FailedAuthentication</faultcode>") != NULL, "a SOAP fault: %s", b1);
	CHECK_UINT("a wrong password: 401", wrong.status, 401);
	CHECK_UINT("an unknown user: 401", unknown.status, 401);
	CHECK(strcmp(b1, b2) == 0 && strcmp(b2, b3) == 0, "the same body, every time");
	CHECK_STR("the same challenge", reply_header(&unknown, "WWW-Authenticate", 0),
	    reply_header(&wrong, "WWW-Authenticate", 0));
	CHECK(wrong.sign_in_failed && unknown.sign_in_failed && !none.sign_in_failed,
	    "the throttle counts the refused passwords, not the first try");
	CHECK_STR("who asked", wrong.user, "alice@contoso.com");
	free(b1);
	free(b2);
	free(b3);
	reply_release(&none);
	reply_release(&wrong);
	reply_release(&unknown);
}

static void
test_refused_requests(const struct snapshot *s)
{
	char *auth = basic_of("alice@contoso.com:right one"), *b;
	struct call c = { .method = "POST", .target = SERVICE, .authorization = auth,
	    .body = "<not-soap/>" };
	struct reply r;

	call(s, &c, &r);
	b = body_of(&r);
	CHECK_UINT("not SOAP, with good credentials: 500", r.status, 500);
	CHECK(strstr(b, ">s:Client</faultcode>") != NULL, "s:Client: %s", b);
	free(b);
	reply_release(&r);
	c.content_type = "application/x-www-form-urlencoded";
	call(s, &c, &r);
	CHECK_UINT("a form: 415", r.status, 415);
	reply_release(&r);
	c.method = "GET";
	c.body = NULL;
	call(s, &c, &r);
	CHECK_UINT("GET on the service: 405", r.status, 405);
	CHECK_STR("Allow", reply_header(&r, "Allow", 0), "POST");
	reply_release(&r);
	free(auth);
	ask_ticket(s, "alice@contoso.com:right one", "carol@contoso.com", &r, &b);
	CHECK_UINT("alice asking for carol's ticket", r.status, 500);
	CHECK(b == NULL, "gets none");
	reply_release(&r);
}

/* GET /root/user (or oauth) with ticket; the status, and the reply in r. */
static unsigned
user_with(const struct snapshot *s, const char *target, const char *ticket, long long now,
    struct reply *r)
{
	struct call c = { .target = target, .webticket = ticket, .now = now };

	call(s, &c, r);
	return r->status;
}

static void
expect_refused_at(const struct snapshot *s, const char *target, const char *what,
    const char *ticket, long long now, const char *why)
{
	struct reply r;
	const char *diag;

	CHECK_UINT(what, user_with(s, target, ticket, now, &r), 401);
	CHECK(reply_header(&r, "X-MS-WebTicketURL", 0) != NULL, "%s: the challenge again", what);
	diag = reply_header(&r, "X-Ms-diagnostics", 0);
	CHECK(diag != NULL && strstr(diag, why) != NULL, "%s: X-Ms-diagnostics says %s: %s", what,
	    why, diag != NULL ? diag : "(none)");
	reply_release(&r);
}

static void
expect_refused(const struct snapshot *s, const char *what, const char *ticket, long long now,
    const char *why)
{
	expect_refused_at(s, ROOT "/user", what, ticket, now, why);
}

/* An assertion of the right shape for alice, without a signature. */
#define UNSIGNED "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\" " \
	"MajorVersion=\"1\" MinorVersion=\"1\" AssertionID=\"_1\" Issuer=\"" ISSUER "\">" \
	"<saml:Conditions NotBefore=\"2027-01-15T08:00:00Z\" NotOnOrAfter=\"2027-01-15T16:00:00Z\"/>" \
	"<saml:AuthenticationStatement><saml:Subject><saml:NameIdentifier>sip:alice@contoso.com" \
	"</saml:NameIdentifier></saml:Subject></saml:AuthenticationStatement></saml:Assertion>"

/* The ticket "opaque=BASE64" with one edit in its XML. */
static char *
retyped(const char *ticket, const char *from, const char *to)
{
	size_t n = strlen(ticket + 7);
	char *xml = calloc(1, n + 1), *edited, *b64, *out = NULL;
	long k = xml != NULL ? b64_decode(ticket + 7, n, xml, n) : -1;

	if (k <= 0) {
		free(xml);
		return xstrdup("opaque=");
	}
	edited = replace(xml, from, to);
	CHECK(strcmp(edited, xml) != 0, "the edit %s -> %s applies", from, to);
	b64 = b64_encode(edited, strlen(edited));
	out = xasprintf_s("opaque=%s", b64);
	free(b64);
	free(edited);
	free(xml);
	return out;
}

static void
test_tickets(const struct snapshot *s)
{
	struct reply r;
	char *alice, *carol, *tampered, *forged, *b64;

	ask_ticket(s, "CONTOSO\\alice:right one", "alice@contoso.com", &r, &alice);
	CHECK_UINT("CONTOSO\\alice's ticket", r.status, 200);
	CHECK_STR("never stored", reply_header(&r, "Cache-Control", 0), "no-store");
	CHECK_STR("its resource", r.resource, "webticket");
	reply_release(&r);
	ask_ticket(s, "carol@contoso.com:pw", "carol@contoso.com", &r, &carol);
	reply_release(&r);
	if (alice == NULL || carol == NULL) {
		CHECK(0, "two tickets");
		free(alice);
		free(carol);
		return;
	}
	CHECK_UINT("/root/user with alice's ticket", user_with(s, ROOT "/user", alice, NOW, &r), 200);
	CHECK_STR("alice signed in", r.user, "alice@contoso.com");
	reply_release(&r);
	CHECK_UINT("/root/oauth/user takes it too", user_with(s, ROOT "/oauth/user", alice, NOW, &r),
	    200);
	reply_release(&r);
	expect_refused_at(s, ROOT "/user?sipuri=carol@contoso.com", "alice's ticket for carol's sipuri",
	    alice, NOW, "another user");
	(void)user_with(s, ROOT "/user?sipuri=carol@contoso.com", carol, NOW, &r);
	CHECK_UINT("carol's ticket for carol's sipuri", r.status, 200);
	reply_release(&r);
	expect_refused(s, "an expired ticket", alice, NOW + 28800, "expired");
	tampered = retyped(alice, "sip:alice@", "sip:carol@");
	expect_refused(s, "alice's ticket made carol's", tampered, NOW, "signature does not match");
	free(tampered);
	tampered = retyped(alice, "T16:", "T23:");
	expect_refused(s, "a ticket made to live longer", tampered, NOW + 100, "signature");
	free(tampered);
	forged = xstrdup("opaque=PHNhbWw6QXNzZXJ0aW9uLz4=");	/* "<saml:Assertion/>" */
	expect_refused(s, "an assertion of nothing", forged, NOW, "not a signed SAML assertion");
	free(forged);
	b64 = b64_encode(UNSIGNED, strlen(UNSIGNED));
	forged = xasprintf_s("opaque=%s", b64);
	expect_refused(s, "an unsigned assertion for alice", forged, NOW, "not a signed SAML assertion");
	free(forged);
	free(b64);
	expect_refused(s, "garbage", "opaque=!!", NOW, "neither a web ticket nor a token");
	expect_refused(s, "another scheme", "Bearer x", NOW, "not opaque=");
	free(alice);
	free(carol);
}

static void
test_endpoint(void)
{
	struct diag d = { 0 };
	struct topology *t;
	struct snapshot *s;
	char *cause = NULL;

	t = config_file_load_memory("webticket.xml", topology_xml, sizeof topology_xml - 1, dir, &d);
	CHECK(t != NULL, "the topology loads: %s", d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	if (t == NULL)
		return;
	test_basic(t);
	if ((s = snapshot_build(t, &cause)) == NULL) {
		CHECK(0, "snapshot: %s", cause != NULL ? cause : "");
		free(cause);
		return;
	}
	test_metadata(s);
	test_challenges(s);
	test_refused_requests(s);
	test_tickets(s);
	snapshot_free(s);
}

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

int
main(void)
{
	char *hash, *pw, *users;

	if (mkdtemp(dir) == NULL)
		return 99;
	xmlInitParser();
	hash = password_new_hash("right one", 1000);
	pw = password_new_hash("pw", 1000);
	users = xasprintf_s("alice@contoso.com eu %s\ncarol@contoso.com eu %s\n"
	    "olga@fabrikam.com eu %s\n", hash, pw, pw);
	write_file_text("users.txt", users);
	write_file_text("token.key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
	test_saml();
	test_rst();
	test_answers();
	test_endpoint();
	free(hash);
	free(pw);
	free(users);
	xmlCleanupParser();
	return check_done("unit_webticket");
}
