/* SPDX-License-Identifier: MIT */
/*
 * unit_faults.c: fault rules — parsing (a table of rules refused with what
 * is wrong, and accepted ones written back), matching (a table of requests
 * against conditions), the rule set (ids, order, times and expiry,
 * probability 0, 1 and in between, delete and clear), and the answers of
 * the status, malformed and redirect actions.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "answers.h"
#include "check.h"
#include "config_file.h"
#include "fault_reply.h"
#include "faults.h"

static int
parse_text(const char *text, struct fault_rule *r, char **cause)
{
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	int rc;

	*cause = NULL;
	if (j == NULL) {
		*cause = strdup("not JSON");
		return -1;
	}
	rc = fault_rule_parse(j, r, cause);
	json_decref(j);
	return rc;
}

static void
test_parse_refused(void)
{
	static const struct {
		const char	*rule, *says;
	} bad[] = {
		{ "[]", "JSON object" },
		{ "{}", "no action" },
		{ "{\"resource\":\"root\"}", "no action" },
		{ "{\"status\":503,\"reset\":true}", "more than one" },
		{ "{\"status\":99}", "status: an integer from 200 to 599" },
		{ "{\"status\":\"503\"}", "status: an integer" },
		{ "{\"delay_ms\":-1}", "delay_ms" },
		{ "{\"delay_ms\":600001}", "delay_ms" },
		{ "{\"reset\":false}", "reset: true" },
		{ "{\"truncate\":-3}", "truncate" },
		{ "{\"malformed\":1}", "malformed: true" },
		{ "{\"redirect\":\"ftp://x\"}", "http:// or https://" },
		{ "{\"redirect\":\"https://a\\nb\"}", "http:// or https://" },
		{ "{\"resource\":\"kitchen\",\"reset\":true}", "resource: root" },
		{ "{\"location\":\"inside\",\"reset\":true}", "location: internal or external" },
		{ "{\"representation\":\"yaml\",\"reset\":true}", "representation" },
		{ "{\"peer\":\"10.0.0.0/33\",\"reset\":true}", "peer" },
		{ "{\"peer\":\"example.com\",\"reset\":true}", "peer" },
		{ "{\"host\":\"\",\"reset\":true}", "host: a non-empty string" },
		{ "{\"user\":5,\"reset\":true}", "user" },
		{ "{\"times\":0,\"reset\":true}", "times" },
		{ "{\"probability\":1.5,\"reset\":true}", "probability" },
		{ "{\"probability\":\"half\",\"reset\":true}", "probability" },
		{ "{\"body\":\"x\",\"reset\":true}", "body and content_type go with status" },
		{ "{\"status\":503,\"content_type\":\"text/plain\\r\\nX: y\"}", "content_type" },
		{ "{\"colour\":\"red\",\"reset\":true}", "unknown key \"colour\"" },
		{ "{\"tls\":\"revoked\"}", "tls: expired, wrong-name, untrusted or stall" },
		{ "{\"tls\":true}", "tls: expired" },
		{ "{\"tls\":\"stall\",\"resource\":\"root\"}", "host (the SNI name), location and peer only" },
		{ "{\"tls\":\"expired\",\"user\":\"a@b.c\"}", "host (the SNI name)" },
		{ "{\"tls\":\"stall\",\"reset\":true}", "more than one" },
		{ "{\"bandwidth\":0}", "bandwidth: an integer from 1 to 1000000000" },
		{ "{\"slice\":65537}", "slice: an integer from 1 to 65536" },
		{ "{\"slice\":10,\"pause_ms\":60001}", "pause_ms: an integer from 0 to 60000" },
		{ "{\"bandwidth\":10,\"pause_ms\":5}", "pause_ms goes with slice" },
		{ "{\"hang\":false}", "hang: true" },
	};
	struct fault_rule r;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = parse_text(bad[i].rule, &r, &cause);

		CHECK(rc == -1, "%s: refused", bad[i].rule);
		CHECK(cause != NULL && strstr(cause, bad[i].says) != NULL,
		    "%s: says \"%s\", got \"%s\"", bad[i].rule, bad[i].says,
		    cause != NULL ? cause : "(null)");
		free(cause);
	}
}

/* A rule parsed and written back, as GET /faults shows it. */
static void
round_trip(const char *rule, const char *want)
{
	struct fault_rule r;
	char *cause = NULL, *text;
	json_t *j;

	CHECK(parse_text(rule, &r, &cause) == 0, "%s: accepted (%s)", rule,
	    cause != NULL ? cause : "");
	free(cause);
	if (cause != NULL)
		return;
	r.id = 3;
	j = fault_rule_json(&r);
	text = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	CHECK_STR(rule, text, want);
	free(text);
	json_decref(j);
	fault_rule_free(&r);
}

