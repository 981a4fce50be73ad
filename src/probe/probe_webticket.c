/* SPDX-License-Identifier: MIT */
/*
 * probe_webticket.c: a web ticket from the Web Ticket Service, step by step
 * as pidgin-sipe and the Lync clients get one, each step judged
 * (probe_webticket.h). The request is built and the answers read with libxml2
 * (xmlsafe.h: no DTD, no entities, no network).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "b64.h"
#include "mex.h"
#include "probe_hop.h"
#include "probe_webticket.h"
#include "wsns.h"
#include "xmlout.h"
#include "xmlsafe.h"

#define SOAP_TYPE "Content-Type: text/xml; charset=utf-8"
#define SOAP_ACTION "SOAPAction: \"" WST_ACTION_ISSUE "\""

/* An element child of n named name in any namespace (pidgin-sipe ignores them), or NULL. */
static xmlNodePtr
child_named(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = xmlsafe_first_element(n); c != NULL; c = xmlsafe_next_element(c))
		if (strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The address of the port pidgin-sipe looks for, where it looks: root/service/port/address. */
static char *
negotiate_port(xmlDocPtr doc)
{
	xmlNodePtr service = child_named(xmlDocGetRootElement(doc), "service"), port;
	xmlChar *name, *location;
	char *url = NULL;

	for (port = xmlsafe_first_element(service); port != NULL && url == NULL;
	    port = xmlsafe_next_element(port)) {
		if (strcmp((const char *)port->name, "port") != 0)
			continue;
		name = xmlGetNoNsProp(port, BAD_CAST "name");
		location = child_named(port, "address") != NULL ?
		    xmlGetNoNsProp(child_named(port, "address"), BAD_CAST "location") : NULL;
		if (name != NULL && location != NULL &&
		    strcasecmp((const char *)name, MEX_PORT_NAME) == 0)
			url = strdup((const char *)location);
		xmlFree(name);
		xmlFree(location);
	}
	return url;
}

/* GET service/mex: the Negotiate port's address, or NULL (problem recorded). */
static char *
metadata(const struct probe_options *opt, struct probe_walk *w, const char *service)
{
	struct probe_response r;
	struct probe_hop *h;
	xmlDocPtr doc = NULL;
	char *mex = NULL, *url = NULL;

	if (asprintf(&mex, "%s/mex", service) < 0)
		return NULL;
	if (probe_hop_exchange(opt, w, mex, "text/xml", NULL, NULL, &r, &h) == 0) {
		if (r.status == 200 && (doc = xmlsafe_parse(r.body ? r.body : "", r.len)) != NULL)
			url = negotiate_port(doc);
		if (url == NULL)
			probe_problems_add(w, "webticket-metadata", "%s answered %ld%s", mex, r.status,
			    r.status != 200 ? "" : doc == NULL ? " with no XML document" :
			    " without a " MEX_PORT_NAME " port (service/port, address location)");
		else
			probe_hop_note(h, "metadata: %s at %s", MEX_PORT_NAME, url);
	}
	xmlFreeDoc(doc);
	probe_http_response_free(&r);
	free(mex);
	return url;
}

/* Appends {ns}name holding text (or empty) to parent. */
static xmlNodePtr
add(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return text != NULL ? xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text) :
	    xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

/* The RequestSecurityToken pidgin-sipe sends: a SAML 1.1 ticket for applies_to, claims sip:user. */
static char *
request_body(const char *applies_to, const char *user)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr env = doc != NULL ? xmlNewDocNode(doc, NULL, BAD_CAST "Envelope", NULL) : NULL;
	xmlNodePtr rst = NULL, epr, ct;
	xmlNsPtr s, wst, wsp, wsa, auth;
	char *sip = NULL;
	size_t len;

	if (env == NULL || asprintf(&sip, "sip:%s", user) < 0)
		goto fail;
	xmlDocSetRootElement(doc, env);
	s = xmlNewNs(env, BAD_CAST NS_SOAP, BAD_CAST "s");
	wst = xmlNewNs(env, BAD_CAST NS_WST, BAD_CAST "wst");
	wsp = xmlNewNs(env, BAD_CAST NS_WSP, BAD_CAST "wsp");
	wsa = xmlNewNs(env, BAD_CAST NS_WSA, BAD_CAST "wsa");
	auth = xmlNewNs(env, BAD_CAST NS_AUTH, BAD_CAST "auth");
	if (s == NULL || wst == NULL || wsp == NULL || wsa == NULL || auth == NULL)
		goto fail;
	xmlSetNs(env, s);
	rst = add(add(env, s, "Body", NULL), wst, "RequestSecurityToken", NULL);
	if (rst == NULL || xmlNewProp(rst, BAD_CAST "Context", BAD_CAST "lyncdiscover-probe") == NULL ||
	    add(rst, wst, "TokenType", TOKEN_TYPE_SAML11) == NULL ||
	    add(rst, wst, "RequestType", WST_REQUEST_ISSUE) == NULL ||
	    (epr = add(add(rst, wsp, "AppliesTo", NULL), wsa, "EndpointReference", NULL)) == NULL ||
	    add(epr, wsa, "Address", applies_to) == NULL ||
	    (ct = add(add(rst, wst, "Claims", NULL), auth, "ClaimType", NULL)) == NULL ||
	    xmlNewProp(ct, BAD_CAST "Uri", BAD_CAST CLAIM_URI) == NULL ||
	    add(ct, auth, "Value", sip) == NULL)
		goto fail;
	free(sip);
	return xmlout_dump(doc, 0, &len);
fail:
	free(sip);
	xmlFreeDoc(doc);
	return NULL;
}

