/* SPDX-License-Identifier: MIT */
/*
 * plan.c: the deployment plan — what DNS, PKI and the firewall must provide
 * for a configuration.
 *
 * The plan is built once as a JSON value (jansson); --format json prints
 * it, and the text (plan_text.c) and the DNS formats (plan_dns.c) are
 * rendered from the same value, so they cannot disagree.
 * The output depends only on the configuration and its certificate files (no
 * dates), and paths are shown relative to the configuration's directory, so
 * golden files are stable.
 *
 * Errors: builders never stop; a failed allocation sets plan.failed (jansson
 * ignores NULL values and NULL containers), checked once at the end.
 */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cert_info.h"
#include "name_list.h"
#include "netaddr.h"
#include "plan.h"
#include "util.h"

#define APNS_PORT	5223

static const char *const loc_name[ACCESS_LOCATION_COUNT] = { "internal", "external" };
/* What the clients of each access location connect to. */
static const char *const front_name[ACCESS_LOCATION_COUNT] = { "HLB VIP", "reverse proxy" };

struct plan {
	const struct topology	*t;
	const char		*config;	/* the configuration's file name, without directory */
	const char		*dir;		/* its directory prefix as paths were resolved ("x/") */
	size_t			 dir_len;
	json_t			*warnings;
	json_t			*addresses[ACCESS_LOCATION_COUNT];	/* distinct; may be empty */
	char			*unset[ACCESS_LOCATION_COUNT];	/* placeholder when empty */
	bool			 failed;	/* out of memory somewhere */
};

/* ------------------------------------------------------------------ helpers */

static void
push(struct plan *p, json_t *array, json_t *v)
{
	if (json_array_append_new(array, v) != 0)
		p->failed = true;
}

/* Appends heap string s to array and frees it. */
static void
push_owned(struct plan *p, json_t *array, char *s)
{
	push(p, array, s != NULL ? json_string(s) : NULL);
	free(s);
}

static void
set(struct plan *p, json_t *object, const char *key, json_t *v)
{
	if (json_object_set_new(object, key, v) != 0)
		p->failed = true;
}

static json_t *
names_json(struct plan *p, const struct name_list *names)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < names->n; i++)
		push(p, a, json_string(names->names[i]));
	return a;
}

/* Path relative to the configuration's directory when it lies under it, else as resolved. */
static const char *
shown_path(const struct plan *p, const char *path)
{
	return strncmp(path, p->dir, p->dir_len) == 0 ? path + p->dir_len : path;
}

/* cause with the configuration's directory taken out of the path of file in it. */
static char *
shown_cause(const struct plan *p, const char *cause, const char *file)
{
	const char *at = strstr(cause, file);

	if (at == NULL)
		return xstrdup(cause);
	return xasprintf_s("%.*s%s%s", (int)(at - cause), cause, shown_path(p, file),
	    at + strlen(file));
}

static bool
serves(const struct listener_conf *l, enum access_location loc)
{
	return l->access_mode != ACCESS_FIXED || l->location == loc;
}

static const char *
access_name(const struct listener_conf *l)
{
	return l->access_mode == ACCESS_AUTO ? "auto" : l->access_mode == ACCESS_BY_NAME ? "by-name" :
	    loc_name[l->location];
}

/*
 * Clients cannot reach a listener at the address it binds when that is
 * 0.0.0.0 or :: ("every address") or a loopback address; else NULL.
 */
static const char *
unreachable_bind(const char *address)
{
	static const unsigned char zero[16], loop6[16] = { [15] = 1 };
	struct netaddr a;

	if (netaddr_parse(address, strlen(address), &a) != 0)
		return NULL;
	if (memcmp(a.bytes, zero, a.family == 4 ? 4 : 16) == 0)
		return "every address";
	if (a.family == 4 ? a.bytes[0] == 127 : memcmp(a.bytes, loop6, 16) == 0)
		return "a loopback address";
	return NULL;
}

/* The address clients reach l at: its advertise, else its bound address; NULL if unknown. */
static const char *
reach_address(const struct listener_conf *l)
{
	if (l->advertise != NULL)
		return l->advertise;
	return unreachable_bind(l->address) != NULL ? NULL : l->address;
}

static const char *
record_type(const char *address)
{
	struct netaddr a;

	return netaddr_parse(address, strlen(address), &a) == 0 && a.family == 4 ? "A" : "AAAA";
}

/* ------------------------------------------------------------------ addresses */

