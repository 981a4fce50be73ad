/* SPDX-License-Identifier: MIT */
/*
 * xmlsafe.c: untrusted XML through libxml2, without DTDs (xmlsafe.h).
 */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "xmlsafe.h"

/*
 * The parser's hook for <!DOCTYPE ...>, called before the internal subset
 * is read: the parse stops there and its document is thrown away.
 * (xmlStopParser leaves wellFormed set in libxml2 2.9, hence the flag.)
 */
static void
refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr c = ctx;

	(void)name;
	(void)external_id;
	(void)system_id;
	*(bool *)c->_private = true;
	xmlStopParser(c);
}

/* libxml2's generic error channel, silenced while a client's bytes are read. */
static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

xmlDocPtr
xmlsafe_parse(const char *buf, size_t len)
{
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlParserCtxtPtr c;
	xmlDocPtr doc;
	bool had_dtd = false;

	if (len == 0 || len > XMLSAFE_MAX)
		return NULL;
	if ((c = xmlNewParserCtxt()) == NULL)
		return NULL;
	/*
	 * XML_PARSE_NOERROR quiets the parser's own errors, not those libxml2
	 * sends its generic channel (an undecodable encoding: "encoding error
	 * : input conversion failed", found by fuzz_webticket): a client could
	 * fill stderr with them. The channel is per thread; it is put back.
	 */
	xmlSetGenericErrorFunc(NULL, silent);
	c->_private = &had_dtd;
	c->sax->internalSubset = refuse_dtd;
	c->sax->externalSubset = refuse_dtd;
	/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: entities stay unexpanded. */
	doc = xmlCtxtReadMemory(c, buf, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL && (had_dtd || !c->wellFormed || doc->intSubset != NULL ||
	    doc->extSubset != NULL || xmlDocGetRootElement(doc) == NULL)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(c);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	return doc;
}

xmlNodePtr
xmlsafe_next_element(xmlNodePtr n)
{
	for (n = n != NULL ? n->next : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNodePtr
xmlsafe_first_element(xmlNodePtr n)
{
	if (n == NULL || (n = n->children) == NULL)
		return NULL;
	return n->type == XML_ELEMENT_NODE ? n : xmlsafe_next_element(n);
}

int
xmlsafe_is(xmlNodePtr n, const char *ns, const char *name)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
		return 0;
	if (ns == NULL)
		return n->ns == NULL;
	return n->ns != NULL && n->ns->href != NULL && strcmp((const char *)n->ns->href, ns) == 0;
}

xmlNodePtr
xmlsafe_child(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c;

	for (c = xmlsafe_first_element(n); c != NULL; c = xmlsafe_next_element(c))
		if (xmlsafe_is(c, ns, name))
			return c;
	return NULL;
}

size_t
xmlsafe_count(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c;
	size_t k = 0;

	for (c = xmlsafe_first_element(n); c != NULL; c = xmlsafe_next_element(c))
		k += xmlsafe_is(c, ns, name) != 0;
	return k;
}
