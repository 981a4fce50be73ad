/* SPDX-License-Identifier: MIT */
/*
 * unit_encoding.c: content coding — Accept-Encoding negotiation by table
 * (RFC 9110 §12.5.3 corner cases), zlib round trips, and respond() in every
 * coding: the coded body decodes to the identity body, the headers are the
 * identity's plus Content-Encoding, Vary on every answer with a body, HEAD
 * as GET, prepared answers coded once per snapshot, errors coded too.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "check.h"
#include "reply_header.h"
#include "compress.h"
#include "config_file.h"
#include "encoding.h"
#include "respond.h"
#include "snapshot.h"

#define ROOT "/Autodiscover/AutodiscoverService.svc/root"

static void
test_negotiate(void)
{
	static const struct {
		const char		*header;
		enum content_coding	 want;
		bool			 none_acceptable;
	} cases[] = {
		{ NULL, CODING_IDENTITY, false },		/* no header: identity, as IIS */
		{ "", CODING_IDENTITY, false },			/* empty: no coding wanted */
		{ "gzip", CODING_GZIP, false },
		{ "deflate", CODING_DEFLATE, false },
		{ "identity", CODING_IDENTITY, false },
		{ "gzip, deflate", CODING_GZIP, false },	/* what most clients send */
		{ "deflate, gzip", CODING_GZIP, false },	/* a tie goes to gzip */
		{ "gzip;q=0.5, deflate", CODING_DEFLATE, false },
		{ "gzip;q=0.5", CODING_GZIP, false },		/* unnamed identity ranks last */
		{ "gzip;q=0.5, identity", CODING_IDENTITY, false },
		{ "identity;q=0.5, gzip;q=0.5", CODING_GZIP, false },
		{ "gzip;q=0", CODING_IDENTITY, false },		/* a refusal */
		{ "gzip;q=0, deflate;q=0", CODING_IDENTITY, false },
		{ "gzip;q=0.000", CODING_IDENTITY, false },
		{ "*", CODING_GZIP, false },
		{ "*;q=0.1", CODING_GZIP, false },
		{ "*;q=0, identity", CODING_IDENTITY, false },
		{ "*;q=0, deflate", CODING_DEFLATE, false },
		{ "gzip;q=0, *", CODING_DEFLATE, false },
		{ "*;q=0", CODING_IDENTITY, true },		/* nothing acceptable: identity anyway */
		{ "identity;q=0", CODING_IDENTITY, true },
		{ "identity;q=0, br", CODING_IDENTITY, true },
		{ "identity;q=0, gzip", CODING_GZIP, false },
		{ "identity;q=0, *", CODING_GZIP, false },
		{ "br", CODING_IDENTITY, false },		/* unknown codings */
		{ "br, zstd, compress", CODING_IDENTITY, false },
		{ "br;q=1, gzip;q=0.2", CODING_GZIP, false },
		{ "GZIP", CODING_GZIP, false },			/* case-insensitive */
		{ "Deflate", CODING_DEFLATE, false },
		{ "IDENTITY;Q=0, GZip", CODING_GZIP, false },
		{ "x-gzip", CODING_GZIP, false },		/* §8.4.1.3 */
		{ "  gzip  ;  q=0.8 ,\tdeflate ; q = 0.9 ", CODING_DEFLATE, false },	/* whitespace */
		{ ",,gzip,,", CODING_GZIP, false },		/* empty list elements */
		{ "gzip;q=1.5", CODING_IDENTITY, false },	/* malformed q: the element is ignored */
		{ "gzip;q=0.0001", CODING_IDENTITY, false },
		{ "gzip;q=abc, deflate", CODING_DEFLATE, false },
		{ "gzip;q=", CODING_IDENTITY, false },
		{ "gzip;level=9", CODING_GZIP, false },		/* unknown parameters are ignored */
		{ "gzip;level=9;q=0", CODING_IDENTITY, false },
		{ "gzip, gzip;q=0", CODING_GZIP, false },	/* the first mention counts */
		{ "gzip;q=0, gzip", CODING_IDENTITY, false },
		{ "gzipx, xgzip, gz", CODING_IDENTITY, false },	/* no prefix matching */
		{ ";q=1", CODING_IDENTITY, false },
		{ "gzip deflate", CODING_IDENTITY, false },	/* not a token list */
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool none = !cases[i].none_acceptable;
		enum content_coding got = encoding_negotiate(cases[i].header, &none);

		CHECK(got == cases[i].want, "Accept-Encoding \"%s\": %s, expected %s",
		    cases[i].header != NULL ? cases[i].header : "(none)", encoding_name(got),
		    encoding_name(cases[i].want));
		CHECK(none == cases[i].none_acceptable, "Accept-Encoding \"%s\": none acceptable %d",
		    cases[i].header != NULL ? cases[i].header : "(none)", none);
	}
	CHECK(encoding_negotiate("gzip", NULL) == CODING_GZIP, "none_acceptable may be NULL");
	CHECK_STR("gzip's name", encoding_name(CODING_GZIP), "gzip");
	CHECK_STR("deflate's name", encoding_name(CODING_DEFLATE), "deflate");
}

