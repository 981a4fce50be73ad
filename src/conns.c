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
/* Data this close to the end of the last answer belongs to the request before. */
#define DATA_MARGIN_MS 50

enum conn_state { CONN_HEAD, CONN_REQUEST, CONN_IDLE };

struct conn {
	struct conn	*prev, *next;		/* the shard's connections */
	struct conn	*idle_prev, *idle_next;	/* the shard's idle ones, oldest first */
	int		 fd;
	enum conn_state	 state;
	bool		 doomed;		/* shut down: closing */
	long long	 since_ms;		/* when the state began (monotonic) */
	void		*data;
};

struct shard {
	pthread_mutex_t	 lock;
	struct conn	*all;
	struct conn	*idle_head, *idle_tail;
};

struct conns {
	struct conns_limits	 limits;
	struct shard		 shards[CONNS_SHARDS];
	atomic_long		 live;
	atomic_ulong		 header_timeouts, keepalive_timeouts, evicted, refused;
	pthread_t		 watchdog;
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

static void
idle_remove(struct shard *sh, struct conn *c)
{
	if (c->idle_prev != NULL)
		c->idle_prev->idle_next = c->idle_next;
	else if (sh->idle_head == c)
		sh->idle_head = c->idle_next;
	else
		return;	/* not in the idle list */
	if (c->idle_next != NULL)
		c->idle_next->idle_prev = c->idle_prev;
	else
		sh->idle_tail = c->idle_prev;
	c->idle_prev = c->idle_next = NULL;
}

static void
idle_append(struct shard *sh, struct conn *c)
{
	c->idle_next = NULL;
	c->idle_prev = sh->idle_tail;
	if (sh->idle_tail != NULL)
		sh->idle_tail->idle_next = c;
	else
		sh->idle_head = c;
	sh->idle_tail = c;
}

/* Closes c through libmicrohttpd (it sees the stream end). Under c's shard lock. */
static void
doom(struct conns *cs, struct shard *sh, struct conn *c, atomic_ulong *why)
{
	if (c->doomed)
		return;
	c->doomed = true;
	idle_remove(sh, c);
	shutdown(c->fd, SHUT_RDWR);
	atomic_fetch_sub(&cs->live, 1);
	atomic_fetch_add(why, 1);
}

/* The oldest idle connection of some shard, from start on, is closed; false if none. */
static bool
evict_idle(struct conns *cs, unsigned start)
{
	unsigned i;

	for (i = 0; i < CONNS_SHARDS; i++) {
		struct shard *sh = &cs->shards[(start + i) % CONNS_SHARDS];
		bool done = false;

		pthread_mutex_lock(&sh->lock);
		if (sh->idle_head != NULL) {
			doom(cs, sh, sh->idle_head, &cs->evicted);
			done = true;
		}
		pthread_mutex_unlock(&sh->lock);
		if (done)
			return true;
	}
	return false;
}

struct conn *
conns_opened(struct conns *cs, int fd)
{
	struct shard *sh = shard_of(cs, fd);
	struct conn *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->fd = fd;
	c->state = CONN_HEAD;
	c->since_ms = now_ms();
	pthread_mutex_lock(&sh->lock);
	c->next = sh->all;
	if (sh->all != NULL)
		sh->all->prev = c;
	sh->all = c;
	pthread_mutex_unlock(&sh->lock);
	if (atomic_fetch_add(&cs->live, 1) + 1 > (long)cs->limits.max &&
	    !evict_idle(cs, (unsigned)fd % CONNS_SHARDS)) {
		pthread_mutex_lock(&sh->lock);
		doom(cs, sh, c, &cs->refused);
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
	idle_remove(sh, c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		sh->all = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (!c->doomed)
		atomic_fetch_sub(&cs->live, 1);
	pthread_mutex_unlock(&sh->lock);
	free(c);
}

void
conns_head_done(struct conns *cs, struct conn *c)
{
	struct shard *sh;

	if (c == NULL)
		return;
	sh = shard_of(cs, c->fd);
	pthread_mutex_lock(&sh->lock);
	idle_remove(sh, c);
	c->state = CONN_REQUEST;
	pthread_mutex_unlock(&sh->lock);
}

void
conns_request_done(struct conns *cs, struct conn *c)
{
	struct shard *sh;

	if (c == NULL)
		return;
	sh = shard_of(cs, c->fd);
	pthread_mutex_lock(&sh->lock);
	c->state = CONN_IDLE;
	c->since_ms = now_ms();
	if (!c->doomed) {
		idle_remove(sh, c);
		idle_append(sh, c);
	}
	pthread_mutex_unlock(&sh->lock);
}

void
conn_set_data(struct conn *c, void *data)
{
	if (c != NULL)
		c->data = data;
}

void *
conn_data(const struct conn *c)
{
	return c != NULL ? c->data : NULL;
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
look_at(struct conns *cs, struct shard *sh, struct conn *c, long long now)
{
	long long quiet;

	if (c->doomed)
		return;
	if (c->state == CONN_IDLE) {
		quiet = ms_since_data(c->fd);
		/* A byte since the response? (The margin covers the two clocks' ticks.) */
		if (quiet >= 0 && quiet + DATA_MARGIN_MS < now - c->since_ms) {
			idle_remove(sh, c);
			c->state = CONN_HEAD;
			c->since_ms = now - quiet;
		} else if (now - c->since_ms >= cs->limits.keepalive_ms) {
			doom(cs, sh, c, &cs->keepalive_timeouts);
			return;
		}
	}
	if (c->state == CONN_HEAD && now - c->since_ms >= cs->limits.header_ms)
		doom(cs, sh, c, &cs->header_timeouts);
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
			look_at(cs, sh, c, now);
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
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->stop_cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&cs->watchdog, NULL, watchdog, cs) != 0) {
		*cause = xstrdup("cannot start the connection watchdog thread");
		free(cs);
		return NULL;
	}
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
	pthread_join(cs->watchdog, NULL);
	for (i = 0; i < CONNS_SHARDS; i++) {
		for (c = cs->shards[i].all; c != NULL; c = next) {	/* none after the daemon stopped */
			next = c->next;
			free(c);
		}
		pthread_mutex_destroy(&cs->shards[i].lock);
	}
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
}
