/* SPDX-License-Identifier: MIT */
/*
 * ldapdir.h: the LDAP / Active Directory user directory as the daemon runs
 * it — connections (one set for look-ups, bound as the reader; one for the
 * users' password binds), the cache, the outage state and its reconnection
 * with backoff, and the counters of /metrics.
 *
 * Blocking calls (ldapdir_lookup, ldapdir_signin, ldapdir_check) run on the
 * sign-in workers (signin_gate.c) or at --check, never on a listener thread;
 * ldapdir_cached never blocks on the directory.
 *
 * While the directory is down (an operation failed on a fresh connection),
 * requests that need it fail at once (DIR_UNAVAILABLE with a Retry-After)
 * and a thread of its own reconnects, waiting 1, 2, 4 ... 60 s between
 * attempts; cached users are answered from the cache meanwhile.
 */
#ifndef LD_LDAPDIR_H
#define LD_LDAPDIR_H

#include <stdbool.h>

#include "ldap_conn.h"
#include "prom.h"
#include "topology.h"
#include "users.h"

struct ldapdir;

/* An answer for the core (a.home_dn points into the struct: see ldapdir_answer_fix). */
struct ldapdir_answer {
	struct dir_answer	 a;
	char			 home_dn[LDAP_RECORD_DN_MAX];
};

/* A directory with t's <ldap> (none: every call answers DIR_UNAVAILABLE). NULL with *cause. */
struct ldapdir	*ldapdir_new(const struct topology *t, char **cause);
/*
 * After a reload: t's <ldap> from now on. The same settings keep the
 * connections and the cache; others drop both.
 */
void		 ldapdir_configure(struct ldapdir *, const struct topology *t);
void		 ldapdir_free(struct ldapdir *);
/* Has t an LDAP directory? */
bool		 ldapdir_wanted(const struct topology *t);
/*
 * Without waiting: a fresh cached answer for user, a stale one while the
 * directory is down, or DIR_UNAVAILABLE while it is down; false when the
 * directory must be asked (ldapdir_lookup, on a worker).
 */
bool		 ldapdir_cached(struct ldapdir *, const char *user, struct ldapdir_answer *);
/* Asks the directory (and caches the answer). t: for the warning about an unknown home DN. */
void		 ldapdir_lookup(struct ldapdir *, const struct topology *t, const char *user,
		     struct ldapdir_answer *);
/*
 * The token endpoint's check: a fresh search, then a simple bind as the
 * user's entry with password — or, for an unknown or disabled user or an
 * empty password, as a DN that does not exist, so that every refusal costs
 * the same. a.password_ok: the user's own bind succeeded.
 */
void		 ldapdir_signin(struct ldapdir *, const struct topology *t, const char *user,
		     const char *password, struct ldapdir_answer *);
/* After copying an answer: its home_dn points into the copy. */
void		 ldapdir_answer_fix(struct ldapdir_answer *);
/*
 * For /healthz (a report_health_fn; cls: the directory): NULL when it is
 * reachable (or none is configured), else why not (heap).
 */
char		*ldapdir_degraded(void *cls);
/* For /metrics (a report_metrics_fn; cls: the directory): the lyncdiscover_ldap_* families. */
void		 ldapdir_metrics(void *cls, struct prom *);
/* --check: connect, bind as the reader, read the base. 0, or -1 with *cause. */
int		 ldapdir_check(const struct ldap_conf *, char **cause);

#endif
