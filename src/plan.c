/*
 * plan.c: the deployment plan — what DNS, PKI and firewall must provide for a
 * configuration.
 *
 * The plan is built once as a JSON value (jansson); --json prints it, the
 * text form is rendered from the same value, so the two cannot disagree.
 * Output depends only on the configuration and its certificates (no dates),
 * and paths are shown relative to the configuration file's directory.
 */
#include <config.h>

#include <arpa/inet.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "certinfo.h"
#include "names.h"
#include "plan.h"
#include "util.h"

#define PUSH_PORT 5223

static const char *const zone_name[ACCESS_LOCATION_COUNT] = { "internal", "external" };

/* path relative to the configuration's directory, when it is under it. */
static const char *
shown_path(const struct topology *t, const char *path)
{
	const char *slash = strrchr(t->source, '/');
	size_t n;

	if (slash == NULL)
		return path;
	n = (size_t)(slash - t->source) + 1;
	return strncmp(path, t->source, n) == 0 ? path + n : path;
}

static bool
wildcard_address(const char *a)
{
	return strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::") == 0;
}

/* The distinct addresses clients reach listeners of loc at; warns about unknown ones. */
static json_t *
addresses(const struct topology *t, enum access_location loc, json_t *warnings)
{
	json_t *list = json_array();
	size_t i, j;

	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];
		const char *a = l->advertise != NULL ? l->advertise : l->address;
		bool seen = false;

		if (l->location != loc)
			continue;
		if (l->advertise == NULL && wildcard_address(l->address)) {
			char *w = xasprintf_s("listener %s port %u (%s:%d) binds every address: add "
			    "advertise=\"ADDRESS\" to say where clients reach it", l->address,
			    l->port, shown_path(t, t->source), l->line);

			json_array_append_new(warnings, json_string(w));
			free(w);
			continue;
		}
		for (j = 0; j < json_array_size(list); j++)
			seen |= strcmp(json_string_value(json_array_get(list, j)), a) == 0;
		if (!seen)
			json_array_append_new(list, json_string(a));
	}
	return list;
}

static json_t *
zone_records(const struct topology *t, enum access_location loc, json_t *warnings)
{
	json_t *records = json_array(), *addrs = addresses(t, loc, warnings);
	struct name_list names;
	size_t i, j;

	if (names_for_location(t, loc, &names) != 0) {
		json_decref(addrs);
		return records;
	}
	for (i = 0; i < names.n; i++) {
		for (j = 0; j < json_array_size(addrs); j++) {
			const char *a = json_string_value(json_array_get(addrs, j));

			json_array_append_new(records, json_pack("{s:s, s:s, s:s}", "name",
			    names.names[i], "type", strchr(a, ':') != NULL ? "AAAA" : "A",
			    "address", a));
		}
		if (json_array_size(addrs) == 0)
			json_array_append_new(records, json_pack("{s:s, s:s, s:n}", "name",
			    names.names[i], "type", "A", "address"));
	}
	name_list_free(&names);
	json_decref(addrs);
	return records;
}

static json_t *
dns(const struct topology *t, json_t *warnings)
{
	return json_pack("{s:o, s:o}", "internal", zone_records(t, ACCESS_INTERNAL, warnings),
	    "external", zone_records(t, ACCESS_EXTERNAL, warnings));
}

static json_t *
string_array(char **s, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* One HTTPS listener: its certificate files, the names they must cover, and what they miss. */
static json_t *
listener_certificates(const struct topology *t, const struct listener_conf *l)
{
	json_t *files = json_array(), *missing = json_array(), *unreadable = json_array();
	struct cert_info *ci = calloc(l->n_certs, sizeof *ci);
	struct name_list names = { NULL, 0 };
	size_t i, j, n = 0;
	char *cause, *where;
	json_t *o;

	for (i = 0; ci != NULL && i < l->n_certs; i++) {
		json_array_append_new(files, json_string(shown_path(t, l->certs[i].cert_file)));
		if (cert_info_load(l->certs[i].cert_file, &ci[n], &cause) == 0)
			n++;
		else {
			json_array_append_new(unreadable,
			    json_string(shown_path(t, l->certs[i].cert_file)));
			free(cause);
		}
	}
	names_for_location(t, l->location, &names);
	for (i = 0; i < names.n; i++) {
		for (j = 0; j < n && !cert_info_covers(&ci[j], names.names[i]); j++)
			;
		if (j == n)
			json_array_append_new(missing, json_string(names.names[i]));
	}
	where = xasprintf_s("%s port %u", l->address, l->port);
	o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "listener", where, "access",
	    zone_name[l->location], "files", files, "names", string_array(names.names, names.n),
	    "missing", missing, "unreadable", unreadable);
	free(where);
	for (i = 0; i < n; i++)
		cert_info_free(&ci[i]);
	free(ci);
	name_list_free(&names);
	return o;
}

