/* SPDX-License-Identifier: MIT */
/*
 * token.c: HMAC-SHA256-signed access tokens.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "b64.h"
#include "token.h"
#include "util.h"

#define MAGIC "lyncdiscover-token-v1"
#define MAC_SIZE TOKEN_MAC_SIZE
#define PAYLOAD_MAX (sizeof MAGIC + SIPURI_MAX + 256 + 32)

int
token_mac(const struct token_secret *s, const void *data, size_t len, unsigned char out[MAC_SIZE])
{
	return gnutls_hmac_fast(GNUTLS_MAC_SHA256, s->key, s->len, data, len, out) < 0 ? -1 : 0;
}

char *
token_issue(const struct token_secret *s, const char *user, const char *issuer, time_t now,
    unsigned lifetime)
{
	unsigned char m[MAC_SIZE];
	char *payload, *p64 = NULL, *m64 = NULL, *token = NULL;

	payload = xasprintf_s(MAGIC "\n%s\n%s\n%lld", user, issuer,
	    (long long)now + (long long)lifetime);
	if (payload == NULL || token_mac(s, payload, strlen(payload), m) != 0)
		goto out;
	p64 = b64_encode(payload, strlen(payload));
	m64 = b64_encode(m, sizeof m);
	if (p64 != NULL && m64 != NULL)
		token = xasprintf_s("%s.%s", p64, m64);
out:
	free(payload);
	free(p64);
	free(m64);
	return token;
}

/* Splits "MAGIC\nUSER\nISSUER\nEXPIRY" in place. */
static int
split_payload(char *p, char **user, char **issuer, long long *expiry)
{
	char *end;

	if (strncmp(p, MAGIC "\n", sizeof MAGIC) != 0)
		return -1;
	*user = p + sizeof MAGIC;
	if ((*issuer = strchr(*user, '\n')) == NULL)
		return -1;
	*(*issuer)++ = '\0';
	if ((p = strchr(*issuer, '\n')) == NULL)
		return -1;
	*p++ = '\0';
	*expiry = strtoll(p, &end, 10);
	return end == p || *end != '\0' ? -1 : 0;
}

enum token_status
token_verify(const struct token_secret *s, const char *token, size_t len, const char *issuer,
    time_t now, char user[SIPURI_MAX + 1])
{
	unsigned char want[MAC_SIZE], got[MAC_SIZE];
	char payload[PAYLOAD_MAX + 1], *u, *iss;
	const char *dot = memchr(token, '.', len);
	long long expiry;
	long n;

	if (dot == NULL ||
	    (n = b64_decode(token, (size_t)(dot - token), payload, PAYLOAD_MAX)) < 0 ||
	    b64_decode(dot + 1, len - (size_t)(dot + 1 - token), got, MAC_SIZE) != MAC_SIZE ||
	    token_mac(s, payload, (size_t)n, want) != 0 || !ct_memeq(want, got, MAC_SIZE))
		return TOKEN_MALFORMED;
	payload[n] = '\0';
	if (memchr(payload, '\0', (size_t)n) != NULL ||
	    split_payload(payload, &u, &iss, &expiry) != 0 || strlen(u) > SIPURI_MAX)
		return TOKEN_MALFORMED;
	if (strcmp(iss, issuer) != 0)
		return TOKEN_WRONG_ISSUER;
	if (expiry <= (long long)now)
		return TOKEN_EXPIRED;
	memcpy(user, u, strlen(u) + 1);
	return TOKEN_VALID;
}
