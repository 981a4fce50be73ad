/* SPDX-License-Identifier: MIT */
/*
 * fuzz_respond.c: fuzzing the protocol core. respond() must answer any
 * request — any method, target, Host, Accept — with a well-formed reply and
 * never a 5xx.
 *
 * Input: fields separated by '\n': method, target, Host, Accept, flags (a
 * byte: bit 0 TLS, bit 1 internal, bit 2 HTTP/1.1, bit 3 body, bits 4-5 Host
 * count, bit 6 access="auto", bit 7 a trusted peer), Authorization,
 * X-MS-WebTicket, Origin, X-Ms-Origin, Content-Type, Forwarded,
 * X-Forwarded-For, -Proto, -Host, then the body (the rest). A missing field
 * is NULL. The Accept field is also the Accept-Encoding (so that the corpus
 * keeps its format): "gzip" there asks for a coded answer.
 *
 * Built as a libFuzzer target by ./configure --enable-fuzzing (clang), run as
 *   mkdir -p /tmp/corpus && tests/fuzz_respond -max_total_time=60 /tmp/corpus tests/fuzz-corpus
 * (new inputs go to the first directory, so the seeds here stay as they are)
 * Without libFuzzer, main() below replays the files named on the command
 * line; make check replays tests/fuzz-corpus that way.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "diag_print.h"
#include "respond.h"
#include "snapshot.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A 500 of the Web Ticket Service holding a SOAP Fault (its body may be coded). */
static bool
soap_fault(const struct reply *r)
{
	return r->status == 500 && r->resource != NULL && strcmp(r->resource, "webticket") == 0 &&
	    (r->coding != CODING_IDENTITY ||
	    (r->body != NULL && strstr(r->body, "<s:Fault>") != NULL));
}

static const char topology_xml[] =
	"<lyncdiscover>"
	"<settings trusted-proxies='10.0.0.0/8 ::1' internal-networks='192.168.0.0/16'"
	" access-host-fallback='true'/>"
	"<sign-in mode='open'/>"
	"<pool name='p1' server-fqdn='fe01.contoso.net'>"
	"<internal-web fqdn='webint.contoso.net'/><external-web fqdn='webext.contoso.com'/>"
	"<sip-client-internal fqdn='pool01.contoso.net' port='5061'/>"
	"<sip-client-external fqdn='sip.contoso.com' port='443'/></pool>"
	"<pool name='p2' server-fqdn='fe02.contoso.net'>"
	"<internal-web fqdn='webint2.contoso.net' port='4443'/><external-web fqdn='webext2.contoso.com'/></pool>"
	"<domain name='contoso.com' pool='p1'/><domain name='fabrikam.com' pool='p2' "
	"online-autodiscover='https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root'/>"
	"<cross-origin cors='true'><origin>https://app.contoso.com</origin></cross-origin>"
	"</lyncdiscover>";

static struct snapshot *
snapshot(void)
{
	static struct snapshot *s;
	struct diag d = { 0 };
	char *cause = NULL;

	if (s == NULL) {
		struct topology *t = config_file_load_memory("fuzz", topology_xml,
		    sizeof topology_xml - 1, NULL, &d);

		diag_print(&d, stderr);
		diag_free(&d);
		s = t != NULL ? snapshot_build(t, &cause) : NULL;
		if (s == NULL)
			abort();
	}
	return s;
}

/* Splits the next field off *p (NUL-terminating it in place); NULL when none is left. */
static char *
field(char **p, char *end)
{
	char *start = *p, *nl;

	if (start == NULL || start > end)
		return NULL;
	nl = memchr(start, '\n', (size_t)(end - start));
	if (nl == NULL) {
		*p = NULL;
		return start;
	}
	*nl = '\0';
	*p = nl + 1;
	return start;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xstrndup((const char *)data, size), *p = buf, *end, *flags;
	struct request rq = { 0 };
	struct reply r;
	unsigned f;

	if (buf == NULL)
		return 0;
	end = buf + strlen(buf);	/* an embedded NUL ends the input, as in a C string */
	rq.method = field(&p, end);
	rq.target = field(&p, end);
	rq.host = field(&p, end);
	rq.accept = field(&p, end);
	rq.accept_encoding = rq.accept;
	flags = field(&p, end);
	rq.authorization = field(&p, end);
	rq.webticket = field(&p, end);
	rq.origin = field(&p, end);
	rq.ms_origin = field(&p, end);
	rq.content_type = field(&p, end);
	rq.forwarded = field(&p, end);
	rq.x_forwarded_for = field(&p, end);
	rq.x_forwarded_proto = field(&p, end);
	rq.x_forwarded_host = field(&p, end);
	rq.body = p != NULL ? p : NULL;	/* the rest, newlines included */
	rq.body_len = rq.body != NULL ? strlen(rq.body) : 0;
	rq.now = 1800000000;
	f = flags != NULL && *flags != '\0' ? (unsigned char)*flags : 0;
	if (rq.method == NULL)
		rq.method = "GET";
	rq.tls = f & 1;
	rq.location = f & 2 ? ACCESS_INTERNAL : ACCESS_EXTERNAL;
	rq.http11 = (f & 4) != 0;
	rq.has_body = (f & 8) != 0;
	/* bit 6: the listener decides per request, by the network or (with bit 3) by the name */
	rq.location_mode = (f & 64) == 0 ? ACCESS_FIXED : (f & 8) != 0 ? ACCESS_BY_NAME : ACCESS_AUTO;
	/* bit 7: the peer is a trusted proxy (10.1.2.3), else 203.0.113.9 */
	netaddr_parse(f & 128 ? "10.1.2.3" : "203.0.113.9", f & 128 ? 8 : 11, &rq.peer);
	rq.host_count = rq.host != NULL ? 1 + ((f >> 4) & 3) : 0;
	respond(snapshot(), &rq, &r);
	/*
	 * A status the protocol uses, a body that says its length (a coded body
	 * holds any byte), the common headers.
	 */
	if (r.status < 200 || (r.status >= 500 && !soap_fault(&r)) || r.body == NULL ||
	    (r.content_type == NULL && r.body_len != 0) ||
	    (r.coding == CODING_IDENTITY && strlen(r.body) != r.body_len) || r.n_headers < 4)
		abort();
	reply_release(&r);
	free(buf);
	return 0;
}

#define FUZZ_NAME "fuzz_respond"
#define FUZZ_CLAIM "no crash, no 5xx but SOAP faults"
#include "fuzz_replay.h"
