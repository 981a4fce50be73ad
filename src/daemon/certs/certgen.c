/* SPDX-License-Identifier: MIT */
/*
 * certgen.c: a lab CA and server certificates signed by it (GnuTLS x509).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "certgen.h"
#include "files.h"
#include "util.h"

#define CA_DAYS 3650
#define DAY 86400

struct keypair {
	gnutls_x509_crt_t	 crt;
	gnutls_x509_privkey_t	 key;
};

static void
keypair_free(struct keypair *kp)
{
	if (kp->crt != NULL)
		gnutls_x509_crt_deinit(kp->crt);
	if (kp->key != NULL)
		gnutls_x509_privkey_deinit(kp->key);
	kp->crt = NULL;
	kp->key = NULL;
}

static int
export_pair(const struct keypair *kp, const char *cert_file, const char *key_file, char **cause)
{
	gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
	int rc = -1;

	if (gnutls_x509_privkey_export2(kp->key, GNUTLS_X509_FMT_PEM, &k) < 0 ||
	    gnutls_x509_crt_export2(kp->crt, GNUTLS_X509_FMT_PEM, &c) < 0)
		*cause = xstrdup("cannot export a certificate or key");
	else if (files_write_atomically(key_file, k.data, k.size, 0600, cause) == 0 &&
	    files_write_atomically(cert_file, c.data, c.size, 0644, cause) == 0)
		rc = 0;
	gnutls_free(c.data);
	gnutls_free(k.data);
	return rc;
}

static int
new_key(struct keypair *kp)
{
	if (gnutls_x509_privkey_init(&kp->key) < 0 || gnutls_x509_crt_init(&kp->crt) < 0)
		return -1;
	return gnutls_x509_privkey_generate(kp->key, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ? -1 : 0;
}

/* Version, random positive serial, validity from an hour ago, key, key identifier. */
static int
set_common(struct keypair *kp, unsigned days)
{
	unsigned char serial[16], id[64];
	size_t id_size = sizeof id;
	time_t now = time(NULL);
	int rc = 0;

	if (gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial) < 0)
		return -1;
	serial[0] &= 0x7f;
	rc |= gnutls_x509_crt_set_version(kp->crt, 3);
	rc |= gnutls_x509_crt_set_serial(kp->crt, serial, sizeof serial);
	rc |= gnutls_x509_crt_set_activation_time(kp->crt, now - 3600);
	rc |= gnutls_x509_crt_set_expiration_time(kp->crt, now + (time_t)days * DAY);
	rc |= gnutls_x509_crt_set_key(kp->crt, kp->key);
	if (rc != 0 || gnutls_x509_crt_get_key_id(kp->crt, 0, id, &id_size) < 0)
		return -1;
	return gnutls_x509_crt_set_subject_key_id(kp->crt, id, id_size) < 0 ? -1 : 0;
}

static int
set_name(gnutls_x509_crt_t crt, const char *cn)
{
	static const char org[] = "lyncdiscover lab";

	if (gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, org,
	    sizeof org - 1) < 0)
		return -1;
	return gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
	    (unsigned)strlen(cn)) < 0 ? -1 : 0;
}

