/* SPDX-License-Identifier: MIT */
/*
 * parse.h: the four representations of a discovery document, read back into
 * a neutral link set — the inverse of render_document(). Pure: bytes in,
 * struct out, no I/O; used by lyncdiscover-probe and fuzzable as is.
 */
#ifndef LD_PARSE_H
#define LD_PARSE_H

#include <stddef.h>

#include "topology.h"

#define PARSED_MAX_LINKS 32

struct parsed_link {
	char	*name;		/* MS-OCDISCWS token or UCWA relation, owned */
	char	*href;		/* owned */
};

struct parsed_doc {
	char			*kind;		/* "Root", "Domain", "User" / UCWA rel; owned, may be NULL */
	char			*location;	/* AccessLocation, owned, NULL when absent */
	struct parsed_link	 links[PARSED_MAX_LINKS];
	size_t			 n_links;
	char			*sip_fqdn[SIP_ACCESS_COUNT];	/* owned, NULL when absent */
	unsigned		 sip_port[SIP_ACCESS_COUNT];
};

/* Returns 0, or -1 with *cause (malloc'd) when the bytes are not a document of rep. */
int		 parse_document(const char *body, size_t len, enum representation rep,
		     struct parsed_doc *, char **cause);
/* The href of the link called name (case-insensitive), or NULL. */
const char	*parsed_link(const struct parsed_doc *, const char *name);
void		 parsed_doc_free(struct parsed_doc *);
/* Internal: add one link / one SIP access point (copies); 0 or -1. */
int		 parsed_add_link(struct parsed_doc *, const char *name, const char *href);
int		 parsed_set_sip(struct parsed_doc *, const char *element, const char *fqdn, unsigned port);

#endif
