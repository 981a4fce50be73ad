/* SPDX-License-Identifier: MIT */
/*
 * loops.h: redirects that would lead back to the server that gave them.
 * Several real clients follow Redirect links without a limit (doc/protocol.md
 * §8), so a configuration that could loop is refused, with the loop's path.
 */
#ifndef LD_LOOPS_H
#define LD_LOOPS_H

#include "diag.h"
#include "topology.h"

/* Reports each possible loop as an error at the line that causes it; returns how many. */
int	 loops_check(const struct topology *, struct diag *);

#endif
