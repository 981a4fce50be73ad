/* SPDX-License-Identifier: MIT */
/*
 * lyncdiscoverd.c: the daemon's entry point — the command line, then the
 * command: run the daemon (or --check its configuration), cert, plan, passwd,
 * and reload and reopen, which ask the running daemon.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cert_cmd.h"
#include "check_cmd.h"
#include "cli.h"
#include "control_cmd.h"
#include "diag_print.h"
#include "password.h"
#include "password_new.h"
#include "plan_write.h"
#include "run.h"
#include "source.h"

static int
cmd_run(const struct options *o)
{
	struct diag d = { 0 };
	struct topology *t;
	struct source src;
	int rc;

	source_init(&src, o);
	t = source_load(o, &src.lab, &d);
	if (t != NULL && !source_usable(t, o, &d)) {
		topology_free(t);
		t = NULL;
	}
	diag_print(&d, stderr);
	diag_free(&d);
	rc = t != NULL ? run(t, &src) : 1;
	source_free(&src);
	return rc;
}

static int
cmd_cert(const struct options *o)
{
	struct cert_for cf = {
		.dir = o->dir, .extra = o->names, .n_extra = o->n_names, .lab = o->lab,
		.days = o->days,
	};
	struct certgen_result res;
	struct name_list names;
	struct diag d = { 0 };
	struct topology *t;
	char *cause = NULL;

	t = source_load(o, NULL, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (t == NULL)
		return 1;
	if (cert_cmd_make(t, &cf, &res, &names, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: cert: %s\n", cause);
		free(cause);
		topology_free(t);
		return 1;
	}
	cert_cmd_report(&res, &names, stdout);
	certgen_result_free(&res);
	name_list_free(&names);
	topology_free(t);
	return 0;
}

static int
cmd_plan(const struct options *o)
{
	struct diag d = { 0 };
	struct topology *t;
	char *cause = NULL;
	int rc = 0;

	t = source_load(o, NULL, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	if (t == NULL)
		return 1;
	if (plan_write(t, o->plan_format, stdout, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: plan: %s\n", cause);
		free(cause);
		rc = 1;
	}
	topology_free(t);
	return rc;
}

/* A password hash for the user directory, from one line on stdin. */
static int
cmd_passwd(void)
{
	char line[1024], *hash;
	size_t len;

	if (fgets(line, sizeof line, stdin) == NULL) {
		fprintf(stderr, "lyncdiscoverd: passwd: no password on stdin\n");
		return 1;
	}
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len == 0) {
		fprintf(stderr, "lyncdiscoverd: passwd: the password is empty\n");
		return 1;
	}
	hash = password_new_hash(line, PASSWORD_DEFAULT_ITERATIONS);
	memset(line, 0, sizeof line);
	if (hash == NULL) {
		fprintf(stderr, "lyncdiscoverd: passwd: cannot hash\n");
		return 1;
	}
	printf("%s\n", hash);
	free(hash);
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	int rc;

	switch (cli_parse(argc, argv, &o)) {
	case CLI_EXIT_OK:
		return 0;
	case CLI_EXIT_USAGE:
		return 2;
	case CLI_RUN:
		break;
	}
	xmlInitParser();
	switch (o.command) {
	case CMD_CERT:
		rc = cmd_cert(&o);
		break;
	case CMD_PLAN:
		rc = cmd_plan(&o);
		break;
	case CMD_PASSWD:
		rc = cmd_passwd();
		break;
	case CMD_RELOAD:
		rc = control_cmd_reload(o.config);
		break;
	case CMD_REOPEN:
		rc = control_cmd_reopen(o.config);
		break;
	default:
		rc = o.check ? check_cmd(&o) : cmd_run(&o);
		break;
	}
	xmlCleanupParser();
	return rc;
}
