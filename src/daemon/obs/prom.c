/* SPDX-License-Identifier: MIT */
/*
 * prom.c: the Prometheus text exposition format (see prom.h).
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"

static void
put(struct prom *p, const char *s, size_t n)
{
	size_t cap;
	char *more;

	if (p->failed)
		return;
	if (p->len + n + 1 > p->cap) {
		cap = p->cap > 0 ? p->cap : 4096;
		while (p->len + n + 1 > cap)
			cap *= 2;
		if ((more = realloc(p->text, cap)) == NULL) {
			p->failed = true;
			return;
		}
		p->text = more;
		p->cap = cap;
	}
	memcpy(p->text + p->len, s, n);
	p->len += n;
	p->text[p->len] = '\0';
}

static void
put_str(struct prom *p, const char *s)
{
	put(p, s, strlen(s));
}

/*
 * s with the format's escapes: a backslash and a newline always, a double
 * quote in a label value (HELP text keeps its quotes, as the format says).
 */
static void
put_escaped(struct prom *p, const char *s, bool quote)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n" :
		    *s == '"' && quote ? "\\\"" : NULL;

		if (esc == NULL)
			continue;
		put(p, run, (size_t)(s - run));
		put_str(p, esc);
		run = s + 1;
	}
	put(p, run, (size_t)(s - run));
}

static void put_format(struct prom *, const char *, ...) __attribute__((format(printf, 2, 3)));

/* A number, formatted (the only printf here: no text from outside goes through it). */
static void
put_format(struct prom *p, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf) {
		p->failed = true;
		return;
	}
	put(p, buf, (size_t)n);
}

void
prom_family(struct prom *p, const char *name, const char *type, const char *help)
{
	put_str(p, "# HELP ");
	put_str(p, name);
	put_str(p, " ");
	put_escaped(p, help, false);
	put_str(p, "\n# TYPE ");
	put_str(p, name);
	put_str(p, " ");
	put_str(p, type);
	put_str(p, "\n");
}

static void
put_name(struct prom *p, const char *name, const struct prom_label *labels, size_t n)
{
	size_t i;

	put_str(p, name);
	for (i = 0; i < n; i++) {
		put_str(p, i == 0 ? "{" : ",");
		put_str(p, labels[i].name);
		put_str(p, "=\"");
		put_escaped(p, labels[i].value, true);
		put_str(p, "\"");
	}
	put_str(p, n > 0 ? "} " : " ");
}

void
prom_sample(struct prom *p, const char *name, const struct prom_label *labels, size_t n_labels,
    unsigned long long value)
{
	put_name(p, name, labels, n_labels);
	put_format(p, "%llu\n", value);
}

void
prom_sample_real(struct prom *p, const char *name, const struct prom_label *labels,
    size_t n_labels, double value, int decimals)
{
	put_name(p, name, labels, n_labels);
	put_format(p, "%.*f\n", decimals, value);
}

void
prom_counter(struct prom *p, const char *name, const char *help, unsigned long long v)
{
	prom_family(p, name, "counter", help);
	prom_sample(p, name, NULL, 0, v);
}

void
prom_gauge(struct prom *p, const char *name, const char *help, unsigned long long v)
{
	prom_family(p, name, "gauge", help);
	prom_sample(p, name, NULL, 0, v);
}

/* name with suffix (_bucket, _sum, _count) into buf; false if it does not fit. */
static bool
suffixed(char *buf, size_t size, const char *name, const char *suffix)
{
	int n = snprintf(buf, size, "%s%s", name, suffix);

	return n > 0 && (size_t)n < size;
}

void
prom_histogram(struct prom *p, const char *name, const char *help, const double *bounds,
    const unsigned long *counts, size_t n, double sum, int decimals)
{
	char bucket[128], total_name[128], sum_name[128], le[32];
	unsigned long long total = 0;
	size_t i;

	if (!suffixed(bucket, sizeof bucket, name, "_bucket") ||
	    !suffixed(sum_name, sizeof sum_name, name, "_sum") ||
	    !suffixed(total_name, sizeof total_name, name, "_count")) {
		p->failed = true;
		return;
	}
	prom_family(p, name, "histogram", help);
	for (i = 0; i <= n; i++) {
		total += counts[i];
		if (i < n)
			snprintf(le, sizeof le, "%g", bounds[i]);
		else
			snprintf(le, sizeof le, "+Inf");
		prom_sample(p, bucket, &(struct prom_label){ "le", le }, 1, total);
	}
	prom_sample_real(p, sum_name, NULL, 0, sum, decimals);
	prom_sample(p, total_name, NULL, 0, total);
}

char *
prom_finish(struct prom *p)
{
	char *text = p->failed ? NULL : p->text;

	if (p->failed)
		free(p->text);
	else if (text == NULL)
		text = calloc(1, 1);	/* nothing written: an empty text */
	*p = (struct prom){ NULL, 0, 0, false };
	return text;
}
