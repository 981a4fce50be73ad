/* SPDX-License-Identifier: MIT */
/*
 * linger.h: a lingering close (RFC 9112 §9.6), for the connections that
 * close after a refusal while their client may still be sending (the body
 * of a refused request, or the next request). Closing a socket that holds
 * unread bytes sends a reset, and a reset can destroy, in the client's
 * kernel, the refusal sent just before it: the client would see "connection
 * reset" instead of the 400. So such a socket is handed over (a dup() of
 * it, which outlives libmicrohttpd's close): its write side is shut (a FIN
 * after the answer), what still comes is read and thrown away, and it is
 * closed when the client closes or after LINGER_MS, as nginx's
 * lingering_close does. Nothing read here is ever answered.
 *
 * The same thread holds the connections of the "hang" fault (faults.h): a
 * request read and never answered, its connection suspended until the
 * client closes it. Its socket is drained the same way, without a deadline,
 * and its end (or the daemon's stop) is told to the caller, who resumes the
 * connection so that libmicrohttpd closes it.
 */
#ifndef LD_LINGER_H
#define LD_LINGER_H

#define LINGER_MS 2000		/* how long a closing connection is drained */
#define LINGER_MAX 1024		/* at once; past it a socket is closed at once */
#define LINGER_HOLD_MAX 1024	/* connections held at once */

struct linger_drain;

/* A thread that drains closing sockets. NULL with *cause. */
struct linger_drain	*linger_new(char **cause);
/* Closes every socket still draining, stops the thread, frees. */
void		 linger_free(struct linger_drain *);
/* fd (taken over: closed here, now or later) drained and closed; NULL linger: closed now. */
void		 linger_add(struct linger_drain *, int fd);
/*
 * Holds a connection: fd (a dup of its socket, taken over) is drained until
 * the client closes it, then closed, and done(cls) is called on the
 * thread; linger_release() calls it for every connection still held. 0, or
 * -1 when it cannot be held (too many, or stopping): fd is closed, done is
 * not called.
 */
int		 linger_hold(struct linger_drain *, int fd, void (*done)(void *cls), void *cls);
/* Ends every hold (done called for each) and takes no more: before libmicrohttpd stops. */
void		 linger_release(struct linger_drain *);
/* Connections held so far. */
unsigned long	 linger_held_count(const struct linger_drain *);
/* Sockets handed over so far (for /metrics and the tests). */
unsigned long	 linger_count(const struct linger_drain *);

#endif