static json_t *
certificates(const struct topology *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < t->n_listeners; i++) {
		if (t->listeners[i].tls)
			json_array_append_new(a, listener_certificates(t, &t->listeners[i]));
	}
	return a;
}

static json_t *
rule(const char *direction, const char *from, const char *to, unsigned port, const char *why)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "direction", direction, "from", from,
	    "to", to, "protocol", "tcp", "port", (json_int_t)port, "why", why);
}

static json_t *
firewall(const struct topology *t)
{
	json_t *rules = json_array();
	char *to, *why;
	size_t i;

	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];
		const char *where = l->advertise != NULL ? l->advertise : l->address;

		if (l->location == ACCESS_EXTERNAL) {
			to = xasprintf_s("reverse proxy (%s)", where);
			why = xasprintf_s("%s from mobile and remote clients; the reverse proxy "
			    "forwards public port %u to this daemon's external %s listener, port %u",
			    l->tls ? "HTTPS" : "plain-HTTP first hop", l->tls ? 443 : 80,
			    l->tls ? "HTTPS" : "HTTP", l->port);
			json_array_append_new(rules, rule("inbound", "Internet", to, l->tls ? 443 : 80,
			    why));
		} else {
			to = xasprintf_s("%s (internal %s listener)", where, l->tls ? "HTTPS" : "HTTP");
			why = xasprintf_s("discovery from clients on the internal network");
			json_array_append_new(rules, rule("inbound", "internal networks", to, l->port,
			    why));
		}
		free(to);
		free(why);
	}
	json_array_append_new(rules, rule("outbound", "internal networks (Wi-Fi of mobile devices)",
	    "Internet (Apple Push Notification service)", PUSH_PORT,
	    "iOS devices on the internal network receive push notifications over APNs"));
	return rules;
}

static const char hairpin_text[] =
	"Lync's mobility policy publishes the external web services to mobile clients by "
	"default, so a mobile client on the internal network is sent to the external "
	"web services FQDNs and reaches them through the reverse proxy (hair-pinning). "
	"The firewall must allow internal clients out to the reverse proxy's public "
	"address and back in, or the reverse proxy must stand apart from the firewall "
	"(or internal DNS must resolve the external web services FQDNs to the reverse "
	"proxy's internal interface).";

static const char *const push_checklist[] = {
	"Set-CsPushNotificationConfiguration -EnableApplePushNotificationService $True "
	    "-EnableMicrosoftPushNotificationService $True",
	"federation with the push service: New-CsHostingProvider -Identity LyncOnline "
	    "-Enabled $True -ProxyFqdn sipfed.online.lync.com -VerificationLevel "
	    "UseSourceVerification, and New-CsAllowedDomain -Identity push.lync.com",
	"Set-CsAccessEdgeConfiguration -AllowFederatedUsers $True (the Edge must federate)",
	"outbound 5223/TCP from the internal Wi-Fi networks to the Internet (APNs)",
	"Set-CsMcxConfiguration -ExposedWebURL External (the default) for mobile clients",
};

static json_t *
build(const struct topology *t)
{
	json_t *warnings = json_array(), *push = json_array();
	const char *slash = strrchr(t->source, '/');
	size_t i;

	for (i = 0; i < sizeof push_checklist / sizeof push_checklist[0]; i++)
		json_array_append_new(push, json_string(push_checklist[i]));
	return json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o}",
	    "config", slash != NULL ? slash + 1 : t->source,
	    "dns", dns(t, warnings),
	    "certificates", certificates(t),
	    "firewall", firewall(t),
	    "hairpin", hairpin_text,
	    "push_notifications", push,
	    "warnings", warnings);
}

/* ------------------------------------------------------------------ text */

/*
 * text wrapped at 78 columns: the first line after first spaces (the caller
 * may have printed something before), the following lines after rest spaces.
 */
