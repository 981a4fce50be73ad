/* SPDX-License-Identifier: MIT */
/*
 * unit_splice.c: the User document's template (src/core/splice.c).
 *
 * 1. The escapers write what libxml2 and jansson write for the same text in
 *    the same place, for nasty inputs.
 * 2. For every pool, location, representation and resource of
 *    tests/configs/unit.xml, the template filled with a sipuri is byte for
 *    byte the document rendered for it (answers_user), for many sipuris,
 *    those needing percent-encoding or escaping included.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "answers.h"
#include "check.h"
#include "config_file.h"
#include "diag_print.h"
#include "representation.h"
#include "respond.h"
#include "snapshot.h"
#include "splice.h"
#include "util.h"

static const char *const nasty[] = {
	"", "alice@contoso.com", "a&b", "<tag>", "x>y", "say \"hi\"", "it's", "back\\slash",
	"sl/ash", "sip:a/b@c", "tab\there", "line\nfeed", "cr\rhere", "\x01\x02\x1f\x7f",
	"\b\f", "caf\xc3\xa9", "\xe2\x80\xa8 sep", "\xf0\x9f\x98\x80", "%41%", "&amp;",
	"]]>", "a b+c=d?e#f",
};

/* libxml2's serialisation of s as an attribute value, between the quotes. */
static char *
libxml2_attr(const char *s)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "r");
	xmlChar *mem = NULL;
	char *start, *end, *out = NULL;
	int n = 0;

	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, BAD_CAST "a", BAD_CAST s);
	xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "utf-8", 1);
	xmlFreeDoc(doc);
	if (mem != NULL && (start = strstr((char *)mem, "a=\"")) != NULL &&
	    (end = strrchr(start + 3, '"')) != NULL)
		out = xstrndup(start + 3, (size_t)(end - start - 3));
	xmlFree(mem);
	return out;
}

/* jansson's serialisation of s as a string, between the quotes. */
static char *
jansson_string(const char *s, bool slash)
{
	json_t *j = json_string(s);
	char *d = j != NULL ? json_dumps(j, JSON_ENCODE_ANY | (slash ? JSON_ESCAPE_SLASH : 0)) : NULL,
	    *out = NULL;

	json_decref(j);
	if (d != NULL && strlen(d) >= 2)
		out = xstrndup(d + 1, strlen(d) - 2);
	free(d);
	return out;
}

static void
check_escapers(void)
{
	char got[512], *want;
	size_t i;

	for (i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
		want = libxml2_attr(nasty[i]);
		CHECK(want != NULL && splice_escape_xml_attr(nasty[i], got, sizeof got) >= 0 &&
		    strcmp(got, want) == 0, "XML attribute of input %zu: libxml2 \"%s\", ours \"%s\"",
		    i, want != NULL ? want : "(null)", got);
		free(want);
		want = jansson_string(nasty[i], true);
		CHECK(want != NULL && splice_escape_json(nasty[i], true, got, sizeof got) >= 0 &&
		    strcmp(got, want) == 0, "JSON (\\/) of input %zu: jansson \"%s\", ours \"%s\"",
		    i, want != NULL ? want : "(null)", got);
		free(want);
		want = jansson_string(nasty[i], false);
		CHECK(want != NULL && splice_escape_json(nasty[i], false, got, sizeof got) >= 0 &&
		    strcmp(got, want) == 0, "JSON of input %zu: jansson \"%s\", ours \"%s\"",
		    i, want != NULL ? want : "(null)", got);
		free(want);
	}
	/* Too small a buffer is refused, never overrun. */
	CHECK(splice_escape_xml_attr("&&", got, 9) == -1, "XML: 10 bytes in 9");
	CHECK(splice_escape_json("//", true, got, 4) == -1, "JSON: 5 bytes in 4");
}

/* The sipuris a User can carry (hints.c canonicalises; odd ones still must splice right). */
static const char *const users[] = {
	"alice@contoso.com", "bob@fabrikam.com", "o'neil@contoso.com", "a&b@contoso.com",
	"x<y>@contoso.com", "q\"uote@contoso.com", "sl/ash@contoso.com", "back\\s@contoso.com",
	"sp ace+plus@contoso.com", "caf\xc3\xa9@contoso.com", "percent%41@contoso.com",
	"tab\t@contoso.com", SPLICE_MARKER "@contoso.com",
};

