/* SPDX-License-Identifier: MIT */
/*
 * name_list.h: the host names clients use on a listener, for certificate
 * coverage (--check, the cert subcommand) and the deployment plan.
 */
#ifndef LD_NAME_LIST_H
#define LD_NAME_LIST_H

#include <stddef.h>

#include "name_index.h"
#include "topology.h"

struct name_list {
	char			**names;	/* lower case, no duplicates, in topology order */
	size_t			  n;
	size_t			  room;		/* entries allocated */
	struct name_index	  index;	/* the names, so that adding one is constant time */
};

/* An empty list (as { 0 } is). */
void	 name_list_init(struct name_list *);

/*
 * The names clients use to reach a listener of access location loc:
 * lyncdiscoverinternal.<d> (internal) or lyncdiscover.<d> (external) for
 * every configured SIP domain, then every pool's web services FQDN for loc.
 * 0, or -1 when out of memory.
 */
int	 name_list_for_location(const struct topology *, enum access_location loc,
	     struct name_list *);
/*
 * The names clients use on listener l: those of its location, and with
 * access="auto" or "by-name" those of both (the internal names first). 0,
 * or -1 when out of memory.
 */
int	 name_list_for_listener(const struct topology *, const struct listener_conf *l,
	     struct name_list *);
/* Appends name unless already there (case-insensitive). 0, or -1 when out of memory. */
int	 name_list_add(struct name_list *, const char *name);
void	 name_list_free(struct name_list *);

#endif
