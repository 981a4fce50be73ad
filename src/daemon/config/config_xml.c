/* SPDX-License-Identifier: MIT */
/*
 * config_xml.c: reading attributes of the configuration document (see config_xml.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "config_xml.h"
#include "util.h"

char *
config_xml_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

char *
config_xml_attr_or(xmlNodePtr n, const char *name, const char *dflt)
{
	char *v = config_xml_attr(n, name);

	return v != NULL ? v : xstrdup(dflt);
}

unsigned
config_xml_attr_uint(xmlNodePtr n, const char *name, unsigned dflt)
{
	char *v = config_xml_attr(n, name);
	unsigned long u;

	if (v == NULL)
		return dflt;
	u = strtoul(v, NULL, 10);	/* the schema has checked the syntax and range */
	free(v);
	return (unsigned)u;
}

bool
config_xml_attr_bool(xmlNodePtr n, const char *name, bool dflt)
{
	char *v = config_xml_attr(n, name);
	bool b;

	if (v == NULL)
		return dflt;
	b = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;	/* the schema allows only xs:boolean */
	free(v);
	return b;
}

char *
config_xml_path(const char *base_dir, char *p)
{
	char *full;

	if (p == NULL || p[0] == '/' || base_dir == NULL)
		return p;
	full = xasprintf_s("%s/%s", base_dir, p);
	free(p);
	return full;
}
