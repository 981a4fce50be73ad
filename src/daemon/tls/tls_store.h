/* SPDX-License-Identifier: MIT */
/*
 * tls_store.h: the TLS material one HTTPS listener hands to each new
 * connection — its certificates (GnuTLS picks one by SNI) and the session
 * ticket key — swapped as a whole on reload while established connections
 * keep what they started with.
 */
#ifndef LD_TLS_STORE_H
#define LD_TLS_STORE_H

#include <stdbool.h>

#include <gnutls/gnutls.h>

#include "topology.h"

/* GnuTLS's ticket master key: 64 bytes; GnuTLS derives rotating keys from it by time. */
#define TICKET_KEY_SIZE 64

struct tls_store;
struct tls_material;	/* certificates + ticket key, reference-counted */

/*
 * Loads the listener's certificates and the topology's ticket key (or makes
 * a random one, kept for the store's life). NULL with *cause on error.
 */
struct tls_store	*tls_store_new(const struct topology *, const struct listener_conf *,
			     char **cause);
/* Reload in two steps, so several stores change all or none: read l's files ... */
struct tls_material	*tls_store_load(const struct tls_store *, const struct topology *,
			     const struct listener_conf *l, char **cause);
/* ... then make new connections use fresh (taken over) and t's ticket settings. */
void			 tls_store_swap(struct tls_store *, const struct topology *t,
			     struct tls_material *fresh);
/* Drops fresh material that is not going to be swapped in. */
void			 tls_store_material_free(struct tls_material *);
/*
 * Gives a new connection's session (before its handshake) the current
 * certificates and ticket key. Returns a token for tls_store_detach(), or
 * NULL when out of memory (the session then keeps libmicrohttpd's own
 * credentials: the listener's first certificate as of the start).
 */
void			*tls_store_attach(struct tls_store *, gnutls_session_t);
/* The kinds of key of the certificates a token's session has (TLS_HELLO_KEY_*; 0: unknown). */
unsigned		 tls_store_key_kinds(const void *token);
void			 tls_store_detach(void *token);
void			 tls_store_free(struct tls_store *);

/*
 * The test rig's TLS faults (fault_rule.h's "tls"): the certificates the
 * listener presents for expired, wrong-name and untrusted, in that order
 * (certgen.h makes them). Set once, before or while the listener serves. 0,
 * or -1 with *cause.
 */
#define TLS_STORE_FAULTS 3
int			 tls_store_set_faults(struct tls_store *,
			     const char *const cert[TLS_STORE_FAULTS],
			     const char *const key[TLS_STORE_FAULTS], char **cause);
/*
 * Gives session (its ClientHello read, nothing answered yet) fault's
 * certificate instead of the listener's, and no resumption. False when the
 * fault's certificates were not set.
 */
bool			 tls_store_present_fault(struct tls_store *, size_t fault, gnutls_session_t);

/* Reads a ticket key file (base64 of 64 bytes). 0, or -1 with *cause. */
int			 tls_store_read_ticket_key(const char *file, unsigned char key[TICKET_KEY_SIZE],
			     char **cause);

#endif
