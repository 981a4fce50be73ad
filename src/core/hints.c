/* SPDX-License-Identifier: MIT */
/*
 * hints.c: client hints to SIP domain and pool.
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "hints.h"
#include "hostname.h"
#include "sipuri.h"

/* The configured domain named by s, ignoring case and one trailing dot. */
static const struct sip_domain *
known_domain(const struct topology *t, const char *s, size_t len)
{
	if (s == NULL)
		return NULL;
	if (len > 0 && s[len - 1] == '.')
		len--;
	return topology_find_domain(t, s, len);
}

static const struct sip_domain *
domain_from_host(const struct topology *t, const char *name, size_t len)
{
	static const char *const prefixes[] = { "lyncdiscover.", "lyncdiscoverinternal." };
	size_t i, plen;

	for (i = 0; i < 2; i++) {
		plen = strlen(prefixes[i]);
		if (len > plen && strncasecmp(name, prefixes[i], plen) == 0)
			return known_domain(t, name + plen, len - plen);
	}
	return NULL;
}

unsigned
hints_parse(const struct topology *t, const struct target *tg, const char *host,
    size_t host_len, struct hints *h, const char **reason)
{
	const struct sip_domain *d = NULL;
	const struct pool *by_host = NULL;
	int name_len = 0;

	h->sipuri[0] = '\0';
	if (tg->sipuri != NULL) {
		if (sipuri_canonical(tg->sipuri, h->sipuri, sizeof h->sipuri) != 0) {
			*reason = "sipuri is not a SIP address (user@domain, optionally sip:, "
			    "at most " SIPURI_MAX_TEXT " characters)";
			return 400;
		}
		d = known_domain(t, strchr(h->sipuri, '@') + 1,
		    strlen(strchr(h->sipuri, '@') + 1));
	}
	if (host != NULL) {
		name_len = hostname_length(host, host_len);
		if (name_len < 0) {
			*reason = "malformed Host";
			return 400;
		}
	}
	if (d == NULL && tg->original_domain != NULL)
		d = known_domain(t, tg->original_domain, strlen(tg->original_domain));
	if (d == NULL && tg->domain != NULL)
		d = known_domain(t, tg->domain, strlen(tg->domain));
	if (host != NULL) {
		if (d == NULL)
			d = domain_from_host(t, host, (size_t)name_len);
		by_host = topology_find_pool_by_web(t, host, (size_t)name_len);
	}
	h->domain = d;
	if (by_host != NULL)
		h->pool = by_host;
	else if (d != NULL)
		h->pool = &t->pools[d->pool];
	else
		h->pool = &t->pools[t->default_pool];
	return 0;
}
