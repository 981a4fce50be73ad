/* SPDX-License-Identifier: MIT */
/*
 * probe_http.c: one request with libcurl, recorded as a hop.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <strings.h>

#include <curl/curl.h>

#include "probe_http.h"

struct exchange {
	const struct probe_options	*opt;
	CURL				*curl;
	struct probe_hop		*hop;
	struct probe_response		*res;
	char				 host[256];
	bool				 tls_seen;
	bool				 oom;
	bool				 tcp_connected;	/* a socket closed while connected */
};

int
probe_http_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
probe_http_cleanup(void)
{
	curl_global_cleanup();
}

static void
inspect_tls_once(struct exchange *x)
{
	struct curl_tlssessioninfo *info = NULL;

	if (x->tls_seen)
		return;
	x->tls_seen = true;
	if (curl_easy_getinfo(x->curl, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == NULL ||
	    info->backend != CURLSSLBACKEND_GNUTLS || info->internals == NULL)
		return;
	probe_tls_inspect(info->internals, x->host, x->opt->cacert, &x->hop->tls);
}

static char *
append(char *s, const char *sep, const char *v, size_t vlen)
{
	size_t n = s ? strlen(s) : 0, sl = s ? strlen(sep) : 0;
	char *t = realloc(s, n + sl + vlen + 1);

	if (t == NULL) {
		free(s);
		return NULL;
	}
	if (n > 0 || sl > 0)
		memcpy(t + n, sep, sl);
	memcpy(t + n + sl, v, vlen);
	t[n + sl + vlen] = '\0';
	return t;
}

/* The value of header line h if its name is name, trimmed, in *vlen; NULL otherwise. */
static const char *
header_value(const char *h, size_t n, const char *name, size_t *vlen)
{
	size_t l = strlen(name);

	if (n <= l || strncasecmp(h, name, l) != 0 || h[l] != ':')
		return NULL;
	h += l + 1;
	n -= l + 1;
	while (n > 0 && (*h == ' ' || *h == '\t'))
		h++, n--;
	while (n > 0 && (h[n - 1] == '\r' || h[n - 1] == '\n' || h[n - 1] == ' '))
		n--;
	*vlen = n;
	return h;
}

static size_t
on_header(char *h, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	const char *v;
	size_t vlen;

	(void)size;
	inspect_tls_once(x);
	if (n >= 5 && strncmp(h, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue): forget the previous one's headers. */
		free(x->res->www_authenticate);
		x->res->www_authenticate = NULL;
	}
	if ((v = header_value(h, n, "WWW-Authenticate", &vlen)) != NULL) {
		x->res->www_authenticate = append(x->res->www_authenticate, ", ", v, vlen);
		x->oom |= x->res->www_authenticate == NULL;
	} else if ((v = header_value(h, n, "X-MS-WebTicketURL", &vlen)) != NULL) {
		free(x->res->webticket_url);
		x->res->webticket_url = strndup(v, vlen);
	} else if ((v = header_value(h, n, "X-Ms-diagnostics", &vlen)) != NULL) {
		free(x->res->diagnostics);
		x->res->diagnostics = strndup(v, vlen);
	}
	return n;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	char *b;

	(void)size;
	inspect_tls_once(x);
	if (x->res->len + n > 4u << 20)
		return 0;	/* 4 MiB: no discovery document is that large */
	b = realloc(x->res->body, x->res->len + n + 1);
	if (b == NULL) {
		x->oom = true;
		return 0;
	}
	memcpy(b + x->res->len, data, n);
	x->res->len += n;
	b[x->res->len] = '\0';
	x->res->body = b;
	return n;
}

/*
 * curl closes a connection that failed before perform returns. A socket
 * connected when closed means TCP was up: with a timeout and no TLS, the
 * handshake never completed (libcurl records no connect time for a connect
 * phase that times out during TLS, so its timers cannot tell).
 */
static int
close_socket(void *cls, curl_socket_t fd)
{
	struct exchange *x = cls;
	struct sockaddr_storage peer;
	socklen_t len = sizeof peer;

	if (getpeername(fd, (struct sockaddr *)&peer, &len) == 0)
		x->tcp_connected = true;
	return close(fd);
}

static enum probe_net_error
classify(const struct exchange *x, CURLcode rc, bool https)
{
	switch (rc) {
	case CURLE_OK:
		return PROBE_NET_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
		return PROBE_NET_DNS;
	case CURLE_COULDNT_CONNECT:
		return PROBE_NET_REFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return https && x->tcp_connected && !x->tls_seen ? PROBE_NET_TLS_TIMEOUT :
		    PROBE_NET_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		return PROBE_NET_TLS;
	default:
		return PROBE_NET_OTHER;
	}
}

static int
setup(struct exchange *x, const char *url, const char *accept, const char *const *headers,
    const char *post, struct curl_slist **hdrs, struct curl_slist **cto)
{
	CURL *c = x->curl;
	char line[4096];
	size_t i;

	for (i = 0; i < x->opt->n_connect_to; i++)
		*cto = curl_slist_append(*cto, x->opt->connect_to[i]);
	snprintf(line, sizeof line, "Accept: %s", accept);
	*hdrs = curl_slist_append(*hdrs, line);
	for (i = 0; *hdrs != NULL && headers != NULL && headers[i] != NULL; i++)
		*hdrs = curl_slist_append(*hdrs, headers[i]);
	if (*hdrs == NULL || (x->opt->n_connect_to > 0 && *cto == NULL))
		return -1;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, x);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hdrs);
	curl_easy_setopt(c, CURLOPT_CONNECT_TO, *cto);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "lyncdiscover-probe/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, x->opt->timeout_s);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, x->opt->timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* Judged by probe_tls.c, so that an untrusted or misnamed certificate is described. */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	if (post == NULL) {
		/*
		 * Unverified by curl: no trust store for it to load. Loading the
		 * system's on every handshake cost more than the exchange itself
		 * (~0.6 s a hop under the sanitizers).
		 */
		curl_easy_setopt(c, CURLOPT_CAINFO, NULL);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	} else {
		/* A password is never sent before the certificate is verified. */
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
		if (x->opt->cacert != NULL)
			curl_easy_setopt(c, CURLOPT_CAINFO, x->opt->cacert);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
	}
	return 0;
}

