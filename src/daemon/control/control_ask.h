/* SPDX-License-Identifier: MIT */
/*
 * control_ask.h: the control socket, the asking side (control.h has the
 * requests and answers): lyncdiscoverd reload, reopen, and --check's
 * question to a running daemon.
 */
#ifndef LD_CONTROL_ASK_H
#define LD_CONTROL_ASK_H

#include <stdbool.h>

#include <jansson.h>

enum control_reach {
	CONTROL_ANSWERED,	/* *answer holds the daemon's answer */
	CONTROL_NOBODY,		/* no socket there, or nobody listens on it: no daemon runs */
	CONTROL_FAILED		/* a daemon may run but could not be asked (*cause says why) */
};

/*
 * Sends request (a JSON object: control.h) to the socket at path and reads
 * the answer: CONTROL_ANSWERED with *answer (json_decref it), or the other
 * two with *cause (free it). Waits up to 60 s for the answer (a reload that
 * reads a large directory takes a while).
 */
enum control_reach control_ask(const char *path, json_t *request, json_t **answer, char **cause);
/*
 * Prints an answer: its messages on stderr, one a line (as --check prints
 * its own), then "lyncdiscoverd: the running daemon (pid N) SAID" on stdout
 * if it is ok, on stderr if not. Returns its "ok".
 */
bool		 control_ask_print(const json_t *answer);

#endif
