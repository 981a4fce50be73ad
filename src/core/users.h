/*
 * users.h: who a user is and where they are homed — the user directory, the
 * sign-in mode and the token secret of a topology (protocol.md §3.3-§3.4, §8).
 */
#ifndef LD_USERS_H
#define LD_USERS_H

#include <stddef.h>

#include "diag.h"
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

#endif
