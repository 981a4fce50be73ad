/* SPDX-License-Identifier: MIT */
/*
 * render_xml.c: the two XML flavours, built with libxml2.
 *
 * MS-OCDISCWS XML (doc/protocol.md §4.1): <AutodiscoverResponse AccessLocation=..>
 * with one child Root | Domain | User; no namespace on the elements, only the
 * xsd/xsi declarations .NET's XmlSerializer writes; SipAccess elements before
 * the Links.
 * UCWA XML (§4.4): <resource xmlns="..ucwa" rel=.. href=..> with <link rel href>.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "element.h"
#include "render.h"
#include "xmlout.h"

#define UCWA_NS "http://schemas.microsoft.com/rtc/2012/03/ucwa"

/*
 * The documents are UTF-8, indented, and without an XML declaration — the
 * real answers have none (Lync 2013's documented User, SfB Online's UCWA XML
 * Root: tests/conformance; WCF writes none), and without one a parser reads
 * UTF-8, which this is.
 */
#define ANSWER_SAVE (XML_SAVE_FORMAT | XML_SAVE_NO_DECL)

static int
add_sip_access(xmlNodePtr parent, const struct sip_access *sip)
{
	char port[8];
	xmlNodePtr n;
	int i;

	for (i = 0; i < SIP_ACCESS_COUNT; i++) {
		if (sip[i].fqdn == NULL)
			continue;
		snprintf(port, sizeof port, "%u", sip[i].port);
		n = xmlNewChild(parent, NULL, BAD_CAST element_sip_access[i], NULL);
		if (n == NULL ||
		    xmlNewProp(n, BAD_CAST "fqdn", BAD_CAST sip[i].fqdn) == NULL ||
		    xmlNewProp(n, BAD_CAST "port", BAD_CAST port) == NULL)
			return -1;
	}
	return 0;
}

char *
render_xml_autodiscover(const struct document *d, size_t *len)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root, res, n;
	size_t i;

	if (doc == NULL)
		return NULL;
	root = xmlNewNode(NULL, BAD_CAST "AutodiscoverResponse");
	if (root == NULL)
		goto fail;
	xmlDocSetRootElement(doc, root);
	if (xmlNewNs(root, BAD_CAST "http://www.w3.org/2001/XMLSchema", BAD_CAST "xsd") == NULL ||
	    xmlNewNs(root, BAD_CAST "http://www.w3.org/2001/XMLSchema-instance", BAD_CAST "xsi") == NULL ||
	    xmlNewProp(root, BAD_CAST "AccessLocation",
	    BAD_CAST topology_location_name(d->location)) == NULL)
		goto fail;
	res = xmlNewChild(root, NULL, BAD_CAST element_document[d->kind], NULL);
	if (res == NULL || (d->sip != NULL && add_sip_access(res, d->sip) != 0))
		goto fail;
	for (i = 0; i < d->n_links; i++) {
		if (d->links[i].token == NULL)
			continue;
		n = xmlNewChild(res, NULL, BAD_CAST "Link", NULL);
		if (n == NULL ||
		    xmlNewProp(n, BAD_CAST "token", BAD_CAST d->links[i].token) == NULL ||
		    xmlNewProp(n, BAD_CAST "href", BAD_CAST d->links[i].href) == NULL)
			goto fail;
	}
	return xmlout_dump(doc, ANSWER_SAVE, len);
fail:
	xmlFreeDoc(doc);
	return NULL;
}

/* A Root's xframe link comes first in UCWA XML, as in SfB Online's answer (tests/conformance). */
static bool
leads(const struct document *d, const struct link *l)
{
	return d->kind == DOC_ROOT && strcmp(l->rel, "xframe") == 0;
}

/* The UCWA links of d: the leading ones, then the others in document order. */
static int
add_ucwa_links(xmlNodePtr parent, xmlNsPtr ns, const struct document *d)
{
	xmlNodePtr n;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < d->n_links; i++) {
			if (d->links[i].rel == NULL || leads(d, &d->links[i]) != (pass == 0))
				continue;
			n = xmlNewChild(parent, ns, BAD_CAST "link", NULL);
			if (n == NULL ||
			    xmlNewProp(n, BAD_CAST "rel", BAD_CAST d->links[i].rel) == NULL ||
			    xmlNewProp(n, BAD_CAST "href", BAD_CAST d->links[i].href) == NULL)
				return -1;
		}
	}
	return 0;
}

char *
render_xml_ucwa(const struct document *d, size_t *len)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root;
	xmlNsPtr ns;

	if (doc == NULL)
		return NULL;
	root = xmlNewNode(NULL, BAD_CAST "resource");
	if (root == NULL)
		goto fail;
	xmlDocSetRootElement(doc, root);
	ns = xmlNewNs(root, BAD_CAST UCWA_NS, NULL);
	if (ns == NULL)
		goto fail;
	xmlSetNs(root, ns);
	if (xmlNewProp(root, BAD_CAST "rel", BAD_CAST (d->kind == DOC_USER ? "user" : "root")) == NULL ||
	    (d->self != NULL && xmlNewProp(root, BAD_CAST "href", BAD_CAST d->self) == NULL))
		goto fail;
	if (add_ucwa_links(root, ns, d) != 0)
		goto fail;
	return xmlout_dump(doc, ANSWER_SAVE, len);
fail:
	xmlFreeDoc(doc);
	return NULL;
}
