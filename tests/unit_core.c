/* SPDX-License-Identifier: MIT */
/*
 * unit_core.c: the pure protocol core, table by table — request-target
 * parsing, routing, Accept negotiation, client hints, and respond() from
 * request to status, headers and representation.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "reply_header.h"
#include "config_file.h"
#include "diag_print.h"
#include "hints.h"
#include "negotiate.h"
#include "representation.h"
#include "respond.h"
#include "route.h"
#include "sipuri.h"
#include "snapshot.h"
#include "target.h"

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v != NULL ? v : dflt;
}

static struct snapshot *
load_unit_snapshot(void)
{
	char path[4096], *cause = NULL;
	struct diag d = { 0 };
	struct topology *t;
	struct snapshot *s;

	snprintf(path, sizeof path, "%s/tests/configs/unit.xml", env_or("top_srcdir", "."));
	t = config_file_load(path, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (t == NULL)
		return NULL;
	s = snapshot_build(t, &cause);
	if (s == NULL)
		fprintf(stderr, "snapshot: %s\n", cause);
	free(cause);
	return s;
}

static void
test_target_parse(void)
{
	static const struct {
		const char	*raw;
		unsigned	 status;
		const char	*path, *sipuri, *original_domain, *domain, *authority;
	} cases[] = {
		{ "/", 0, "/", NULL, NULL, NULL, NULL },
		{ "/?sipuri=alice@contoso.com", 0, "/", "alice@contoso.com", NULL, NULL, NULL },
		{ "/?sipuri=sip%3Aalice%40contoso.com", 0, "/", "sip:alice@contoso.com", NULL, NULL, NULL },
		{ "/?SIPURI=a@b.c&sipuri=second@b.c", 0, "/", "a@b.c", NULL, NULL, NULL },
		{ "/x?originalDomain=contoso.com&Domain=fabrikam.com&other=1", 0, "/x", NULL,
		  "contoso.com", "fabrikam.com", NULL },
		{ "/?a+b=c+d&&sipuri=x%2Bfoo@b.c", 0, "/", "x+foo@b.c", NULL, NULL, NULL },
		{ "/Autodiscover/AutodiscoverService%2Esvc/root", 0,
		  "/Autodiscover/AutodiscoverService.svc/root", NULL, NULL, NULL, NULL },
		{ "http://lyncdiscover.contoso.com/?sipuri=a@b.c", 0, "/", "a@b.c", NULL, NULL,
		  "lyncdiscover.contoso.com" },
		{ "HTTPS://host:8443", 0, "/", NULL, NULL, NULL, "host:8443" },
		{ "http://host?x=1", 0, "/", NULL, NULL, NULL, "host" },
		{ "/%zz", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/%4", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/%", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/?sipuri=%00", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/?unknown=%G1", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/#frag", 400, NULL, NULL, NULL, NULL, NULL },
		{ "*", 400, NULL, NULL, NULL, NULL, NULL },
		{ "", 400, NULL, NULL, NULL, NULL, NULL },
		{ "ftp://host/", 400, NULL, NULL, NULL, NULL, NULL },
		{ "http:///path", 400, NULL, NULL, NULL, NULL, NULL },
		{ "http://user@host/", 400, NULL, NULL, NULL, NULL, NULL },
		{ "host:443", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/a b", 400, NULL, NULL, NULL, NULL, NULL },
		{ "/\x7f", 400, NULL, NULL, NULL, NULL, NULL },
	};
	static struct target t;
	const char *reason;
	char authority[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned st = target_parse(cases[i].raw, &t, &reason);

		CHECK(st == cases[i].status, "target \"%s\": status %u, expected %u",
		    cases[i].raw, st, cases[i].status);
		if (st != 0 || cases[i].status != 0)
			continue;
		CHECK_STR(cases[i].raw, t.path, cases[i].path);
		CHECK_STR(cases[i].raw, t.sipuri, cases[i].sipuri);
		CHECK_STR(cases[i].raw, t.original_domain, cases[i].original_domain);
		CHECK_STR(cases[i].raw, t.domain, cases[i].domain);
		if (t.authority != NULL)
			snprintf(authority, sizeof authority, "%.*s", (int)t.authority_len, t.authority);
		CHECK_STR(cases[i].raw, t.authority != NULL ? authority : NULL, cases[i].authority);
	}
}

static void
test_target_limits(void)
{
	static char raw[TARGET_MAX + 2];
	static struct target t;
	const char *reason;

	memset(raw, 'a', sizeof raw - 1);
	raw[0] = '/';
	raw[TARGET_MAX] = '\0';
	CHECK_UINT("target of TARGET_MAX bytes", target_parse(raw, &t, &reason), 0);
	raw[TARGET_MAX] = 'a';
	raw[TARGET_MAX + 1] = '\0';
	CHECK_UINT("target of TARGET_MAX+1 bytes", target_parse(raw, &t, &reason), 414);
}

static void
test_route(void)
{
	static const struct {
		const char	*path;
		enum resource	 res;
	} cases[] = {
		{ "/", RES_ROOT },
		{ "/Autodiscover/AutodiscoverService.svc/root", RES_ROOT },
		{ "/autodiscover/autodiscoverservice.svc/root", RES_ROOT },
		{ "/AUTODISCOVER/AUTODISCOVERSERVICE.SVC/ROOT/", RES_ROOT },
		{ "/Autodiscover/AutodiscoverService.svc/root/domain", RES_DOMAIN },
		{ "/Autodiscover/AutodiscoverService.svc/root/user", RES_USER },
		{ "/Autodiscover/AutodiscoverService.svc/root/oauth/user", RES_OAUTH },
		{ "/Autodiscover/XFrame/XFrame.html", RES_XFRAME },
		{ "/xframe", RES_XFRAME },
		{ "/XFrame/", RES_XFRAME },
		{ "//", RES_NOT_FOUND },
		{ "/Autodiscover/AutodiscoverService.svc/root//", RES_NOT_FOUND },
		{ "/Autodiscover/AutodiscoverService.svc", RES_NOT_FOUND },
		{ "/Autodiscover/AutodiscoverService.svc/root/oauth", RES_NOT_FOUND },
		{ "/favicon.ico", RES_NOT_FOUND },
		{ "/Autodiscover/AutodiscoverService.svc/rootx", RES_NOT_FOUND },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(cases[i].path, route_resource_name(route_path(cases[i].path)),
		    route_resource_name(cases[i].res));
}

static void
test_negotiate(void)
{
	static const struct {
		const char		*accept;
		enum representation	 dflt, want;
	} cases[] = {
		{ NULL, REP_UCWA_JSON, REP_UCWA_JSON },
		{ NULL, REP_AUTODISCOVER_JSON, REP_AUTODISCOVER_JSON },
		{ "", REP_UCWA_JSON, REP_UCWA_JSON },
		{ "*/*", REP_UCWA_JSON, REP_UCWA_JSON },
		{ "*/*", REP_AUTODISCOVER_XML, REP_AUTODISCOVER_XML },
		{ "application/vnd.microsoft.rtc.autodiscover+xml;v=1", REP_UCWA_JSON, REP_AUTODISCOVER_XML },
		{ "Application/Vnd.Microsoft.RTC.Autodiscover+XML ; V=1", REP_UCWA_JSON, REP_AUTODISCOVER_XML },
		{ "application/vnd.microsoft.rtc.autodiscover+json;v=1", REP_UCWA_JSON, REP_AUTODISCOVER_JSON },
		{ "application/vnd.microsoft.rtc.autodiscover+json; v=1; q=0.9", REP_UCWA_JSON, REP_AUTODISCOVER_JSON },
		{ "application/json", REP_AUTODISCOVER_XML, REP_UCWA_JSON },
		{ "application/vnd.microsoft.com.ucwa+json", REP_AUTODISCOVER_XML, REP_UCWA_JSON },
		{ "application/xml", REP_UCWA_JSON, REP_UCWA_XML },
		{ "text/xml", REP_UCWA_JSON, REP_UCWA_XML },
		{ "application/vnd.microsoft.com.ucwa+xml", REP_UCWA_JSON, REP_UCWA_XML },
		/* Firefox: application/xml is the best thing it names that we have. */
		{ "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", REP_UCWA_JSON, REP_UCWA_XML },
		/* Internet Explorer: nothing specific, so the default. */
		{ "text/html, application/xhtml+xml, */*", REP_AUTODISCOVER_JSON, REP_AUTODISCOVER_JSON },
		{ "image/png", REP_UCWA_JSON, REP_UCWA_JSON },
		/* q-values decide; an exact range beats a wildcard at the same q. */
		{ "application/json;q=0.5, application/xml", REP_UCWA_JSON, REP_UCWA_XML },
		{ "application/xml;q=0.4, application/json;q=0.5", REP_UCWA_XML, REP_UCWA_JSON },
		{ "application/json, */*", REP_AUTODISCOVER_XML, REP_UCWA_JSON },
		{ "*/*;q=0.1, application/xml;q=0.2", REP_UCWA_JSON, REP_UCWA_XML },
		{ "application/*", REP_AUTODISCOVER_XML, REP_AUTODISCOVER_XML },
		{ "text/*", REP_UCWA_JSON, REP_UCWA_XML },
		/* Equal q and specificity: the earlier range wins. */
		{ "application/xml, application/json", REP_AUTODISCOVER_XML, REP_UCWA_XML },
		{ "application/json, application/xml", REP_AUTODISCOVER_XML, REP_UCWA_JSON },
		/* q=0 excludes; everything excluded falls back to the default (no 406). */
		{ "application/json;q=0, */*", REP_UCWA_JSON, REP_AUTODISCOVER_XML },
		{ "application/json;q=0", REP_UCWA_JSON, REP_UCWA_JSON },
		/* Malformed elements are ignored, the rest still counts. */
		{ "application/xml;q=2, application/json", REP_AUTODISCOVER_XML, REP_UCWA_JSON },
		{ "application/xml;q=abc", REP_UCWA_JSON, REP_UCWA_JSON },
		{ "garbage, ;;, /, application/, application/xml", REP_UCWA_JSON, REP_UCWA_XML },
		{ ",,,", REP_UCWA_XML, REP_UCWA_XML },
		{ "application/xml;q=0.001", REP_UCWA_JSON, REP_UCWA_XML },
		{ "application/xml;q=1.0001", REP_UCWA_JSON, REP_UCWA_JSON },
		{ "application/jsonx, xapplication/json", REP_UCWA_XML, REP_UCWA_XML },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(cases[i].accept != NULL ? cases[i].accept : "(no Accept)",
		    representation_name(negotiate_accept(cases[i].accept, cases[i].dflt)),
		    representation_name(cases[i].want));
}

