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
