/* SPDX-License-Identifier: MIT */
/*
 * names.h: the host names clients use on a listener, for certificate
 * coverage (--check, the cert subcommand) and the deployment plan.
 */
#ifndef LD_NAMES_H
#define LD_NAMES_H

#include <stddef.h>

#include "topology.h"

struct name_list {
	char	**names;	/* lower case, no duplicates, in topology order */
	size_t	  n;
};

/*
 * The names clients use to reach a listener of access location loc:
 * lyncdiscoverinternal.<d> (internal) or lyncdiscover.<d> (external) for
 * every configured SIP domain, then every pool's web services FQDN for loc.
 * 0, or -1 when out of memory.
 */
int	 names_for_location(const struct topology *, enum access_location loc, struct name_list *);
/* Appends name unless already there (case-insensitive). 0, or -1 when out of memory. */
int	 name_list_add(struct name_list *, const char *name);
void	 name_list_free(struct name_list *);

#endif
