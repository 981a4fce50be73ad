/* SPDX-License-Identifier: MIT */
/*
 * name_list.c: the host names clients use on a listener.
 */
#include <config.h>

#include <stdlib.h>
#include <strings.h>

#include "name_list.h"
#include "util.h"

int
name_list_add(struct name_list *l, const char *name)
{
	char **names;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcasecmp(l->names[i], name) == 0)
			return 0;
	}
	names = realloc(l->names, (l->n + 1) * sizeof *names);
	if (names == NULL)
		return -1;
	l->names = names;
	if ((names[l->n] = xstrdup(name)) == NULL)
		return -1;
	str_lower(names[l->n++]);
	return 0;
}

int
name_list_for_location(const struct topology *t, enum access_location loc, struct name_list *l)
{
	const char *prefix = loc == ACCESS_INTERNAL ? "lyncdiscoverinternal." : "lyncdiscover.";
	size_t i;
	char *name;
	int rc;

	l->names = NULL;
	l->n = 0;
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
	l->names = NULL;
	l->n = 0;
}

int
name_list_for_listener(const struct topology *t, const struct listener_conf *l,
    struct name_list *out)
{
	struct name_list more;
	size_t i;
	int loc, rc = 0;

	out->names = NULL;
	out->n = 0;
	for (loc = 0; rc == 0 && loc < ACCESS_LOCATION_COUNT; loc++) {
		if (!l->access_auto && l->location != (enum access_location)loc)
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
