/* SPDX-License-Identifier: MIT */
/*
 * admin_token.h: the admin API's bearer token (settings/@admin-token names
 * the file that holds it), read when the configuration loads, and the check
 * of a request's Authorization header against it.
 */
#ifndef LD_ADMIN_TOKEN_H
#define LD_ADMIN_TOKEN_H

#include <stdbool.h>

#include "diag.h"
#include "topology.h"

#define ADMIN_TOKEN_MAX 4096

/*
 * Reads t->admin_token_file (if set) into t->admin_token: its first line,
 * without the line end and surrounding blanks; it must not be empty. Errors
 * go to d as FILE:LINE of settings. 0, or -1.
 */
int	 admin_token_load(struct topology *, struct diag *);
/*
 * Does authorization ("Bearer TOKEN", the scheme in any case) carry token?
 * The comparison takes the same time wherever the two differ, and whatever
 * their lengths (both are hashed first).
 */
bool	 admin_token_matches(const char *token, const char *authorization);

#endif