static bool
is_lab(const struct plan *p)
{
	return strcmp(p->t->source, TOPOLOGY_LAB_SOURCE) == 0;
}

/*
 * Why l, whose address clients cannot reach, gives its records none, and the
 * fix: a listener of the file names its line; one of a command-line flag
 * names the flag, and the way to an address (the lab's --listen).
 */
static char *
unreachable_why(const struct plan *p, const struct listener_conf *l)
{
	if (l->flag == NULL)
		return xasprintf_s("advertise address not set: add advertise= to the listener at "
		    "%s:%d", p->config, l->line);
	if (is_lab(p))
		return xasprintf_s("%s binds %s, which no phone reaches: give --listen ADDR, the "
		    "lab's address on the phones' network", l->flag, unreachable_bind(l->address));
	return xasprintf_s("%s binds %s, and listener flags have no advertise address: put the "
	    "listener in %s with advertise=", l->flag, unreachable_bind(l->address), p->config);
}

/* The distinct addresses clients of loc reach, and the placeholder when there is none. */
static void
front_addresses(struct plan *p, enum access_location loc)
{
	const struct listener_conf *first_unknown = NULL;
	json_t *list = json_array();
	bool any = false;
	size_t i, j;

	for (i = 0; i < p->t->n_listeners; i++) {
		const struct listener_conf *l = &p->t->listeners[i];
		const char *a = reach_address(l);

		if (!serves(l, loc))
			continue;
		any = true;
		if (a == NULL && first_unknown == NULL)
			first_unknown = l;
		for (j = 0; a != NULL && j < json_array_size(list); j++)
			if (strcmp(json_string_value(json_array_get(list, j)), a) == 0)
				a = NULL;
		if (a != NULL)
			push(p, list, json_string(a));
	}
	p->addresses[loc] = list;
	if (!any) {
		p->unset[loc] = is_lab(p) ? xasprintf_s("no %s listener among the lab's listener "
		    "flags: add one, or give --listen ADDR for both", loc_name[loc]) :
		    xasprintf_s("no %s listener in %s", loc_name[loc], p->config);
		push_owned(p, p->warnings, xasprintf_s("%s: no %s listener: the %s zone's records "
		    "have no address", p->config, loc_name[loc], loc_name[loc]));
	} else if (first_unknown != NULL)
		p->unset[loc] = unreachable_why(p, first_unknown);
	else
		p->unset[loc] = xstrdup("");
	if (list == NULL || p->unset[loc] == NULL)
		p->failed = true;
}

/* "reverse proxy (203.0.113.10)", or with the placeholder. */
static char *
front_label(const struct plan *p, enum access_location loc)
{
	char *s = xasprintf_s("%s (", front_name[loc]);
	json_t *a;
	size_t i;

	if (json_array_size(p->addresses[loc]) == 0)
		s = s != NULL ? xstrappendf(s, "<address not set: see the DNS records>") : NULL;
	json_array_foreach(p->addresses[loc], i, a)
		s = s != NULL ? xstrappendf(s, "%s%s", i > 0 ? ", " : "", json_string_value(a)) : NULL;
	return s != NULL ? xstrappendf(s, ")") : NULL;
}

static void
warn_unadvertised(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->t->n_listeners; i++) {
		const struct listener_conf *l = &p->t->listeners[i];

		if (reach_address(l) != NULL)
			continue;
		if (l->flag != NULL) {	/* "FLAG binds ...: fix" */
			push_owned(p, p->warnings, unreachable_why(p, l));
			continue;
		}
		push_owned(p, p->warnings, xasprintf_s("%s:%d: listener %s port %u has no advertise "
		    "address and binds %s: add advertise=\"ADDRESS\" (%s) for its DNS records and "
		    "firewall rules", p->config, l->line, l->address, l->port,
		    unreachable_bind(l->address),
		    l->location == ACCESS_INTERNAL && l->access_mode == ACCESS_FIXED ?
		    "the HLB VIP in front of the pool" : "the reverse proxy's public address"));
	}
}

/* ------------------------------------------------------------------ DNS */

static json_t *
record(const char *name, const char *address, const char *unset)
{
	if (address != NULL)
		return json_pack("{s:s, s:s, s:s}", "name", name, "type", record_type(address),
		    "address", address);
	return json_pack("{s:s, s:s, s:n, s:s}", "name", name, "type", "A", "address",
	    "unset", unset);
}

