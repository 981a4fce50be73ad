/* SPDX-License-Identifier: MIT */
/*
 * probe_webticket.h: the web-ticket sign-in of a walk.
 */
#ifndef LD_PROBE_WEBTICKET_H
#define LD_PROBE_WEBTICKET_H

#include "probe.h"

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
