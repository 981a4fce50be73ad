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
 * request's record (usually a few hundred bytes) costs one, and so does a
 * ClientHello. The bytes read ahead are to libmicrohttpd what bytes in the
 * socket are: it reads again until a read says EAGAIN, and a read here says
 * EAGAIN only when nothing is ahead.
 *
 * One record an answer. libmicrohttpd 0.9.75 hands an answer's head and body
 * to GnuTLS in two calls, so they went out as two TLS records in two
 * sendmsg(), and a client read each record's header and body apart: wrk made
 * 4 read() an answer against 2 for nginx's single record. The glue corks the
 * session when it queues an answer (tls_transport_cork) and flushes it when
 * libmicrohttpd reports the request complete (tls_transport_flush): the head
 * and body leave as one record in one sendmsg().
 *
 * Each flight in one write. GnuTLS sends a TLS 1.3 ServerHello (and the
 * compatibility ChangeCipherSpec) in one write and the rest of the server's
 * flight in another, and the session tickets it sends once the client's
 * Finished came in a third, apart from the first answer. Here a connection's
 * first bytes are held back: the handshake's until a read would wait for the
 * client (which needs them then), the tickets until the first answer is
 * flushed, when the request came with the Finished (clients send them
 * together), or until a read would wait. After that nothing is held. A
 * connection that answers one request (its client sending the Finished with
 * the request) went from 5 sendmsg() to 3 (the third is the close_notify),
 * and a resumed one's client from 4 reads to 2: [flight] [tickets, answer]
 * (tests/tls_records.test, "flights"). GnuTLS clients that take their
 * session data right after the handshake wait for a ticket before sending a
 * request: the next read says EAGAIN, and the tickets leave then.
 *
 * Nothing is lost when the socket is full. libmicrohttpd believes the answer
 * sent once GnuTLS has it, so the flush must take every byte: what the socket
 * does not take is kept here ("written behind") and this module's thread
 * writes it when the socket drains, on a dup() of the socket so that it
 * survives libmicrohttpd closing its own (Connection: close). While bytes are
 * behind, later records queue behind them, in order, up to TLS_BEHIND_MAX;
 * past that a write says EAGAIN, a true one (the socket said it), so
 * libmicrohttpd waits for the socket as it would without this module; and
 * no answer is corked while bytes are behind (it would be taken whole), so a
 * client that pipelines without reading holds at most one answer and
 * TLS_BEHIND_MAX bytes here. Bytes still behind when libmicrohttpd closes
 * the connection get linger_seconds to leave, then the socket is closed.
 */
#ifndef LD_TLS_TRANSPORT_H
#define LD_TLS_TRANSPORT_H

#include <gnutls/gnutls.h>
#include <microhttpd.h>

/*
 * Read ahead per TLS connection, in bytes (10,000 connections: 9 MB). A
 * ClientHello fits, so it costs one recv(): OpenSSL 3's when it resumes is
 * about 590 bytes (2 recv() with 512), phones' TLS stacks 500-700; Chrome's
 * with a post-quantum key share is larger and takes two. No more: the
 * transport must stay within glibc's per-thread cache (tls_transport_impl.h).
 */
#define TLS_READ_AHEAD 896
/* Records queued behind bytes written behind, at most (besides one flushed answer). */
#define TLS_BEHIND_MAX (32 * 1024)
/*
 * Closed connections whose bytes are still behind, at most: each holds a
 * socket and up to TLS_BEHIND_MAX bytes for linger_seconds; past this the
 * bytes of the next are dropped at once (its client was not reading).
 */
#define TLS_ORPHANS_MAX 1024

#include "tls_hello.h"

struct tls_wait;
struct tls_transport;

/* What a connection's first ClientHello brings about, besides the policy's alerts. */
enum tls_hello_verdict {
	TLS_HELLO_GO_ON,	/* the handshake goes on (maybe with other credentials) */
	TLS_HELLO_STALL		/* it never completes: held until the client gives up */
};

/*
 * A listener's rules for the first ClientHello of each connection: the
 * policy (tls_hello.h: a refusal gets its alert), then, if set, faults: the
 * test rig's TLS faults, asked with the server_name asked for ("" when
 * none); it may give the session other credentials, or stall it.
 */
struct tls_hello_rules {
	struct tls_hello_policy	 policy;
	enum tls_hello_verdict	(*faults)(void *cls, struct MHD_Connection *,
				    gnutls_session_t, const char *server_name);
	void			*faults_cls;
};

/*
 * A new connection's session reads and writes its socket through this
 * module (GnuTLS's transport functions); NULL when out of memory (the
 * session then keeps GnuTLS's own, and spins as before). Its first
 * ClientHello goes through rules with key_kinds (tls_hello.h; rules NULL:
 * not checked).
 */
struct tls_transport *tls_transport_attach(struct tls_wait *,
		    const struct tls_hello_rules *rules, unsigned key_kinds,
		    struct MHD_Connection *, gnutls_session_t, int fd);
/*
 * When the connection has closed: true when bytes are still behind (the
 * thread writes them on its own descriptor of the socket and closes it),
 * false when the transport is gone.
 */
bool		 tls_transport_detach(struct tls_transport *);

/* An answer was queued: what libmicrohttpd sends of it stays in the session... */
void		 tls_transport_cork(struct tls_transport *);
/* ...until the request is complete: then it leaves as one record. */
void		 tls_transport_flush(struct tls_transport *);

#endif
