/* SPDX-License-Identifier: MIT */
/*
 * xmlout.h: a libxml2 document to the bytes of an answer.
 */
#ifndef LD_XMLOUT_H
#define LD_XMLOUT_H

#include <stddef.h>

#include <libxml/tree.h>

/*
 * Serialises doc (which it frees) into a NUL-terminated heap string, UTF-8,
 * under libxml2's save options (xmlSaveOption: XML_SAVE_FORMAT indents,
 * XML_SAVE_NO_DECL leaves the declaration out); *len set. NULL when out of
 * memory.
 */
char	*xmlout_dump(xmlDocPtr doc, int options, size_t *len);

#endif
