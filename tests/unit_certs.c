/* SPDX-License-Identifier: MIT */
/*
 * unit_certs.c: certificate names and checks — RFC 6125 matching, the names
 * each listener needs, a CA-signed certificate from certgen covering exactly
 * those, the coverage report for one that misses names, the ticket key file.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cert_cmd.h"
#include "certcheck.h"
#include "cert_info.h"
#include "check.h"
#include "config_file.h"
#include "name_list.h"
#include "tls_store.h"
#include "util.h"

static void
test_san_matches(void)
{
	static const struct {
		const char	*pattern, *name;
		bool		 match;
	} cases[] = {
		{ "lyncdiscover.contoso.com", "lyncdiscover.contoso.com", true },
		{ "LyncDiscover.Contoso.COM", "lyncdiscover.contoso.com", true },
		{ "lyncdiscover.contoso.com", "lyncdiscoverinternal.contoso.com", false },
		{ "*.contoso.com", "lyncdiscover.contoso.com", true },
		{ "*.contoso.com", "contoso.com", false },		/* one label, not zero */
		{ "*.contoso.com", "a.b.contoso.com", false },		/* one label, not two */
		{ "*.contoso.com", ".contoso.com", false },
		{ "*.com", "contoso.com", false },			/* too broad */
		{ "lync*.contoso.com", "lyncdiscover.contoso.com", false },	/* partial wildcard */
		{ "*.contoso.com", "lyncdiscover.contoso.com.evil", false },
		{ "contoso.com", "contoso.com.", false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(cert_info_san_matches(cases[i].pattern, cases[i].name) == cases[i].match,
		    "cert_info_san_matches(\"%s\", \"%s\") should be %s", cases[i].pattern, cases[i].name,
		    cases[i].match ? "true" : "false");
}

static struct topology *
load(const char *xml)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("unit.xml", xml, strlen(xml), NULL, &d);

	CHECK(t != NULL && d.n == 0, "the test topology loads (%zu messages: %s)", d.n,
	    d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	return t;
}

static const char topology_fmt[] =
	"<lyncdiscover>"
	"<listener address=\"127.0.0.1\" port=\"1\" access=\"external\" tls=\"true\""
	" cert=\"%1$s/server.pem\" key=\"%1$s/server-key.pem\"/>"
	"<listener address=\"127.0.0.1\" port=\"2\" access=\"internal\" tls=\"true\""
	" cert=\"%1$s/server.pem\" key=\"%1$s/server-key.pem\"/>"
	"<pool name=\"p1\" server-fqdn=\"fe.contoso.net\">"
	"<internal-web fqdn=\"webint.contoso.net\"/><external-web fqdn=\"WebExt.contoso.com\"/></pool>"
	"<pool name=\"p2\" server-fqdn=\"fe2.contoso.net\">"
	"<internal-web fqdn=\"webint2.contoso.net\"/><external-web fqdn=\"webext2.fabrikam.com\"/></pool>"
	"<domain name=\"contoso.com\" pool=\"p1\"/><domain name=\"fabrikam.com\" pool=\"p2\"/>"
	"</lyncdiscover>";

static void
test_names(const struct topology *t)
{
	static const char *const ext[] = {
		"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com",
		"webext2.fabrikam.com",
	};
	static const char *const in[] = {
		"lyncdiscoverinternal.contoso.com", "lyncdiscoverinternal.fabrikam.com",
		"webint.contoso.net", "webint2.contoso.net",
	};
	struct name_list l;
	size_t i;

	CHECK(name_list_for_location(t, ACCESS_EXTERNAL, &l) == 0, "external names");
	CHECK_UINT("external name count", l.n, 4);
	for (i = 0; i < l.n && i < 4; i++)
		CHECK_STR("external name", l.names[i], ext[i]);
	name_list_free(&l);
	CHECK(name_list_for_location(t, ACCESS_INTERNAL, &l) == 0, "internal names");
	CHECK_UINT("internal name count", l.n, 4);
	for (i = 0; i < l.n && i < 4; i++)
		CHECK_STR("internal name", l.names[i], in[i]);
	name_list_free(&l);
}

