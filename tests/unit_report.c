/* SPDX-License-Identifier: MIT */
/*
 * unit_report.c: what /metrics and /healthz say — the Prometheus text
 * written by prom.c byte for byte (HELP and TYPE lines, labels escaped as
 * the format asks, a histogram's buckets summed), and the report registry:
 * writers called in the order they registered, health lines gathered, "ok"
 * when every subsystem is well, a full registry refused.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "prom.h"
#include "report.h"
#include "util.h"

static void
test_prom_families(void)
{
	struct prom p = { 0 };
	char *text;

	prom_counter(&p, "x_total", "Things counted.", 42);
	prom_gauge(&p, "x_open", "Open now.", 0);
	prom_family(&p, "x_closed_total", "counter", "By reason.");
	prom_sample(&p, "x_closed_total", (struct prom_label[]){ { "reason", "idle" },
	    { "location", "external" } }, 2, 7);
	prom_sample_real(&p, "x_seconds_sum", NULL, 0, 0.25, 6);
	text = prom_finish(&p);
	CHECK_STR("families", text,
	    "# HELP x_total Things counted.\n"
	    "# TYPE x_total counter\n"
	    "x_total 42\n"
	    "# HELP x_open Open now.\n"
	    "# TYPE x_open gauge\n"
	    "x_open 0\n"
	    "# HELP x_closed_total By reason.\n"
	    "# TYPE x_closed_total counter\n"
	    "x_closed_total{reason=\"idle\",location=\"external\"} 7\n"
	    "x_seconds_sum 0.250000\n");
	free(text);
	CHECK(p.text == NULL && p.len == 0, "prom_finish leaves the writer empty");
	text = prom_finish(&p);
	CHECK_STR("nothing written: an empty text", text, "");
	free(text);
}

static void
test_prom_escapes(void)
{
	struct prom p = { 0 };
	char *text;

	/* A label value escapes backslash, double quote and newline; HELP only the first and last. */
	prom_family(&p, "y", "gauge", "a \"quoted\" \\ help\nline");
	prom_sample(&p, "y", &(struct prom_label){ "v", "a\"b\\c\nd" }, 1, 1);
	text = prom_finish(&p);
	CHECK_STR("escapes", text,
	    "# HELP y a \"quoted\" \\\\ help\\nline\n"
	    "# TYPE y gauge\n"
	    "y{v=\"a\\\"b\\\\c\\nd\"} 1\n");
	free(text);
}

static void
test_prom_histogram(void)
{
	static const double bounds[] = { 0.001, 0.5, 10 };
	static const unsigned long counts[] = { 1, 2, 0, 3 };	/* the last: above 10 */
	struct prom p = { 0 };
	char *text;

	prom_histogram(&p, "h_seconds", "Time.", bounds, counts, 3, 12.5, 9);
	text = prom_finish(&p);
	CHECK_STR("histogram", text,
	    "# HELP h_seconds Time.\n"
	    "# TYPE h_seconds histogram\n"
	    "h_seconds_bucket{le=\"0.001\"} 1\n"
	    "h_seconds_bucket{le=\"0.5\"} 3\n"
	    "h_seconds_bucket{le=\"10\"} 3\n"
	    "h_seconds_bucket{le=\"+Inf\"} 6\n"
	    "h_seconds_sum 12.500000000\n"
	    "h_seconds_count 6\n");
	free(text);
}

static void
write_a(void *cls, struct prom *p)
{
	prom_gauge(p, "a", "A.", *(unsigned *)cls);
}

static void
write_b(void *cls, struct prom *p)
{
	(void)cls;
	prom_counter(p, "b_total", "B.", 2);
}

static char *
well(void *cls)
{
	(void)cls;
	return NULL;
}

static char *
degraded(void *cls)
{
	return xasprintf_s("degraded: %s is down\n", (const char *)cls);
}

static void
test_report(void)
{
	struct report *r = report_new();
	unsigned a = 5;
	char *text;
	int i, full = 0;

	CHECK(r != NULL, "report_new");
	CHECK(report_add_metrics(NULL, write_a, &a) == 0, "no report: registering does nothing");
	text = report_metrics(r);
	CHECK_STR("nothing registered", text, "");
	free(text);
	text = report_health(r);
	CHECK_STR("nothing registered: ok", text, "ok\n");
	free(text);

	CHECK(report_add_metrics(r, write_b, NULL) == 0, "add b");
	CHECK(report_add_health(r, well, NULL) == 0, "add a health check");
	CHECK(report_add_metrics(r, write_a, &a) == 0, "add a");
	a = 9;	/* read when written, not when registered */
	text = report_metrics(r);
	CHECK_STR("writers in the order they came", text,
	    "# HELP b_total B.\n# TYPE b_total counter\nb_total 2\n"
	    "# HELP a A.\n# TYPE a gauge\na 9\n");
	free(text);
	text = report_health(r);
	CHECK_STR("every check well: ok", text, "ok\n");
	free(text);

	CHECK(report_add_health(r, degraded, "ldap") == 0, "add a degraded check");
	CHECK(report_add_health(r, degraded, "dns") == 0, "add another");
	text = report_health(r);
	CHECK_STR("each degraded line, in order", text,
	    "degraded: ldap is down\ndegraded: dns is down\n");
	free(text);

	for (i = 0; i < 64 && !full; i++)
		full = report_add_metrics(r, write_b, NULL) != 0;
	CHECK(full, "a full registry refuses more");
	report_free(r);
}

int
main(void)
{
	test_prom_families();
	test_prom_escapes();
	test_prom_histogram();
	test_report();
	return check_done("unit_report");
}
