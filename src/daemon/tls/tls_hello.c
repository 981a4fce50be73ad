/* SPDX-License-Identifier: MIT */
/*
 * tls_hello.c: a ClientHello checked against a listener's TLS priority (see
 * tls_hello.h). RFC 8446 section 4.1.2 and RFC 5246 section 7.4.1.2:
 *
 *   legacy_version (2), random (32), session id (1 + n),
 *   cipher suites (2 + n), compression methods (1 + n),
 *   extensions (2 + n): type (2), length (2), data;
 *   supported_versions (43): length (1), versions (2 each);
 *   signature_algorithms (13): length (2), algorithms (2 each; RFC 8446
 *   4.2.3, RFC 5246 7.4.1.4.1: a hash byte, then 1 for RSA, 3 for ECDSA).
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "tls_hello.h"
#include "util.h"

#define EXT_SERVER_NAME 0
#define EXT_SIGNATURE_ALGORITHMS 13
#define EXT_SUPPORTED_VERSIONS 43

unsigned
tls_hello_key_kind(int pk_algorithm, unsigned bits)
{
	switch (pk_algorithm) {
	case GNUTLS_PK_RSA:
		return TLS_HELLO_KEY_RSA;
	case GNUTLS_PK_RSA_PSS:
		return TLS_HELLO_KEY_RSA_PSS;
	case GNUTLS_PK_ECDSA:
		return bits == 256 ? TLS_HELLO_KEY_ECDSA_P256 : bits == 384 ? TLS_HELLO_KEY_ECDSA_P384 :
		    bits == 521 ? TLS_HELLO_KEY_ECDSA_P521 : 0;
	case GNUTLS_PK_EDDSA_ED25519:
		return TLS_HELLO_KEY_ED25519;
	case GNUTLS_PK_EDDSA_ED448:
		return TLS_HELLO_KEY_ED448;
	default:
		return 0;
	}
}

int
tls_hello_policy_init(struct tls_hello_policy *p, const char *priority, char **cause)
{
	gnutls_priority_t pc;
	const unsigned int *list;
	const char *where = NULL;
	unsigned idx, sidx;
	unsigned char id[2];
	int n, i, rc;

	memset(p, 0, sizeof *p);
	if (gnutls_priority_init(&pc, priority, &where) < 0) {
		*cause = xasprintf_s("tls-priority: GnuTLS cannot read it at \"%s\"",
		    where != NULL ? where : priority);
		return -1;
	}
	n = gnutls_priority_protocol_list(pc, &list);
	for (i = 0; i < n && p->n_versions < TLS_HELLO_MAX_VERSIONS; i++) {
		/* GNUTLS_SSL3 is 1 (0x0300) ... GNUTLS_TLS1_3 is 5 (0x0304); DTLS is not ours. */
		if (list[i] >= GNUTLS_SSL3 && list[i] <= GNUTLS_TLS1_3)
			p->versions[p->n_versions++] = (uint16_t)(0x0300 + list[i] - GNUTLS_SSL3);
	}
	for (idx = 0;; idx++) {
		uint16_t *more;

		rc = gnutls_priority_get_cipher_suite_index(pc, idx, &sidx);
		if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (rc < 0 || gnutls_cipher_suite_info(sidx, id, NULL, NULL, NULL, NULL) == NULL)
			continue;
		if ((more = realloc(p->suites, (p->n_suites + 1) * sizeof *more)) == NULL) {
			gnutls_priority_deinit(pc);
			tls_hello_policy_free(p);
			*cause = xstrdup("out of memory");
			return -1;
		}
		p->suites = more;
		p->suites[p->n_suites++] = (uint16_t)(id[0] << 8 | id[1]);
	}
	gnutls_priority_deinit(pc);
	return 0;
}

void
tls_hello_policy_free(struct tls_hello_policy *p)
{
	free(p->suites);
	memset(p, 0, sizeof *p);
}

