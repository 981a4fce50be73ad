/* SPDX-License-Identifier: MIT */
/*
 * mex.c: the Web Ticket Service's WSDL, built with libxml2 (mex.h).
 */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "mex.h"
#include "wsns.h"
#include "xmlout.h"

#define POLICY_ID	MEX_PORT_NAME "_policy"
#define MSG_IN		"IWebTicketService_IssueToken_InputMessage"
#define MSG_OUT		"IWebTicketService_IssueToken_OutputMessage"
#define XSD_NS		"http://www.w3.org/2001/XMLSchema"

/* The prefixes the document uses, all declared on its root. */
struct ns {
	xmlNsPtr	 wsdl, soap, wsp, wsu, wsaw, sp, http, wst, xsd;
};

/* Appends element ns:name to parent; sets *ok false on failure (later calls then do nothing). */
static xmlNodePtr
el(xmlNodePtr parent, xmlNsPtr ns, const char *name, bool *ok)
{
	xmlNodePtr n = *ok && parent != NULL ? xmlNewChild(parent, ns, BAD_CAST name, NULL) : NULL;

	*ok = n != NULL;
	return n;
}

static xmlNodePtr
attr(xmlNodePtr n, xmlNsPtr ns, const char *name, const char *value, bool *ok)
{
	if (*ok && n != NULL && xmlNewNsProp(n, ns, BAD_CAST name, BAD_CAST value) != NULL)
		return n;
	*ok = false;
	return NULL;
}

/* <wsp:Policy><sp:NAME/></wsp:Policy> under parent. */
static void
policy_of(xmlNodePtr parent, const struct ns *x, const char *name, bool *ok)
{
	el(el(parent, x->wsp, "Policy", ok), x->sp, name, ok);
}

/* Basic authentication over HTTPS, with WS-Addressing. */
static void
add_policy(xmlNodePtr root, const struct ns *x, bool *ok)
{
	xmlNodePtr all = el(el(attr(el(root, x->wsp, "Policy", ok), x->wsu, "Id", POLICY_ID, ok),
	    x->wsp, "ExactlyOne", ok), x->wsp, "All", ok);
	xmlNodePtr tb;

	el(all, x->http, "BasicAuthentication", ok);
	tb = el(el(all, x->sp, "TransportBinding", ok), x->wsp, "Policy", ok);
	policy_of(el(tb, x->sp, "TransportToken", ok), x, "HttpsToken", ok);
	policy_of(el(tb, x->sp, "AlgorithmSuite", ok), x, "Basic256", ok);
	policy_of(el(tb, x->sp, "Layout", ok), x, "Strict", ok);
	el(all, x->wsaw, "UsingAddressing", ok);
}

/* Types (WS-Trust's, imported), the two messages and the port type. */
static void
add_interface(xmlNodePtr root, const struct ns *x, bool *ok)
{
	xmlNodePtr schema = attr(el(el(root, x->wsdl, "types", ok), x->xsd, "schema", ok), NULL,
	    "targetNamespace", NS_TNS "Imports", ok), op;

	attr(el(schema, x->xsd, "import", ok), NULL, "namespace", NS_WST, ok);
	attr(attr(el(attr(el(root, x->wsdl, "message", ok), NULL, "name", MSG_IN, ok), x->wsdl,
	    "part", ok), NULL, "name", "request", ok), NULL, "element", "wst:RequestSecurityToken", ok);
	attr(attr(el(attr(el(root, x->wsdl, "message", ok), NULL, "name", MSG_OUT, ok), x->wsdl,
	    "part", ok), NULL, "name", "response", ok), NULL, "element",
	    "wst:RequestSecurityTokenResponseCollection", ok);
	op = attr(el(attr(el(root, x->wsdl, "portType", ok), NULL, "name", "IWebTicketService", ok),
	    x->wsdl, "operation", ok), NULL, "name", "IssueToken", ok);
	attr(attr(el(op, x->wsdl, "input", ok), x->wsaw, "Action", WST_ACTION_ISSUE, ok), NULL,
	    "message", "tns:" MSG_IN, ok);
	attr(attr(el(op, x->wsdl, "output", ok), x->wsaw, "Action", WST_ACTION_ISSUE_FINAL, ok), NULL,
	    "message", "tns:" MSG_OUT, ok);
}

