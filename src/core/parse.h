/* SPDX-License-Identifier: MIT */
/*
 * parse.h: the four representations of a discovery document, read back into
 * a neutral link set (parsed.h) — the inverse of render_document(). Pure:
 * bytes in, struct out, no I/O; used by lyncdiscover-probe and fuzzable as is.
 */
#ifndef LD_PARSE_H
#define LD_PARSE_H

#include <stddef.h>

#include "parsed.h"
#include "topology.h"

/* Returns 0, or -1 with *cause (malloc'd) when the bytes are not a document of rep. */
int		 parse_document(const char *body, size_t len, enum representation rep,
		     struct parsed_doc *, char **cause);

/* The parsers behind parse_document(), one per syntax; d is zeroed. The same contract. */
int		 parse_xml_document(const char *body, size_t len, enum representation rep,
		     struct parsed_doc *d, char **cause);
int		 parse_json_document(const char *body, size_t len, enum representation rep,
		     struct parsed_doc *d, char **cause);

#endif