static int
make_ca(struct keypair *ca)
{
	unsigned char r[4];
	char cn[64];

	if (new_key(ca) != 0 || set_common(ca, CA_DAYS) != 0 ||
	    gnutls_rnd(GNUTLS_RND_NONCE, r, sizeof r) < 0)
		return -1;
	/* A distinct name per CA, so that test devices can tell two labs apart. */
	snprintf(cn, sizeof cn, "lyncdiscover lab CA %02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
	if (set_name(ca->crt, cn) != 0 ||
	    gnutls_x509_crt_set_basic_constraints(ca->crt, 1, 0) < 0 ||
	    gnutls_x509_crt_set_key_usage(ca->crt,
	    GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN | GNUTLS_KEY_DIGITAL_SIGNATURE) < 0)
		return -1;
	return gnutls_x509_crt_sign2(ca->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0) < 0 ? -1 : 0;
}

static int
import_file(const char *path, bool key, struct keypair *kp, char **cause)
{
	gnutls_datum_t d;
	size_t len;
	char *text = files_read(path, &len);
	int rc;

	if (text == NULL) {
		*cause = xasprintf_s("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	d.data = (unsigned char *)text;
	d.size = (unsigned)len;
	if (key)
		rc = gnutls_x509_privkey_init(&kp->key) < 0 ? -1 :
		    gnutls_x509_privkey_import(kp->key, &d, GNUTLS_X509_FMT_PEM);
	else
		rc = gnutls_x509_crt_init(&kp->crt) < 0 ? -1 :
		    gnutls_x509_crt_import(kp->crt, &d, GNUTLS_X509_FMT_PEM);
	free(text);
	if (rc < 0) {
		*cause = xasprintf_s("%s: %s", path, gnutls_strerror(rc));
		return -1;
	}
	return 0;
}

/* The CA in DIR if both its files exist, else a new one written there. */
static int
load_or_make_ca(struct certgen_result *res, struct keypair *ca, char **cause)
{
	bool have_crt = access(res->ca_file, F_OK) == 0;
	bool have_key = access(res->ca_key_file, F_OK) == 0;

	if (have_crt && have_key) {
		res->ca_reused = true;
		return import_file(res->ca_file, false, ca, cause) != 0 ||
		    import_file(res->ca_key_file, true, ca, cause) != 0 ? -1 : 0;
	}
	if (have_crt || have_key) {
		*cause = xasprintf_s("%s without %s: remove it, or put the other file back",
		    have_crt ? res->ca_file : res->ca_key_file,
		    have_crt ? res->ca_key_file : res->ca_file);
		return -1;
	}
	if (make_ca(ca) != 0) {
		*cause = xstrdup("cannot generate the CA certificate");
		return -1;
	}
	return export_pair(ca, res->ca_file, res->ca_key_file, cause);
}

static int
add_sans(gnutls_x509_crt_t crt, const struct certgen_request *rq)
{
	static const unsigned char v4[4] = { 127, 0, 0, 1 };
	static const unsigned char v6[16] = { [15] = 1 };
	size_t i;
	int rc = 0;

	for (i = 0; i < rq->n_dns; i++)
		rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, rq->dns[i],
		    (unsigned)strlen(rq->dns[i]), GNUTLS_FSAN_APPEND);
	if (rq->loopback) {
		rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v4,
		    sizeof v4, GNUTLS_FSAN_APPEND);
		rc |= gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, v6,
		    sizeof v6, GNUTLS_FSAN_APPEND);
	}
	return rc != 0 ? -1 : 0;
}

/* Do the certificate's and the key's public keys match? */
static bool
same_key(const struct keypair *kp)
{
	unsigned char a[64], b[64];
	size_t na = sizeof a, nb = sizeof b;

	return gnutls_x509_crt_get_key_id(kp->crt, 0, a, &na) >= 0 &&
	    gnutls_x509_privkey_get_key_id(kp->key, 0, b, &nb) >= 0 && na == nb &&
	    memcmp(a, b, na) == 0;
}

static bool
covers(gnutls_x509_crt_t crt, const struct certgen_request *rq)
{
	static const unsigned char v4[4] = { 127, 0, 0, 1 };
	static const unsigned char v6[16] = { [15] = 1 };
	size_t i;

	for (i = 0; i < rq->n_dns; i++) {
		if (!gnutls_x509_crt_check_hostname2(crt, rq->dns[i], 0))
			return false;
	}
	return !rq->loopback || (gnutls_x509_crt_check_ip(crt, v4, sizeof v4, 0) &&
	    gnutls_x509_crt_check_ip(crt, v6, sizeof v6, 0));
}

