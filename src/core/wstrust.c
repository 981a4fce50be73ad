/* SPDX-License-Identifier: MIT */
/*
 * wstrust.c: RequestSecurityToken in, RequestSecurityTokenResponse or SOAP
 * fault out (wstrust.h).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "saml.h"
#include "wsns.h"
#include "wstrust.h"
#include "xmlout.h"
#include "xmlsafe.h"

static const struct {
	const char	*ns, *prefix, *name, *text;
} faults[] = {
	[WST_FAULT_CLIENT] = { NS_SOAP, "s", "Client", "The message is not a SOAP 1.1 request" },
	[WST_FAULT_VERSION] = { NS_SOAP, "s", "VersionMismatch",
	    "The service speaks SOAP 1.1 (" NS_SOAP ")" },
	[WST_FAULT_BAD_REQUEST] = { NS_WST, "wst", "BadRequest",
	    "The specified RequestSecurityToken is not understood." },
	[WST_FAULT_INVALID_REQUEST] = { NS_WST, "wst", "InvalidRequest",
	    "The request was invalid or malformed" },
	[WST_FAULT_FAILED_AUTH] = { NS_WSSE, "wsse", "FailedAuthentication",
	    "The security token could not be authenticated or authorized" },
	[WST_FAULT_REQUEST_FAILED] = { NS_WST, "wst", "RequestFailed",
	    "The specified request failed" },
};

static int
refuse(enum wst_fault *fault, const char **why, enum wst_fault f, const char *w)
{
	*fault = f;
	*why = w;
	return -1;
}

/*
 * The text of element n, its surrounding whitespace left out, into out
 * (size bytes); -1 when it does not fit or holds an element or a control
 * character.
 */