static void
test_parse_accepted(void)
{
	round_trip("{\"status\":503}",
	    "{\"id\":3,\"status\":503,\"times\":null,\"probability\":1.0,\"fired\":0}");
	round_trip("{\"times\":2,\"body\":\"busy\",\"status\":503,\"content_type\":\"text/html\","
	    "\"host\":\"LyncDiscover.Contoso.com.\",\"resource\":\"root\",\"location\":\"internal\","
	    "\"user\":\"alice@contoso.com\",\"representation\":\"ucwa-xml\",\"peer\":\"192.0.2.0/24\","
	    "\"probability\":0.25}",
	    "{\"id\":3,\"host\":\"lyncdiscover.contoso.com\",\"resource\":\"root\","
	    "\"location\":\"internal\",\"user\":\"alice@contoso.com\",\"representation\":\"ucwa-xml\","
	    "\"peer\":\"192.0.2.0/24\",\"status\":503,\"body\":\"busy\",\"content_type\":\"text/html\","
	    "\"times\":2,\"probability\":0.25,\"fired\":0}");
	round_trip("{\"delay_ms\":1500}",
	    "{\"id\":3,\"delay_ms\":1500,\"times\":null,\"probability\":1.0,\"fired\":0}");
	round_trip("{\"truncate\":true}",
	    "{\"id\":3,\"truncate\":true,\"times\":null,\"probability\":1.0,\"fired\":0}");
	round_trip("{\"truncate\":10,\"peer\":\"::1\"}",
	    "{\"id\":3,\"peer\":\"::1/128\",\"truncate\":10,\"times\":null,\"probability\":1.0,"
	    "\"fired\":0}");
	round_trip("{\"redirect\":\"https://a.test/root\",\"resource\":\"user\"}",
	    "{\"id\":3,\"resource\":\"user\",\"redirect\":\"https://a.test/root\",\"times\":null,"
	    "\"probability\":1.0,\"fired\":0}");
	round_trip("{\"reset\":true,\"probability\":0}",
	    "{\"id\":3,\"reset\":true,\"times\":null,\"probability\":0.0,\"fired\":0}");
	round_trip("{\"malformed\":true}",
	    "{\"id\":3,\"malformed\":true,\"times\":null,\"probability\":1.0,\"fired\":0}");
	round_trip("{\"tls\":\"wrong-name\",\"host\":\"Lyncdiscover.contoso.com\",\"times\":1}",
	    "{\"id\":3,\"host\":\"lyncdiscover.contoso.com\",\"tls\":\"wrong-name\",\"times\":1,"
	    "\"probability\":1.0,\"fired\":0}");
	round_trip("{\"bandwidth\":100}",
	    "{\"id\":3,\"bandwidth\":100,\"times\":null,\"probability\":1.0,\"fired\":0}");
	round_trip("{\"slice\":50}",
	    "{\"id\":3,\"slice\":50,\"pause_ms\":100,\"times\":null,\"probability\":1.0,"
	    "\"fired\":0}");
	round_trip("{\"pause_ms\":0,\"slice\":1}",
	    "{\"id\":3,\"slice\":1,\"pause_ms\":0,\"times\":null,\"probability\":1.0,"
	    "\"fired\":0}");
	round_trip("{\"hang\":true,\"resource\":\"token\"}",
	    "{\"id\":3,\"resource\":\"token\",\"hang\":true,\"times\":null,\"probability\":1.0,"
	    "\"fired\":0}");
}

