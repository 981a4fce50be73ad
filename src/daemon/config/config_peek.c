/* SPDX-License-Identifier: MIT */
/*
 * config_peek.c: one settings attribute of a configuration file (see
 * config_peek.h).
 */
#include <config.h>

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "config_peek.h"
#include "config_xml.h"
#include "files.h"
#include "util.h"

/* The loader says the document's errors; a peek keeps quiet. */
static void
quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static xmlNodePtr
settings_of(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;

	for (n = root != NULL ? root->children : NULL; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST "settings") == 0)
			return n;
	}
	return NULL;
}

/* A relative file name as the loader resolves it: against the configuration's directory. */
static char *
resolved(const char *config, char *value)
{
	char *copy = xstrdup(config), *full;

	if (copy == NULL) {
		free(value);
		return NULL;
	}
	full = config_xml_path(dirname(copy), value);
	free(copy);
	return full;
}

int
config_peek_setting(const char *path, const char *attr, int is_path, char **value, char **cause)
{
	xmlNodePtr settings;
	xmlDocPtr doc;
	size_t len;
	char *xml;

	*value = NULL;
	if ((xml = files_read(path, &len)) == NULL) {
		*cause = xasprintf_s("%s: cannot read: %s", path, files_strerror(errno));
		return -1;
	}
	xmlSetStructuredErrorFunc(NULL, quiet);
	doc = xmlReadMemory(xml, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(xml);
	if (doc == NULL) {
		*cause = xasprintf_s("%s: not a well-formed XML document (--check says where)", path);
		return -1;
	}
	if ((settings = settings_of(doc)) != NULL)
		*value = config_xml_attr(settings, attr);
	xmlFreeDoc(doc);
	if (*value != NULL && is_path)
		*value = resolved(path, *value);
	return 0;
}
