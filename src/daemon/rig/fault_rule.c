/* SPDX-License-Identifier: MIT */
/*
 * fault_rule.c: fault rules from JSON, matched against a request's facts,
 * and back to JSON (see fault_rule.h).
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fault_rule.h"
#include "hostname.h"
#include "representation.h"
#include "route.h"
#include "util.h"

#define CONDITION_MAX 1024	/* bytes of a condition's text */

static const char *const kind_names[] = {
	[FAULT_DELAY] = "delay_ms",
	[FAULT_STATUS] = "status",
	[FAULT_RESET] = "reset",
	[FAULT_TRUNCATE] = "truncate",
	[FAULT_MALFORMED] = "malformed",
	[FAULT_REDIRECT] = "redirect",
	[FAULT_BANDWIDTH] = "bandwidth",
	[FAULT_SLICE] = "slice",
	[FAULT_HANG] = "hang",
	[FAULT_TLS] = "tls",
};

static const char *const tls_names[] = {
	[FAULT_TLS_EXPIRED] = "expired",
	[FAULT_TLS_WRONG_NAME] = "wrong-name",
	[FAULT_TLS_UNTRUSTED] = "untrusted",
	[FAULT_TLS_STALL] = "stall",
};

#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *
fault_rule_kind_name(enum fault_kind k)
{
	return kind_names[k];
}

enum fault_layer
fault_rule_layer(enum fault_kind k)
{
	return k == FAULT_TLS ? FAULT_LAYER_TLS : FAULT_LAYER_HTTP;
}

const char *
fault_rule_tls_name(enum fault_tls t)
{
	return tls_names[t];
}

/* Parsing state: the first error wins. */
struct parse {
	struct fault_rule	*r;
	char			*cause;
	unsigned		 n_actions;
	bool			 has_body, has_content_type, has_pause;
	bool			 http_condition;	/* resource, user or representation */
};

static void fail(struct parse *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->cause != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p->cause = xstrdup(msg);
	if (p->cause == NULL)
		p->cause = xstrdup("out of memory");
}

/* A string value of at most max bytes, copied; NULL after fail(). */
static char *
text(struct parse *p, const char *key, const json_t *v, size_t max)
{
	char *s;

	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > max) {
		fail(p, "%s: a non-empty string of at most %zu bytes", key, max);
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		fail(p, "%s: a string without NUL characters", key);
		return NULL;
	}
	if ((s = xstrdup(json_string_value(v))) == NULL)
		fail(p, "out of memory");
	return s;
}

/* An integer value in [lo, hi]; -1 after fail(). */
static long
integer(struct parse *p, const char *key, const json_t *v, long lo, long hi)
{
	json_int_t n;

	if (!json_is_integer(v) || (n = json_integer_value(v)) < lo || n > hi) {
		fail(p, "%s: an integer from %ld to %ld", key, lo, hi);
		return -1;
	}
	return (long)n;
}

static bool
must_be_true(struct parse *p, const char *key, const json_t *v)
{
	if (json_is_true(v))
		return true;
	fail(p, "%s: true (or leave it out)", key);
	return false;
}

static int
resource_from_name(const char *name)
{
	int i;

	for (i = RES_NOT_FOUND; i < RES_COUNT; i++) {
		if (strcmp(route_resource_name((enum resource)i), name) == 0)
			return i;
	}
	return -1;
}

static void
condition_host(struct parse *p, const json_t *v)
{
	char *h = text(p, "host", v, CONDITION_MAX);
	size_t n;

	if (h == NULL)
		return;
	n = strlen(h);
	if (n > 1 && h[n - 1] == '.')
		h[n - 1] = '\0';
	p->r->host = str_lower(h);
}

static void
condition_peer(struct parse *p, const json_t *v)
{
	if (!json_is_string(v) || cidr_parse(json_string_value(v), json_string_length(v),
	    &p->r->peer) != 0) {
		fail(p, "peer: an address or CIDR prefix (127.0.0.1, 192.0.2.0/24, ::1/128)");
		return;
	}
	p->r->has_peer = true;
}

