/* SPDX-License-Identifier: MIT */
/*
 * control.h: the control socket (settings/@control-socket), the running
 * daemon's side. A Unix stream socket, made after the privilege drop (so
 * that it belongs to the daemon's user) and mode 0600; a connection from
 * root or that user sends one request, a JSON object, and half-closes; the
 * daemon answers one JSON object and closes:
 *
 *   {"command": "reload"}              what SIGHUP does, and what came of it
 *   {"command": "check", "file": F}    that reload tried on file F (absolute):
 *                                      what it would refuse; nothing changes
 *   {"command": "reopen"}              the access log reopened (SIGUSR1)
 *
 *   answer: {"ok": true|false, "pid": N, "config": the daemon's file,
 *            "said": one sentence, "messages": ["FILE:LINE: ...", ...]}
 *
 * lyncdiscoverd reload, reopen and --check ask it (control_ask.h). Why a
 * socket rather than signals and a pidfile: lyncdiscoverd(8), CHECKING AND
 * RELOADING.
 */
#ifndef LD_CONTROL_H
#define LD_CONTROL_H

#include "diag.h"

/* What the commands do; each says its outcome. */
struct control_ops {
	const char	*config;	/* the daemon's configuration file, for the answers */
	void		*cls;
	/* SIGHUP's reload (source_reload()). */
	int		(*reload)(void *cls, unsigned long *generation, struct diag *d);
	/* A reload tried on file (source_check()). */
	int		(*check)(void *cls, const char *file, struct diag *d);
	/* The access log reopened: 0 with *said (a sentence to free), or -1 with *said the cause. */
	int		(*reopen)(void *cls, char **said);
};

struct control;

/*
 * Binds path (a socket left by a daemon that is gone is replaced; one that
 * answers is another daemon's: an error) and serves it from a thread of its
 * own until control_stop(). NULL with *cause.
 */
struct control	*control_start(const char *path, const struct control_ops *, char **cause);
/* Stops serving (a request in hand is answered first) and removes the socket. NULL: nothing. */
void		 control_stop(struct control *);

#endif
