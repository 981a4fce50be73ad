/* SPDX-License-Identifier: MIT */
/*
 * unit_client.c: who the client is — CIDR matching, proxy headers believed
 * only from trusted peers (right-most untrusted hop wins), Forwarded before
 * X-Forwarded-*, access="auto" and "by-name", and a TLS-terminating proxy in front of a
 * plain-HTTP listener getting documents instead of a redirect loop.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cidr.h"
#include "client.h"
#include "config_file.h"
#include "respond.h"
#include "snapshot.h"

static const char topology_xml[] =
	"<lyncdiscover>"
	"<settings trusted-proxies=\"10.0.0.0/8, ::1\" internal-networks=\"192.168.0.0/16 fd00::/8\""
	" access-host-fallback=\"true\"/>"
	"<pool name=\"p\" server-fqdn=\"fe.contoso.net\"><internal-web fqdn=\"webint.contoso.net\"/>"
	"<external-web fqdn=\"webext.contoso.com\"/></pool>"
	"<domain name=\"contoso.com\" pool=\"p\"/>"
	"</lyncdiscover>";

static struct netaddr
addr(const char *s)
{
	struct netaddr a;

	memset(&a, 0, sizeof a);
	CHECK(netaddr_parse(s, strlen(s), &a) == 0, "address %s parses", s);
	return a;
}

static void
test_cidr(void)
{
	static const struct {
		const char	*cidr, *addr;
		bool		 in;
	} cases[] = {
		{ "10.0.0.0/8", "10.255.1.2", true },
		{ "10.0.0.0/8", "11.0.0.1", false },
		{ "192.168.1.0/25", "192.168.1.127", true },
		{ "192.168.1.0/25", "192.168.1.128", false },
		{ "2001:db8::/32", "2001:db8:ffff::1", true },
		{ "2001:db8::/32", "2001:db9::1", false },
		{ "10.0.0.0/8", "::ffff:10.1.2.3", true },	/* IPv4-mapped is IPv4 */
		{ "0.0.0.0/0", "203.0.113.9", true },
		{ "0.0.0.0/0", "2001:db8::1", false },		/* families never mix */
		{ "192.0.2.7", "192.0.2.7", true },
		{ "192.0.2.7", "192.0.2.8", false },
	};
	struct cidr c;
	struct netaddr a;
	char *bad = NULL;
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK(cidr_parse(cases[i].cidr, strlen(cases[i].cidr), &c) == 0, "%s parses", cases[i].cidr);
		a = addr(cases[i].addr);
		CHECK(cidr_contains(&c, &a) == cases[i].in, "%s in %s: %d", cases[i].addr, cases[i].cidr,
		    cases[i].in);
	}
	CHECK(cidr_parse("10.0.0.0/33", 11, &c) != 0, "/33 refused");
	CHECK(cidr_parse("10.0.0/8", 8, &c) != 0, "a short address refused");
	CHECK(cidr_list_parse("10.0.0.0/8 nonsense", &n, &bad) == NULL && bad != NULL &&
	    strcmp(bad, "nonsense") == 0, "a bad list item is named");
	free(bad);
	a = addr("[2001:db8::1]:4711");
	CHECK(a.family == 6, "bracketed IPv6 with a port");
	a = addr("192.0.2.1:4711");
	CHECK(a.family == 4 && a.bytes[3] == 1, "IPv4 with a port");
}

struct call {
	const char		*peer, *xff, *xfp, *xfh, *fwd, *host, *sni;
	bool			 tls, auto_, by_name, no_host;
	enum access_location	 dflt;		/* by-name's default-access */
};

static void
effective(const struct topology *t, const struct call *k, struct client *c)
{
	struct request rq = {
		.method = "GET", .target = "/", .http11 = true, .host_count = 1,
		.host = k->no_host ? NULL : k->host != NULL ? k->host : "lyncdiscover.contoso.com",
		.tls = k->tls, .location = k->by_name ? k->dflt : ACCESS_EXTERNAL,
		.location_mode = k->auto_ ? ACCESS_AUTO : k->by_name ? ACCESS_BY_NAME : ACCESS_FIXED,
		.sni = k->sni,
		.x_forwarded_for = k->xff, .x_forwarded_proto = k->xfp, .x_forwarded_host = k->xfh,
		.forwarded = k->fwd,
	};

	rq.peer = addr(k->peer);
	client_effective(t, &rq, c);
}

