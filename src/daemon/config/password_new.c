/* SPDX-License-Identifier: MIT */
/*
 * password_new.c: new password hashes with random salts (see password_new.h).
 */
#include <config.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "password.h"
#include "password_new.h"

char *
password_new_hash(const char *password, unsigned iterations)
{
	unsigned char salt[PASSWORD_SALT_SIZE];

	if (gnutls_rnd(GNUTLS_RND_NONCE, salt, sizeof salt) < 0)
		return NULL;
	return password_hash_salted(password, iterations, salt);
}

char *
password_new_dummy(unsigned iterations)
{
	unsigned char random[PASSWORD_SALT_SIZE + PASSWORD_HASH_SIZE];

	if (gnutls_rnd(GNUTLS_RND_NONCE, random, sizeof random) < 0)
		return NULL;
	return password_dummy_from(iterations, random);
}
