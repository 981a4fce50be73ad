/* SPDX-License-Identifier: MIT */
/*
 * saml.c: the web ticket's SAML 1.1 assertion, signed and checked (saml.h).
 */
#include <config.h>

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <libxml/c14n.h>
#include <libxml/tree.h>

#include "b64.h"
#include "saml.h"
#include "util.h"
#include "wsns.h"
#include "xmlsafe.h"

#define KEY_LABEL	"lyncdiscover web ticket signing key v1"
#define ID_LABEL	"lyncdiscover web ticket id v1"
#define DIGEST_SIZE	32
#define ID_MAX		64
#define AM_PASSWORD	"urn:oasis:names:tc:SAML:1.0:am:password"
#define CM_BEARER	"urn:oasis:names:tc:SAML:1.0:cm:bearer"
#define NAMEID_FORMAT	"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"

/* The signing key: the token secret's HMAC of a label, so that no token MAC is a ticket's. */
static int
signing_key(const struct token_secret *s, unsigned char key[TOKEN_MAC_SIZE])
{
	return token_mac(s, KEY_LABEL, sizeof KEY_LABEL - 1, key);
}

static int
hmac(const unsigned char key[TOKEN_MAC_SIZE], const void *data, size_t len,
    unsigned char out[DIGEST_SIZE])
{
	return gnutls_hmac_fast(GNUTLS_MAC_SHA256, key, TOKEN_MAC_SIZE, data, len, out) < 0 ? -1 : 0;
}

void
saml_time(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

/* Reads what saml_time() writes, and only that; -1 if it is not. */
static int
parse_time(const char *s, long long *t)
{
	struct tm tm;
	char z;
	int n = 0;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &n) != 7 || n != 20 || z != 'Z' ||
	    tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	*t = (long long)timegm(&tm);
	return 0;
}

/*
 * The exclusive canonical form (without comments) of element n, taken
 * alone: n is copied into a document of its own, which brings along the
 * namespace declarations it uses; exclusive C14N renders exactly those.
 */
static xmlChar *
c14n_alone(xmlNodePtr n, int *len)
{
	xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = d != NULL ? xmlDocCopyNode(n, d, 1) : NULL;
	xmlChar *out = NULL;

	*len = -1;
	if (copy != NULL) {
		xmlDocSetRootElement(d, copy);
		*len = xmlC14NDocDumpMemory(d, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &out);
	}
	xmlFreeDoc(d);
	if (*len < 0) {
		xmlFree(out);
		return NULL;
	}
	return out;
}

/* SHA-256 of the canonical form of n. */
static int
digest_of(xmlNodePtr n, unsigned char out[DIGEST_SIZE])
{
	int len;
	xmlChar *c = c14n_alone(n, &len);
	int rc = c != NULL && gnutls_hash_fast(GNUTLS_DIG_SHA256, c, (size_t)len, out) >= 0 ? 0 : -1;

	xmlFree(c);
	return rc;
}

/* HMAC-SHA256 of the canonical form of n under key. */
static int
mac_of(const unsigned char key[TOKEN_MAC_SIZE], xmlNodePtr n, unsigned char out[DIGEST_SIZE])
{
	int len;
	xmlChar *c = c14n_alone(n, &len);
	int rc = c != NULL ? hmac(key, c, (size_t)len, out) : -1;

	xmlFree(c);
	return rc;
}

/* "_" and 32 hex digits: the HMAC of the nonce, the user and the time. */
static int
assertion_id(const unsigned char key[TOKEN_MAC_SIZE], const struct saml_claims *c,
    char id[34])
{
	char *seed = xasprintf_s(ID_LABEL "\n%s\n%lld\n", c->user, c->now);
	unsigned char m[DIGEST_SIZE];
	gnutls_hmac_hd_t h;
	size_t i;
	int rc = -1;

	if (seed != NULL && gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, key, TOKEN_MAC_SIZE) >= 0) {
		rc = gnutls_hmac(h, seed, strlen(seed)) < 0 ||
		    (c->nonce_len > 0 && gnutls_hmac(h, c->nonce, c->nonce_len) < 0) ? -1 : 0;
		gnutls_hmac_deinit(h, m);
	}
	free(seed);
	if (rc != 0)
		return -1;
	id[0] = '_';
	for (i = 0; i < 16; i++)
		snprintf(id + 1 + 2 * i, 3, "%02x", m[i]);
	return 0;
}

