/* SPDX-License-Identifier: MIT */
/*
 * ldap_conn.h: one connection to the LDAP directory (OpenLDAP's libldap):
 * open it (TLS or StartTLS as configured, bound as the reader or anonymous),
 * find a user's entry, check a user's password by a simple bind. Blocking,
 * each step bounded by the configured timeout: called on workers only.
 */
#ifndef LD_LDAP_CONN_H
#define LD_LDAP_CONN_H

#include <stdbool.h>

#include "topology.h"
#include "users.h"

#define LDAP_RECORD_DN_MAX 1024

/* What a search found; what the cache keeps. */
struct ldap_record {
	enum dir_status	 status;		/* DIR_ENTRY or DIR_NO_ENTRY */
	bool		 enabled;
	bool		 online;
	bool		 has_home;
	char		 home_dn[LDAP_RECORD_DN_MAX];	/* canonical (dn.h), "" if none or too long */
};

struct ldap_conn;

/*
 * Connects and binds as c->bind_dn (anonymous without one). NULL with *cause
 * ("connect to ldap://...: Can't contact LDAP server", "bind as ...: Invalid
 * credentials") on failure.
 */
struct ldap_conn	*ldap_conn_open(const struct ldap_conf *c, char **cause);
void			 ldap_conn_close(struct ldap_conn *);
/* What find and bind return when the connection was closed under them (a server's idle timeout). */
#define LDAP_CONN_LOST (-2)

/*
 * The entry of sipuri (canonical) by c->filter under c->base: 0 with *r
 * filled (no entry, or more than one, is DIR_NO_ENTRY; a disabled account,
 * userAccountControl, is not enabled), -1 (LDAP_CONN_LOST if the connection
 * was closed) with *cause when the directory failed. *bind_name (if not
 * NULL): the name the user binds as (heap) — the entry's DN, or
 * c->user_bind_name filled from the entry — NULL without an entry or a value.
 */
int			 ldap_conn_find(struct ldap_conn *, const struct ldap_conf *c,
			     const char *sipuri, struct ldap_record *r, char **bind_name,
			     char **cause);
/*
 * A simple bind as name (a DN; Active Directory also takes a UPN or
 * DOMAIN\user) with password: 0 with *ok, or -1 / LDAP_CONN_LOST with
 * *cause when the directory failed.
 */
int			 ldap_conn_bind(struct ldap_conn *, const char *name, const char *password,
			     bool *ok, char **cause);
/* A base-scope search of c->base (is the base there, may we read it?): 0, or -1 with *cause. */
int			 ldap_conn_probe(struct ldap_conn *, const struct ldap_conf *c, char **cause);

#endif
