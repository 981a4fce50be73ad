/* SPDX-License-Identifier: MIT */
/*
 * connection.c: a client connection opened and closed (see connection.h).
 */
#include <config.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "connection.h"
#include "conns.h"
#include "linger.h"
#include "metrics.h"
#include "server_impl.h"
#include "tls_store.h"
#include "tls_transport.h"

/* What a TLS connection holds until it closes. */
struct tls_conn {
	void			*material;	/* tls_store_attach()'s; NULL: libmicrohttpd's own */
	struct tls_transport	*transport;	/* NULL: GnuTLS's own (out of memory) */
	char			*server_name;	/* its SNI, once asked (connection_server_name) */
	bool			 server_name_read;
};

struct conn *
connection_entry(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

struct tls_transport *
connection_transport(const struct listener *l, const struct conn *cn)
{
	const struct tls_conn *tc;

	if (l->store == NULL || cn == NULL || (tc = conns_data(cn)) == NULL)
		return NULL;
	return tc->transport;
}

void
connection_peer(struct MHD_Connection *c, struct netaddr *a)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	memset(a, 0, sizeof *a);
	if (sa != NULL && sa->sa_family == AF_INET)
		netaddr_set(a, 4, &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		netaddr_set(a, 6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

const char *
connection_server_name(const struct listener *l, struct conn *cn, struct MHD_Connection *c)
{
	struct tls_conn *tc = l->store != NULL && cn != NULL ? conns_data(cn) : NULL;
	const union MHD_ConnectionInfo *ci;
	char name[256];
	size_t len = sizeof name;
	unsigned type = 0;

	if (tc == NULL || tc->server_name_read)
		return tc != NULL ? tc->server_name : NULL;
	tc->server_name_read = true;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || gnutls_server_name_get(ci->tls_session, name, &len, &type, 0) != 0 ||
	    type != GNUTLS_NAME_DNS || len == 0 || len >= sizeof name)
		return NULL;
	name[len] = '\0';
	tc->server_name = strdup(name);
	return tc->server_name;
}

static struct tls_conn *
tls_conn_new(struct listener *l, struct MHD_Connection *c, gnutls_session_t session, int fd)
{
	struct tls_conn *tc = calloc(1, sizeof *tc);

	if (tc == NULL)
		return NULL;	/* out of memory: libmicrohttpd's own certificate serves it */
	tc->material = tls_store_attach(l->store, session);
	tc->transport = tls_transport_attach(l->server->tls_wait, &l->hello,
	    tls_store_key_kinds(tc->material), c, session, fd);
	return tc;
}

/* True when the TLS transport's thread keeps the socket to write bytes still behind. */
static bool
tls_conn_free(struct tls_conn *tc)
{
	bool behind;

	if (tc == NULL)
		return false;
	tls_store_detach(tc->material);
	behind = tls_transport_detach(tc->transport);
	free(tc->server_name);
	free(tc);
	return behind;
}

/*
 * A connection closing after a refusal: its socket drained before it closes
 * (linger.h), on a descriptor of its own that outlives libmicrohttpd's. Not
 * while the TLS transport still writes bytes behind on it.
 */
static void
linger(struct listener *l, const struct conn *cn, bool behind)
{
	int fd = conns_linger_fd(cn), mine;

	if (fd < 0 || behind || (mine = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return;
	linger_add(l->server->linger, mine);
}

/*
 * A new connection, before its TLS handshake: give its session the listener's
 * current certificates and ticket key (libmicrohttpd 0.9.75 has neither SNI
 * certificate sets nor session resumption of its own). The reference is
 * dropped when the connection closes, so a reload never pulls the material
 * from under a live session.
 */
void
connection_on_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct listener *l = cls;
	const union MHD_ConnectionInfo *ci;
	struct netaddr peer;
	struct conn *cn;
	int fd;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		cn = *socket_context;
		linger(l, cn, l->store != NULL && tls_conn_free(conns_data(cn)));
		conns_closed(l->conns, cn);
		*socket_context = NULL;
		return;
	}
	connection_peer(c, &peer);	/* behind the PROXY protocol: the header's source */
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return;
	fd = ci->connect_fd;
	*socket_context = cn = conns_opened(l->conns, fd, &peer);
	if (l->store == NULL || cn == NULL)
		return;
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci != NULL)
		conns_set_data(cn, tls_conn_new(l, c, ci->tls_session, fd));
	metrics_tls_connection(l->server->metrics);
}
