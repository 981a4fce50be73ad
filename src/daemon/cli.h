/* SPDX-License-Identifier: MIT */
/*
 * cli.h: the command line of lyncdiscoverd.
 */
#ifndef LD_CLI_H
#define LD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "topology.h"

#define CLI_MAX_LISTENERS 16
#define CLI_MAX_NAMES 32

enum command {
	CMD_RUN,	/* the daemon, or --check */
	CMD_CERT,	/* lyncdiscoverd cert */
	CMD_PLAN,	/* lyncdiscoverd plan */
	CMD_PASSWD,	/* lyncdiscoverd passwd */
	CMD_RELOAD,	/* lyncdiscoverd reload: the running daemon asked to reload */
	CMD_REOPEN	/* lyncdiscoverd reopen: ... to reopen its access log */
};

struct options {
	enum command		 command;
	const char		*config;	/* -c FILE */
	bool			 check;		/* --check */
	bool			 lab;		/* --lab [DOMAIN] */
	const char		*lab_domain;
	const char		*cert;		/* --cert FILE */
	const char		*key;		/* --key FILE */
	struct listener_conf	 listeners[CLI_MAX_LISTENERS];	/* --internal ..., --listen */
	size_t			 n_listeners;
	char			 addresses[CLI_MAX_LISTENERS][64];
	char			 flags[CLI_MAX_LISTENERS][96];	/* each listener's flag, for messages */
	const char		*dir;		/* cert --dir */
	const char		*names[CLI_MAX_NAMES];	/* cert --name */
	size_t			 n_names;
	unsigned		 days;		/* cert --days */
	enum plan_format	 plan_format;	/* plan --format (--json) */
	const char		*sign_in;	/* --lab --sign-in open|any-password|password, NULL: open */
	const char		*users;		/* --lab --users FILE */
	bool			 allow_root;	/* --allow-root */
	char			 admin_address[64];	/* --admin ADDR:PORT */
	unsigned		 admin_port;	/* 0: no --admin */
	const char		*lab_dir;	/* --lab-dir DIR */
	const char		*check_as;	/* --check --as USER */
};

enum cli_result {
	CLI_RUN,
	CLI_EXIT_OK,	/* --help or --version was printed */
	CLI_EXIT_USAGE	/* an error was printed */
};

enum cli_result	 cli_parse(int argc, char **argv, struct options *);

#endif
