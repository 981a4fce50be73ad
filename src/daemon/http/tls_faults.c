/* SPDX-License-Identifier: MIT */
/*
 * tls_faults.c: the rig's TLS faults at the ClientHello (see tls_faults.h).
 */
#include <config.h>

#include <string.h>

#include "client.h"
#include "connection.h"
#include "faults.h"
#include "rig.h"
#include "server_impl.h"
#include "tls_faults.h"
#include "tls_store.h"
#include "util.h"

/* The store's order is the rule's: expired, wrong-name, untrusted (then stall, which has none). */
_Static_assert(FAULT_TLS_EXPIRED == 0 && FAULT_TLS_WRONG_NAME == 1 &&
    FAULT_TLS_UNTRUSTED == 2 && FAULT_TLS_CERTIFICATES == TLS_STORE_FAULTS,
    "tls_store's faults are in fault_rule.h's order");

/* The location a by-name listener gives the SNI name (its default without one). */
static enum access_location
location_by_name(struct listener *l, const char *name, size_t len)
{
	struct generation *g = generation_slot_hold(&l->server->current);
	enum access_location loc = l->location;

	if (g != NULL && name != NULL)
		loc = client_location_by_name(g->snapshot->topology, name, len, l->location);
	if (g != NULL)
		generation_release(g);
	return loc;
}

enum tls_hello_verdict
tls_faults_hello(void *cls, struct MHD_Connection *c, gnutls_session_t session,
    const char *server_name)
{
	struct listener *l = cls;
	struct netaddr peer;
	struct fault_facts f = { .layer = FAULT_LAYER_TLS, .location = l->location, .user = "",
	    .representation = -1, .peer = &peer };
	struct fault_fired fired;
	enum tls_hello_verdict v = TLS_HELLO_GO_ON;

	if (l->server->uses.rig == NULL)
		return TLS_HELLO_GO_ON;
	if (server_name[0] != '\0') {
		f.host = server_name;
		f.host_len = strlen(server_name);
	}
	if (l->access_mode == ACCESS_BY_NAME)
		f.location = location_by_name(l, f.host, f.host_len);
	connection_peer(c, &peer);
	if (!faults_pick(l->server->uses.rig->faults, &f, &fired))
		return TLS_HELLO_GO_ON;
	if (fired.action.tls == FAULT_TLS_STALL)
		v = TLS_HELLO_STALL;
	else
		(void)tls_store_present_fault(l->store, (size_t)fired.action.tls, session);
	faults_fired_free(&fired);
	return v;
}

int
tls_faults_set(struct server *s, size_t i, const char *const cert[], const char *const key[],
    char **cause)
{
	if (i >= s->n_listeners || s->listeners[i].store == NULL) {
		*cause = xstrdup("not an HTTPS listener");
		return -1;
	}
	return tls_store_set_faults(s->listeners[i].store, cert, key, cause);
}