static void
expect_client(const struct client *c, const char *want, const char *label)
{
	char got[NETADDR_TEXT];

	netaddr_text(&c->addr, got);
	CHECK_STR(label, got, want);
}

static void
test_headers(const struct topology *t)
{
	struct client c;
	struct call k;

	k = (struct call){ .peer = "203.0.113.9", .xff = "198.51.100.1", .xfp = "https" };
	effective(t, &k, &c);
	expect_client(&c, "203.0.113.9", "an untrusted peer's headers are ignored");
	CHECK(!c.tls && !c.via_proxy, "... scheme included");
	k = (struct call){ .peer = "10.1.1.1", .xff = "198.51.100.1, 10.2.2.2", .xfp = "https",
	    .xfh = "lyncdiscover.fabrikam.com" };
	effective(t, &k, &c);
	expect_client(&c, "198.51.100.1", "trusted chain: the right-most untrusted hop");
	CHECK(c.tls && c.via_proxy, "X-Forwarded-Proto https from a trusted peer");
	CHECK(c.host != NULL && strncmp(c.host, "lyncdiscover.fabrikam.com", c.host_len) == 0,
	    "X-Forwarded-Host from a trusted peer");
	k = (struct call){ .peer = "10.1.1.1", .xff = "6.6.6.6, 198.51.100.1" };
	effective(t, &k, &c);
	expect_client(&c, "198.51.100.1", "a forged left-most hop does not win");
	k = (struct call){ .peer = "10.1.1.1", .xff = "10.3.3.3, 10.2.2.2" };
	effective(t, &k, &c);
	expect_client(&c, "10.3.3.3", "all trusted: the left-most");
	k = (struct call){ .peer = "10.1.1.1", .xff = "unknown" };
	effective(t, &k, &c);
	expect_client(&c, "-", "an obfuscated hop is an unknown client");
	k = (struct call){ .peer = "::1", .xff = "198.51.100.9",
	    .fwd = "for=192.0.2.60;proto=https;host=lyncdiscover.contoso.com, for=\"[2001:db8::17]:4711\"" };
	effective(t, &k, &c);
	expect_client(&c, "2001:db8::17", "Forwarded wins over X-Forwarded-For");
	CHECK(c.tls, "Forwarded proto from the right-most element that has one");
	k = (struct call){ .peer = "10.9.9.9", .fwd = "for=192.0.2.60;proto=http" , .tls = true };
	effective(t, &k, &c);
	CHECK(!c.tls, "Forwarded proto=http over a TLS hop: the client used http");
}

static void
test_auto(const struct topology *t)
{
	struct client c;
	struct call k;

	k = (struct call){ .peer = "192.168.4.4", .auto_ = true };
	effective(t, &k, &c);
	CHECK(c.location == ACCESS_INTERNAL, "auto: an internal network is Internal");
	k = (struct call){ .peer = "203.0.113.4", .auto_ = true };
	effective(t, &k, &c);
	CHECK(c.location == ACCESS_EXTERNAL, "auto: anyone else is External");
	k = (struct call){ .peer = "10.1.1.1", .xff = "192.168.7.7", .auto_ = true };
	effective(t, &k, &c);
	CHECK(c.location == ACCESS_INTERNAL, "auto: the client behind a trusted proxy counts");
	k = (struct call){ .peer = "203.0.113.4", .auto_ = true, .host = "LyncDiscoverInternal.contoso.com" };
	effective(t, &k, &c);
	CHECK(c.location == ACCESS_INTERNAL, "auto: the Host as the last resort");
	k = (struct call){ .peer = "203.0.113.4", .host = "lyncdiscoverinternal.contoso.com" };
	effective(t, &k, &c);
	CHECK(c.location == ACCESS_EXTERNAL, "a fixed listener keeps its location");
}

/*
 * respond() on a by-name listener: the document and the reply's location
 * follow the SNI. (A topology of its own: the snapshot takes it over.)
 */
