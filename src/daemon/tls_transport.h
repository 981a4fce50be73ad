/* SPDX-License-Identifier: MIT */
/*
 * tls_transport.h: how a TLS session reads and writes its socket.
 *
 * Each TLS connection's GnuTLS session reads and writes through these
 * functions instead of GnuTLS's own, for two reasons measured on
 * libmicrohttpd 0.9.75 (the numbers are in tests/tls_wait.test and HACKING):
 *
 * Handshakes wait for the client without spinning. In epoll mode
 * libmicrohttpd keeps a connection "read ready" until a read of application
 * data returns EAGAIN; the handshake's reads are GnuTLS's own, so the flag is
 * never cleared and the connection is handled again at once, for as long as
 * the client takes. One client that sent 6 bytes of a ClientHello held a
 * core at 100 % until the head deadline cut it; every TLS 1.3 handshake
 * spun for the round trip to the client's Finished. Here, when a read before
 * the client's Finished finds no bytes, the connection is suspended
 * (MHD_suspend_connection, which 0.9.75 allows on its own thread at this
 * point: the connection leaves the ready list and the epoll set) and its
 * socket handed to this module's thread, which resumes it when the socket
 * turns readable (bytes, end of file, or the watchdog's shutdown at the head
 * deadline). After the handshake, libmicrohttpd's reads handle EAGAIN.
 *
 * Reads ahead. GnuTLS reads a record's 5-byte header, then the rest: two
 * recv() per request. The header read takes up to TLS_READ_AHEAD bytes, so a
 * request's record (usually a few hundred bytes) costs one. The bytes read
 * ahead are to libmicrohttpd what bytes in the socket are: it reads again
 * until a read says EAGAIN, and a read here says EAGAIN only when nothing is
 * ahead.
 */
#ifndef LD_TLS_TRANSPORT_H
#define LD_TLS_TRANSPORT_H

#include <gnutls/gnutls.h>
#include <microhttpd.h>

/* Read ahead per TLS connection, in bytes (10,000 connections: 5 MB). */
#define TLS_READ_AHEAD 512

struct tls_wait;
struct tls_transport;

struct tls_wait	*tls_wait_new(char **cause);
/* Resumes every waiting connection and stops the thread; later waits spin as before. */
void		 tls_wait_stop(struct tls_wait *);
/* After tls_wait_stop() and after the listeners have stopped. */
void		 tls_wait_free(struct tls_wait *);

/*
 * A new connection's session reads and writes its socket through this
 * module (GnuTLS's transport functions); NULL when out of memory (the
 * session then keeps GnuTLS's own, and spins as before).
 */
struct tls_transport *tls_transport_attach(struct tls_wait *, struct MHD_Connection *,
		    gnutls_session_t, int fd);
/* When the connection has closed. */
void		 tls_transport_detach(struct tls_transport *);

/* Handshake waits handed to the thread so far (for /metrics and tests). */
unsigned long	 tls_wait_count(const struct tls_wait *);

#endif
