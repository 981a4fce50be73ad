/* SPDX-License-Identifier: MIT */
/*
 * conns.c: the connection registry and its watchdog (see conns.h).
 */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "conns.h"
#include "util.h"

#define CONNS_SHARDS 16
#define CLIENT_BUCKETS 4096
/* Data this close to the end of the last answer belongs to the request before. */
#define DATA_MARGIN_MS 50

/*
 * A connection's state and when it began, in one word, so that the request
 * threads change it without a lock and the watchdog's compare-and-swap
 * closes a connection only in the state (and since the moment) it judged.
 */
enum conn_state { CONN_HEAD, CONN_REQUEST, CONN_IDLE, CONN_DOOMED };
#define WORD(state, since)	((unsigned long long)(since) << 2 | (unsigned long long)(state))
#define STATE(word)		((enum conn_state)((word) & 3))
#define SINCE(word)		((long long)((word) >> 2))

/* The live connections of one client address (max-connections-per-client). */
struct client {
	struct client		*next;		/* in its bucket */
	struct netaddr		 addr;
	unsigned		 count;
};

struct conn {
	struct conn		*prev, *next;	/* the shard's connections, under its lock */
	struct client		*client;	/* NULL: not counted per client */
	int			 fd;
	atomic_ullong		 word;		/* WORD(state, since_ms) */
	void			*data;
	bool			 linger;	/* drain it when it closes (conns_set_linger) */
};

struct shard {
	pthread_mutex_t	 lock;		/* the list; a connection in it is not freed */
	struct conn	*all;
};

struct conns {
	struct conns_limits	 limits;
	struct shard		 shards[CONNS_SHARDS];
	atomic_long		 live;
	atomic_ulong		 header_timeouts, keepalive_timeouts, evicted, refused;
	atomic_ulong		 refused_per_client;
	pthread_mutex_t		 clients_lock;	/* per connection, not per request */
	struct client		*clients[CLIENT_BUCKETS];
	pthread_t		 watchdog;
	bool			 watching;	/* the watchdog started (conns_free joins it) */
	pthread_mutex_t		 stop_lock;
	pthread_cond_t		 stop_cond;
	bool			 stopping;
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct shard *
shard_of(struct conns *cs, int fd)
{
	return &cs->shards[(unsigned)fd % CONNS_SHARDS];
}

/*
 * Closes c through libmicrohttpd (it sees the stream end), if c is still in
 * the state seen (word); false if it moved on meanwhile. Under c's shard lock,
 * so c cannot be freed nor its descriptor reused meanwhile.
 */
static bool
doom(struct conns *cs, struct conn *c, unsigned long long seen, atomic_ulong *why)
{
	if (STATE(seen) == CONN_DOOMED ||
	    !atomic_compare_exchange_strong(&c->word, &seen, WORD(CONN_DOOMED, 0)))
		return false;
	shutdown(c->fd, SHUT_RDWR);
	atomic_fetch_sub(&cs->live, 1);
	atomic_fetch_add(why, 1);
	return true;
}

/*
 * Closes the longest-idle connection for a new one; false if none is idle.
 * A linear scan, but only at the limit: the request path keeps no idle list.
 */
static bool
evict_idle(struct conns *cs)
{
	struct conn *c, *oldest;
	unsigned long long w, oldest_word;
	size_t i, in = 0;
	int attempt;
	bool done;

	for (attempt = 0; attempt < 3; attempt++) {
		oldest = NULL;
		oldest_word = 0;
		for (i = 0; i < CONNS_SHARDS; i++) {
			pthread_mutex_lock(&cs->shards[i].lock);
			for (c = cs->shards[i].all; c != NULL; c = c->next) {
				w = atomic_load(&c->word);
				if (STATE(w) == CONN_IDLE && (oldest == NULL ||
				    SINCE(w) < SINCE(oldest_word))) {
					oldest = c;
					oldest_word = w;
					in = i;
				}
			}
			pthread_mutex_unlock(&cs->shards[i].lock);
		}
		if (oldest == NULL)
			return false;
		/* Under its lock again: it may have closed meanwhile (then it is not in the list). */
		pthread_mutex_lock(&cs->shards[in].lock);
		for (c = cs->shards[in].all; c != NULL && c != oldest; c = c->next)
			;
		done = c != NULL && doom(cs, c, oldest_word, &cs->evicted);
		pthread_mutex_unlock(&cs->shards[in].lock);
		if (done)
			return true;
	}
	return false;	/* the idle ones keep moving: refuse this one */
}

static unsigned
client_hash(const struct netaddr *a)
{
	unsigned h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < sizeof a->bytes; i++)
		h = (h ^ a->bytes[i]) * 16777619u;
	return (h ^ (unsigned)a->family) % CLIENT_BUCKETS;
}

