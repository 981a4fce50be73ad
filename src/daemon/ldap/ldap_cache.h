/* SPDX-License-Identifier: MIT */
/*
 * ldap_cache.h: what the LDAP directory said of each user lately, so that
 * User requests of known users never wait for it, and are answered from it
 * while it is down. Bounded; thread-safe (one mutex: a lookup is a hash and
 * a copy).
 */
#ifndef LD_LDAP_CACHE_H
#define LD_LDAP_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "ldap_conn.h"

struct ldap_cache;

/* At most max entries. NULL when out of memory. */
struct ldap_cache	*ldap_cache_new(size_t max);
void			 ldap_cache_free(struct ldap_cache *);
/*
 * The record of user (canonical; compared without regard to case) into *r:
 * true if there is one, *fresh telling whether it is within its time to
 * live at now (seconds, any monotonic clock). Expired records stay until
 * replaced or evicted: they serve while the directory is down.
 */
bool			 ldap_cache_get(struct ldap_cache *, const char *user, double now,
			     struct ldap_record *r, bool *fresh);
/* Remembers r for user until now + ttl. When full, expired records go first; else nothing is kept. */
void			 ldap_cache_put(struct ldap_cache *, const char *user,
			     const struct ldap_record *r, double now, unsigned ttl);
/* Forgets everything (the directory's configuration changed). */
void			 ldap_cache_clear(struct ldap_cache *);
size_t			 ldap_cache_count(struct ldap_cache *);

#endif
