/* SPDX-License-Identifier: MIT */
/*
 * become.c: becoming another user (see become.h).
 */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "become.h"
#include "util.h"

int
become_user(const char *name, char **cause)
{
	struct passwd *pw = getpwnam(name);

	if (pw == NULL) {
		*cause = xasprintf_s("user \"%s\": no such user", name);
		return -1;
	}
	if (setgroups(1, &pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
	    setuid(pw->pw_uid) != 0 || (pw->pw_uid != 0 && setuid(0) == 0)) {
		*cause = xasprintf_s("cannot become user %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}
