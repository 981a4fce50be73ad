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

/* One registration: a writer of metrics or a health check. */
struct registration {
	report_metrics_fn	 metrics;
	report_health_fn	 health;
	void			*cls;
};

struct report {
	struct registration	 list[REPORT_MAX];
	size_t			 n;
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

static int
add(struct report *r, struct registration reg)
{
	if (r == NULL)
		return 0;
	if (r->n == REPORT_MAX)
		return -1;
	r->list[r->n++] = reg;
	return 0;
}

int
report_add_metrics(struct report *r, report_metrics_fn fn, void *cls)
{
	return add(r, (struct registration){ .metrics = fn, .cls = cls });
}

int
report_add_health(struct report *r, report_health_fn fn, void *cls)
{
	return add(r, (struct registration){ .health = fn, .cls = cls });
}

char *
report_metrics(struct report *r)
{
	struct prom p = { 0 };
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->list[i].metrics != NULL)
			r->list[i].metrics(r->list[i].cls, &p);
	return prom_finish(&p);
}

char *
report_health(struct report *r)
{
	char *all = NULL, *line, *more;
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->list[i].health == NULL || (line = r->list[i].health(r->list[i].cls)) == NULL)
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
