/* SPDX-License-Identifier: MIT */
/*
 * name_index.h: names to values in constant time — an open-addressing hash
 * table of values (positions in an array the caller keeps), keyed by the
 * names those values have, compared without regard to ASCII case (DNS
 * names, SIP domains, pool names). The table holds 4 bytes a slot and at
 * most half its slots; the names stay where the caller keeps them, read
 * through name(ctx, value).
 *
 * Only the configuration fills a table; a client only looks names up, so
 * whatever names it sends, it never changes how long a look-up takes.
 */
#ifndef LD_NAME_INDEX_H
#define LD_NAME_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The name of value v (lower or mixed case, NUL-terminated); NULL: v has none. */
typedef const char	*(*name_index_name_fn)(const void *ctx, uint32_t v);

struct name_index {
	uint32_t		*slots;		/* a value + 1; 0: empty */
	uint32_t		 mask;		/* slots - 1 (a power of two less one) */
	uint32_t		 count;
	name_index_name_fn	 name;
	const void		*ctx;
};

/* An empty index with room for n names before it grows. 0, or -1 when out of memory. */
int	 name_index_init(struct name_index *, size_t n, name_index_name_fn name, const void *ctx);
void	 name_index_free(struct name_index *);
/*
 * Adds value v under its name: 0; 1 when a value of the same name is there
 * already (*other: that value; v is not added: the first one stays); -1
 * when out of memory. A value without a name is not added (0).
 */
int	 name_index_add(struct name_index *, uint32_t v, uint32_t *other);
/* The value named s (len bytes, any case); false if none, or if the index is empty. */
bool	 name_index_find(const struct name_index *, const char *s, size_t len, uint32_t *v);

#endif