/* A cursor over the message: each take fails once the message ends. */
struct reader {
	const unsigned char	*p;
	size_t			 left;
	bool			 bad;
};

static const unsigned char *
take(struct reader *r, size_t n)
{
	const unsigned char *at = r->p;

	if (r->bad || n > r->left) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return at;
}

static size_t
number(struct reader *r, size_t bytes)
{
	const unsigned char *at = take(r, bytes);
	size_t v = 0, i;

	for (i = 0; at != NULL && i < bytes; i++)
		v = v << 8 | at[i];
	return v;
}

static bool
allows_version(const struct tls_hello_policy *p, uint16_t v)
{
	size_t i;

	for (i = 0; i < p->n_versions; i++)
		if (p->versions[i] == v)
			return true;
	return false;
}

static bool
allows_suite(const struct tls_hello_policy *p, uint16_t s)
{
	size_t i;

	for (i = 0; i < p->n_suites; i++)
		if (p->suites[i] == s)
			return true;
	return false;
}

/* What the checks need of a ClientHello; an extension absent is NULL. */
struct hello {
	size_t			 legacy_version;
	const unsigned char	*suites;
	size_t			 suites_len;
	const unsigned char	*versions;	/* supported_versions' data */
	size_t			 versions_len;
	const unsigned char	*signatures;	/* signature_algorithms' data */
	size_t			 signatures_len;
	const unsigned char	*server_name;	/* server_name's data */
	size_t			 server_name_len;
};

/* False when the message is not one this reads (GnuTLS then decides alone). */
static bool
parse_hello(struct hello *h, const unsigned char *msg, size_t len)
{
	struct reader r = { msg, len, false }, e;
	const unsigned char *block, *ext;
	size_t total, type, ext_len;

	memset(h, 0, sizeof *h);
	h->legacy_version = number(&r, 2);
	(void)take(&r, 32);
	(void)take(&r, number(&r, 1));
	h->suites_len = number(&r, 2);
	h->suites = take(&r, h->suites_len);
	(void)take(&r, number(&r, 1));
	if (r.bad || h->suites_len % 2 != 0)
		return false;
	if (r.left == 0)
		return true;	/* no extensions (TLS 1.2 allows it) */
	total = number(&r, 2);
	block = take(&r, total);
	e = (struct reader){ block, block != NULL ? total : 0, block == NULL };
	while (!e.bad && e.left > 0) {
		type = number(&e, 2);
		ext_len = number(&e, 2);
		ext = take(&e, ext_len);
		if (e.bad)
			break;
		if (type == EXT_SUPPORTED_VERSIONS) {
			h->versions = ext;
			h->versions_len = ext_len;
		} else if (type == EXT_SIGNATURE_ALGORITHMS) {
			h->signatures = ext;
			h->signatures_len = ext_len;
		} else if (type == EXT_SERVER_NAME) {
			h->server_name = ext;
			h->server_name_len = ext_len;
		}
	}
	return !e.bad;
}

/*
 * Whether the client offers a version the policy allows, and whether TLS 1.3
 * is the one GnuTLS will choose. Without supported_versions a client offers
 * every version up to legacy_version (and never TLS 1.3). -1 when its
 * supported_versions is not one this reads.
 */
static int
offers_version(const struct tls_hello_policy *p, const struct hello *h, bool *tls13)
{
	const unsigned char *d = h->versions;
	size_t len = h->versions_len, i;
	bool ok = false;
	uint16_t v;

	*tls13 = false;
	if (d == NULL) {
		for (i = 0x0300; i <= h->legacy_version && i < 0x0304; i++)
			ok = ok || allows_version(p, (uint16_t)i);
		return ok;
	}
	if (len < 1 || d[0] != len - 1 || d[0] % 2 != 0)
		return -1;
	for (i = 1; i + 1 < len; i += 2) {
		v = (uint16_t)(d[i] << 8 | d[i + 1]);
		if (!allows_version(p, v))
			continue;
		ok = true;
		*tls13 = *tls13 || v == 0x0304;
	}
	return ok;
}

