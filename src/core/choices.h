/* SPDX-License-Identifier: MIT */
/*
 * choices.h: what a mistaken name could have been. A message about a name
 * that names nothing ("no pool named "eu"") lists the names that exist, so
 * that nobody has to guess: every one when there are few, the first
 * CHOICES_SHOWN and a count when there are many (a provider's 100,000
 * pools or domains would not fit in a line).
 */
#ifndef LD_CHOICES_H
#define LD_CHOICES_H

#include <stddef.h>

#include "topology.h"

#define CHOICES_SHOWN 8
/* Room for CHOICES_SHOWN pool names (at most 64 characters each), quoted, and the count. */
#define CHOICES_TEXT_MAX 640

/*
 * The name of choice i, or NULL when i is not a choice (it is skipped);
 * *note, when the function sets it, is written after the name in parentheses.
 */
typedef const char *choices_name_fn(const void *cls, size_t i, const char **note);

/*
 * Writes into out (size bytes, always NUL-terminated) the names of choices
 * 0..n-1, each quoted, separated by ", ", in their order: all of them when
 * there are at most CHOICES_SHOWN, else the first CHOICES_SHOWN and
 * " and N more". A name that would not fit is counted among the more, never
 * cut. Returns how many choices there are (the names that are not NULL).
 */
size_t	 choices_list(char *out, size_t size, size_t n, choices_name_fn *name, const void *cls);
/* The names of t's pools: "\"eu-pool\", \"us-pool\"". */
size_t	 choices_pools(char *out, size_t size, const struct topology *t);
/*
 * The home-server DNs of t's pools, each followed by its pool's name:
 * "\"CN=Lc Services,...\" (eu-pool)"; 0 when no pool has one.
 */
size_t	 choices_home_servers(char *out, size_t size, const struct topology *t);

#endif