static void
test_sipuri(void)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "alice@contoso.com", "alice@contoso.com" },
		{ "sip:alice@contoso.com", "alice@contoso.com" },
		{ "SIPS:Alice@Contoso.COM.", "Alice@contoso.com" },
		{ "a.b+c@sub.contoso.com", "a.b+c@sub.contoso.com" },
		{ "nobody", NULL },
		{ "@contoso.com", NULL },
		{ "alice@", NULL },
		{ "alice@-bad.com", NULL },
		{ "alice@bad_.com..", NULL },
		{ "al ice@contoso.com", NULL },
		{ "al\"ice@contoso.com", NULL },
		{ "alice@con toso.com", NULL },
	};
	char out[SIPURI_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = sipuri_canonical(cases[i].in, out, sizeof out);

		CHECK_STR(cases[i].in, rc == 0 ? out : NULL, cases[i].out);
	}
}

static void
test_hints(const struct snapshot *s)
{
	static const struct {
		const char	*target, *host;
		unsigned	 status;
		const char	*domain, *pool;
	} cases[] = {
		{ "/", "lyncdiscover.contoso.com", 0, "contoso.com", "pool1" },
		{ "/", "LyncDiscoverInternal.Fabrikam.com.", 0, "fabrikam.com", "pool2" },
		{ "/", "lyncdiscover.litware.com:8443", 0, "litware.com", "pool1" },
		{ "/", "lyncdiscover.unknown.example", 0, NULL, "pool1" },
		{ "/", NULL, 0, NULL, "pool1" },
		{ "/", "127.0.0.1:8080", 0, NULL, "pool1" },
		{ "/", "[::1]:8080", 0, NULL, "pool1" },
		/* The sipuri's domain comes first, then originalDomain, then Domain, then Host. */
		{ "/?sipuri=bob@fabrikam.com", "lyncdiscover.contoso.com", 0, "fabrikam.com", "pool2" },
		{ "/?sipuri=bob@unknown.example&originalDomain=fabrikam.com", "lyncdiscover.contoso.com", 0,
		  "fabrikam.com", "pool2" },
		{ "/?Domain=fabrikam.com", "lyncdiscover.contoso.com", 0, "fabrikam.com", "pool2" },
		{ "/?originalDomain=nothere.example&Domain=fabrikam.com", NULL, 0, "fabrikam.com", "pool2" },
		/* A pool's web services FQDN selects that pool, whatever the domain. */
		{ "/?sipuri=bob@contoso.com", "webext2.contoso.com", 0, "contoso.com", "pool2" },
		{ "/", "WEBINT2.contoso.net:4443", 0, NULL, "pool2" },
		{ "/?sipuri=nobody", "lyncdiscover.contoso.com", 400, NULL, NULL },
		{ "/", "bad host", 400, NULL, NULL },
		{ "/", "host:80x", 400, NULL, NULL },
		{ "/", "[::1", 400, NULL, NULL },
		{ "/", "-x.example", 400, NULL, NULL },
	};
	static struct target t;
	const char *reason;
	struct hints h;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *host = cases[i].host;
		unsigned st;

		CHECK_UINT(cases[i].target, target_parse(cases[i].target, &t, &reason), 0);
		st = hints_parse(s->topology, &t, host, host != NULL ? strlen(host) : 0, &h, &reason);
		CHECK(st == cases[i].status, "hints %s Host %s: status %u, expected %u",
		    cases[i].target, host != NULL ? host : "(none)", st, cases[i].status);
		if (st != 0)
			continue;
		CHECK_STR(cases[i].target, h.domain != NULL ? h.domain->name : NULL, cases[i].domain);
		CHECK_STR(cases[i].target, h.pool->name, cases[i].pool);
	}
}

