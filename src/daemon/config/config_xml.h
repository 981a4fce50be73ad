/* SPDX-License-Identifier: MIT */
/*
 * config_xml.h: reading attributes of the configuration document (libxml2),
 * shared by the loaders of its parts (config_file.c, config_ldap.c). The
 * schema has checked every value's syntax and range before these read it.
 */
#ifndef LD_CONFIG_XML_H
#define LD_CONFIG_XML_H

#include <stdbool.h>

#include <libxml/tree.h>

/* The attribute's value as a heap string, or NULL when it is absent. */
char		*config_xml_attr(xmlNodePtr n, const char *name);
/* The value, or a heap copy of dflt when it is absent. */
char		*config_xml_attr_or(xmlNodePtr n, const char *name, const char *dflt);
unsigned	 config_xml_attr_uint(xmlNodePtr n, const char *name, unsigned dflt);
/* xs:boolean ("true"/"1" are true), dflt when absent. */
bool		 config_xml_attr_bool(xmlNodePtr n, const char *name, bool dflt);
/* Takes over p (heap, or NULL): relative to base_dir unless absolute or base_dir is NULL. */
char		*config_xml_path(const char *base_dir, char *p);

#endif
