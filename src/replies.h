/*
 * replies.h: complete replies (status, headers, body) for each answer the
 * protocol gives. Pure functions of the topology and the decision made for a
 * request; snapshot.c calls them once per configuration to prepare the
 * answers that depend on configuration only, respond.c calls them for the rest.
 *
 * Each returns 0, or -1 when out of memory (the reply must still be released).
 */
#ifndef LD_REPLIES_H
#define LD_REPLIES_H

#include "reply.h"
#include "topology.h"

/* The HTTPS Root: links to Domain, User and OAuth (UCWA: self, user, xframe). */
int	 replies_root(struct reply *, const struct pool *, enum access_location,
	     enum representation, const char *original_domain);
/* A Root holding one Redirect link to the HTTPS Root (plain-HTTP first hop). */
int	 replies_root_redirect(struct reply *, const struct pool *, enum access_location,
	     enum representation, const char *sipuri, const char *original_domain);
int	 replies_domain(struct reply *, const struct pool *, enum access_location,
	     enum representation);
/* 401 of /root/user: X-MS-WebTicketURL, no WWW-Authenticate (protocol.md §7.2). */
int	 replies_user_challenge(struct reply *, const struct pool *, enum access_location);
/* 401 of /root/oauth/user: the Bearer and MsRtcOAuth challenges (§7.2). */
int	 replies_oauth_challenge(struct reply *, const struct topology *,
	     const struct pool *, enum access_location);
int	 replies_xframe(struct reply *, const struct pool *);
/* A 4xx/5xx with a one-line text/plain body naming the reason. */
void	 replies_error(struct reply *, unsigned status, const char *reason,
	     const struct pool *);

/* The Domain resource has no UCWA flavour: UCWA JSON/XML map to MS-OCDISCWS JSON/XML. */
enum representation	 replies_domain_representation(enum representation);

#endif