/* Decodes data as a client does: gzip by its header, deflate as the zlib format. */
static char *
decode(const char *data, size_t len, enum content_coding c, size_t *out_len)
{
	z_stream z = { 0 };
	size_t size = 1 << 20;
	char *out = malloc(size);
	int rc;

	if (out == NULL || inflateInit2(&z, c == CODING_GZIP ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)size;
	rc = inflate(&z, Z_FINISH);
	*out_len = z.total_out;
	/* Nothing may follow the stream. */
	if (rc != Z_STREAM_END || z.avail_in != 0) {
		free(out);
		out = NULL;
	}
	inflateEnd(&z);
	return out;
}

static void
test_round_trip(void)
{
	static const size_t sizes[] = { 1, 2, 100, 511, 512, 513, 4000, 40000, 300000 };
	static const char pattern[] = "<Link token=\"User\" href=\"https://x/\"/>\n";
	size_t i, len, back_len, k;
	char *text, *coded, *back;
	int c, level;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		text = malloc(sizes[i]);
		for (k = 0; k < sizes[i]; k++)	/* compressible, but not trivially */
			text[k] = pattern[(k * 7 + k / 13) % (sizeof pattern - 1)];
		for (c = CODING_GZIP; c < CODING_COUNT; c++) {
			for (level = 1; level <= 9; level += 8) {
				coded = compress_body(text, sizes[i], (enum content_coding)c, level, &len);
				back = coded != NULL ? decode(coded, len, (enum content_coding)c,
				    &back_len) : NULL;
				CHECK(back != NULL && back_len == sizes[i] &&
				    memcmp(back, text, sizes[i]) == 0,
				    "%s level %d of %zu bytes decodes to the same bytes",
				    encoding_name((enum content_coding)c), level, sizes[i]);
				if (c == CODING_DEFLATE && coded != NULL)
					CHECK(len >= 2 && ((unsigned char)coded[0] & 0x0f) == 8 &&
					    (((unsigned char)coded[0] << 8) | (unsigned char)coded[1]) % 31 == 0,
					    "deflate is the zlib format (RFC 1950 header)");
				if (c == CODING_GZIP && coded != NULL)
					CHECK(len >= 2 && (unsigned char)coded[0] == 0x1f &&
					    (unsigned char)coded[1] == 0x8b, "gzip has the gzip magic");
				free(coded);
				free(back);
			}
		}
		free(text);
	}
	CHECK(compress_body("x", 1, CODING_IDENTITY, 1, &len) == NULL, "identity is not compressed");
}

static const char topology[] =
	"<lyncdiscover>"
	"<settings oauth-realm=\"contoso.com\"/>"
	"<sign-in mode=\"open\"/>"
	"<pool name=\"eu\" server-fqdn=\"fe01.contoso.net\">"
	"<internal-web fqdn=\"webint.contoso.net\"/><external-web fqdn=\"webext.contoso.com\"/>"
	"<sip-client-external fqdn=\"sip.contoso.com\" port=\"443\"/></pool>"
	"<domain name=\"contoso.com\" pool=\"eu\"/>"
	"<cross-origin cors=\"true\"><origin>https://app.contoso.com</origin></cross-origin>"
	"</lyncdiscover>";

