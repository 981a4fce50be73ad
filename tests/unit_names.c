/* SPDX-License-Identifier: MIT */
/*
 * unit_names.c: look-ups by name — the name index (any case, duplicates
 * refused with the first kept, growth from a small table, absent names, keys
 * that hold a NUL), the topology's domains, pools by web FQDN (the first
 * pool keeps a shared name) and CORS origins through it, and a name list
 * that keeps 20,000 names without their duplicates, in order.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config_file.h"
#include "diag_print.h"
#include "name_index.h"
#include "name_list.h"
#include "topology.h"
#include "util.h"

#define N_NAMES 50000

static char names[N_NAMES][24];

static const char *
name_of(const void *ctx, uint32_t v)
{
	(void)ctx;
	return v < N_NAMES ? names[v] : NULL;
}

static void
test_index(void)
{
	struct name_index ix;
	uint32_t v, other = 0;
	size_t i;
	int dup = 0, found = 0;

	CHECK(name_index_init(&ix, 4, name_of, NULL) == 0, "init");
	CHECK(!name_index_find(&ix, "a", 1, &v), "an empty index finds nothing");
	for (i = 0; i < N_NAMES; i++)
		snprintf(names[i], sizeof names[i], "Tenant%zu.Example", i % (N_NAMES - 10));
	for (i = 0; i < N_NAMES; i++) {
		int rc = name_index_add(&ix, (uint32_t)i, &other);

		CHECK(rc >= 0, "add %zu", i);
		if (rc == 1) {
			dup++;
			CHECK_UINT("a duplicate names the first", other, i - (N_NAMES - 10));
		}
	}
	CHECK_UINT("the duplicates refused", dup, 10);
	CHECK_UINT("the count", ix.count, N_NAMES - 10);
	CHECK(ix.mask + 1 >= 2 * ix.count, "at most half full after growing: %u slots, %u names",
	    ix.mask + 1, ix.count);
	for (i = 0; i < N_NAMES - 10; i++) {
		char lower[24];

		snprintf(lower, sizeof lower, "tenant%zu.example", i);
		found += name_index_find(&ix, lower, strlen(lower), &v) && v == i;
	}
	CHECK_UINT("every name found in lower case, at its own value", found, N_NAMES - 10);
	CHECK(name_index_find(&ix, "TENANT7.EXAMPLE", 15, &v) && v == 7, "upper case");
	CHECK(!name_index_find(&ix, "tenant7.exampl", 14, &v), "a prefix is no name");
	CHECK(!name_index_find(&ix, "tenant7.examplex", 16, &v), "nor a longer name");
	CHECK(!name_index_find(&ix, "tenant7\0example", 15, &v), "a NUL inside the key");
	CHECK(!name_index_find(&ix, "nobody.example", 14, &v), "an absent name");
	name_index_free(&ix);
	CHECK(!name_index_find(&ix, "tenant7.example", 15, &v), "a freed index finds nothing");
}

static void
test_topology(void)
{
	static const char xml[] =
	    "<lyncdiscover>"
	    "<settings/>"
	    "<pool name=\"a\" server-fqdn=\"fe1.x.net\"><internal-web fqdn=\"web.x.net\"/>"
	    "<external-web fqdn=\"webext1.x.net\"/></pool>"
	    "<pool name=\"b\" server-fqdn=\"fe2.x.net\"><internal-web fqdn=\"webint2.x.net\"/>"
	    "<external-web fqdn=\"Web.X.Net\"/></pool>"
	    "<domain name=\"contoso.com\" pool=\"b\"/><domain name=\"fabrikam.com\" pool=\"a\"/>"
	    "<cross-origin cors=\"true\"><origin>https://App.Example</origin></cross-origin>"
	    "</lyncdiscover>";
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("<names>", xml, sizeof xml - 1, NULL, &d);
	const struct sip_domain *dom;
	const struct pool *p;

	diag_print(&d, stderr);
	diag_free(&d);
	CHECK(t != NULL, "the topology loads");
	if (t == NULL)
		return;
	dom = topology_find_domain(t, "CONTOSO.com.", 12);
	CHECK(dom != NULL && strcmp(dom->name, "contoso.com") == 0, "a domain, any case, a dot");
	CHECK(topology_find_domain(t, "contoso.co", 10) == NULL, "no domain by a prefix");
	p = topology_find_pool_by_web(t, "web.x.net", 9);
	CHECK(p != NULL && strcmp(p->name, "a") == 0, "a web FQDN two pools share: the first's");
	p = topology_find_pool_by_web(t, "webint2.x.net.", 14);
	CHECK(p != NULL && strcmp(p->name, "b") == 0, "an internal web FQDN, a dot");
	CHECK(topology_find_pool_by_web(t, "fe1.x.net", 9) == NULL, "a server FQDN is no web FQDN");
	CHECK(topology_origin_listed(t, "https://app.example"), "a listed origin, any case");
	CHECK(!topology_origin_listed(t, "https://app.example.evil"), "an unlisted origin");
	CHECK(!topology_origin_listed(t, NULL), "no origin");
	topology_free(t);
}

static void
test_name_list(void)
{
	struct name_list l = { 0 };
	char name[40];
	size_t i;
	int rc = 0;

	for (i = 0; i < 40000; i++) {
		snprintf(name, sizeof name, "%s%zu.example", i % 2 ? "LyncDiscover." : "lyncdiscover.",
		    i / 2);
		rc |= name_list_add(&l, name);
	}
	CHECK(rc == 0, "40,000 adds");
	CHECK_UINT("20,000 names: the duplicates (in any case) dropped", l.n, 20000);
	CHECK_STR("in order, in lower case", l.names[12345], "lyncdiscover.12345.example");
	name_list_free(&l);
	CHECK(l.n == 0 && l.names == NULL, "freed");
}

int
main(void)
{
	test_index();
	test_topology();
	test_name_list();
	return check_done("unit_names");
}
