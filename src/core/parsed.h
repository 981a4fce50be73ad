/* SPDX-License-Identifier: MIT */
/*
 * parsed.h: a discovery document read back (parse.h), as a
 * representation-neutral link set: its kind, AccessLocation, links and SIP
 * access points.
 */
#ifndef LD_PARSED_H
#define LD_PARSED_H

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

/* The href of the link called name (case-insensitive), or NULL. */
const char	*parsed_link(const struct parsed_doc *, const char *name);
void		 parsed_doc_free(struct parsed_doc *);
/* For the parsers: adds one link (copies); 0 or -1. */
int		 parsed_add_link(struct parsed_doc *, const char *name, const char *href);
/*
 * For the parsers: sets the SIP access point of that element name (copies);
 * 0, -1 when out of memory, 1 when element names no SIP access point.
 */
int		 parsed_set_sip(struct parsed_doc *, const char *element, const char *fqdn, unsigned port);

#endif
