/* SPDX-License-Identifier: MIT */
/*
 * throttle.h: failed sign-ins per client address and per user name, in a
 * fixed-size table (bounded memory whatever the attacker sends).
 *
 * The policy (numbers from sign-in/@max-failures, @failure-window, @max-block):
 *
 *  - An address with max-failures failures within failure-window seconds is
 *    refused (429) for a block that starts at failure-window and doubles with
 *    each further block (60, 120, 240 ... s), capped at max-block; a quiet
 *    max-block after a block forgives the doubling.
 *  - A user name with max-failures failures within failure-window seconds,
 *    from any addresses, is refused for failure-window seconds (never more, and
 *    never growing) — but only to addresses that have themselves failed within
 *    the window. An address with a clean record (the real user's, who typed
 *    the password right) is never refused for the user's sake, so an attacker
 *    cannot lock a real user out; a real user who mistyped waits at most one
 *    window after their own last failure. A distributed attacker gets one
 *    guess per fresh address while the user is blocked.
 *  - A successful sign-in clears the user's record (not the address's: an
 *    attacker holding one valid account must not wash their address with it).
 *  - Unknown and known users are counted alike, so a 429 tells nothing of
 *    who exists.
 *
 * Keys are HMAC-SHA256 (random per-process key) of the address or the name,
 * cut to 64 bits: attackers cannot aim collisions at an entry. When a set of
 * the table is full, the entry that failed longest ago (preferring ones that
 * are not blocked) is forgotten: a flood of addresses can make the table
 * forget, never grow.
 *
 * Times are seconds (any monotonic origin) passed by the caller: no clock here.
 */
#ifndef LD_THROTTLE_H
#define LD_THROTTLE_H

#include <stddef.h>

#include "netaddr.h"

struct throttle_policy {
	unsigned	 max_failures;	/* 0: no throttling */
	unsigned	 window;	/* seconds */
	unsigned	 max_block;	/* seconds, >= window */
};

struct throttle;

/* A table of about `entries` addresses and as many user names; NULL when out of memory. */
struct throttle	*throttle_new(size_t entries);
void		 throttle_free(struct throttle *);
/* Seconds before user may be tried from client (for Retry-After), 0: go ahead. */
unsigned	 throttle_check(struct throttle *, const struct throttle_policy *,
		     const struct netaddr *client, const char *user, double now);
/* A sign-in of user from client failed. */
void		 throttle_failed(struct throttle *, const struct throttle_policy *,
		     const struct netaddr *client, const char *user, double now);
/* A sign-in of user succeeded: its record is cleared. */
void		 throttle_succeeded(struct throttle *, const char *user);

#endif
