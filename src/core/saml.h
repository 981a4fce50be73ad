/* SPDX-License-Identifier: MIT */
/*
 * saml.h: the web ticket — a SAML 1.1 assertion ([MS-OCAUTHWS] 3.2.4.1.1.2)
 * that the daemon signs itself, and checks when a client presents it in
 * X-MS-WebTicket.
 *
 *   <saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="_<32 hex>"
 *       Issuer="<the deployment's issuer>" IssueInstant="...">
 *     <saml:Conditions NotBefore="..." NotOnOrAfter="...">
 *       [<saml:AudienceRestrictionCondition><saml:Audience>AppliesTo</...>]
 *     <saml:AuthenticationStatement AuthenticationMethod="...:am:password" ...>
 *       <saml:Subject><saml:NameIdentifier>sip:USER</...>
 *         <saml:SubjectConfirmation><saml:ConfirmationMethod>...:cm:bearer
 *     <ds:Signature> enveloped, exclusive C14N, HMAC-SHA256 </ds:Signature>
 *
 * The signature is XML Signature's (the assertion canonicalised without
 * it, digested with SHA-256; the SignedInfo canonicalised and MACed), with
 * a key derived from the configured token secret (token.h): every instance
 * that shares the secret accepts what another issued, as with the OAuth
 * tokens. The checker accepts exactly the algorithms and shape the issuer
 * writes, reads what it checks from the signed element itself (the
 * document's root: no signature wrapping), and refuses a DTD (xmlsafe.h).
 * Pure: time and the random nonce are parameters.
 */
#ifndef LD_SAML_H
#define LD_SAML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "sipuri.h"
#include "token.h"

/* Tickets issued by another instance may start this early (clocks differ): seconds. */
#define SAML_CLOCK_SKEW 300

struct saml_claims {
	const char		*user;		/* canonical SIP address */
	const char		*issuer;	/* the deployment's (topology sign_in.issuer) */
	const char		*audience;	/* the request's AppliesTo, or NULL */
	long long		 now;		/* seconds since the epoch */
	unsigned		 lifetime;	/* seconds */
	const unsigned char	*nonce;		/* fresh random bytes for the AssertionID */
	size_t			 nonce_len;
};

enum saml_status {
	SAML_VALID,
	SAML_MALFORMED,		/* not a web ticket of this shape */
	SAML_BAD_SIGNATURE,	/* tampered with, or signed under another secret */
	SAML_WRONG_ISSUER,	/* another deployment's, with the same secret */
	SAML_EXPIRED,
	SAML_NOT_YET_VALID
};

/*
 * The signed assertion as the root of a new document (the caller frees it);
 * NULL when out of memory.
 */
xmlDocPtr		 saml_issue(const struct token_secret *, const struct saml_claims *);
/* Checks the assertion xml[0..len); on SAML_VALID user gets its user. */
enum saml_status	 saml_verify(const struct token_secret *, const char *xml, size_t len,
			     const char *issuer, long long now, char user[SIPURI_MAX + 1]);
/* What a status means, for X-Ms-diagnostics. */
const char		*saml_status_text(enum saml_status);
/* "YYYY-MM-DDTHH:MM:SSZ" of t (UTC); out holds 21 bytes. */
void			 saml_time(long long t, char out[21]);

#endif
