/* SPDX-License-Identifier: MIT */
/*
 * choices.c: the names that exist, for a message about one that does not
 * (choices.h).
 */
#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "choices.h"

/* Appends "\"name\"" or "\"name\" (note)" after sep; 0, or -1 when it would not fit (out unchanged). */
static int
append(char *out, size_t size, size_t *len, const char *sep, const char *name, const char *note)
{
	int n = note != NULL ?
	    snprintf(out + *len, size - *len, "%s\"%s\" (%s)", sep, name, note) :
	    snprintf(out + *len, size - *len, "%s\"%s\"", sep, name);

	if (n < 0 || (size_t)n >= size - *len) {
		out[*len] = '\0';
		return -1;
	}
	*len += (size_t)n;
	return 0;
}

/* Room kept at the end of out for " and N more" (N up to 20 digits). */
#define MORE_ROOM sizeof " and 18446744073709551615 more"

size_t
choices_list(char *out, size_t size, size_t n, choices_name_fn *name, const void *cls)
{
	size_t i, len = 0, total = 0, shown = 0;
	const char *s, *note;

	assert(size > MORE_ROOM);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		note = NULL;
		if ((s = name(cls, i, &note)) == NULL)
			continue;
		total++;
		if (shown == CHOICES_SHOWN || shown < total - 1)
			continue;	/* past the shown ones, or one did not fit: the rest are counted */
		if (append(out, size - MORE_ROOM, &len, shown > 0 ? ", " : "", s, note) == 0)
			shown++;
	}
	if (total > shown && shown > 0)
		snprintf(out + len, size - len, " and %zu more", total - shown);
	else if (total > shown)
		snprintf(out, size, "%zu, too long to list", total);
	return total;
}

static const char *
pool_name(const void *cls, size_t i, const char **note)
{
	const struct topology *t = cls;

	(void)note;
	return t->pools[i].name;
}

static const char *
pool_home_server(const void *cls, size_t i, const char **note)
{
	const struct topology *t = cls;

	*note = t->pools[i].name;
	return t->pools[i].home_server;
}

size_t
choices_pools(char *out, size_t size, const struct topology *t)
{
	return choices_list(out, size, t->n_pools, pool_name, t);
}

size_t
choices_home_servers(char *out, size_t size, const struct topology *t)
{
	return choices_list(out, size, t->n_pools, pool_home_server, t);
}