#define XML_MS "application/vnd.microsoft.rtc.autodiscover+xml; v=1"
#define JSON_MS "application/vnd.microsoft.rtc.autodiscover+json; v=1"

static void
test_respond(const struct snapshot *s)
{
	static const struct {
		const char	*method, *target, *host, *accept;
		int		 tls, internal, http11, host_count, body;
		unsigned	 status;
		const char	*content_type;
		int		 prepared;	/* 1 prepared, 0 built for the request */
		const char	*body_has;
	} cases[] = {
		{ "GET", "/", "lyncdiscover.contoso.com", NULL, 1, 0, 1, 1, 0, 200,
		  "application/json", 1, "\"user\":{\"href\":\"https://webext.contoso.com/" },
		{ "GET", "/", "lyncdiscoverinternal.contoso.com", "application/xml", 1, 1, 1, 1, 0, 200,
		  "application/xml", 1, "href=\"https://webint.contoso.net/Autodiscover/" },
		{ "HEAD", "/Autodiscover/AutodiscoverService.svc/root", "x.example",
		  "application/vnd.microsoft.rtc.autodiscover+xml;v=1", 1, 0, 1, 1, 0, 200, XML_MS, 1,
		  "<Link token=\"OAuth\"" },
		/* Plain HTTP: one Redirect; with a sipuri it is built for the request. */
		{ "GET", "/?sipuri=alice@contoso.com", "lyncdiscover.contoso.com",
		  "application/vnd.microsoft.rtc.autodiscover+xml;v=1", 0, 0, 1, 1, 0, 200, XML_MS, 0,
		  "root?sipuri=alice@contoso.com&amp;originalDomain=contoso.com\"" },
		{ "GET", "/", "lyncdiscover.contoso.com",
		  "application/vnd.microsoft.rtc.autodiscover+json;v=1", 0, 0, 1, 1, 0, 200, JSON_MS, 1,
		  "\"token\":\"Redirect\"" },
		/* A domain the answering pool does not serve: built for the request. */
		{ "GET", "/?originalDomain=fabrikam.com", "webext.contoso.com", NULL, 1, 0, 1, 1, 0, 200,
		  "application/json", 0, "root?originalDomain=fabrikam.com\"" },
		{ "GET", "/Autodiscover/AutodiscoverService.svc/root/domain", "webext2.contoso.com",
		  "application/json", 0, 0, 1, 1, 0, 200, JSON_MS, 1, "\"Domain\":{" },
		{ "GET", "/Autodiscover/AutodiscoverService.svc/root/user", NULL, NULL, 1, 0, 0, 0, 0, 401,
		  "text/html", 1, "401 - Unauthorized" },
		{ "GET", "/Autodiscover/AutodiscoverService.svc/root/oauth/user", NULL, NULL, 1, 1, 0, 0, 0,
		  401, "text/html", 1, "401 - Unauthorized" },
		{ "GET", "/xframe", "h", NULL, 1, 0, 1, 1, 0, 200, "text/html; charset=utf-8", 1,
		  "postMessage" },
		{ "GET", "/nothing", "h", NULL, 1, 0, 1, 1, 0, 404, "text/plain; charset=utf-8", 0,
		  "404 Not Found" },
		{ "POST", "/", "h", NULL, 1, 0, 1, 1, 1, 405, "text/plain; charset=utf-8", 0, "405" },
		{ "OPTIONS", "/xframe", "h", NULL, 1, 0, 1, 1, 0, 405, "text/plain; charset=utf-8", 0, "405" },
		{ "GET", "/", "h", NULL, 1, 0, 1, 1, 1, 400, "text/plain; charset=utf-8", 0, "body" },
		{ "GET", "/", "h", NULL, 1, 0, 1, 2, 0, 400, "text/plain; charset=utf-8", 0, "Host" },
		{ "GET", "/", NULL, NULL, 1, 0, 1, 0, 0, 400, "text/plain; charset=utf-8", 0, "without Host" },
		{ "GET", "/", "", NULL, 1, 0, 1, 1, 0, 400, "text/plain; charset=utf-8", 0, "without Host" },
		{ "GET", "/", NULL, NULL, 1, 0, 0, 0, 0, 200, "application/json", 1, "_links" },
		/* RFC 9112 §3.2: no Host is a 400, whatever the target; an empty one leaves the authority. */
		{ "GET", "http://lyncdiscover.fabrikam.com/", NULL, NULL, 1, 0, 1, 0, 0, 400,
		  "text/plain; charset=utf-8", 0, "without Host" },
		{ "GET", "http://lyncdiscover.fabrikam.com/", "", NULL, 1, 0, 1, 1, 0, 200,
		  "application/json", 1, "https://webext2.contoso.com/Autodiscover/AutodiscoverService.svc/root?originalDomain=fabrikam.com\"" },
		{ "GET", "/%zz", "h", NULL, 1, 0, 1, 1, 0, 400, "text/plain; charset=utf-8", 0, "percent" },
		{ "GET", "/?sipuri=bad", "h", NULL, 1, 0, 1, 1, 0, 400, "text/plain; charset=utf-8", 0, "sipuri" },
	};
	struct request rq;
	struct reply r;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rq = (struct request){
			.method = cases[i].method,
			.target = cases[i].target,
			.http11 = cases[i].http11,
			.host = cases[i].host,
			.host_count = (unsigned)cases[i].host_count,
			.accept = cases[i].accept,
			.has_body = cases[i].body,
			.tls = cases[i].tls,
			.location = cases[i].internal ? ACCESS_INTERNAL : ACCESS_EXTERNAL,
		};
		respond(s, &rq, &r);
		CHECK(r.status == cases[i].status, "%s %s: status %u (%s), expected %u",
		    cases[i].method, cases[i].target, r.status, r.reason, cases[i].status);
		CHECK_STR(cases[i].target, r.content_type, cases[i].content_type);
		CHECK((r.prepared >= 0) == (cases[i].prepared != 0),
		    "%s: prepared %d, expected %s", cases[i].target, r.prepared,
		    cases[i].prepared ? "a prepared reply" : "one built for the request");
		CHECK(r.body_len == strlen(r.body) && strstr(r.body, cases[i].body_has) != NULL,
		    "%s: body lacks \"%s\":\n%s", cases[i].target, cases[i].body_has, r.body);
		/* A 401 carries no cache headers, as Lync 2013's (tests/conformance). */
		CHECK_STR("Cache-Control", reply_header(&r, "Cache-Control", 0),
		    r.status == 401 ? NULL : "no-cache");
		CHECK_STR("Pragma", reply_header(&r, "Pragma", 0), r.status == 401 ? NULL : "no-cache");
		CHECK_STR("Expires", reply_header(&r, "Expires", 0), r.status == 401 ? NULL : "-1");
		CHECK_STR("Vary", reply_header(&r, "Vary", 0), r.body_len > 0 ? "Accept-Encoding" : NULL);
		CHECK_STR("X-Content-Type-Options", reply_header(&r, "X-Content-Type-Options", 0), "nosniff");
		CHECK(reply_header(&r, "X-MS-Server-Fqdn", 0) != NULL, "%s: no X-MS-Server-Fqdn", cases[i].target);
		CHECK_STR("Allow", reply_header(&r, "Allow", 0), r.status == 405 ? "GET, HEAD" : NULL);
		reply_release(&r);
	}
}

