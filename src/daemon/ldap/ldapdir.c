/* SPDX-License-Identifier: MIT */
/*
 * ldapdir.c: the LDAP user directory at run time (see ldapdir.h).
 *
 * The settings in use are a reference-counted copy, so a reload can replace
 * them while workers still talk to the directory with the old ones; every
 * connection carries the epoch of the settings it was opened with, and one
 * of an older epoch is closed instead of being reused.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bindname.h"
#include "choices.h"
#include "clock.h"
#include "ldap_cache.h"
#include "ldapdir.h"
#include "util.h"

#define CACHE_MAX 100000	/* users remembered: about 1.1 KB each */
#define BACKOFF_MAX 60		/* seconds between reconnection attempts, at most */
#define WARNED_MAX 1000		/* home DNs warned about, remembered */
#define BUSY_RETRY_AFTER 2
/*
 * A password check takes a whole number of these (at least one): a found
 * user costs the directory a little more than an unknown one (the entry
 * returned, its hash checked: about 0.2 ms, 10 %, with slapd on the same
 * host), which the rounding hides. 10 ms a check is still a tenth of a
 * PBKDF2 check of the file directory.
 */
#define SIGNIN_QUANTUM_MS 10

struct settings {
	atomic_uint		 refs;
	unsigned		 epoch;
	struct ldap_conf	*c;	/* owned copy */
};

struct idle {
	struct idle		*next;
	struct ldap_conn	*conn;
	unsigned		 epoch;
};

struct ldapdir {
	pthread_mutex_t		 lock;		/* guards everything below but the counters */
	pthread_cond_t		 wake;		/* the reconnection thread's */
	pthread_t		 thread;
	bool			 running;	/* thread started (ldapdir_free joins it) */
	bool			 stopping;
	struct settings		*settings;	/* NULL: no directory configured */
	unsigned		 epoch;
	enum log_level		 log_level;
	struct idle		*idle[2];	/* look-ups, binds */
	bool			 down;
	double			 down_since, next_attempt;
	unsigned		 backoff;
	char			*down_cause;
	char			*warned[WARNED_MAX];
	size_t			 n_warned;
	struct ldap_cache	*cache;
	atomic_ulong		 lookups, cache_hits, errors, binds, outages;
	atomic_ulong		 lookup_us, bind_us;	/* sums, microseconds */
};

enum pool_kind { POOL_LOOKUP, POOL_BIND };

/* ------------------------------------------------------------------ settings */

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_conf(const struct ldap_conf *a, const struct ldap_conf *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return same_str(a->url, b->url) && a->starttls == b->starttls &&
	    same_str(a->ca_file, b->ca_file) && same_str(a->base, b->base) &&
	    same_str(a->bind_dn, b->bind_dn) && same_str(a->bind_password, b->bind_password) &&
	    same_str(a->filter, b->filter) && same_str(a->attr_enabled, b->attr_enabled) &&
	    same_str(a->attr_home, b->attr_home) && same_str(a->attr_locator, b->attr_locator) &&
	    same_str(a->attr_account_control, b->attr_account_control) &&
	    same_str(a->user_bind_name, b->user_bind_name) &&
	    a->cache_ttl == b->cache_ttl && a->negative_ttl == b->negative_ttl &&
	    a->timeout == b->timeout;
}

static struct ldap_conf *
conf_dup(const struct ldap_conf *s)
{
	struct ldap_conf *c = calloc(1, sizeof *c);
	char **strs[] = { &c->url, &c->host, &c->ca_file, &c->base, &c->bind_dn,
	    &c->bind_password_file, &c->bind_password, &c->filter, &c->attr_enabled,
	    &c->attr_address, &c->attr_home, &c->attr_locator, &c->attr_account_control,
	    &c->user_bind_name };
	size_t i;

	if (c == NULL)
		return NULL;
	*c = *s;
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		if (*strs[i] != NULL && (*strs[i] = xstrdup(*strs[i])) == NULL) {
			while (++i < sizeof strs / sizeof strs[0])
				*strs[i] = NULL;	/* still the source's: not ours to free */
			topology_ldap_conf_free(c);
			return NULL;
		}
	}
	return c;
}

