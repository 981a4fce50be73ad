/* SPDX-License-Identifier: MIT */
/*
 * topology.c: look-ups in, and release of, a topology.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory.h"
#include "topology.h"

static int
name_is(const char *name, const char *s, size_t len)
{
	if (len > 0 && s[len - 1] == '.')
		len--;
	return strlen(name) == len && strncasecmp(name, s, len) == 0;
}

/* Linear: topologies have a handful of domains; a hash can come with a large directory. */
const struct sip_domain *
topology_find_domain(const struct topology *t, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < t->n_domains; i++) {
		if (name_is(t->domains[i].name, s, len))
			return &t->domains[i];
	}
	return NULL;
}

const struct pool *
topology_find_pool_by_web(const struct topology *t, const char *s, size_t len)
{
	size_t i;
	int loc;

	for (i = 0; i < t->n_pools; i++) {
		for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
			if (name_is(t->pools[i].web[loc].fqdn, s, len))
				return &t->pools[i];
		}
	}
	return NULL;
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
	if (t->admin_token != NULL)
		memset(t->admin_token, 0, strlen(t->admin_token));
	free(t->admin_token);
	free(t);
}
