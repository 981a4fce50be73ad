/* SPDX-License-Identifier: MIT */
/*
 * journal.c: the request journal, a ring of seqlocked slots (see journal.h).
 *
 * The slot copies race with readers by design (a seqlock): a reader may copy
 * half-written bytes, and then throws the copy away because the sequence
 * number moved. Writers never share a slot: the compare-and-swap of the
 * sequence from even to odd is the slot's ownership.
 */
#include <config.h>

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "journal.h"

struct slot {
	atomic_ulong		 seq;	/* odd while a writer fills the slot */
	struct journal_entry	 e;
};

struct journal {
	size_t			 size;
	struct slot		*slots;
	atomic_ullong		 next;		/* the last id claimed */
	atomic_ullong		 cleared;	/* ids up to this were deleted */
	atomic_ulong		 dropped;
};

struct journal *
journal_new(size_t size)
{
	struct journal *j;
	size_t i;

	if (size == 0 || (j = calloc(1, sizeof *j)) == NULL)
		return NULL;
	/* calloc: the pages of slots never written are never touched. */
	if ((j->slots = calloc(size, sizeof *j->slots)) == NULL) {
		journal_free(j);
		return NULL;
	}
	j->size = size;
	for (i = 0; i < size; i++)
		atomic_init(&j->slots[i].seq, 0);
	atomic_init(&j->next, 0);
	atomic_init(&j->cleared, 0);
	atomic_init(&j->dropped, 0);
	return j;
}

void
journal_free(struct journal *j)
{
	if (j == NULL)
		return;
	free(j->slots);
	free(j);
}

size_t
journal_size(const struct journal *j)
{
	return j != NULL ? j->size : 0;
}

unsigned long
journal_dropped(struct journal *j)
{
	return j != NULL ? atomic_load(&j->dropped) : 0;
}

/* src[0, len) into dst (size bytes), cut to fit; NULL src leaves "" (and returns false). */
static bool
copy_cut(char *dst, size_t size, const char *src, size_t len)
{
	if (src == NULL) {
		dst[0] = '\0';
		return false;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

static bool
copy_str(char *dst, size_t size, const char *src)
{
	return copy_cut(dst, size, src, src != NULL ? strnlen(src, size) : 0);
}

/* The credential's scheme: the Authorization header up to its first space, or the web ticket's name. */
static bool
copy_scheme(char *dst, size_t size, const char *authorization, const char *webticket)
{
	if (authorization != NULL)
		return copy_cut(dst, size, authorization, strcspn(authorization, " \t"));
	if (webticket != NULL)
		return copy_str(dst, size, "X-MS-WebTicket");
	dst[0] = '\0';
	return false;
}

static void
fill(struct journal_entry *e, unsigned long long id, const struct journal_request *rq)
{
	unsigned p = 0;

	e->id = id;
	e->time = rq->time;
	e->ms = rq->ms;
	e->location = rq->location;
	if (rq->peer != NULL && rq->peer->family != 0) {
		e->peer = *rq->peer;
		p |= JOURNAL_HAS_PEER;
	}
	e->status = rq->status;
	e->fault = rq->fault;
	e->resource = rq->resource;
	e->representation = rq->representation;
	copy_str(e->method, sizeof e->method, rq->method);
	copy_str(e->target, sizeof e->target, rq->target);
	if (copy_cut(e->host, sizeof e->host, rq->host, rq->host_len))
		p |= JOURNAL_HAS_HOST;
	if (copy_str(e->accept, sizeof e->accept, rq->accept))
		p |= JOURNAL_HAS_ACCEPT;
	if (copy_str(e->user_agent, sizeof e->user_agent, rq->user_agent))
		p |= JOURNAL_HAS_USER_AGENT;
	if (copy_str(e->origin, sizeof e->origin, rq->origin))
		p |= JOURNAL_HAS_ORIGIN;
	if (copy_scheme(e->authorization, sizeof e->authorization, rq->authorization,
	    rq->webticket))
		p |= JOURNAL_HAS_AUTHORIZATION;
	copy_str(e->user, sizeof e->user, rq->user != NULL ? rq->user : "");
	e->present = p;
}

void
journal_record(struct journal *j, const struct journal_request *rq)
{
	unsigned long long id;
	unsigned long seq;
	struct slot *s;

	if (j == NULL)
		return;
	id = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed) + 1;
	s = &j->slots[(id - 1) % j->size];
	seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
	if ((seq & 1) != 0 || !atomic_compare_exchange_strong_explicit(&s->seq, &seq, seq + 1,
	    memory_order_acquire, memory_order_relaxed)) {
		atomic_fetch_add_explicit(&j->dropped, 1, memory_order_relaxed);
		return;	/* another writer has the slot: more in flight than the ring holds */
	}
	/* The odd sequence must be visible before any byte of the entry changes. */
	atomic_thread_fence(memory_order_release);
	fill(&s->e, id, rq);
	atomic_store_explicit(&s->seq, seq + 2, memory_order_release);
}

void
journal_clear(struct journal *j)
{
	if (j != NULL)
		atomic_store(&j->cleared, atomic_load(&j->next));
}

/* A consistent copy of the entry with this id, if the ring still holds it. */
static bool
read_entry(struct journal *j, unsigned long long id, struct journal_entry *out)
{
	struct slot *s = &j->slots[(id - 1) % j->size];
	unsigned long before, after;

	before = atomic_load_explicit(&s->seq, memory_order_acquire);
	if ((before & 1) != 0)
		return false;	/* being written: not there yet, or being replaced */
	memcpy(out, &s->e, sizeof *out);
	atomic_thread_fence(memory_order_acquire);
	after = atomic_load_explicit(&s->seq, memory_order_relaxed);
	return before == after && out->id == id;
}

static bool
selected(const struct journal_filter *f, const struct journal_entry *e)
{
	if (f->user != NULL && strcasecmp(f->user, e->user) != 0)
		return false;
	if (f->resource != NULL &&
	    (e->resource == NULL || strcmp(f->resource, e->resource) != 0))
		return false;
	return true;
}

size_t
journal_each(struct journal *j, const struct journal_filter *f,
    int (*fn)(const struct journal_entry *, void *arg), void *arg)
{
	unsigned long long id, lowest;
	struct journal_entry e;
	size_t n = 0;

	if (j == NULL)
		return 0;
	id = atomic_load(&j->next);
	lowest = atomic_load(&j->cleared);
	if (f->since > lowest)
		lowest = f->since;
	if (id > j->size && id - j->size > lowest)
		lowest = id - j->size;	/* older ids are overwritten */
	for (; id > lowest && (f->limit == 0 || n < f->limit); id--) {
		if (!read_entry(j, id, &e) || !selected(f, &e))
			continue;
		n++;
		if (fn(&e, arg) != 0)
			break;
	}
	return n;
}