static json_t *
zone(struct plan *p, enum access_location loc)
{
	json_t *records = json_array(), *addrs = p->addresses[loc];
	struct name_list names;
	size_t i, j;

	if (name_list_for_location(p->t, loc, &names) != 0) {
		p->failed = true;
		return records;
	}
	for (i = 0; i < names.n; i++) {
		if (json_array_size(addrs) == 0)
			push(p, records, record(names.names[i], NULL, p->unset[loc]));
		for (j = 0; j < json_array_size(addrs); j++)
			push(p, records, record(names.names[i],
			    json_string_value(json_array_get(addrs, j)), NULL));
	}
	name_list_free(&names);
	return records;
}

/* ------------------------------------------------------------------ certificates */

/* One certificate file: which of names it covers, or why it cannot be read. */
static json_t *
cert_file(struct plan *p, const struct cert_pair *cp, const struct name_list *names,
    struct cert_info *ci, bool *loaded)
{
	json_t *o = json_pack("{s:s, s:i}", "file", shown_path(p, cp->cert_file), "line",
	    cp->line), *covers;
	char *cause = NULL, *shown;
	size_t i;

	*loaded = cert_info_load(cp->cert_file, ci, &cause) == 0;
	if (!*loaded) {
		shown = cause != NULL ? shown_cause(p, cause, cp->cert_file) : NULL;
		set(p, o, "error", shown != NULL ? json_string(shown) : NULL);
		free(shown);
		free(cause);
		return o;
	}
	covers = json_array();
	for (i = 0; i < names->n; i++)
		if (cert_info_covers(ci, names->names[i]))
			push(p, covers, json_string(names->names[i]));
	set(p, o, "covers", covers);
	return o;
}

/* The names no loaded certificate covers. */
static json_t *
uncovered(struct plan *p, const struct name_list *names, const struct cert_info *ci, size_t n)
{
	json_t *missing = json_array();
	size_t i, j;

	for (i = 0; i < names->n; i++) {
		for (j = 0; j < n && !cert_info_covers(&ci[j], names->names[i]); j++)
			;
		if (j == n)
			push(p, missing, json_string(names->names[i]));
	}
	return missing;
}

/* One HTTPS listener: the names its certificates must cover, each file, what none covers today. */
static json_t *
listener_certificates(struct plan *p, const struct listener_conf *l)
{
	struct cert_info *ci = calloc(l->n_certs + 1, sizeof *ci);
	struct name_list names = { 0 };
	json_t *files = json_array(), *o;
	size_t i, n = 0;
	bool loaded;

	if (ci == NULL || name_list_for_listener(p->t, l, &names) != 0) {
		p->failed = true;
		free(ci);
		json_decref(files);
		return NULL;
	}
	for (i = 0; i < l->n_certs; i++) {
		push(p, files, cert_file(p, &l->certs[i], &names, &ci[n], &loaded));
		n += loaded;
	}
	o = json_pack("{s:s, s:i, s:s, s:i, s:o, s:o, s:o}", "listener", l->address, "port",
	    (int)l->port, "access", access_name(l), "line", l->line,
	    "names", names_json(p, &names), "files", files,
	    "missing", uncovered(p, &names, ci, n));
	for (i = 0; i < n; i++)
		cert_info_free(&ci[i]);
	free(ci);
	name_list_free(&names);
	return o;
}

static json_t *
listener_certificate_list(struct plan *p)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < p->t->n_listeners; i++)
		if (p->t->listeners[i].tls)
			push(p, a, listener_certificates(p, &p->t->listeners[i]));
	return a;
}

static bool
any_listener(const struct topology *t, enum access_location loc, int tls)
{
	size_t i;

	for (i = 0; i < t->n_listeners; i++)
		if (serves(&t->listeners[i], loc) && (tls < 0 || t->listeners[i].tls == (tls > 0)))
			return true;
	return false;
}

/* The reverse proxy's own (public) certificate; null without external listeners. */
static json_t *
proxy_certificate(struct plan *p)
{
	struct name_list names;
	char *at;
	json_t *o;

	if (!any_listener(p->t, ACCESS_EXTERNAL, -1))
		return json_null();
	if (name_list_for_location(p->t, ACCESS_EXTERNAL, &names) != 0) {
		p->failed = true;
		return NULL;
	}
	at = front_label(p, ACCESS_EXTERNAL);
	o = json_pack("{s:s, s:o, s:s}", "at", at, "names", names_json(p, &names), "note",
	    any_listener(p->t, ACCESS_EXTERNAL, 1) ?
	    "from a public CA (mobile devices outside trust only those); the reverse proxy "
	    "bridges TLS to the external HTTPS listener, so it must also trust that "
	    "listener's certificate" :
	    "from a public CA (mobile devices outside trust only those); TLS ends at the "
	    "reverse proxy, which forwards plain HTTP to this daemon");
	free(at);
	name_list_free(&names);
	return o;
}

