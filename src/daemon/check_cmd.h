/* SPDX-License-Identifier: MIT */
/*
 * check_cmd.h: lyncdiscoverd -c FILE --check — the configuration and every
 * file it names read as the daemon will read them, then, when a daemon runs
 * on the file's control socket, what it would refuse on reload.
 */
#ifndef LD_CHECK_CMD_H
#define LD_CHECK_CMD_H

#include "cli.h"

/* The user lyncdiscoverd.service runs the daemon as (its User=, made by sysusers.d). */
#define CHECK_UNIT_USER "lyncdiscover"

/*
 * Runs the check; the exit status: 0 sound, 1 errors (printed FILE:LINE),
 * 3 sound but the running daemon would refuse it on reload (it takes a
 * restart).
 */
int	 check_cmd(const struct options *);

#endif
