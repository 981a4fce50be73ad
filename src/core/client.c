/* SPDX-License-Identifier: MIT */
/*
 * client.c: the effective client behind trusted proxies, and the access
 * location of access="auto" and access="by-name" listeners.
 *
 * Precedence: Forwarded when a trusted peer sent it, else X-Forwarded-*.
 * The client address is found right to left: the peer, then each hop the
 * headers list, skipping trusted proxies; the first untrusted hop is the
 * client (all trusted: the left-most). Scheme and host come from the
 * client's Forwarded element (else the right-most one that has them), or
 * from the right-most X-Forwarded-Proto / X-Forwarded-Host value — the one
 * our own proxy set. See README, "Behind a proxy".
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "cidr.h"
#include "client.h"
#include "hostname.h"
#include "util.h"

#define MAX_HOPS 32

struct hop {
	const char	*for_, *proto, *host;	/* not NUL-terminated */
	size_t		 for_len, proto_len, host_len;
};

/* Strips spaces and one pair of double quotes. */
static void
trim(const char **s, size_t *len)
{
	trim_ows(s, len);
	if (*len >= 2 && (*s)[0] == '"' && (*s)[*len - 1] == '"') {
		(*s)++;
		*len -= 2;
	}
}

/* One Forwarded element: "for=..;proto=..;host=..". */
static void
forwarded_element(const char *s, size_t len, struct hop *h)
{
	const char *end = s + len, *semi, *eq, *v;
	size_t nlen, vlen;

	memset(h, 0, sizeof *h);
	while (s < end) {
		semi = memchr(s, ';', (size_t)(end - s));
		if (semi == NULL)
			semi = end;
		eq = memchr(s, '=', (size_t)(semi - s));
		if (eq != NULL) {
			nlen = (size_t)(eq - s);
			trim(&s, &nlen);
			v = eq + 1;
			vlen = (size_t)(semi - v);
			trim(&v, &vlen);
			if (nlen == 3 && strncasecmp(s, "for", 3) == 0)
				h->for_ = v, h->for_len = vlen;
			else if (nlen == 5 && strncasecmp(s, "proto", 5) == 0)
				h->proto = v, h->proto_len = vlen;
			else if (nlen == 4 && strncasecmp(s, "host", 4) == 0)
				h->host = v, h->host_len = vlen;
		}
		s = semi + 1;
	}
}

/* Splits a comma list (Forwarded elements or X-Forwarded-For hops). Returns the count. */
static size_t
split_list(const char *s, bool forwarded, struct hop *hops)
{
	const char *comma;
	size_t n = 0, len;

	while (s != NULL && *s != '\0' && n < MAX_HOPS) {
		comma = strchr(s, ',');
		len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (forwarded)
			forwarded_element(s, len, &hops[n]);
		else {
			memset(&hops[n], 0, sizeof hops[n]);
			hops[n].for_ = s;
			hops[n].for_len = len;
			trim(&hops[n].for_, &hops[n].for_len);
		}
		n++;
		s = comma != NULL ? comma + 1 : NULL;
	}
	return n;
}

/* The right-most value of a comma list, trimmed. */
static const char *
last_value(const char *s, size_t *len)
{
	const char *comma;

	if (s == NULL)
		return NULL;
	comma = strrchr(s, ',');
	s = comma != NULL ? comma + 1 : s;
	*len = strlen(s);
	trim(&s, len);
	return *len > 0 ? s : NULL;
}

static bool
trusted(const struct topology *t, const struct netaddr *a)
{
	return cidr_list_contains(t->trusted_proxies, t->n_trusted_proxies, a);
}

/* Walks the hops right to left; returns the index of the client's hop. */
static size_t
client_hop(const struct topology *t, const struct hop *hops, size_t n, struct client *c)
{
	size_t i = n;

	while (i > 0) {
		i--;
		if (netaddr_parse(hops[i].for_, hops[i].for_len, &c->addr) != 0) {
			memset(&c->addr, 0, sizeof c->addr);	/* "unknown" or obfuscated */
			return i;
		}
		if (!trusted(t, &c->addr))
			return i;
	}
	return 0;
}

/* A parameter of the client's Forwarded element, else of the right-most element that has it. */
static const char *
pick(const struct hop *hops, size_t n, size_t i, bool proto, size_t *len)
{
	size_t k = n;

	if ((proto ? hops[i].proto : hops[i].host) != NULL)
		k = i + 1;
	while (k > 0 && (proto ? hops[k - 1].proto : hops[k - 1].host) == NULL)
		k--;
	if (k == 0)
		return NULL;
	*len = proto ? hops[k - 1].proto_len : hops[k - 1].host_len;
	return proto ? hops[k - 1].proto : hops[k - 1].host;
}