static void
check_pool(const struct snapshot *s, size_t pi)
{
	const struct pool *p = &s->topology->pools[pi];
	struct reply r;
	char *got;
	size_t u, len = 0;
	int loc, rep, oauth;

	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++)
	for (rep = 0; rep < REP_COUNT; rep++)
	for (oauth = 0; oauth < 2; oauth++) {
		const struct splice *sp = &s->user_splices[pi * SNAPSHOT_USERS +
		    snapshot_user_offset(loc, rep, oauth)];

		CHECK(sp->n_holes >= 1, "pool %zu loc %d rep %d oauth %d: no template", pi, loc,
		    rep, oauth);
		for (u = 0; u < sizeof users / sizeof users[0]; u++) {
			got = splice_fill(sp, rep, users[u], &len);
			CHECK(answers_user(&r, p, loc, rep, oauth, s->topology->mobility_internal,
			    users[u]) == 0, "answers_user failed");
			CHECK(got != NULL && len == r.body_len && memcmp(got, r.body, len) == 0,
			    "pool %zu loc %d rep %d oauth %d user %s:\nrendered %.*s\nspliced  %s",
			    pi, loc, rep, oauth, users[u], (int)r.body_len, r.body,
			    got != NULL ? got : "(null)");
			CHECK(got == NULL || strstr(users[u], SPLICE_MARKER) != NULL ||
			    strstr(got, SPLICE_MARKER) == NULL, "a marker left in a filled template");
			reply_release(&r);
			free(got);
		}
	}
}

static void
check_templates(void)
{
	const char *top = getenv("top_srcdir");
	char *path, *cause = NULL;
	struct diag d = { 0 };
	struct topology *t;
	struct snapshot *s;
	size_t i;

	path = xasprintf_s("%s/tests/configs/unit.xml", top != NULL ? top : ".");
	t = path != NULL ? config_file_load(path, &d) : NULL;
	diag_print(&d, stderr);
	diag_free(&d);
	free(path);
	s = t != NULL ? snapshot_build(t, &cause) : NULL;
	free(cause);
	CHECK(s != NULL, "tests/configs/unit.xml did not load");
	for (i = 0; s != NULL && i < s->topology->n_pools; i++)
		check_pool(s, i);
	CHECK(s == NULL || s->topology->n_pools >= 2, "unit.xml has two pools");
	snapshot_free(s);
}

static void
check_cut(void)
{
	struct splice sp;
	size_t len = 0;
	char *got;

	/* A configured name holding the marker: no template (built per request). */
	CHECK(splice_cut(&sp, xstrdup("a" SPLICE_MARKER "b"), 2 + sizeof SPLICE_MARKER - 1,
	    "host-" SPLICE_MARKER) == -1 && sp.n_holes == 0, "marker in the plain text refused");
	CHECK(splice_fill(&sp, REP_UCWA_JSON, "a@b", &len) == NULL, "no template, no fill");
	CHECK(splice_cut(&sp, xstrdup("no hole"), 7, NULL) == -1, "no marker, no template");
	CHECK(splice_cut(&sp, xstrdup(SPLICE_MARKER "|" SPLICE_MARKER), 2 * (sizeof SPLICE_MARKER - 1) + 1,
	    "|") == 0 && sp.n_holes == 2, "two holes at the ends");
	got = splice_fill(&sp, REP_AUTODISCOVER_JSON, "a/b@c", &len);
	CHECK_STR("filled", got, "a%2Fb@c|a%2Fb@c");
	CHECK_UINT("length", len, 15);
	free(got);
	splice_free(&sp);
}

/* A pool with more domains than it prepares, and one with fewer. */
static struct topology *
many_domains(size_t n)
{
	char *xml = xstrdup("<lyncdiscover>"
	    "<pool name=\"big\" server-fqdn=\"fe1.hoster.net\"><internal-web fqdn=\"webint.hoster.net\"/>"
	    "<external-web fqdn=\"webext.hoster.net\"/></pool>"
	    "<pool name=\"small\" server-fqdn=\"fe2.hoster.net\"><internal-web fqdn=\"webint2.hoster.net\"/>"
	    "<external-web fqdn=\"webext2.hoster.net\"/></pool>"
	    "<domain name=\"small-one.example\" pool=\"small\"/>");
	struct diag d = { 0 };
	struct topology *t;
	size_t i;

	for (i = 1; xml != NULL && i <= n; i++)
		xml = xstrappendf(xml, "<domain name=\"Tenant-%zu.example\" pool=\"big\"/>", i);
	xml = xml != NULL ? xstrappendf(xml, "</lyncdiscover>") : NULL;
	t = xml != NULL ? config_file_load_memory("<many>", xml, strlen(xml), NULL, &d) : NULL;
	diag_print(&d, stderr);
	diag_free(&d);
	free(xml);
	return t;
}

/*
 * Every domain's Root and Redirect through respond(), against the document
 * rendered for that domain: the first SNAPSHOT_PREPARED_DOMAINS of a pool
 * prepared, the later ones its template filled, byte for byte the same, with
 * the same headers.
 */
