/* SPDX-License-Identifier: MIT */
/*
 * config_file.c: configuration file to topology.
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "config_file.h"
#include "config_ldap.h"
#include "config_refs.h"
#include "config_token.h"
#include "config_xml.h"
#include "dn.h"
#include "embedded.h"
#include "endpoint.h"
#include "files.h"
#include "loops.h"
#include "proxyproto.h"
#include "representation.h"
#include "users_load.h"
#include "util.h"

struct loader {
	const char	*name;		/* for messages */
	const char	*base_dir;
	struct diag	*diag;
	struct topology	*t;
	size_t		*domains_room;	/* per pool: the room of pools[i].domains */
	int		 errors;
};

static void
structured_error(void *ctx, xmlErrorPtr e)
{
	struct loader *l = ctx;
	char msg[512];
	size_t n;

	snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "invalid XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	diag_add(l->diag, l->name, e->line, "%s", msg);
	l->errors++;
}

static void error_at(struct loader *, xmlNodePtr, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
error_at(struct loader *l, xmlNodePtr n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(l->diag, l->name, n != NULL ? xmlGetLineNo(n) : 0, "%s", msg);
	l->errors++;
}

/* An attribute as a heap string (NULL if absent or out of memory). */
static int
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static size_t
count_children(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;
	size_t c = 0;

	for (n = parent->children; n != NULL; n = n->next)
		c += is(n, name);
	return c;
}

/* The document, if well-formed (NULL with the parser's errors). */
static xmlDocPtr
parse(struct loader *l, const char *xml, size_t len)
{
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(l, structured_error);
	/*
	 * The document is read once and thrown away: short texts kept inside
	 * their nodes (COMPACT) and no nodes for the blanks between elements
	 * (NOBLANKS; no element of the schema has mixed content) take a
	 * million-domain file from 890 to 760 MB while it loads.
	 */
	doc = xmlReadMemory(xml, (int)len, l->name, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
	    XML_PARSE_NOWARNING | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL && l->errors == 0)
		error_at(l, NULL, "not a well-formed XML document");
	return doc;
}

/* Is doc valid against the embedded schema? Each violation is an error in l. */
static bool
validate(struct loader *l, xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pctx;
	xmlSchemaValidCtxtPtr vctx;
	xmlSchemaPtr schema;
	int before = l->errors;

	pctx = xmlSchemaNewMemParserCtxt(embedded_config_xsd, (int)embedded_config_xsd_len);
	schema = pctx != NULL ? xmlSchemaParse(pctx) : NULL;
	xmlSchemaFreeParserCtxt(pctx);
	vctx = schema != NULL ? xmlSchemaNewValidCtxt(schema) : NULL;
	if (vctx == NULL) {
		error_at(l, NULL, "internal error: the embedded schema did not load");
	} else {
		xmlSchemaSetValidStructuredErrors(vctx, structured_error, l);
		xmlSchemaValidateDoc(vctx, doc);
		xmlSchemaFreeValidCtxt(vctx);
	}
	xmlSchemaFree(schema);
	return l->errors == before;
}

static int
address_valid(const char *a)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, a, buf) == 1 || inet_pton(AF_INET6, a, buf) == 1;
}

/* Appends the pair named by n's cert and key attributes, if it has any. */
static void
add_cert_pair(struct loader *l, xmlNodePtr n, struct listener_conf *lc)
{
	char *cert = config_xml_path(l->base_dir, config_xml_attr(n, "cert")), *key = config_xml_path(l->base_dir, config_xml_attr(n, "key"));
	struct cert_pair *certs;

	if (cert == NULL && key == NULL)
		return;
	if (cert == NULL || key == NULL) {
		error_at(l, n, "%s: cert and key go together", (const char *)n->name);
		free(cert);
		free(key);
		return;
	}
	certs = realloc(lc->certs, (lc->n_certs + 1) * sizeof *certs);
	if (certs == NULL) {
		l->errors++;
		free(cert);
		free(key);
		return;
	}
	lc->certs = certs;
	certs[lc->n_certs++] = (struct cert_pair){ cert, key, (int)xmlGetLineNo(n) };
}