static void
set_proto(struct client *c, const char *proto, size_t len)
{
	if (proto != NULL)
		c->tls = len == 5 && strncasecmp(proto, "https", 5) == 0;
}

static void
believe(const struct topology *t, const struct request *rq, struct client *c)
{
	struct hop hops[MAX_HOPS];
	bool fwd = rq->forwarded != NULL;
	size_t n = split_list(fwd ? rq->forwarded : rq->x_forwarded_for, fwd, hops), i, len = 0;
	const char *v;

	if (n > 0) {
		i = client_hop(t, hops, n, c);
		c->via_proxy = true;
	}
	if (fwd) {
		if (n == 0)
			return;
		v = pick(hops, n, i, true, &len);
		set_proto(c, v, len);
		if ((v = pick(hops, n, i, false, &len)) != NULL) {
			c->host = v;
			c->host_len = len;
			c->host_forwarded = true;
		}
		return;
	}
	if ((v = last_value(rq->x_forwarded_proto, &len)) != NULL) {
		set_proto(c, v, len);
		c->via_proxy = true;
	}
	if ((v = last_value(rq->x_forwarded_host, &len)) != NULL) {
		c->host = v;
		c->host_len = len;
		c->host_forwarded = true;
		c->via_proxy = true;
	}
}

static enum access_location
auto_location(const struct topology *t, const struct client *c)
{
	static const char prefix[] = "lyncdiscoverinternal.";

	if (cidr_list_contains(t->internal_networks, t->n_internal_networks, &c->addr))
		return ACCESS_INTERNAL;
	if (t->access_host_fallback && c->host != NULL && c->host_len > sizeof prefix - 1 &&
	    strncasecmp(c->host, prefix, sizeof prefix - 1) == 0)
		return ACCESS_INTERNAL;
	return ACCESS_EXTERNAL;
}

/* Does name (len bytes) start with prefix (any case) and go on after it? */
static bool
has_prefix(const char *name, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len > n && strncasecmp(name, prefix, n) == 0;
}

enum access_location
client_location_by_name(const struct topology *t, const char *name, size_t len,
    enum access_location dflt)
{
	enum access_location loc;
	int name_len = name != NULL ? hostname_length(name, len) : -1;

	if (name_len <= 0 || name[0] == '[')
		return dflt;	/* no name, an address literal, or not a name at all */
	if (has_prefix(name, (size_t)name_len, "lyncdiscoverinternal."))
		return ACCESS_INTERNAL;
	if (has_prefix(name, (size_t)name_len, "lyncdiscover."))
		return ACCESS_EXTERNAL;
	if (topology_find_web(t, name, (size_t)name_len, &loc) != NULL)
		return loc;
	return dflt;
}

/*
 * access="by-name": the name the client asked for. Behind a trusted proxy
 * whose headers name the host, that host (the TLS connection, SNI and all,
 * is the proxy's); else the SNI of the connection; else the Host header.
 * SNI wins over a Host that says otherwise: the connection, and the
 * certificate it was given, belong to the SNI name, as they would with two
 * listeners behind two addresses. lyncdiscoverd.conf(5) says why.
 */
static enum access_location
by_name_location(const struct topology *t, const struct request *rq, const struct client *c)
{
	if (c->host_forwarded)
		return client_location_by_name(t, c->host, c->host_len, rq->location);
	if (rq->sni != NULL && rq->sni[0] != '\0')
		return client_location_by_name(t, rq->sni, strlen(rq->sni), rq->location);
	return client_location_by_name(t, rq->host, rq->host != NULL ? strlen(rq->host) : 0,
	    rq->location);
}

void
client_effective(const struct topology *t, const struct request *rq, struct client *c)
{
	memset(c, 0, sizeof *c);
	c->addr = rq->peer;
	c->tls = rq->tls;
	c->host = rq->host;
	c->host_len = rq->host != NULL ? strlen(rq->host) : 0;
	c->location = rq->location;
	/* Behind a PROXY header the TCP peer was a trusted proxy, whatever the header says. */
	if (rq->via_trusted_proxy || (rq->peer.family != 0 && trusted(t, &rq->peer)))
		believe(t, rq, c);
	if (rq->location_mode == ACCESS_AUTO)
		c->location = auto_location(t, c);
	else if (rq->location_mode == ACCESS_BY_NAME)
		c->location = by_name_location(t, rq, c);
}