static json_t *
certificates(struct plan *p)
{
	return json_pack("{s:o, s:o}", "listeners", listener_certificate_list(p),
	    "reverse_proxy", proxy_certificate(p));
}

/* ------------------------------------------------------------------ ports and firewall */

/* Distinct ports of the listeners serving loc, HTTPS ones (tls) or plain ones. */
static json_t *
listener_ports(struct plan *p, enum access_location loc, bool tls)
{
	json_t *a = json_array(), *v;
	size_t i, j;
	bool seen;

	for (i = 0; i < p->t->n_listeners; i++) {
		const struct listener_conf *l = &p->t->listeners[i];

		if (!serves(l, loc) || l->tls != tls)
			continue;
		seen = false;
		json_array_foreach(a, j, v)
			seen |= json_integer_value(v) == (json_int_t)l->port;
		if (!seen)
			push(p, a, json_integer(l->port));
	}
	return a;
}

/*
 * The host names clients of loc use on front port public: the lyncdiscover
 * names on 80 and 443, the web services FQDNs on their HTTPS port.
 */
static json_t *
hosts_on(struct plan *p, enum access_location loc, unsigned public)
{
	const char *prefix = loc == ACCESS_INTERNAL ? "lyncdiscoverinternal." : "lyncdiscover.";
	struct name_list names = { 0 };
	int rc = 0;
	size_t i;
	json_t *a;
	char *s;

	for (i = 0; rc == 0 && (public == 80 || public == 443) && i < p->t->n_domains; i++) {
		s = xasprintf_s("%s%s", prefix, p->t->domains[i].name);
		rc = s != NULL ? name_list_add(&names, s) : -1;
		free(s);
	}
	for (i = 0; rc == 0 && public != 80 && i < p->t->n_pools; i++)
		if (p->t->pools[i].web[loc].port == public)
			rc = name_list_add(&names, p->t->pools[i].web[loc].fqdn);
	if (rc != 0)
		p->failed = true;
	a = names_json(p, &names);
	name_list_free(&names);
	return a;
}

static json_t *
mapping(struct plan *p, enum access_location loc, unsigned public, bool https, json_t *to_ports)
{
	char *front = front_label(p, loc);
	json_t *o;

	o = json_pack("{s:s, s:s, s:i, s:s, s:o, s:b, s:o}", "access", loc_name[loc], "front",
	    front, "public_port", (int)public, "scheme", https ? "https" : "http",
	    "listener_ports", to_ports, "tls_ends_at_front",
	    https && !any_listener(p->t, loc, 1), "hosts", hosts_on(p, loc, public));
	free(front);
	return o;
}

/* The public HTTPS ports of loc: 443 and every web services port. */
static json_t *
https_ports(struct plan *p, enum access_location loc)
{
	json_t *a = json_array(), *v;
	size_t i, j;
	bool seen;

	push(p, a, json_integer(443));
	for (i = 0; i < p->t->n_pools; i++) {
		seen = false;
		json_array_foreach(a, j, v)
			seen |= json_integer_value(v) == (json_int_t)p->t->pools[i].web[loc].port;
		if (!seen)
			push(p, a, json_integer(p->t->pools[i].web[loc].port));
	}
	return a;
}

/*
 * The front's ports and the listener ports they forward to: public 443 (and
 * other web services ports) → the HTTPS listeners, or the plain ones when TLS
 * ends at the front; public 80 → the plain-HTTP listeners, if there are any.
 */
static void
location_mappings(struct plan *p, enum access_location loc, json_t *out)
{
	json_t *tls = listener_ports(p, loc, true), *plain = listener_ports(p, loc, false);
	json_t *publics = https_ports(p, loc), *v;
	size_t i;

	if (tls == NULL || plain == NULL || publics == NULL)
		p->failed = true;
	if (json_array_size(tls) + json_array_size(plain) > 0) {
		json_array_foreach(publics, i, v)
			push(p, out, mapping(p, loc, (unsigned)json_integer_value(v), true,
			    json_deep_copy(json_array_size(tls) > 0 ? tls : plain)));
		if (json_array_size(plain) > 0)
			push(p, out, mapping(p, loc, 80, false, json_deep_copy(plain)));
	}
	json_decref(tls);
	json_decref(plain);
	json_decref(publics);
}