/* host, resource, location, user, representation, peer; false if key is none of them. */
static bool
condition(struct parse *p, const char *key, const json_t *v)
{
	struct fault_rule *r = p->r;
	const char *s = json_is_string(v) ? json_string_value(v) : "";

	if (strcmp(key, "host") == 0)
		condition_host(p, v);
	else if (strcmp(key, "resource") == 0) {
		if (resource_from_name(s) < 0)
			fail(p, "resource: root, domain, user, oauth, token, xframe or not-found");
		else
			r->resource = xstrdup(s);
	} else if (strcmp(key, "location") == 0) {
		r->location = strcmp(s, "internal") == 0 ? ACCESS_INTERNAL :
		    strcmp(s, "external") == 0 ? ACCESS_EXTERNAL : -1;
		if (r->location < 0)
			fail(p, "location: internal or external");
	} else if (strcmp(key, "user") == 0)
		r->user = text(p, "user", v, CONDITION_MAX);
	else if (strcmp(key, "representation") == 0) {
		if ((r->representation = representation_from_name(s)) < 0)
			fail(p, "representation: autodiscover-xml, autodiscover-json, ucwa-json "
			    "or ucwa-xml");
	} else if (strcmp(key, "peer") == 0)
		condition_peer(p, v);
	else
		return false;
	if (strcmp(key, "resource") == 0 || strcmp(key, "user") == 0 ||
	    strcmp(key, "representation") == 0)
		p->http_condition = true;
	return true;
}

/* A header value must not split the header (CR, LF) nor hold other control bytes. */
static bool
header_safe(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	}
	return true;
}

static void
action_redirect(struct parse *p, const json_t *v)
{
	struct fault_action *a = &p->r->action;

	if ((a->redirect = text(p, "redirect", v, CONDITION_MAX)) == NULL)
		return;
	if ((strncasecmp(a->redirect, "http://", 7) != 0 &&
	    strncasecmp(a->redirect, "https://", 8) != 0) || !header_safe(a->redirect))
		fail(p, "redirect: an http:// or https:// URL");
}

static void
action_tls(struct parse *p, const json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	size_t k;

	for (k = 0; k < sizeof tls_names / sizeof tls_names[0]; k++) {
		if (strcmp(s, tls_names[k]) == 0) {
			p->r->action.tls = (enum fault_tls)k;
			return;
		}
	}
	fail(p, "tls: expired, wrong-name, untrusted or stall");
}

/* An action's name and value; false if key names none. */
static bool
action(struct parse *p, const char *key, const json_t *v)
{
	struct fault_action *a = &p->r->action;
	size_t k;

	for (k = 0; k < N_KINDS && strcmp(key, kind_names[k]) != 0; k++)
		;
	if (k == N_KINDS)
		return false;
	a->kind = (enum fault_kind)k;
	p->n_actions++;
	switch (a->kind) {
	case FAULT_DELAY:
		a->delay_ms = (unsigned)integer(p, key, v, 0, FAULT_MAX_DELAY_MS);
		break;
	case FAULT_STATUS:
		a->status = (unsigned)integer(p, key, v, 200, 599);
		break;
	case FAULT_TRUNCATE:
		if (json_is_integer(v))
			a->truncate = integer(p, key, v, 0, 1L << 30);
		else
			must_be_true(p, key, v);
		break;
	case FAULT_RESET:
	case FAULT_MALFORMED:
		must_be_true(p, key, v);
		break;
	case FAULT_REDIRECT:
		action_redirect(p, v);
		break;
	case FAULT_BANDWIDTH:
		a->bandwidth = (unsigned)integer(p, key, v, 1, FAULT_MAX_BANDWIDTH);
		break;
	case FAULT_SLICE:
		a->slice = (unsigned)integer(p, key, v, 1, FAULT_MAX_SLICE);
		break;
	case FAULT_HANG:
		must_be_true(p, key, v);
		break;
	case FAULT_TLS:
		action_tls(p, v);
		break;
	}
	return true;
}

