/* SPDX-License-Identifier: MIT */
/*
 * parse.c: parse_document(), dispatching to the parser of a representation
 * (parse_xml.c, parse_json.c).
 */
#include <config.h>

#include <string.h>

#include "parse.h"

int
parse_document(const char *body, size_t len, enum representation rep, struct parsed_doc *d,
    char **cause)
{
	memset(d, 0, sizeof *d);
	if (rep == REP_AUTODISCOVER_JSON || rep == REP_UCWA_JSON)
		return parse_json_document(body, len, rep, d, cause);
	return parse_xml_document(body, len, rep, d, cause);
}
