/* SPDX-License-Identifier: MIT */
/*
 * snapshot.h: an immutable configuration with its prepared replies.
 *
 * Every answer that depends on configuration only is rendered here, once per
 * load; the request path looks it up by index. A snapshot is shared by all
 * threads and never changed; a reload builds a new one and swaps the pointer.
 */
#ifndef LD_SNAPSHOT_H
#define LD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "reply.h"
#include "splice.h"
#include "topology.h"

/*
 * A pool's first SNAPSHOT_PREPARED_DOMAINS domains get prepared Roots and
 * Redirects of their own (each carries the domain as originalDomain); the
 * Root of any later one is its pool's template filled with the domain per
 * request, so that a snapshot grows by its pools, not by its domains.
 */
#define SNAPSHOT_PREPARED_DOMAINS 16

/* Where a pool's prepared replies start in snapshot.prepared. */
struct pool_prepared {
	size_t	 n_slots;	/* 1 + its prepared domains: slot 0 is "no domain known" */
	size_t	 root;		/* + (loc * REP_COUNT + rep) * n_slots + slot */
	size_t	 redirect;	/* same layout as root; without a sipuri */
	size_t	 domain;	/* + loc * REP_COUNT + rep */
	size_t	 user_challenge;	/* + loc */
	size_t	 oauth_challenge;	/* + loc */
	size_t	 mex;		/* + loc: the Web Ticket Service's metadata */
	size_t	 user;		/* + snapshot_user_offset(): the User without a sipuri */
};

struct snapshot {
	struct topology		*topology;	/* owned */
	struct reply		*prepared;	/* owned, n_prepared entries */
	size_t			 n_prepared;
	/*
	 * coded[c][i]: prepared[i] in content coding c (c > identity), coded
	 * once per load; an empty body stays identity. coded[CODING_IDENTITY]
	 * is NULL: prepared itself.
	 */
	struct reply		*coded[CODING_COUNT];
	struct pool_prepared	*pools;		/* one per topology pool */
	size_t			 xframe;
	/* The User with holes for the open sign-in's sipuri: pool * SNAPSHOT_USERS + offset. */
	struct splice		*user_splices;
	/*
	 * The Root and Redirect with holes for the domain (originalDomain), for
	 * the domains past a pool's prepared ones: pool * SNAPSHOT_DOMAIN_DOCS
	 * + snapshot_domain_offset(); no holes for a pool that needs none.
	 */
	struct splice		*domain_splices;
};

/* User documents per pool: location x representation x (User, OAuth). */
#define SNAPSHOT_USERS (ACCESS_LOCATION_COUNT * REP_COUNT * 2)
/* Domain templates per pool: location x representation x (Root, Redirect). */
#define SNAPSHOT_DOMAIN_DOCS (ACCESS_LOCATION_COUNT * REP_COUNT * 2)

/* Takes over topology (freed on failure too). NULL with *cause set on failure. */
struct snapshot	*snapshot_build(struct topology *, char **cause);
void		 snapshot_free(struct snapshot *);

size_t		 snapshot_root_index(const struct snapshot *, size_t pool, int redirect,
		     enum access_location, enum representation, size_t slot);

size_t		 snapshot_user_offset(enum access_location, enum representation, bool oauth);
size_t		 snapshot_domain_offset(enum access_location, enum representation, bool redirect);

/* Prepared reply index in coding c (its body and headers; the snapshot owns them). */
const struct reply	*snapshot_prepared(const struct snapshot *, size_t index,
			     enum content_coding c);

#endif
