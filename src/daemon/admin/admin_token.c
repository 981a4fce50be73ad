/* SPDX-License-Identifier: MIT */
/*
 * admin_token.c: the admin API's token (see admin_token.h).
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "admin_token.h"

bool
admin_token_matches(const char *token, const char *authorization)
{
	unsigned char want[32], got[32];
	const char *presented;
	unsigned diff = 0;
	size_t i;

	if (token == NULL || authorization == NULL || strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	presented = authorization + 7;
	while (*presented == ' ')
		presented++;
	/* Hashes of equal length, compared in constant time: the lengths leak nothing either. */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), want) < 0 ||
	    gnutls_hash_fast(GNUTLS_DIG_SHA256, presented, strlen(presented), got) < 0)
		return false;
	for (i = 0; i < sizeof want; i++)
		diff |= (unsigned)(want[i] ^ got[i]);
	return diff == 0;
}