static void
check_listener_unique(struct loader *l, xmlNodePtr n, const struct listener_conf *lc)
{
	size_t i;

	for (i = 0; lc->address != NULL && lc != &l->t->listeners[i]; i++) {
		const struct listener_conf *o = &l->t->listeners[i];

		if (o->port == lc->port && o->address != NULL && strcmp(o->address, lc->address) == 0)
			error_at(l, n, "listener: %s port %u is already used by another listener",
			    lc->address, lc->port);
	}
}

/*
 * access and default-access. access="by-name" without default-access: a name
 * in neither set is External, as access="auto" makes a client it cannot
 * place (an External document names only the external services).
 */
static void
load_access(struct loader *l, xmlNodePtr n, struct listener_conf *lc)
{
	char *access = config_xml_attr(n, "access"), *dflt = config_xml_attr(n, "default-access");

	lc->access_mode = access == NULL ? ACCESS_FIXED : strcmp(access, "auto") == 0 ?
	    ACCESS_AUTO : strcmp(access, "by-name") == 0 ? ACCESS_BY_NAME : ACCESS_FIXED;
	lc->location = access != NULL && strcmp(access, "internal") == 0 ?
	    ACCESS_INTERNAL : ACCESS_EXTERNAL;
	if (dflt != NULL && lc->access_mode != ACCESS_BY_NAME)
		error_at(l, n, "listener: default-access goes with access=\"by-name\" (it is the "
		    "location of a name in neither set)");
	else if (dflt != NULL)
		lc->location = strcmp(dflt, "internal") == 0 ? ACCESS_INTERNAL : ACCESS_EXTERNAL;
	free(access);
	free(dflt);
}

static void
load_listener(struct loader *l, xmlNodePtr n, struct listener_conf *lc)
{
	char *pp;
	xmlNodePtr c;

	lc->line = (int)xmlGetLineNo(n);
	lc->address = config_xml_attr(n, "address");
	lc->port = config_xml_attr_uint(n, "port", 0);
	load_access(l, n, lc);
	lc->tls = config_xml_attr_bool(n, "tls", false);
	lc->advertise = config_xml_attr(n, "advertise");
	pp = config_xml_attr(n, "proxy-protocol");
	lc->proxy_protocol = pp == NULL ? 0 : strcmp(pp, "v1") == 0 ? PROXY_V1 :
	    strcmp(pp, "v2") == 0 ? PROXY_V2 : PROXY_V1 | PROXY_V2;
	free(pp);
	if (lc->proxy_protocol != 0 && l->t->n_trusted_proxies == 0)
		error_at(l, n, "listener: proxy-protocol needs settings/@trusted-proxies (the "
		    "header is accepted from trusted peers only)");
	add_cert_pair(l, n, lc);
	if (lc->tls && xmlHasProp(n, BAD_CAST "cert") == NULL &&
	    xmlHasProp(n, BAD_CAST "key") == NULL)
		error_at(l, n, "listener: tls=\"true\" needs both cert and key (the certificate "
		    "for clients without SNI)");
	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "certificate"))
			add_cert_pair(l, c, lc);
	}
	if (!lc->tls && lc->n_certs > 0)
		error_at(l, n, "listener: cert/key given on a plain-HTTP listener "
		    "(add tls=\"true\")");
	if (lc->address != NULL && !address_valid(lc->address))
		error_at(l, n, "listener: address \"%s\" is not a numeric IPv4 or IPv6 address",
		    lc->address);
	if (lc->advertise != NULL && !address_valid(lc->advertise))
		error_at(l, n, "listener: advertise \"%s\" is not a numeric IPv4 or IPv6 address",
		    lc->advertise);
	check_listener_unique(l, n, lc);
}