static bool
has_line(const struct diag *d, const char *want)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (strstr(d->lines[i].text, want) != NULL)
			return true;
	}
	return false;
}

/* certgen's certificate covers the topology; one without the fabrikam names does not. */
static void
test_certgen_and_coverage(const struct topology *t, const char *dir)
{
	static const char *const extra[] = { "extra.contoso.com" };
	struct cert_for cf = { .dir = dir, .extra = extra, .n_extra = 1, .days = 20 };
	struct certgen_result res;
	struct name_list names;
	struct cert_info ci;
	struct diag d = { 0 };
	char *cause = NULL, *key;
	struct stat st;

	CHECK(cert_cmd_make(t, &cf, &res, &names, &cause) == 0, "cert_cmd_make: %s",
	    cause != NULL ? cause : "");
	if (cause != NULL)
		return;
	CHECK(!res.ca_reused, "a new CA on the first run");
	CHECK_UINT("names: 4 external + 4 internal + 1 extra", names.n, 9);
	CHECK(cert_info_load(res.cert_file, &ci, &cause) == 0, "the server certificate loads");
	CHECK_UINT("SANs are exactly the names", ci.n_dns, names.n);
	CHECK(cert_info_covers(&ci, "lyncdiscoverinternal.fabrikam.com"), "covers an internal name");
	CHECK(cert_info_covers(&ci, "extra.contoso.com"), "covers the extra name");
	CHECK(!cert_info_covers(&ci, "other.contoso.com"), "covers nothing else");
	CHECK(ci.not_after - time(NULL) > 20 * 86400 - 60 && ci.not_after - time(NULL) <= 20 * 86400,
	    "valid for the 20 days asked");
	CHECK(stat(res.key_file, &st) == 0 && (st.st_mode & 077) == 0, "the key is mode 0600");
	cert_info_free(&ci);
	name_list_free(&names);

	/* 20 days: every certificate warns, nothing is missing. */
	CHECK_UINT("no errors for a covering certificate", certcheck_topology(t, true, time(NULL), &d), 0);
	CHECK(has_line(&d, "warning: certificate ") &&
	    (has_line(&d, "expires in 19 day(s)") || has_line(&d, "expires in 20 day(s)")),
	    "a certificate expiring within 30 days is a warning");
	diag_free(&d);
	/* Days later it has expired: an error in --check, a warning otherwise. */
	CHECK_UINT("expired: 2 errors (one per listener)",
	    certcheck_topology(t, true, time(NULL) + 30 * 86400, &d), 2);
	CHECK(has_line(&d, "server.pem expired on "), "the expiry names the file");
	diag_free(&d);
	CHECK_UINT("expired, not strict: no errors",
	    certcheck_topology(t, false, time(NULL) + 30 * 86400, &d), 0);
	CHECK(has_line(&d, "warning: certificate "), "the expiry is a warning");
	diag_free(&d);

	/* A second run reuses the CA, with only contoso names now. */
	cf.extra = NULL;
	cf.n_extra = 0;
	certgen_result_free(&res);
	{
		static const char *const only[] = { "lyncdiscover.contoso.com" };
		struct certgen_request rq = { .dir = dir, .dns = only, .n_dns = 1, .days = 90 };

		CHECK(certgen_make(&rq, &res, &cause) == 0, "certgen_make");
		CHECK(res.ca_reused, "the CA is reused");
	}
	CHECK_UINT("missing names are errors in --check: 3 external + 4 internal",
	    certcheck_topology(t, true, time(NULL), &d), 7);
	key = xasprintf_s("unit.xml:1: listener 127.0.0.1 port 1: no certificate covers "
	    "lyncdiscover.fabrikam.com (%s/server.pem)", dir);
	CHECK(has_line(&d, key), "the missing name and the certificate file are named");
	free(key);
	diag_free(&d);
	CHECK_UINT("not strict: warnings only", certcheck_topology(t, false, time(NULL), &d), 0);
	CHECK(has_line(&d, "warning: listener 127.0.0.1 port 2: no certificate covers "
	    "lyncdiscoverinternal.fabrikam.com"), "a missing name is a warning at startup");
	diag_free(&d);
	/* A key readable by anyone. */
	chmod(res.key_file, 0644);
	CHECK_UINT("mode warning only", certcheck_topology(t, false, time(NULL), &d), 0);
	CHECK(has_line(&d, "server-key.pem is readable by other users (mode 0644); chmod 600 it"),
	    "a world-readable key is a warning");
	diag_free(&d);
	certgen_result_free(&res);
}