/* A rule acts on its own layer only: a TLS rule never fires for a request, nor the reverse. */
static void
test_layers(void)
{
	struct netaddr local;
	struct fault_facts request, handshake;
	struct fault_rule tls, http;
	char *cause = NULL;

	netaddr_parse("127.0.0.1", 9, &local);
	request = (struct fault_facts){ .layer = FAULT_LAYER_HTTP, .host = "lyncdiscover.contoso.com",
	    .host_len = 24, .resource = "root", .user = "", .representation = -1, .peer = &local };
	handshake = (struct fault_facts){ .layer = FAULT_LAYER_TLS, .host = "lyncdiscover.contoso.com",
	    .host_len = 24, .user = "", .representation = -1, .peer = &local };
	if (parse_text("{\"tls\":\"expired\",\"host\":\"lyncdiscover.contoso.com\"}", &tls,
	    &cause) != 0 || parse_text("{\"hang\":true,\"host\":\"lyncdiscover.contoso.com\"}",
	    &http, &cause) != 0) {
		CHECK(0, "layer rules: %s", cause);
		free(cause);
		return;
	}
	CHECK(fault_rule_matches(&tls, &handshake), "a tls rule matches a handshake");
	CHECK(!fault_rule_matches(&tls, &request), "a tls rule never matches a request");
	CHECK(fault_rule_matches(&http, &request), "a hang rule matches a request");
	CHECK(!fault_rule_matches(&http, &handshake), "a hang rule never matches a handshake");
	handshake.host = NULL;
	handshake.host_len = 0;
	CHECK(!fault_rule_matches(&tls, &handshake), "no SNI: a rule for a name does not match");
	fault_rule_free(&tls);
	fault_rule_free(&http);
}

static void
test_matching(void)
{
	struct netaddr local, other;
	static const struct {
		const char	*rule;
		bool		 local_alice, other_bob;
	} cases[] = {
		{ "{\"reset\":true}", true, true },
		{ "{\"host\":\"lyncdiscover.contoso.com\",\"reset\":true}", true, false },
		{ "{\"host\":\"LYNCDISCOVER.contoso.com.\",\"reset\":true}", true, false },
		{ "{\"host\":\"lyncdiscover\",\"reset\":true}", false, false },
		{ "{\"resource\":\"root\",\"reset\":true}", true, false },
		{ "{\"resource\":\"oauth\",\"reset\":true}", false, true },
		{ "{\"location\":\"external\",\"reset\":true}", true, false },
		{ "{\"location\":\"internal\",\"reset\":true}", false, true },
		{ "{\"user\":\"ALICE@contoso.com\",\"reset\":true}", true, false },
		{ "{\"representation\":\"ucwa-json\",\"reset\":true}", true, false },
		{ "{\"representation\":\"ucwa-xml\",\"reset\":true}", false, false },
		{ "{\"peer\":\"127.0.0.0/8\",\"reset\":true}", true, false },
		{ "{\"peer\":\"2001:db8::/32\",\"reset\":true}", false, true },
		{ "{\"peer\":\"0.0.0.0/0\",\"reset\":true}", true, false },
		{ "{\"resource\":\"root\",\"user\":\"alice@contoso.com\",\"location\":\"external\","
		    "\"reset\":true}", true, false },
		{ "{\"resource\":\"root\",\"user\":\"bob@contoso.com\",\"reset\":true}", false, false },
	};
	struct fault_facts alice, bob;
	struct fault_rule r;
	char *cause;
	size_t i;

	netaddr_parse("127.0.0.1", 9, &local);
	netaddr_parse("2001:db8::7", 11, &other);
	alice = (struct fault_facts){ .host = "lyncdiscover.contoso.com:9443",
	    .host_len = strlen("lyncdiscover.contoso.com:9443"), .resource = "root",
	    .location = ACCESS_EXTERNAL, .user = "alice@contoso.com",
	    .representation = REP_UCWA_JSON, .peer = &local };
	/* A request without Host, not yet routed to a representation. */
	bob = (struct fault_facts){ .resource = "oauth", .location = ACCESS_INTERNAL,
	    .user = "bob@contoso.com", .representation = -1, .peer = &other };
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (parse_text(cases[i].rule, &r, &cause) != 0) {
			CHECK(0, "%s: %s", cases[i].rule, cause);
			free(cause);
			continue;
		}
		CHECK(fault_rule_matches(&r, &alice) == cases[i].local_alice,
		    "%s: matches alice's Root: %d", cases[i].rule, cases[i].local_alice);
		CHECK(fault_rule_matches(&r, &bob) == cases[i].other_bob,
		    "%s: matches bob's OAuth: %d", cases[i].rule, cases[i].other_bob);
		fault_rule_free(&r);
	}
}