/* times, probability, body, content_type, pause_ms; false if key is none of them. */
static bool
modifier(struct parse *p, const char *key, const json_t *v)
{
	struct fault_rule *r = p->r;

	if (strcmp(key, "times") == 0)
		r->times = (unsigned)integer(p, key, v, 1, 1000000000);
	else if (strcmp(key, "probability") == 0) {
		if (!json_is_number(v) || !(json_number_value(v) >= 0 && json_number_value(v) <= 1))
			fail(p, "probability: a number from 0 to 1");
		else
			r->probability = json_number_value(v);
	} else if (strcmp(key, "body") == 0) {
		p->has_body = true;
		if (!json_is_string(v) || json_string_length(v) > FAULT_MAX_TEXT)
			fail(p, "body: a string of at most %d bytes", FAULT_MAX_TEXT);
		else if ((r->action.body = xstrdup(json_string_value(v))) == NULL)
			fail(p, "out of memory");
	} else if (strcmp(key, "pause_ms") == 0) {
		p->has_pause = true;
		r->action.pause_ms = (unsigned)integer(p, key, v, 0, FAULT_MAX_PAUSE_MS);
	} else if (strcmp(key, "content_type") == 0) {
		p->has_content_type = true;
		r->action.content_type = text(p, key, v, CONDITION_MAX);
		if (r->action.content_type != NULL && !header_safe(r->action.content_type))
			fail(p, "content_type: no control characters");
	} else
		return false;
	return true;
}

static void
check_whole(struct parse *p)
{
	enum fault_kind k = p->r->action.kind;

	if (p->n_actions != 1)
		fail(p, "%s action: give one of delay_ms, status, reset, truncate, malformed, "
		    "redirect, bandwidth, slice, hang, tls", p->n_actions == 0 ? "no" : "more than one");
	else if ((p->has_body || p->has_content_type) && k != FAULT_STATUS)
		fail(p, "body and content_type go with status");
	else if (p->has_pause && k != FAULT_SLICE)
		fail(p, "pause_ms goes with slice");
	else if (k == FAULT_TLS && p->http_condition)
		fail(p, "a tls rule matches host (the SNI name), location and peer only: the "
		    "handshake comes before any request");
	if (k == FAULT_SLICE && !p->has_pause)
		p->r->action.pause_ms = FAULT_DEFAULT_PAUSE_MS;
}

int
fault_rule_parse(const json_t *o, struct fault_rule *r, char **cause)
{
	struct parse p = { .r = r };
	const char *key;
	json_t *v;

	memset(r, 0, sizeof *r);
	r->location = -1;
	r->representation = -1;
	r->probability = 1;
	r->action.truncate = -1;
	if (!json_is_object(o)) {
		*cause = xstrdup("a rule is a JSON object");
		return -1;
	}
	json_object_foreach((json_t *)o, key, v) {
		if (!condition(&p, key, v) && !action(&p, key, v) && !modifier(&p, key, v))
			fail(&p, "unknown key \"%s\" (conditions: host, resource, location, user, "
			    "representation, peer; actions: delay_ms, status, reset, truncate, "
			    "malformed, redirect, bandwidth, slice, hang, tls; times, probability, "
			    "body, content_type, pause_ms)", key);
		if (p.cause != NULL)
			break;
	}
	if (p.cause == NULL)
		check_whole(&p);
	if (p.cause != NULL) {
		fault_rule_free(r);
		*cause = p.cause;
		return -1;
	}
	return 0;
}

/* The request's host name (without port and one trailing dot) is name? */
static bool
host_is(const char *name, const char *host, size_t host_len)
{
	int n = host != NULL ? hostname_length(host, host_len) : -1;
	size_t len;

	if (n <= 0)
		return false;
	len = (size_t)n;
	if (len > 1 && host[len - 1] == '.')
		len--;
	return strlen(name) == len && strncasecmp(name, host, len) == 0;
}

