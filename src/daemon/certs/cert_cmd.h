/* SPDX-License-Identifier: MIT */
/*
 * cert_cmd.h: certificates for a topology — the cert subcommand and the
 * throw-away certificate of --lab.
 */
#ifndef LD_CERT_CMD_H
#define LD_CERT_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "certgen.h"
#include "name_list.h"
#include "topology.h"

struct cert_for {
	const char		 *dir;		/* created (mode 0700) if missing */
	const char *const	 *extra;	/* more DNS names */
	size_t			  n_extra;
	bool			  lab;		/* names of both locations; also localhost, 127.0.0.1, ::1 */
	unsigned		  days;
	bool			  reuse_server;	/* keep a good DIR/server.pem (certgen.h) */
};

/*
 * Makes (or reuses) the lab CA in dir and a server certificate for the names
 * clients use on t's HTTPS listeners (both access locations if t has none),
 * plus the extra names. names gets the DNS names used. 0, or -1 with *cause.
 */
int	 cert_cmd_make(const struct topology *, const struct cert_for *,
	     struct certgen_result *, struct name_list *names, char **cause);
/* The cert subcommand's report: files, names, how to trust the CA on test devices. */
void	 cert_cmd_report(const struct certgen_result *, const struct name_list *, FILE *);

#endif