static void
settings_release(struct settings *s)
{
	if (s == NULL || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	topology_ldap_conf_free(s->c);
	free(s);
}

/* The settings in use, held (NULL: none). */
static struct settings *
settings_hold(struct ldapdir *d)
{
	struct settings *s;

	pthread_mutex_lock(&d->lock);
	if ((s = d->settings) != NULL)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&d->lock);
	return s;
}

/* ------------------------------------------------------------------ connections */

static void
close_idle_locked(struct ldapdir *d)
{
	struct idle *i, *next;
	int k;

	for (k = 0; k < 2; k++) {
		for (i = d->idle[k]; i != NULL; i = next) {
			next = i->next;
			ldap_conn_close(i->conn);
			free(i);
		}
		d->idle[k] = NULL;
	}
}

/* An idle connection of these settings, or a new one; *reused says which. */
static struct ldap_conn *
conn_take(struct ldapdir *d, const struct settings *s, enum pool_kind k, bool *reused,
    char **cause)
{
	struct ldap_conn *conn = NULL;
	struct idle *i;

	pthread_mutex_lock(&d->lock);
	while ((i = d->idle[k]) != NULL && conn == NULL) {
		d->idle[k] = i->next;
		if (i->epoch == s->epoch)
			conn = i->conn;
		else
			ldap_conn_close(i->conn);
		free(i);
	}
	pthread_mutex_unlock(&d->lock);
	*reused = conn != NULL;
	return conn != NULL ? conn : ldap_conn_open(s->c, cause);
}

static void
conn_give_back(struct ldapdir *d, const struct settings *s, enum pool_kind k,
    struct ldap_conn *conn)
{
	struct idle *i = malloc(sizeof *i);

	pthread_mutex_lock(&d->lock);
	if (i != NULL && s->epoch == d->epoch && !d->down) {
		*i = (struct idle){ d->idle[k], conn, s->epoch };
		d->idle[k] = i;
		conn = NULL;
		i = NULL;
	}
	pthread_mutex_unlock(&d->lock);
	free(i);
	ldap_conn_close(conn);
}

/* One operation on a connection of pool k: what it does, and what it returns. */
struct op {
	int	(*run)(struct ldap_conn *, struct op *, char **cause);
	const struct ldap_conf	*c;
	const char		*user, *password;
	const char		*bind_as;	/* find: non-NULL asks for bind_name; bind: who */
	struct ldap_record	 record;
	char			*bind_name;	/* find: the name the user found binds as */
	bool			 bound;
};

/*
 * Runs op; an idle connection that the server closed (Active Directory
 * drops idle ones after 15 minutes) is replaced by a new one once. Any other
 * failure — a timeout above all — is not retried: a request waits at most
 * about one timeout. 0, or -1 with *cause: the directory failed.
 */
static int
with_conn(struct ldapdir *d, const struct settings *s, enum pool_kind k, struct op *op,
    char **cause)
{
	struct ldap_conn *conn;
	bool reused;
	int attempt, rc;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((conn = conn_take(d, s, k, &reused, cause)) == NULL)
			return -1;
		if ((rc = op->run(conn, op, cause)) == 0) {
			conn_give_back(d, s, k, conn);
			return 0;
		}
		ldap_conn_close(conn);
		if (!reused || rc != LDAP_CONN_LOST)
			return -1;
		free(*cause);
		*cause = NULL;
	}
	return -1;
}

static int
run_find(struct ldap_conn *conn, struct op *op, char **cause)
{
	free(op->bind_name);
	op->bind_name = NULL;
	return ldap_conn_find(conn, op->c, op->user, &op->record,
	    op->bind_as != NULL ? &op->bind_name : NULL, cause);
}

static int
run_bind(struct ldap_conn *conn, struct op *op, char **cause)
{
	return ldap_conn_bind(conn, op->bind_as, op->password, &op->bound, cause);
}

/* ------------------------------------------------------------------ outages */

static void
mark_down(struct ldapdir *d, const struct settings *s, char *cause)
{
	double now = clock_seconds();

	atomic_fetch_add(&d->errors, 1);
	pthread_mutex_lock(&d->lock);
	if (s->epoch != d->epoch || d->down) {
		pthread_mutex_unlock(&d->lock);
		free(cause);
		return;
	}
	d->down = true;
	d->down_since = now;
	d->backoff = 1;
	d->next_attempt = now + d->backoff;
	free(d->down_cause);
	d->down_cause = cause;
	close_idle_locked(d);
	atomic_fetch_add(&d->outages, 1);
	if (d->log_level >= LOG_WARNING)
		fprintf(stderr, "lyncdiscoverd: warning: ldap: %s is down: %s; users not in the "
		    "cache get 503 until it is back\n", s->c->url, cause != NULL ? cause : "?");
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
}