static json_t *
mappings(struct plan *p)
{
	json_t *a = json_array();

	location_mappings(p, ACCESS_EXTERNAL, a);
	location_mappings(p, ACCESS_INTERNAL, a);
	return a;
}

/* "internal networks (10.0.0.0/8, fd00::/8)" when settings/@internal-networks says. */
static char *
internal_networks(const struct topology *t)
{
	char *s = xstrdup("internal networks");
	char text[NETADDR_TEXT];
	size_t i;

	for (i = 0; s != NULL && i < t->n_internal_networks; i++) {
		netaddr_text(&t->internal_networks[i].addr, text);
		s = xstrappendf(s, "%s%s/%u", i == 0 ? " (" : ", ", text,
		    t->internal_networks[i].bits);
	}
	return s != NULL && t->n_internal_networks > 0 ? xstrappendf(s, ")") : s;
}

static json_t *
rule(const char *direction, const char *from, const char *to, unsigned port, const char *why)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "direction", direction, "from", from,
	    "to", to, "protocol", "tcp", "port", (int)port, "why", why);
}

static const char *
rule_why(const char *access, bool https)
{
	if (strcmp(access, "external") == 0)
		return https ? "HTTPS from mobile and remote clients (lyncdiscover.<domain>, the "
		    "external web services)" : "plain-HTTP first hop of mobile clients "
		    "(http://lyncdiscover.<domain>)";
	return https ? "HTTPS from clients on the internal network (lyncdiscoverinternal."
	    "<domain>, the internal web services)" : "plain-HTTP first hop of internal mobile "
	    "clients (http://lyncdiscoverinternal.<domain>)";
}

/* The daemon to the LDAP directory (a domain controller): look-ups and password binds. */
static json_t *
ldap_rule(const struct ldap_conf *c)
{
	return rule("outbound", "lyncdiscoverd (this host)", c->host, c->port, c->ldaps ?
	    "LDAPS to the user directory (domain controller): user look-ups and password binds" :
	    c->starttls ? "LDAP with StartTLS to the user directory (domain controller): user "
	    "look-ups and password binds" : "LDAP to the user directory (domain controller): "
	    "user look-ups and password binds");
}

/* One inbound rule per front port of the mappings, then outbound APNs and LDAP. */
static json_t *
firewall(struct plan *p, json_t *maps)
{
	char *inside = internal_networks(p->t);
	json_t *rules = json_array(), *m;
	const char *access, *front, *scheme;
	json_int_t port;
	size_t i;

	json_array_foreach(maps, i, m) {
		if (json_unpack(m, "{s:s, s:s, s:I, s:s}", "access", &access, "front", &front,
		    "public_port", &port, "scheme", &scheme) != 0) {
			p->failed = true;
			continue;
		}
		push(p, rules, rule("inbound", strcmp(access, "external") == 0 ? "Internet" :
		    inside, front, (unsigned)port, rule_why(access, strcmp(scheme, "https") == 0)));
	}
	push(p, rules, rule("outbound", inside, "Internet (Apple Push Notification service)",
	    APNS_PORT, "iOS devices on the internal Wi-Fi receive push notifications from APNs"));
	free(inside);
	if (p->t->sign_in.ldap != NULL)
		push(p, rules, ldap_rule(p->t->sign_in.ldap));
	return rules;
}

/* ------------------------------------------------------------------ hairpin, push */

static char *
joined(struct plan *p, enum access_location loc)
{
	struct name_list names = { 0 };
	char *s = xstrdup("");
	size_t i;

	for (i = 0; s != NULL && i < p->t->n_pools; i++)
		if (name_list_add(&names, p->t->pools[i].web[loc].fqdn) != 0)
			p->failed = true;
	for (i = 0; s != NULL && i < names.n; i++)
		s = xstrappendf(s, "%s%s", i > 0 ? ", " : "", names.names[i]);
	name_list_free(&names);
	return s;
}