/* Counts one more connection of addr; its entry, or NULL when out of memory. */
static struct client *
client_take(struct conns *cs, const struct netaddr *addr)
{
	struct client **bucket = &cs->clients[client_hash(addr)], *cl;

	pthread_mutex_lock(&cs->clients_lock);
	for (cl = *bucket; cl != NULL; cl = cl->next) {
		if (cl->addr.family == addr->family &&
		    memcmp(cl->addr.bytes, addr->bytes, sizeof addr->bytes) == 0)
			break;
	}
	if (cl == NULL && (cl = calloc(1, sizeof *cl)) != NULL) {
		cl->addr = *addr;
		cl->next = *bucket;
		*bucket = cl;
	}
	if (cl != NULL)
		cl->count++;
	pthread_mutex_unlock(&cs->clients_lock);
	return cl;
}

static void
client_drop(struct conns *cs, struct client *cl)
{
	struct client **p;

	pthread_mutex_lock(&cs->clients_lock);
	if (--cl->count == 0) {
		for (p = &cs->clients[client_hash(&cl->addr)]; *p != cl; p = &(*p)->next)
			;
		*p = cl->next;
		free(cl);
	}
	pthread_mutex_unlock(&cs->clients_lock);
}

struct conn *
conns_opened(struct conns *cs, int fd, const struct netaddr *client)
{
	struct shard *sh = shard_of(cs, fd);
	struct conn *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->fd = fd;
	atomic_init(&c->word, WORD(CONN_HEAD, now_ms()));
	pthread_mutex_lock(&sh->lock);
	c->next = sh->all;
	if (sh->all != NULL)
		sh->all->prev = c;
	sh->all = c;
	pthread_mutex_unlock(&sh->lock);
	atomic_fetch_add(&cs->live, 1);
	if (cs->limits.per_client > 0 && client != NULL && client->family != 0 &&
	    (c->client = client_take(cs, client)) != NULL &&
	    c->client->count > cs->limits.per_client) {
		pthread_mutex_lock(&sh->lock);
		doom(cs, c, atomic_load(&c->word), &cs->refused_per_client);
		pthread_mutex_unlock(&sh->lock);
		return c;
	}
	if (atomic_load(&cs->live) > (long)cs->limits.max && !evict_idle(cs)) {
		pthread_mutex_lock(&sh->lock);
		doom(cs, c, atomic_load(&c->word), &cs->refused);
		pthread_mutex_unlock(&sh->lock);
	}
	return c;
}

void
conns_closed(struct conns *cs, struct conn *c)
{
	struct shard *sh;

	if (c == NULL)
		return;
	sh = shard_of(cs, c->fd);
	pthread_mutex_lock(&sh->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		sh->all = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (STATE(atomic_load(&c->word)) != CONN_DOOMED)
		atomic_fetch_sub(&cs->live, 1);
	pthread_mutex_unlock(&sh->lock);
	if (c->client != NULL)
		client_drop(cs, c->client);
	free(c);
}

/* Moves c to state from now on, unless it is being closed. */
static void
set_state(struct conn *c, enum conn_state state)
{
	unsigned long long w = atomic_load_explicit(&c->word, memory_order_relaxed);

	while (STATE(w) != CONN_DOOMED &&
	    !atomic_compare_exchange_weak(&c->word, &w, WORD(state, now_ms())))
		;
}

void
conns_head_done(struct conns *cs, struct conn *c)
{
	(void)cs;
	if (c != NULL)
		set_state(c, CONN_REQUEST);
}

void
conns_request_done(struct conns *cs, struct conn *c)
{
	(void)cs;
	if (c != NULL)
		set_state(c, CONN_IDLE);
}

void
conns_set_data(struct conn *c, void *data)
{
	if (c != NULL)
		c->data = data;
}

void *
conns_data(const struct conn *c)
{
	return c != NULL ? c->data : NULL;
}

void
conns_set_linger(struct conn *c)
{
	if (c != NULL)
		c->linger = true;
}

int
conns_linger_fd(const struct conn *c)
{
	return c != NULL && c->linger ? c->fd : -1;
}

/*
 * Milliseconds since the kernel last received data on fd, or -1. Idle
 * connections are asked this: it tells when the next request began, which
 * libmicrohttpd does not (it reports a request once its line is in).
 */
static long long
ms_since_data(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0 ||
	    len < offsetof(struct tcp_info, tcpi_last_data_recv) + sizeof ti.tcpi_last_data_recv)
		return -1;
	return ti.tcpi_last_data_recv;
}

