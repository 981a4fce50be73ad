/*
 * tls.c: TLS material with GnuTLS.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

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
	char *s = read_file(path, NULL);

	if (s == NULL)
		*cause = xasprintf_s("cannot read %s %s: %s", what, path, strerror(errno));
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
				diag_add(d, t->source, p->line, "listener %s port %u: %s",
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

static int
write_file(const char *path, const gnutls_datum_t *data, mode_t mode, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	ssize_t n;

	if (fd < 0) {
		*cause = xasprintf_s("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	n = write(fd, data->data, data->size);
	if (close(fd) != 0 || n != (ssize_t)data->size) {
		*cause = xasprintf_s("cannot write %s", path);
		return -1;
	}
	return 0;
}

/* Fills crt's fields for a server certificate covering names and the loopback addresses. */
static int
fill_certificate(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, const char *const *names,
    size_t n)
{
	static const unsigned char v4[4] = { 127, 0, 0, 1 };
	static const unsigned char v6[16] = { [15] = 1 };
	unsigned char serial[16];
	time_t now = time(NULL);
	size_t i;
	int rc = 0;

	if (gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
		return -1;
	serial[0] &= 0x7f;	/* a positive serial number */
	rc |= gnutls_x509_crt_set_version(crt, 3);
	rc |= gnutls_x509_crt_set_serial(crt, serial, sizeof serial);
	rc |= gnutls_x509_crt_set_activation_time(crt, now - 3600);
	rc |= gnutls_x509_crt_set_expiration_time(crt, now + 90 * 86400);
	rc |= gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    names[0], (unsigned)strlen(names[0]));
	rc |= gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
	    "lyncdiscover lab", 16);
	for (i = 0; i < n; i++)
		rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, names[i],
		    (unsigned)strlen(names[i]), GNUTLS_FSAN_APPEND);
	rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v4, 4,
	    GNUTLS_FSAN_APPEND);
	rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v6, 16,
	    GNUTLS_FSAN_APPEND);
	rc |= gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
	rc |= gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
	rc |= gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
	rc |= gnutls_x509_crt_set_key(crt, key);
	if (rc != 0)
		return -1;
	return gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) < 0 ? -1 : 0;
}

int
tls_make_lab_cert(const char *dir, const char *const *names, size_t n, char **cert_file,
    char **key_file, char **cause)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t kpem = { NULL, 0 }, cpem = { NULL, 0 };
	int rc = -1;

	*cert_file = xasprintf_s("%s/lab-cert.pem", dir);
	*key_file = xasprintf_s("%s/lab-key.pem", dir);
	if (*cert_file == NULL || *key_file == NULL ||
	    gnutls_x509_privkey_init(&key) < 0 || gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
	    fill_certificate(crt, key, names, n) != 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kpem) < 0 ||
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cpem) < 0) {
		*cause = xstrdup("cannot generate the lab certificate");
		goto out;
	}
	if (write_file(*key_file, &kpem, 0600, cause) == 0 &&
	    write_file(*cert_file, &cpem, 0644, cause) == 0)
		rc = 0;
out:
	gnutls_free(kpem.data);
	gnutls_free(cpem.data);
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (key != NULL)
		gnutls_x509_privkey_deinit(key);
	if (rc != 0) {
		free(*cert_file);
		free(*key_file);
		*cert_file = *key_file = NULL;
	}
	return rc;
}
