/* SPDX-License-Identifier: MIT */
/*
 * name_list.c: the host names clients use on a listener.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "name_list.h"
#include "util.h"

void
name_list_init(struct name_list *l)
{
	memset(l, 0, sizeof *l);
}

static const char *
list_name(const void *ctx, uint32_t v)
{
	const struct name_list *l = ctx;

	return l->names[v];
}

int
name_list_add(struct name_list *l, const char *name)
{
	uint32_t other;
	char **names;
	int rc;

	if (l->index.slots == NULL && name_index_init(&l->index, 16, list_name, l) != 0)
		return -1;
	l->index.ctx = l;	/* the list may have been moved since */
	if (l->n == l->room) {
		l->room = l->room > 0 ? 2 * l->room : 16;
		if ((names = realloc(l->names, l->room * sizeof *names)) == NULL)
			return -1;
		l->names = names;
	}
	if ((l->names[l->n] = xstrdup(name)) == NULL)
		return -1;
	str_lower(l->names[l->n]);
	rc = name_index_add(&l->index, (uint32_t)l->n, &other);
	if (rc != 0) {	/* there already (1), or out of memory (-1) */
		free(l->names[l->n]);
		return rc > 0 ? 0 : -1;
	}
	l->n++;
	return 0;
}

int
name_list_for_location(const struct topology *t, enum access_location loc, struct name_list *l)
{
	const char *prefix = loc == ACCESS_INTERNAL ? "lyncdiscoverinternal." : "lyncdiscover.";
	size_t i;
	char *name;
	int rc;

	name_list_init(l);
	for (i = 0; i < t->n_domains; i++) {
		if ((name = xasprintf_s("%s%s", prefix, t->domains[i].name)) == NULL)
			goto oom;
		rc = name_list_add(l, name);
		free(name);
		if (rc != 0)
			goto oom;
	}
	for (i = 0; i < t->n_pools; i++) {
		if (name_list_add(l, t->pools[i].web[loc].fqdn) != 0)
			goto oom;
	}
	return 0;
oom:
	name_list_free(l);
	return -1;
}

void
name_list_free(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	name_index_free(&l->index);
	name_list_init(l);
}

int
name_list_for_listener(const struct topology *t, const struct listener_conf *l,
    struct name_list *out)
{
	struct name_list more;
	size_t i;
	int loc, rc = 0;

	name_list_init(out);
	for (loc = 0; rc == 0 && loc < ACCESS_LOCATION_COUNT; loc++) {
		if (l->access_mode == ACCESS_FIXED && l->location != (enum access_location)loc)
			continue;
		if (name_list_for_location(t, (enum access_location)loc, &more) != 0) {
			name_list_free(out);
			return -1;
		}
		for (i = 0; rc == 0 && i < more.n; i++)
			rc = name_list_add(out, more.names[i]);
		name_list_free(&more);
	}
	if (rc != 0)
		name_list_free(out);
	return rc;
}
