/* SPDX-License-Identifier: MIT */
/*
 * ldap_conn.c: a connection to the LDAP directory, on libldap.
 *
 * libldap 2.5 is thread-safe for distinct handles; each connection is used
 * by one thread at a time (ldapdir.c hands them out). TLS options are set on
 * the handle with a context of its own (LDAP_OPT_X_TLS_NEWCTX), so a ca
 * given in the configuration does not leak into libldap's global defaults.
 *
 * What Active Directory answers that slapd did not (tests/ad.test, Samba's
 * DC): a subtree search from the domain's root also returns search result
 * references, one for each naming context below it (CN=Configuration,
 * DomainDnsZones, ForestDnsZones: "ldap://contoso.com/CN=Configuration,...");
 * they are not entries (ldap_count_entries() does not count them) and are
 * never followed (LDAP_OPT_REFERRALS off: the user is in the domain searched
 * or not at all). No paged results control is sent: a search asks for two
 * entries at most (one user, or "more than one"), far below AD's
 * MaxPageSize (1000), the only limit a paged search would lift.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include <ldap.h>

#include "accountcontrol.h"
#include "bindname.h"
#include "dn.h"
#include "ldap_conn.h"
#include "ldapfilter.h"
#include "util.h"

struct ldap_conn {
	LDAP		*ld;
	struct timeval	 timeout;
};

static char *
failed(LDAP *ld, int rc, const char *what, const char *target)
{
	char *diag = NULL, *msg;

	if (ld != NULL)
		ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	/* A failed TLS handshake leaves libldap's "(unknown error code)": it says nothing. */
	if (diag != NULL && strcmp(diag, "(unknown error code)") == 0)
		*diag = '\0';
	msg = xasprintf_s("%s %s: %s%s%s", what, target, ldap_err2string(rc),
	    diag != NULL && *diag != '\0' ? " (" : "", diag != NULL && *diag != '\0' ? diag : "");
	if (diag != NULL && *diag != '\0')
		msg = xstrappendf(msg, ")");
	ldap_memfree(diag);
	return msg;
}

static int
set_options(LDAP *ld, const struct ldap_conf *c, const struct timeval *tv)
{
	int v3 = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;

	if (ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_TIMEOUT, tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) != LDAP_OPT_SUCCESS)
		return -1;
	if (!c->ldaps && !c->starttls)
		return 0;
	if (ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) != LDAP_OPT_SUCCESS)
		return -1;
	if (c->ca_file != NULL &&
	    ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, c->ca_file) != LDAP_OPT_SUCCESS)
		return -1;
	return ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero) == LDAP_OPT_SUCCESS ? 0 : -1;
}

/* A simple bind; rc as libldap says. An empty password is never sent (it would be anonymous). */
static int
simple_bind(LDAP *ld, const char *dn, const char *password)
{
	struct berval cred;

	cred.bv_val = (char *)(uintptr_t)password;
	cred.bv_len = password != NULL ? strlen(password) : 0;
	return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
}

