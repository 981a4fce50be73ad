/* SPDX-License-Identifier: MIT */
/*
 * tls_transport_impl.h: what tls_transport.c (a session's reads and writes)
 * and tls_wait.c (the thread that resumes waiting handshakes and writes
 * bytes behind) share: the transport of a connection, the thread's state
 * under its lock, and the functions tls_transport.c calls of tls_wait.c
 * (never the other way: the thread needs nothing of a session's I/O).
 * Not for the rest of the daemon, which sees tls_transport.h and tls_wait.h.
 */
#ifndef LD_TLS_TRANSPORT_IMPL_H
#define LD_TLS_TRANSPORT_IMPL_H

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>

#include "tls_bytes.h"
#include "tls_transport.h"
#include "tls_wait.h"

/*
 * A connection's first bytes are held back until the client needs them, so
 * that each flight leaves in one write (see tls_transport.h).
 */
enum hold {
	HOLD_HANDSHAKE,	/* the server's flights, until the handshake waits for the client */
	HOLD_TICKETS,	/* the client's Finished came: the session tickets GnuTLS sends next */
	HOLD_ANSWER,	/* the first request came with the Finished: the tickets wait for its answer */
	HOLD_DONE	/* every write goes straight out */
};

/* Where the handshake stands on the client's ClientHello (handshake_hook). */
enum hello {
	HELLO_AWAITED,	/* none read yet: the first is checked (tls_hello.h) */
	HELLO_READ,	/* read; a second one (after a HelloRetryRequest) is GnuTLS's alone */
	HELLO_ALERTED	/* refused, with its alert sent */
};

/* A handshake stalled by the rig (TLS_HELLO_STALL): nothing of the server's ever leaves. */
enum stall {
	STALL_NONE,
	STALL_HELD,	/* waiting, the client's bytes read and thrown away (tls_wait.c) */
	STALL_OVER	/* the client closed, or the daemon stops: the next read is the end */
};

struct tls_transport {
	struct tls_wait		*w;
	const struct tls_hello_rules *rules;	/* the first ClientHello's (NULL: none) */
	struct MHD_Connection	*c;
	gnutls_session_t	 session;
	int			 fd;
	bool			 handshaken;	/* the client's Finished came (handshake_hook) */
	bool			 waiting;	/* suspended, its socket in w->ep (under w->lock) */
	bool			 watched;	/* its socket is in w->ep, armed or not (under w->lock) */
	struct tls_transport	*prev, *next;	/* in w->waiting or w->behind (under w->lock) */
	/* One record an answer; only libmicrohttpd's thread of the connection touches these. */
	bool			 corked;	/* an answer is gathering in the session */
	bool			 flushing;	/* every byte is taken (tls_transport_flush, release_held) */
	bool			 tcp_uncorked;	/* libmicrohttpd's TCP_CORK undone (tls_transport_flush) */
	enum hold		 hold;
	struct bytes		 held;		/* held back while hold != HOLD_DONE */
	/* Written behind (under w->lock; owing is read without it). */
	atomic_bool		 owing;		/* behind.len > 0 */
	bool			 registered;	/* dup_fd is in w->ep, and the thread frees an orphan */
	bool			 orphan;	/* libmicrohttpd closed the connection: the thread's now */
	int			 dup_fd;	/* the socket, for the thread; -1 when not registered */
	double			 deadline;	/* an orphan's, clock_seconds() */
	struct bytes		 behind;
	unsigned short		 ahead_off;	/* ahead[ahead_off, +ahead_len) is unread */
	unsigned short		 ahead_len;
	/* In the tail's padding: the struct's size is bounded (below). */
	unsigned char		 hello;		/* enum hello */
	unsigned char		 key_kinds;	/* TLS_HELLO_KEY_*: what the certificates' keys are */
	unsigned char		 stall;		/* enum stall */
	unsigned char		 ahead[TLS_READ_AHEAD];
};

/*
 * One a connection, allocated and freed on libmicrohttpd's threads: it must
 * stay within glibc's per-thread cache (chunks of up to 1,032 bytes). At
 * 1,152 bytes (a 1024-byte read-ahead) every later request of the daemon
 * cost 516 more instructions in malloc after 100 new TLS connections
 * (callgrind, the User over HTTPS keep-alive: 64,666 against 64,086).
 */
static_assert(sizeof(struct tls_transport) <= 1032, "struct tls_transport outgrew glibc's tcache");

struct tls_wait {
	pthread_mutex_t		 lock;
	struct tls_transport	*waiting;
	struct tls_transport	*behind;	/* registered to write behind */
	unsigned		 linger_seconds;
	unsigned		 orphans;	/* of them, closed by libmicrohttpd */
	bool			 stopping;	/* no more waits: tls_wait_stop() was called */
	int			 ep;		/* the waiting sockets, those with bytes behind, stop_fd, kick_fd */
	int			 stop_fd;	/* an eventfd: the thread's signal to end */
	int			 kick_fd;	/* an eventfd: a new orphan, a new deadline */
	pthread_t		 thread;
	bool			 running;
	atomic_ulong		 waits;
	atomic_ulong		 behinds;
};

/* Whether a socket's errno e means "not now" rather than failure. */
static inline bool
again(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

/* A transport's memory freed (by its connection's close, or by the thread for an orphan). */
static inline void
transport_free(struct tls_transport *t)
{
	free(t->held.p);
	free(t->behind.p);
	free(t);
}

/*
 * tls_wait.c: a handshake that would wait waits off the listener thread;
 * bytes behind drained first (1: all gone, 0: some left, -1: the socket
 * failed); bytes kept behind (a flush's all, a later write's up to
 * TLS_BEHIND_MAX, else EAGAIN); a closed connection's transport adopted
 * by the thread while bytes are behind (false: none are, the caller frees it).
 */
void	 tls_wait_readable(struct tls_transport *);
int	 tls_wait_drain_first(struct tls_transport *);
ssize_t	 tls_wait_keep_behind(struct tls_transport *, const giovec_t *, int iovcnt, size_t skip,
	    size_t total);
bool	 tls_wait_adopt(struct tls_transport *);

#endif