static void
test_by_name_documents(void)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("unit.xml", topology_xml, strlen(topology_xml),
	    NULL, &d);
	char *cause = NULL;
	struct snapshot *s = t != NULL ? snapshot_build(t, &cause) : NULL;
	struct request rq = {
		.method = "GET", .target = "/", .http11 = true, .host_count = 1, .tls = true,
		.host = "lyncdiscover.contoso.com", .location = ACCESS_EXTERNAL,
		.location_mode = ACCESS_BY_NAME, .sni = "lyncdiscoverinternal.contoso.com",
		.accept = "application/vnd.microsoft.rtc.autodiscover+xml;v=1",
	};
	struct reply r;

	diag_free(&d);
	CHECK(s != NULL, "snapshot");
	if (s == NULL)
		return;
	rq.peer = addr("203.0.113.5");
	respond(s, &rq, &r);
	CHECK(r.status == 200 && strstr(r.body, "AccessLocation=\"Internal\"") != NULL &&
	    strstr(r.body, "https://webint.contoso.net/") != NULL && r.location == ACCESS_INTERNAL,
	    "by-name, SNI lyncdiscoverinternal: the Internal Root, recorded as internal");
	reply_release(&r);
	rq.sni = "webext.contoso.com";
	respond(s, &rq, &r);
	CHECK(r.status == 200 && strstr(r.body, "AccessLocation=\"External\"") != NULL &&
	    r.location == ACCESS_EXTERNAL, "by-name, SNI webext: the External Root");
	reply_release(&r);
	snapshot_free(s);
}

/*
 * access="by-name": the name the client asked for — SNI, else Host; a
 * trusted proxy's forwarded host before both — decides; anything else is the
 * listener's default-access.
 */
