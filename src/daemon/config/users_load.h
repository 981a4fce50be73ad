/* SPDX-License-Identifier: MIT */
/*
 * users_load.h: loading what sign-in needs after the configuration is read:
 * the user directory file and the token secret file (doc/protocol.md §3.3,
 * §3.6).
 */
#ifndef LD_USERS_LOAD_H
#define LD_USERS_LOAD_H

#include "diag.h"
#include "topology.h"

/*
 * After the configuration is read: loads the user directory and the token
 * secret (a random one without token-secret) and sets the token issuer.
 * Errors go to d as FILE:LINE. 0, or -1.
 */
int	 users_load(struct topology *, struct diag *);

#endif
