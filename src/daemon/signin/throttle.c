/* SPDX-License-Identifier: MIT */
/*
 * throttle.c: the failed sign-in table (the policy is in throttle.h).
 *
 * Two set-associative tables (addresses, user names) of WAYS entries a set,
 * one mutex: a check or an update is a keyed hash and a scan of 8 entries,
 * microseconds next to the password check it guards.
 */
#include <config.h>

#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "throttle.h"

#define WAYS 8
#define MAX_STRIKES 16

struct entry {
	uint64_t	 key;		/* 0: free */
	double		 window_start;
	double		 last_failure;
	double		 blocked_until;
	unsigned	 failures;	/* in the window that began at window_start */
	unsigned	 strikes;	/* blocks in a row (addresses: the block doubles) */
};

struct table {
	struct entry	*e;
	size_t		 sets;		/* a power of two */
};

struct throttle {
	pthread_mutex_t	 lock;
	unsigned char	 secret[32];
	struct table	 addresses, users;
};

static int
table_init(struct table *t, size_t entries)
{
	t->sets = 1;
	while (t->sets * WAYS < entries)
		t->sets *= 2;
	t->e = calloc(t->sets * WAYS, sizeof *t->e);
	return t->e != NULL ? 0 : -1;
}

struct throttle *
throttle_new(size_t entries)
{
	struct throttle *th = calloc(1, sizeof *th);

	if (th == NULL)
		return NULL;
	pthread_mutex_init(&th->lock, NULL);
	if (gnutls_rnd(GNUTLS_RND_KEY, th->secret, sizeof th->secret) < 0 ||
	    table_init(&th->addresses, entries) != 0 || table_init(&th->users, entries) != 0) {
		throttle_free(th);
		return NULL;
	}
	return th;
}

void
throttle_free(struct throttle *th)
{
	if (th == NULL)
		return;
	pthread_mutex_destroy(&th->lock);
	free(th->addresses.e);
	free(th->users.e);
	free(th);
}

/* A keyed 64-bit digest of kind and data; never 0 (the free mark). */
static uint64_t
key_of(const struct throttle *th, char kind, const void *data, size_t len)
{
	unsigned char in[1 + 256 + 1], mac[32];
	uint64_t k;

	if (len > sizeof in - 1)
		len = sizeof in - 1;
	in[0] = (unsigned char)kind;
	memcpy(in + 1, data, len);
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, th->secret, sizeof th->secret, in, len + 1,
	    mac) < 0)
		memset(mac, 0, sizeof mac);	/* cannot happen with SHA-256; one shared entry then */
	memcpy(&k, mac, sizeof k);
	return k != 0 ? k : 1;
}

static uint64_t
address_key(const struct throttle *th, const struct netaddr *a)
{
	unsigned char b[17];

	b[0] = (unsigned char)a->family;
	memcpy(b + 1, a->bytes, 16);
	return key_of(th, 'a', b, a->family == 4 ? 5 : 17);
}

static uint64_t
user_key(const struct throttle *th, const char *user)
{
	return key_of(th, 'u', user, strlen(user));
}

static struct entry *
find(const struct table *t, uint64_t key)
{
	struct entry *set = &t->e[(key & (t->sets - 1)) * WAYS];
	size_t i;

	for (i = 0; i < WAYS; i++) {
		if (set[i].key == key)
			return &set[i];
	}
	return NULL;
}

/* Is a less worth keeping than b? Free, then not blocked, then the oldest failure. */
static bool
worse(const struct entry *a, const struct entry *b, double now)
{
	bool a_blocked = now < a->blocked_until, b_blocked = now < b->blocked_until;

	if (a->key == 0 || b->key == 0)
		return a->key == 0;
	if (a_blocked != b_blocked)
		return !a_blocked;
	return a->last_failure < b->last_failure;
}

static struct entry *
find_or_add(const struct table *t, uint64_t key, double now)
{
	struct entry *set = &t->e[(key & (t->sets - 1)) * WAYS], *victim = &set[0];
	struct entry *e = find(t, key);
	size_t i;

	if (e != NULL)
		return e;
	for (i = 1; i < WAYS; i++) {
		if (worse(&set[i], victim, now))
			victim = &set[i];
	}
	memset(victim, 0, sizeof *victim);
	victim->key = key;
	victim->window_start = now;
	return victim;
}

/* One failure of e; an address's block grows with its strikes, a user's does not. */
static void
record(struct entry *e, const struct throttle_policy *p, bool growing, double now)
{
	double block = p->window;
	unsigned i;

	if (e->strikes > 0 && now >= e->blocked_until + p->max_block)
		e->strikes = 0;
	if (now - e->window_start >= p->window) {
		e->window_start = now;
		e->failures = 0;
	}
	e->failures++;
	e->last_failure = now;
	if (e->failures < p->max_failures)
		return;
	if (e->strikes < MAX_STRIKES)
		e->strikes++;
	for (i = 1; growing && i < e->strikes && block < p->max_block; i++)
		block *= 2;
	e->blocked_until = now + (block < p->max_block ? block : p->max_block);
	e->window_start = now;
	e->failures = 0;
}

static unsigned
seconds_until(double t, double now)
{
	double d = t - now;
	unsigned s = (unsigned)d;

	return (double)s < d ? s + 1 : s;	/* rounded up: never 0 while blocked */
}

unsigned
throttle_check(struct throttle *th, const struct throttle_policy *p,
    const struct netaddr *client, const char *user, double now)
{
	const struct entry *a, *u;
	unsigned wait = 0;

	if (p->max_failures == 0)
		return 0;
	pthread_mutex_lock(&th->lock);
	a = find(&th->addresses, address_key(th, client));
	u = find(&th->users, user_key(th, user));
	if (a != NULL && now < a->blocked_until)
		wait = seconds_until(a->blocked_until, now);
	else if (u != NULL && now < u->blocked_until && a != NULL &&
	    now - a->last_failure < p->window)
		wait = seconds_until(u->blocked_until, now);
	pthread_mutex_unlock(&th->lock);
	return wait;
}

void
throttle_failed(struct throttle *th, const struct throttle_policy *p,
    const struct netaddr *client, const char *user, double now)
{
	if (p->max_failures == 0)
		return;
	assert(p->window > 0 && p->max_block >= p->window);
	pthread_mutex_lock(&th->lock);
	record(find_or_add(&th->addresses, address_key(th, client), now), p, true, now);
	record(find_or_add(&th->users, user_key(th, user), now), p, false, now);
	pthread_mutex_unlock(&th->lock);
}

void
throttle_succeeded(struct throttle *th, const char *user)
{
	struct entry *u;

	pthread_mutex_lock(&th->lock);
	if ((u = find(&th->users, user_key(th, user))) != NULL)
		memset(u, 0, sizeof *u);
	pthread_mutex_unlock(&th->lock);
}