static unsigned long
add(struct faults *f, const char *rule)
{
	struct fault_rule r;
	char *cause = NULL;

	if (parse_text(rule, &r, &cause) != 0) {
		CHECK(0, "%s: %s", rule, cause);
		free(cause);
		return 0;
	}
	return faults_add(f, &r);
}

/* How many of n picks fire, and which rule fired last. */
static unsigned
fires(struct faults *f, const struct fault_facts *facts, unsigned n, unsigned long *last)
{
	struct fault_fired ff;
	unsigned k = 0, i;

	*last = 0;
	for (i = 0; i < n; i++) {
		if (faults_pick(f, facts, &ff)) {
			k++;
			*last = ff.id;
			faults_fired_free(&ff);
		}
	}
	return k;
}

static void
test_set(void)
{
	struct faults *f = faults_new(42);
	struct fault_facts root = { .resource = "root", .user = "", .representation = -1 };
	struct fault_fired ff;
	unsigned long a, b, last;
	unsigned k;
	json_t *j;

	CHECK(!faults_pick(f, &root, &ff), "no rule: nothing fires");
	a = add(f, "{\"resource\":\"root\",\"status\":503,\"body\":\"busy\",\"times\":2}");
	b = add(f, "{\"status\":418}");
	CHECK(a == 1 && b == 2, "ids 1 and 2");
	CHECK(faults_pick(f, &root, &ff) && ff.id == a && ff.action.status == 503 &&
	    strcmp(ff.action.body, "busy") == 0, "the first rule added fires first, its action copied");
	faults_fired_free(&ff);
	CHECK_UINT("times=2: fires twice in all", fires(f, &root, 1, &last), 1);
	CHECK_UINT("then the next rule", fires(f, &root, 1, &last) == 1 ? last : 0, b);
	j = faults_json(f);
	CHECK_UINT("the expired rule is gone", json_array_size(json_object_get(j, "faults")), 1);
	CHECK_UINT("the other rule counts its firings", json_integer_value(json_object_get(
	    json_array_get(json_object_get(j, "faults"), 0), "fired")), 1);
	json_decref(j);
	CHECK(faults_delete(f, a) == -1, "deleting an expired rule: none");
	CHECK(faults_delete(f, b) == 0, "deleting a rule");
	CHECK(!faults_pick(f, &root, &ff), "no rule left");

	add(f, "{\"status\":500,\"probability\":0}");
	CHECK_UINT("probability 0: never in 1000", fires(f, &root, 1000, &last), 0);
	faults_clear(f);
	add(f, "{\"status\":500,\"probability\":1}");
	CHECK_UINT("probability 1: always", fires(f, &root, 1000, &last), 1000);
	faults_clear(f);
	add(f, "{\"status\":500,\"probability\":0.3}");
	k = fires(f, &root, 10000, &last);
	CHECK(k > 2700 && k < 3300, "probability 0.3: %u of 10000", k);
	faults_clear(f);
	/* A rule that loses its draw leaves the request to the next. */
	a = add(f, "{\"status\":500,\"probability\":0}");
	b = add(f, "{\"status\":501}");
	CHECK(fires(f, &root, 1, &last) == 1 && last == b, "a rule that does not fire passes on");
	faults_free(f);
	CHECK(!faults_pick(NULL, &root, &ff), "no rule set: nothing fires");
}