/* A child element {saml}name with text, or an empty one. */
static xmlNodePtr
child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return text != NULL ? xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text) :
	    xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

static int
prop(xmlNodePtr n, const char *name, const char *value)
{
	return n != NULL && xmlNewProp(n, BAD_CAST name, BAD_CAST value) != NULL ? 0 : -1;
}

/* Conditions and the AuthenticationStatement of c under the assertion a. */
static int
add_statements(xmlNodePtr a, xmlNsPtr saml, const struct saml_claims *c)
{
	char now[21], end[21], *name = xasprintf_s("sip:%s", c->user);
	xmlNodePtr cond, st, subj, conf, n;
	int rc = -1;

	saml_time(c->now, now);
	saml_time(c->now + c->lifetime, end);
	cond = child(a, saml, "Conditions", NULL);
	if (name == NULL || prop(cond, "NotBefore", now) != 0 || prop(cond, "NotOnOrAfter", end) != 0)
		goto out;
	if (c->audience != NULL &&
	    child(child(cond, saml, "AudienceRestrictionCondition", NULL), saml, "Audience",
	    c->audience) == NULL)
		goto out;
	st = child(a, saml, "AuthenticationStatement", NULL);
	if (prop(st, "AuthenticationMethod", AM_PASSWORD) != 0 ||
	    prop(st, "AuthenticationInstant", now) != 0 ||
	    (subj = child(st, saml, "Subject", NULL)) == NULL ||
	    (n = child(subj, saml, "NameIdentifier", name)) == NULL ||
	    prop(n, "Format", NAMEID_FORMAT) != 0 ||
	    (conf = child(subj, saml, "SubjectConfirmation", NULL)) == NULL ||
	    child(conf, saml, "ConfirmationMethod", CM_BEARER) == NULL)
		goto out;
	rc = 0;
out:
	free(name);
	return rc;
}

/* <ds:Transform Algorithm=alg/> and friends. */
static xmlNodePtr
algorithm(xmlNodePtr parent, xmlNsPtr ds, const char *name, const char *alg)
{
	xmlNodePtr n = child(parent, ds, name, NULL);

	return prop(n, "Algorithm", alg) == 0 ? n : NULL;
}

/* The SignedInfo of a reference to #id with digest, under sig. */
static xmlNodePtr
signed_info(xmlNodePtr sig, xmlNsPtr ds, const char *id, const unsigned char *digest)
{
	xmlNodePtr si = child(sig, ds, "SignedInfo", NULL), ref, tr;
	char *uri = xasprintf_s("#%s", id), *dv = b64_encode(digest, DIGEST_SIZE);
	bool ok = si != NULL && uri != NULL && dv != NULL &&
	    algorithm(si, ds, "CanonicalizationMethod", ALG_EXC_C14N) != NULL &&
	    algorithm(si, ds, "SignatureMethod", ALG_HMAC_SHA256) != NULL &&
	    prop(ref = child(si, ds, "Reference", NULL), "URI", uri) == 0 &&
	    (tr = child(ref, ds, "Transforms", NULL)) != NULL &&
	    algorithm(tr, ds, "Transform", ALG_ENVELOPED) != NULL &&
	    algorithm(tr, ds, "Transform", ALG_EXC_C14N) != NULL &&
	    algorithm(ref, ds, "DigestMethod", ALG_SHA256) != NULL &&
	    child(ref, ds, "DigestValue", dv) != NULL;

	free(uri);
	free(dv);
	return ok ? si : NULL;
}