static int
text_of(xmlNodePtr n, char *out, size_t size)
{
	xmlChar *t;
	const char *s, *e;
	size_t len;
	int rc = -1;

	if (n == NULL || xmlsafe_first_element(n) != NULL || (t = xmlNodeGetContent(n)) == NULL)
		return -1;
	for (s = (const char *)t; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'); e--)
		;
	len = (size_t)(e - s);
	if (len < size) {
		memcpy(out, s, len);
		out[len] = '\0';
		rc = 0;
		for (e = out; *e != '\0'; e++)
			if ((unsigned char)*e < 0x20 || *e == 0x7f)
				rc = -1;
	}
	xmlFree(t);
	return rc;
}

/* The one RequestSecurityToken of the Envelope's Body. */
static xmlNodePtr
find_rst(xmlNodePtr env, enum wst_fault *fault, const char **why)
{
	xmlNodePtr body = xmlsafe_child(env, NS_SOAP, "Body"), rst = xmlsafe_first_element(body);

	if (xmlsafe_is(env, NS_SOAP12, "Envelope")) {
		refuse(fault, why, WST_FAULT_VERSION, "a SOAP 1.2 envelope");
		return NULL;
	}
	if (!xmlsafe_is(env, NS_SOAP, "Envelope") || body == NULL ||
	    xmlsafe_count(env, NS_SOAP, "Body") != 1) {
		refuse(fault, why, WST_FAULT_CLIENT, "not a SOAP 1.1 Envelope with one Body");
		return NULL;
	}
	if (!xmlsafe_is(rst, NS_WST, "RequestSecurityToken") || xmlsafe_next_element(rst) != NULL) {
		refuse(fault, why, WST_FAULT_BAD_REQUEST,
		    "the Body must hold one wst:RequestSecurityToken (WS-Trust 1.3)");
		return NULL;
	}
	return rst;
}

/* RequestType Issue (either namespace's), and no token type but SAML 1.1. */
static int
check_type(xmlNodePtr rst, enum wst_fault *fault, const char **why)
{
	char v[256];
	xmlNodePtr tt = xmlsafe_child(rst, NS_WST, "TokenType");

	if (xmlsafe_count(rst, NS_WST, "RequestType") != 1 ||
	    text_of(xmlsafe_child(rst, NS_WST, "RequestType"), v, sizeof v) != 0 ||
	    (strcmp(v, WST_REQUEST_ISSUE) != 0 && strcmp(v, WST2005_REQUEST_ISSUE) != 0))
		return refuse(fault, why, WST_FAULT_BAD_REQUEST, "the RequestType must be Issue");
	if (tt != NULL && (xmlsafe_count(rst, NS_WST, "TokenType") != 1 ||
	    text_of(tt, v, sizeof v) != 0 ||
	    (strcmp(v, TOKEN_TYPE_SAML11) != 0 && strcmp(v, TOKEN_TYPE_SAML10) != 0)))
		return refuse(fault, why, WST_FAULT_INVALID_REQUEST,
		    "this service issues SAML 1.1 web tickets only");
	return 0;
}

/* wsp:AppliesTo/wsa:EndpointReference/wsa:Address (2005 or 2004 addressing). */
static int
read_applies_to(xmlNodePtr rst, struct wst_request *rq, enum wst_fault *fault, const char **why)
{
	xmlNodePtr at = xmlsafe_child(rst, NS_WSP, "AppliesTo"), epr, addr;

	if (at == NULL)
		return 0;
	if ((epr = xmlsafe_child(at, NS_WSA, "EndpointReference")) != NULL)
		addr = xmlsafe_child(epr, NS_WSA, "Address");
	else if ((epr = xmlsafe_child(at, NS_WSA2004, "EndpointReference")) != NULL)
		addr = xmlsafe_child(epr, NS_WSA2004, "Address");
	else
		addr = NULL;
	if (xmlsafe_count(rst, NS_WSP, "AppliesTo") != 1 ||
	    text_of(addr, rq->applies_to, sizeof rq->applies_to) != 0 || rq->applies_to[0] == '\0')
		return refuse(fault, why, WST_FAULT_INVALID_REQUEST,
		    "AppliesTo must hold one EndpointReference with an Address");
	return 0;
}

/*
 * wst:Claims: Lync's claims name the user's SIP address in an
 * auth:ClaimType of the uri claim, as auth:Value "sip:user@domain". Other
 * claim types are ignored; two SIP addresses, or one that is not, refused.
 */
static int
read_claims(xmlNodePtr rst, struct wst_request *rq, enum wst_fault *fault, const char **why)
{
	xmlNodePtr claims = xmlsafe_child(rst, NS_WST, "Claims"), ct;
	char v[SIPURI_MAX + 8];

	for (ct = xmlsafe_first_element(claims); ct != NULL; ct = xmlsafe_next_element(ct)) {
		xmlChar *uri = xmlsafe_is(ct, NS_AUTH, "ClaimType") ?
		    xmlGetNoNsProp(ct, BAD_CAST "Uri") : NULL;
		bool user_claim = uri != NULL && strcmp((const char *)uri, CLAIM_URI) == 0;

		xmlFree(uri);
		if (!user_claim)
			continue;
		if (rq->claim_user[0] != '\0' ||
		    text_of(xmlsafe_child(ct, NS_AUTH, "Value"), v, sizeof v) != 0 ||
		    strncasecmp(v, "sip:", 4) != 0 ||
		    sipuri_canonical(v, rq->claim_user, sizeof rq->claim_user) != 0) {
			rq->claim_user[0] = '\0';
			return refuse(fault, why, WST_FAULT_INVALID_REQUEST,
			    "the claims must name one SIP address (sip:user@domain)");
		}
	}
	return 0;
}

/* The Context attribute: printable, bounded. */
static int
read_context(xmlNodePtr rst, struct wst_request *rq, enum wst_fault *fault, const char **why)
{
	xmlChar *c = xmlGetNoNsProp(rst, BAD_CAST "Context");
	size_t n = c != NULL ? strlen((const char *)c) : 0, i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (c[i] < 0x20 || c[i] == 0x7f)
			rc = -1;
	if (rc != 0 || n > WST_CONTEXT_MAX)
		rc = refuse(fault, why, WST_FAULT_INVALID_REQUEST, "the Context attribute is too long");
	else if (c != NULL)
		memcpy(rq->context, c, n + 1);
	xmlFree(c);
	return rc;
}

int
wstrust_parse(const char *body, size_t len, struct wst_request *rq, enum wst_fault *fault,
    const char **why)
{
	xmlDocPtr doc = xmlsafe_parse(body, len);
	xmlNodePtr rst;
	int rc = -1;

	memset(rq, 0, sizeof *rq);
	if (doc == NULL)
		return refuse(fault, why, WST_FAULT_CLIENT,
		    "the body is not well-formed XML without a DTD");
	if ((rst = find_rst(xmlDocGetRootElement(doc), fault, why)) != NULL &&
	    check_type(rst, fault, why) == 0 && read_applies_to(rst, rq, fault, why) == 0 &&
	    read_claims(rst, rq, fault, why) == 0 && read_context(rst, rq, fault, why) == 0)
		rc = 0;
	xmlFreeDoc(doc);
	return rc;
}

/* ---------------------------------------------------------------- answers */

/* A new document with <s:Envelope><s:Body>; the Body in *body. */
static xmlDocPtr
envelope(xmlNodePtr *body)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr env = doc != NULL ? xmlNewDocNode(doc, NULL, BAD_CAST "Envelope", NULL) : NULL;
	xmlNsPtr s;

	if (env == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, env);
	if ((s = xmlNewNs(env, BAD_CAST NS_SOAP, BAD_CAST "s")) == NULL ||
	    (xmlSetNs(env, s), *body = xmlNewChild(env, s, BAD_CAST "Body", NULL)) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* <wst:Lifetime><wsu:Created/><wsu:Expires/></wst:Lifetime> */
static int
add_lifetime(xmlNodePtr rstr, xmlNsPtr wst, xmlNsPtr wsu, long long created, long long expires)
{
	char c[21], e[21];
	xmlNodePtr lt = xmlNewChild(rstr, wst, BAD_CAST "Lifetime", NULL);

	saml_time(created, c);
	saml_time(expires, e);
	return lt != NULL && xmlNewChild(lt, wsu, BAD_CAST "Created", BAD_CAST c) != NULL &&
	    xmlNewChild(lt, wsu, BAD_CAST "Expires", BAD_CAST e) != NULL ? 0 : -1;
}

/* <wsp:AppliesTo><wsa:EndpointReference><wsa:Address>...: the request's, echoed. */
static int
add_applies_to(xmlNodePtr rstr, const char *address)
{
	xmlNodePtr at = xmlNewChild(rstr, NULL, BAD_CAST "AppliesTo", NULL), epr;
	xmlNsPtr wsp = at != NULL ? xmlNewNs(at, BAD_CAST NS_WSP, BAD_CAST "wsp") : NULL;
	xmlNsPtr wsa = at != NULL ? xmlNewNs(at, BAD_CAST NS_WSA, BAD_CAST "wsa") : NULL;

	if (wsp == NULL || wsa == NULL)
		return -1;
	xmlSetNs(at, wsp);
	epr = xmlNewChild(at, wsa, BAD_CAST "EndpointReference", NULL);
	return epr != NULL && xmlNewTextChild(epr, wsa, BAD_CAST "Address", BAD_CAST address) != NULL ?
	    0 : -1;
}

/*
 * The order of the children matters to pidgin-sipe, which cuts the answer's
 * text rather than parse it: it takes the first ":Lifetime" and the first
 * ":Assertion" it meets, so nothing before them may hold those strings.
 */
static xmlNodePtr
rstr_element(xmlNodePtr body, const struct wst_request *rq, xmlDocPtr ticket, long long created,
    long long expires)
{
	xmlNodePtr coll = xmlNewChild(body, NULL, BAD_CAST "RequestSecurityTokenResponseCollection",
	    NULL), rstr, rst_tok, a;
	xmlNsPtr wst = coll != NULL ? xmlNewNs(coll, BAD_CAST NS_WST, BAD_CAST "wst") : NULL;
	xmlNsPtr wsu = coll != NULL ? xmlNewNs(coll, BAD_CAST NS_WSU, BAD_CAST "wsu") : NULL;

	if (wst == NULL || wsu == NULL)
		return NULL;
	xmlSetNs(coll, wst);
	if ((rstr = xmlNewChild(coll, wst, BAD_CAST "RequestSecurityTokenResponse", NULL)) == NULL ||
	    (rq->context[0] != '\0' &&
	    xmlNewProp(rstr, BAD_CAST "Context", BAD_CAST rq->context) == NULL) ||
	    xmlNewChild(rstr, wst, BAD_CAST "TokenType", BAD_CAST TOKEN_TYPE_SAML11) == NULL ||
	    add_lifetime(rstr, wst, wsu, created, expires) != 0 ||
	    (rq->applies_to[0] != '\0' && add_applies_to(rstr, rq->applies_to) != 0) ||
	    (rst_tok = xmlNewChild(rstr, wst, BAD_CAST "RequestedSecurityToken", NULL)) == NULL ||
	    (a = xmlDocCopyNode(xmlDocGetRootElement(ticket), body->doc, 1)) == NULL)
		return NULL;
	xmlAddChild(rst_tok, a);
	return rstr;
}

char *
wstrust_response(const struct wst_request *rq, xmlDocPtr ticket, long long created,
    long long expires, size_t *len)
{
	xmlNodePtr body;
	xmlDocPtr doc = envelope(&body);

	if (doc == NULL || rstr_element(body, rq, ticket, created, expires) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return xmlout_dump(doc, 0, len);
}

const char *
wstrust_fault_code(enum wst_fault f)
{
	static char codes[sizeof faults / sizeof faults[0]][40];

	if (codes[f][0] == '\0')
		snprintf(codes[f], sizeof codes[f], "%s:%s", faults[f].prefix, faults[f].name);
	return codes[f];
}

/* An unqualified child element of parent holding text (SOAP 1.1's fault elements). */
static xmlNodePtr
unqualified(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);

	if (n == NULL)
		return NULL;
	xmlAddChild(parent, n);
	xmlNodeAddContent(n, BAD_CAST text);
	return n;
}

char *
wstrust_fault(enum wst_fault f, const char *why, size_t *len)
{
	xmlNodePtr body, fault, code;
	xmlDocPtr doc = envelope(&body);
	char qname[40], text[512];

	if (doc == NULL)
		return NULL;
	snprintf(qname, sizeof qname, "%s:%s", faults[f].prefix, faults[f].name);
	snprintf(text, sizeof text, "%s%s%s", faults[f].text, why != NULL ? ": " : "",
	    why != NULL ? why : "");
	/* SOAP 1.1 section 4.4: faultcode and faultstring are unqualified; the code is a QName. */
	if ((fault = xmlNewChild(body, body->ns, BAD_CAST "Fault", NULL)) == NULL ||
	    (code = unqualified(fault, "faultcode", qname)) == NULL ||
	    (strcmp(faults[f].ns, NS_SOAP) != 0 &&
	    xmlNewNs(code, BAD_CAST faults[f].ns, BAD_CAST faults[f].prefix) == NULL) ||
	    unqualified(fault, "faultstring", text) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return xmlout_dump(doc, 0, len);
}
