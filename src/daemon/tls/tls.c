/* SPDX-License-Identifier: MIT */
/*
 * tls.c: TLS material with GnuTLS.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "files.h"
#include "tls.h"
#include "util.h"

int
tls_priority_check(const char *priority, char **cause)
{
	gnutls_priority_t p;
	const char *where = NULL;
	int rc = gnutls_priority_init(&p, priority, &where);

	if (rc != GNUTLS_E_SUCCESS) {
		*cause = xasprintf_s("invalid TLS priority string near \"%s\": %s",
		    where != NULL ? where : "", gnutls_strerror(rc));
		return -1;
	}
	gnutls_priority_deinit(p);
	return 0;
}

static char *
read_pem(const char *path, const char *what, char **cause)
{
	char *s = files_read(path, NULL);

	if (s == NULL)
		*cause = xasprintf_s("cannot read %s %s: %s", what, path, files_strerror(errno));
	return s;
}

int
tls_load_pair(const char *cert_file, const char *key_file, char **cert_pem, char **key_pem,
    char **cause)
{
	gnutls_certificate_credentials_t cred;
	gnutls_datum_t c, k;
	int rc;

	*cert_pem = *key_pem = NULL;
	if ((*cert_pem = read_pem(cert_file, "certificate", cause)) == NULL ||
	    (*key_pem = read_pem(key_file, "key", cause)) == NULL)
		goto fail;
	/* GnuTLS would only say "The requested data were not available." */
	if (strstr(*key_pem, "PRIVATE KEY-----") == NULL) {
		*cause = xasprintf_s("%s holds no private key%s", key_file,
		    strstr(*key_pem, "-----BEGIN CERTIFICATE-----") != NULL ?
		    " (is it the certificate?)" : " (PEM, -----BEGIN ... PRIVATE KEY-----)");
		goto fail;
	}
	if (strstr(*cert_pem, "-----BEGIN CERTIFICATE-----") == NULL) {
		*cause = xasprintf_s("%s holds no certificate%s", cert_file,
		    strstr(*cert_pem, "PRIVATE KEY-----") != NULL ? " (is it the key?)" :
		    " (PEM, -----BEGIN CERTIFICATE-----)");
		goto fail;
	}
	c.data = (unsigned char *)*cert_pem;
	c.size = (unsigned)strlen(*cert_pem);
	k.data = (unsigned char *)*key_pem;
	k.size = (unsigned)strlen(*key_pem);
	if (gnutls_certificate_allocate_credentials(&cred) != GNUTLS_E_SUCCESS) {
		*cause = xstrdup("out of memory");
		goto fail;
	}
	rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM, NULL, 0);
	gnutls_certificate_free_credentials(cred);
	if (rc < 0) {
		*cause = xasprintf_s("certificate %s with key %s: %s", cert_file, key_file,
		    gnutls_strerror(rc));
		goto fail;
	}
	return 0;
fail:
	free(*cert_pem);
	free(*key_pem);
	*cert_pem = *key_pem = NULL;
	return -1;
}

int
tls_check_topology(const struct topology *t, struct diag *d)
{
	char *cause = NULL, *c, *k;
	size_t i;
	int rc = 0;

	if (tls_priority_check(t->tls_priority, &cause) != 0) {
		diag_add(d, t->source, t->settings_line, "settings: %s", cause);
		free(cause);
		rc = -1;
	}
	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];

		size_t j;

		for (j = 0; l->tls && j < l->n_certs; j++) {
			const struct cert_pair *p = &l->certs[j];

			if (tls_load_pair(p->cert_file, p->key_file, &c, &k, &cause) != 0) {
				/* A flag's listener: the flag, not a line of the lab's own document. */
				diag_add(d, l->flag != NULL ? l->flag : t->source,
				    l->flag != NULL ? 0 : p->line, "listener %s port %u: %s",
				    l->address, l->port, cause);
				free(cause);
				rc = -1;
				continue;
			}
			free(c);
			free(k);
		}
	}
	return rc;
}
