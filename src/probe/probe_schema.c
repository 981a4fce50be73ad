/* SPDX-License-Identifier: MIT */
/*
 * probe_schema.c: xmllint --schema, in-process.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "probe_schema.h"

extern const char	embedded_xsd_response[];	/* data/autodiscover-response.xsd */
extern const size_t	embedded_xsd_response_len;
extern const char	embedded_xsd_ucwa[];		/* data/ucwa-autodiscover.xsd */
extern const size_t	embedded_xsd_ucwa_len;

/* Keeps the first error libxml2 reports. */
static void
first_error(void *arg, const xmlError *e)
{
	char **cause = arg;

	if (*cause == NULL && e != NULL && e->message != NULL) {
		*cause = strdup(e->message);
		if (*cause != NULL && strlen(*cause) > 0 && (*cause)[strlen(*cause) - 1] == '\n')
			(*cause)[strlen(*cause) - 1] = '\0';
	}
}

int
probe_schema_validate(enum representation rep, const char *body, size_t len, char **cause)
{
	const char *xsd = rep == REP_UCWA_XML ? embedded_xsd_ucwa : embedded_xsd_response;
	size_t xsd_len = rep == REP_UCWA_XML ? embedded_xsd_ucwa_len : embedded_xsd_response_len;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlDocPtr doc = NULL;
	int rc = -1;

	*cause = NULL;
	if (rep == REP_UCWA_JSON || rep == REP_AUTODISCOVER_JSON)
		return 0;
	pc = xmlSchemaNewMemParserCtxt(xsd, (int)xsd_len);
	if (pc != NULL)
		schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (schema == NULL || (vc = xmlSchemaNewValidCtxt(schema)) == NULL)
		goto out;
	xmlSchemaSetValidStructuredErrors(vc, (xmlStructuredErrorFunc)first_error, cause);
	doc = xmlReadMemory(body, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		*cause = strdup("not well-formed XML");
		goto out;
	}
	rc = xmlSchemaValidateDoc(vc, doc) == 0 ? 0 : -1;
	if (rc != 0 && *cause == NULL)
		*cause = strdup("not valid against the schema");
out:
	if (rc != 0 && *cause == NULL)
		*cause = strdup("the schema could not be loaded");
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	return rc;
}
