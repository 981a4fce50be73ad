/* SPDX-License-Identifier: MIT */
/*
 * config_ldap.c: <sign-in><ldap> to struct ldap_conf.
 *
 * Decisions (written in lyncdiscoverd.conf(5) too):
 * - the default filter follows address-attribute: (<address-attribute>=sip:%s);
 * - userAccountControl is read whatever the directory: an attribute a server
 *   does not have is simply not returned (RFC 4511 4.5.1.8), and Active
 *   Directory's ACCOUNTDISABLE must not be missed for want of a setting;
 * - users bind as their entry's DN unless user-bind-name says otherwise (Active
 *   Directory takes the DN too; the UPN is what its administrators know);
 * - negative-cache-ttl defaults to 60 s or cache-ttl when that is shorter, and
 *   may not exceed cache-ttl (a "no such user" is kept for less time than a user);
 * - a password never crosses a plain connection: neither the users' (mode
 *   "password" binds as them) nor the reader's (bind-dn), unless the URL is
 *   ldaps://, starttls="true", the server is 127.0.0.1 or ::1, or
 *   allow-plain-bind="true" says the operator knows.
 */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_ldap.h"
#include "bindname.h"
#include "config_xml.h"
#include "ldapfilter.h"
#include "util.h"

#define ATTR_ENABLED "msRTCSIP-UserEnabled"
#define ATTR_ADDRESS "msRTCSIP-PrimaryUserAddress"
#define ATTR_HOME "msRTCSIP-PrimaryHomeServer"
#define ATTR_LOCATOR "msRTCSIP-DeploymentLocator"
#define ATTR_ACCOUNT_CONTROL "userAccountControl"

/* ldap[s]://host[:port][/] (the schema checked the shape) into host, port, ldaps. */
static int
split_url(struct ldap_conf *c)
{
	const char *h = strstr(c->url, "://") + 3, *end, *colon;

	c->ldaps = strncmp(c->url, "ldaps:", 6) == 0;
	if (*h == '[') {
		end = strchr(h, ']');
		c->host = xstrndup(h + 1, (size_t)(end - h - 1));
		colon = end[1] == ':' ? end + 1 : NULL;
	} else {
		end = h + strcspn(h, ":/");
		c->host = xstrndup(h, (size_t)(end - h));
		colon = *end == ':' ? end : NULL;
	}
	c->port = colon != NULL ? (unsigned)strtoul(colon + 1, NULL, 10) : c->ldaps ? 636 : 389;
	return c->host != NULL ? 0 : -1;
}

struct ldap_loader {
	const char	*file;
	long		 line;
	struct diag	*d;
	int		 errors;
};

