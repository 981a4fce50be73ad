/* SPDX-License-Identifier: MIT */
/*
 * topology.c: look-ups in, and release of, a topology.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "directory.h"
#include "topology.h"

/* A trailing dot (a fully qualified name) names the same as none. */
static size_t
without_dot(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '.' ? len - 1 : len;
}

static const char *
domain_name(const void *ctx, uint32_t v)
{
	const struct topology *t = ctx;

	return t->domains[v].name;
}

static const char *
origin_name(const void *ctx, uint32_t v)
{
	const struct topology *t = ctx;

	return t->origins[v];
}

static const char *
web_name(const void *ctx, uint32_t v)
{
	const struct topology *t = ctx;

	return t->pools[v / ACCESS_LOCATION_COUNT].web[v % ACCESS_LOCATION_COUNT].fqdn;
}

int
topology_index(struct topology *t, void (*dup)(void *cls, size_t first, size_t later), void *cls)
{
	uint32_t i, other;
	int rc;

	name_index_free(&t->domains_by_name);
	name_index_free(&t->pools_by_web);
	name_index_free(&t->origins_by_name);
	if (name_index_init(&t->domains_by_name, t->n_domains, domain_name, t) != 0 ||
	    name_index_init(&t->pools_by_web, t->n_pools * ACCESS_LOCATION_COUNT, web_name, t) != 0 ||
	    name_index_init(&t->origins_by_name, t->n_origins, origin_name, t) != 0)
		return -1;
	for (i = 0; i < t->n_origins; i++) {
		if (name_index_add(&t->origins_by_name, i, &other) < 0)
			return -1;
	}
	for (i = 0; i < t->n_domains; i++) {
		if ((rc = name_index_add(&t->domains_by_name, i, &other)) < 0)
			return -1;
		if (rc > 0 && dup != NULL)
			dup(cls, other, i);
	}
	/* Pool by pool, internal before external: the first that has a name keeps it. */
	for (i = 0; i < t->n_pools * ACCESS_LOCATION_COUNT; i++) {
		if (name_index_add(&t->pools_by_web, i, &other) < 0)
			return -1;
	}
	return 0;
}

const struct sip_domain *
topology_find_domain(const struct topology *t, const char *s, size_t len)
{
	uint32_t v;

	return name_index_find(&t->domains_by_name, s, without_dot(s, len), &v) ?
	    &t->domains[v] : NULL;
}

const struct pool *
topology_find_web(const struct topology *t, const char *s, size_t len, enum access_location *loc)
{
	uint32_t v;

	if (!name_index_find(&t->pools_by_web, s, without_dot(s, len), &v))
		return NULL;
	*loc = (enum access_location)(v % ACCESS_LOCATION_COUNT);
	return &t->pools[v / ACCESS_LOCATION_COUNT];
}

const struct pool *
topology_find_pool_by_web(const struct topology *t, const char *s, size_t len)
{
	enum access_location loc;

	return topology_find_web(t, s, len, &loc);
}

bool
topology_origin_listed(const struct topology *t, const char *origin)
{
	uint32_t v;

	return origin != NULL && name_index_find(&t->origins_by_name, origin, strlen(origin), &v);
}

const char *
topology_location_name(enum access_location loc)
{
	return loc == ACCESS_INTERNAL ? "Internal" : "External";
}

void
topology_listener_conf_clear(struct listener_conf *l)
{
	size_t i;

	for (i = 0; i < l->n_certs; i++) {
		free(l->certs[i].cert_file);
		free(l->certs[i].key_file);
	}
	free(l->certs);
	free(l->address);
	free(l->advertise);
	free(l->flag);
	memset(l, 0, sizeof *l);
}

void
topology_ldap_conf_free(struct ldap_conf *c)
{
	volatile char *pw;

	if (c == NULL)
		return;
	/* The reader's password is a secret: wiped, in a way the compiler keeps. */
	for (pw = c->bind_password; pw != NULL && *pw != '\0'; pw++)
		*pw = '\0';
	free(c->bind_password);
	free(c->url);
	free(c->host);
	free(c->ca_file);
	free(c->base);
	free(c->bind_dn);
	free(c->bind_password_file);
	free(c->filter);
	free(c->attr_enabled);
	free(c->attr_address);
	free(c->attr_home);
	free(c->attr_locator);
	free(c->attr_account_control);
	free(c->user_bind_name);
	free(c);
}

void
topology_free(struct topology *t)
{
	size_t i;
	int k;

	if (t == NULL)
		return;
	for (i = 0; i < t->n_pools; i++) {
		struct pool *p = &t->pools[i];

		free(p->name);
		free(p->server_fqdn);
		for (k = 0; k < ACCESS_LOCATION_COUNT; k++) {
			free(p->web[k].fqdn);
			free(p->web[k].base);
		}
		for (k = 0; k < SIP_ACCESS_COUNT; k++)
			free(p->sip[k].fqdn);
		free(p->domains);
		free(p->home_server);
	}
	for (i = 0; i < t->n_domains; i++) {
		free(t->domains[i].name);
		free(t->domains[i].online_autodiscover);
	}
	for (i = 0; i < t->n_listeners; i++)
		topology_listener_conf_clear(&t->listeners[i]);
	name_index_free(&t->domains_by_name);
	name_index_free(&t->pools_by_web);
	name_index_free(&t->origins_by_name);
	free(t->pools);
	free(t->domains);
	free(t->listeners);
	free(t->source);
	free(t->tls_priority);
	free(t->ticket_key_file);
	free(t->oauth_realm);
	directory_free(t->sign_in.directory);
	topology_ldap_conf_free(t->sign_in.ldap);
	free(t->sign_in.directory_file);
	free(t->sign_in.token_secret_file);
	free(t->sign_in.issuer);
	free(t->sign_in.dummy_hash);
	for (i = 0; i < t->n_origins; i++)
		free(t->origins[i]);
	free(t->origins);
	free(t->trusted_proxies);
	free(t->internal_networks);
	free(t->access_log);
	free(t->user);
	free(t->admin_token_file);
	free(t->control_socket);
	if (t->admin_token != NULL)
		memset(t->admin_token, 0, strlen(t->admin_token));
	free(t->admin_token);
	free(t);
}
