/* SPDX-License-Identifier: MIT */
/*
 * plan_dns.c: the plan's DNS records in a form a resolver reads — a hosts
 * file, dnsmasq configuration or BIND zone-file lines — so that a lab (or a
 * test's private hosts file) resolves its names from the configuration.
 *
 * The internal zone comes first, then the external one. A lab resolver
 * serves one network, so a hosts file or dnsmasq keeps the first address
 * of a name: a name in both zones (one web FQDN for both, say) keeps its
 * internal address and the external one is written as a comment. BIND lines
 * keep both (split-horizon views are BIND's own business). Records without
 * an address (no listener or advertise address to take it from) are
 * comments that say why.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"
#include "plan_dns.h"

#define ZONE_TTL	3600

static const char *const zone_key[] = { "internal", "external" };

/* Did a zone before this one give name an address? */
static bool
given_before(json_t *dns, const char *name, size_t zone)
{
	json_t *r;
	size_t z, i;

	for (z = 0; z < zone; z++) {
		json_array_foreach(json_object_get(dns, zone_key[z]), i, r) {
			if (json_string_value(json_object_get(r, "address")) != NULL &&
			    strcmp(plan_str(r, "name"), name) == 0)
				return true;
		}
	}
	return false;
}

static void
bind_line(FILE *out, json_t *r, const char *indent)
{
	const char *a = json_string_value(json_object_get(r, "address"));

	if (a != NULL)
		fprintf(out, "%s%s.\t%d\tIN\t%s\t%s\n", indent, plan_str(r, "name"), ZONE_TTL,
		    plan_str(r, "type"), a);
	else
		fprintf(out, "%s; %s.\t%d\tIN\t%s\tADDRESS\t; %s\n", indent, plan_str(r, "name"),
		    ZONE_TTL, plan_str(r, "type"), plan_str(r, "unset"));
}

/* A hosts or dnsmasq line; a name the other zone already gave is a comment. */
static void
resolver_line(FILE *out, json_t *dns, json_t *r, size_t zone, enum plan_format format,
    const char *indent)
{
	const char *name = plan_str(r, "name");
	const char *a = json_string_value(json_object_get(r, "address"));
	const char *mark = "";

	if (a == NULL) {
		fprintf(out, "%s# %s: no address (%s)\n", indent, name, plan_str(r, "unset"));
		return;
	}
	if (given_before(dns, name, zone))
		mark = "# also internal, which a resolver of one network answers: ";
	if (format == PLAN_HOSTS)
		fprintf(out, "%s%s%s\t%s\n", indent, mark, a, name);
	else
		fprintf(out, "%s%shost-record=%s,%s\n", indent, mark, name, a);
}

void
plan_dns_write(FILE *out, json_t *dns, enum plan_format format, const char *indent)
{
	const char *comment = format == PLAN_BIND ? ";" : "#";
	json_t *r;
	size_t zone, i;

	for (zone = 0; zone < sizeof zone_key / sizeof zone_key[0]; zone++) {
		fprintf(out, "%s%s %s zone\n", indent, comment, zone_key[zone]);
		json_array_foreach(json_object_get(dns, zone_key[zone]), i, r) {
			if (format == PLAN_BIND)
				bind_line(out, r, indent);
			else
				resolver_line(out, dns, r, zone, format, indent);
		}
	}
}