/* The first element {ns}name under n, depth first. */
static xmlNodePtr
find(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c, f;

	if (xmlsafe_is(n, ns, name))
		return n;
	for (c = xmlsafe_first_element(n); c != NULL; c = xmlsafe_next_element(c))
		if ((f = find(c, ns, name)) != NULL)
			return f;
	return NULL;
}

/*
 * The assertion's own bytes cut out of the answer, as clients cut them
 * (its signature covers them), base64'd: "opaque=...". NULL when the answer
 * lacks the assertion or the Lifetime pidgin-sipe needs with it.
 */
static char *
cut_ticket(const char *body, size_t len)
{
	xmlDocPtr doc = xmlsafe_parse(body, len);
	xmlNodePtr a = doc != NULL ? find(xmlDocGetRootElement(doc), NS_SAML, "Assertion") : NULL;
	char start[64], end[64], *text = NULL, *b64 = NULL, *ticket = NULL;
	const char *p = a != NULL && a->ns->prefix != NULL ? (const char *)a->ns->prefix : NULL;
	const char *s, *e;

	if (a == NULL || find(xmlDocGetRootElement(doc), NS_WST, "Lifetime") == NULL)
		goto out;
	snprintf(start, sizeof start, "<%s%sAssertion", p ? p : "", p ? ":" : "");
	snprintf(end, sizeof end, "</%s%sAssertion>", p ? p : "", p ? ":" : "");
	if ((text = strndup(body, len)) == NULL || (s = strstr(text, start)) == NULL ||
	    (e = strstr(s, end)) == NULL)
		goto out;
	e += strlen(end);
	if ((b64 = b64_encode(s, (size_t)(e - s))) != NULL && asprintf(&ticket, "opaque=%s", b64) < 0)
		ticket = NULL;
out:
	xmlFreeDoc(doc);
	free(text);
	free(b64);
	return ticket;
}

/* A SOAP fault's faultstring, or "" (a copy). */
static char *
fault_text(const struct probe_response *r)
{
	xmlDocPtr doc = r->body != NULL ? xmlsafe_parse(r->body, r->len) : NULL;
	xmlNodePtr f = doc != NULL ? find(xmlDocGetRootElement(doc), NULL, "faultstring") : NULL;
	xmlChar *t = f != NULL ? xmlNodeGetContent(f) : NULL;
	char *s = strdup(t != NULL ? (const char *)t : "");

	xmlFree(t);
	xmlFreeDoc(doc);
	return s;
}

