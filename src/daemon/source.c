/* SPDX-License-Identifier: MIT */
/*
 * source.c: loading what the daemon serves, at start and on reload (see
 * source.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certcheck.h"
#include "config_file.h"
#include "diag_print.h"
#include "generation.h"
#include "ldapdir.h"
#include "snapshot.h"
#include "source.h"
#include "tls.h"
#include "util.h"

void
source_init(struct source *src, const struct options *o)
{
	memset(src, 0, sizeof *src);
	src->o = o;
	pthread_mutex_init(&src->lock, NULL);
}

void
source_free(struct source *src)
{
	lab_run_made_free(&src->lab);
	pthread_mutex_destroy(&src->lock);
}

void
source_started(struct source *src, struct server *server)
{
	pthread_mutex_lock(&src->lock);
	src->server = server;
	pthread_mutex_unlock(&src->lock);
}

/* The listener flags replace the configuration's listeners; --cert/--key serve every HTTPS one. */
static int
override_listeners(struct topology *t, const struct options *o)
{
	struct listener_conf *ls = calloc(o->n_listeners, sizeof *ls);
	size_t i;

	if (ls == NULL)
		return -1;
	for (i = 0; i < t->n_listeners; i++)
		topology_listener_conf_clear(&t->listeners[i]);
	free(t->listeners);
	t->listeners = ls;
	t->n_listeners = o->n_listeners;
	for (i = 0; i < o->n_listeners; i++) {
		ls[i] = o->listeners[i];
		ls[i].address = xstrdup(o->listeners[i].address);
		ls[i].flag = xstrdup(o->listeners[i].flag);
		ls[i].advertise = NULL;	/* --listen, the one flag that sets it, is the lab's */
		if (ls[i].address == NULL || ls[i].flag == NULL)
			return -1;
		if (!ls[i].tls)
			continue;
		ls[i].certs = calloc(1, sizeof *ls[i].certs);
		if (ls[i].certs == NULL)
			return -1;
		ls[i].n_certs = 1;
		ls[i].certs[0].cert_file = xstrdup(o->cert);
		ls[i].certs[0].key_file = xstrdup(o->key);
		if (ls[i].certs[0].cert_file == NULL || ls[i].certs[0].key_file == NULL)
			return -1;
	}
	return 0;
}

/* --admin replaces settings/@admin-listener (a lab has no other way to get one). */
static void
override_admin(struct topology *t, const struct options *o)
{
	if (o->admin_port == 0)
		return;
	memcpy(t->admin_address, o->admin_address, sizeof t->admin_address);
	t->admin_port = o->admin_port;
}

struct lab_options
source_lab_options(const struct options *o)
{
	return (struct lab_options){ .domain = o->lab_domain, .dir = o->lab_dir,
	    .sign_in = o->sign_in, .users = o->users, .cert = o->cert, .key = o->key,
	    .listeners = o->listeners, .n_listeners = o->n_listeners };
}

struct topology *
source_load(const struct options *o, struct lab_made *lab, struct diag *d)
{
	struct lab_options lo = source_lab_options(o);
	struct lab_made unused;
	struct topology *t;

	if (o->lab) {
		t = lab_run_load(&lo, lab != NULL, lab != NULL ? lab : &unused, d);
		if (lab == NULL)
			lab_run_made_free(&unused);
	} else
		t = config_file_load(o->config, d);
	if (t == NULL)
		return NULL;
	override_admin(t, o);
	if (o->lab || o->n_listeners == 0)
		return t;
	/* cli_parse has made sure that HTTPS flags come with --cert and --key. */
	if (override_listeners(t, o) == 0)
		return t;
	fprintf(stderr, "lyncdiscoverd: out of memory\n");
	topology_free(t);
	return NULL;
}

/* --check: connect to the LDAP directory, bind, read the base; an error FILE:LINE: ldap: ... */
static bool
ldap_reachable(const struct topology *t, struct diag *d)
{
	char *cause = NULL;

	if (ldapdir_check(t->sign_in.ldap, &cause) == 0)
		return true;
	diag_add(d, t->source, t->sign_in.ldap->line, "ldap: %s", cause != NULL ? cause :
	    "out of memory");
	free(cause);
	return false;
}

bool
source_usable(const struct topology *t, const struct options *o, struct diag *d)
{
	bool ok = tls_check_topology(t, d) == 0;

	if (certcheck_topology(t, o->check || t->strict_certificates, time(NULL), d) > 0)
		ok = false;
	/* Only --check insists on the directory: the daemon starts during an outage. */
	if (o->check && t->sign_in.ldap != NULL && !ldap_reachable(t, d))
		ok = false;
	if (t->n_listeners == 0 && !o->check) {
		diag_add(d, t->source, 0, "no listeners: add <listener> elements or "
		    "--internal/--external/--internal-tls/--external-tls flags");
		ok = false;
	}
	return ok;
}

