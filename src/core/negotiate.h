/* SPDX-License-Identifier: MIT */
/*
 * negotiate.h: choosing the representation from the Accept header.
 */
#ifndef LD_NEGOTIATE_H
#define LD_NEGOTIATE_H

#include "topology.h"

/*
 * Returns the representation for an Accept header value (NULL: no header).
 * Never fails: an Accept that names nothing we serve gets the default, as
 * doc/protocol.md §2.2 recommends, rather than a 406.
 */
enum representation	 negotiate_accept(const char *accept, enum representation default_rep);

#endif
