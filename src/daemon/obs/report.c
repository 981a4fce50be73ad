/* SPDX-License-Identifier: MIT */
/*
 * report.c: the registry behind /metrics and /healthz (see report.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

/* Registrations a daemon makes: the server, the sign-in gate, the LDAP directory. */
#define REPORT_MAX 16

struct report {
	struct {
		report_metrics_fn	 fn;
		void			*cls;
	}			 metrics[REPORT_MAX];
	size_t			 n_metrics;
	struct {
		report_health_fn	 fn;
		void			*cls;
	}			 health[REPORT_MAX];
	size_t			 n_health;
};

struct report *
report_new(void)
{
	return calloc(1, sizeof(struct report));
}

void
report_free(struct report *r)
{
	free(r);
}

int
report_add_metrics(struct report *r, report_metrics_fn fn, void *cls)
{
	if (r == NULL)
		return 0;
	if (r->n_metrics == REPORT_MAX)
		return -1;
	r->metrics[r->n_metrics].fn = fn;
	r->metrics[r->n_metrics++].cls = cls;
	return 0;
}

int
report_add_health(struct report *r, report_health_fn fn, void *cls)
{
	if (r == NULL)
		return 0;
	if (r->n_health == REPORT_MAX)
		return -1;
	r->health[r->n_health].fn = fn;
	r->health[r->n_health++].cls = cls;
	return 0;
}

char *
report_metrics(struct report *r)
{
	struct prom p = { 0 };
	size_t i;

	for (i = 0; i < r->n_metrics; i++)
		r->metrics[i].fn(r->metrics[i].cls, &p);
	return prom_finish(&p);
}

char *
report_health(struct report *r)
{
	char *all = NULL, *line, *more;
	size_t i;

	for (i = 0; i < r->n_health; i++) {
		if ((line = r->health[i].fn(r->health[i].cls)) == NULL)
			continue;
		more = all != NULL ? xasprintf_s("%s%s", all, line) : line;
		if (more != line)
			free(line);
		free(all);
		if ((all = more) == NULL)
			return NULL;
	}
	return all != NULL ? all : xstrdup("ok\n");
}
