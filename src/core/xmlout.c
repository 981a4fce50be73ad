/* SPDX-License-Identifier: MIT */
/*
 * xmlout.c: serialising a document (xmlout.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlsave.h>

#include "xmlout.h"

char *
xmlout_dump(xmlDocPtr doc, int options, size_t *len)
{
	xmlBufferPtr buf = doc != NULL ? xmlBufferCreate() : NULL;
	xmlSaveCtxtPtr save = buf != NULL ? xmlSaveToBuffer(buf, "utf-8", options) : NULL;
	char *out = NULL;
	long rc = -1;
	size_t n;

	if (save != NULL) {
		rc = xmlSaveDoc(save, doc);
		if (xmlSaveClose(save) < 0)
			rc = -1;
	}
	xmlFreeDoc(doc);
	if (rc >= 0 && (out = malloc((n = (size_t)xmlBufferLength(buf)) + 1)) != NULL) {
		memcpy(out, xmlBufferContent(buf), n);
		out[n] = '\0';
		*len = n;
	}
	if (buf != NULL)
		xmlBufferFree(buf);
	return out;
}