static void
test_by_name(const struct topology *t)
{
	static const struct {
		struct call		 k;
		enum access_location	 want;
		const char		*why;
	} rows[] = {
		{ { .peer = "203.0.113.4", .host = "lyncdiscoverinternal.contoso.com" },
		  ACCESS_INTERNAL, "Host lyncdiscoverinternal.*: Internal" },
		{ { .peer = "192.168.4.4", .host = "lyncdiscover.contoso.com", .dflt = ACCESS_INTERNAL },
		  ACCESS_EXTERNAL, "Host lyncdiscover.*: External, whatever the network" },
		{ { .peer = "203.0.113.4", .host = "LYNCDISCOVERINTERNAL.Contoso.COM.:80" },
		  ACCESS_INTERNAL, "any case, a trailing dot and a port" },
		{ { .peer = "203.0.113.4", .host = "lyncdiscoverinternal.fabrikam.com" },
		  ACCESS_INTERNAL, "the prefix decides, for a domain not served too" },
		{ { .peer = "203.0.113.4", .host = "webint.contoso.net" },
		  ACCESS_INTERNAL, "the internal web FQDN: Internal" },
		{ { .peer = "203.0.113.4", .host = "webext.contoso.com:443", .dflt = ACCESS_INTERNAL },
		  ACCESS_EXTERNAL, "the external web FQDN: External" },
		{ { .peer = "203.0.113.4", .host = "lyncdiscoverinternal.", .dflt = ACCESS_EXTERNAL },
		  ACCESS_EXTERNAL, "a prefix with nothing after it is no name of the set" },
		{ { .peer = "203.0.113.4", .host = "www.contoso.com", .dflt = ACCESS_INTERNAL },
		  ACCESS_INTERNAL, "a name in neither set: the default-access (internal)" },
		{ { .peer = "203.0.113.4", .host = "www.contoso.com", .dflt = ACCESS_EXTERNAL },
		  ACCESS_EXTERNAL, "a name in neither set: the default-access (external)" },
		{ { .peer = "203.0.113.4", .host = "192.0.2.10", .dflt = ACCESS_INTERNAL },
		  ACCESS_INTERNAL, "an address is no name: the default-access" },
		{ { .peer = "203.0.113.4", .host = "[2001:db8::1]:443", .dflt = ACCESS_INTERNAL },
		  ACCESS_INTERNAL, "an IPv6 literal is no name: the default-access" },
		{ { .peer = "203.0.113.4", .no_host = true, .dflt = ACCESS_INTERNAL },
		  ACCESS_INTERNAL, "no Host (HTTP/1.0), no SNI: the default-access" },
		{ { .peer = "203.0.113.4", .host = "lyncdiscover.contoso.com",
		    .sni = "lyncdiscoverinternal.contoso.com", .tls = true },
		  ACCESS_INTERNAL, "SNI wins over a Host that says otherwise" },
		{ { .peer = "203.0.113.4", .host = "lyncdiscoverinternal.contoso.com",
		    .sni = "webext.contoso.com", .tls = true },
		  ACCESS_EXTERNAL, "SNI wins the other way too" },
		{ { .peer = "203.0.113.4", .host = "lyncdiscoverinternal.contoso.com", .sni = "",
		    .tls = true },
		  ACCESS_INTERNAL, "an empty SNI is none: the Host" },
		{ { .peer = "10.1.1.1", .xff = "198.51.100.7", .xfh = "lyncdiscoverinternal.contoso.com",
		    .sni = "lyncdiscover.contoso.com", .host = "lyncdiscover.contoso.com", .tls = true },
		  ACCESS_INTERNAL, "a trusted proxy's X-Forwarded-Host wins over its own SNI" },
		{ { .peer = "203.0.113.4", .xfh = "lyncdiscoverinternal.contoso.com",
		    .host = "lyncdiscover.contoso.com" },
		  ACCESS_EXTERNAL, "an untrusted peer's X-Forwarded-Host is ignored" },
		{ { .peer = "10.1.1.1", .fwd = "for=198.51.100.7;host=webint.contoso.net",
		    .host = "webext.contoso.com" },
		  ACCESS_INTERNAL, "a trusted proxy's Forwarded host= decides" },
	};
	struct client c;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct call k = rows[i].k;

		k.by_name = true;
		effective(t, &k, &c);
		CHECK(c.location == rows[i].want, "by-name: %s", rows[i].why);
	}
	test_by_name_documents();
	CHECK(client_location_by_name(t, "lyncdiscover.contoso.com", 24, ACCESS_INTERNAL) ==
	    ACCESS_EXTERNAL, "by-name: the SNI name alone (the TLS faults' question)");
	CHECK(client_location_by_name(t, NULL, 0, ACCESS_INTERNAL) == ACCESS_INTERNAL,
	    "by-name: no name at all is the default");
}

/* A TLS-terminating proxy in front of a plain listener: no redirect loop. */
static void
test_no_loop(struct topology *t)
{
	char *cause = NULL;
	struct snapshot *s = snapshot_build(t, &cause);
	struct request rq = {
		.method = "GET", .target = "/", .http11 = true, .host_count = 1,
		.host = "lyncdiscover.contoso.com", .location = ACCESS_EXTERNAL,
		.accept = "application/vnd.microsoft.rtc.autodiscover+xml;v=1",
	};
	struct reply r;

	CHECK(s != NULL, "snapshot");
	if (s == NULL)
		return;
	rq.peer = addr("10.0.0.5");
	rq.x_forwarded_proto = "https";
	respond(s, &rq, &r);
	CHECK(r.status == 200 && strstr(r.body, "token=\"Redirect\"") == NULL &&
	    strstr(r.body, "token=\"User\"") != NULL, "HTTPS at the proxy: the Root, not a Redirect");
	CHECK(r.client_tls, "the access log sees https");
	reply_release(&r);
	rq.peer = addr("203.0.113.5");
	respond(s, &rq, &r);
	CHECK(strstr(r.body, "token=\"Redirect\"") != NULL, "a forged X-Forwarded-Proto: still the Redirect");
	reply_release(&r);
	snapshot_free(s);
}

int
main(void)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("unit.xml", topology_xml, strlen(topology_xml),
	    NULL, &d);

	CHECK(t != NULL, "the topology loads: %s", d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	test_cidr();
	if (t != NULL) {
		test_headers(t);
		test_auto(t);
		test_by_name(t);
		test_no_loop(t);
	}
	return check_done("unit_client");
}