/* Without a token-secret file the random secret outlives reloads, and so do the tokens. */
static void
keep_random_secret(struct topology *t, const struct topology *old)
{
	if (t->sign_in.token_secret_file != NULL || old->sign_in.token_secret_file != NULL)
		return;
	memcpy(t->sign_in.token_secret, old->sign_in.token_secret, sizeof t->sign_in.token_secret);
	t->sign_in.token_secret_len = old->sign_in.token_secret_len;
}

/* The lab's own document again (its files are made once), or the configuration file. */
static struct topology *
load_again(const struct source *src, struct diag *d)
{
	struct lab_options lo = source_lab_options(src->o);
	struct topology *t;

	if (src->lab.xml == NULL)
		return source_load(src->o, NULL, d);
	t = config_file_load_memory(TOPOLOGY_LAB_SOURCE, src->lab.xml, strlen(src->lab.xml), NULL,
	    d);
	if (t != NULL && lab_run_name_listeners(t, &lo) != 0) {
		diag_add(d, TOPOLOGY_LAB_SOURCE, 0, "out of memory");
		topology_free(t);
		return NULL;
	}
	if (t != NULL)
		override_admin(t, src->o);
	return t;
}

/* The new topology in service (taken over); -1 with the cause in d. */
static int
put_in_service(struct server *server, const char *name, struct topology *t, struct diag *d)
{
	struct snapshot *snap;
	char *cause = NULL;
	size_t n;

	keep_random_secret(t, server_snapshot(server)->topology);
	if ((snap = snapshot_build(t, &cause)) == NULL ||
	    server_reload(server, snap, &n, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: reload failed: %s; keeping the previous "
		    "configuration and TLS material\n", cause);
		diag_add(d, name, 0, "%s", cause);
		free(cause);
		server_reload_failed(server);
		return -1;
	}
	if (server_snapshot(server)->topology->log_level < LOG_INFO)
		return 0;
	if (n > 0)
		fprintf(stderr, "lyncdiscoverd: reloaded %s; reloaded TLS material "
		    "(%zu HTTPS listener(s))\n", name, n);
	else
		fprintf(stderr, "lyncdiscoverd: reloaded %s\n", name);
	return 0;
}

static int
reload_locked(struct source *src, struct server *server, struct diag *d)
{
	const char *name = src->lab.xml != NULL ? TOPOLOGY_LAB_SOURCE : src->o->config;
	struct topology *t;

	t = load_again(src, d);
	if (t != NULL && !source_usable(t, src->o, d)) {
		topology_free(t);
		t = NULL;
	}
	diag_print(d, stderr);
	if (t == NULL) {
		/* Name the file at fault: the user directory, a key, ... not only the configuration. */
		fprintf(stderr, "lyncdiscoverd: reload failed: %s has errors (above); keeping the "
		    "previous configuration and TLS material\n",
		    d->error_file != NULL ? d->error_file : name);
		if (d->n_errors == 0)
			diag_add(d, name, 0, "cannot load (out of memory?)");
		server_reload_failed(server);
		return -1;
	}
	return put_in_service(server, name, t, d);
}

int
source_reload(void *cls, unsigned long *generation, struct diag *d)
{
	struct source *src = cls;
	int rc;

	pthread_mutex_lock(&src->lock);
	if (src->server == NULL) {
		diag_add(d, src->lab.xml != NULL ? TOPOLOGY_LAB_SOURCE : src->o->config, 0,
		    "the daemon is starting or stopping");
		rc = -1;
	} else {
		rc = reload_locked(src, src->server, d);
		*generation = generation_slot_number(server_current(src->server));
	}
	pthread_mutex_unlock(&src->lock);
	return rc;
}

/* A reload of file tried: what reload_locked() does, up to putting nothing in service. */
static int
check_locked(const struct source *src, struct server *server, const char *file, struct diag *d)
{
	struct options o = *src->o;	/* the command line's listeners and admin listener too */
	struct topology *t;
	char *cause = NULL, *kept;
	int rc = -1;

	o.config = file;
	o.check = false;	/* as a reload: certificate problems are warnings unless strict */
	t = source_load(&o, NULL, d);
	if (t != NULL && source_usable(t, &o, d)) {
		if (server_reload_check(server, t, &cause) == 0)
			rc = 0;
		else
			diag_add(d, file, 0, "%s", cause != NULL ? cause : "out of memory");
		free(cause);
		if ((kept = server_reload_kept(server, t)) != NULL)
			diag_warn(d, file, t->settings_line, "%s", kept);
		free(kept);
	}
	topology_free(t);
	return rc;
}

int
source_check(void *cls, const char *file, struct diag *d)
{
	struct source *src = cls;
	int rc = -1;

	pthread_mutex_lock(&src->lock);
	if (src->lab.xml != NULL)
		diag_add(d, file, 0, "the running daemon is a lab: it reloads its own topology");
	else if (src->server == NULL)
		diag_add(d, file, 0, "the daemon is starting or stopping");
	else
		rc = check_locked(src, src->server, file, d);
	pthread_mutex_unlock(&src->lock);
	return rc;
}
