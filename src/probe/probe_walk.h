/* SPDX-License-Identifier: MIT */
/*
 * probe_walk.h: what the walk's parts share — one recorded exchange, a
 * hop's note — and the web-ticket sign-in (probe_webticket.c).
 */
#ifndef LD_PROBE_WALK_H
#define LD_PROBE_WALK_H

#include "probe.h"
#include "probe_http.h"

/*
 * One request of the walk, recorded as a hop (*hop) with its transport
 * judged (problems recorded); 0 when an answer over sound transport came
 * (r then holds it, for probe_http_response_free()).
 */
int	 probe_exchange(const struct probe_options *, struct probe_walk *, const char *url,
	     const char *accept, const char *const *headers, const char *post,
	     struct probe_response *r, struct probe_hop **hop);
/* Sets what hop h was for / found. */
void	 probe_note(struct probe_hop *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The web ticket of user for the resource at applies_to from the Web
 * Ticket Service at service (X-MS-WebTicketURL), as pidgin-sipe gets one:
 * its metadata (service/mex), the WebTicketServiceWinNegotiate port, a
 * RequestSecurityToken there (first unauthenticated: the challenge must be
 * Basic; then with Basic credentials), the SAML assertion cut out of the
 * answer. "opaque=BASE64" (heap), or NULL with the failing step recorded as
 * a problem (webticket-metadata, -challenge, -refused, -fault, -invalid).
 */
char	*probe_webticket(const struct probe_options *, struct probe_walk *, const char *service,
	     const char *applies_to, const char *user);

#endif