static char *
web_base(const struct web_service *w)
{
	if (w->port == 443)
		return xasprintf_s("https://%s", w->fqdn);
	return xasprintf_s("https://%s:%u", w->fqdn, w->port);
}

/* A required name attribute, lower-cased; "" when out of memory (then counted as an error). */
static char *
name_attr(struct loader *l, xmlNodePtr n, const char *name)
{
	char *v = config_xml_attr(n, name);

	if (v == NULL) {
		l->errors++;
		return NULL;
	}
	return str_lower(v);
}

static void
load_endpoint(struct loader *l, xmlNodePtr n, char **fqdn, unsigned *port, unsigned dflt_port)
{
	*fqdn = name_attr(l, n, "fqdn");
	*port = config_xml_attr_uint(n, "port", dflt_port);
}

/* pool/@home-server, kept canonical: users' msRTCSIP-PrimaryHomeServer is compared as a DN. */
static void
load_home_server(struct loader *l, xmlNodePtr n, struct pool *p)
{
	char *v = config_xml_attr(n, "home-server");
	const char *why;

	if (v == NULL)
		return;
	if ((p->home_server = dn_normalize(v, &why)) == NULL)
		error_at(l, n, "pool \"%s\": home-server \"%s\" is not a DN: %s",
		    p->name != NULL ? p->name : "", v, why);
	free(v);
}

static void
load_pool(struct loader *l, xmlNodePtr n, struct pool *p)
{
	static const char *const sip_names[SIP_ACCESS_COUNT] = {
		"sip-server-internal", "sip-client-internal",
		"sip-server-external", "sip-client-external"
	};
	xmlNodePtr c;
	int k;

	p->line = (int)xmlGetLineNo(n);
	p->name = config_xml_attr(n, "name");
	p->server_fqdn = config_xml_attr(n, "server-fqdn");
	if (p->name == NULL || p->server_fqdn == NULL)
		l->errors++;
	load_home_server(l, n, p);
	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "internal-web") || is(c, "external-web")) {
			struct web_service *w = &p->web[is(c, "internal-web") ?
			    ACCESS_INTERNAL : ACCESS_EXTERNAL];

			load_endpoint(l, c, &w->fqdn, &w->port, 443);
			w->base = w->fqdn != NULL ? web_base(w) : NULL;
		}
		for (k = 0; k < SIP_ACCESS_COUNT; k++) {
			if (is(c, sip_names[k]))
				load_endpoint(l, c, &p->sip[k].fqdn, &p->sip[k].port, 0);
		}
	}
	for (k = 0; k < ACCESS_LOCATION_COUNT; k++) {
		if (p->web[k].base == NULL)
			l->errors++;	/* out of memory: the schema requires both */
	}
}

static long
find_pool(const struct topology *t, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < t->n_pools; i++) {
		if (t->pools[i].name != NULL && strcmp(t->pools[i].name, name) == 0)
			return (long)i;
	}
	return -1;
}

static void
load_domain(struct loader *l, xmlNodePtr n, struct sip_domain *d)
{
	struct topology *t = l->t;
	char *pool = config_xml_attr(n, "pool");
	long pi = find_pool(t, pool);
	struct pool *p;
	size_t *list, room;

	d->line = (int)xmlGetLineNo(n);
	d->name = name_attr(l, n, "name");
	d->online_autodiscover = config_xml_attr(n, "online-autodiscover");
	if (d->name == NULL) {
		free(pool);
		return;
	}
	if (pi < 0) {	/* said by config_refs_check() */
		l->errors++;
		free(pool);
		return;
	}
	free(pool);
	d->pool = (size_t)pi;
	p = &t->pools[pi];
	if (p->n_domains == l->domains_room[pi]) {	/* doubling: 100,000 domains load in linear time */
		room = p->n_domains > 0 ? 2 * p->n_domains : 4;
		if ((list = realloc(p->domains, room * sizeof *list)) == NULL) {
			l->errors++;
			return;
		}
		p->domains = list;
		l->domains_room[pi] = room;
	}
	p->domains[p->n_domains++] = (size_t)(d - t->domains);
	d->slot = p->n_domains;
}

