/* SPDX-License-Identifier: MIT */
/*
 * wstrust.h: the Web Ticket Service's messages ([MS-OCAUTHWS] 3.2.4.1,
 * WS-Trust 1.3 over SOAP 1.1): the RequestSecurityToken a client POSTs,
 * read with libxml2 (xmlsafe.h: no DTD, no entities, no network), and the
 * answers, built as libxml2 documents — the RequestSecurityTokenResponse
 * holding the web ticket, and the SOAP faults.
 *
 * What a request must be: a SOAP 1.1 Envelope whose Body holds one
 * wst:RequestSecurityToken (WS-Trust 1.3's namespace) with a RequestType of
 * Issue (1.3's, or the February 2005 one pidgin-sipe sends); a TokenType,
 * if any, of SAML 1.1; optionally an AppliesTo address (the resource the
 * ticket is for, its Audience), the claims of Lync's web authentication
 * (the user's SIP address) and a Context, echoed. Entropy, KeyType and
 * headers are ignored: the tickets are bearer tickets.
 */
#ifndef LD_WSTRUST_H
#define LD_WSTRUST_H

#include <stddef.h>

#include <libxml/tree.h>

#include "sipuri.h"

#define WST_CONTEXT_MAX	256
#define WST_ADDRESS_MAX	2048

struct wst_request {
	char	 context[WST_CONTEXT_MAX + 1];		/* the RST's Context, "" if none */
	char	 applies_to[WST_ADDRESS_MAX + 1];	/* AppliesTo's address, "" if none */
	char	 claim_user[SIPURI_MAX + 1];		/* the uri claim's SIP address, "" if none */
};

/* The faults, as SOAP 1.1 writes them: a faultcode's namespace, prefix and name. */
enum wst_fault {
	WST_FAULT_CLIENT,		/* s:Client: not a SOAP 1.1 message */
	WST_FAULT_VERSION,		/* s:VersionMismatch: a SOAP 1.2 envelope */
	WST_FAULT_BAD_REQUEST,		/* wst:BadRequest: no RequestSecurityToken of Issue */
	WST_FAULT_INVALID_REQUEST,	/* wst:InvalidRequest: a field the service cannot honour */
	WST_FAULT_FAILED_AUTH,		/* wsse:FailedAuthentication: credentials refused */
	WST_FAULT_REQUEST_FAILED	/* wst:RequestFailed: busy, throttled, directory down */
};

/* Reads body: 0 with rq filled, or -1 with the fault to answer and *why. */
int	 wstrust_parse(const char *body, size_t len, struct wst_request *rq,
	     enum wst_fault *fault, const char **why);
/*
 * The RequestSecurityTokenResponseCollection for rq holding the assertion
 * (the root of ticket, copied), valid from created to expires; NUL-terminated,
 * *len set; NULL when out of memory. Written without indentation: the
 * assertion's bytes are what its signature covers.
 */
char	*wstrust_response(const struct wst_request *rq, xmlDocPtr ticket, long long created,
	     long long expires, size_t *len);
/* A SOAP 1.1 Fault: the fault's code and standard text, then why (may be NULL). */
char	*wstrust_fault(enum wst_fault, const char *why, size_t *len);
/* The faultcode's qualified name ("wsse:FailedAuthentication"), for logs and tests. */
const char *wstrust_fault_code(enum wst_fault);

#endif
