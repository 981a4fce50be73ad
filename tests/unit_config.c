/* SPDX-License-Identifier: MIT */
/*
 * unit_config.c: configuration loading — every broken file in
 * tests/configs/bad-*.xml reports each of its mistakes as FILE:LINE: message
 * (schema and references together: bad-mixed.xml),
 * and every file in examples/ loads and passes the TLS checks.
 */
#include <config.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "choices.h"
#include "config_file.h"
#include "diag_print.h"
#include "tls.h"
#include "util.h"

static const char *top;

static const struct {
	const char	*file;
	const char	*messages[10];	/* each must appear, in this order */
} bad[] = {
	{ "bad-xml.xml", { "bad-xml.xml:4: Opening and ending tag mismatch: pool line 3 and lyncdiscover" } },
	{ "bad-order.xml", { "bad-order.xml:7: Element 'listener': This element is not expected." } },
	{ "bad-schema.xml", {
		"bad-schema.xml:3: Element 'listener', attribute 'port': [facet 'minInclusive']",
		"bad-schema.xml:4: Element 'listener', attribute 'access': [facet 'enumeration'] The value 'sideways'",
		"bad-schema.xml:5: Element 'pool', attribute 'colour': The attribute 'colour' is not allowed.",
		"bad-schema.xml:6: Element 'internal-web', attribute 'fqdn': [facet 'pattern'] The value 'int .example.com'",
		"bad-schema.xml:7: Element 'external-web', attribute 'port': '70000' is not a valid value",
		"bad-schema.xml:8: Element 'sip-client-external': The attribute 'port' is required but missing.",
		"bad-schema.xml:10: Element 'domain': The attribute 'pool' is required but missing.",
	} },
	{ "bad-semantics.xml", {
		"bad-semantics.xml:4: settings: default-pool \"nope\" names no pool; the pools: \"p\", \"p\"",
		"bad-semantics.xml:5: listener: address \"localhost\" is not a numeric IPv4 or IPv6 address",
		"bad-semantics.xml:6: listener: tls=\"true\" needs both cert and key",
		"bad-semantics.xml:7: listener: cert/key given on a plain-HTTP listener",
		"bad-semantics.xml:9: listener: ::1 port 8080 is already used by another listener",
		"bad-semantics.xml:14: pool \"p\" is declared twice",
		"bad-semantics.xml:19: domain \"example.com\" is declared twice",
		"bad-semantics.xml:20: domain \"other.example\": no pool named \"missing\"; the pools: \"p\", \"p\"",
	} },
	{ "bad-by-name.xml", {
		"bad-by-name.xml:4: listener: default-access goes with access=\"by-name\"",
		"bad-by-name.xml:5: listener: access=\"by-name\" cannot tell the location by the name "
		    "web.example.com: it is pool \"a\"'s external and pool \"b\"'s internal web FQDN",
	} },
	/* A schema error does not hide the references' errors (lyncdiscoverd(8), --check). */
	{ "bad-mixed.xml", {
		"bad-mixed.xml:4: Element 'settings', attribute 'colour': The attribute 'colour' is not allowed.",
		"bad-mixed.xml:4: settings: default-pool \"nowhere\" names no pool",
		"bad-mixed.xml:5: Element 'listener', attribute 'access': [facet 'enumeration']",
		"bad-mixed.xml:11: domain \"example.com\" is declared twice",
		"bad-mixed.xml:12: domain \"other.example\": no pool named \"missing\"",
		"bad-mixed.xml:13: Element 'domain': The attribute 'name' is required but missing.",
	} },
};

/* Loads a file (and, if it loaded, checks its TLS material); returns the messages, one a line. */
static char *
messages_of(const char *path, int *loaded)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load(path, &d);
	char *out = NULL;
	FILE *f;
	size_t len = 0;

	*loaded = t != NULL;
	if (t != NULL && tls_check_topology(t, &d) != 0)
		*loaded = 0;
	topology_free(t);
	f = open_memstream(&out, &len);
	if (f != NULL) {
		diag_print(&d, f);
		fclose(f);
	}
	diag_free(&d);
	return out != NULL ? out : xstrdup("");
}

static void
test_bad_files(void)
{
	size_t i, j;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = xasprintf_s("%s/tests/configs/%s", top, bad[i].file), *msgs;
		const char *at;
		int loaded;

		msgs = messages_of(path, &loaded);
		CHECK(!loaded, "%s loaded, but it is broken", bad[i].file);
		at = msgs;
		for (j = 0; j < 10 && bad[i].messages[j] != NULL; j++) {
			const char *hit = at != NULL ? strstr(at, bad[i].messages[j]) : NULL;

			CHECK(hit != NULL, "%s: expected (in order) \"%s\"; got:\n%s", bad[i].file,
			    bad[i].messages[j], msgs);
			at = hit;
		}
		free(msgs);
		free(path);
	}
}

