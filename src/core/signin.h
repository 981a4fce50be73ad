/* SPDX-License-Identifier: MIT */
/*
 * signin.h: the authenticated resources of the core — User (/root/user),
 * OAuth (/root/oauth/user) and the token endpoint (the Web Ticket Service is
 * webticket.h) — and the Root's redirect
 * of users this deployment cannot serve (doc/protocol.md §3.1, §3.3, §3.4, §8).
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
/* A password sign-in: who tries, for which user. */
struct signin_attempt {
	struct netaddr	 client;			/* the effective client (a trusted proxy's client) */
	char		 user[SIPURI_MAX + 1];		/* canonical, as submitted: known or not */
	bool		 webticket;			/* at the Web Ticket Service (else token endpoint) */
};
/*
 * Does rq ask to check a password (mode password, and a well-formed
 * password grant at the token endpoint or Basic credentials at the Web
 * Ticket Service, webticket.h)? Then a is filled. The HTTP layer runs these
 * requests on its sign-in workers, not on an I/O thread, and throttles them
 * by a's client and user; respond() answers them as any other.
 */
bool	 signin_attempt(const struct snapshot *, const struct request *, struct signin_attempt *);
/*
 * The user and password such a request submits (for the LDAP bind the
 * daemon makes on a worker before respond()); 0, or -1. The caller wipes
 * password.
 */
int	 signin_credentials(const struct snapshot *, const struct request *,
	     char user[SIPURI_MAX + 1], char *password, size_t size);
/*
 * The hosting provider's Root when the Root's sipuri is a user this
 * deployment cannot serve (homed online, or unknown in a split domain), else NULL.
 */
const char	*signin_root_elsewhere(const struct topology *, const struct hints *);

#endif