static struct snapshot *
load(void)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("encoding.xml", topology, strlen(topology), ".", &d);
	struct snapshot *s = NULL;
	char *cause = NULL;

	CHECK(t != NULL, "the topology loads: %s", d.n > 0 ? d.lines[0].text : "");
	diag_free(&d);
	if (t != NULL)
		s = snapshot_build(t, &cause);
	CHECK(s != NULL, "snapshot: %s", cause != NULL ? cause : "");
	free(cause);
	return s;
}

struct call {
	const char	*label, *method, *target, *accept, *origin, *body;
	bool		 tls;
	unsigned	 status;
	int		 prepared;	/* 1: a prepared reply, 0: built for the request */
};

static void
call(const struct snapshot *s, const struct call *c, const char *accept_encoding,
    const char *method, struct reply *r)
{
	struct request rq = {
		.method = method,
		.target = c->target,
		.http11 = true,
		.host = "webext.contoso.com",
		.host_count = 1,
		.accept = c->accept,
		.accept_encoding = accept_encoding,
		.has_body = c->body != NULL,
		.tls = c->tls,
		.location = ACCESS_EXTERNAL,
		.origin = c->origin,
		.content_type = c->body != NULL ? "application/x-www-form-urlencoded" : NULL,
		.body = c->body,
		.body_len = c->body != NULL ? strlen(c->body) : 0,
		.now = 1800000000LL,
	};

	respond(s, &rq, r);
}

/* The coded reply has the identity reply's headers in the same order, then Content-Encoding. */
static void
check_headers(const char *what, const struct reply *id, const struct reply *coded, bool coded_body)
{
	size_t i;

	CHECK(coded->n_headers == id->n_headers + (coded_body ? 1 : 0),
	    "%s: %zu headers, identity has %zu", what, coded->n_headers, id->n_headers);
	for (i = 0; i < id->n_headers && i < coded->n_headers; i++)
		CHECK(strcmp(id->headers[i].name, coded->headers[i].name) == 0 &&
		    strcmp(id->headers[i].value, coded->headers[i].value) == 0,
		    "%s: header %zu is %s: %s, identity's %s: %s", what, i, coded->headers[i].name,
		    coded->headers[i].value, id->headers[i].name, id->headers[i].value);
	if (coded_body)
		CHECK_STR(what, coded->headers[coded->n_headers - 1].name, "Content-Encoding");
}

static void
check_call(const struct snapshot *s, const struct call *c)
{
	static const char *const asked[CODING_COUNT] = {
		[CODING_IDENTITY] = "identity", [CODING_GZIP] = "gzip, deflate",
		[CODING_DEFLATE] = "deflate",
	};
	struct reply id, r, head;
	char *back;
	size_t back_len = 0;
	int k;

	call(s, c, NULL, c->method, &id);
	CHECK_UINT(c->label, id.status, c->status);
	CHECK((id.prepared >= 0) == (c->prepared != 0), "%s: prepared %d", c->label, id.prepared);
	CHECK(id.coding == CODING_IDENTITY && reply_header(&id, "Content-Encoding", 0) == NULL,
	    "%s: no Accept-Encoding, no coding", c->label);
	CHECK_STR(c->label, reply_header(&id, "Vary", 0), id.body_len > 0 ? "Accept-Encoding" : NULL);
	for (k = 0; k < CODING_COUNT; k++) {
		enum content_coding want = id.body_len > 0 ? (enum content_coding)k : CODING_IDENTITY;

		call(s, c, asked[k], c->method, &r);
		CHECK(r.coding == want, "%s, Accept-Encoding %s: coding %s", c->label, asked[k],
		    encoding_name(r.coding));
		CHECK_STR(c->label, reply_header(&r, "Content-Encoding", 0),
		    want == CODING_IDENTITY ? NULL : encoding_name(want));
		CHECK(r.status == id.status && r.prepared == id.prepared &&
		    r.content_type == id.content_type, "%s, %s: status, preparation, type as identity",
		    c->label, asked[k]);
		check_headers(c->label, &id, &r, want != CODING_IDENTITY);
		if (want != CODING_IDENTITY) {
			back = decode(r.body, r.body_len, want, &back_len);
			CHECK(back != NULL && back_len == id.body_len &&
			    memcmp(back, id.body, id.body_len) == 0,
			    "%s, %s: the body decodes to the identity body", c->label, asked[k]);
			free(back);
		}
		/* HEAD: the same reply (libmicrohttpd leaves the body out, Content-Length stays). */
		call(s, c, asked[k], "HEAD", &head);
		if (strcmp(c->method, "GET") == 0)
			CHECK(head.status == r.status && head.body_len == r.body_len &&
			    head.n_headers == r.n_headers && head.coding == r.coding,
			    "%s, %s: HEAD as GET", c->label, asked[k]);
		reply_release(&head);
		reply_release(&r);
	}
	reply_release(&id);
}

