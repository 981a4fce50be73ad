/* SPDX-License-Identifier: MIT */
/*
 * probe_tls.c: what a client would think of the server's certificate — its
 * DNS names, whether it chains to the trust anchors (--cacert or the system's),
 * whether it carries the name that was asked, whether it has expired — read
 * with GnuTLS from the session libcurl opened.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "probe_http.h"

static char *
dns_names(gnutls_x509_crt_t crt)
{
	char name[512], *out = NULL;
	size_t len = 0;
	unsigned i;

	for (i = 0;; i++) {
		size_t size = sizeof name;
		unsigned type = 0;
		int rc = gnutls_x509_crt_get_subject_alt_name2(crt, i, name, &size, &type, NULL);
		char *t;

		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (rc < 0 || rc != GNUTLS_SAN_DNSNAME)
			continue;
		t = realloc(out, len + size + 2);
		if (t == NULL)
			break;
		out = t;
		if (len > 0)
			out[len++] = ' ';
		memcpy(out + len, name, size);
		len += size;
		out[len] = '\0';
	}
	return out != NULL ? out : strdup("");
}

static void
judge_trust(const gnutls_datum_t *chain, unsigned n, const char *cacert, struct probe_tls *t)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *crts = NULL;
	unsigned i, status = 0, ncrt = 0;
	gnutls_datum_t out = { NULL, 0 };

	crts = calloc(n, sizeof *crts);
	if (crts == NULL || gnutls_x509_trust_list_init(&tl, 0) < 0)
		goto done;
	if ((cacert != NULL ? gnutls_x509_trust_list_add_trust_file(tl, cacert, NULL,
	    GNUTLS_X509_FMT_PEM, 0, 0) : gnutls_x509_trust_list_add_system_trust(tl, 0, 0)) < 0) {
		t->trust_error = strdup("the trust anchors could not be read");
		goto done;
	}
	for (i = 0; i < n; i++, ncrt++)
		if (gnutls_x509_crt_init(&crts[i]) < 0 ||
		    gnutls_x509_crt_import(crts[i], &chain[i], GNUTLS_X509_FMT_DER) < 0)
			goto done;
	if (gnutls_x509_trust_list_verify_crt(tl, crts, n, 0, &status, NULL) < 0)
		goto done;
	t->trusted = status == 0;
	if (status != 0 &&
	    gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out, 0) >= 0) {
		t->trust_error = strdup((const char *)out.data);
		gnutls_free(out.data);
	}
done:
	for (i = 0; i < ncrt; i++)
		if (crts[i] != NULL)
			gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
}

void
probe_tls_inspect(void *session, const char *host, const char *cacert, struct probe_tls *t)
{
	gnutls_session_t s = session;
	const gnutls_datum_t *chain;
	gnutls_x509_crt_t crt;
	unsigned n = 0;
	const char *v = gnutls_protocol_get_name(gnutls_protocol_get_version(s));

	t->used = true;
	snprintf(t->version, sizeof t->version, "%s", v != NULL ? v : "?");
	chain = gnutls_certificate_get_peers(s, &n);
	if (chain == NULL || n == 0 || gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, &chain[0], GNUTLS_X509_FMT_DER) >= 0) {
		t->names = dns_names(crt);
		t->name_matches = gnutls_x509_crt_check_hostname(crt, host) != 0;
		t->expired = gnutls_x509_crt_get_expiration_time(crt) < time(NULL);
	}
	gnutls_x509_crt_deinit(crt);
	judge_trust(chain, n, cacert, t);
}
