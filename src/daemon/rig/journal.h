/* SPDX-License-Identifier: MIT */
/*
 * journal.h: the request journal of the admin API (GET /journal) — the last
 * settings/@journal-size requests, newest first, for test rigs that assert on
 * what a client under test asked.
 *
 * A ring of fixed-size slots written from the request path without a lock:
 * a writer claims the next id with one atomic add, takes the slot (id - 1) %
 * size by a compare-and-swap of the slot's sequence number from even to odd,
 * copies the fields in and makes the sequence even again (release). A reader
 * copies a slot out and keeps the copy only if the sequence was even and
 * unchanged around the copy and the slot still holds the id it looked for (a
 * per-slot seqlock): readers never block writers, and a writer never waits.
 * A writer that finds its slot being written by another (only when more
 * requests are in flight than the ring has slots) drops its entry and counts
 * it. Entries are recorded when the answer is queued, so a client that has
 * its answer finds it in the journal.
 */
#ifndef LD_JOURNAL_H
#define LD_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "netaddr.h"
#include "reply.h"
#include "topology.h"

/* Field sizes (with the NUL): longer values are cut. */
#define JOURNAL_METHOD		16
#define JOURNAL_TARGET		512
#define JOURNAL_HOST		256
#define JOURNAL_ACCEPT		256
#define JOURNAL_USER_AGENT	256
#define JOURNAL_ORIGIN		256
#define JOURNAL_SCHEME		32
#define JOURNAL_DEFAULT_SIZE	1000

/* Which of the optional fields a request carried (bits of journal_entry.present). */
enum {
	JOURNAL_HAS_HOST = 1 << 0,
	JOURNAL_HAS_ACCEPT = 1 << 1,
	JOURNAL_HAS_USER_AGENT = 1 << 2,
	JOURNAL_HAS_ORIGIN = 1 << 3,
	JOURNAL_HAS_AUTHORIZATION = 1 << 4,
	JOURNAL_HAS_PEER = 1 << 5
};

/* One request as the journal keeps it (copied, never pointing elsewhere but resource). */
struct journal_entry {
	unsigned long long	 id;		/* 1, 2, ... in the order answers were queued */
	struct timespec		 time;		/* CLOCK_REALTIME when the request began */
	double			 ms;		/* from then until the answer was queued */
	enum access_location	 location;
	struct netaddr		 peer;		/* the effective client */
	unsigned		 status;	/* 0: none was sent (a reset) */
	unsigned long		 fault;		/* the fault rule that fired, 0: none */
	const char		*resource;	/* static ("root", ...), NULL before routing */
	int			 representation;	/* enum representation, -1: none */
	unsigned		 present;	/* JOURNAL_HAS_* */
	char			 method[JOURNAL_METHOD];
	char			 target[JOURNAL_TARGET];
	char			 host[JOURNAL_HOST];
	char			 accept[JOURNAL_ACCEPT];
	char			 user_agent[JOURNAL_USER_AGENT];
	char			 origin[JOURNAL_ORIGIN];
	char			 authorization[JOURNAL_SCHEME];	/* the scheme only */
	char			 user[REPLY_USER_SIZE];	/* "" when unknown */
};

/* What the request path hands to journal_record(): borrowed, NULL for absent. */
struct journal_request {
	struct timespec		 time;
	double			 ms;
	enum access_location	 location;
	const struct netaddr	*peer;
	unsigned		 status;
	unsigned long		 fault;
	const char		*resource;	/* must be static */
	int			 representation;
	const char		*method, *target;
	const char		*host;		/* host_len bytes, not NUL-terminated */
	size_t			 host_len;
	const char		*accept, *user_agent, *origin;
	const char		*authorization;	/* the whole header: only its scheme is kept */
	const char		*webticket;	/* X-MS-WebTicket: kept as the scheme "X-MS-WebTicket" */
	const char		*user;		/* "" or NULL when unknown */
};

/* Which entries a reader wants; zero means no condition. */
struct journal_filter {
	unsigned long long	 since;		/* ids above this */
	const char		*user;		/* this SIP address (case-insensitive) */
	const char		*resource;	/* this resource name */
	size_t			 limit;		/* at most this many */
};

struct journal;

/* A ring of size entries; NULL (no journal) when size is 0 or memory is short. */
struct journal	*journal_new(size_t size);
void		 journal_free(struct journal *);
/* From any thread, never blocking. NULL journal: nothing. */
void		 journal_record(struct journal *, const struct journal_request *);
/* Forgets every entry recorded so far (ids go on growing). */
void		 journal_clear(struct journal *);
/*
 * Calls fn for each entry that f selects, newest first, on a copy; fn returns
 * 0 to go on, -1 to stop. Returns the number of entries passed to fn.
 */
size_t		 journal_each(struct journal *, const struct journal_filter *f,
		     int (*fn)(const struct journal_entry *, void *arg), void *arg);
/* Entries dropped because their slot was busy. */
unsigned long	 journal_dropped(struct journal *);
size_t		 journal_size(const struct journal *);

#endif
