/* SPDX-License-Identifier: MIT */
/*
 * config_refs.c: names and references of a configuration document (see
 * config_refs.h). The loader relies on these checks: it counts the same
 * mistakes as errors without saying them again.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "config_refs.h"
#include "config_xml.h"
#include "name_index.h"
#include "util.h"

struct refs {
	const char	*file;
	struct diag	*d;
	int		 errors;
	char		**pools;	/* pool/@name, in document order (NULL: none) */
	size_t		 n_pools;
	char		**domains;	/* domain/@name in lower case (NULL: none) */
	long		*domain_lines;
	size_t		 n_domains;
};

static bool
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static size_t
count(xmlNodePtr root, const char *name)
{
	size_t c = 0;
	xmlNodePtr n;

	for (n = root->children; n != NULL; n = n->next)
		c += is(n, name);
	return c;
}

/* As the loader finds a pool: by its exact name, the first of that name. */
static bool
pool_declared(const struct refs *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_pools; i++) {
		if (r->pools[i] != NULL && strcmp(r->pools[i], name) == 0)
			return true;
	}
	return false;
}

static void
check_pool(struct refs *r, xmlNodePtr n)
{
	char *name = config_xml_attr(n, "name");

	if (name != NULL && pool_declared(r, name)) {
		diag_add(r->d, r->file, xmlGetLineNo(n), "pool \"%s\" is declared twice", name);
		r->errors++;
	}
	r->pools[r->n_pools++] = name;
}

static const char *
declared_pool(const void *cls, size_t i, const char **note)
{
	const struct refs *r = cls;

	(void)note;
	return r->pools[i];
}

/* The pools that exist, for a message about a name that names none (choices.h). */
static void
pool_choices(const struct refs *r, char *out, size_t size)
{
	if (choices_list(out, size, r->n_pools, declared_pool, r) == 0)
		snprintf(out, size, "none is declared");
}

static void
check_domain_pool(struct refs *r, xmlNodePtr n, const char *domain)
{
	char *pool = config_xml_attr(n, "pool");
	char pools[CHOICES_TEXT_MAX];

	if (pool != NULL && !pool_declared(r, pool)) {
		pool_choices(r, pools, sizeof pools);
		diag_add(r->d, r->file, xmlGetLineNo(n), "domain \"%s\": no pool named \"%s\"; "
		    "the pools: %s", domain, pool, pools);
		r->errors++;
	}
	free(pool);
}

static void
check_default_pool(struct refs *r, xmlNodePtr n)
{
	char *pool = config_xml_attr(n, "default-pool");
	char pools[CHOICES_TEXT_MAX];

	if (pool != NULL && !pool_declared(r, pool)) {
		pool_choices(r, pools, sizeof pools);
		diag_add(r->d, r->file, xmlGetLineNo(n), "settings: default-pool \"%s\" names no "
		    "pool; the pools: %s", pool, pools);
		r->errors++;
	}
	free(pool);
}

static const char *
domain_name(const void *ctx, uint32_t v)
{
	const struct refs *r = ctx;

	return r->domains[v];
}

/* Domains declared twice, in constant time a domain (a file may hold a million). */
static int
check_domains_unique(struct refs *r)
{
	struct name_index ix;
	uint32_t i, first;
	int rc;

	if (name_index_init(&ix, r->n_domains, domain_name, r) != 0)
		return -1;
	for (i = 0; i < r->n_domains; i++) {
		if ((rc = name_index_add(&ix, i, &first)) < 0) {
			name_index_free(&ix);
			return -1;
		}
		if (rc > 0) {
			diag_add(r->d, r->file, r->domain_lines[i], "domain \"%s\" is declared twice",
			    r->domains[i]);
			r->errors++;
		}
	}
	name_index_free(&ix);
	return 0;
}

static int
walk(struct refs *r, xmlNodePtr root)
{
	xmlNodePtr n;
	char *name;

	/* Pools first: a domain or the settings may name a pool declared after them. */
	for (n = root->children; n != NULL; n = n->next) {
		if (is(n, "pool"))
			check_pool(r, n);
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (is(n, "settings"))
			check_default_pool(r, n);
		if (!is(n, "domain") || (name = config_xml_attr(n, "name")) == NULL)
			continue;
		check_domain_pool(r, n, str_lower(name));
		r->domain_lines[r->n_domains] = xmlGetLineNo(n);
		r->domains[r->n_domains++] = name;
	}
	return check_domains_unique(r);
}

int
config_refs_check(xmlNodePtr root, const char *file, struct diag *d)
{
	struct refs r = { .file = file, .d = d };
	size_t i, n_domains = count(root, "domain");
	int rc;

	r.pools = calloc(count(root, "pool") + 1, sizeof *r.pools);
	r.domains = calloc(n_domains + 1, sizeof *r.domains);
	r.domain_lines = calloc(n_domains + 1, sizeof *r.domain_lines);
	rc = r.pools != NULL && r.domains != NULL && r.domain_lines != NULL ? walk(&r, root) : -1;
	if (rc != 0)
		diag_add(d, file, 0, "out of memory");
	for (i = 0; i < r.n_pools; i++)
		free(r.pools[i]);
	for (i = 0; i < r.n_domains; i++)
		free(r.domains[i]);
	free(r.pools);
	free(r.domains);
	free(r.domain_lines);
	return rc != 0 ? -1 : r.errors;
}