/* Signs the assertion a (the document's root) with an enveloped ds:Signature. */
static int
sign(xmlDocPtr doc, xmlNodePtr a, const unsigned char key[TOKEN_MAC_SIZE], const char *id)
{
	unsigned char digest[DIGEST_SIZE], value[DIGEST_SIZE];
	xmlNodePtr sig, si;
	xmlNsPtr ds;
	char *sv;
	int rc;

	if (digest_of(a, digest) != 0 ||
	    (sig = xmlNewDocNode(doc, NULL, BAD_CAST "Signature", NULL)) == NULL)
		return -1;
	xmlAddChild(a, sig);
	if ((ds = xmlNewNs(sig, BAD_CAST NS_DS, BAD_CAST "ds")) == NULL)
		return -1;
	xmlSetNs(sig, ds);
	if ((si = signed_info(sig, ds, id, digest)) == NULL || mac_of(key, si, value) != 0 ||
	    (sv = b64_encode(value, sizeof value)) == NULL)
		return -1;
	rc = child(sig, ds, "SignatureValue", sv) != NULL ? 0 : -1;
	free(sv);
	return rc;
}

xmlDocPtr
saml_issue(const struct token_secret *s, const struct saml_claims *c)
{
	unsigned char key[TOKEN_MAC_SIZE];
	char id[34], now[21];
	xmlDocPtr doc;
	xmlNodePtr a;
	xmlNsPtr saml;

	if (signing_key(s, key) != 0 || assertion_id(key, c, id) != 0 ||
	    (doc = xmlNewDoc(BAD_CAST "1.0")) == NULL)
		return NULL;
	saml_time(c->now, now);
	if ((a = xmlNewDocNode(doc, NULL, BAD_CAST "Assertion", NULL)) == NULL)
		goto fail;
	xmlDocSetRootElement(doc, a);
	if ((saml = xmlNewNs(a, BAD_CAST NS_SAML, BAD_CAST "saml")) == NULL)
		goto fail;
	xmlSetNs(a, saml);
	if (prop(a, "MajorVersion", "1") != 0 || prop(a, "MinorVersion", "1") != 0 ||
	    prop(a, "AssertionID", id) != 0 || prop(a, "Issuer", c->issuer) != 0 ||
	    prop(a, "IssueInstant", now) != 0 || add_statements(a, saml, c) != 0 ||
	    sign(doc, a, key, id) != 0)
		goto fail;
	gnutls_memset(key, 0, sizeof key);
	return doc;
fail:
	gnutls_memset(key, 0, sizeof key);
	xmlFreeDoc(doc);
	return NULL;
}

/* ---------------------------------------------------------------- checking */

/* The attribute's value, compared; attribute values are copies (xmlGetProp). */
static bool
attr_is(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = n != NULL ? xmlGetNoNsProp(n, BAD_CAST name) : NULL;
	bool eq = v != NULL && strcmp((const char *)v, want) == 0;

	xmlFree(v);
	return eq;
}

/* Whether n is {ds}name with Algorithm alg and nothing inside. */
static bool
is_algorithm(xmlNodePtr n, const char *name, const char *alg)
{
	return xmlsafe_is(n, NS_DS, name) && attr_is(n, "Algorithm", alg) &&
	    xmlsafe_first_element(n) == NULL;
}

/* The base64 text of element n decoded into out (exactly size bytes), or -1. */
static int
b64_text(xmlNodePtr n, unsigned char *out, size_t size)
{
	xmlChar *t = n != NULL ? xmlNodeGetContent(n) : NULL;
	long k = t != NULL ? b64_decode((const char *)t, strlen((const char *)t), out, size) : -1;

	xmlFree(t);
	return k == (long)size ? 0 : -1;
}

