/* SPDX-License-Identifier: MIT */
/*
 * conns.h: the live connections of one listener, what each is doing, and a
 * watchdog thread that closes those past their deadline.
 *
 * libmicrohttpd 0.9.75 only has an inactivity timeout, so a client trickling
 * a byte every few seconds keeps a connection forever, and at its connection
 * limit it turns new clients away while idle keep-alive connections stay.
 * Here each connection is registered when libmicrohttpd notifies it (before
 * the TLS handshake) and is in one of three states:
 *
 *   head     from the accept, or from the first byte after a response on
 *            keep-alive: the request head must be complete within
 *            header-timeout, however the bytes trickle;
 *   request  the head is in: libmicrohttpd's inactivity timeout applies;
 *   idle     between requests on keep-alive: closed after keepalive-timeout
 *            without a byte; the first to go when the listener is full.
 *
 * A connection is closed by shutdown(2) on its socket, from the watchdog or
 * the thread that accepts: libmicrohttpd then sees the end of the stream and
 * closes it the usual way (its CLOSED notification comes before it closes the
 * socket, and the registry forgets the connection in it, under the same lock,
 * so a shutdown never reaches a reused descriptor).
 *
 * The per-request cost is two compare-and-swaps on the connection's state
 * word and two coarse clock reads; locks (one of 16 shards, chosen by
 * descriptor) are taken per connection, not per request. Finding the
 * longest-idle connection at the limit is a scan, done only at the limit.
 */
#ifndef LD_CONNS_H
#define LD_CONNS_H

#include <stdbool.h>
#include <stddef.h>

#include "netaddr.h"

struct conns;
struct conn;

struct conns_limits {
	unsigned	 max;		/* live connections; beyond: evict an idle one, or refuse */
	unsigned	 per_client;	/* live connections of one address; 0: no limit */
	unsigned	 header_ms;	/* the head deadline */
	unsigned	 keepalive_ms;	/* silence allowed between requests */
	unsigned	 tick_ms;	/* how often the watchdog looks */
};

struct conns_counts {
	unsigned long	 live;		/* open and not being closed */
	unsigned long	 header_timeouts;	/* closed: head not complete in time */
	unsigned long	 keepalive_timeouts;	/* closed: silent too long between requests */
	unsigned long	 evicted;	/* idle keep-alive closed for a new connection at the limit */
	unsigned long	 refused;	/* new connections closed at the limit (none idle) */
	unsigned long	 refused_per_client;	/* new connections closed at the per-client limit */
};

/* Starts the watchdog. NULL with *cause on failure. */
struct conns	*conns_new(const struct conns_limits *, char **cause);
/* Stops the watchdog and frees; call after the daemon has stopped. */
void		 conns_free(struct conns *);

/*
 * A new connection (MHD_CONNECTION_NOTIFY_STARTED) from client (family 0:
 * unknown, not limited per client); NULL when out of memory (untracked).
 */
struct conn	*conns_opened(struct conns *, int fd, const struct netaddr *client);
/* The connection is closing (MHD_CONNECTION_NOTIFY_CLOSED); NULL is ignored. */
void		 conns_closed(struct conns *, struct conn *);
/* The request head is complete (the first call of the access handler). */
void		 conns_head_done(struct conns *, struct conn *);
/* The request is over; the connection waits for the next (keep-alive). */
void		 conns_request_done(struct conns *, struct conn *);
/* A pointer the caller keeps with the connection (the TLS material's token). */
void		 conns_set_data(struct conn *, void *);
void		*conns_data(const struct conn *);
/* The connection closes after a refusal: drain it then (linger.h), rather than close it at once. */
void		 conns_set_linger(struct conn *);
/* Its socket if it is to be drained when it closes, else -1. */
int		 conns_linger_fd(const struct conn *);

void		 conns_counts(struct conns *, struct conns_counts *add_to);

#endif