static void
check_domain_templates(void)
{
	const size_t n = SNAPSHOT_PREPARED_DOMAINS + 9;
	struct topology *t = many_domains(n);
	char *cause = NULL, host[300];
	struct snapshot *s = t != NULL ? snapshot_build(t, &cause) : NULL;
	struct request rq;
	struct reply got, want;
	size_t i, h;
	int loc, rep, tls;

	free(cause);
	CHECK(s != NULL, "the many-domain topology did not load");
	if (s == NULL)
		return;
	CHECK_UINT("prepared domain slots of the big pool", s->pools[0].n_slots,
	    1 + SNAPSHOT_PREPARED_DOMAINS);
	CHECK_UINT("prepared domain slots of the small pool", s->pools[1].n_slots, 2);
	CHECK(s->domain_splices[SNAPSHOT_DOMAIN_DOCS].n_holes == 0, "the small pool has no templates");
	for (i = 0; i < s->topology->n_domains; i++)
	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++)
	for (rep = 0; rep < REP_COUNT; rep++)
	for (tls = 0; tls < 2; tls++) {
		const struct sip_domain *dom = &s->topology->domains[i];
		const struct pool *p = &s->topology->pools[dom->pool];

		snprintf(host, sizeof host, "lyncdiscover.%s", dom->name);
		rq = (struct request){ .method = "GET", .target = "/", .http11 = 1, .host = host,
		    .host_count = 1, .tls = tls, .location = (enum access_location)loc,
		    .accept = representation_content_type((enum representation)rep) };
		respond(s, &rq, &got);
		CHECK((tls ? answers_root(&want, p, loc, rep, dom->name, NULL) :
		    answers_root_redirect(&want, p, loc, rep, NULL, dom->name)) == 0, "rendering");
		CHECK(got.status == 200 && got.body_len == want.body_len &&
		    memcmp(got.body, want.body, want.body_len) == 0,
		    "%s loc %d rep %d tls %d:\nrendered %.*s\nanswered %.*s", dom->name, loc, rep,
		    tls, (int)want.body_len, want.body, (int)got.body_len, got.body);
		CHECK((got.prepared >= 0) == (dom->slot <= SNAPSHOT_PREPARED_DOMAINS),
		    "%s: prepared %d at slot %zu", dom->name, got.prepared, dom->slot);
		CHECK_UINT("headers", got.n_headers, want.n_headers);
		for (h = 0; h < got.n_headers && h < want.n_headers; h++) {
			CHECK_STR("header name", got.headers[h].name, want.headers[h].name);
			CHECK_STR("header value", got.headers[h].value, want.headers[h].value);
		}
		CHECK_STR("Content-Type", got.content_type, want.content_type);
		reply_release(&got);
		reply_release(&want);
	}
	snapshot_free(s);
}

static bool
keeps_all(void *cls, unsigned long variant, enum content_coding c)
{
	(void)cls;
	(void)variant;
	return c == CODING_GZIP;
}

/*
 * A domain's Root past the prepared ones is a variant: the same number for
 * the same domain, location and representation, another for any other; when
 * the HTTP layer keeps it in the coding asked, respond() leaves the body
 * uncoded (the HTTP layer sends what it keeps), else it codes it.
 */
static void
check_domain_variants(void)
{
	struct topology *t = many_domains(SNAPSHOT_PREPARED_DOMAINS + 3);
	char *cause = NULL;
	struct snapshot *s = t != NULL ? snapshot_build(t, &cause) : NULL;
	struct request rq = { .method = "GET", .target = "/", .http11 = 1, .host_count = 1,
	    .tls = 1, .location = ACCESS_EXTERNAL, .accept = "application/json",
	    .accept_encoding = "gzip" };
	struct reply a, b, c, d, e;

	free(cause);
	CHECK(s != NULL, "the many-domain topology did not load");
	if (s == NULL)
		return;
	rq.host = "lyncdiscover.tenant-18.example";
	respond(s, &rq, &a);
	respond(s, &rq, &b);
	CHECK(a.variant != 0 && a.variant == b.variant, "the same variant twice: %lu %lu",
	    a.variant, b.variant);
	CHECK(!a.kept && a.coding == CODING_GZIP, "not kept: coded per request");
	rq.host = "lyncdiscover.tenant-19.example";
	respond(s, &rq, &c);
	CHECK(c.variant != 0 && c.variant != a.variant, "another domain, another variant");
	rq.location = ACCESS_INTERNAL;
	respond(s, &rq, &d);
	CHECK(d.variant != c.variant, "another location, another variant");
	rq.kept = keeps_all;
	respond(s, &rq, &e);
	CHECK(e.kept && e.kept_coding == CODING_GZIP && e.coding == CODING_IDENTITY &&
	    e.variant == d.variant, "kept: the identity body, the kept coding named");
	rq.host = "lyncdiscover.tenant-1.example";
	reply_release(&e);
	respond(s, &rq, &e);
	CHECK(e.variant == 0 && !e.kept && e.prepared >= 0, "a prepared domain is no variant");
	reply_release(&a);
	reply_release(&b);
	reply_release(&c);
	reply_release(&d);
	reply_release(&e);
	snapshot_free(s);
}

int
main(void)
{
	check_escapers();
	check_cut();
	check_templates();
	check_domain_templates();
	check_domain_variants();
	return check_done("unit_splice");
}