static json_t *
hairpin(struct plan *p)
{
	char *web = joined(p, p->t->mobility_internal ? ACCESS_INTERNAL : ACCESS_EXTERNAL);
	char *front = front_label(p, ACCESS_EXTERNAL), *text;
	json_t *o;

	if (p->t->mobility_internal)
		text = xasprintf_s("This configuration (mobility-web=\"internal\") points internal "
		    "mobile clients at the internal web services (%s), so they do not hair-pin. Set "
		    "Lync's mobility policy the same way (Set-CsMcxConfiguration -ExposedWebURL "
		    "Internal): with Lync's default (External) internal mobile clients go to the "
		    "external web services through the reverse proxy, and the firewall must allow "
		    "that hairpin or the reverse proxy must stand apart from the firewall.",
		    web != NULL ? web : "");
	else
		text = xasprintf_s("Lync's default mobility policy (Set-CsMcxConfiguration "
		    "-ExposedWebURL External) sends internal mobile clients to the external web "
		    "services, and so does this configuration (mobility-web=\"external\"): a mobile "
		    "client on the internal network connects to %s at the %s, leaving through the "
		    "firewall and coming back in (hair-pinning). The firewall must allow this "
		    "hairpin, or the reverse proxy must stand apart from the firewall; the internal "
		    "DNS must resolve the external web services FQDNs too.", web != NULL ? web : "",
		    front != NULL ? front : "");
	if (web == NULL || front == NULL || text == NULL)
		p->failed = true;
	o = json_pack("{s:s, s:b, s:s?}", "mobility_web", p->t->mobility_internal ? "internal" :
	    "external", "needed", !p->t->mobility_internal, "text", text);
	free(web);
	free(front);
	free(text);
	return o;
}

static json_t *
push_notifications(struct plan *p)
{
	json_t *a = json_array();

	push(p, a, json_string("Set-CsPushNotificationConfiguration "
	    "-EnableApplePushNotificationService $True -EnableMicrosoftPushNotificationService $True"));
	push(p, a, json_string("New-CsHostingProvider -Identity LyncOnline -Enabled $True "
	    "-ProxyFqdn sipfed.online.lync.com -VerificationLevel UseSourceVerification "
	    "(the federation route to the push service)"));
	push(p, a, json_string("New-CsAllowedDomain -Identity push.lync.com"));
	push(p, a, json_string("federation through the Edge: Set-CsAccessEdgeConfiguration "
	    "-AllowFederatedUsers $True, the site's federation route through the Edge pool "
	    "(Topology Builder), outbound 5061/TCP from the Edge's external interface"));
	push_owned(p, a, xasprintf_s("Set-CsMcxConfiguration -ExposedWebURL %s "
	    "-PushNotificationProxyUri sip:push@push.lync.com (the default URI)",
	    p->t->mobility_internal ? "Internal" : "External"));
	push(p, a, json_string("outbound 5223/TCP from the internal Wi-Fi networks to the "
	    "Internet, for APNs"));
	push(p, a, json_string("check: Test-CsMcxPushNotification -AccessEdgeFqdn <Access Edge FQDN>"));
	return a;
}

/* ------------------------------------------------------------------ the plan */

static void
plan_init(struct plan *p, const struct topology *t)
{
	const char *slash = strrchr(t->source, '/');

	memset(p, 0, sizeof *p);
	p->t = t;
	p->config = slash != NULL ? slash + 1 : t->source;
	/* as config_file.c resolves relative paths: dirname(source) + "/" */
	p->dir = slash != NULL ? t->source : "./";
	p->dir_len = slash != NULL ? (size_t)(slash - t->source) + 1 : 2;
	p->warnings = json_array();
	front_addresses(p, ACCESS_INTERNAL);
	front_addresses(p, ACCESS_EXTERNAL);
	warn_unadvertised(p);
}

static void
plan_clear(struct plan *p)
{
	int loc;

	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
		json_decref(p->addresses[loc]);
		free(p->unset[loc]);
	}
}

json_t *
plan_build(const struct topology *t)
{
	struct plan p;
	json_t *maps, *plan;

	plan_init(&p, t);
	maps = mappings(&p);
	plan = json_pack("{s:s, s:{s:o, s:o}, s:o, s:o, s:O, s:o, s:o, s:O}",
	    "config", p.config,
	    "dns", "internal", zone(&p, ACCESS_INTERNAL), "external", zone(&p, ACCESS_EXTERNAL),
	    "certificates", certificates(&p),
	    "firewall", firewall(&p, maps),
	    "port_mappings", maps,
	    "hairpin", hairpin(&p),
	    "push_notifications", push_notifications(&p),
	    "warnings", p.warnings);
	json_decref(maps);
	json_decref(p.warnings);
	if (p.failed) {
		json_decref(plan);
		plan = NULL;
	}
	plan_clear(&p);
	return plan;
}

