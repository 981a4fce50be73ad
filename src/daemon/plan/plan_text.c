/* SPDX-License-Identifier: MIT */
/*
 * plan_text.c: the deployment plan as text for people, rendered from the
 * plan's JSON value (plan.c), so that text and --format json cannot disagree.
 */
#include <config.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "plan.h"
#include "plan_dns.h"
#include "plan_text.h"
#include "topology.h"

#define TEXT_WIDTH	78

/*
 * Text is rendered without allocating: a paragraph is a printf'd prefix, then
 * words wrapped at TEXT_WIDTH columns, continuation lines indented.
 */
struct wrap {
	FILE	*out;
	int	 col;
	int	 indent;
	bool	 fresh;		/* at the start of a line (or right after the prefix) */
};

static void wrap_start(struct wrap *, FILE *, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
wrap_start(struct wrap *w, FILE *out, int indent, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(out, fmt, ap);
	va_end(ap);
	w->out = out;
	w->col = n > 0 ? n : 0;
	w->indent = indent;
	w->fresh = true;
}

/* The len bytes of word, then suffix, as one unbreakable word. */
static void
wrap_word(struct wrap *w, const char *word, int len, const char *suffix)
{
	int n = len + (int)strlen(suffix);

	if (!w->fresh && w->col + 1 + n > TEXT_WIDTH) {
		fprintf(w->out, "\n%*s", w->indent, "");
		w->col = w->indent;
		w->fresh = true;
	}
	fprintf(w->out, "%s%.*s%s", w->fresh ? "" : " ", len, word, suffix);
	w->col += (w->fresh ? 0 : 1) + n;
	w->fresh = false;
}

static void
wrap_text(struct wrap *w, const char *text)
{
	int len;

	for (text += strspn(text, " "); *text != '\0'; text += strspn(text, " ")) {
		len = (int)strcspn(text, " ");
		wrap_word(w, text, len, "");
		text += len;
	}
}

/* The strings or numbers of array a as "a, b, c", or "none". */
static void
wrap_list(struct wrap *w, json_t *a)
{
	const char *suffix;
	char number[32];
	json_t *v;
	size_t i;

	if (json_array_size(a) == 0)
		wrap_word(w, "none", 4, "");
	json_array_foreach(a, i, v) {
		suffix = i + 1 < json_array_size(a) ? "," : "";
		if (json_is_integer(v)) {
			snprintf(number, sizeof number, "%lld", (long long)json_integer_value(v));
			wrap_word(w, number, (int)strlen(number), suffix);
		} else
			wrap_word(w, json_string_value(v), (int)strlen(json_string_value(v)), suffix);
	}
}

static void
wrap_end(struct wrap *w)
{
	fputc('\n', w->out);
}

static long long
num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static void
paragraph(FILE *out, const char *prefix, const char *text, int indent)
{
	struct wrap w;

	wrap_start(&w, out, indent, "%s", prefix);
	wrap_text(&w, text);
	wrap_end(&w);
}

static void
list_line(FILE *out, const char *prefix, json_t *a, int indent)
{
	struct wrap w;

	wrap_start(&w, out, indent, "%s", prefix);
	wrap_list(&w, a);
	wrap_end(&w);
}

static int
name_width(json_t *dns)
{
	const char *zone_key;
	json_t *records, *r;
	size_t i, w = 0;

	json_object_foreach(dns, zone_key, records)
		json_array_foreach(records, i, r)
			if (strlen(plan_str(r, "name")) > w)
				w = strlen(plan_str(r, "name"));
	return (int)w;
}

static void
text_records(FILE *out, json_t *dns, int width)
{
	static const char *const zone_key[] = { "internal", "external" };
	static const char *const title[] = {
		"internal zone (the internal network's resolvers) -> the HLB VIP in front of the pool",
		"external zone (public DNS) -> the reverse proxy's public address",
	};
	json_t *r;
	const char *a;
	size_t i;
	int loc;

	for (loc = 0; loc < ACCESS_LOCATION_COUNT; loc++) {
		fprintf(out, "  %s:\n", title[loc]);
		json_array_foreach(json_object_get(dns, zone_key[loc]), i, r) {
			a = json_string_value(json_object_get(r, "address"));
			fprintf(out, "    %-*s  %-4s  ", width, plan_str(r, "name"), plan_str(r, "type"));
			if (a != NULL)
				fprintf(out, "%s\n", a);
			else
				fprintf(out, "<%s>\n", plan_str(r, "unset"));
		}
	}
}

static void
text_dns(FILE *out, json_t *plan)
{
	json_t *dns = json_object_get(plan, "dns");

	fprintf(out, "\n1. DNS\n");
	text_records(out, dns, name_width(dns));
	fprintf(out, "  as BIND zone-file lines:\n");
	plan_dns_write(out, dns, PLAN_BIND, "    ");
}

static void
text_cert_file(FILE *out, json_t *f, size_t n_names)
{
	json_t *covers = json_object_get(f, "covers");
	struct wrap w;

	wrap_start(&w, out, 8, "    %s (line %lld): ", plan_str(f, "file"), num(f, "line"));
	if (covers == NULL)
		wrap_text(&w, plan_str(f, "error"));
	else if (json_array_size(covers) == n_names)
		wrap_text(&w, "covers all of them");
	else {
		wrap_text(&w, "covers only");
		wrap_list(&w, covers);
	}
	wrap_end(&w);
}

static void
text_listener_certs(FILE *out, json_t *c, const char *config)
{
	json_t *names = json_object_get(c, "names"), *f;
	size_t i;

	fprintf(out, "  HTTPS listener %s port %lld (%s, %s:%lld)\n", plan_str(c, "listener"),
	    num(c, "port"), plan_str(c, "access"), config, num(c, "line"));
	list_line(out, "    needs: ", names, 11);
	json_array_foreach(json_object_get(c, "files"), i, f)
		text_cert_file(out, f, json_array_size(names));
	list_line(out, "    missing today: ", json_object_get(c, "missing"), 8);
}

static void
text_certificates(FILE *out, json_t *plan)
{
	json_t *certs = json_object_get(plan, "certificates"), *c;
	json_t *proxy = json_object_get(certs, "reverse_proxy");
	size_t i;

	fprintf(out, "\n2. Certificates (DNS subjectAltNames)\n");
	if (json_array_size(json_object_get(certs, "listeners")) == 0)
		fprintf(out, "  no HTTPS listener\n");
	json_array_foreach(json_object_get(certs, "listeners"), i, c)
		text_listener_certs(out, c, plan_str(plan, "config"));
	if (json_is_object(proxy)) {
		fprintf(out, "  %s, its own certificate\n", plan_str(proxy, "at"));
		list_line(out, "    needs: ", json_object_get(proxy, "names"), 11);
		paragraph(out, "    ", plan_str(proxy, "note"), 4);
	}
}

static void
text_mapping(FILE *out, json_t *m)
{
	struct wrap w;

	wrap_start(&w, out, 8, "    %s %lld/TCP -> %s listener port(s) ", plan_str(m, "front"),
	    num(m, "public_port"), plan_str(m, "access"));
	wrap_list(&w, json_object_get(m, "listener_ports"));
	wrap_end(&w);
	if (json_is_true(json_object_get(m, "tls_ends_at_front")))
		fprintf(out, "        (no HTTPS listener: TLS ends at the %s, plain HTTP behind it)\n",
		    strcmp(plan_str(m, "access"), "external") == 0 ? "reverse proxy" : "HLB");
	list_line(out, "        for: ", json_object_get(m, "hosts"), 13);
}

static void
text_firewall(FILE *out, json_t *plan)
{
	char port[32];
	json_t *r, *m;
	size_t i;

	fprintf(out, "\n3. Firewall, reverse proxy and load balancer\n");
	json_array_foreach(json_object_get(plan, "firewall"), i, r) {
		snprintf(port, sizeof port, "%lld/TCP", num(r, "port"));
		fprintf(out, "  %-8s %-8s from %s to %s\n", plan_str(r, "direction"), port,
		    plan_str(r, "from"), plan_str(r, "to"));
		paragraph(out, "    ", plan_str(r, "why"), 4);
	}
	fprintf(out, "  port mappings (front port -> this daemon's listener ports):\n");
	if (json_array_size(json_object_get(plan, "port_mappings")) == 0)
		fprintf(out, "    none: no listener\n");
	json_array_foreach(json_object_get(plan, "port_mappings"), i, m)
		text_mapping(out, m);
}

void
plan_text_write(FILE *out, json_t *plan)
{
	json_t *v;
	size_t i;

	fprintf(out, "Deployment plan for %s\n", plan_str(plan, "config"));
	text_dns(out, plan);
	text_certificates(out, plan);
	text_firewall(out, plan);
	fprintf(out, "\n4. Hair-pinning\n");
	paragraph(out, "  ", plan_str(json_object_get(plan, "hairpin"), "text"), 2);
	fprintf(out, "\n5. Push notifications (Lync Server Management Shell and network)\n");
	json_array_foreach(json_object_get(plan, "push_notifications"), i, v)
		paragraph(out, "  [ ] ", json_string_value(v), 6);
	if (json_array_size(json_object_get(plan, "warnings")) > 0)
		fprintf(out, "\nWarnings\n");
	json_array_foreach(json_object_get(plan, "warnings"), i, v)
		paragraph(out, "  ", json_string_value(v), 4);
}