/* A list of CIDR prefixes ("10.0.0.0/8 fd00::/8 192.0.2.1"), or NULL. */
static struct cidr *
cidr_attr(struct loader *l, xmlNodePtr n, const char *name, size_t *count)
{
	char *v = config_xml_attr(n, name), *bad = NULL;
	struct cidr *list;

	*count = 0;
	if (v == NULL)
		return NULL;
	list = cidr_list_parse(v, count, &bad);
	if (list == NULL)
		error_at(l, n, "settings: %s: \"%s\" is not an address or CIDR prefix "
		    "(192.0.2.0/24, 2001:db8::/32)", name, bad != NULL ? bad : v);
	free(bad);
	free(v);
	return list;
}

static void
load_settings(struct loader *l, xmlNodePtr n)
{
	struct topology *t = l->t;
	char *rep = config_xml_attr(n, "default-representation"), *pool = config_xml_attr(n, "default-pool"), *v;

	t->settings_line = (int)xmlGetLineNo(n);
	if (rep != NULL)
		t->default_representation = (enum representation)representation_from_name(rep);
	if (pool != NULL && find_pool(t, pool) < 0)
		l->errors++;	/* said by config_refs_check() */
	else if (pool != NULL)
		t->default_pool = (size_t)find_pool(t, pool);
	t->connection_timeout = config_xml_attr_uint(n, "connection-timeout", t->connection_timeout);
	t->threads = config_xml_attr_uint(n, "threads", t->threads);
	/* keepalive-timeout defaults to connection-timeout, its meaning before it existed. */
	t->keepalive_timeout = config_xml_attr_uint(n, "keepalive-timeout", t->connection_timeout);
	t->header_timeout = config_xml_attr_uint(n, "header-timeout", t->header_timeout);
	t->max_connections = config_xml_attr_uint(n, "max-connections", t->max_connections);
	t->max_connections_per_client = config_xml_attr_uint(n, "max-connections-per-client",
	    t->max_connections_per_client);
	t->sign_in_workers = config_xml_attr_uint(n, "sign-in-workers", t->sign_in_workers);
	t->sign_in_queue = config_xml_attr_uint(n, "sign-in-queue", t->sign_in_queue);
	free(t->tls_priority);
	t->tls_priority = config_xml_attr(n, "tls-priority");
	t->strict_certificates = config_xml_attr_bool(n, "strict-certificates", t->strict_certificates);
	t->session_tickets = config_xml_attr_bool(n, "session-tickets", t->session_tickets);
	t->ticket_key_file = config_xml_path(l->base_dir, config_xml_attr(n, "ticket-key"));
	t->ticket_lifetime = config_xml_attr_uint(n, "ticket-lifetime", t->ticket_lifetime);
	v = config_xml_attr(n, "mobility-web");
	t->mobility_internal = v != NULL && strcmp(v, "internal") == 0;
	free(v);
	t->trusted_proxies = cidr_attr(l, n, "trusted-proxies", &t->n_trusted_proxies);
	t->internal_networks = cidr_attr(l, n, "internal-networks", &t->n_internal_networks);
	t->access_host_fallback = config_xml_attr_bool(n, "access-host-fallback", t->access_host_fallback);
	v = config_xml_attr(n, "access-log");
	t->access_log = v != NULL && strcmp(v, "stderr") != 0 ? config_xml_path(l->base_dir, v) : v;
	t->user = config_xml_attr(n, "user");
	v = config_xml_attr(n, "log-level");
	t->log_level = v == NULL || strcmp(v, "info") == 0 ? LOG_INFO :
	    strcmp(v, "warning") == 0 ? LOG_WARNING : LOG_ERROR;
	free(v);
	v = config_xml_attr(n, "admin-listener");
	if (v != NULL && endpoint_parse(v, t->admin_address, &t->admin_port) != 0)
		error_at(l, n, "settings: admin-listener \"%s\" is not ADDR:PORT (numeric address, "
		    "IPv6 in brackets)", v);
	free(v);
	t->admin_token_file = config_xml_path(l->base_dir, config_xml_attr(n, "admin-token"));
	t->control_socket = config_xml_path(l->base_dir, config_xml_attr(n, "control-socket"));
	t->journal_size = config_xml_attr_uint(n, "journal-size", t->journal_size);
	t->allow_root = config_xml_attr_bool(n, "allow-root", t->allow_root);
	v = config_xml_attr(n, "access-log-format");
	t->access_log_json = v != NULL && strcmp(v, "json") == 0;
	free(v);
	t->oauth_realm = config_xml_attr(n, "oauth-realm");
	if (t->oauth_realm != NULL)
		str_lower(t->oauth_realm);
	free(rep);
	free(pool);
}

