/* SPDX-License-Identifier: MIT */
/*
 * unit_documents.c: every document flavour, byte for byte, against golden
 * files in tests/golden/ (rendered by respond() from tests/configs/unit.xml).
 *
 * After an intended change of a document, regenerate them with
 *   UPDATE_GOLDEN=1 tests/unit_documents
 * and review the diff: the goldens are the protocol's examples
 * (doc/protocol.md §4, which shows them verbatim: tests/readme.test compares)
 * made concrete, and tests/schemas.test validates the XML ones. The User
 * documents are asked with a token issued under the configuration's secret,
 * as the token endpoint would issue it.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config_file.h"
#include "diag_print.h"
#include "respond.h"
#include "snapshot.h"
#include "token.h"
#include "files.h"
#include "util.h"

#define ACCEPT_MS_XML "application/vnd.microsoft.rtc.autodiscover+xml;v=1"
#define ACCEPT_MS_JSON "application/vnd.microsoft.rtc.autodiscover+json;v=1"

#define USER_PATH "/Autodiscover/AutodiscoverService.svc/root/user"
#define OAUTH_PATH "/Autodiscover/AutodiscoverService.svc/root/oauth/user"
#define NOW 1800000000LL	/* the tokens' clock */

static const struct {
	const char	*golden;
	const char	*target, *host, *accept;
	int		 tls, internal;
	const char	*user;	/* signed in with a token (Bearer on OAuth, else a web ticket), or NULL */
} cases[] = {
	{ "root-external.xml", "/?sipuri=alice@contoso.com", "lyncdiscover.contoso.com",
	  ACCEPT_MS_XML, 1, 0, NULL },
	{ "root-external.json", "/", "lyncdiscover.contoso.com", ACCEPT_MS_JSON, 1, 0, NULL },
	{ "root-external-ucwa.json", "/", "lyncdiscover.contoso.com", "application/json", 1, 0, NULL },
	{ "root-external-ucwa.xml", "/", "lyncdiscover.contoso.com", "application/xml", 1, 0, NULL },
	{ "root-internal.xml", "/Autodiscover/AutodiscoverService.svc/root", "lyncdiscoverinternal.contoso.com",
	  ACCEPT_MS_XML, 1, 1, NULL },
	{ "root-internal.json", "/", "lyncdiscoverinternal.contoso.com",
	  ACCEPT_MS_JSON, 1, 1, NULL },
	{ "root-internal-ucwa.json", "/", "lyncdiscoverinternal.contoso.com", NULL, 1, 1, NULL },
	{ "root-internal-ucwa.xml", "/", "lyncdiscoverinternal.contoso.com", "text/xml", 1, 1, NULL },
	{ "root-unknown-domain-ucwa.json", "/", "lyncdiscover.unknown.example", "*/*", 1, 0, NULL },
	{ "redirect-external.xml", "/?sipuri=sip:alice@contoso.com", "lyncdiscover.contoso.com",
	  ACCEPT_MS_XML, 0, 0, NULL },
	{ "redirect-external.json", "/?sipuri=alice%40contoso.com", "lyncdiscover.contoso.com",
	  ACCEPT_MS_JSON, 0, 0, NULL },
	{ "redirect-external-ucwa.json", "/", "lyncdiscover.contoso.com", "application/json", 0, 0, NULL },
	{ "redirect-external-ucwa.xml", "/", "lyncdiscover.contoso.com", "application/xml", 0, 0, NULL },
	{ "redirect-internal.xml", "/?sipuri=bob@fabrikam.com", "lyncdiscoverinternal.fabrikam.com",
	  ACCEPT_MS_XML, 0, 1, NULL },
	{ "redirect-unknown-domain.xml", "/", "127.0.0.1:8080", ACCEPT_MS_XML, 0, 1, NULL },
	{ "domain-external.xml", "/Autodiscover/AutodiscoverService.svc/root/domain", "webext.contoso.com",
	  ACCEPT_MS_XML, 1, 0, NULL },
	{ "domain-internal.json", "/Autodiscover/AutodiscoverService.svc/root/domain", "webint.contoso.net",
	  "application/json", 1, 1, NULL },
	{ "domain-pool2.xml", "/autodiscover/autodiscoverservice.svc/root/domain", "webext2.contoso.com",
	  "application/xml", 1, 0, NULL },
	{ "user-external.xml", USER_PATH, "webext.contoso.com", ACCEPT_MS_XML, 1, 0, "alice@contoso.com" },
	{ "user-redirect-external.xml", OAUTH_PATH, "webext.contoso.com", ACCEPT_MS_XML, 1, 0,
	  "bob@fabrikam.com" },
	{ "user-internal-oauth.json", OAUTH_PATH, "webint.contoso.net", ACCEPT_MS_JSON, 1, 1,
	  "alice@contoso.com" },
	{ "user-external-ucwa.json", OAUTH_PATH, "webext.contoso.com", "application/json", 1, 0,
	  "alice@contoso.com" },
	{ "user-external-ucwa.xml", OAUTH_PATH, "webext.contoso.com", "application/xml", 1, 0,
	  "alice@contoso.com" },
	{ "user-redirect-external-ucwa.json", OAUTH_PATH, "webext.contoso.com", "application/json", 1, 0,
	  "bob@fabrikam.com" },
};

/* "Bearer TOKEN" or "opaque=TOKEN" for user, as the token endpoint of s would issue it. */
static char *
credential(const struct snapshot *s, const char *user, int oauth)
{
	const struct sign_in *si = &s->topology->sign_in;
	struct token_secret secret;
	char *token, *v;

	memcpy(secret.key, si->token_secret, sizeof secret.key);
	secret.len = si->token_secret_len;
	token = token_issue(&secret, user, si->issuer, (time_t)NOW, si->token_lifetime);
	v = token != NULL ? xasprintf_s("%s%s", oauth ? "Bearer " : "opaque=", token) : NULL;
	free(token);
	return v;
}

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
		.location = cases[i].internal ? ACCESS_INTERNAL : ACCESS_EXTERNAL, .now = NOW,
	};
	int oauth = strstr(cases[i].target, "/oauth/") != NULL;
	char *path = xasprintf_s("%s/%s", dir, cases[i].golden), *want, *cred = NULL;
	struct reply r;
	size_t len = 0;
	FILE *f;

	if (cases[i].user != NULL) {
		cred = credential(s, cases[i].user, oauth);
		CHECK(cred != NULL, "%s: no token", cases[i].golden);
		if (oauth)
			rq.authorization = cred;
		else
			rq.webticket = cred;
	}
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
	free(cred);
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
