/* SPDX-License-Identifier: MIT */
/*
 * cert_info.c: DNS subjectAltNames and validity of a PEM certificate file.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cert_info.h"
#include "files.h"
#include "util.h"

#define MAX_CHAIN 16

bool
cert_info_san_matches(const char *pattern, const char *name)
{
	const char *rest, *dot;

	if (strncmp(pattern, "*.", 2) != 0)
		return strcasecmp(pattern, name) == 0;
	rest = pattern + 1;			/* ".example.com" */
	if (strchr(rest + 1, '.') == NULL)	/* "*.com": too broad, never matches */
		return false;
	dot = strchr(name, '.');
	return dot != NULL && dot != name && strcasecmp(dot, rest) == 0;
}

static int
collect_dns(gnutls_x509_crt_t crt, struct cert_info *ci)
{
	char buf[1024];
	size_t size;
	unsigned type, i;
	char **dns;
	int rc;

	for (i = 0;; i++) {
		size = sizeof buf;
		rc = gnutls_x509_crt_get_subject_alt_name2(crt, i, buf, &size, &type, NULL);
		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (rc < 0)
			continue;	/* one we cannot read (too long): not a usable name anyway */
		if (type != GNUTLS_SAN_DNSNAME)
			continue;
		dns = realloc(ci->dns, (ci->n_dns + 1) * sizeof *dns);
		if (dns == NULL)
			return -1;
		ci->dns = dns;
		if ((dns[ci->n_dns] = xstrdup(buf)) == NULL)
			return -1;
		ci->n_dns++;
	}
}

int
cert_info_load(const char *file, struct cert_info *ci, char **cause)
{
	gnutls_x509_crt_t chain[MAX_CHAIN];
	unsigned n = MAX_CHAIN, i;
	gnutls_datum_t pem;
	char *text;
	size_t len;
	int rc;

	memset(ci, 0, sizeof *ci);
	if ((text = files_read(file, &len)) == NULL) {
		*cause = xasprintf_s("cannot read certificate %s: %s", file, files_strerror(errno));
		return -1;
	}
	pem.data = (unsigned char *)text;
	pem.size = (unsigned)len;
	rc = gnutls_x509_crt_list_import(chain, &n, &pem, GNUTLS_X509_FMT_PEM,
	    GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	free(text);
	if (rc < 0) {
		*cause = xasprintf_s("certificate %s: %s", file, gnutls_strerror(rc));
		return -1;
	}
	ci->n_chain = n;
	ci->not_before = gnutls_x509_crt_get_activation_time(chain[0]);
	ci->not_after = gnutls_x509_crt_get_expiration_time(chain[0]);
	ci->file = xstrdup(file);
	rc = ci->file != NULL ? collect_dns(chain[0], ci) : -1;
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	if (rc != 0) {
		cert_info_free(ci);
		*cause = xstrdup("out of memory");
		return -1;
	}
	return 0;
}

bool
cert_info_covers(const struct cert_info *ci, const char *name)
{
	size_t i;

	for (i = 0; i < ci->n_dns; i++) {
		if (cert_info_san_matches(ci->dns[i], name))
			return true;
	}
	return false;
}

void
cert_info_free(struct cert_info *ci)
{
	size_t i;

	for (i = 0; i < ci->n_dns; i++)
		free(ci->dns[i]);
	free(ci->dns);
	free(ci->file);
	memset(ci, 0, sizeof *ci);
}
