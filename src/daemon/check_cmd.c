/* SPDX-License-Identifier: MIT */
/*
 * check_cmd.c: --check (see check_cmd.h). The rules for whom the files are
 * read as are lyncdiscoverd(8)'s, CHECKING AND RELOADING.
 */
#include <config.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "become.h"
#include "check_cmd.h"
#include "config_peek.h"
#include "control_ask.h"
#include "diag_print.h"
#include "files.h"
#include "source.h"
#include "util.h"

/* settings/@NAME of the file, NULL when absent or when the file cannot be peeked at. */
static char *
peek(const char *config, const char *name)
{
	char *value = NULL, *cause = NULL;

	if (config_peek_setting(config, name, 0, &value, &cause) != 0)
		free(cause);	/* the check proper says what is wrong with the file */
	return value;
}

static bool
allows_root(const struct options *o)
{
	char *v = peek(o->config, "allow-root");
	bool yes = v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);

	free(v);
	return yes || o->allow_root;
}

/* Run as root: the user the daemon reads the files as, and why that one. */
static char *
choose_reader(const struct options *o, const char **why)
{
	char *user;

	if (o->check_as != NULL) {
		*why = "--as";
		return xstrdup(o->check_as);
	}
	if ((user = peek(o->config, "user")) != NULL) {
		*why = "settings/@user: started as root, the daemon becomes it after binding, and "
		    "its reloads read the files as it";
		return user;
	}
	if (allows_root(o)) {
		*why = "allow-root: the daemon goes on running as root";
		return xstrdup("root");
	}
	if (getpwnam(CHECK_UNIT_USER) != NULL) {
		*why = "the user lyncdiscoverd.service runs the daemon as";
		return xstrdup(CHECK_UNIT_USER);
	}
	*why = "no settings/@user, no allow-root, and no user " CHECK_UNIT_USER " on this system";
	return xstrdup("root");
}

/* Becomes the user the daemon reads the files as (run as root), and names it in the messages. */
static int
read_as_the_daemon(const struct options *o)
{
	struct passwd *pw;
	const char *why;
	char *name, *cause = NULL, *who;
	int rc = 0;

	if (geteuid() != 0) {
		pw = getpwuid(geteuid());
		who = pw != NULL ? xasprintf_s("user %s", pw->pw_name) : NULL;
		files_set_reader(who);
		free(who);
		return 0;
	}
	if ((name = choose_reader(o, &why)) == NULL)
		return -1;
	/* Said when they are not read as the one who asked. */
	if (strcmp(name, "root") != 0)
		fprintf(stderr, "lyncdiscoverd: --check reads the files as user %s (%s); --as USER "
		    "reads them as another\n", name, why);
	if (strcmp(name, "root") != 0 && become_user(name, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: --check: %s\n", cause);
		free(cause);
		rc = -1;
	}
	who = xasprintf_s("user %s", name);
	files_set_reader(who);
	free(who);
	free(name);
	return rc;
}

/* The access log must be writable by the reader: at start under the unit, and on every reopen. */
static void
check_access_log(const struct topology *t, struct diag *d)
{
	char *copy, *dir;
	int err;

	if (t->access_log == NULL || strcmp(t->access_log, "stderr") == 0 ||
	    access(t->access_log, W_OK) == 0)
		return;
	err = errno;
	if (err == ENOENT && (copy = xstrdup(t->access_log)) != NULL) {
		dir = dirname(copy);
		if (access(dir, W_OK | X_OK) == 0) {
			free(copy);
			return;
		}
		diag_add(d, t->source, t->settings_line, "settings: access-log %s: cannot make it in "
		    "%s: %s", t->access_log, dir, files_strerror(errno));
		free(copy);
		return;
	}
	diag_add(d, t->source, t->settings_line, "settings: access-log %s: cannot write it: %s",
	    t->access_log, files_strerror(err));
}

/* The daemon on the control socket asked what it would do with this file: 0, or 3 if it refuses. */
static int
ask_running(const struct options *o, const struct topology *t)
{
	char path[PATH_MAX], *cause = NULL;
	const char *config;
	json_t *rq, *a = NULL;
	int rc = 0;

	if (t->control_socket == NULL || realpath(o->config, path) == NULL)
		return 0;
	rq = json_pack("{s:s, s:s}", "command", "check", "file", path);
	switch (rq != NULL ? control_ask(t->control_socket, rq, &a, &cause) : CONTROL_FAILED) {
	case CONTROL_NOBODY:
		break;
	case CONTROL_FAILED:
		fprintf(stderr, "lyncdiscoverd: warning: cannot ask the running daemon what it would "
		    "refuse: %s\n", cause != NULL ? cause : "out of memory");
		break;
	case CONTROL_ANSWERED:
		config = json_string_value(json_object_get(a, "config"));
		if (config != NULL && strcmp(config, path) != 0 && strcmp(config, o->config) != 0)
			fprintf(stderr, "lyncdiscoverd: note: the daemon on %s serves %s; it answered "
			    "for %s as if it were that file\n", t->control_socket, config, path);
		rc = control_ask_print(a) ? 0 : 3;
		break;
	}
	free(cause);
	json_decref(rq);
	json_decref(a);
	return rc;
}

int
check_cmd(const struct options *o)
{
	struct diag d = { 0 };
	struct topology *t;
	int rc;

	if (read_as_the_daemon(o) != 0)
		return 1;
	t = source_load(o, NULL, &d);
	if (t != NULL)
		check_access_log(t, &d);
	if (t != NULL && (!source_usable(t, o, &d) || d.n_errors > 0)) {
		topology_free(t);
		t = NULL;
	}
	diag_print(&d, stderr);
	diag_free(&d);
	if (t == NULL)
		return 1;
	printf("%s: configuration OK (%zu pool(s), %zu domain(s), %zu listener(s))\n",
	    o->config, t->n_pools, t->n_domains, t->n_listeners);
	fflush(stdout);
	rc = ask_running(o, t);
	topology_free(t);
	return rc;
}
