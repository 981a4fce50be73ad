/* SPDX-License-Identifier: MIT */
/*
 * plan_write.c: the plan built once (plan.c) and written as JSON, as text
 * (plan_text.c) or as DNS records (plan_dns.c).
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"
#include "plan_dns.h"
#include "plan_text.h"
#include "plan_write.h"
#include "util.h"

int
plan_write_format(const char *name)
{
	static const char *const names[] = { "text", "json", "hosts", "dnsmasq", "bind" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * The lab's DNS as a whole dnsmasq file: the lab's box runs it beside the
 * daemon, for phones whose DNS server it is (README, "Testing a real phone").
 */
static int
lab_dnsmasq(const struct topology *t, json_t *dns, FILE *out, char **cause)
{
	char *what = xasprintf_s("the lyncdiscoverd lab for %s",
	    t->n_domains > 0 ? t->domains[0].name : "its domain");
	int rc;

	if (what == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	rc = plan_dns_write_dnsmasq_file(out, dns, what, cause);
	free(what);
	return rc;
}

int
plan_write(const struct topology *t, enum plan_format format, FILE *out, char **cause)
{
	json_t *plan = plan_build(t);
	char *doc = NULL;
	int rc = 0;

	if (plan != NULL && format == PLAN_JSON)
		doc = json_dumps(plan, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (plan == NULL || (format == PLAN_JSON && doc == NULL)) {
		json_decref(plan);
		*cause = xstrdup("out of memory");
		return -1;
	}
	if (format == PLAN_JSON)
		fprintf(out, "%s\n", doc);
	else if (format == PLAN_TEXT)
		plan_text_write(out, plan);
	else if (format == PLAN_DNSMASQ && strcmp(t->source, TOPOLOGY_LAB_SOURCE) == 0)
		rc = lab_dnsmasq(t, json_object_get(plan, "dns"), out, cause);
	else
		plan_dns_write(out, json_object_get(plan, "dns"), format, "");
	free(doc);
	json_decref(plan);
	if (rc != 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		*cause = xasprintf_s("cannot write the plan: %s", strerror(errno));
		return -1;
	}
	return 0;
}
