/* SPDX-License-Identifier: MIT */
/*
 * users.c: where a user is homed (the files are read by the daemon's users_load.c).
 */
#include <config.h>

#include <string.h>

#include "directory.h"
#include "users.h"

void
users_find(const struct topology *t, const char *sipuri, struct user_home *h)
{
	const char *at = strchr(sipuri, '@');
	struct user_entry e;

	memset(h, 0, sizeof *h);
	h->domain = at != NULL ? topology_find_domain(t, at + 1, strlen(at + 1)) : NULL;
	if (t->sign_in.directory == NULL) {
		if (h->domain != NULL) {
			h->kind = USER_POOL;
			h->pool = h->domain->pool;
		}
		return;
	}
	if (!directory_lookup(t->sign_in.directory, sipuri, &e))
		return;
	h->kind = e.home == HOME_ONLINE ? USER_ONLINE : USER_POOL;
	h->pool = e.pool;
	h->password_hash = e.password_hash;
}

long
users_pool_of_home(const struct topology *t, const char *dn)
{
	size_t i;

	for (i = 0; dn != NULL && i < t->n_pools; i++) {
		if (t->pools[i].home_server != NULL && strcmp(t->pools[i].home_server, dn) == 0)
			return (long)i;
	}
	return -1;
}

void
users_from_answer(const struct topology *t, const char *sipuri, const struct dir_answer *a,
    struct user_home *h, bool *unmatched)
{
	const char *at = strchr(sipuri, '@');
	long pi;

	memset(h, 0, sizeof *h);
	*unmatched = false;
	h->domain = at != NULL ? topology_find_domain(t, at + 1, strlen(at + 1)) : NULL;
	if (a->status != DIR_ENTRY || !a->enabled)
		return;
	if (a->online) {
		h->kind = USER_ONLINE;
		return;
	}
	h->kind = USER_POOL;
	pi = users_pool_of_home(t, a->home_dn);
	*unmatched = pi < 0;
	h->pool = pi >= 0 ? (size_t)pi : t->default_pool;
}