static void
host_of(const char *url, char *host, size_t size)
{
	CURLU *u = curl_url();
	char *h = NULL;

	host[0] = '\0';
	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
		snprintf(host, size, "%s", h);
	curl_free(h);
	curl_url_cleanup(u);
}

int
probe_http(const struct probe_options *opt, const char *url, const char *accept,
    const char *const *headers, const char *post, struct probe_hop *hop,
    struct probe_response *res)
{
	struct exchange x = { .opt = opt, .hop = hop, .res = res };
	struct curl_slist *hdrs = NULL, *cto = NULL;
	curl_off_t us = 0;
	CURLcode rc;
	int ret = -1;

	memset(res, 0, sizeof *res);
	hop->method = strdup(post ? "POST" : "GET");
	hop->url = strdup(url);
	host_of(url, x.host, sizeof x.host);
	x.curl = curl_easy_init();
	if (x.curl == NULL || hop->method == NULL || hop->url == NULL ||
	    setup(&x, url, accept, headers, post, &hdrs, &cto) != 0)
		goto out;
	rc = curl_easy_perform(x.curl);
	if (x.oom)
		goto out;
	res->net = classify(&x, rc, strncmp(url, "https:", 6) == 0);
	if (rc != CURLE_OK)
		snprintf(res->error, sizeof res->error, "%s", curl_easy_strerror(rc));
	curl_easy_getinfo(x.curl, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(x.curl, CURLINFO_TOTAL_TIME_T, &us);
	hop->status = res->status;
	hop->ms = (long)(us / 1000);
	if (res->net == PROBE_NET_OK) {
		char *ct = NULL;

		curl_easy_getinfo(x.curl, CURLINFO_CONTENT_TYPE, &ct);
		if (ct != NULL && (res->content_type = strdup(ct)) == NULL)
			goto out;
	}
	ret = 0;
out:
	curl_slist_free_all(hdrs);
	curl_slist_free_all(cto);
	if (x.curl != NULL)
		curl_easy_cleanup(x.curl);
	return ret;
}

void
probe_http_response_free(struct probe_response *res)
{
	free(res->body);
	free(res->content_type);
	free(res->www_authenticate);
	free(res->webticket_url);
	free(res->diagnostics);
	memset(res, 0, sizeof *res);
}
