/* SPDX-License-Identifier: MIT */
/*
 * become.h: a root process becoming another user for good — the daemon
 * after binding (settings/@user), and --check reading the files as the
 * daemon will.
 */
#ifndef LD_BECOME_H
#define LD_BECOME_H

/*
 * Becomes user name: its primary group only (supplementary groups dropped),
 * then its uid, and makes sure that root cannot be regained. 0, or -1 with
 * *cause (no such user, or a call refused).
 */
int	 become_user(const char *name, char **cause);

#endif
