/* SPDX-License-Identifier: MIT */
/*
 * ldap_cache.c: a chained hash table of user -> (record, expiry) under a mutex.
 */
#include <config.h>

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ldap_cache.h"

struct entry {
	struct entry		*next;
	double			 expires;
	struct ldap_record	 record;
	char			 user[];
};

struct ldap_cache {
	pthread_mutex_t	  lock;
	struct entry	**buckets;
	size_t		  n_buckets, count, max;
};

/* FNV-1a over the lower-cased name. */
static size_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 1099511628211u;
	}
	return (size_t)h;
}

struct ldap_cache *
ldap_cache_new(size_t max)
{
	struct ldap_cache *c = calloc(1, sizeof *c);
	size_t n = 1024;

	if (c == NULL)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->max = max;
	while (n < max && n < (1u << 20))
		n *= 2;
	if ((c->buckets = calloc(n, sizeof *c->buckets)) == NULL) {
		ldap_cache_free(c);
		return NULL;
	}
	c->n_buckets = n;
	return c;
}

static void
clear_locked(struct ldap_cache *c)
{
	struct entry *e, *next;
	size_t i;

	for (i = 0; i < c->n_buckets; i++) {
		for (e = c->buckets[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
		c->buckets[i] = NULL;
	}
	c->count = 0;
}

void
ldap_cache_free(struct ldap_cache *c)
{
	if (c == NULL)
		return;
	clear_locked(c);
	pthread_mutex_destroy(&c->lock);
	free(c->buckets);
	free(c);
}

void
ldap_cache_clear(struct ldap_cache *c)
{
	pthread_mutex_lock(&c->lock);
	clear_locked(c);
	pthread_mutex_unlock(&c->lock);
}

static struct entry **
slot_of(struct ldap_cache *c, const char *user)
{
	struct entry **p = &c->buckets[hash(user) & (c->n_buckets - 1)];

	while (*p != NULL && strcasecmp((*p)->user, user) != 0)
		p = &(*p)->next;
	return p;
}

bool
ldap_cache_get(struct ldap_cache *c, const char *user, double now, struct ldap_record *r,
    bool *fresh)
{
	struct entry *e;

	pthread_mutex_lock(&c->lock);
	e = *slot_of(c, user);
	if (e != NULL) {
		*r = e->record;
		*fresh = now < e->expires;
	}
	pthread_mutex_unlock(&c->lock);
	return e != NULL;
}

/* Drops the expired entries; called when full. */
static void
sweep_locked(struct ldap_cache *c, double now)
{
	struct entry **p, *e;
	size_t i;

	for (i = 0; i < c->n_buckets; i++) {
		for (p = &c->buckets[i]; (e = *p) != NULL; ) {
			if (now < e->expires) {
				p = &e->next;
				continue;
			}
			*p = e->next;
			free(e);
			c->count--;
		}
	}
}

void
ldap_cache_put(struct ldap_cache *c, const char *user, const struct ldap_record *r, double now,
    unsigned ttl)
{
	size_t len = strlen(user);
	struct entry **p, *e;

	pthread_mutex_lock(&c->lock);
	p = slot_of(c, user);
	if ((e = *p) == NULL) {
		if (c->count >= c->max)
			sweep_locked(c, now);
		if (c->count >= c->max || (e = malloc(sizeof *e + len + 1)) == NULL) {
			pthread_mutex_unlock(&c->lock);
			return;
		}
		memcpy(e->user, user, len + 1);
		e->next = NULL;
		*slot_of(c, user) = e;	/* the sweep may have moved the chain's end */
		c->count++;
	}
	e->record = *r;
	e->expires = now + ttl;
	pthread_mutex_unlock(&c->lock);
}

size_t
ldap_cache_count(struct ldap_cache *c)
{
	size_t n;

	pthread_mutex_lock(&c->lock);
	n = c->count;
	pthread_mutex_unlock(&c->lock);
	return n;
}