static void
load_sign_in(struct loader *l, xmlNodePtr n)
{
	struct sign_in *si = &l->t->sign_in;
	char *mode = config_xml_attr(n, "mode");
	xmlNodePtr c;

	si->line = (int)xmlGetLineNo(n);
	for (c = n->children; c != NULL; c = c->next) {
		if (is(c, "ldap"))
			l->errors += config_ldap_load(c, l->name, l->base_dir, l->t, l->diag);
	}
	if (mode != NULL && strcmp(mode, "open") == 0)
		si->mode = SIGN_IN_OPEN;
	else if (mode != NULL && strcmp(mode, "any-password") == 0)
		si->mode = SIGN_IN_ANY_PASSWORD;
	free(mode);
	si->directory_file = config_xml_path(l->base_dir, config_xml_attr(n, "directory"));
	si->token_secret_file = config_xml_path(l->base_dir, config_xml_attr(n, "token-secret"));
	si->token_lifetime = config_xml_attr_uint(n, "token-lifetime", si->token_lifetime);
	si->max_failures = config_xml_attr_uint(n, "max-failures", si->max_failures);
	si->failure_window = config_xml_attr_uint(n, "failure-window", si->failure_window);
	si->max_block = config_xml_attr_uint(n, "max-block", si->max_block);
	if (si->max_block < si->failure_window)
		error_at(l, n, "sign-in: max-block (%u s) must be at least failure-window (%u s)",
		    si->max_block, si->failure_window);
	if (si->mode == SIGN_IN_ANY_PASSWORD && si->directory_file == NULL && si->ldap == NULL)
		error_at(l, n, "sign-in: mode=\"any-password\" needs a directory or <ldap> (it "
		    "accepts any password for a listed user)");
}

static void
load_cross_origin(struct loader *l, xmlNodePtr n)
{
	struct topology *t = l->t;
	xmlNodePtr c;
	size_t i;

	t->cors = config_xml_attr_bool(n, "cors", false);
	t->origins = calloc(count_children(n, "origin") + 1, sizeof *t->origins);
	if (t->origins == NULL) {
		l->errors++;
		return;
	}
	for (c = n->children; c != NULL; c = c->next) {
		xmlChar *v;

		if (!is(c, "origin") || (v = xmlNodeGetContent(c)) == NULL)
			continue;
		t->origins[t->n_origins] = xstrdup((const char *)v);
		xmlFree(v);
		if (t->origins[t->n_origins] == NULL) {
			l->errors++;
			return;
		}
		str_lower(t->origins[t->n_origins]);
		for (i = 0; i < t->n_origins; i++) {
			if (strcmp(t->origins[i], t->origins[t->n_origins]) == 0)
				error_at(l, c, "origin %s is listed twice", t->origins[i]);
		}
		t->n_origins++;
	}
}

