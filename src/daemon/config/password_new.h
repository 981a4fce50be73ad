/* SPDX-License-Identifier: MIT */
/*
 * password_new.h: new password hashes, with salts from GnuTLS's random
 * generator (the core's password.c takes its random bytes from here).
 */
#ifndef LD_PASSWORD_NEW_H
#define LD_PASSWORD_NEW_H

/* A new hash of password with a random salt; NULL on failure. */
char	*password_new_hash(const char *password, unsigned iterations);
/* A hash no password matches (see password_dummy_from); NULL on failure. */
char	*password_new_dummy(unsigned iterations);

#endif
