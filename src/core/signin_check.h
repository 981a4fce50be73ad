/* SPDX-License-Identifier: MIT */
/*
 * signin_check.h: the password check shared by the token endpoint
 * (signin.c) and the Web Ticket Service (webticket.c) — one rule for both,
 * so that neither tells a wrong password from an unknown user, in the
 * answer or in the time it takes.
 */
#ifndef LD_SIGNIN_CHECK_H
#define LD_SIGNIN_CHECK_H

#include <stdbool.h>

#include "reply.h"
#include "request.h"
#include "token.h"
#include "topology.h"
#include "users.h"

/* How an endpoint words a 503 when the LDAP directory cannot answer. */
enum signin_style {
	SIGNIN_STYLE_PLAIN,	/* text/plain (User, OAuth) */
	SIGNIN_STYLE_TOKEN,	/* RFC 6749 JSON (the token endpoint) */
	SIGNIN_STYLE_SOAP	/* a SOAP fault (the Web Ticket Service) */
};

/* The configured token secret: it signs the tokens and the web tickets. */
struct token_secret	 signin_check_secret(const struct topology *);
/*
 * With the file directory (or none): does user sign in with password? In
 * password mode every refusal costs one password check — an unknown user's
 * (or one without a hash) against the dummy hash, which has the iteration
 * count of most users' hashes.
 */
bool	 signin_check_password(const struct topology *, const char *user, const char *password);
/*
 * With an LDAP directory the daemon checked the password (a bind as the
 * user, on a worker) before respond() and says how it went; the user must
 * also be one the directory homes.
 */
bool	 signin_check_directory(const struct topology *, const struct request *,
	     const struct user_home *);
/*
 * With an LDAP directory: the home of user from the directory's answer, or
 * false when out holds the answer already — the 503 of an unreachable
 * directory (worded as style says), or, without an answer yet, the
 * question for the daemon (rq->dir_query).
 */
bool	 signin_check_home(const struct request *, const struct topology *, const char *user,
	     enum signin_style, const struct pool *, struct user_home *, struct reply *out);

#endif
