/* SPDX-License-Identifier: MIT */
/*
 * name_index.c: names to values in constant time (see name_index.h).
 *
 * Linear probing at a load of at most one half: a look-up reads a few
 * adjacent 4-byte slots, and compares a name only where the hash led.
 */
#include <config.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "name_index.h"

#define MIN_SLOTS 16u
#define MAX_SLOTS (1u << 31)

static unsigned char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : (unsigned char)c;
}

/* FNV-1a over the bytes in lower case, then a final mix (murmur3's) so that the low bits spread. */
static uint32_t
hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= lower(s[i]);
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* Is name (NUL-terminated) s (len bytes, which may hold anything), ignoring ASCII case? */
static bool
same(const char *name, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (name[i] == '\0' || lower(name[i]) != lower(s[i]))
			return false;
	}
	return name[len] == '\0';
}

/* The slots for at least n names at half load. */
static uint32_t
slots_for(size_t n)
{
	uint32_t size = MIN_SLOTS;

	while (size < MAX_SLOTS && (size_t)size / 2 < n)
		size *= 2;
	return size;
}

int
name_index_init(struct name_index *ix, size_t n, name_index_name_fn name, const void *ctx)
{
	uint32_t size = slots_for(n);

	memset(ix, 0, sizeof *ix);
	ix->name = name;
	ix->ctx = ctx;
	if ((ix->slots = calloc(size, sizeof *ix->slots)) == NULL)
		return -1;
	ix->mask = size - 1;
	return 0;
}

void
name_index_free(struct name_index *ix)
{
	free(ix->slots);
	ix->slots = NULL;
	ix->mask = 0;
	ix->count = 0;
}

/* Puts v (whose name is not there) in the first free slot of its probe sequence. */
static void
place(uint32_t *slots, uint32_t mask, uint32_t v, const char *name)
{
	uint32_t i = hash(name, strlen(name)) & mask;

	while (slots[i] != 0)
		i = (i + 1) & mask;
	slots[i] = v + 1;
}

/* Twice the slots, every value placed again. 0, or -1 when out of memory (ix unchanged). */
static int
grow(struct name_index *ix)
{
	uint32_t size = (ix->mask + 1) * 2, i;
	uint32_t *slots;

	if (ix->mask + 1 >= MAX_SLOTS || (slots = calloc(size, sizeof *slots)) == NULL)
		return -1;
	for (i = 0; i <= ix->mask; i++) {
		if (ix->slots[i] != 0)
			place(slots, size - 1, ix->slots[i] - 1, ix->name(ix->ctx, ix->slots[i] - 1));
	}
	free(ix->slots);
	ix->slots = slots;
	ix->mask = size - 1;
	return 0;
}

int
name_index_add(struct name_index *ix, uint32_t v, uint32_t *other)
{
	const char *name = ix->name(ix->ctx, v);
	size_t len;
	uint32_t i;

	assert(ix->slots != NULL && v < MAX_SLOTS);
	if (name == NULL)
		return 0;
	len = strlen(name);
	for (i = hash(name, len) & ix->mask; ix->slots[i] != 0; i = (i + 1) & ix->mask) {
		if (same(ix->name(ix->ctx, ix->slots[i] - 1), name, len)) {
			*other = ix->slots[i] - 1;
			return 1;
		}
	}
	if ((size_t)ix->count + 1 > ((size_t)ix->mask + 1) / 2) {
		if (grow(ix) != 0)
			return -1;
		place(ix->slots, ix->mask, v, name);
	} else
		ix->slots[i] = v + 1;
	ix->count++;
	return 0;
}

bool
name_index_find(const struct name_index *ix, const char *s, size_t len, uint32_t *v)
{
	uint32_t i;

	if (ix->slots == NULL || ix->count == 0)
		return false;
	for (i = hash(s, len) & ix->mask; ix->slots[i] != 0; i = (i + 1) & ix->mask) {
		if (same(ix->name(ix->ctx, ix->slots[i] - 1), s, len)) {
			*v = ix->slots[i] - 1;
			return true;
		}
	}
	return false;
}