static void
test_challenges(const struct snapshot *s)
{
	struct request rq = {
		.method = "GET", .http11 = 1, .host = "webext2.contoso.com", .host_count = 1,
		.tls = 1, .location = ACCESS_EXTERNAL,
		.target = "/Autodiscover/AutodiscoverService.svc/root/oauth/user",
	};
	struct reply r;

	respond(s, &rq, &r);
	CHECK_STR("Bearer challenge", reply_header(&r, "WWW-Authenticate", 0),
	    "Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.com\", "
	    "client_id=\"00000004-0000-0ff1-ce00-000000000000\"");
	CHECK_STR("MsRtcOAuth challenge", reply_header(&r, "WWW-Authenticate", 1),
	    "MsRtcOAuth href=\"https://webext2.contoso.com/WebTicket/oauthtoken\","
	    "grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"");
	CHECK_STR("X-MS-Server-Fqdn of pool2", reply_header(&r, "X-MS-Server-Fqdn", 0), "fe02.contoso.net");
	CHECK_STR("no web ticket URL on OAuth", reply_header(&r, "X-MS-WebTicketURL", 0), NULL);
	reply_release(&r);

	rq.target = "/Autodiscover/AutodiscoverService.svc/root/user";
	rq.location = ACCESS_INTERNAL;
	respond(s, &rq, &r);
	CHECK_STR("X-MS-WebTicketURL", reply_header(&r, "X-MS-WebTicketURL", 0),
	    "https://webint2.contoso.net:4443/WebTicket/WebTicketService.svc");
	CHECK_STR("no WWW-Authenticate on the web-ticket User", reply_header(&r, "WWW-Authenticate", 0), NULL);
	reply_release(&r);
}

int
main(void)
{
	struct snapshot *s = load_unit_snapshot();

	CHECK(s != NULL, "tests/configs/unit.xml did not load");
	test_target_parse();
	test_target_limits();
	test_route();
	test_negotiate();
	test_sipuri();
	if (s != NULL) {
		test_hints(s);
		test_respond(s);
		test_challenges(s);
	}
	snapshot_free(s);
	return check_done("unit_core");
}