/*
 * The SignedInfo as the issuer writes it, for #id: the digest it claims in
 * digest. Anything else (another algorithm, two references, a reference to
 * another element) is not a ticket of ours.
 */
static int
read_signed_info(xmlNodePtr si, const char *id, unsigned char digest[DIGEST_SIZE])
{
	xmlNodePtr c14n = xmlsafe_first_element(si), sm = xmlsafe_next_element(c14n);
	xmlNodePtr ref = xmlsafe_next_element(sm), tr = xmlsafe_first_element(ref);
	xmlNodePtr t1 = xmlsafe_first_element(tr), t2 = xmlsafe_next_element(t1);
	xmlNodePtr dm = xmlsafe_next_element(tr), dv = xmlsafe_next_element(dm);
	char uri[ID_MAX + 2];

	snprintf(uri, sizeof uri, "#%s", id);
	if (!is_algorithm(c14n, "CanonicalizationMethod", ALG_EXC_C14N) ||
	    !is_algorithm(sm, "SignatureMethod", ALG_HMAC_SHA256) ||
	    !xmlsafe_is(ref, NS_DS, "Reference") || xmlsafe_next_element(ref) != NULL ||
	    !attr_is(ref, "URI", uri) || !xmlsafe_is(tr, NS_DS, "Transforms") ||
	    !is_algorithm(t1, "Transform", ALG_ENVELOPED) ||
	    !is_algorithm(t2, "Transform", ALG_EXC_C14N) || xmlsafe_next_element(t2) != NULL ||
	    !is_algorithm(dm, "DigestMethod", ALG_SHA256) || !xmlsafe_is(dv, NS_DS, "DigestValue") ||
	    xmlsafe_next_element(dv) != NULL)
		return -1;
	return b64_text(dv, digest, DIGEST_SIZE);
}

/* The assertion's AssertionID when it is one the issuer could have written. */
static int
read_id(xmlNodePtr a, char id[ID_MAX + 1])
{
	xmlChar *v = xmlGetNoNsProp(a, BAD_CAST "AssertionID");
	size_t n = v != NULL ? strlen((const char *)v) : 0;
	static const char id_chars[] = "_-abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	int rc = n > 0 && n <= ID_MAX && strspn((const char *)v, id_chars) == n ? 0 : -1;

	if (rc == 0)
		memcpy(id, v, n + 1);
	xmlFree(v);
	return rc;
}

/*
 * Checks the enveloped signature of assertion a: the last child element is
 * the one ds:Signature; it is taken out (the enveloped transform), the rest
 * digested, the SignedInfo MACed.
 */
static enum saml_status
check_signature(xmlNodePtr a, const unsigned char key[TOKEN_MAC_SIZE], const char *id)
{
	unsigned char want[DIGEST_SIZE], got[DIGEST_SIZE], sv[DIGEST_SIZE], mac[DIGEST_SIZE];
	xmlNodePtr sig = xmlsafe_child(a, NS_DS, "Signature"), si, value;
	enum saml_status st = SAML_BAD_SIGNATURE;

	if (sig == NULL || xmlsafe_count(a, NS_DS, "Signature") != 1 ||
	    xmlsafe_next_element(sig) != NULL)
		return SAML_MALFORMED;
	si = xmlsafe_first_element(sig);
	value = xmlsafe_next_element(si);
	if (!xmlsafe_is(si, NS_DS, "SignedInfo") || !xmlsafe_is(value, NS_DS, "SignatureValue") ||
	    xmlsafe_next_element(value) != NULL || read_signed_info(si, id, want) != 0 ||
	    b64_text(value, sv, sizeof sv) != 0)
		return SAML_MALFORMED;
	xmlUnlinkNode(sig);
	if (digest_of(a, got) == 0 && ct_memeq(want, got, DIGEST_SIZE) &&
	    mac_of(key, si, mac) == 0 && ct_memeq(mac, sv, DIGEST_SIZE))
		st = SAML_VALID;
	xmlFreeNode(sig);
	return st;
}

