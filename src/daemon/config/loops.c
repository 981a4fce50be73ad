/* SPDX-License-Identifier: MIT */
/*
 * loops.c: redirect loops a configuration could cause.
 *
 * The daemon redirects in two places: a User whose home is another pool gets
 * a Redirect to that pool's web services FQDN, and a user homed online gets
 * one to the domain's online-autodiscover URL. The first loops when two pools
 * share a web services FQDN (the Host selects the first pool, which sends the
 * client to the second, which is the first again); the second when the URL
 * names a host this deployment answers itself.
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "loops.h"

static int
shared_web_fqdns(const struct topology *t, struct diag *d)
{
	static const char *const where[] = { "internal", "external" };
	size_t i, j;
	int loc, n = 0;

	for (i = 0; i < t->n_pools; i++) {
		for (j = 0; j < i; j++) {
			for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
				const struct pool *a = &t->pools[j], *b = &t->pools[i];

				if (strcasecmp(a->web[loc].fqdn, b->web[loc].fqdn) != 0)
					continue;
				diag_add(d, t->source, b->line, "pool \"%s\": its %s web services "
				    "FQDN %s is pool \"%s\"'s too, so a User Redirect to \"%s\" "
				    "would loop: %s (answered by \"%s\") -> Redirect to \"%s\" -> "
				    "%s (answered by \"%s\") -> ...", b->name, where[loc],
				    b->web[loc].fqdn, a->name, b->name, a->web[loc].fqdn, a->name,
				    b->name, b->web[loc].fqdn, a->name);
				n++;
			}
		}
	}
	return n;
}

/* The host of an https:// URL (the schema has checked the form). */
static void
url_host(const char *url, const char **host, size_t *len)
{
	*host = url + strlen("https://");
	*len = strcspn(*host, ":/");
}

/* Which of this deployment's names is host: a pool's web FQDN or lyncdiscover[internal].<d>. */
static const char *
own_name(const struct topology *t, const char *host, size_t len, const char **owner)
{
	static const char *const prefix[] = { "lyncdiscover.", "lyncdiscoverinternal." };
	const struct sip_domain *dom;
	const struct pool *p;
	size_t k, plen;

	if ((p = topology_find_pool_by_web(t, host, len)) != NULL) {
		*owner = p->name;
		return "the web services of pool";
	}
	for (k = 0; k < 2; k++) {
		plen = strlen(prefix[k]);
		if (len > plen && strncasecmp(host, prefix[k], plen) == 0 &&
		    (dom = topology_find_domain(t, host + plen, len - plen)) != NULL) {
			*owner = dom->name;
			return "the Autodiscover name of SIP domain";
		}
	}
	return NULL;
}

static int
online_urls(const struct topology *t, struct diag *d)
{
	const char *host, *what, *owner = NULL;
	size_t i, len;
	int n = 0;

	for (i = 0; i < t->n_domains; i++) {
		const struct sip_domain *dom = &t->domains[i];

		if (dom->online_autodiscover == NULL)
			continue;
		url_host(dom->online_autodiscover, &host, &len);
		if ((what = own_name(t, host, len, &owner)) == NULL)
			continue;
		diag_add(d, t->source, dom->line, "domain \"%s\": online-autodiscover %s names "
		    "%s \"%s\", which this daemon answers itself: an online user of %s would loop: "
		    "Root -> Redirect to %.*s -> Root -> Redirect to %.*s -> ...", dom->name,
		    dom->online_autodiscover, what, owner, dom->name, (int)len, host, (int)len, host);
		n++;
	}
	return n;
}

int
loops_check(const struct topology *t, struct diag *d)
{
	return shared_web_fqdns(t, d) + online_urls(t, d);
}