static struct topology *
topology(void)
{
	static const char xml[] =
	    "<lyncdiscover><settings default-representation=\"autodiscover-xml\"/>"
	    "<pool name=\"p\" server-fqdn=\"fe.contoso.net\">"
	    "<internal-web fqdn=\"webint.contoso.net\"/><external-web fqdn=\"webext.contoso.com\"/>"
	    "</pool><domain name=\"contoso.com\" pool=\"p\"/></lyncdiscover>";
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("faults.xml", xml, strlen(xml), NULL, &d);

	CHECK(t != NULL, "the topology loads: %s", d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	return t;
}

static bool
body_has(const struct reply *r, const char *s)
{
	return memmem(r->body, r->body_len, s, strlen(s)) != NULL;
}

static void
test_replies(void)
{
	struct topology *t = topology();
	struct fault_action a = { .kind = FAULT_STATUS, .status = 503, .body = "busy" };
	struct reply r;

	if (t == NULL)
		return;
	answers_error(&r, 404, "no such resource", &t->pools[0]);
	r.resource = "root";
	r.representation = REP_UCWA_XML;
	reply_set_user(&r, "alice@contoso.com");
	r.host = "webext.contoso.com";
	r.host_len = strlen(r.host);
	CHECK(fault_reply(&a, t, &r) == 0, "status");
	CHECK_UINT("status: the status", r.status, 503);
	CHECK(r.body_len == 4 && memcmp(r.body, "busy", 4) == 0, "status: the body");
	CHECK_STR("status: text/plain with a body", r.content_type, "text/plain; charset=utf-8");
	CHECK(r.resource != NULL && strcmp(r.resource, "root") == 0 &&
	    strcmp(r.user, "alice@contoso.com") == 0 && r.representation == REP_UCWA_XML,
	    "status: what the reply records of the request stays");
	a.content_type = "application/problem+json";
	CHECK(fault_reply(&a, t, &r) == 0 && strcmp(r.content_type, "application/problem+json") == 0,
	    "status: a given content type");

	a = (struct fault_action){ .kind = FAULT_REDIRECT, .redirect = "https://a.test/x?y&z" };
	CHECK(fault_reply(&a, t, &r) == 0, "redirect");
	CHECK_UINT("redirect: 200", r.status, 200);
	CHECK(body_has(&r, "<link rel=\"redirect\" href=\"https://a.test/x?y&amp;z\"/>"),
	    "redirect: a UCWA XML Redirect to the URL (escaped)");
	r.resource = "oauth";
	r.representation = REP_AUTODISCOVER_JSON;
	CHECK(fault_reply(&a, t, &r) == 0 && body_has(&r, "\"User\":{\"Links\":[") &&
	    body_has(&r, "{\"href\":\"https:\\/\\/a.test\\/x?y&z\",\"token\":\"Redirect\"}"),
	    "redirect on oauth: a User holding the Redirect, in MS-OCDISCWS JSON");

	a = (struct fault_action){ .kind = FAULT_MALFORMED };
	{
		size_t whole = r.body_len;

		CHECK(fault_reply(&a, t, &r) == 0 && r.body_len == whole / 2 && r.prepared == -1,
		    "malformed: the first half, copied per request");
	}
	reply_release(&r);
	answers_empty(&r, 401, "no credentials", &t->pools[0]);
	r.representation = -1;
	CHECK(fault_reply(&a, t, &r) == 0 && r.body_len > 0 &&
	    strncmp(r.body, "<?xml", 5) == 0 && r.content_type != NULL,
	    "malformed, no body: a cut document of the default representation");
	a.kind = FAULT_DELAY;
	CHECK(fault_reply(&a, t, &r) == 0 && r.status == 401, "delay: the answer unchanged");
	reply_release(&r);
	topology_free(t);
}

int
main(void)
{
	test_parse_refused();
	test_parse_accepted();
	test_layers();
	test_matching();
	test_set();
	test_replies();
	return check_done("unit_faults");
}