/* While down: true with the seconds until the next attempt (at least 1). */
static bool
is_down(struct ldapdir *d, unsigned *retry_after)
{
	bool down;
	double left;

	pthread_mutex_lock(&d->lock);
	down = d->down;
	left = d->next_attempt - clock_seconds();
	pthread_mutex_unlock(&d->lock);
	*retry_after = left > 1 ? (unsigned)left + 1 : 1;	/* rounded up */
	return down;
}

/* One reconnection attempt, outside the lock: a connection that can read the base. */
static struct ldap_conn *
try_reconnect(const struct settings *s, char **cause)
{
	struct ldap_conn *conn = ldap_conn_open(s->c, cause);

	if (conn != NULL && ldap_conn_probe(conn, s->c, cause) != 0) {
		ldap_conn_close(conn);
		return NULL;
	}
	return conn;
}

static void
reconnected_locked(struct ldapdir *d, const struct settings *s, struct ldap_conn *conn)
{
	struct idle *i = malloc(sizeof *i);

	d->down = false;
	d->backoff = 1;
	if (d->log_level >= LOG_INFO)
		fprintf(stderr, "lyncdiscoverd: ldap: %s is reachable again (down %.0f s)\n",
		    s->c->url, clock_seconds() - d->down_since);
	if (i == NULL) {
		ldap_conn_close(conn);
		return;
	}
	*i = (struct idle){ d->idle[POOL_LOOKUP], conn, s->epoch };
	d->idle[POOL_LOOKUP] = i;
}

static void
wait_until(struct ldapdir *d, double when)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	when -= clock_seconds();
	if (when < 0)
		when = 0;
	ts.tv_sec += (time_t)when;
	ts.tv_nsec += (long)((when - (double)(time_t)when) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&d->wake, &d->lock, &ts);
}