static bool
offers_suite(const struct tls_hello_policy *p, const struct hello *h)
{
	size_t i;

	for (i = 0; i + 1 < h->suites_len; i += 2)
		if (allows_suite(p, (uint16_t)(h->suites[i] << 8 | h->suites[i + 1])))
			return true;
	return false;
}

/*
 * The kinds of key that can make a signature algorithm (its TLS code point)
 * under TLS 1.2, or under TLS 1.3, where an ECDSA algorithm names its curve
 * and RSA signs with PSS only (RFC 8446 4.2.3).
 */
static unsigned
signing_kinds(uint16_t alg, bool tls13)
{
	unsigned hash = alg >> 8, sig = alg & 0xff;

	if (!tls13 && hash >= 1 && hash <= 6 && sig == 1)
		return TLS_HELLO_KEY_RSA;		/* rsa_pkcs1_* */
	if (!tls13 && hash >= 1 && hash <= 6 && sig == 3)
		return TLS_HELLO_KEY_ECDSA;		/* ecdsa_*, any curve */
	if (tls13 && sig == 3)
		return hash == 4 ? TLS_HELLO_KEY_ECDSA_P256 : hash == 5 ? TLS_HELLO_KEY_ECDSA_P384 :
		    hash == 6 ? TLS_HELLO_KEY_ECDSA_P521 : 0;
	if (alg >= 0x0804 && alg <= 0x0806)
		return TLS_HELLO_KEY_RSA;		/* rsa_pss_rsae_* */
	if (alg >= 0x0809 && alg <= 0x080b)
		return TLS_HELLO_KEY_RSA_PSS;		/* rsa_pss_pss_* */
	if (alg == 0x0807)
		return TLS_HELLO_KEY_ED25519;
	if (alg == 0x0808)
		return TLS_HELLO_KEY_ED448;
	return 0;
}

/* True when a key of key_kinds can make a signature algorithm the client lists (or it lists none). */
static bool
offers_signature(const struct hello *h, unsigned key_kinds, bool tls13)
{
	const unsigned char *d = h->signatures;
	size_t len = h->signatures_len, i;

	if (d == NULL || key_kinds == 0)
		return true;	/* TLS 1.2's default: the suite's own algorithm with SHA-1 */
	if (len < 2 || (size_t)(d[0] << 8 | d[1]) != len - 2 || len % 2 != 0)
		return true;	/* not read: GnuTLS decides */
	for (i = 2; i + 1 < len; i += 2)
		if (signing_kinds((uint16_t)(d[i] << 8 | d[i + 1]), tls13) & key_kinds)
			return true;
	return false;
}

int
tls_hello_check(const struct tls_hello_policy *p, unsigned key_kinds, const unsigned char *msg,
    size_t len)
{
	struct hello h;
	bool tls13;
	int version;

	if (!parse_hello(&h, msg, len) || (version = offers_version(p, &h, &tls13)) < 0)
		return 0;
	if (version == 0)
		return GNUTLS_A_PROTOCOL_VERSION;
	if (!offers_suite(p, &h) || !offers_signature(&h, key_kinds, tls13))
		return GNUTLS_A_HANDSHAKE_FAILURE;
	return 0;
}

bool
tls_hello_server_name(const unsigned char *msg, size_t len, char *name, size_t size)
{
	struct hello h;
	struct reader r;
	const unsigned char *host;
	size_t list, host_len;

	if (!parse_hello(&h, msg, len) || h.server_name == NULL)
		return false;
	r = (struct reader){ h.server_name, h.server_name_len, false };
	list = number(&r, 2);
	if (r.bad || list != r.left || number(&r, 1) != 0)	/* name_type host_name (0) */
		return false;
	host_len = number(&r, 2);
	host = take(&r, host_len);
	if (r.bad || host_len == 0 || host_len >= size || memchr(host, 0, host_len) != NULL)
		return false;
	memcpy(name, host, host_len);
	name[host_len] = '\0';
	return true;
}
