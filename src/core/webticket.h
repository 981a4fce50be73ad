/* SPDX-License-Identifier: MIT */
/*
 * webticket.h: the Web Ticket Service ([MS-OCAUTHWS]) behind the
 * X-MS-WebTicketURL that /root/user's 401 names — the sign-in of Lync
 * desktop clients, Lync 2010 mobile clients and pidgin-sipe:
 *
 *   GET  <url>/mex   the WSDL (mex.h): the port WebTicketServiceWinNegotiate at <url>
 *   POST <url>       a RequestSecurityToken (wstrust.h), authenticated by HTTP
 *                    Basic (basic.h): without credentials, or with wrong ones,
 *                    401 and the Basic challenge; with good ones a
 *                    RequestSecurityTokenResponse holding the web ticket, a
 *                    SAML assertion the daemon signs itself (saml.h)
 *   GET  /root/user  with X-MS-WebTicket: opaque=<base64 of the assertion>
 *                    (signin.c asks webticket_verify)
 *
 * The password check is the token endpoint's (signin_check.h): the same
 * workers, throttle and equal time for unknown users in the daemon, the
 * same file directory or LDAP bind.
 */
#ifndef LD_WEBTICKET_H
#define LD_WEBTICKET_H

#include <stdbool.h>

#include "hints.h"
#include "reply.h"
#include "request.h"
#include "snapshot.h"

/* POST to the service: 401, a fault, or the web ticket. */
void	 webticket_issue(const struct snapshot *, const struct request *, const struct hints *,
	     struct reply *);
/*
 * Does rq bring Basic credentials the service will check? Then key gets
 * the name the throttle counts them under (basic_login_key()).
 */
bool	 webticket_attempt(const struct request *, char key[SIPURI_MAX + 1]);
/* The user and password of such a request, for an LDAP bind; 0 or -1. */
int	 webticket_credentials(const struct topology *, const struct request *,
	     char user[SIPURI_MAX + 1], char *password, size_t size);
/*
 * The credential of an X-MS-WebTicket header, the text after "opaque=": a
 * web ticket of this service (base64 of the assertion), or a token of the
 * token endpoint (the same header takes both). True with its user, or
 * false with *why.
 */
bool	 webticket_verify(const struct topology *, const char *opaque, long long now,
	     char user[SIPURI_MAX + 1], const char **why);

#endif