static void *
reconnect_main(void *arg)
{
	struct ldapdir *d = arg;
	struct ldap_conn *conn;
	struct settings *s;
	char *cause;

	pthread_mutex_lock(&d->lock);
	while (!d->stopping) {
		if (!d->down || d->settings == NULL) {
			pthread_cond_wait(&d->wake, &d->lock);
			continue;
		}
		if (clock_seconds() < d->next_attempt) {
			wait_until(d, d->next_attempt);
			continue;
		}
		s = d->settings;
		atomic_fetch_add(&s->refs, 1);
		pthread_mutex_unlock(&d->lock);
		cause = NULL;
		conn = try_reconnect(s, &cause);
		pthread_mutex_lock(&d->lock);
		if (conn != NULL && s->epoch == d->epoch && d->down)
			reconnected_locked(d, s, conn);
		else {
			ldap_conn_close(conn);
			d->backoff = d->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : d->backoff * 2;
			d->next_attempt = clock_seconds() + d->backoff;
			if (cause != NULL) {
				free(d->down_cause);
				d->down_cause = cause;
				cause = NULL;
			}
		}
		free(cause);
		settings_release(s);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

/* ------------------------------------------------------------------ life */

bool
ldapdir_wanted(const struct topology *t)
{
	return t->sign_in.ldap != NULL;
}

static struct settings *
settings_new(const struct ldap_conf *c, unsigned epoch)
{
	struct settings *s;

	if (c == NULL || (s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->c = conf_dup(c)) == NULL) {
		free(s);
		return NULL;
	}
	atomic_init(&s->refs, 1);
	s->epoch = epoch;
	return s;
}

struct ldapdir *
ldapdir_new(const struct topology *t, char **cause)
{
	struct ldapdir *d = calloc(1, sizeof *d);
	pthread_condattr_t ca;

	if (d == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	d->log_level = t->log_level;
	d->backoff = 1;
	pthread_mutex_init(&d->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&d->wake, &ca);
	pthread_condattr_destroy(&ca);
	if ((d->cache = ldap_cache_new(CACHE_MAX)) == NULL || (t->sign_in.ldap != NULL &&
	    (d->settings = settings_new(t->sign_in.ldap, d->epoch)) == NULL)) {
		*cause = xstrdup("out of memory");
		ldapdir_free(d);
		return NULL;
	}
	if ((errno = pthread_create(&d->thread, NULL, reconnect_main, d)) != 0) {
		*cause = xasprintf_s("ldap: cannot start a thread: %s", strerror(errno));
		ldapdir_free(d);
		return NULL;
	}
	d->running = true;
	return d;
}

void
ldapdir_configure(struct ldapdir *d, const struct topology *t)
{
	struct settings *old = NULL, *s;

	pthread_mutex_lock(&d->lock);
	d->log_level = t->log_level;
	if (same_conf(d->settings != NULL ? d->settings->c : NULL, t->sign_in.ldap)) {
		pthread_mutex_unlock(&d->lock);
		return;
	}
	s = settings_new(t->sign_in.ldap, d->epoch + 1);
	if (s == NULL && t->sign_in.ldap != NULL) {
		pthread_mutex_unlock(&d->lock);
		fprintf(stderr, "lyncdiscoverd: ldap: out of memory: the previous directory "
		    "settings stay\n");
		return;
	}
	d->epoch++;
	old = d->settings;
	d->settings = s;
	close_idle_locked(d);
	ldap_cache_clear(d->cache);
	while (d->n_warned > 0)
		free(d->warned[--d->n_warned]);
	d->down = false;
	d->backoff = 1;
	pthread_mutex_unlock(&d->lock);
	settings_release(old);
}

void
ldapdir_free(struct ldapdir *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stopping = true;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	if (d->running)
		pthread_join(d->thread, NULL);
	close_idle_locked(d);
	settings_release(d->settings);
	ldap_cache_free(d->cache);
	while (d->n_warned > 0)
		free(d->warned[--d->n_warned]);
	free(d->down_cause);
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* ------------------------------------------------------------------ answers */

void
ldapdir_answer_fix(struct ldapdir_answer *out)
{
	out->a.home_dn = out->home_dn[0] != '\0' ? out->home_dn : NULL;
}

static void
answer_from(const struct ldap_record *r, struct ldapdir_answer *out)
{
	memset(out, 0, sizeof *out);
	out->a.status = r->status;
	out->a.enabled = r->enabled;
	out->a.online = r->online;
	memcpy(out->home_dn, r->home_dn, sizeof out->home_dn);
	ldapdir_answer_fix(out);
}

static void
unavailable(unsigned retry_after, struct ldapdir_answer *out)
{
	memset(out, 0, sizeof *out);
	out->a.status = DIR_UNAVAILABLE;
	out->a.retry_after = retry_after;
}

bool
ldapdir_cached(struct ldapdir *d, const char *user, struct ldapdir_answer *out)
{
	struct ldap_record r;
	bool fresh, have;
	unsigned retry;

	have = ldap_cache_get(d->cache, user, clock_seconds(), &r, &fresh);
	if (have && fresh) {
		atomic_fetch_add(&d->cache_hits, 1);
		answer_from(&r, out);
		return true;
	}
	if (!is_down(d, &retry))
		return false;
	if (have) {
		atomic_fetch_add(&d->cache_hits, 1);
		answer_from(&r, out);
	} else
		unavailable(retry, out);
	return true;
}

/* The warning of note_home(), naming the home-servers the DN could have been. */
static void
warn_home(const struct topology *t, const char *user, const struct ldap_record *r,
    const char *dn)
{
	char homes[1024];

	if (choices_home_servers(homes, sizeof homes, t) == 0)
		snprintf(homes, sizeof homes, "none: no pool has a home-server");
	fprintf(stderr, "lyncdiscoverd: warning: ldap: %s's home server %s%s%s is "
	    "no pool's home-server (the home-servers: %s): such users are homed on the "
	    "default pool \"%s\"\n", user, r->has_home ? "\"" : "", r->has_home ?
	    (dn[0] != '\0' ? dn : "(not a DN)") : "(none)", r->has_home ? "\"" : "", homes,
	    t->pools[t->default_pool].name);
}

/* A user whose home DN is no pool's is homed on the default pool: said once per DN. */
static void
note_home(struct ldapdir *d, const struct topology *t, const char *user,
    const struct ldap_record *r)
{
	const char *dn = r->has_home ? r->home_dn : "";
	size_t i;

	if (r->status != DIR_ENTRY || !r->enabled || r->online || users_pool_of_home(t, dn) >= 0)
		return;
	pthread_mutex_lock(&d->lock);
	for (i = 0; i < d->n_warned && strcmp(d->warned[i], dn) != 0; i++)
		continue;
	if (i == d->n_warned && d->n_warned < WARNED_MAX &&
	    (d->warned[d->n_warned] = xstrdup(dn)) != NULL) {
		d->n_warned++;
		if (d->log_level >= LOG_WARNING)
			warn_home(t, user, r, dn);
	}
	pthread_mutex_unlock(&d->lock);
}

static void
remember(struct ldapdir *d, const struct settings *s, const char *user, const struct ldap_record *r)
{
	bool positive = r->status == DIR_ENTRY && r->enabled;

	ldap_cache_put(d->cache, user, r, clock_seconds(),
	    positive ? s->c->cache_ttl : s->c->negative_ttl);
}

static void
count_time(atomic_ulong *sum, double since)
{
	atomic_fetch_add(sum, (unsigned long)((clock_seconds() - since) * 1e6));
}

/* Searches for user: 0 with op->record (and op->bind_name if op->bind_as was set), or -1 (marked down). */
static int
search(struct ldapdir *d, const struct settings *s, const struct topology *t, const char *user,
    struct op *op)
{
	double t0 = clock_seconds();
	char *cause = NULL;
	int rc;

	op->run = run_find;
	op->c = s->c;
	op->user = user;
	atomic_fetch_add(&d->lookups, 1);
	rc = with_conn(d, s, POOL_LOOKUP, op, &cause);
	count_time(&d->lookup_us, t0);
	if (rc != 0) {
		mark_down(d, s, cause);
		return -1;
	}
	remember(d, s, user, &op->record);
	note_home(d, t, user, &op->record);
	return 0;
}

void
ldapdir_lookup(struct ldapdir *d, const struct topology *t, const char *user,
    struct ldapdir_answer *out)
{
	struct settings *s = settings_hold(d);
	struct op op = { 0 };
	unsigned retry;

	if (s == NULL || is_down(d, &retry))
		unavailable(s == NULL ? BUSY_RETRY_AFTER : retry, out);
	else if (search(d, s, t, user, &op) == 0)
		answer_from(&op.record, out);
	else if (!ldapdir_cached(d, user, out))	/* down now: a stale entry, or 503 */
		unavailable(1, out);
	free(op.bind_name);
	settings_release(s);
}

static void	signin_once(struct ldapdir *, const struct topology *, const char *, const char *,
		    struct ldapdir_answer *);

#define NOBODY "lyncdiscover-no-such-user"

static const char *
nobody_value(void *cls, const char *name)
{
	(void)cls;
	(void)name;
	return NOBODY;
}

/*
 * Who an unknown or disabled user is bound as, so that the directory does
 * the same work as for a wrong password: a name of the form a genuine user's
 * has, naming nobody — a DN under the base, or user-bind-name with NOBODY
 * for every attribute ("CONTOSO\%{sAMAccountName}" gives
 * "CONTOSO\lyncdiscover-no-such-user"). Heap; NULL when memory runs out.
 */
static char *
nobody_name(const struct ldap_conf *c)
{
	if (c->user_bind_name != NULL)
		return bindname_expand(c->user_bind_name, nobody_value, NULL);
	return xasprintf_s("cn=" NOBODY ",%s", c->base);
}

/* Sleeps until the time since start is a whole number of SIGNIN_QUANTUM_MS. */
static void
round_up_time(double start)
{
	double q = SIGNIN_QUANTUM_MS / 1e3, took = clock_seconds() - start;
	double left = ((double)(long)(took / q) + 1) * q - took;
	struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

void
ldapdir_signin(struct ldapdir *d, const struct topology *t, const char *user,
    const char *password, struct ldapdir_answer *out)
{
	double start = clock_seconds();

	signin_once(d, t, user, password, out);
	if (out->a.status != DIR_UNAVAILABLE)
		round_up_time(start);
}

static void
signin_once(struct ldapdir *d, const struct topology *t, const char *user,
    const char *password, struct ldapdir_answer *out)
{
	struct settings *s = settings_hold(d);
	struct op op = { .bind_as = "" };
	char *cause = NULL, *nobody = NULL;
	bool genuine;
	unsigned retry;
	double t0;
	int rc;

	if (s == NULL || is_down(d, &retry) || search(d, s, t, user, &op) != 0) {
		unavailable(s == NULL || !is_down(d, &retry) ? 1 : retry, out);
		settings_release(s);
		return;
	}
	answer_from(&op.record, out);
	genuine = op.record.status == DIR_ENTRY && op.record.enabled && op.bind_name != NULL &&
	    password[0] != '\0';
	if (!genuine)
		nobody = nobody_name(s->c);
	op.run = run_bind;
	op.bind_as = genuine ? op.bind_name : nobody;
	op.password = password[0] != '\0' ? password : "-";
	t0 = clock_seconds();
	atomic_fetch_add(&d->binds, 1);
	rc = op.bind_as != NULL ? with_conn(d, s, POOL_BIND, &op, &cause) : -1;
	count_time(&d->bind_us, t0);
	if (rc != 0) {
		mark_down(d, s, cause != NULL ? cause : xstrdup("out of memory"));
		unavailable(1, out);
	} else
		out->a.password_ok = genuine && op.bound;
	free(nobody);
	free(op.bind_name);
	settings_release(s);
}

char *
ldapdir_degraded(void *cls)
{
	struct ldapdir *d = cls;
	char *why = NULL;

	pthread_mutex_lock(&d->lock);
	if (d->down && d->settings != NULL)
		why = xasprintf_s("degraded: ldap: %s is down since %.0f s: %s\n",
		    d->settings->c->url, clock_seconds() - d->down_since,
		    d->down_cause != NULL ? d->down_cause : "?");
	pthread_mutex_unlock(&d->lock);
	return why;
}

/* A summary of operation times without quantiles: the microseconds summed, and their count. */
static void
summary(struct prom *p, const char *name, const char *help, unsigned long long us,
    unsigned long count)
{
	char sum[96], n[96];

	snprintf(sum, sizeof sum, "%s_sum", name);
	snprintf(n, sizeof n, "%s_count", name);
	prom_family(p, name, "summary", help);
	prom_sample_real(p, sum, NULL, 0, (double)us / 1e6, 6);
	prom_sample(p, n, NULL, 0, count);
}

void
ldapdir_metrics(void *cls, struct prom *p)
{
	struct ldapdir *d = cls;
	bool configured, down;
	unsigned long lookups, binds;

	lookups = atomic_load(&d->lookups);
	binds = atomic_load(&d->binds);
	pthread_mutex_lock(&d->lock);
	configured = d->settings != NULL;
	down = d->down;
	pthread_mutex_unlock(&d->lock);
	if (!configured)
		return;
	prom_gauge(p, "lyncdiscover_ldap_up",
	    "1 while the LDAP directory is reachable, 0 during an outage.", down ? 0 : 1);
	prom_counter(p, "lyncdiscover_ldap_lookups_total",
	    "User searches sent to the LDAP directory.", lookups);
	prom_counter(p, "lyncdiscover_ldap_cache_hits_total",
	    "User requests answered from the LDAP cache.", atomic_load(&d->cache_hits));
	prom_gauge(p, "lyncdiscover_ldap_cache_entries", "Users in the LDAP cache.",
	    ldap_cache_count(d->cache));
	prom_counter(p, "lyncdiscover_ldap_errors_total",
	    "LDAP operations that failed (the directory was unreachable or refused).",
	    atomic_load(&d->errors));
	prom_counter(p, "lyncdiscover_ldap_outages_total", "Times the LDAP directory went down.",
	    atomic_load(&d->outages));
	prom_counter(p, "lyncdiscover_ldap_binds_total",
	    "Password binds (sign-ins) sent to the LDAP directory.", binds);
	summary(p, "lyncdiscover_ldap_lookup_seconds",
	    "Time of LDAP user searches (connecting included).", atomic_load(&d->lookup_us), lookups);
	summary(p, "lyncdiscover_ldap_bind_seconds",
	    "Time of LDAP password binds (connecting included).", atomic_load(&d->bind_us), binds);
}

int
ldapdir_check(const struct ldap_conf *c, char **cause)
{
	struct ldap_conn *conn = try_reconnect(&(struct settings){ .c = (struct ldap_conf *)c },
	    cause);

	ldap_conn_close(conn);
	return conn != NULL ? 0 : -1;
}
