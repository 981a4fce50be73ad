/* SPDX-License-Identifier: MIT */
/*
 * control_cmd.c: the reload and reopen commands (see control_cmd.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "config_peek.h"
#include "control_ask.h"
#include "control_cmd.h"

/* FILE's settings/@control-socket; NULL after saying why there is none. */
static char *
socket_of(const char *config, const char *command)
{
	char *path = NULL, *cause = NULL;

	if (config_peek_setting(config, "control-socket", 1, &path, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: %s: %s; the daemon was not asked\n", command, cause);
		free(cause);
		return NULL;
	}
	if (path == NULL)
		fprintf(stderr, "lyncdiscoverd: %s: %s has no settings/@control-socket, so there is "
		    "no socket to ask the daemon on (add one and restart the daemon; until then "
		    "send it SIGHUP to reload, SIGUSR1 to reopen its access log)\n", command,
		    config);
	return path;
}

static int
ask(const char *config, const char *command)
{
	char *path = socket_of(config, command), *cause = NULL;
	json_t *rq, *a = NULL;
	int rc = 1;

	if (path == NULL)
		return 1;
	rq = json_pack("{s:s}", "command", command);
	switch (rq != NULL ? control_ask(path, rq, &a, &cause) : CONTROL_FAILED) {
	case CONTROL_ANSWERED:
		rc = control_ask_print(a) ? 0 : 1;
		break;
	case CONTROL_NOBODY:
		fprintf(stderr, "lyncdiscoverd: %s: no daemon answers on %s (%s): is lyncdiscoverd "
		    "running with %s?\n", command, path, cause, config);
		break;
	case CONTROL_FAILED:
		fprintf(stderr, "lyncdiscoverd: %s: cannot ask the daemon: %s\n", command,
		    cause != NULL ? cause : "out of memory");
		break;
	}
	free(cause);
	free(path);
	json_decref(rq);
	json_decref(a);
	return rc;
}

int
control_cmd_reload(const char *config)
{
	return ask(config, "reload");
}

int
control_cmd_reopen(const char *config)
{
	return ask(config, "reopen");
}
