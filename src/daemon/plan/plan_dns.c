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
 *
 * Each name a dnsmasq line gives an address is also local=/NAME/: dnsmasq
 * then answers its other types (AAAA, MX, ...) with an empty answer
 * (NOERROR) instead of asking upstream, which for a name in no public DNS
 * says NXDOMAIN, or REFUSED when there is no upstream; some phones take
 * either as a name that does not exist. The lab's dnsmasq form is a whole
 * file (plan_dns_write_dnsmasq_file).
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"
#include "plan_dns.h"
#include "util.h"

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
	else if (*mark != '\0')
		fprintf(out, "%s%shost-record=%s,%s\n", indent, mark, name, a);
	else
		fprintf(out, "%slocal=/%s/\n%shost-record=%s,%s\n", indent, name, indent, name, a);
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

/* The records' distinct addresses, comma-separated ("" when none). Heap; NULL: out of memory. */
static char *
record_addresses(json_t *dns)
{
	json_t *seen = json_object(), *r;
	size_t zone, i;
	const char *a;
	char *list = xstrdup("");

	for (zone = 0; list != NULL && zone < sizeof zone_key / sizeof zone_key[0]; zone++) {
		json_array_foreach(json_object_get(dns, zone_key[zone]), i, r) {
			a = json_string_value(json_object_get(r, "address"));
			if (list == NULL || a == NULL || json_object_get(seen, a) != NULL)
				continue;
			json_object_set_new(seen, a, json_true());
			list = xstrappendf(list, "%s%s", list[0] != '\0' ? "," : "", a);
		}
	}
	json_decref(seen);
	return list;
}

int
plan_dns_write_dnsmasq_file(FILE *out, json_t *dns, const char *what, char **cause)
{
	json_t *first = json_array_get(json_object_get(dns, zone_key[0]), 0);
	char *addresses = record_addresses(dns);

	if (addresses == NULL || addresses[0] == '\0') {
		*cause = addresses == NULL ? xstrdup("out of memory") :
		    xasprintf_s("no DNS record has an address: %s", first != NULL ?
		    plan_str(first, "unset") : "there are no records");
		free(addresses);
		return -1;
	}
	fprintf(out,
	    "# The DNS of %s:\n"
	    "# a whole dnsmasq configuration file. Run it as root (port 53) with\n"
	    "#   dnsmasq --keep-in-foreground --conf-file=THIS-FILE\n"
	    "# It answers the names below with their addresses, listening on those\n"
	    "# addresses only (listen-address, bind-interfaces), and nothing else: no\n"
	    "# upstream server (no-resolv) and no /etc/hosts (no-hosts), so no question\n"
	    "# leaves this machine and other names are REFUSED; the names' other types\n"
	    "# (AAAA, ...) get an empty answer (local=). Every question is logged on\n"
	    "# stderr (log-queries): what the phone asked.\n"
	    "no-resolv\n"
	    "no-hosts\n"
	    "listen-address=%s\n"
	    "bind-interfaces\n"
	    "pid-file=\n"
	    "log-queries\n"
	    "log-facility=-\n", what, addresses);
	free(addresses);
	plan_dns_write(out, dns, PLAN_DNSMASQ, "");
	return 0;
}
