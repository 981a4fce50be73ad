/* SPDX-License-Identifier: MIT */
/*
 * hints.h: what the client tells us about itself: the sipuri, the
 * originalDomain / Domain parameters and the Host header, and which SIP domain
 * and pool they select.
 */
#ifndef LD_HINTS_H
#define LD_HINTS_H

#include <stddef.h>

#include "sipuri.h"
#include "target.h"
#include "topology.h"

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

#endif