static void error_here(struct ldap_loader *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
error_here(struct ldap_loader *l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(l->d, l->file, l->line, "ldap: %s", msg);
	l->errors++;
}

static void
read_attributes(xmlNodePtr n, struct ldap_conf *c)
{
	c->attr_enabled = config_xml_attr_or(n, "enabled-attribute", ATTR_ENABLED);
	c->attr_address = config_xml_attr_or(n, "address-attribute", ATTR_ADDRESS);
	c->attr_home = config_xml_attr_or(n, "home-server-attribute", ATTR_HOME);
	c->attr_locator = config_xml_attr_or(n, "locator-attribute", ATTR_LOCATOR);
	c->attr_account_control = config_xml_attr_or(n, "account-control-attribute",
	    ATTR_ACCOUNT_CONTROL);
	c->user_bind_name = config_xml_attr(n, "user-bind-name");
	c->filter = config_xml_attr(n, "filter");
	if (c->filter == NULL && c->attr_address != NULL)
		c->filter = xasprintf_s("(%s=sip:%%s)", c->attr_address);
}

static void
check_conf(struct ldap_loader *l, xmlNodePtr n, const struct ldap_conf *c)
{
	const char *why;

	if (c->ldaps && c->starttls)
		error_here(l, "starttls=\"true\" is for ldap:// URLs: %s is TLS from the start",
		    c->url);
	if (c->ca_file != NULL && !c->ldaps && !c->starttls)
		error_here(l, "ca is for TLS: use an ldaps:// URL or starttls=\"true\"");
	if ((c->bind_dn == NULL) != (c->bind_password_file == NULL))
		error_here(l, "bind-dn and bind-password-file go together (without both, the "
		    "look-ups are anonymous)");
	if (ldapfilter_check(c->filter, &why) != 0)
		error_here(l, "filter \"%s\": %s", c->filter, why);
	if (c->user_bind_name != NULL && bindname_check(c->user_bind_name, &why) != 0)
		error_here(l, "user-bind-name \"%s\": %s", c->user_bind_name, why);
	if (xmlHasProp(n, BAD_CAST "negative-cache-ttl") != NULL && c->negative_ttl > c->cache_ttl)
		error_here(l, "negative-cache-ttl (%u s) must not exceed cache-ttl (%u s)",
		    c->negative_ttl, c->cache_ttl);
}

int
config_ldap_load(xmlNodePtr n, const char *file, const char *base_dir, struct topology *t,
    struct diag *d)
{
	struct ldap_loader l = { .file = file, .line = xmlGetLineNo(n), .d = d };
	struct ldap_conf *c = calloc(1, sizeof *c);

	if (c == NULL) {
		diag_add(d, file, l.line, "out of memory");
		return 1;
	}
	t->sign_in.ldap = c;
	c->line = (int)l.line;
	c->url = config_xml_attr(n, "url");
	c->base = config_xml_attr(n, "base");
	c->bind_dn = config_xml_attr(n, "bind-dn");
	c->bind_password_file = config_xml_path(base_dir, config_xml_attr(n, "bind-password-file"));
	c->ca_file = config_xml_path(base_dir, config_xml_attr(n, "ca"));
	c->starttls = config_xml_attr_bool(n, "starttls", false);
	c->allow_plain_bind = config_xml_attr_bool(n, "allow-plain-bind", false);
	c->cache_ttl = config_xml_attr_uint(n, "cache-ttl", TOPOLOGY_DEFAULT_LDAP_CACHE_TTL);
	c->negative_ttl = config_xml_attr_uint(n, "negative-cache-ttl",
	    c->cache_ttl < TOPOLOGY_DEFAULT_LDAP_NEGATIVE_TTL ? c->cache_ttl :
	    TOPOLOGY_DEFAULT_LDAP_NEGATIVE_TTL);
	c->timeout = config_xml_attr_uint(n, "timeout", TOPOLOGY_DEFAULT_LDAP_TIMEOUT);
	read_attributes(n, c);
	if (c->url == NULL || c->base == NULL || c->filter == NULL || c->attr_enabled == NULL ||
	    c->attr_home == NULL || c->attr_locator == NULL || c->attr_account_control == NULL ||
	    split_url(c) != 0) {
		diag_add(d, file, l.line, "out of memory");
		return 1;
	}
	check_conf(&l, n, c);
	return l.errors;
}

/* Does a password sent to c travel in the clear? */
static bool
plain(const struct ldap_conf *c)
{
	if (c->ldaps || c->starttls || c->allow_plain_bind)
		return false;
	return strcmp(c->host, "127.0.0.1") != 0 && strcmp(c->host, "::1") != 0;
}

int
config_ldap_check(const struct topology *t, struct diag *d)
{
	const struct sign_in *si = &t->sign_in;
	const struct ldap_conf *c = si->ldap;
	int errors = 0;
	size_t i, j;

	for (i = 0; i < t->n_pools; i++) {
		for (j = 0; j < i; j++) {
			if (t->pools[i].home_server == NULL || t->pools[j].home_server == NULL ||
			    strcmp(t->pools[i].home_server, t->pools[j].home_server) != 0)
				continue;
			diag_add(d, t->source, t->pools[i].line, "pool \"%s\": home-server is "
			    "pool \"%s\"'s already (compared as DNs)", t->pools[i].name,
			    t->pools[j].name);
			errors++;
		}
	}
	if (c == NULL)
		return errors;
	if (si->directory_file != NULL) {
		diag_add(d, t->source, si->line, "sign-in: directory and <ldap> are two user "
		    "directories: use one");
		errors++;
	}
	if (plain(c) && (si->mode == SIGN_IN_PASSWORD || c->bind_dn != NULL)) {
		diag_add(d, t->source, c->line, "ldap: %s would carry %s in the clear: use "
		    "ldaps://, starttls=\"true\", or allow-plain-bind=\"true\" if the network is "
		    "trusted", c->url, si->mode == SIGN_IN_PASSWORD ? "users' passwords" :
		    "the bind-dn's password");
		errors++;
	}
	return errors;
}
