/* SPDX-License-Identifier: MIT */
/*
 * parse_xml.c: MS-OCDISCWS XML (<AutodiscoverResponse AccessLocation=..>
 * <Root|Domain|User><Link token href/>, <SipClientExternalAccess fqdn port/>)
 * and UCWA XML (<resource rel href><link rel href/>) into a parsed_doc.
 * No network access and no entity expansion (XML_PARSE_NONET, no NOENT).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "parse.h"
#include "parsed.h"

static int
fail(char **cause, const char *what)
{
	*cause = strdup(what);
	return -1;
}

/* Adds the link of element n from attributes name_attr and "href". */
static int
add_link(xmlNodePtr n, const char *name_attr, struct parsed_doc *d, char **cause)
{
	xmlChar *name = xmlGetProp(n, BAD_CAST name_attr), *href = xmlGetProp(n, BAD_CAST "href");
	int rc = 0;

	if (name == NULL || href == NULL)
		rc = fail(cause, "a link without its name or href attribute");
	else if (parsed_add_link(d, (const char *)name, (const char *)href) != 0)
		rc = fail(cause, "too many links");
	xmlFree(name);
	xmlFree(href);
	return rc;
}

static int
add_sip(xmlNodePtr n, struct parsed_doc *d, char **cause)
{
	xmlChar *fqdn = xmlGetProp(n, BAD_CAST "fqdn"), *port = xmlGetProp(n, BAD_CAST "port");
	long p = port ? strtol((const char *)port, NULL, 10) : 0;
	int rc = 0;

	if (fqdn == NULL || p <= 0 || p > 65535)
		rc = fail(cause, "a SIP access element without fqdn and port");
	else if (parsed_set_sip(d, (const char *)n->name, (const char *)fqdn, (unsigned)p) < 0)
		rc = fail(cause, "out of memory");
	xmlFree(fqdn);
	xmlFree(port);
	return rc;
}

static int
parse_ocdisc(xmlNodePtr root, struct parsed_doc *d, char **cause)
{
	xmlChar *loc = xmlGetProp(root, BAD_CAST "AccessLocation");
	xmlNodePtr res, n;

	if (loc != NULL)
		d->location = strdup((const char *)loc);
	xmlFree(loc);
	for (res = root->children; res != NULL && res->type != XML_ELEMENT_NODE; res = res->next)
		;
	if (res == NULL)
		return fail(cause, "AutodiscoverResponse without a resource element");
	d->kind = strdup((const char *)res->name);
	for (n = res->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "Link") == 0) {
			if (add_link(n, "token", d, cause) != 0)
				return -1;
		} else if (add_sip(n, d, cause) != 0)
			return -1;
	}
	return 0;
}

static int
parse_ucwa(xmlNodePtr root, struct parsed_doc *d, char **cause)
{
	xmlChar *rel = xmlGetProp(root, BAD_CAST "rel");
	xmlNodePtr n;

	d->kind = strdup(rel ? (const char *)rel : "resource");
	xmlFree(rel);
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "link") == 0 &&
		    add_link(n, "rel", d, cause) != 0)
			return -1;
	return 0;
}

int
parse_xml_document(const char *body, size_t len, enum representation rep,
    struct parsed_doc *d, char **cause)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *want = rep == REP_UCWA_XML ? "resource" : "AutodiscoverResponse";
	int rc;

	if (len > (size_t)INT32_MAX)
		return fail(cause, "document too large");
	doc = xmlReadMemory(body, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL)
		return fail(cause, "not well-formed XML");
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcmp((const char *)root->name, want) != 0)
		rc = fail(cause, rep == REP_UCWA_XML ? "XML whose root is not <resource>" :
		    "XML whose root is not <AutodiscoverResponse>");
	else
		rc = rep == REP_UCWA_XML ? parse_ucwa(root, d, cause) : parse_ocdisc(root, d, cause);
	xmlFreeDoc(doc);
	return rc;
}