/* Can DIR/server.pem and its key serve on (see certgen_request.reuse_server)? */
static bool
server_reusable(const struct certgen_request *rq, const struct certgen_result *res,
    const struct keypair *ca)
{
	struct keypair srv = { NULL, NULL };
	time_t now = time(NULL);
	char *ignored = NULL;
	unsigned status = 1;
	bool ok;

	if (access(res->cert_file, F_OK) != 0 || access(res->key_file, F_OK) != 0)
		return false;
	ok = import_file(res->cert_file, false, &srv, &ignored) == 0 &&
	    import_file(res->key_file, true, &srv, &ignored) == 0 &&
	    gnutls_x509_crt_verify(srv.crt, &ca->crt, 1, 0, &status) >= 0 && status == 0 &&
	    gnutls_x509_crt_get_activation_time(srv.crt) <= now &&
	    gnutls_x509_crt_get_expiration_time(srv.crt) > now + CERTGEN_REUSE_DAYS * DAY &&
	    same_key(&srv) && covers(srv.crt, rq);
	free(ignored);
	keypair_free(&srv);
	return ok;
}

static int
make_server(const struct certgen_request *rq, const struct keypair *ca, struct keypair *srv)
{
	unsigned char id[64];
	size_t id_size = sizeof id;

	if (new_key(srv) != 0 || set_common(srv, rq->days) != 0 ||
	    set_name(srv->crt, rq->dns[0]) != 0 || add_sans(srv->crt, rq) != 0 ||
	    gnutls_x509_crt_set_basic_constraints(srv->crt, 0, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(srv->crt, GNUTLS_KEY_DIGITAL_SIGNATURE) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(srv->crt, GNUTLS_KP_TLS_WWW_SERVER, 0) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(ca->crt, id, &id_size, NULL) < 0 ||
	    gnutls_x509_crt_set_authority_key_id(srv->crt, id, id_size) < 0)
		return -1;
	return gnutls_x509_crt_sign2(srv->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0) < 0 ?
	    -1 : 0;
}

int
certgen_make(const struct certgen_request *rq, struct certgen_result *res, char **cause)
{
	struct keypair ca = { NULL, NULL }, srv = { NULL, NULL };
	int rc = -1;

	memset(res, 0, sizeof *res);
	res->ca_file = xasprintf_s("%s/ca.pem", rq->dir);
	res->ca_key_file = xasprintf_s("%s/ca-key.pem", rq->dir);
	res->cert_file = xasprintf_s("%s/server.pem", rq->dir);
	res->key_file = xasprintf_s("%s/server-key.pem", rq->dir);
	if (res->ca_file == NULL || res->ca_key_file == NULL || res->cert_file == NULL ||
	    res->key_file == NULL || rq->n_dns == 0)
		*cause = xstrdup(rq->n_dns == 0 ? "no names for the certificate" : "out of memory");
	else if (load_or_make_ca(res, &ca, cause) != 0)
		;
	else if (rq->reuse_server && server_reusable(rq, res, &ca)) {
		res->server_reused = true;
		rc = 0;
	} else if (make_server(rq, &ca, &srv) != 0)
		*cause = xstrdup("cannot generate the server certificate");
	else
		rc = export_pair(&srv, res->cert_file, res->key_file, cause);
	keypair_free(&ca);
	keypair_free(&srv);
	if (rc != 0)
		certgen_result_free(res);
	return rc;
}

void
certgen_result_free(struct certgen_result *res)
{
	free(res->ca_file);
	free(res->ca_key_file);
	free(res->cert_file);
	free(res->key_file);
	memset(res, 0, sizeof *res);
}

/* ------------------------------------------------------- the rig's TLS faults */

#define FAULT_WRONG_NAME "wrong-name.invalid"

static const char *const fault_files[CERTGEN_FAULTS] = {
	[CERTGEN_FAULT_EXPIRED] = "rig-expired",
	[CERTGEN_FAULT_WRONG_NAME] = "rig-wrong-name",
	[CERTGEN_FAULT_UNTRUSTED] = "rig-untrusted",
};

/* Copies the DNS and IP subjectAltNames of from into crt; -1 if it has none. */
static int
copy_sans(gnutls_x509_crt_t crt, gnutls_x509_crt_t from)
{
	char buf[1024];
	unsigned i, n = 0;
	size_t size;
	int type;

	for (i = 0;; i++) {
		size = sizeof buf;
		type = gnutls_x509_crt_get_subject_alt_name(from, i, buf, &size, NULL);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (type != GNUTLS_SAN_DNSNAME && type != GNUTLS_SAN_IPADDRESS)
			continue;
		if (gnutls_x509_crt_set_subject_alt_name(crt, (gnutls_x509_subject_alt_name_t)type,
		    buf, (unsigned)size, GNUTLS_FSAN_APPEND) < 0)
			return -1;
		n++;
	}
	return n > 0 ? 0 : -1;
}

/* A server certificate signed by ca: names from `names`, or wrong-name.invalid alone. */
static int
make_fault_leaf(const struct keypair *ca, struct keypair *leaf, gnutls_x509_crt_t names,
    bool expired)
{
	unsigned char id[64];
	size_t id_size = sizeof id;
	time_t now = time(NULL);
	int rc;

	if (new_key(leaf) != 0 || set_common(leaf, CERTGEN_DEFAULT_DAYS) != 0)
		return -1;
	if (names != NULL)
		rc = copy_sans(leaf->crt, names);
	else
		rc = gnutls_x509_crt_set_subject_alt_name(leaf->crt, GNUTLS_SAN_DNSNAME,
		    FAULT_WRONG_NAME, sizeof FAULT_WRONG_NAME - 1, GNUTLS_FSAN_APPEND) < 0 ? -1 : 0;
	if (rc != 0 || set_name(leaf->crt, names != NULL ? "lyncdiscover rig" : FAULT_WRONG_NAME))
		return -1;
	if (expired && (gnutls_x509_crt_set_activation_time(leaf->crt, now - 400 * DAY) < 0 ||
	    gnutls_x509_crt_set_expiration_time(leaf->crt, now - 30 * DAY) < 0))
		return -1;
	if (gnutls_x509_crt_set_basic_constraints(leaf->crt, 0, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(leaf->crt, GNUTLS_KEY_DIGITAL_SIGNATURE) < 0 ||
	    gnutls_x509_crt_set_key_purpose_oid(leaf->crt, GNUTLS_KP_TLS_WWW_SERVER, 0) < 0 ||
	    gnutls_x509_crt_get_subject_key_id(ca->crt, id, &id_size, NULL) < 0 ||
	    gnutls_x509_crt_set_authority_key_id(leaf->crt, id, id_size) < 0)
		return -1;
	return gnutls_x509_crt_sign2(leaf->crt, ca->crt, ca->key, GNUTLS_DIG_SHA256, 0) < 0 ?
	    -1 : 0;
}

/* PEM copies of a pair (malloc'd); -1 if it cannot be exported. */
static int
pem_pair(const struct keypair *kp, char **cert, char **key)
{
	gnutls_datum_t c = { NULL, 0 }, k = { NULL, 0 };
	int rc = -1;

	if (gnutls_x509_crt_export2(kp->crt, GNUTLS_X509_FMT_PEM, &c) >= 0 &&
	    gnutls_x509_privkey_export2(kp->key, GNUTLS_X509_FMT_PEM, &k) >= 0 &&
	    (*cert = xstrndup((const char *)c.data, c.size)) != NULL &&
	    (*key = xstrndup((const char *)k.data, k.size)) != NULL)
		rc = 0;
	gnutls_free(c.data);
	if (k.data != NULL)
		gnutls_memset(k.data, 0, k.size);
	gnutls_free(k.data);
	return rc;
}

/* The CA beside cert_file, if both its files are there and it signed leaf. */
static bool
ca_beside(const char *cert_file, gnutls_x509_crt_t leaf, struct keypair *ca, char **dir)
{
	const char *slash = strrchr(cert_file, '/');
	char *ca_file, *ca_key_file, *ignored = NULL;
	unsigned status = 1;
	bool ok;

	*dir = slash != NULL ? xstrndup(cert_file, (size_t)(slash - cert_file)) : xstrdup(".");
	ca_file = xasprintf_s("%s/ca.pem", *dir);
	ca_key_file = xasprintf_s("%s/ca-key.pem", *dir);
	ok = *dir != NULL && ca_file != NULL && ca_key_file != NULL &&
	    access(ca_file, R_OK) == 0 && access(ca_key_file, R_OK) == 0 &&
	    import_file(ca_file, false, ca, &ignored) == 0 &&
	    import_file(ca_key_file, true, ca, &ignored) == 0 &&
	    gnutls_x509_crt_verify(leaf, &ca->crt, 1, 0, &status) >= 0 && status == 0;
	free(ignored);
	free(ca_file);
	free(ca_key_file);
	if (!ok)
		keypair_free(ca);
	return ok;
}

/* Writes the pairs beside the CA they came from; a failure is only a loss of convenience. */
static void
write_faults(const char *dir, const struct keypair *pairs)
{
	char *cert, *key, *ignored = NULL;
	int i;

	for (i = 0; i < CERTGEN_FAULTS; i++) {
		cert = xasprintf_s("%s/%s.pem", dir, fault_files[i]);
		key = xasprintf_s("%s/%s-key.pem", dir, fault_files[i]);
		if (cert != NULL && key != NULL)
			(void)export_pair(&pairs[i], cert, key, &ignored);
		free(ignored);
		ignored = NULL;
		free(cert);
		free(key);
	}
}

int
certgen_faults_make(const char *cert_file, struct certgen_faults *out, char **cause)
{
	struct keypair leaf = { NULL, NULL }, ca = { NULL, NULL }, untrusted = { NULL, NULL };
	struct keypair pairs[CERTGEN_FAULTS];
	char *dir = NULL;
	int i, rc = -1;

	memset(out, 0, sizeof *out);
	memset(pairs, 0, sizeof pairs);
	if (import_file(cert_file, false, &leaf, cause) != 0)
		return -1;
	out->ca_beside = ca_beside(cert_file, leaf.crt, &ca, &dir);
	if ((!out->ca_beside && make_ca(&ca) != 0) || make_ca(&untrusted) != 0 ||
	    make_fault_leaf(&ca, &pairs[CERTGEN_FAULT_EXPIRED], leaf.crt, true) != 0 ||
	    make_fault_leaf(&ca, &pairs[CERTGEN_FAULT_WRONG_NAME], NULL, false) != 0 ||
	    make_fault_leaf(&untrusted, &pairs[CERTGEN_FAULT_UNTRUSTED], leaf.crt, false) != 0)
		*cause = xasprintf_s("%s: cannot make the TLS faults' certificates (a certificate "
		    "without DNS or IP subjectAltNames?)", cert_file);
	else {
		for (rc = 0, i = 0; i < CERTGEN_FAULTS && rc == 0; i++)
			rc = pem_pair(&pairs[i], &out->cert[i], &out->key[i]);
		if (rc != 0)
			*cause = xstrdup("out of memory");
		else if (out->ca_beside)
			write_faults(dir, pairs);
	}
	for (i = 0; i < CERTGEN_FAULTS; i++)
		keypair_free(&pairs[i]);
	keypair_free(&leaf);
	keypair_free(&ca);
	keypair_free(&untrusted);
	free(dir);
	if (rc != 0)
		certgen_faults_free(out);
	return rc;
}

void
certgen_faults_free(struct certgen_faults *f)
{
	int i;

	for (i = 0; i < CERTGEN_FAULTS; i++) {
		free(f->cert[i]);
		if (f->key[i] != NULL)
			gnutls_memset(f->key[i], 0, strlen(f->key[i]));
		free(f->key[i]);
		f->cert[i] = f->key[i] = NULL;
	}
}
