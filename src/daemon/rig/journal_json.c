/* SPDX-License-Identifier: MIT */
/*
 * journal_json.c: journal entries as JSON (see journal_json.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "journal_json.h"
#include "representation.h"
#include "util.h"

/* s as a JSON string, bytes that are not well-formed UTF-8 as \xHH; NULL if out of memory. */
static json_t *
string_json(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	char *out, *o;
	json_t *j;

	if ((out = malloc(4 * n + 1)) == NULL)
		return NULL;
	for (o = out; i < n; i += len) {
		if ((len = utf8_sequence_length(p + i, n - i)) > 0) {
			memcpy(o, p + i, len);
			o += len;
			continue;
		}
		*o++ = '\\';
		*o++ = 'x';
		*o++ = hex[p[i] >> 4];
		*o++ = hex[p[i] & 15];
		len = 1;
	}
	j = json_stringn(out, (size_t)(o - out));
	free(out);
	return j;
}

/* The field as text, or null when the request did not carry it. */
static json_t *
optional(const struct journal_entry *e, unsigned bit, const char *s)
{
	return (e->present & bit) != 0 ? string_json(s) : json_null();
}

static json_t *
iso_time(const struct timespec *ts)
{
	struct tm tm;
	char buf[40];
	size_t n;

	if (gmtime_r(&ts->tv_sec, &tm) == NULL)
		return json_null();
	n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n == 0)
		return json_null();
	return json_sprintf("%s.%03ldZ", buf, ts->tv_nsec / 1000000);
}

static json_t *
peer(const struct journal_entry *e)
{
	char text[NETADDR_TEXT];

	if ((e->present & JOURNAL_HAS_PEER) == 0)
		return json_null();
	netaddr_text(&e->peer, text);
	return json_string(text);
}

json_t *
journal_json_entry(const struct journal_entry *e)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= json_object_set_new(o, "id", json_integer((json_int_t)e->id));
	rc |= json_object_set_new(o, "time", iso_time(&e->time));
	rc |= json_object_set_new(o, "location",
	    json_string(e->location == ACCESS_INTERNAL ? "internal" : "external"));
	rc |= json_object_set_new(o, "peer", peer(e));
	rc |= json_object_set_new(o, "method", e->method[0] != '\0' ? string_json(e->method) :
	    json_null());
	rc |= json_object_set_new(o, "target", string_json(e->target));
	rc |= json_object_set_new(o, "host", optional(e, JOURNAL_HAS_HOST, e->host));
	rc |= json_object_set_new(o, "accept", optional(e, JOURNAL_HAS_ACCEPT, e->accept));
	rc |= json_object_set_new(o, "user_agent",
	    optional(e, JOURNAL_HAS_USER_AGENT, e->user_agent));
	rc |= json_object_set_new(o, "origin", optional(e, JOURNAL_HAS_ORIGIN, e->origin));
	rc |= json_object_set_new(o, "authorization",
	    optional(e, JOURNAL_HAS_AUTHORIZATION, e->authorization));
	rc |= json_object_set_new(o, "resource", e->resource != NULL ?
	    json_string(e->resource) : json_null());
	rc |= json_object_set_new(o, "representation", e->representation >= 0 &&
	    e->representation < REP_COUNT ?
	    json_string(representation_name((enum representation)e->representation)) :
	    json_null());
	rc |= json_object_set_new(o, "user", e->user[0] != '\0' ? string_json(e->user) :
	    json_null());
	rc |= json_object_set_new(o, "status", e->status != 0 ? json_integer(e->status) :
	    json_null());
	/* Rounded to the microsecond. */
	rc |= json_object_set_new(o, "ms", json_real((double)(long long)(e->ms * 1000 + 0.5) /
	    1000));
	rc |= json_object_set_new(o, "fault", e->fault != 0 ?
	    json_integer((json_int_t)e->fault) : json_null());
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