struct ldap_conn *
ldap_conn_open(const struct ldap_conf *c, char **cause)
{
	struct ldap_conn *lc = calloc(1, sizeof *lc);
	int rc;

	if (lc == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	lc->timeout = (struct timeval){ .tv_sec = (time_t)c->timeout };
	if ((rc = ldap_initialize(&lc->ld, c->url)) != LDAP_SUCCESS) {
		*cause = failed(NULL, rc, "url", c->url);
		ldap_conn_close(lc);
		return NULL;
	}
	if (set_options(lc->ld, c, &lc->timeout) != 0) {
		*cause = xasprintf_s("%s: cannot set the connection's options (TLS, timeouts)",
		    c->url);
		ldap_conn_close(lc);
		return NULL;
	}
	if (c->starttls && (rc = ldap_start_tls_s(lc->ld, NULL, NULL)) != LDAP_SUCCESS) {
		*cause = failed(lc->ld, rc, "StartTLS with", c->url);
		ldap_conn_close(lc);
		return NULL;
	}
	/* Anonymous: an empty simple bind, which also makes the connection now. */
	rc = simple_bind(lc->ld, c->bind_dn != NULL ? c->bind_dn : "", c->bind_password);
	if (rc != LDAP_SUCCESS) {
		*cause = c->bind_dn != NULL ? failed(lc->ld, rc, "bind as", c->bind_dn) :
		    failed(lc->ld, rc, "connect to", c->url);
		ldap_conn_close(lc);
		return NULL;
	}
	return lc;
}

void
ldap_conn_close(struct ldap_conn *lc)
{
	if (lc == NULL)
		return;
	if (lc->ld != NULL)
		ldap_unbind_ext_s(lc->ld, NULL, NULL);
	free(lc);
}

/* The first value of attribute a of entry e, copied into buf; false if none. */
static bool
first_value(LDAP *ld, LDAPMessage *e, const char *a, char *buf, size_t size)
{
	struct berval **vals = ldap_get_values_len(ld, e, a);
	bool have = vals != NULL && vals[0] != NULL && vals[0]->bv_len < size;

	if (have) {
		memcpy(buf, vals[0]->bv_val, vals[0]->bv_len);
		buf[vals[0]->bv_len] = '\0';
	}
	ldap_value_free_len(vals);
	return have;
}

/* The record of the one entry found. */
static void
read_entry(LDAP *ld, LDAPMessage *e, const struct ldap_conf *c, struct ldap_record *r)
{
	char v[LDAP_RECORD_DN_MAX], *home;

	r->status = DIR_ENTRY;
	r->enabled = first_value(ld, e, c->attr_enabled, v, sizeof v) && strcasecmp(v, "TRUE") == 0;
	/* Active Directory: an account disabled there is no user, whatever Lync's flag says. */
	if (first_value(ld, e, c->attr_account_control, v, sizeof v) && accountcontrol_disabled(v))
		r->enabled = false;
	/* On-premises users of a hybrid deployment carry "SRV:" (Lync's own value). */
	r->online = first_value(ld, e, c->attr_locator, v, sizeof v) && v[0] != '\0' &&
	    strcasecmp(v, "SRV:") != 0;
	r->has_home = first_value(ld, e, c->attr_home, v, sizeof v);
	home = r->has_home ? dn_normalize(v, NULL) : NULL;
	if (home != NULL && strlen(home) < sizeof r->home_dn)
		memcpy(r->home_dn, home, strlen(home) + 1);
	free(home);
}

/* The values of a bind name template's attributes in one entry (bindname_value_fn's cls). */
struct entry_values {
	LDAP		*ld;
	LDAPMessage	*e;
	char		 buf[LDAP_RECORD_DN_MAX];
};

static const char *
entry_value(void *cls, const char *name)
{
	struct entry_values *ev = cls;

	return first_value(ev->ld, ev->e, name, ev->buf, sizeof ev->buf) ? ev->buf : NULL;
}

/* The name the user of entry e binds as (heap): its DN, or c->user_bind_name filled; NULL if none. */
static char *
bind_name_of(LDAP *ld, LDAPMessage *e, const struct ldap_conf *c)
{
	struct entry_values ev = { .ld = ld, .e = e };
	char *dn, *name;

	if (c->user_bind_name != NULL)
		return bindname_expand(c->user_bind_name, entry_value, &ev);
	dn = ldap_get_dn(ld, e);
	name = dn != NULL ? xstrdup(dn) : NULL;	/* the caller frees with free(), not ldap_memfree() */
	ldap_memfree(dn);
	return name;
}

/* The attributes a search asks for: the record's, and the bind name's (with want_bind). */
static void
search_attributes(const struct ldap_conf *c, bool want_bind, char *attrs[],
    char names[][BINDNAME_ATTR_MAX + 1])
{
	size_t n = 0, i, k;

	attrs[n++] = c->attr_enabled;
	attrs[n++] = c->attr_home;
	attrs[n++] = c->attr_locator;
	attrs[n++] = c->attr_account_control;
	k = want_bind && c->user_bind_name != NULL ? bindname_attributes(c->user_bind_name, names) : 0;
	for (i = 0; i < k; i++)
		attrs[n++] = names[i];
	attrs[n] = NULL;
}

int
ldap_conn_find(struct ldap_conn *lc, const struct ldap_conf *c, const char *sipuri,
    struct ldap_record *r, char **bind_name, char **cause)
{
	char *filter = ldapfilter_build(c->filter, sipuri), *attrs[5 + BINDNAME_ATTRS_MAX];
	char names[BINDNAME_ATTRS_MAX][BINDNAME_ATTR_MAX + 1];
	LDAPMessage *res = NULL, *e;
	int rc, n;

	memset(r, 0, sizeof *r);
	r->status = DIR_NO_ENTRY;
	if (bind_name != NULL)
		*bind_name = NULL;
	if (filter == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	search_attributes(c, bind_name != NULL, attrs, names);
	/* Two at most: more than one entry for an address is no user (ambiguous). */
	rc = ldap_search_ext_s(lc->ld, c->base, LDAP_SCOPE_SUBTREE, filter, attrs, 0, NULL, NULL,
	    &lc->timeout, 2, &res);
	free(filter);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		*cause = failed(lc->ld, rc, "search under", c->base);
		ldap_msgfree(res);
		return rc == LDAP_SERVER_DOWN ? LDAP_CONN_LOST : -1;
	}
	n = ldap_count_entries(lc->ld, res);
	if (rc == LDAP_SUCCESS && n == 1 && (e = ldap_first_entry(lc->ld, res)) != NULL) {
		read_entry(lc->ld, e, c, r);
		if (bind_name != NULL)
			*bind_name = bind_name_of(lc->ld, e, c);
	}
	ldap_msgfree(res);
	return 0;
}

int
ldap_conn_bind(struct ldap_conn *lc, const char *name, const char *password, bool *ok,
    char **cause)
{
	int rc = simple_bind(lc->ld, name, password);

	*ok = rc == LDAP_SUCCESS;
	/*
	 * Refusals of this name and password, not failures of the directory: a
	 * wrong password, an unknown, disabled or locked account (Active
	 * Directory says all of them with Invalid credentials), and a name the
	 * server cannot read (a user-bind-name that is no DN, sent to a server
	 * that binds by DN only).
	 */
	if (rc == LDAP_SUCCESS || rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INVALID_DN_SYNTAX)
		return 0;
	*cause = failed(lc->ld, rc, "bind as", name);
	return rc == LDAP_SERVER_DOWN ? LDAP_CONN_LOST : -1;
}

int
ldap_conn_probe(struct ldap_conn *lc, const struct ldap_conf *c, char **cause)
{
	char *attrs[] = { LDAP_NO_ATTRS, NULL };
	LDAPMessage *res = NULL;
	int rc;

	rc = ldap_search_ext_s(lc->ld, c->base, LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0,
	    NULL, NULL, &lc->timeout, 1, &res);
	ldap_msgfree(res);
	if (rc == LDAP_SUCCESS)
		return 0;
	*cause = failed(lc->ld, rc, "search of base", c->base);
	return -1;
}
