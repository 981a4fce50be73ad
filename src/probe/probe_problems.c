/* SPDX-License-Identifier: MIT */
/*
 * probe_problems.c: the catalogue of problem codes — a stable code a CI step
 * can match, the fix an administrator applies — and the verdict.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

struct problem_kind {
	const char	*code;
	bool		 warning;
	const char	*fix;
};

static const struct problem_kind kinds[] = {
	{ "dns-name-missing", false,
	  "publish the name in DNS (lyncdiscover.<domain> outside, lyncdiscoverinternal.<domain> inside), "
	  "pointing at the reverse proxy or the pool" },
	{ "connection-refused", false,
	  "start the service or open the firewall / reverse-proxy listener for this port" },
	{ "connection-timeout", false,
	  "a firewall drops the packets or the host is down: open the port (443, and 80 for the first hop)" },
	{ "tls-handshake-timeout", false,
	  "the server accepted the connection but never finished the TLS handshake: check what "
	  "holds it (an overloaded server or proxy, a middlebox that swallows the ClientHello)" },
	{ "tls-handshake-failed", false,
	  "check the server's TLS configuration (certificate loaded, protocols and ciphers clients support)" },
	{ "tls-untrusted", false,
	  "use a certificate from a CA the clients trust (public CA for mobile devices), with its "
	  "intermediate certificates in the chain" },
	{ "tls-name-missing", false,
	  "reissue the certificate with this name among its subjectAltNames (mobile clients refuse "
	  "a certificate without it), or publish the first hop over plain HTTP" },
	{ "tls-expired", false, "renew the certificate" },
	{ "http-only", false,
	  "serve HTTPS: plain HTTP is only the first hop; the Root must answer with a Redirect to HTTPS" },
	{ "http-status", false,
	  "the protocol answers 200 (or 401 on User/OAuth): check the reverse proxy's publishing rule, "
	  "its path mapping and the Host header it forwards" },
	{ "invalid-document", false,
	  "the server (or a proxy rewriting it) sends a document clients cannot read: check the "
	  "Content-Type and the body against the representation asked" },
	{ "redirect-loop", false,
	  "two servers redirect to each other: fix the domain/pool redirect settings so the chain ends" },
	{ "redirect-chain-too-long", false,
	  "clients follow only a few Redirects: point the first server straight at the user's home" },
	{ "challenge-missing", false,
	  "the 401 must carry WWW-Authenticate: MsRtcOAuth href=\"…/WebTicket/oauthtoken\",grant_type=\"…password\" "
	  "(and Bearer); a proxy that strips authentication headers breaks sign-in" },
	{ "token-refused", false,
	  "the token endpoint refused the user name and password: check the account, the password and "
	  "the sign-in directory" },
	{ "webticket-metadata", false,
	  "publish the Web Ticket Service's metadata at <X-MS-WebTicketURL>/mex, a WSDL whose "
	  "service/port WebTicketServiceWinNegotiate names the service's address (a reverse proxy "
	  "must publish /WebTicket/ as well as /Autodiscover/)" },
	{ "webticket-challenge", false,
	  "the Web Ticket Service's port must answer a request without credentials with 401 and "
	  "WWW-Authenticate: Basic (clients without Windows credentials, and this probe, sign in "
	  "with Basic)" },
	{ "webticket-refused", false,
	  "the Web Ticket Service refused the user name and password: check the account, the "
	  "password and the sign-in directory" },
	{ "webticket-fault", false,
	  "the Web Ticket Service answered the RequestSecurityToken with a fault: its faultstring "
	  "says why" },
	{ "webticket-invalid", false,
	  "the Web Ticket Service's answer must hold a SAML assertion and a wst:Lifetime, which "
	  "clients cut out of it" },
	{ "webticket-rejected", false,
	  "the User resource refused a web ticket its own service issued: every instance must "
	  "share the token secret (sign-in token-secret) and agree on the time" },
	{ "user-without-access", false,
	  "the User document must name the SIP access point clients connect to — SipClientExternalAccess "
	  "outside, SipClientInternalAccess inside (in UCWA, the applications link): configure the "
	  "pool's SIP access points and web services" },
	{ "internal-links-external", true,
	  "an external client got AccessLocation=Internal: the reverse proxy must deliver to the external "
	  "web site (4443/8080), or internal devices hair-pin to links they cannot reach" },
	{ "representations-differ", false,
	  "the representations must lead to the same User document, SIP access points and links: "
	  "check the server and any proxy rewriting bodies" },
	{ "internal-error", false, "report a bug in lyncdiscover-probe" },
};

static const struct problem_kind *
kind_of(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].code, code) == 0)
			return &kinds[i];
	return NULL;
}

void
probe_problems_add(struct probe_walk *w, const char *code, const char *fmt, ...)
{
	const struct problem_kind *k = kind_of(code);
	struct probe_problem *p;
	va_list ap;

	if (k == NULL)
		abort();	/* a code missing from the catalogue is a bug */
	if (w->n_problems == PROBE_MAX_PROBLEMS)
		return;
	p = &w->problems[w->n_problems++];
	p->code = k->code;
	p->fix = k->fix;
	p->warning = k->warning;
	va_start(ap, fmt);
	if (vasprintf(&p->message, fmt, ap) < 0)
		p->message = NULL;
	va_end(ap);
}

const char *
probe_problems_verdict(const struct probe_walk *w)
{
	size_t i;

	for (i = 0; i < w->n_problems; i++)
		if (!w->problems[i].warning)
			return w->problems[i].code;
	return "ok";
}
