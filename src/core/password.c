/* SPDX-License-Identifier: MIT */
/*
 * password.c: PBKDF2-HMAC-SHA256 password hashes.
 */
#include <config.h>

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "b64.h"
#include "password.h"
#include "util.h"

#define PREFIX "pbkdf2-sha256$"
#define SALT_SIZE PASSWORD_SALT_SIZE
#define HASH_SIZE PASSWORD_HASH_SIZE
#define MAX_ITERATIONS 10000000u

struct parsed {
	unsigned	 iterations;
	unsigned char	 salt[SALT_SIZE];
	unsigned char	 hash[HASH_SIZE];
};

static int
derive(const char *password, const unsigned char salt[SALT_SIZE], unsigned iterations,
    unsigned char out[HASH_SIZE])
{
	gnutls_datum_t key = { (unsigned char *)(uintptr_t)password, (unsigned)strlen(password) };
	gnutls_datum_t s = { (unsigned char *)(uintptr_t)salt, SALT_SIZE };

	return gnutls_pbkdf2(GNUTLS_MAC_SHA256, &key, &s, iterations, out, HASH_SIZE) < 0 ? -1 : 0;
}

/* "pbkdf2-sha256$ITERATIONS$SALT$HASH", base64; NULL if out of memory. */
static char *
format_hash(unsigned iterations, const unsigned char salt[SALT_SIZE],
    const unsigned char hash[HASH_SIZE])
{
	char *s = NULL, *salt64 = b64_encode(salt, SALT_SIZE), *hash64 = b64_encode(hash, HASH_SIZE);

	if (salt64 != NULL && hash64 != NULL)
		s = xasprintf_s(PREFIX "%u$%s$%s", iterations, salt64, hash64);
	free(salt64);
	free(hash64);
	return s;
}

char *
password_hash_salted(const char *password, unsigned iterations,
    const unsigned char salt[PASSWORD_SALT_SIZE])
{
	unsigned char hash[HASH_SIZE];

	if (derive(password, salt, iterations, hash) != 0)
		return NULL;
	return format_hash(iterations, salt, hash);
}

static int
parse(const char *s, struct parsed *p)
{
	const char *it, *salt, *hash;
	char *end;
	unsigned long n;

	if (strncmp(s, PREFIX, strlen(PREFIX)) != 0)
		return -1;
	it = s + strlen(PREFIX);
	n = strtoul(it, &end, 10);
	if (end == it || *end != '$' || n == 0 || n > MAX_ITERATIONS)
		return -1;
	p->iterations = (unsigned)n;
	salt = end + 1;
	hash = strchr(salt, '$');
	if (hash == NULL ||
	    b64_decode(salt, (size_t)(hash - salt), p->salt, SALT_SIZE) != SALT_SIZE ||
	    b64_decode(hash + 1, strlen(hash + 1), p->hash, HASH_SIZE) != HASH_SIZE)
		return -1;
	return 0;
}

bool
password_hash_valid(const char *s)
{
	struct parsed p;

	return parse(s, &p) == 0;
}

unsigned
password_iterations(const char *hash)
{
	struct parsed p;

	return parse(hash, &p) == 0 ? p.iterations : 0;
}

/*
 * Random salt and random "hash": no password derives to it (but for a
 * 2^-256 chance), and nobody can know one that does.
 */
char *
password_dummy_from(unsigned iterations,
    const unsigned char random[PASSWORD_SALT_SIZE + PASSWORD_HASH_SIZE])
{
	if (iterations == 0 || iterations > MAX_ITERATIONS)
		return NULL;
	return format_hash(iterations, random, random + SALT_SIZE);
}

bool
password_verify(const char *hash, const char *password)
{
	unsigned char got[HASH_SIZE];
	struct parsed p;

	if (parse(hash, &p) != 0 || derive(password, p.salt, p.iterations, got) != 0)
		return false;
	return ct_memeq(got, p.hash, HASH_SIZE);
}
