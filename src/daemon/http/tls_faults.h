/* SPDX-License-Identifier: MIT */
/*
 * tls_faults.h: the test rig's TLS faults (fault_rule.h's "tls" rules) at a
 * connection's first ClientHello: the rules of the TLS layer are matched by
 * the server_name asked for, the listener's location and the client's
 * address; one that fires presents the listener's expired, wrong-name or
 * untrusted certificate (tls_store.h), or stalls the handshake
 * (tls_transport.h). Those certificates are made at start when the admin
 * API is on (certgen.h) and given with tls_faults_set().
 */
#ifndef LD_TLS_FAULTS_H
#define LD_TLS_FAULTS_H

#include <stddef.h>

#include "tls_transport.h"

struct server;

/* The listener's hook (struct tls_hello_rules' faults; cls: its struct listener). */
enum tls_hello_verdict	 tls_faults_hello(void *cls, struct MHD_Connection *,
			     gnutls_session_t, const char *server_name);
/*
 * Gives listener i (the topology's order) the certificates of its TLS
 * faults: expired, wrong-name, untrusted (TLS_STORE_FAULTS of each). 0, or
 * -1 with *cause (the listener is not HTTPS, or they do not load).
 */
int			 tls_faults_set(struct server *, size_t i, const char *const cert[],
			     const char *const key[], char **cause);

#endif