static int
allocate(struct loader *l, xmlNodePtr root)
{
	struct topology *t = l->t;

	t->n_pools = count_children(root, "pool");
	t->n_domains = count_children(root, "domain");
	t->n_listeners = count_children(root, "listener");
	t->pools = calloc(t->n_pools, sizeof *t->pools);
	t->domains = calloc(t->n_domains + 1, sizeof *t->domains);
	t->listeners = calloc(t->n_listeners + 1, sizeof *t->listeners);
	l->domains_room = calloc(t->n_pools + 1, sizeof *l->domains_room);
	return t->pools != NULL && t->domains != NULL && t->listeners != NULL &&
	    l->domains_room != NULL ? 0 : -1;
}

/*
 * What a configuration without <settings> or <sign-in> has: the one place of
 * the defaults (the loaders below keep a value unless its attribute is given).
 */
static void
set_defaults(struct topology *t)
{
	t->default_representation = REP_UCWA_JSON;
	t->connection_timeout = TOPOLOGY_DEFAULT_TIMEOUT;
	t->keepalive_timeout = TOPOLOGY_DEFAULT_TIMEOUT;
	t->header_timeout = TOPOLOGY_DEFAULT_HEADER_TIMEOUT;
	t->max_connections = TOPOLOGY_DEFAULT_MAX_CONNECTIONS;
	t->session_tickets = true;
	t->ticket_lifetime = TOPOLOGY_DEFAULT_TICKET_LIFETIME;
	t->sign_in.token_lifetime = TOPOLOGY_DEFAULT_TOKEN_LIFETIME;
	t->sign_in.max_failures = TOPOLOGY_DEFAULT_MAX_FAILURES;
	t->sign_in.failure_window = TOPOLOGY_DEFAULT_FAILURE_WINDOW;
	t->sign_in.max_block = TOPOLOGY_DEFAULT_MAX_BLOCK;
	t->sign_in_queue = TOPOLOGY_DEFAULT_SIGN_IN_QUEUE;
	t->journal_size = TOPOLOGY_DEFAULT_JOURNAL_SIZE;
	t->log_level = LOG_INFO;
}

/* topology_index()'s report of a domain named twice (cls: the loader; said by config_refs_check()). */
static void
declared_twice(void *cls, size_t first, size_t later)
{
	struct loader *l = cls;

	(void)first;
	(void)later;
	l->errors++;
}

/* The first by-name listener's element, or NULL. */
static xmlNodePtr
first_by_name(const struct loader *l, xmlNodePtr root)
{
	xmlNodePtr n = root->children;
	size_t i;

	for (i = 0; i < l->t->n_listeners; i++, n = n->next) {
		while (!is(n, "listener"))
			n = n->next;
		if (l->t->listeners[i].access_mode == ACCESS_BY_NAME)
			return n;
	}
	return NULL;
}

/*
 * access="by-name" tells the locations apart by the web FQDNs: a name that
 * is a web FQDN of both (one pool's internal and another's external, or
 * one pool's both) cannot say which, and by-name would not give what two
 * listeners give. Refused, at the first by-name listener.
 */
static void
check_by_name(struct loader *l, xmlNodePtr root)
{
	const struct topology *t = l->t;
	xmlNodePtr n = first_by_name(l, root);
	enum access_location found;
	const struct pool *q;
	size_t i;
	int loc;

	for (i = 0; n != NULL && i < t->n_pools; i++) {
		for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
			const char *fqdn = t->pools[i].web[loc].fqdn;

			q = fqdn != NULL ? topology_find_web(t, fqdn, strlen(fqdn), &found) : NULL;
			if (q == NULL || found == (enum access_location)loc)
				continue;
			error_at(l, n, "listener: access=\"by-name\" cannot tell the location by the "
			    "name %s: it is pool \"%s\"'s %s and pool \"%s\"'s %s web FQDN (give each "
			    "location its own name, or use one listener per location)", fqdn, q->name,
			    found == ACCESS_INTERNAL ? "internal" : "external", t->pools[i].name,
			    loc == ACCESS_INTERNAL ? "internal" : "external");
			return;
		}
	}
}

