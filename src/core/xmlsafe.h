/* SPDX-License-Identifier: MIT */
/*
 * xmlsafe.h: libxml2 reading XML that a client sent (a SOAP request, a web
 * ticket): no network, no entities, no DTD at all.
 *
 * A document with a DOCTYPE is refused as soon as the parser meets it,
 * before any entity is declared: that closes XXE (external entities, a
 * remote DTD) and entity expansion (billion laughs) alike, as neither SOAP
 * 1.1 (section 3) nor a SAML assertion may carry a DTD. libxml2's own
 * limits stay on (no XML_PARSE_HUGE: a depth of 256, names and text nodes
 * of at most 10 MB), and the caller bounds the input's size.
 */
#ifndef LD_XMLSAFE_H
#define LD_XMLSAFE_H

#include <stddef.h>

#include <libxml/tree.h>

/* The biggest input read (the caller's body limits are smaller). */
#define XMLSAFE_MAX (64 * 1024)

/* The document of buf[0..len), or NULL: not well-formed, a DTD, too large. */
xmlDocPtr	 xmlsafe_parse(const char *buf, size_t len);
/* The first element child of n (NULL: none); text and comments are skipped. */
xmlNodePtr	 xmlsafe_first_element(xmlNodePtr n);
/* The next element sibling of n, or NULL. */
xmlNodePtr	 xmlsafe_next_element(xmlNodePtr n);
/* Whether element n is {ns}name (ns NULL: no namespace). */
int		 xmlsafe_is(xmlNodePtr n, const char *ns, const char *name);
/* The first child element {ns}name of n, or NULL. */
xmlNodePtr	 xmlsafe_child(xmlNodePtr n, const char *ns, const char *name);
/* The number of child elements {ns}name of n. */
size_t		 xmlsafe_count(xmlNodePtr n, const char *ns, const char *name);

#endif
