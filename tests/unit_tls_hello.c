/* SPDX-License-Identifier: MIT */
/*
 * unit_tls_hello.c: ClientHellos built byte by byte against the default TLS
 * priority and kinds of certificate key — the alert each refusal gets
 * (protocol_version, handshake_failure), what goes on to GnuTLS, and
 * messages this check cannot read (left to GnuTLS, never refused here).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "check.h"
#include "tls_hello.h"
#include "topology.h"

/* A ClientHello's body under construction. */
struct msg {
	unsigned char	 b[1024];
	size_t		 len;
};

static void
put(struct msg *m, const void *p, size_t n)
{
	if (m->len + n > sizeof m->b)
		abort();
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void
put16(struct msg *m, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	put(m, b, 2);
}

/* A list of 16-bit values ended by 0: its length in len_bytes (1 or 2), then the values. */
static void
put_list(struct msg *m, size_t len_bytes, const unsigned *v)
{
	size_t n = 0;
	unsigned char one;

	while (v[n] != 0)
		n++;
	if (len_bytes == 1) {
		one = (unsigned char)(2 * n);
		put(m, &one, 1);
	} else {
		put16(m, (unsigned)(2 * n));
	}
	for (size_t i = 0; i < n; i++)
		put16(m, v[i]);
}

/*
 * A ClientHello: legacy_version, suites, and (when not NULL) the
 * supported_versions and signature_algorithms extensions.
 */
static struct msg
hello(unsigned legacy, const unsigned *suites, const unsigned *versions, const unsigned *sigalgs)
{
	struct msg m = { .len = 0 }, ext = { .len = 0 }, data;
	unsigned char random[32] = { 0 }, zero = 0, null_compression[2] = { 1, 0 };

	put16(&m, legacy);
	put(&m, random, sizeof random);
	put(&m, &zero, 1);				/* no session id */
	put_list(&m, 2, suites);
	put(&m, null_compression, sizeof null_compression);
	if (versions != NULL) {
		data.len = 0;
		put_list(&data, 1, versions);
		put16(&ext, 43);
		put16(&ext, (unsigned)data.len);
		put(&ext, data.b, data.len);
	}
	if (sigalgs != NULL) {
		data.len = 0;
		put_list(&data, 2, sigalgs);
		put16(&ext, 13);
		put16(&ext, (unsigned)data.len);
		put(&ext, data.b, data.len);
	}
	if (versions != NULL || sigalgs != NULL) {
		put16(&m, (unsigned)ext.len);
		put(&m, ext.b, ext.len);
	}
	return m;
}

static const unsigned GCM12[] = { 0xc02b, 0xc02c, 0 };		/* ECDHE-ECDSA-AES-GCM */
static const unsigned CBC12[] = { 0x002f, 0x0035, 0xc013, 0 };	/* RSA and ECDHE AES-CBC-SHA */
static const unsigned AES13[] = { 0x1302, 0x1301, 0 };		/* TLS_AES_256/128_GCM */
static const unsigned CCM13[] = { 0x1304, 0 };			/* TLS_AES_128_CCM_SHA256 */
static const unsigned V13[] = { 0x0304, 0x0303, 0 };
static const unsigned V13ONLY[] = { 0x0304, 0 };
static const unsigned V11[] = { 0x0302, 0x0301, 0 };
static const unsigned SIG_RSA[] = { 0x0401, 0x0804, 0 };		/* rsa_pkcs1_sha256, rsa_pss_rsae_sha256 */
static const unsigned SIG_P256[] = { 0x0403, 0 };		/* ecdsa_secp256r1_sha256 */
static const unsigned SIG_P384[] = { 0x0503, 0 };		/* ecdsa_secp384r1_sha384 */
static const unsigned SIG_PKCS1[] = { 0x0401, 0x0501, 0 };	/* rsa_pkcs1: TLS 1.2 only */
static const unsigned SIG_ED[] = { 0x0807, 0 };

static void
test_policy(const struct tls_hello_policy *p)
{
	bool tls12 = false, tls13 = false, gcm = false, cbc = false;

	for (size_t i = 0; i < p->n_versions; i++) {
		tls12 = tls12 || p->versions[i] == 0x0303;
		tls13 = tls13 || p->versions[i] == 0x0304;
		CHECK(p->versions[i] >= 0x0303, "the default allows version %#x", p->versions[i]);
	}
	for (size_t i = 0; i < p->n_suites; i++) {
		gcm = gcm || p->suites[i] == 0xc02c;
		cbc = cbc || p->suites[i] == 0x002f || p->suites[i] == 0xc013;
	}
	CHECK(tls12 && tls13, "the default allows TLS 1.2 and 1.3");
	CHECK(gcm, "the default allows ECDHE-ECDSA-AES256-GCM-SHA384");
	CHECK(!cbc, "the default allows no CBC suite");
}

static void
test_alerts(const struct tls_hello_policy *p)
{
	static const struct {
		const char	*what;
		unsigned	 legacy;
		const unsigned	*suites, *versions, *sigalgs;
		unsigned	 kinds;
		int		 alert;
	} cases[] = {
		{ "TLS 1.2 GCM, no extensions", 0x0303, GCM12, NULL, NULL, TLS_HELLO_KEY_ECDSA, 0 },
		{ "TLS 1.3 and 1.2", 0x0303, AES13, V13, SIG_P256, TLS_HELLO_KEY_ECDSA_P256, 0 },
		{ "TLS 1.1 (legacy_version)", 0x0302, GCM12, NULL, NULL, 0, GNUTLS_A_PROTOCOL_VERSION },
		{ "TLS 1.0", 0x0301, GCM12, NULL, NULL, 0, GNUTLS_A_PROTOCOL_VERSION },
		{ "supported_versions 1.1 and 1.0", 0x0303, GCM12, V11, NULL, 0,
		    GNUTLS_A_PROTOCOL_VERSION },
		{ "supported_versions wins over legacy_version", 0x0301, AES13, V13ONLY, NULL, 0, 0 },
		{ "CBC suites only", 0x0303, CBC12, NULL, NULL, 0, GNUTLS_A_HANDSHAKE_FAILURE },
		{ "TLS 1.3 CCM only", 0x0303, CCM13, V13ONLY, NULL, 0, GNUTLS_A_HANDSHAKE_FAILURE },
		{ "a version refusal before a suite refusal", 0x0302, CBC12, NULL, NULL, 0,
		    GNUTLS_A_PROTOCOL_VERSION },
		{ "RSA signatures, an ECDSA key", 0x0303, GCM12, NULL, SIG_RSA, TLS_HELLO_KEY_ECDSA,
		    GNUTLS_A_HANDSHAKE_FAILURE },
		{ "RSA signatures, an RSA and an ECDSA key", 0x0303, GCM12, NULL, SIG_RSA,
		    TLS_HELLO_KEY_ECDSA | TLS_HELLO_KEY_RSA, 0 },
		{ "RSA signatures, keys unknown", 0x0303, GCM12, NULL, SIG_RSA, 0, 0 },
		{ "TLS 1.2: ecdsa_secp384r1_sha384 with a P-256 key", 0x0303, GCM12, NULL, SIG_P384,
		    TLS_HELLO_KEY_ECDSA_P256, 0 },
		{ "TLS 1.3: ecdsa_secp384r1_sha384 with a P-256 key", 0x0303, AES13, V13, SIG_P384,
		    TLS_HELLO_KEY_ECDSA_P256, GNUTLS_A_HANDSHAKE_FAILURE },
		{ "TLS 1.3: ecdsa_secp384r1_sha384 with a P-384 key", 0x0303, AES13, V13, SIG_P384,
		    TLS_HELLO_KEY_ECDSA_P384, 0 },
		{ "TLS 1.3: rsa_pkcs1 only, an RSA key", 0x0303, AES13, V13ONLY, SIG_PKCS1,
		    TLS_HELLO_KEY_RSA, GNUTLS_A_HANDSHAKE_FAILURE },
		{ "TLS 1.2: rsa_pkcs1, an RSA key", 0x0303, GCM12, NULL, SIG_PKCS1, TLS_HELLO_KEY_RSA,
		    0 },
		{ "Ed25519 only, an Ed25519 key", 0x0303, AES13, V13, SIG_ED, TLS_HELLO_KEY_ED25519, 0 },
		{ "Ed25519 only, an ECDSA key", 0x0303, AES13, V13, SIG_ED, TLS_HELLO_KEY_ECDSA,
		    GNUTLS_A_HANDSHAKE_FAILURE },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct msg m = hello(cases[i].legacy, cases[i].suites, cases[i].versions,
		    cases[i].sigalgs);
		int got = tls_hello_check(p, cases[i].kinds, m.b, m.len);

		CHECK(got == cases[i].alert, "%s: alert %d, expected %d", cases[i].what, got,
		    cases[i].alert);
	}
}

/* Messages this cannot read: never refused here (GnuTLS answers them as it does). */
static void
test_unread(const struct tls_hello_policy *p)
{
	struct msg m = hello(0x0302, CBC12, NULL, NULL);	/* refused when whole */
	unsigned char odd[] = { 0x03, 0x03 };
	size_t cut;

	for (cut = 0; cut < m.len; cut++)
		CHECK(tls_hello_check(p, TLS_HELLO_KEY_ECDSA, m.b, cut) == 0,
		    "a ClientHello cut at %zu bytes is left to GnuTLS", cut);
	CHECK(tls_hello_check(p, 0, m.b, m.len) == GNUTLS_A_PROTOCOL_VERSION,
	    "the same ClientHello whole is refused");
	CHECK(tls_hello_check(p, 0, odd, sizeof odd) == 0, "two bytes: left to GnuTLS");
	m = hello(0x0303, GCM12, V11, NULL);
	m.b[m.len - 5] = 5;	/* supported_versions' own length now odd */
	CHECK(tls_hello_check(p, 0, m.b, m.len) == 0,
	    "a supported_versions this cannot read: left to GnuTLS");
}

static void
test_key_kinds(void)
{
	CHECK_UINT("RSA", tls_hello_key_kind(GNUTLS_PK_RSA, 2048), TLS_HELLO_KEY_RSA);
	CHECK_UINT("ECDSA P-256", tls_hello_key_kind(GNUTLS_PK_ECDSA, 256), TLS_HELLO_KEY_ECDSA_P256);
	CHECK_UINT("ECDSA P-384", tls_hello_key_kind(GNUTLS_PK_ECDSA, 384), TLS_HELLO_KEY_ECDSA_P384);
	CHECK_UINT("ECDSA P-521", tls_hello_key_kind(GNUTLS_PK_ECDSA, 521), TLS_HELLO_KEY_ECDSA_P521);
	CHECK_UINT("Ed25519", tls_hello_key_kind(GNUTLS_PK_EDDSA_ED25519, 256), TLS_HELLO_KEY_ED25519);
	CHECK_UINT("DSA", tls_hello_key_kind(GNUTLS_PK_DSA, 2048), 0);
}

int
main(void)
{
	struct tls_hello_policy p, narrow;
	char *cause = NULL;

	CHECK(tls_hello_policy_init(&p, TOPOLOGY_DEFAULT_TLS_PRIORITY, &cause) == 0,
	    "the default priority: %s", cause != NULL ? cause : "");
	test_policy(&p);
	test_alerts(&p);
	test_unread(&p);
	test_key_kinds();
	/* A priority of TLS 1.3 alone refuses a TLS 1.2 client for its version. */
	CHECK(tls_hello_policy_init(&narrow, "NORMAL:-VERS-ALL:+VERS-TLS1.3", &cause) == 0,
	    "TLS 1.3 alone: %s", cause != NULL ? cause : "");
	{
		struct msg m = hello(0x0303, GCM12, NULL, NULL);

		CHECK(tls_hello_check(&narrow, 0, m.b, m.len) == GNUTLS_A_PROTOCOL_VERSION,
		    "TLS 1.3 alone: a TLS 1.2 ClientHello gets protocol_version");
	}
	tls_hello_policy_free(&narrow);
	CHECK(tls_hello_policy_init(&narrow, "NORMAL:+NOSUCH", &cause) == -1 && cause != NULL &&
	    strstr(cause, "NOSUCH") != NULL, "a priority GnuTLS cannot read names where");
	free(cause);
	tls_hello_policy_free(&p);
	return check_done("unit_tls_hello");
}