/* Builds the topology from a valid document: pools first, since domains name them. */
static void
build(struct loader *l, xmlNodePtr root)
{
	struct topology *t = l->t;
	size_t np = 0, nd = 0, nl = 0;
	xmlNodePtr n;

	set_defaults(t);
	for (n = root->children; n != NULL; n = n->next) {
		if (is(n, "pool"))
			load_pool(l, n, &t->pools[np++]);
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (is(n, "settings"))
			load_settings(l, n);
		else if (is(n, "sign-in"))
			load_sign_in(l, n);
		else if (is(n, "cross-origin"))
			load_cross_origin(l, n);
		else if (is(n, "listener"))
			load_listener(l, n, &t->listeners[nl++]);
		else if (is(n, "domain"))
			load_domain(l, n, &t->domains[nd++]);
	}
	if (topology_index(t, declared_twice, l) != 0)
		l->errors++;
	else
		check_by_name(l, root);
	if (t->tls_priority == NULL)
		t->tls_priority = xstrdup(TOPOLOGY_DEFAULT_TLS_PRIORITY);
	/* The deployment's OAuth realm defaults to its first SIP domain, as Lync's does. */
	if (t->oauth_realm == NULL)
		t->oauth_realm = xstrdup(t->n_domains > 0 ? t->domains[0].name :
		    t->pools[t->default_pool].web[ACCESS_EXTERNAL].fqdn);
	if (t->tls_priority == NULL || t->oauth_realm == NULL)
		l->errors++;
}

/*
 * The checks that need the whole topology, then the files it names (user
 * directory, token secret, LDAP files, admin token): each one runs, so that
 * one unreadable file does not hide another.
 */
static int
check_whole(struct topology *t, struct diag *d)
{
	int failed = 0;

	failed += loops_check(t, d) != 0;
	failed += config_ldap_check(t, d) != 0;
	failed += users_load(t, d) != 0;
	failed += config_token_load(t, d) != 0;
	return failed;
}

/*
 * A well-formed document's every error together: the schema's, the
 * references' (config_refs.c: they need no valid document), then, on a
 * valid one, what the loader and the whole topology find.
 */
struct topology *
config_file_load_memory(const char *name, const char *xml, size_t len, const char *base_dir,
    struct diag *d)
{
	struct loader l = { .name = name, .base_dir = base_dir, .diag = d };
	xmlDocPtr doc;
	bool valid;
	int refs;

	if ((doc = parse(&l, xml, len)) == NULL)
		return NULL;
	valid = validate(&l, doc);
	refs = config_refs_check(xmlDocGetRootElement(doc), name, d);
	if (!valid) {
		xmlFreeDoc(doc);
		return NULL;
	}
	l.errors += refs != 0;	/* the loader counts them again, silently: it must not pass */
	l.t = calloc(1, sizeof *l.t);
	if (l.t == NULL || (l.t->source = xstrdup(name)) == NULL ||
	    allocate(&l, xmlDocGetRootElement(doc)) != 0)
		diag_add(d, name, 0, "out of memory");
	else
		build(&l, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	free(l.domains_room);
	if (l.errors == 0 && d->n_errors == 0 && !d->oom)
		l.errors += check_whole(l.t, d);
	if (l.errors > 0 || d->oom || d->n_errors > 0) {
		topology_free(l.t);
		return NULL;
	}
	return l.t;
}

struct topology *
config_file_load(const char *path, struct diag *d)
{
	struct topology *t;
	char *xml, *copy, *dir;
	size_t len;

	xml = files_read(path, &len);
	if (xml == NULL) {
		diag_add(d, path, 0, "cannot read: %s", files_strerror(errno));
		return NULL;
	}
	copy = xstrdup(path);
	dir = copy != NULL ? dirname(copy) : NULL;
	t = config_file_load_memory(path, xml, len, dir, d);
	free(copy);
	free(xml);
	return t;
}