/* POSTs the request to the port, with authorization (a header line) or none. */
static int
post(const struct probe_options *opt, struct probe_walk *w, const char *url, const char *rst,
    const char *authorization, struct probe_response *r, struct probe_hop **h)
{
	const char *headers[] = { SOAP_TYPE, SOAP_ACTION, authorization, NULL };

	return probe_hop_exchange(opt, w, url, "text/xml", headers, rst, r, h);
}

/* The first POST: a 401 that asks for Basic (or a ticket at once: an open service). */
static bool
challenged(struct probe_walk *w, const char *url, const struct probe_response *r,
    struct probe_hop *h)
{
	if (r->status == 401 && r->www_authenticate != NULL &&
	    strncasecmp(r->www_authenticate, "Basic", 5) == 0) {
		probe_hop_note(h, "401: Basic");
		return true;
	}
	probe_problems_add(w, "webticket-challenge", "%s answered %ld%s%s, not 401 with "
	    "WWW-Authenticate: Basic", url, r->status, r->www_authenticate ? " with " : "",
	    r->www_authenticate ? r->www_authenticate : "");
	return false;
}

/* The second POST's answer: the ticket, or the step that failed. */
static char *
judge_answer(struct probe_walk *w, const char *url, const char *user,
    const struct probe_response *r, struct probe_hop *h)
{
	char *ticket = NULL, *why;

	if (r->status == 200 && (ticket = cut_ticket(r->body ? r->body : "", r->len)) != NULL) {
		probe_hop_note(h, "web ticket for %s", user);
		return ticket;
	}
	why = fault_text(r);
	if (r->status == 200)
		probe_problems_add(w, "webticket-invalid", "%s answered 200 without a SAML assertion "
		    "and its Lifetime", url);
	else if (r->status == 401 || r->status == 403)
		probe_problems_add(w, "webticket-refused", "%s refused the password of %s (%ld%s%s)",
		    url, user, r->status, why[0] ? ": " : "", why);
	else
		probe_problems_add(w, "webticket-fault", "%s answered %ld%s%s", url, r->status,
		    why[0] ? ": " : "", why);
	free(why);
	return NULL;
}

char *
probe_webticket(const struct probe_options *opt, struct probe_walk *w, const char *service,
    const char *applies_to, const char *user)
{
	char *url = metadata(opt, w, service), *rst = NULL, *ticket = NULL;
	char *pair = NULL, *b64 = NULL, *basic = NULL;
	struct probe_response r = { 0 };
	struct probe_hop *h;

	if (url == NULL || (rst = request_body(applies_to, user)) == NULL)
		goto out;
	if (post(opt, w, url, rst, NULL, &r, &h) != 0)
		goto out;
	if (r.status == 200 && (ticket = cut_ticket(r.body ? r.body : "", r.len)) != NULL)
		goto out;	/* a service that asks nothing */
	if (!challenged(w, url, &r, h))
		goto out;
	probe_http_response_free(&r);
	if (asprintf(&pair, "%s:%s", user, opt->password) < 0 ||
	    (b64 = b64_encode(pair, strlen(pair))) == NULL ||
	    asprintf(&basic, "Authorization: Basic %s", b64) < 0) {
		basic = NULL;
		goto out;
	}
	if (post(opt, w, url, rst, basic, &r, &h) == 0)
		ticket = judge_answer(w, url, user, &r, h);
out:
	probe_http_response_free(&r);
	if (pair != NULL)
		memset(pair, 0, strlen(pair));
	if (b64 != NULL)
		memset(b64, 0, strlen(b64));
	if (basic != NULL)
		memset(basic, 0, strlen(basic));
	free(pair);
	free(b64);
	free(basic);
	free(rst);
	free(url);
	return ticket;
}
