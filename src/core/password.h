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

/* A new hash of password with a random salt; NULL on failure. */
char	*password_hash(const char *password, unsigned iterations);
/* Does password match hash? False for a malformed hash too. */
bool	 password_verify(const char *hash, const char *password);
/* The iteration count of a well-formed hash, 0 for a malformed one. */
unsigned	 password_iterations(const char *hash);
/*
 * A hash that no password matches, with this iteration count: verifying an
 * unknown user's password against it costs what a real user's costs, so
 * the time of a wrong answer does not tell who exists. NULL on failure.
 */
char	*password_dummy(unsigned iterations);
/* Is s a well-formed hash string? */
bool	 password_hash_valid(const char *s);

#endif
