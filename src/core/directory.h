/* SPDX-License-Identifier: MIT */
/*
 * directory.h: the user directory — SIP users and patterns with their home
 * (a pool of the topology, or online) and password hash.
 */
#ifndef LD_DIRECTORY_H
#define LD_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "topology.h"

enum home_kind { HOME_POOL, HOME_ONLINE };

struct user_entry {
	const char	*sipuri;	/* canonical, lower case; for a pattern "*@domain" */
	enum home_kind	 home;
	size_t		 pool;		/* index into topology.pools when home == HOME_POOL */
	const char	*password_hash;	/* NULL: none */
	int		 line;
};

struct directory;

/* Parses a directory (pools resolved against t); NULL with every error in d. Takes over text (malloc'ed, len bytes, not NUL-terminated). */
struct directory	*directory_load_memory(const char *name, char *text, size_t len,
			     const struct topology *t, struct diag *d);
/* sipuri: canonical user@domain, any case. Exact entry first, then the "*@domain" pattern. */
bool			 directory_lookup(const struct directory *, const char *sipuri,
			     struct user_entry *out);
size_t			 directory_count(const struct directory *);
/*
 * The iteration count most of the directory's password hashes have (of the
 * first 8 distinct counts; ties: the larger), 0 when none has a hash: the
 * cost of the dummy hash that unknown users are verified against.
 */
unsigned		 directory_typical_iterations(const struct directory *);
size_t			 directory_memory(const struct directory *);
void			 directory_free(struct directory *);

#endif
