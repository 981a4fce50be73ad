/* SPDX-License-Identifier: MIT */
/*
 * password.h: salted PBKDF2-HMAC-SHA256 password hashes (GnuTLS), as
 * "pbkdf2-sha256$ITERATIONS$SALT$HASH" with base64 salt (16 bytes) and
 * hash (32 bytes) — the form the user directory stores.
 */
#ifndef LD_PASSWORD_H
#define LD_PASSWORD_H

#include <stdbool.h>

/* 100,000: a lab-grade cost, about 30 ms of one core per sign-in (see README). */
#define PASSWORD_DEFAULT_ITERATIONS 100000

#define PASSWORD_SALT_SIZE 16
#define PASSWORD_HASH_SIZE 32

/*
 * The core draws no random numbers: the daemon's password_new.c makes the
 * salts (password_hash, password_dummy) and calls these.
 */
/* The hash of password with this salt; NULL on failure. */
char	*password_hash_salted(const char *password, unsigned iterations,
	     const unsigned char salt[PASSWORD_SALT_SIZE]);
/* Does password match hash? False for a malformed hash too. */
bool	 password_verify(const char *hash, const char *password);
/* The iteration count of a well-formed hash, 0 for a malformed one. */
unsigned	 password_iterations(const char *hash);
/*
 * A hash that no password matches, with this iteration count, made of
 * random bytes (a salt, then a "hash"): verifying an unknown user's password
 * against it costs what a real user's costs, so the time of a wrong answer
 * does not tell who exists. NULL on failure or a bad iteration count.
 */
char	*password_dummy_from(unsigned iterations,
	     const unsigned char random[PASSWORD_SALT_SIZE + PASSWORD_HASH_SIZE]);
/* Is s a well-formed hash string? */
bool	 password_hash_valid(const char *s);

#endif
