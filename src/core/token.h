/* SPDX-License-Identifier: MIT */
/*
 * token.h: the access tokens of the lab sign-in: "PAYLOAD.MAC", both base64,
 * PAYLOAD = "lyncdiscover-token-v1\nUSER\nISSUER\nEXPIRY" and MAC its
 * HMAC-SHA256 under the configured secret (GnuTLS). Any instance that shares
 * the secret accepts the tokens of the others. Pure: time is a parameter.
 */
#ifndef LD_TOKEN_H
#define LD_TOKEN_H

#include <stddef.h>
#include <time.h>

#include "hints.h"

#define TOKEN_SECRET_MIN 32	/* bytes */
#define TOKEN_SECRET_MAX 64
#define TOKEN_MAC_SIZE 32	/* HMAC-SHA256 */

struct token_secret {
	unsigned char	 key[TOKEN_SECRET_MAX];
	size_t		 len;
};

enum token_status {
	TOKEN_VALID,
	TOKEN_MALFORMED,	/* not ours, or the MAC does not match */
	TOKEN_WRONG_ISSUER,
	TOKEN_EXPIRED
};

/* A token for user (canonical sipuri) valid until now + lifetime; NULL when out of memory. */
char			*token_issue(const struct token_secret *, const char *user, const char *issuer,
			     time_t now, unsigned lifetime);
/*
 * HMAC-SHA256 of data under the secret: the tokens' MAC, and the key
 * derivation of the web tickets' signatures (saml.c). 0, or -1.
 */
int			 token_mac(const struct token_secret *, const void *data, size_t len,
			     unsigned char out[TOKEN_MAC_SIZE]);
/* Checks token; on TOKEN_VALID user gets its user. */
enum token_status	 token_verify(const struct token_secret *, const char *token, size_t len,
			     const char *issuer, time_t now, char user[SIPURI_MAX + 1]);

#endif