/* The SOAP 1.1 binding under the policy, and the service's one port at url. */
static void
add_port(xmlNodePtr root, const struct ns *x, const char *url, bool *ok)
{
	xmlNodePtr b = attr(attr(el(root, x->wsdl, "binding", ok), NULL, "name", MEX_PORT_NAME, ok),
	    NULL, "type", "tns:IWebTicketService", ok), op, port;

	attr(el(b, x->wsp, "PolicyReference", ok), NULL, "URI", "#" POLICY_ID, ok);
	attr(el(b, x->soap, "binding", ok), NULL, "transport", "http://schemas.xmlsoap.org/soap/http",
	    ok);
	op = attr(el(b, x->wsdl, "operation", ok), NULL, "name", "IssueToken", ok);
	attr(attr(el(op, x->soap, "operation", ok), NULL, "soapAction", WST_ACTION_ISSUE, ok), NULL,
	    "style", "document", ok);
	attr(el(el(op, x->wsdl, "input", ok), x->soap, "body", ok), NULL, "use", "literal", ok);
	attr(el(el(op, x->wsdl, "output", ok), x->soap, "body", ok), NULL, "use", "literal", ok);
	port = attr(attr(el(attr(el(root, x->wsdl, "service", ok), NULL, "name", "WebTicketService",
	    ok), x->wsdl, "port", ok), NULL, "name", MEX_PORT_NAME, ok), NULL, "binding",
	    "tns:" MEX_PORT_NAME, ok);
	attr(el(port, x->soap, "address", ok), NULL, "location", url, ok);
}

static int
declare(xmlNodePtr root, struct ns *x)
{
	xmlNsPtr tns = xmlNewNs(root, BAD_CAST NS_TNS, BAD_CAST "tns");

	x->wsdl = xmlNewNs(root, BAD_CAST NS_WSDL, BAD_CAST "wsdl");
	x->soap = xmlNewNs(root, BAD_CAST NS_WSDL_SOAP, BAD_CAST "soap");
	x->wsp = xmlNewNs(root, BAD_CAST NS_WSP, BAD_CAST "wsp");
	x->wsu = xmlNewNs(root, BAD_CAST NS_WSU, BAD_CAST "wsu");
	x->wsaw = xmlNewNs(root, BAD_CAST NS_WSAW, BAD_CAST "wsaw");
	x->sp = xmlNewNs(root, BAD_CAST NS_SP, BAD_CAST "sp");
	x->http = xmlNewNs(root, BAD_CAST NS_HTTP_POLICY, BAD_CAST "http");
	x->wst = xmlNewNs(root, BAD_CAST NS_WST, BAD_CAST "wst");
	x->xsd = xmlNewNs(root, BAD_CAST XSD_NS, BAD_CAST "xsd");
	return tns != NULL && x->wsdl != NULL && x->soap != NULL && x->wsp != NULL &&
	    x->wsu != NULL && x->wsaw != NULL && x->sp != NULL && x->http != NULL &&
	    x->wst != NULL && x->xsd != NULL ? 0 : -1;
}

char *
mex_document(const char *url, size_t *len)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc != NULL ? xmlNewDocNode(doc, NULL, BAD_CAST "definitions", NULL) : NULL;
	struct ns x;
	bool ok = root != NULL;

	if (ok) {
		xmlDocSetRootElement(doc, root);
		ok = declare(root, &x) == 0;
	}
	if (ok) {
		xmlSetNs(root, x.wsdl);
		attr(attr(root, NULL, "name", "WebTicketService", &ok), NULL, "targetNamespace", NS_TNS,
		    &ok);
		add_policy(root, &x, &ok);
		add_interface(root, &x, &ok);
		add_port(root, &x, url, &ok);
	}
	if (!ok) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return xmlout_dump(doc, XML_SAVE_FORMAT, len);
}
