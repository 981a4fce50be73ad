/* SPDX-License-Identifier: MIT */
/*
 * faults.c: the fault rules in force (see faults.h).
 */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"

struct faults {
	pthread_mutex_t		 lock;
	struct fault_rule	*rules;		/* in the order they were added */
	size_t			 n, cap;
	atomic_size_t		 count;		/* n, read without the lock */
	unsigned long		 next_id;
	unsigned long long	 rng;		/* xorshift64* state, never 0 */
};

struct faults *
faults_new(unsigned long long seed)
{
	struct faults *f = calloc(1, sizeof *f);

	if (f == NULL)
		return NULL;
	pthread_mutex_init(&f->lock, NULL);
	atomic_init(&f->count, 0);
	f->rng = seed != 0 ? seed : 0x9e3779b97f4a7c15ULL;
	return f;
}

static void
clear_locked(struct faults *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		fault_rule_free(&f->rules[i]);
	f->n = 0;
	atomic_store(&f->count, 0);
}

void
faults_free(struct faults *f)
{
	if (f == NULL)
		return;
	clear_locked(f);
	free(f->rules);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

unsigned long
faults_add(struct faults *f, struct fault_rule *r)
{
	struct fault_rule *more;
	unsigned long id = 0;

	pthread_mutex_lock(&f->lock);
	if (f->n == f->cap) {
		more = realloc(f->rules, (f->cap * 2 + 4) * sizeof *more);
		if (more == NULL)
			goto out;
		f->rules = more;
		f->cap = f->cap * 2 + 4;
	}
	r->id = id = ++f->next_id;
	f->rules[f->n++] = *r;
	atomic_store(&f->count, f->n);
	memset(r, 0, sizeof *r);	/* ours now */
out:
	pthread_mutex_unlock(&f->lock);
	if (id == 0)
		fault_rule_free(r);
	return id;
}

static void
remove_at(struct faults *f, size_t i)
{
	fault_rule_free(&f->rules[i]);
	memmove(&f->rules[i], &f->rules[i + 1], (f->n - i - 1) * sizeof *f->rules);
	f->n--;
	atomic_store(&f->count, f->n);
}

int
faults_delete(struct faults *f, unsigned long id)
{
	size_t i;
	int rc = -1;

	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n; i++) {
		if (f->rules[i].id == id) {
			remove_at(f, i);
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&f->lock);
	return rc;
}

void
faults_clear(struct faults *f)
{
	pthread_mutex_lock(&f->lock);
	clear_locked(f);
	pthread_mutex_unlock(&f->lock);
}

json_t *
faults_json(struct faults *f)
{
	json_t *list = json_array(), *rule;
	size_t i;

	if (list == NULL)
		return NULL;
	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n; i++) {
		rule = fault_rule_json(&f->rules[i]);
		if (rule == NULL || json_array_append_new(list, rule) != 0) {
			json_decref(list);
			list = NULL;
			break;
		}
	}
	pthread_mutex_unlock(&f->lock);
	return list != NULL ? json_pack("{s:o}", "faults", list) : NULL;
}

/* A uniform draw in [0, 1) (xorshift64*, under the lock). */
static double
draw(struct faults *f)
{
	unsigned long long x = f->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	f->rng = x;
	return (double)((x * 0x2545f4914f6cdd1dULL) >> 11) / 9007199254740992.0;	/* 2^53 */
}

bool
faults_pick(struct faults *f, const struct fault_facts *facts, struct fault_fired *out)
{
	struct fault_rule *r;
	bool fired = false;
	size_t i;

	if (f == NULL || atomic_load_explicit(&f->count, memory_order_relaxed) == 0)
		return false;
	pthread_mutex_lock(&f->lock);
	for (i = 0; i < f->n; i++) {
		r = &f->rules[i];
		if (!fault_rule_matches(r, facts) || !(draw(f) < r->probability))
			continue;
		if (fault_rule_action_copy(&out->action, &r->action) != 0)
			break;
		out->id = r->id;
		r->fired++;
		fired = true;
		if (r->times > 0 && --r->times == 0)
			remove_at(f, i);	/* expired */
		break;
	}
	pthread_mutex_unlock(&f->lock);
	return fired;
}

void
faults_fired_free(struct fault_fired *ff)
{
	fault_rule_action_free(&ff->action);
}