bool
fault_rule_matches(const struct fault_rule *r, const struct fault_facts *f)
{
	if (fault_rule_layer(r->action.kind) != f->layer)
		return false;
	if (r->host != NULL && !host_is(r->host, f->host, f->host_len))
		return false;
	if (r->resource != NULL && (f->resource == NULL || strcmp(r->resource, f->resource) != 0))
		return false;
	if (r->location >= 0 && r->location != (int)f->location)
		return false;
	if (r->user != NULL && (f->user == NULL || strcasecmp(r->user, f->user) != 0))
		return false;
	if (r->representation >= 0 && r->representation != f->representation)
		return false;
	if (r->has_peer && (f->peer == NULL || !cidr_contains(&r->peer, f->peer)))
		return false;
	return true;
}

static json_t *
action_value(const struct fault_action *a)
{
	switch (a->kind) {
	case FAULT_DELAY:
		return json_integer(a->delay_ms);
	case FAULT_STATUS:
		return json_integer(a->status);
	case FAULT_TRUNCATE:
		return a->truncate >= 0 ? json_integer(a->truncate) : json_true();
	case FAULT_REDIRECT:
		return json_string(a->redirect);
	case FAULT_BANDWIDTH:
		return json_integer(a->bandwidth);
	case FAULT_SLICE:
		return json_integer(a->slice);
	case FAULT_TLS:
		return json_string(tls_names[a->tls]);
	case FAULT_HANG:
	case FAULT_RESET:
	case FAULT_MALFORMED:
	default:
		return json_true();
	}
}

static json_t *
peer_json(const struct cidr *c)
{
	char text[NETADDR_TEXT];

	netaddr_text(&c->addr, text);
	return json_sprintf("%s/%u", text, c->bits);
}

static int
set_optional_text(json_t *o, const char *key, const char *value)
{
	return value != NULL ? json_object_set_new(o, key, json_string(value)) : 0;
}

json_t *
fault_rule_json(const struct fault_rule *r)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= json_object_set_new(o, "id", json_integer((json_int_t)r->id));
	rc |= set_optional_text(o, "host", r->host);
	rc |= set_optional_text(o, "resource", r->resource);
	rc |= set_optional_text(o, "location", r->location < 0 ? NULL :
	    r->location == ACCESS_INTERNAL ? "internal" : "external");
	rc |= set_optional_text(o, "user", r->user);
	rc |= set_optional_text(o, "representation", r->representation >= 0 ?
	    representation_name((enum representation)r->representation) : NULL);
	if (r->has_peer)
		rc |= json_object_set_new(o, "peer", peer_json(&r->peer));
	rc |= json_object_set_new(o, kind_names[r->action.kind], action_value(&r->action));
	rc |= set_optional_text(o, "body", r->action.body);
	rc |= set_optional_text(o, "content_type", r->action.content_type);
	if (r->action.kind == FAULT_SLICE)
		rc |= json_object_set_new(o, "pause_ms", json_integer(r->action.pause_ms));
	rc |= json_object_set_new(o, "times", r->times > 0 ? json_integer(r->times) : json_null());
	rc |= json_object_set_new(o, "probability", json_real(r->probability));
	rc |= json_object_set_new(o, "fired", json_integer((json_int_t)r->fired));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

void
fault_rule_action_free(struct fault_action *a)
{
	free(a->body);
	free(a->content_type);
	free(a->redirect);
	a->body = a->content_type = a->redirect = NULL;
}

int
fault_rule_action_copy(struct fault_action *dst, const struct fault_action *src)
{
	*dst = *src;
	dst->body = src->body != NULL ? xstrdup(src->body) : NULL;
	dst->content_type = src->content_type != NULL ? xstrdup(src->content_type) : NULL;
	dst->redirect = src->redirect != NULL ? xstrdup(src->redirect) : NULL;
	if ((src->body != NULL && dst->body == NULL) ||
	    (src->content_type != NULL && dst->content_type == NULL) ||
	    (src->redirect != NULL && dst->redirect == NULL)) {
		fault_rule_action_free(dst);
		return -1;
	}
	return 0;
}

void
fault_rule_free(struct fault_rule *r)
{
	free(r->host);
	free(r->resource);
	free(r->user);
	fault_rule_action_free(&r->action);
	r->host = r->resource = r->user = NULL;
}
