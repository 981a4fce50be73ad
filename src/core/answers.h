/* SPDX-License-Identifier: MIT */
/*
 * answers.h: complete replies (status, headers, body) for each answer the
 * protocol gives. Pure functions of the topology and the decision made for a
 * request; snapshot.c calls them once per configuration to prepare the
 * answers that depend on configuration only, respond.c calls them for the rest.
 *
 * Each returns 0, or -1 when out of memory (the reply must still be released).
 */
#ifndef LD_ANSWERS_H
#define LD_ANSWERS_H

#include <stdbool.h>

#include "reply.h"
#include "topology.h"
#include "wstrust.h"

/* The HTTPS Root: links to Domain, User and OAuth (UCWA: self, user, xframe). */
int	 answers_root(struct reply *, const struct pool *, enum access_location,
	     enum representation, const char *original_domain, const char *user_sipuri);
/* A Root holding one Redirect link to the HTTPS Root (plain-HTTP first hop). */
int	 answers_root_redirect(struct reply *, const struct pool *, enum access_location,
	     enum representation, const char *sipuri, const char *original_domain);
/* A Root holding one Redirect to another deployment's Root (the hosting provider's). */
int	 answers_root_elsewhere(struct reply *, const struct pool *, enum access_location,
	     enum representation, const char *url, const char *sipuri, const char *original_domain);
int	 answers_domain(struct reply *, const struct pool *, enum access_location,
	     enum representation);
/* 401 of /root/user: X-MS-WebTicketURL, no WWW-Authenticate (doc/protocol.md §7.2). */
int	 answers_user_challenge(struct reply *, const struct pool *, enum access_location);
/* 401 of /root/oauth/user: the Bearer and MsRtcOAuth challenges (§7.2). */
int	 answers_oauth_challenge(struct reply *, const struct topology *,
	     const struct pool *, enum access_location);
int	 answers_xframe(struct reply *, const struct pool *);
/* A 4xx/5xx with a one-line text/plain body naming the reason. */
void	 answers_error(struct reply *, unsigned status, const char *reason,
	     const struct pool *);

/*
 * The User resource of a user homed on p, as asked at /root/user or (oauth)
 * /root/oauth/user; sipuri: the open sign-in's user, kept on self, or NULL.
 */
int	 answers_user(struct reply *, const struct pool *, enum access_location,
	     enum representation, bool oauth, bool mobility_internal, const char *sipuri);
/* A User with one Redirect to url; sipuri as for answers_user (also on the Redirect). */
int	 answers_user_redirect(struct reply *, const struct pool *, enum access_location,
	     enum representation, bool oauth, const char *url, const char *sipuri);
/* status with an empty body (404 for an unknown user, §3.3). */
void	 answers_empty(struct reply *, unsigned status, const char *reason, const struct pool *);
/* Adds X-Ms-diagnostics naming reason (0, or -1 when out of memory). */
int	 answers_add_diagnostics(struct reply *, const char *reason, const struct pool *);
/* 403 with X-Ms-diagnostics naming reason. */
void	 answers_forbidden(struct reply *, const char *reason, const struct pool *);
/* The token endpoint: a token (200) or an RFC 6749 §5.2 error. */
int	 answers_token(struct reply *, const char *token, unsigned lifetime, const struct pool *);
int	 answers_token_error(struct reply *, unsigned status, const char *error,
	     const char *description, const struct pool *);
/*
 * The token endpoint refusing to check a password now, with Retry-After:
 * 429 after too many failed sign-ins, 503 when the sign-in workers are busy.
 */
int	 answers_token_retry(struct reply *, unsigned status, unsigned retry_after,
	     const struct pool *);
/* 405 with Allow: allow ("GET, HEAD", "POST"). */
void	 answers_method_not_allowed(struct reply *, const char *allow, const struct pool *);
/* Adds the CORS headers for an allow-listed origin (a prepared reply becomes a copy). */
int	 answers_cors(struct reply *, const char *origin);
/* 204 answer to a CORS preflight from an allow-listed origin. */
int	 answers_preflight(struct reply *, const char *origin, const char *methods,
	     const struct pool *);

/*
 * The Web Ticket Service ([MS-OCAUTHWS], webticket.h). Its metadata (GET
 * .../WebTicketService.svc/mex) for the pool's web services at loc.
 */
int	 answers_mex(struct reply *, const struct pool *, enum access_location);
/*
 * 401 of the service's endpoint: WWW-Authenticate: Basic (never NTLM or
 * Negotiate: basic.h) and the SOAP fault of a failed authentication — the
 * same answer for no credentials, a wrong password and an unknown user.
 */
int	 answers_webticket_challenge(struct reply *, const struct topology *, const struct pool *);
/* A SOAP 1.1 fault (wstrust.h) with status and why. */
int	 answers_webticket_fault(struct reply *, unsigned status, enum wst_fault, const char *why,
	     const struct pool *);
/* 200 with the RequestSecurityTokenResponse body (a heap string the reply takes over). */
int	 answers_webticket(struct reply *, char *body, size_t len, const struct pool *);
/* The service refusing to check a password now (429, 503), with Retry-After: a SOAP fault. */
int	 answers_webticket_retry(struct reply *, unsigned status, unsigned retry_after,
	     const struct pool *);

/* The Domain resource has no UCWA flavour: UCWA JSON/XML map to MS-OCDISCWS JSON/XML. */
enum representation	 answers_domain_representation(enum representation);

#endif