/* One look at a connection by the watchdog, under its shard lock. */
static void
look_at(struct conns *cs, struct conn *c, long long now)
{
	unsigned long long w = atomic_load(&c->word);
	long long quiet, since = SINCE(w);

	if (STATE(w) == CONN_IDLE) {
		quiet = ms_since_data(c->fd);
		/* A byte since the response? (The margin covers the two clocks' ticks.) */
		if (quiet >= 0 && quiet + DATA_MARGIN_MS < now - since) {
			since = now - quiet;	/* the next request began: its head's deadline */
			if (!atomic_compare_exchange_strong(&c->word, &w, WORD(CONN_HEAD, since)))
				return;	/* its thread moved it meanwhile */
			w = WORD(CONN_HEAD, since);
		} else if (now - since >= cs->limits.keepalive_ms) {
			doom(cs, c, w, &cs->keepalive_timeouts);
			return;
		}
	}
	if (STATE(w) == CONN_HEAD && now - since >= cs->limits.header_ms)
		doom(cs, c, w, &cs->header_timeouts);
}

static void
sweep(struct conns *cs)
{
	long long now = now_ms();
	struct conn *c;
	size_t i;

	for (i = 0; i < CONNS_SHARDS; i++) {
		struct shard *sh = &cs->shards[i];

		pthread_mutex_lock(&sh->lock);
		for (c = sh->all; c != NULL; c = c->next)
			look_at(cs, c, now);
		pthread_mutex_unlock(&sh->lock);
	}
}

static void *
watchdog(void *arg)
{
	struct conns *cs = arg;
	struct timespec until;

	pthread_mutex_lock(&cs->stop_lock);
	while (!cs->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += (long)(cs->limits.tick_ms % 1000) * 1000000;
		until.tv_sec += cs->limits.tick_ms / 1000 + until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		if (pthread_cond_timedwait(&cs->stop_cond, &cs->stop_lock, &until) == ETIMEDOUT &&
		    !cs->stopping) {
			pthread_mutex_unlock(&cs->stop_lock);
			sweep(cs);
			pthread_mutex_lock(&cs->stop_lock);
		}
	}
	pthread_mutex_unlock(&cs->stop_lock);
	return NULL;
}

struct conns *
conns_new(const struct conns_limits *limits, char **cause)
{
	struct conns *cs = calloc(1, sizeof *cs);
	pthread_condattr_t ca;
	size_t i;

	if (cs == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	cs->limits = *limits;
	if (cs->limits.tick_ms == 0)
		cs->limits.tick_ms = 500;
	for (i = 0; i < CONNS_SHARDS; i++)
		pthread_mutex_init(&cs->shards[i].lock, NULL);
	pthread_mutex_init(&cs->stop_lock, NULL);
	pthread_mutex_init(&cs->clients_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&cs->watchdog, NULL, watchdog, cs) != 0) {
		*cause = xstrdup("cannot start the connection watchdog thread");
		conns_free(cs);
		return NULL;
	}
	cs->watching = true;
	return cs;
}

void
conns_free(struct conns *cs)
{
	struct conn *c, *next;
	size_t i;

	if (cs == NULL)
		return;
	pthread_mutex_lock(&cs->stop_lock);
	cs->stopping = true;
	pthread_cond_signal(&cs->stop_cond);
	pthread_mutex_unlock(&cs->stop_lock);
	if (cs->watching)
		pthread_join(cs->watchdog, NULL);
	for (i = 0; i < CONNS_SHARDS; i++) {
		for (c = cs->shards[i].all; c != NULL; c = next) {	/* none after the daemon stopped */
			next = c->next;
			free(c);
		}
		pthread_mutex_destroy(&cs->shards[i].lock);
	}
	for (i = 0; i < CLIENT_BUCKETS; i++) {
		struct client *cl, *cnext;

		for (cl = cs->clients[i]; cl != NULL; cl = cnext) {
			cnext = cl->next;
			free(cl);
		}
	}
	pthread_mutex_destroy(&cs->clients_lock);
	pthread_cond_destroy(&cs->stop_cond);
	pthread_mutex_destroy(&cs->stop_lock);
	free(cs);
}

void
conns_counts(struct conns *cs, struct conns_counts *n)
{
	long live;

	if (cs == NULL)
		return;
	live = atomic_load(&cs->live);
	n->live += live > 0 ? (unsigned long)live : 0;
	n->header_timeouts += atomic_load(&cs->header_timeouts);
	n->keepalive_timeouts += atomic_load(&cs->keepalive_timeouts);
	n->evicted += atomic_load(&cs->evicted);
	n->refused += atomic_load(&cs->refused);
	n->refused_per_client += atomic_load(&cs->refused_per_client);
}
