/* SPDX-License-Identifier: MIT */
/*
 * hints.c: client hints to SIP domain and pool.
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "hints.h"

int
dns_name_valid(const char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!(isalnum(c) || c == '-' || c == '_') || (label == 0 && c == '-'))
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

/* Characters RFC 3261 allows in the user part (unreserved and user-unreserved). */
static bool
sip_user_char(unsigned char c)
{
	return isalnum(c) || strchr("-_.!~*'()&=+$,;?/%", c) != NULL;
}

int
sipuri_canonical(const char *in, char *out, size_t out_size)
{
	const char *at, *d;
	size_t ulen, dlen, i;

	if (strncasecmp(in, "sip:", 4) == 0)
		in += 4;
	else if (strncasecmp(in, "sips:", 5) == 0)
		in += 5;
	at = strrchr(in, '@');
	if (at == NULL || at == in)
		return -1;
	ulen = (size_t)(at - in);
	d = at + 1;
	dlen = strlen(d);
	if (dlen > 0 && d[dlen - 1] == '.')
		dlen--;
	if (!dns_name_valid(d, dlen) || ulen + 1 + dlen + 1 > out_size)
		return -1;
	for (i = 0; i < ulen; i++) {
		if (!sip_user_char((unsigned char)in[i]))
			return -1;
	}
	memcpy(out, in, ulen);
	out[ulen] = '@';
	for (i = 0; i < dlen; i++)
		out[ulen + 1 + i] = (char)tolower((unsigned char)d[i]);
	out[ulen + 1 + dlen] = '\0';
	return 0;
}

int
host_name_length(const char *host, size_t len)
{
	const char *colon;
	size_t i;

	if (len > 0 && host[0] == '[') {
		const char *close = memchr(host, ']', len);

		if (close == NULL)
			return -1;
		colon = close + 1;
		if (colon < host + len && *colon != ':')
			return -1;
	} else {
		colon = memchr(host, ':', len);
		if (colon == NULL)
			colon = host + len;
		if (!dns_name_valid(host, (size_t)(colon - host)) &&
		    !(colon > host && colon[-1] == '.' &&
		      dns_name_valid(host, (size_t)(colon - host) - 1)))
			return -1;
	}
	for (i = (size_t)(colon - host) + 1; colon < host + len && i < len; i++) {
		if (!isdigit((unsigned char)host[i]))
			return -1;
	}
	return (int)(colon - host);
}

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
		name_len = host_name_length(host, host_len);
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
