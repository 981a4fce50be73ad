/* SPDX-License-Identifier: MIT */
/*
 * certcheck.c: subject alternative names, validity and key permissions of
 * the HTTPS listeners' certificates.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cert_info.h"
#include "certcheck.h"
#include "name_list.h"
#include "util.h"

struct check {
	const struct topology	*t;
	const char		*file;		/* where messages point: the configuration, or ... */
	bool			 by_flag;	/* ... the listener's command-line flag (no line) */
	bool			 as_errors;
	time_t			 now;
	struct diag		*d;
	int			 errors;
};

/* The line a message about the current listener gives: none for a flag. */
static long
at(const struct check *c, long line)
{
	return c->by_flag ? 0 : line;
}

/* A problem that is an error in --check and with strict-certificates, a warning otherwise. */
static void report(struct check *, long, const char *, ...) __attribute__((format(printf, 3, 4)));

static void
report(struct check *c, long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->as_errors) {
		diag_add(c->d, c->file, at(c, line), "%s", msg);
		c->errors++;
	} else
		diag_warn(c->d, c->file, at(c, line), "%s", msg);
}

static void
day(time_t t, char buf[16])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
}

static void
check_dates(struct check *c, const struct cert_pair *p, const struct cert_info *ci)
{
	char when[16];
	long days;

	if (ci->not_after < c->now) {
		day(ci->not_after, when);
		report(c, p->line, "certificate %s expired on %s", p->cert_file, when);
		return;
	}
	if (ci->not_before > c->now) {
		day(ci->not_before, when);
		report(c, p->line, "certificate %s is not valid before %s", p->cert_file, when);
		return;
	}
	days = (long)((ci->not_after - c->now) / 86400);
	if (days < CERTCHECK_EXPIRY_WARNING_DAYS) {
		day(ci->not_after, when);
		diag_warn(c->d, c->file, at(c, p->line), "certificate %s expires in %ld day(s), on %s",
		    p->cert_file, days, when);
	}
}

static void
check_key_mode(struct check *c, const struct cert_pair *p)
{
	struct stat st;

	if (stat(p->key_file, &st) != 0 || (st.st_mode & S_IROTH) == 0)
		return;
	diag_warn(c->d, c->file, at(c, p->line),
	    "key %s is readable by other users (mode %04o); chmod 600 it", p->key_file,
	    (unsigned)(st.st_mode & 07777));
}

/* "a.pem, b.pem" */
static char *
file_list(const struct listener_conf *l)
{
	char *s = xstrdup("");
	size_t i;

	for (i = 0; s != NULL && i < l->n_certs; i++)
		s = xstrappendf(s, "%s%s", i > 0 ? ", " : "", l->certs[i].cert_file);
	return s;
}

static void
check_coverage(struct check *c, const struct listener_conf *l, const struct cert_info *ci,
    size_t n_ci)
{
	struct name_list names = { 0 };
	size_t i, j;
	char *files;

	if (name_list_for_listener(c->t, l, &names) != 0 || (files = file_list(l)) == NULL) {
		name_list_free(&names);
		diag_add(c->d, c->file, at(c, l->line), "out of memory");
		c->errors++;
		return;
	}
	for (i = 0; i < names.n; i++) {
		for (j = 0; j < n_ci && !cert_info_covers(&ci[j], names.names[i]); j++)
			;
		if (j == n_ci)
			report(c, l->line, "listener %s port %u: no certificate covers %s (%s)",
			    l->address, l->port, names.names[i], files);
	}
	free(files);
	name_list_free(&names);
}

static void
check_listener(struct check *c, const struct listener_conf *l)
{
	struct cert_info *ci = calloc(l->n_certs, sizeof *ci);
	size_t i, n = 0;
	char *cause;

	if (ci == NULL)
		return;
	c->by_flag = l->flag != NULL;
	c->file = c->by_flag ? l->flag : c->t->source;
	for (i = 0; i < l->n_certs; i++) {
		check_key_mode(c, &l->certs[i]);
		if (cert_info_load(l->certs[i].cert_file, &ci[n], &cause) != 0) {
			free(cause);	/* tls_check_topology() reports unreadable files */
			continue;
		}
		check_dates(c, &l->certs[i], &ci[n]);
		n++;
	}
	if (n == l->n_certs)
		check_coverage(c, l, ci, n);
	for (i = 0; i < n; i++)
		cert_info_free(&ci[i]);
	free(ci);
}

int
certcheck_topology(const struct topology *t, bool as_errors, time_t now, struct diag *d)
{
	struct check c = { .t = t, .as_errors = as_errors, .now = now, .d = d };
	size_t i;

	for (i = 0; i < t->n_listeners; i++) {
		if (t->listeners[i].tls)
			check_listener(&c, &t->listeners[i]);
	}
	return c.errors;
}
