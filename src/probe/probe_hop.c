/* SPDX-License-Identifier: MIT */
/*
 * probe_hop.c: one request of a walk, recorded as a hop and its transport
 * judged (probe_hop.h) — for the walk (probe_walk.c) and the web-ticket
 * sign-in (probe_webticket.c) alike.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "probe_hop.h"

static struct probe_hop *
next_hop(struct probe_walk *w)
{
	if (w->n_hops == PROBE_MAX_HOPS)
		return NULL;
	return &w->hops[w->n_hops++];
}

void
probe_hop_note(struct probe_hop *h, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(h->note);
	h->note = strdup(buf);
}

/* Records the problems of a hop that got no (sound) answer. Returns 0 when the answer is usable. */
static int
judge_transport(struct probe_walk *w, struct probe_hop *h, const struct probe_response *r)
{
	static const char *const net_codes[] = {
		[PROBE_NET_DNS] = "dns-name-missing", [PROBE_NET_REFUSED] = "connection-refused",
		[PROBE_NET_TIMEOUT] = "connection-timeout", [PROBE_NET_TLS] = "tls-handshake-failed",
		[PROBE_NET_TLS_TIMEOUT] = "tls-handshake-timeout",
		[PROBE_NET_OTHER] = "http-status",
	};
	char host[256] = "";
	CURLU *u;
	char *hp = NULL;

	if (r->net != PROBE_NET_OK) {
		probe_problems_add(w, net_codes[r->net], "%s: %s", h->url, r->error);
		return -1;
	}
	if (!h->tls.used)
		return 0;
	if ((u = curl_url()) != NULL && curl_url_set(u, CURLUPART_URL, h->url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &hp, 0) == CURLUE_OK)
		snprintf(host, sizeof host, "%s", hp);
	curl_free(hp);
	curl_url_cleanup(u);
	if (h->tls.expired) {
		probe_problems_add(w, "tls-expired", "%s: the certificate has expired", h->url);
		return -1;
	}
	if (!h->tls.name_matches) {
		probe_problems_add(w, "tls-name-missing",
		    "%s: the certificate (names: %s) does not carry the name %s; mobile clients refuse it",
		    h->url, h->tls.names ? h->tls.names : "none", host);
		return -1;
	}
	if (!h->tls.trusted) {
		probe_problems_add(w, "tls-untrusted", "%s: the certificate is not trusted: %s", h->url,
		    h->tls.trust_error ? h->tls.trust_error : "unknown reason");
		return -1;
	}
	return 0;
}

int
probe_hop_exchange(const struct probe_options *opt, struct probe_walk *w, const char *url,
    const char *accept, const char *const *headers, const char *post, struct probe_response *r,
    struct probe_hop **hop)
{
	struct probe_hop *h = next_hop(w);

	memset(r, 0, sizeof *r);
	if (h == NULL) {
		probe_problems_add(w, "redirect-chain-too-long", "more than %d requests", PROBE_MAX_HOPS);
		return -1;
	}
	*hop = h;
	if (probe_http(opt, url, accept, headers, post, h, r) != 0) {
		probe_problems_add(w, "internal-error", "out of memory");
		return -1;
	}
	return judge_transport(w, h, r);
}

