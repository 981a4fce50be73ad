/* SPDX-License-Identifier: MIT */
/*
 * basic.h: HTTP Basic credentials (RFC 7617) at the Web Ticket Service, and
 * the SIP address they name.
 *
 * The service answers its first try with a Basic challenge, not NTLM or
 * Negotiate: the user directory holds password hashes (or an LDAP bind
 * checks the password), never the NT hashes those need. The user-id is
 * either "user@domain" (a SIP address, as the token endpoint takes) or
 * "DOMAIN\user", the Windows form: DOMAIN names the served SIP domain whose
 * first DNS label it is, case aside (CONTOSO\alice is alice@contoso.com
 * when contoso.com is served); a DOMAIN that names none stands for
 * user@domain, a user of no served domain, refused like any unknown user.
 */
#ifndef LD_BASIC_H
#define LD_BASIC_H

#include <stddef.h>

#include "sipuri.h"
#include "topology.h"

#define BASIC_LOGIN_MAX		SIPURI_MAX
#define BASIC_PASSWORD_MAX	1024

struct basic_credentials {
	char	 login[BASIC_LOGIN_MAX + 1];
	char	 password[BASIC_PASSWORD_MAX + 1];
};

/*
 * The credentials of an Authorization header value ("Basic BASE64");
 * -1 when it is none, not Basic, or not user-id:password. The caller wipes
 * c (gnutls_memset) when done.
 */
int	 basic_parse(const char *authorization, struct basic_credentials *c);
/*
 * The throttle's name for login without looking at the topology: a SIP
 * address's canonical form, else the DOMAIN\user form in lower case. -1
 * when login is neither form.
 */
int	 basic_login_key(const char *login, char key[SIPURI_MAX + 1]);
/* The SIP address login names in t (see above); -1 when it is neither form. */
int	 basic_login_user(const struct topology *t, const char *login, char user[SIPURI_MAX + 1]);

#endif
