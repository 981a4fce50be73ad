/* SPDX-License-Identifier: MIT */
/*
 * xmlout.h: a libxml2 document to the bytes of an answer.
 */
#ifndef LD_XMLOUT_H
#define LD_XMLOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/*
 * Serialises doc (which it frees) into a NUL-terminated heap string, UTF-8,
 * with the XML declaration, indented or not; *len set. NULL when out of memory.
 */
char	*xmlout_dump(xmlDocPtr doc, bool indent, size_t *len);

#endif
