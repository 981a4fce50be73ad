/* SPDX-License-Identifier: MIT */
/*
 * server_reload.c: a new configuration in service (see server_reload() in
 * server.h): the same listeners, their TLS material read anew, the next
 * generation swapped in.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "server_impl.h"
#include "signin_gate.h"
#include "tls_store.h"
#include "util.h"

/* Does t have the same listeners, in the same order, as the running server? */
static bool
same_listeners(const struct server *s, const struct topology *t, char **cause)
{
	size_t i;

	if (t->n_listeners != s->n_listeners) {
		*cause = xasprintf_s("the configuration has %zu listener(s), %zu are running: "
		    "listener changes take a restart", t->n_listeners, s->n_listeners);
		return false;
	}
	for (i = 0; i < s->n_listeners; i++) {
		const struct listener *l = &s->listeners[i];
		const struct listener_conf *lc = &t->listeners[i];

		if (strcmp(l->address, lc->address) != 0 || l->port != lc->port ||
		    l->tls != lc->tls || l->location != lc->location ||
		    l->access_mode != lc->access_mode || l->proxy_protocol != lc->proxy_protocol) {
			*cause = xasprintf_s("listener %s port %u changed: listener changes take a "
			    "restart", l->address, l->port);
			return false;
		}
	}
	return true;
}

/* Reads every HTTPS listener's material for t; all or none. */
static struct tls_material **
load_materials(const struct server *s, const struct topology *t, char **cause)
{
	struct tls_material **fresh = calloc(s->n_listeners + 1, sizeof *fresh);
	char *why = NULL;
	size_t i, j;

	if (fresh == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	for (i = 0; i < s->n_listeners; i++) {
		const struct listener *l = &s->listeners[i];

		if (l->store == NULL)
			continue;
		if ((fresh[i] = tls_store_load(l->store, t, &t->listeners[i], &why)) == NULL) {
			*cause = xasprintf_s("listener %s port %u: %s", l->address, l->port, why);
			free(why);
			for (j = 0; j < i; j++)
				tls_store_material_free(fresh[j]);
			free(fresh);
			return NULL;
		}
	}
	return fresh;
}

/*
 * The connection settings are libmicrohttpd's options and the registries'
 * limits, set at start: a reload keeps them, and says so when they changed.
 */
char *
server_reload_kept(const struct server *s, const struct topology *t)
{
	const struct topology *o = server_snapshot(s)->topology;
	bool journal = o->journal_size != t->journal_size;
	bool connections = o->connection_timeout != t->connection_timeout ||
	    o->header_timeout != t->header_timeout || o->keepalive_timeout != t->keepalive_timeout ||
	    o->max_connections != t->max_connections ||
	    o->max_connections_per_client != t->max_connections_per_client;
	char said[96] = "";

	if (!journal && !connections)
		return NULL;
	if (journal)
		snprintf(said, sizeof said, "journal-size takes a restart: the journal keeps %u "
		    "entries", o->journal_size);
	return xasprintf_s("%s%s%s", said, journal && connections ? "; " : "", connections ?
	    "connection-timeout, header-timeout, keepalive-timeout, max-connections and "
	    "max-connections-per-client take a restart: the running values stay" : "");
}

static void
note_kept(const struct server *s, const struct topology *t)
{
	char *kept;

	if (t->log_level < LOG_WARNING || (kept = server_reload_kept(s, t)) == NULL)
		return;
	fprintf(stderr, "lyncdiscoverd: warning: %s\n", kept);
	free(kept);
}

static void
materials_free(struct tls_material **fresh, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tls_store_material_free(fresh[i]);
	free(fresh);
}

int
server_reload_check(struct server *s, const struct topology *t, char **cause)
{
	struct tls_material **fresh;

	if (!same_listeners(s, t, cause) || (fresh = load_materials(s, t, cause)) == NULL)
		return -1;
	materials_free(fresh, s->n_listeners);
	return 0;
}

int
server_reload(struct server *s, struct snapshot *snap, size_t *n_tls, char **cause)
{
	const struct topology *t = snap->topology;
	struct tls_material **fresh;
	struct generation *g, *old;
	size_t i;

	*n_tls = 0;
	if (!same_listeners(s, t, cause) || (fresh = load_materials(s, t, cause)) == NULL) {
		snapshot_free(snap);
		return -1;
	}
	if ((g = generation_new(snap, cause)) == NULL) {
		materials_free(fresh, s->n_listeners);
		return -1;
	}
	note_kept(s, t);
	/* From here nothing fails: new requests and connections get the new material. */
	old = generation_slot_swap(&s->current, g);
	for (i = 0; i < s->n_listeners; i++) {
		if (fresh[i] == NULL)
			continue;
		tls_store_swap(s->listeners[i].store, t, fresh[i]);
		(*n_tls)++;
	}
	free(fresh);
	generation_release(old);	/* freed when its last request completes */
	signin_gate_configure(s->gate, t);	/* the LDAP directory's settings */
	metrics_reload(s->metrics, true);
	return 0;
}

void
server_reload_failed(struct server *s)
{
	metrics_reload(s->metrics, false);
}
