/* SPDX-License-Identifier: MIT */
/*
 * users.h: who a user is and where they are homed — the user directory, the
 * sign-in mode and the token secret of a topology (doc/protocol.md §3.3-§3.4, §8).
 */
#ifndef LD_USERS_H
#define LD_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "hints.h"
#include "topology.h"

enum user_kind {
	USER_UNKNOWN,	/* 404 on User/OAuth */
	USER_POOL,	/* homed on pool */
	USER_ONLINE	/* homed with the hosting provider of its domain */
};

struct user_home {
	enum user_kind			 kind;
	size_t				 pool;		/* USER_POOL */
	const struct sip_domain		*domain;	/* the sipuri's configured domain, or NULL */
	const char			*password_hash;	/* NULL: none in the directory */
};

/*
 * Where sipuri (canonical user@domain) is homed. With a directory: its entry
 * (exact, then "*@domain"), else unknown. Without one: the pool of its SIP
 * domain, when the domain is configured.
 */
void	 users_find(const struct topology *, const char *sipuri, struct user_home *);

/*
 * An LDAP directory (sign_in.ldap) is asked by the daemon, not the core: the
 * core says whom it needs (struct dir_query, in the request) and is given
 * what the directory said (struct dir_answer) on a second call of respond().
 */
enum dir_status {
	DIR_ENTRY,		/* the filter found one entry */
	DIR_NO_ENTRY,		/* none (or more than one): an unknown user */
	DIR_UNAVAILABLE		/* the directory cannot be reached: 503 */
};

struct dir_answer {
	enum dir_status	 status;
	bool		 enabled;	/* the enabled attribute is TRUE */
	bool		 online;	/* a deployment locator other than "SRV:" */
	const char	*home_dn;	/* the home server attribute, canonical (dn.h); NULL: none */
	bool		 password_ok;	/* mode password, token endpoint: the bind as the user succeeded */
	unsigned	 retry_after;	/* DIR_UNAVAILABLE: seconds */
};

struct dir_query {
	bool	 needed;		/* set by respond(): ask the directory for user, call again */
	char	 user[SIPURI_MAX + 1];	/* canonical */
};

/*
 * Where the directory's answer homes sipuri: not there or not enabled:
 * unknown; online; the pool whose home-server is home_dn; else the default
 * pool (*unmatched set: the daemon warns once per DN).
 */
void	 users_from_answer(const struct topology *, const char *sipuri, const struct dir_answer *,
	     struct user_home *, bool *unmatched);
/* The pool whose home-server is dn (canonical), or -1. */
long	 users_pool_of_home(const struct topology *, const char *dn);

#endif