static void
test_bad_tls(void)
{
	char *path = xasprintf_s("%s/tests/configs/bad-tls.xml", top), *msgs;
	int loaded;

	msgs = messages_of(path, &loaded);
	CHECK(!loaded, "bad-tls.xml passed the TLS checks");
	CHECK(strstr(msgs, "bad-tls.xml:3: settings: invalid TLS priority string near \"+NO-SUCH-THING\"") != NULL,
	    "no priority-string error at line 3:\n%s", msgs);
	CHECK(strstr(msgs, "bad-tls.xml:4: listener 127.0.0.1 port 443: cannot read certificate") != NULL,
	    "no missing-certificate error at line 4:\n%s", msgs);
	free(msgs);
	free(path);
}

static void
test_missing_file(void)
{
	int loaded;
	char *msgs = messages_of("/nonexistent/lyncdiscover.xml", &loaded);

	CHECK(!loaded, "a missing file loaded");
	CHECK(strstr(msgs, "/nonexistent/lyncdiscover.xml: cannot read: No such file") != NULL,
	    "missing file message: %s", msgs);
	free(msgs);
}

static void
test_examples(void)
{
	char *dir = xasprintf_s("%s/examples", top);
	DIR *dp = opendir(dir);
	struct dirent *e;
	int seen = 0;

	CHECK(dp != NULL, "cannot open %s", dir);
	while (dp != NULL && (e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		char *path, *msgs;
		int loaded;

		if (n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
			continue;
		path = xasprintf_s("%s/%s", dir, e->d_name);
		msgs = messages_of(path, &loaded);
		CHECK(loaded && *msgs == '\0', "examples/%s does not pass the checks:\n%s",
		    e->d_name, msgs);
		seen++;
		free(msgs);
		free(path);
	}
	CHECK(seen > 0, "no example configuration found in %s", dir);
	if (dp != NULL)
		closedir(dp);
	free(dir);
}

static void
test_defaults(void)
{
	static const char xml[] =
		"<lyncdiscover><pool name='a' server-fqdn='FE.Example.com'>"
		"<internal-web fqdn='Int.Example.com'/><external-web fqdn='ext.example.com' port='4443'/>"
		"</pool></lyncdiscover>";
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("mem", xml, sizeof xml - 1, NULL, &d);

	CHECK(t != NULL, "minimal configuration did not load");
	if (t != NULL) {
		CHECK_UINT("connection-timeout default", t->connection_timeout, 15);
		CHECK_UINT("keepalive-timeout default", t->keepalive_timeout, 15);
		CHECK_UINT("header-timeout default", t->header_timeout, 10);
		CHECK_UINT("max-connections default", t->max_connections, 10000);
		CHECK_UINT("max-connections-per-client default", t->max_connections_per_client, 0);
		CHECK_UINT("default representation", t->default_representation, REP_UCWA_JSON);
		CHECK_STR("internal base", t->pools[0].web[ACCESS_INTERNAL].base, "https://int.example.com");
		CHECK_STR("external base", t->pools[0].web[ACCESS_EXTERNAL].base, "https://ext.example.com:4443");
		CHECK_STR("server fqdn keeps its case", t->pools[0].server_fqdn, "FE.Example.com");
		CHECK_STR("oauth realm without domains", t->oauth_realm, "ext.example.com");
		CHECK(t->tls_priority != NULL && strstr(t->tls_priority, "-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2") != NULL,
		    "default priority is not TLS 1.2+ only: %s", t->tls_priority);
	}
	topology_free(t);
	diag_free(&d);
}

/* The connection settings; keepalive-timeout follows connection-timeout unless given. */
static void
test_connection_settings(void)
{
	static const struct {
		const char	*settings;
		unsigned	 keepalive, header, max, per_client;
		int		 loads;
	} rows[] = {
		{ "connection-timeout='4'", 4, 10, 10000, 0, 1 },
		{ "connection-timeout='4' keepalive-timeout='30' header-timeout='3'", 30, 3, 10000, 0, 1 },
		{ "max-connections='50000' max-connections-per-client='8'", 15, 10, 50000, 8, 1 },
		{ "header-timeout='0'", 0, 0, 0, 0, 0 },
		{ "max-connections='0'", 0, 0, 0, 0, 0 },
		{ "keepalive-timeout='3601'", 0, 0, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct diag d = { 0 };
		char *xml = NULL;
		struct topology *t;
		int n = asprintf(&xml, "<lyncdiscover><settings %s/><pool name='a' server-fqdn='fe.example.com'>"
		    "<internal-web fqdn='int.example.com'/><external-web fqdn='ext.example.com'/>"
		    "</pool></lyncdiscover>", rows[i].settings);

		CHECK(n > 0, "asprintf");
		t = n > 0 ? config_file_load_memory("mem", xml, (size_t)n, NULL, &d) : NULL;
		CHECK((t != NULL) == (rows[i].loads != 0), "<settings %s/>: %s", rows[i].settings,
		    rows[i].loads ? "should load" : "should be refused by the schema");
		if (t != NULL) {
			CHECK_UINT(rows[i].settings, t->keepalive_timeout, rows[i].keepalive);
			CHECK_UINT(rows[i].settings, t->header_timeout, rows[i].header);
			CHECK_UINT(rows[i].settings, t->max_connections, rows[i].max);
			CHECK_UINT(rows[i].settings, t->max_connections_per_client, rows[i].per_client);
		}
		topology_free(t);
		diag_free(&d);
		free(xml);
	}
}

/* The messages of a configuration of n_pools pools "pool1".. whose last domain names "nowhere". */
static char *
messages_of_pools(size_t n_pools, const char *settings)
{
	struct diag d = { 0 };
	struct topology *t;
	char *xml = xasprintf_s("<lyncdiscover>%s", settings), *out = NULL;
	size_t i, len = 0;
	FILE *f;

	for (i = 1; xml != NULL && i <= n_pools; i++)
		xml = xstrappendf(xml, "<pool name='pool%zu' server-fqdn='fe%zu.example.com'>"
		    "<internal-web fqdn='int%zu.example.com'/><external-web fqdn='ext%zu.example.com'/>"
		    "</pool>", i, i, i, i);
	if (xml != NULL)
		xml = xstrappendf(xml, "<domain name='example.com' pool='pool1'/>"
		    "<domain name='other.example' pool='nowhere'/></lyncdiscover>");
	CHECK(xml != NULL, "out of memory");
	if (xml == NULL)
		return xstrdup("");
	t = config_file_load_memory("mem", xml, strlen(xml), NULL, &d);
	CHECK(t == NULL, "a domain of pool \"nowhere\" loaded");
	topology_free(t);
	f = open_memstream(&out, &len);
	if (f != NULL) {
		diag_print(&d, f);
		fclose(f);
	}
	diag_free(&d);
	free(xml);
	return out != NULL ? out : xstrdup("");
}

/* A name that names no pool: the message names the pools, all or the first several and a count. */
static void
test_pool_choices(void)
{
	char *m;

	m = messages_of_pools(1, "");
	CHECK(strstr(m, "domain \"other.example\": no pool named \"nowhere\"; the pools: "
	    "\"pool1\"\n") != NULL, "one pool: %s", m);
	free(m);
	m = messages_of_pools(3, "<settings default-pool='pool4'/>");
	CHECK(strstr(m, "no pool named \"nowhere\"; the pools: \"pool1\", \"pool2\", \"pool3\"\n") != NULL,
	    "three pools, all named: %s", m);
	CHECK(strstr(m, "default-pool \"pool4\" names no pool; the pools: \"pool1\", \"pool2\", "
	    "\"pool3\"\n") != NULL, "default-pool: %s", m);
	free(m);
	m = messages_of_pools(CHOICES_SHOWN, "");
	CHECK(strstr(m, "\"pool7\", \"pool8\"\n") != NULL && strstr(m, "more") == NULL,
	    "%d pools, all named: %s", CHOICES_SHOWN, m);
	free(m);
	m = messages_of_pools(1000, "");
	CHECK(strstr(m, "the pools: \"pool1\", \"pool2\", \"pool3\", \"pool4\", \"pool5\", "
	    "\"pool6\", \"pool7\", \"pool8\" and 992 more\n") != NULL, "1,000 pools: %s", m);
	free(m);
}

static const char *
name_at(const void *cls, size_t i, const char **note)
{
	const char *const *names = cls;

	if (i == 1)
		*note = "a note";
	return names[i];
}

/* choices_list() itself: skipped choices, notes, names that do not fit. */
static void
test_choices_list(void)
{
	static const char *const names[] = { "a", "b", NULL, "c" };
	static const char *const long_names[] = {
		"first", "a-name-far-too-long-for-the-room-that-is-left-in-the-buffer", "third"
	};
	char out[96];

	CHECK_UINT("choices counted", choices_list(out, sizeof out, 4, name_at, names), 3);
	CHECK_STR("a NULL is no choice; a note in parentheses", out, "\"a\", \"b\" (a note), \"c\"");
	CHECK_UINT("none", choices_list(out, sizeof out, 0, name_at, names), 0);
	CHECK_STR("none: empty", out, "");
	CHECK_UINT("too long", choices_list(out, sizeof out, 3, name_at, long_names), 3);
	CHECK_STR("a name that does not fit is counted, never cut, nor one after it", out,
	    "\"first\" and 2 more");
}

int
main(void)
{
	top = getenv("top_srcdir") != NULL ? getenv("top_srcdir") : ".";
	test_bad_files();
	test_bad_tls();
	test_missing_file();
	test_examples();
	test_defaults();
	test_connection_settings();
	test_pool_choices();
	test_choices_list();
	return check_done("unit_config");
}