static void
test_respond(const struct snapshot *s)
{
	static const struct call calls[] = {
		{ "HTTPS Root", "GET", ROOT, NULL, NULL, NULL, true, 200, 1 },
		{ "HTTPS Root, MS XML", "GET", ROOT, "application/vnd.microsoft.rtc.autodiscover+xml;v=1",
		    NULL, NULL, true, 200, 1 },
		{ "HTTP Redirect with a sipuri", "GET", "/?sipuri=alice@contoso.com", NULL, NULL, NULL,
		    false, 200, 0 },
		{ "Domain", "GET", ROOT "/domain", NULL, NULL, NULL, true, 200, 1 },
		{ "OAuth 401", "GET", ROOT "/oauth/user", NULL, NULL, NULL, true, 401, 1 },
		{ "User 401", "GET", ROOT "/user", NULL, NULL, NULL, true, 401, 1 },
		{ "User of the open sign-in (template)", "GET", ROOT "/oauth/user?sipuri=alice@contoso.com",
		    NULL, NULL, NULL, true, 200, 0 },
		{ "unknown user: 404, empty", "GET", ROOT "/oauth/user?sipuri=nobody@unknown.example",
		    NULL, NULL, NULL, true, 404, 0 },
		{ "no such resource: 404", "GET", "/nope", NULL, NULL, NULL, true, 404, 0 },
		{ "405", "PUT", ROOT, NULL, NULL, NULL, true, 405, 0 },
		{ "bad target: 400", "GET", "/%zz", NULL, NULL, NULL, true, 400, 0 },
		{ "XFrame", "GET", "/xframe", NULL, NULL, NULL, true, 200, 1 },
		{ "CORS copy of a prepared Root", "GET", ROOT, NULL, "https://app.contoso.com", NULL,
		    true, 200, 0 },
		{ "refused origin: 403", "GET", ROOT, NULL, "https://evil.example", NULL, true, 403, 0 },
		{ "token endpoint error", "POST", "/WebTicket/oauthtoken", NULL, NULL,
		    "grant_type=password", true, 400, 0 },
		{ "token", "POST", "/WebTicket/oauthtoken", NULL, NULL,
		    "grant_type=password&username=alice@contoso.com&password=x", true, 200, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof calls / sizeof calls[0]; i++)
		check_call(s, &calls[i]);
}

/* The prepared variants are made once: two requests get the same bytes. */
static void
test_prepared_once(const struct snapshot *s)
{
	static const struct call root = { "Root", "GET", ROOT, NULL, NULL, NULL, true, 200, 1 };
	struct reply a, b;
	size_t i;
	int c;

	call(s, &root, "gzip", "GET", &a);
	call(s, &root, "gzip", "GET", &b);
	CHECK(a.prepared >= 0 && a.body == b.body, "a prepared Root's gzip body is the snapshot's");
	CHECK(a.body == snapshot_prepared(s, (size_t)a.prepared, CODING_GZIP)->body,
	    "and it is the snapshot's coded variant");
	reply_release(&a);
	reply_release(&b);
	for (c = CODING_GZIP; c < CODING_COUNT; c++) {
		for (i = 0; i < s->n_prepared; i++) {
			const struct reply *v = snapshot_prepared(s, i, (enum content_coding)c);

			CHECK(v->prepared == (int)i && (v->body_len == 0 ?
			    v->coding == CODING_IDENTITY : v->coding == (enum content_coding)c),
			    "prepared %zu in %s: index and coding", i, encoding_name((enum content_coding)c));
		}
	}
}

int
main(void)
{
	struct snapshot *s;

	test_negotiate();
	test_round_trip();
	if ((s = load()) != NULL) {
		test_respond(s);
		test_prepared_once(s);
		snapshot_free(s);
	}
	return check_done("unit_encoding");
}
