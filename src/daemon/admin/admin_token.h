/* SPDX-License-Identifier: MIT */
/*
 * admin_token.h: the check of an admin API request's Authorization header
 * against the bearer token of the configuration in service (read from its
 * file by config_token.h).
 */
#ifndef LD_ADMIN_TOKEN_H
#define LD_ADMIN_TOKEN_H

#include <stdbool.h>

/*
 * Does authorization ("Bearer TOKEN", the scheme in any case) carry token?
 * The comparison takes the same time wherever the two differ, and whatever
 * their lengths (both are hashed first).
 */
bool	 admin_token_matches(const char *token, const char *authorization);

#endif
