/* SPDX-License-Identifier: MIT */
/*
 * tls_wait.h: TLS handshakes that wait for the client without spinning.
 *
 * libmicrohttpd 0.9.75 (checked in its source and measured) busy-loops a
 * listener thread while a TLS handshake waits for the client's next bytes:
 * in epoll mode a connection stays "read ready" until a read of application
 * data returns EAGAIN, and the handshake's reads are GnuTLS's own, so the
 * flag is never cleared and the connection is handled again at once, for as
 * long as the client takes. One client that sends 6 bytes of a ClientHello
 * held a core at 100 % until the head deadline cut it; every TLS 1.3
 * handshake spun for the round trip to the client's Finished.
 *
 * The fix: each TLS session reads through tls_wait's pull function. When a
 * read before the end of the handshake finds no bytes, the connection is
 * suspended (MHD_suspend_connection, which 0.9.75 allows on its own thread
 * at this point: it leaves the ready list and the epoll set) and its socket
 * handed to this module's thread, which resumes it when the socket turns
 * readable (bytes, end of file, or the watchdog's shutdown at the head
 * deadline). After the handshake, libmicrohttpd's own reads handle EAGAIN
 * and nothing is suspended.
 */
#ifndef LD_TLS_WAIT_H
#define LD_TLS_WAIT_H

#include <gnutls/gnutls.h>
#include <microhttpd.h>

struct tls_wait;
struct tls_waiter;

struct tls_wait	*tls_wait_new(char **cause);
/* Resumes every waiting connection and stops the thread; later waits spin as before. */
void		 tls_wait_stop(struct tls_wait *);
/* After tls_wait_stop() and after the listeners have stopped. */
void		 tls_wait_free(struct tls_wait *);

/*
 * A new connection's session reads and writes its socket through tls_wait
 * (GnuTLS's transport functions); NULL when out of memory (the session then
 * keeps GnuTLS's own, and spins as before).
 */
struct tls_waiter *tls_wait_attach(struct tls_wait *, struct MHD_Connection *,
		    gnutls_session_t, int fd);
/* When the connection has closed. */
void		 tls_wait_detach(struct tls_waiter *);

/* Handshake waits handed to the thread so far (for /metrics and tests). */
unsigned long	 tls_wait_count(const struct tls_wait *);

#endif
