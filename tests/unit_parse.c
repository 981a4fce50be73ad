/* SPDX-License-Identifier: MIT */
/*
 * unit_parse.c: every document the daemon renders, in each representation,
 * parsed back by src/parse*.c gives the same links and SIP access points
 * (render -> parse -> same data); malformed bodies are refused with a cause.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "document.h"
#include "parse.h"
#include "render.h"

static struct pool
lab_pool(void)
{
	struct pool p;

	memset(&p, 0, sizeof p);
	p.name = "pool1";
	p.server_fqdn = "fe01.contoso.com";
	p.web[ACCESS_INTERNAL] = (struct web_service){ "webint.contoso.com", 443,
	    "https://webint.contoso.com" };
	p.web[ACCESS_EXTERNAL] = (struct web_service){ "webext.contoso.com", 4443,
	    "https://webext.contoso.com:4443" };
	p.sip[SIP_SERVER_INTERNAL] = (struct sip_access){ "pool01.contoso.com", 5061 };
	p.sip[SIP_CLIENT_INTERNAL] = (struct sip_access){ "pool01.contoso.com", 5061 };
	p.sip[SIP_SERVER_EXTERNAL] = (struct sip_access){ "sip.contoso.com", 5061 };
	p.sip[SIP_CLIENT_EXTERNAL] = (struct sip_access){ "sip.contoso.com", 443 };
	return p;
}

/* The links of d the representation rep carries, compared with what was parsed. */
static void
compare(const char *what, const struct document *d, enum representation rep,
    const struct parsed_doc *pd)
{
	bool ucwa = rep == REP_UCWA_JSON || rep == REP_UCWA_XML;
	size_t i, n = 0;

	for (i = 0; i < d->n_links; i++) {
		const char *name = ucwa ? d->links[i].rel : d->links[i].token;

		if (name == NULL)
			continue;
		n++;
		CHECK_STR(what, parsed_link(pd, name), d->links[i].href);
	}
	if (ucwa && d->self != NULL && rep == REP_UCWA_JSON) {
		n++;
		CHECK_STR(what, parsed_link(pd, "self"), d->self);
	}
	CHECK_UINT(what, pd->n_links, n);
	for (i = 0; !ucwa && d->sip != NULL && i < SIP_ACCESS_COUNT; i++) {
		CHECK_STR(what, pd->sip_fqdn[i], d->sip[i].fqdn);
		CHECK_UINT(what, pd->sip_port[i], d->sip[i].fqdn ? d->sip[i].port : 0);
	}
	if (!ucwa)
		CHECK_STR(what, pd->location, topology_location_name(d->location));
}

static void
round_trip(const char *name, struct document *d)
{
	int r;

	for (r = 0; r < REP_COUNT; r++) {
		struct parsed_doc pd;
		char what[128], *cause = NULL;
		size_t len = 0;
		char *body = render_document(d, (enum representation)r, &len);

		snprintf(what, sizeof what, "%s rep %d", name, r);
		CHECK(body != NULL, "%s: render failed", what);
		if (body == NULL)
			continue;
		CHECK(parse_document(body, len, (enum representation)r, &pd, &cause) == 0,
		    "%s: %s", what, cause ? cause : "");
		compare(what, d, (enum representation)r, &pd);
		parsed_doc_free(&pd);
		free(cause);
		free(body);
	}
	document_free(d);
}

static void
refused(const char *body, enum representation rep)
{
	struct parsed_doc pd;
	char *cause = NULL;

	CHECK(parse_document(body, strlen(body), rep, &pd, &cause) == -1 && cause != NULL,
	    "accepted: %s", body);
	parsed_doc_free(&pd);
	free(cause);
}

int
main(void)
{
	struct pool p = lab_pool();
	struct document d;
	int loc;

	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
		CHECK(document_root(&d, &p, loc, "contoso.com", NULL) == 0, "root");
		round_trip("root", &d);
		CHECK(document_root_redirect(&d, &p, loc, "alice@contoso.com", "contoso.com") == 0, "redir");
		round_trip("root redirect", &d);
		CHECK(document_domain(&d, &p, loc) == 0, "domain");
		round_trip("domain", &d);
		CHECK(document_user(&d, &p, loc, true, false, NULL) == 0, "user");
		round_trip("user oauth", &d);
		CHECK(document_user(&d, &p, loc, false, true, NULL) == 0, "user");
		round_trip("user", &d);
		CHECK(document_user(&d, &p, loc, true, false, "alice@contoso.com") == 0, "user open");
		round_trip("user oauth, open sign-in", &d);
		CHECK(document_user_redirect(&d, &p, loc, true,
		    "https://webext2.contoso.com/Autodiscover/AutodiscoverService.svc/root", NULL) == 0,
		    "user redir");
		round_trip("user redirect", &d);
	}
	refused("", REP_UCWA_JSON);
	refused("[1]", REP_UCWA_JSON);
	refused("{\"_links\":{\"user\":{\"href\":1}}}", REP_UCWA_JSON);
	refused("{\"AccessLocation\":\"External\"}", REP_AUTODISCOVER_JSON);
	refused("<resource><link rel=\"user\"/></resource>", REP_UCWA_XML);
	refused("<AutodiscoverResponse><Root><SipClientExternalAccess fqdn=\"x\" port=\"0\"/></Root>"
	    "</AutodiscoverResponse>", REP_AUTODISCOVER_XML);
	refused("<resource", REP_UCWA_XML);
	refused("{\"_links\":{}}", REP_AUTODISCOVER_XML);
	return check_done("unit_parse");
}
