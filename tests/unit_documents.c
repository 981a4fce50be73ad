/* SPDX-License-Identifier: MIT */
/*
 * unit_documents.c: every document flavour, byte for byte, against golden
 * files in tests/golden/ (rendered by respond() from tests/configs/unit.xml).
 *
 * After an intended change of a document, regenerate them with
 *   UPDATE_GOLDEN=1 tests/unit_documents
 * and review the diff: the goldens are the protocol's examples (protocol.md
 * §4) made concrete, and tests/schemas.test validates the XML ones.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config_file.h"
#include "diag_print.h"
#include "respond.h"
#include "snapshot.h"
#include "files.h"
#include "util.h"

#define ACCEPT_MS_XML "application/vnd.microsoft.rtc.autodiscover+xml;v=1"
#define ACCEPT_MS_JSON "application/vnd.microsoft.rtc.autodiscover+json;v=1"

static const struct {
	const char	*golden;
	const char	*target, *host, *accept;
	int		 tls, internal;
} cases[] = {
	{ "root-external.xml", "/?sipuri=alice@contoso.com", "lyncdiscover.contoso.com", ACCEPT_MS_XML, 1, 0 },
	{ "root-external.json", "/", "lyncdiscover.contoso.com", ACCEPT_MS_JSON, 1, 0 },
	{ "root-external-ucwa.json", "/", "lyncdiscover.contoso.com", "application/json", 1, 0 },
	{ "root-external-ucwa.xml", "/", "lyncdiscover.contoso.com", "application/xml", 1, 0 },
	{ "root-internal.xml", "/Autodiscover/AutodiscoverService.svc/root", "lyncdiscoverinternal.contoso.com",
	  ACCEPT_MS_XML, 1, 1 },
	{ "root-internal.json", "/", "lyncdiscoverinternal.contoso.com", ACCEPT_MS_JSON, 1, 1 },
	{ "root-internal-ucwa.json", "/", "lyncdiscoverinternal.contoso.com", NULL, 1, 1 },
	{ "root-internal-ucwa.xml", "/", "lyncdiscoverinternal.contoso.com", "text/xml", 1, 1 },
	{ "root-unknown-domain-ucwa.json", "/", "lyncdiscover.unknown.example", "*/*", 1, 0 },
	{ "redirect-external.xml", "/?sipuri=sip:alice@contoso.com", "lyncdiscover.contoso.com", ACCEPT_MS_XML, 0, 0 },
	{ "redirect-external.json", "/?sipuri=alice%40contoso.com", "lyncdiscover.contoso.com", ACCEPT_MS_JSON, 0, 0 },
	{ "redirect-external-ucwa.json", "/", "lyncdiscover.contoso.com", "application/json", 0, 0 },
	{ "redirect-external-ucwa.xml", "/", "lyncdiscover.contoso.com", "application/xml", 0, 0 },
	{ "redirect-internal.xml", "/?sipuri=bob@fabrikam.com", "lyncdiscoverinternal.fabrikam.com", ACCEPT_MS_XML, 0, 1 },
	{ "redirect-unknown-domain.xml", "/", "127.0.0.1:8080", ACCEPT_MS_XML, 0, 1 },
	{ "domain-external.xml", "/Autodiscover/AutodiscoverService.svc/root/domain", "webext.contoso.com",
	  ACCEPT_MS_XML, 1, 0 },
	{ "domain-internal.json", "/Autodiscover/AutodiscoverService.svc/root/domain", "webint.contoso.net",
	  "application/json", 1, 1 },
	{ "domain-pool2.xml", "/autodiscover/autodiscoverservice.svc/root/domain", "webext2.contoso.com",
	  "application/xml", 1, 0 },
};

static char *
load_snapshot_and_dir(struct snapshot **s)
{
	const char *top = getenv("top_srcdir");
	char *path, *cause = NULL;
	struct diag d = { 0 };
	struct topology *t;

	top = top != NULL ? top : ".";
	path = xasprintf_s("%s/tests/configs/unit.xml", top);
	t = path != NULL ? config_file_load(path, &d) : NULL;
	diag_print(&d, stderr);
	diag_free(&d);
	free(path);
	*s = t != NULL ? snapshot_build(t, &cause) : NULL;
	free(cause);
	return xasprintf_s("%s/tests/golden", top);
}

static void
check_case(const struct snapshot *s, const char *dir, size_t i, int update)
{
	struct request rq = {
		.method = "GET", .target = cases[i].target, .http11 = 1, .host = cases[i].host,
		.host_count = 1, .accept = cases[i].accept, .tls = cases[i].tls,
		.location = cases[i].internal ? ACCESS_INTERNAL : ACCESS_EXTERNAL,
	};
	char *path = xasprintf_s("%s/%s", dir, cases[i].golden), *want;
	struct reply r;
	size_t len = 0;
	FILE *f;

	respond(s, &rq, &r);
	CHECK_UINT(cases[i].golden, r.status, 200);
	if (update && (f = fopen(path, "wb")) != NULL) {
		fwrite(r.body, 1, r.body_len, f);
		fclose(f);
	}
	want = files_read(path, &len);
	CHECK(want != NULL, "%s: cannot read the golden file", path);
	CHECK(want != NULL && len == r.body_len && memcmp(want, r.body, len) == 0,
	    "%s differs; expected:\n%s\ngot:\n%.*s", cases[i].golden, want != NULL ? want : "",
	    (int)r.body_len, r.body);
	free(want);
	free(path);
	reply_release(&r);
}

int
main(void)
{
	struct snapshot *s;
	char *dir = load_snapshot_and_dir(&s);
	int update = getenv("UPDATE_GOLDEN") != NULL;
	size_t i;

	CHECK(s != NULL && dir != NULL, "tests/configs/unit.xml did not load");
	for (i = 0; s != NULL && i < sizeof cases / sizeof cases[0]; i++)
		check_case(s, dir, i, update);
	snapshot_free(s);
	free(dir);
	if (update)
		printf("unit_documents: golden files rewritten; review them with git diff\n");
	return check_done("unit_documents");
}
