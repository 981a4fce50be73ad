/* SPDX-License-Identifier: MIT */
/*
 * config_token.h: the admin API's bearer token (settings/@admin-token names
 * the file that holds it), read when the configuration loads; the admin API
 * checks requests against it (admin_token.h).
 */
#ifndef LD_CONFIG_TOKEN_H
#define LD_CONFIG_TOKEN_H

#include "diag.h"
#include "topology.h"

#define CONFIG_TOKEN_MAX 4096

/*
 * Reads t->admin_token_file (if set) into t->admin_token: its first line,
 * without the line end and surrounding blanks; it must not be empty. Errors
 * go to d as FILE:LINE of settings. 0, or -1.
 */
int	 config_token_load(struct topology *, struct diag *);

#endif