/* An access="auto" listener serves both locations: its certificate must cover both. */
static void
test_auto_listener(const char *dir)
{
	char *xml = xasprintf_s("<lyncdiscover><listener address=\"127.0.0.1\" port=\"1\" "
	    "access=\"auto\" tls=\"true\" cert=\"%1$s/server.pem\" key=\"%1$s/server-key.pem\"/>"
	    "<pool name=\"p\" server-fqdn=\"fe.contoso.net\"><internal-web fqdn=\"webint.contoso.net\"/>"
	    "<external-web fqdn=\"webext.contoso.com\"/></pool><domain name=\"contoso.com\" pool=\"p\"/>"
	    "</lyncdiscover>", dir);
	static const char *const ext[] = { "lyncdiscover.contoso.com", "webext.contoso.com" };
	struct certgen_request rq = { .dir = dir, .dns = ext, .n_dns = 2, .days = 90 };
	struct certgen_result res;
	struct topology *t = load(xml);
	struct diag d = { 0 };
	char *cause = NULL;

	free(xml);
	if (t == NULL || certgen_make(&rq, &res, &cause) != 0) {
		CHECK(false, "auto listener setup: %s", cause != NULL ? cause : "");
		free(cause);
		topology_free(t);
		return;
	}
	CHECK_UINT("auto listener, external names only: the 2 internal names are missing",
	    certcheck_topology(t, true, time(NULL), &d), 2);
	CHECK(has_line(&d, "no certificate covers lyncdiscoverinternal.contoso.com"),
	    "auto listener: the internal Autodiscover name is required");
	diag_free(&d);
	certgen_result_free(&res);
	topology_free(t);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL, "cannot write %s", path);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static void
test_ticket_key(const char *dir)
{
	unsigned char key[TICKET_KEY_SIZE];
	char *path = xasprintf_s("%s/ticket.key", dir), *cause = NULL;
	size_t i;

	/* 64 bytes 0x00..0x3f, base64, with a trailing newline. */
	write_text(path, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\n");
	CHECK(tls_store_read_ticket_key(path, key, &cause) == 0, "a good ticket key: %s",
	    cause != NULL ? cause : "");
	for (i = 0; i < TICKET_KEY_SIZE && key[i] == i; i++)
		;
	CHECK_UINT("the key's bytes", i, TICKET_KEY_SIZE);
	free(cause);
	cause = NULL;
	write_text(path, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");	/* 32 bytes */
	CHECK(tls_store_read_ticket_key(path, key, &cause) == -1 && cause != NULL &&
	    strstr(cause, "must hold base64 of 64 random bytes") != NULL,
	    "a short key is refused: %s", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	write_text(path, "not base64 at all!\n");
	CHECK(tls_store_read_ticket_key(path, key, &cause) == -1, "garbage is refused");
	free(cause);
	unlink(path);
	free(path);
}

static void
remove_dir(const char *dir)
{
	static const char *const files[] = { "ca.pem", "ca-key.pem", "server.pem", "server-key.pem" };
	size_t i;
	char *p;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		p = xasprintf_s("%s/%s", dir, files[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

int
main(void)
{
	char dir[] = "/tmp/unit_certs.XXXXXX", *xml;
	struct topology *t;

	test_san_matches();
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	xml = xasprintf_s(topology_fmt, dir);
	t = load(xml);
	free(xml);
	if (t != NULL) {
		test_names(t);
		test_certgen_and_coverage(t, dir);
		topology_free(t);
	}
	test_auto_listener(dir);
	test_ticket_key(dir);
	remove_dir(dir);
	return check_done("unit_certs");
}