/* The Conditions' times. */
static int
read_conditions(xmlNodePtr a, long long *from, long long *until)
{
	xmlNodePtr c = xmlsafe_child(a, NS_SAML, "Conditions");
	xmlChar *nb = c != NULL ? xmlGetNoNsProp(c, BAD_CAST "NotBefore") : NULL;
	xmlChar *na = c != NULL ? xmlGetNoNsProp(c, BAD_CAST "NotOnOrAfter") : NULL;
	int rc = xmlsafe_count(a, NS_SAML, "Conditions") == 1 &&
	    parse_time((const char *)nb, from) == 0 && parse_time((const char *)na, until) == 0 ?
	    0 : -1;

	xmlFree(nb);
	xmlFree(na);
	return rc;
}

/* The one AuthenticationStatement's subject: "sip:USER", canonical. */
static int
read_user(xmlNodePtr a, char user[SIPURI_MAX + 1])
{
	xmlNodePtr st = xmlsafe_child(a, NS_SAML, "AuthenticationStatement");
	xmlNodePtr subj = xmlsafe_child(st, NS_SAML, "Subject");
	xmlNodePtr name = xmlsafe_child(subj, NS_SAML, "NameIdentifier");
	xmlChar *v = name != NULL ? xmlNodeGetContent(name) : NULL;
	int rc = -1;

	if (xmlsafe_count(a, NS_SAML, "AuthenticationStatement") == 1 && v != NULL &&
	    strncmp((const char *)v, "sip:", 4) == 0)
		rc = sipuri_canonical((const char *)v, user, SIPURI_MAX + 1);
	xmlFree(v);
	return rc;
}

/* What the signed assertion says, against issuer and now. */
static enum saml_status
check_claims(xmlNodePtr a, const char *issuer, long long now, char user[SIPURI_MAX + 1])
{
	long long from, until;

	if (read_conditions(a, &from, &until) != 0 || read_user(a, user) != 0)
		return SAML_MALFORMED;
	if (!attr_is(a, "Issuer", issuer))
		return SAML_WRONG_ISSUER;
	if (now >= until)
		return SAML_EXPIRED;
	if (now + SAML_CLOCK_SKEW < from)
		return SAML_NOT_YET_VALID;
	return SAML_VALID;
}

enum saml_status
saml_verify(const struct token_secret *s, const char *xml, size_t len, const char *issuer,
    long long now, char user[SIPURI_MAX + 1])
{
	unsigned char key[TOKEN_MAC_SIZE];
	xmlDocPtr doc = xmlsafe_parse(xml, len);
	xmlNodePtr a = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	char id[ID_MAX + 1], who[SIPURI_MAX + 1];
	enum saml_status st = SAML_MALFORMED;

	if (a == NULL || !xmlsafe_is(a, NS_SAML, "Assertion") || !attr_is(a, "MajorVersion", "1") ||
	    !attr_is(a, "MinorVersion", "1") || read_id(a, id) != 0 || signing_key(s, key) != 0)
		goto out;
	if ((st = check_signature(a, key, id)) == SAML_VALID &&
	    (st = check_claims(a, issuer, now, who)) == SAML_VALID)
		memcpy(user, who, strlen(who) + 1);
	gnutls_memset(key, 0, sizeof key);
out:
	xmlFreeDoc(doc);
	return st;
}

const char *
saml_status_text(enum saml_status st)
{
	switch (st) {
	case SAML_VALID: return "the web ticket is valid";
	case SAML_BAD_SIGNATURE: return "the web ticket's signature does not match";
	case SAML_WRONG_ISSUER: return "the web ticket was issued for another deployment";
	case SAML_EXPIRED: return "the web ticket has expired";
	case SAML_NOT_YET_VALID: return "the web ticket is not valid yet";
	case SAML_MALFORMED:
	default: return "the web ticket is not a signed SAML assertion of this server";
	}
}
