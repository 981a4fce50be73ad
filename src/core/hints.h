/* SPDX-License-Identifier: MIT */
/*
 * hints.h: what the client tells us about itself: the sipuri, the
 * originalDomain / Domain parameters and the Host header, and which SIP domain
 * and pool they select.
 */
#ifndef LD_HINTS_H
#define LD_HINTS_H

#include <stddef.h>

#include "target.h"
#include "topology.h"

#define SIPURI_MAX 256
#define SIPURI_MAX_TEXT "256"	/* SIPURI_MAX, for messages */

struct hints {
	char			 sipuri[SIPURI_MAX + 1];	/* canonical "user@domain", "" if none */
	const struct sip_domain	*domain;	/* the SIP domain, NULL if unknown */
	const struct pool	*pool;		/* the pool that answers, never NULL */
};

/*
 * Fills h from the parsed target and the effective host ("name[:port]", may be
 * NULL). Returns 0, or 400 with *reason set for a malformed sipuri or Host.
 *
 * Precedence (documented in README "Client hints"):
 *   SIP domain: the sipuri's domain, else originalDomain, else Domain, else a
 *     Host of the form lyncdiscover.<d> / lyncdiscoverinternal.<d> — the first
 *     one that names a configured domain.
 *   pool: the pool whose web services FQDN is the Host, else the pool serving
 *     the SIP domain, else the default pool.
 */
unsigned	 hints_parse(const struct topology *, const struct target *,
		    const char *host, size_t host_len, struct hints *h, const char **reason);

/* Canonicalises a sipuri ("sip:Alice@Contoso.com" -> "Alice@contoso.com"); -1 if malformed. */
int		 sipuri_canonical(const char *in, char *out, size_t out_size);
/* Splits "name[:port]" / "[v6]:port"; returns the length of the name, or -1. */
int		 host_name_length(const char *host, size_t len);
/* True if s[0..len) is a syntactically valid DNS name. */
int		 dns_name_valid(const char *s, size_t len);

#endif