static void
text_wrapped(const char *text, int first, int rest, FILE *out)
{
	int col = first, w;
	bool line_start = true;

	fprintf(out, "%*s", first, "");
	while (*text != '\0') {
		w = (int)strcspn(text, " ");
		if (!line_start && col + 1 + w > 78) {
			fprintf(out, "\n%*s", rest, "");
			col = rest;
			line_start = true;
		}
		fprintf(out, "%s%.*s", line_start ? "" : " ", w, text);
		col += (line_start ? 0 : 1) + w;
		line_start = false;
		text += w;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

static void
text_dns(json_t *plan, FILE *out)
{
	const char *zone, *name, *type, *addr;
	json_t *records, *r;
	size_t i;

	fprintf(out, "\n1. DNS\n");
	json_object_foreach(json_object_get(plan, "dns"), zone, records) {
		fprintf(out, "  %s zone%s:\n", zone, strcmp(zone, "internal") == 0 ?
		    " (resolvers of the internal network; address: the HLB VIP)" :
		    " (public DNS; address: the reverse proxy)");
		json_array_foreach(records, i, r) {
			json_unpack(r, "{s:s, s:s}", "name", &name, "type", &type);
			addr = json_string_value(json_object_get(r, "address"));
			fprintf(out, "    %-40s %-4s %s\n", name, type,
			    addr != NULL ? addr : "<unknown: set advertise=>");
		}
	}
	fprintf(out, "  as BIND zone-file lines:\n");
	json_object_foreach(json_object_get(plan, "dns"), zone, records) {
		fprintf(out, "    ; %s zone\n", zone);
		json_array_foreach(records, i, r) {
			json_unpack(r, "{s:s, s:s}", "name", &name, "type", &type);
			addr = json_string_value(json_object_get(r, "address"));
			fprintf(out, "    %s%s.\t3600\tIN\t%s\t%s\n", addr != NULL ? "" : "; ", name,
			    type, addr != NULL ? addr : "ADDRESS");
		}
	}
}

static void
text_list(const char *label, json_t *a, FILE *out)
{
	size_t i;
	json_t *v;

	fprintf(out, "    %s", label);
	if (json_array_size(a) == 0)
		fprintf(out, " none");
	json_array_foreach(a, i, v)
		fprintf(out, "%s %s", i > 0 ? "," : "", json_string_value(v));
	fprintf(out, "\n");
}

static void
text_certificates(json_t *plan, FILE *out)
{
	json_t *c;
	size_t i;

	fprintf(out, "\n2. Certificates (subjectAltName DNS names)\n");
	if (json_array_size(json_object_get(plan, "certificates")) == 0)
		fprintf(out, "  no HTTPS listener\n");
	json_array_foreach(json_object_get(plan, "certificates"), i, c) {
		fprintf(out, "  listener %s (%s):\n", json_string_value(json_object_get(c, "listener")),
		    json_string_value(json_object_get(c, "access")));
		text_list("files:", json_object_get(c, "files"), out);
		text_list("needs:", json_object_get(c, "names"), out);
		text_list("missing today:", json_object_get(c, "missing"), out);
		if (json_array_size(json_object_get(c, "unreadable")) > 0)
			text_list("unreadable:", json_object_get(c, "unreadable"), out);
	}
}

static void
text_firewall(json_t *plan, FILE *out)
{
	const char *dir, *from, *to, *why;
	json_int_t port;
	json_t *r;
	size_t i;

	fprintf(out, "\n3. Firewall and reverse proxy\n");
	json_array_foreach(json_object_get(plan, "firewall"), i, r) {
		json_unpack(r, "{s:s, s:s, s:s, s:I, s:s}", "direction", &dir, "from", &from,
		    "to", &to, "port", &port, "why", &why);
		fprintf(out, "  %s %lld/TCP from %s to %s\n", dir, (long long)port, from, to);
		text_wrapped(why, 4, 4, out);
	}
}

static void
text_write(json_t *plan, FILE *out)
{
	const char *config = json_string_value(json_object_get(plan, "config"));
	json_t *v;
	size_t i;

	fprintf(out, "Deployment plan for %s\n", config);
	text_dns(plan, out);
	text_certificates(plan, out);
	text_firewall(plan, out);
	fprintf(out, "\n4. Hair-pinning\n");
	text_wrapped(json_string_value(json_object_get(plan, "hairpin")), 2, 2, out);
	fprintf(out, "\n5. Push notifications (Lync Server Management Shell and network)\n");
	json_array_foreach(json_object_get(plan, "push_notifications"), i, v) {
		fprintf(out, "  [ ]");
		text_wrapped(json_string_value(v), 1, 6, out);
	}
	if (json_array_size(json_object_get(plan, "warnings")) > 0)
		fprintf(out, "\nWarnings\n");
	json_array_foreach(json_object_get(plan, "warnings"), i, v)
		text_wrapped(json_string_value(v), 2, 4, out);
}

int
plan_write(const struct topology *t, bool json, FILE *out, char **cause)
{
	json_t *plan = build(t);

	if (plan == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	if (json) {
		json_dumpf(plan, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
	} else
		text_write(plan, out);
	json_decref(plan);
	return 0;
}
