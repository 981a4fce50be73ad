/*
 * signin.h: the authenticated resources of the core — User (/root/user),
 * OAuth (/root/oauth/user) and the token endpoint — and the Root's redirect
 * of users this deployment cannot serve (protocol.md §3.1, §3.3, §3.4, §8).
 */
#ifndef LD_SIGNIN_H
#define LD_SIGNIN_H

#include <stdbool.h>

#include "hints.h"
#include "reply.h"
#include "request.h"
#include "snapshot.h"

/* User (oauth false) or OAuth (oauth true): 401, 403, 404, a Redirect, or the User document. */
void	 signin_user(const struct snapshot *, const struct request *, const struct hints *,
	     enum representation, bool oauth, struct reply *);
/* POST /WebTicket/oauthtoken: a token, or an RFC 6749 error. */
void	 signin_token(const struct snapshot *, const struct request *, const struct hints *,
	     struct reply *);
/*
 * The hosting provider's Root when the Root's sipuri is a user this
 * deployment cannot serve (homed online, or unknown in a split domain), else NULL.
 */
const char	*signin_root_elsewhere(const struct topology *, const struct hints *);

#endif
