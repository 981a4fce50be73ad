/* SPDX-License-Identifier: MIT */
/*
 * unit_journal.c: the request journal — the ring wrapping around, newest
 * first, the filters (since, user, resource, limit), clearing, fields cut to
 * size, never a credential kept (only the scheme), the JSON of an entry
 * (field order, nulls, stray bytes as \xHH), and concurrent writers with a
 * reader that must only ever see whole entries (the per-slot seqlock).
 */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "journal.h"
#include "journal_json.h"

static struct journal_request
request(const char *target, const char *user, const char *resource)
{
	static struct netaddr peer;

	netaddr_parse("192.0.2.7", strlen("192.0.2.7"), &peer);
	return (struct journal_request){ .time = { 1800000000, 123456789 }, .ms = 1.5,
	    .location = ACCESS_EXTERNAL, .peer = &peer, .status = 200, .resource = resource,
	    .representation = REP_UCWA_JSON, .method = "GET", .target = target,
	    .host = "lyncdiscover.contoso.com:443", .host_len = strlen("lyncdiscover.contoso.com"),
	    .user = user };
}

/* The ids journal_each() gives, as "5 4 3". */
struct ids {
	char	text[256];
};

static int
collect(const struct journal_entry *e, void *arg)
{
	struct ids *ids = arg;
	size_t n = strlen(ids->text);

	snprintf(ids->text + n, sizeof ids->text - n, "%s%llu", n > 0 ? " " : "", e->id);
	return 0;
}

static const char *
ids_of(struct journal *j, const struct journal_filter *f)
{
	static struct ids ids;

	ids.text[0] = '\0';
	journal_each(j, f, collect, &ids);
	return ids.text;
}

static void
test_ring(void)
{
	struct journal *j = journal_new(3);
	struct journal_request rq;
	char target[32];
	int i;

	CHECK(journal_new(0) == NULL, "journal-size 0: no journal");
	CHECK(j != NULL && journal_size(j) == 3, "a ring of 3");
	CHECK_STR("empty", ids_of(j, &(struct journal_filter){ 0 }), "");
	for (i = 1; i <= 5; i++) {
		snprintf(target, sizeof target, "/?n=%d", i);
		rq = request(target, i % 2 == 0 ? "bob@contoso.com" : "alice@contoso.com",
		    i == 4 ? "oauth" : "root");
		journal_record(j, &rq);
	}
	CHECK_STR("five into three: the last three, newest first",
	    ids_of(j, &(struct journal_filter){ 0 }), "5 4 3");
	CHECK_STR("since=3", ids_of(j, &(struct journal_filter){ .since = 3 }), "5 4");
	CHECK_STR("since=1 (older than the ring holds)",
	    ids_of(j, &(struct journal_filter){ .since = 1 }), "5 4 3");
	CHECK_STR("limit=2", ids_of(j, &(struct journal_filter){ .limit = 2 }), "5 4");
	CHECK_STR("user (case-insensitive)",
	    ids_of(j, &(struct journal_filter){ .user = "BOB@contoso.com" }), "4");
	CHECK_STR("resource", ids_of(j, &(struct journal_filter){ .resource = "root" }), "5 3");
	CHECK_STR("user and resource, limit",
	    ids_of(j, &(struct journal_filter){ .user = "alice@contoso.com", .limit = 1 }), "5");
	journal_clear(j);
	CHECK_STR("cleared", ids_of(j, &(struct journal_filter){ 0 }), "");
	rq = request("/", "", "root");
	journal_record(j, &rq);
	CHECK_STR("after clearing, ids go on", ids_of(j, &(struct journal_filter){ 0 }), "6");
	CHECK_UINT("nothing dropped", journal_dropped(j), 0);
	journal_free(j);
	journal_record(NULL, &rq);	/* journal-size 0: the request path records nothing */
}

static int
keep_first(const struct journal_entry *e, void *arg)
{
	memcpy(arg, e, sizeof *e);
	return -1;
}

static void
test_fields(void)
{
	struct journal *j = journal_new(4);
	struct journal_request rq = request("/", "alice@contoso.com", "oauth");
	struct journal_entry e;
	char long_target[1000];

	rq.authorization = "Bearer eyJ0b2tlbiI6InNlY3JldCJ9.c2VjcmV0";
	rq.accept = "application/json";
	journal_record(j, &rq);
	journal_each(j, &(struct journal_filter){ 0 }, keep_first, &e);
	CHECK_STR("authorization: the scheme only", e.authorization, "Bearer");
	CHECK(memmem(&e, sizeof e, "c2VjcmV0", 8) == NULL && memmem(&e, sizeof e, "eyJ0", 4) == NULL,
	    "the credential is nowhere in the entry");
	CHECK_STR("host: host_len bytes", e.host, "lyncdiscover.contoso.com");
	CHECK((e.present & JOURNAL_HAS_ORIGIN) == 0 && (e.present & JOURNAL_HAS_ACCEPT) != 0,
	    "absent headers are marked absent, present ones present");

	rq.authorization = NULL;
	rq.webticket = "opaque=c2VjcmV0";
	memset(long_target, 'a', sizeof long_target - 1);
	long_target[0] = '/';
	long_target[sizeof long_target - 1] = '\0';
	rq.target = long_target;
	journal_record(j, &rq);
	journal_each(j, &(struct journal_filter){ 0 }, keep_first, &e);
	CHECK_STR("a web ticket: its header's name", e.authorization, "X-MS-WebTicket");
	CHECK(memmem(&e, sizeof e, "c2VjcmV0", 8) == NULL, "the web ticket is nowhere in the entry");
	CHECK_UINT("a long target is cut", strlen(e.target), JOURNAL_TARGET - 1);
	journal_free(j);
}

static void
test_json(void)
{
	struct journal *j = journal_new(2);
	struct journal_request rq = request("/?sipuri=alice@contoso.com", "", NULL);
	struct journal_entry e;
	json_t *o;
	char *text;

	rq.user_agent = "odd\377byte \xc3\xa9";
	rq.status = 0;
	rq.fault = 7;
	rq.representation = -1;
	journal_record(j, &rq);
	journal_each(j, &(struct journal_filter){ 0 }, keep_first, &e);
	o = journal_json_entry(&e);
	text = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	CHECK_STR("an entry as JSON", text,
	    "{\"id\":1,\"time\":\"2027-01-15T08:00:00.123Z\",\"location\":\"external\","
	    "\"peer\":\"192.0.2.7\",\"method\":\"GET\",\"target\":\"/?sipuri=alice@contoso.com\","
	    "\"host\":\"lyncdiscover.contoso.com\",\"accept\":null,"
	    "\"user_agent\":\"odd\\\\xffbyte \xc3\xa9\",\"origin\":null,\"authorization\":null,"
	    "\"resource\":null,\"representation\":null,\"user\":null,\"status\":null,"
	    "\"ms\":1.5,\"fault\":7}");
	free(text);
	json_decref(o);
	journal_free(j);
}

/* Writers record "/t<thread>/<n>" as both target and user agent; a torn entry would differ. */
#define WRITERS 4
#define PER_WRITER 20000

struct race {
	struct journal	*j;
	int		 thread;
	volatile int	*done;
	unsigned long	 seen, torn;
};

static void *
writer(void *arg)
{
	struct race *r = arg;
	struct journal_request rq;
	char text[64];
	int i;

	for (i = 0; i < PER_WRITER; i++) {
		snprintf(text, sizeof text, "/t%d/%d%s", r->thread, i, i % 3 == 0 ? "/long-tail" : "");
		rq = request(text, "", "root");
		rq.user_agent = text;
		journal_record(r->j, &rq);
	}
	return NULL;
}

static int
check_whole(const struct journal_entry *e, void *arg)
{
	struct race *r = arg;

	r->seen++;
	if (strcmp(e->target, e->user_agent) != 0 || e->resource == NULL)
		r->torn++;
	return 0;
}

static void *
reader(void *arg)
{
	struct race *r = arg;

	while (!*r->done)
		journal_each(r->j, &(struct journal_filter){ 0 }, check_whole, r);
	return NULL;
}

static void
test_concurrent(void)
{
	struct journal *j = journal_new(64);
	pthread_t w[WRITERS], rd;
	struct race wr[WRITERS], rr;
	volatile int done = 0;
	unsigned long read_meanwhile;
	int i;

	rr = (struct race){ .j = j, .done = &done };
	pthread_create(&rd, NULL, reader, &rr);
	for (i = 0; i < WRITERS; i++) {
		wr[i] = (struct race){ .j = j, .thread = i, .done = &done };
		pthread_create(&w[i], NULL, writer, &wr[i]);
	}
	for (i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	done = 1;
	pthread_join(rd, NULL);
	CHECK(rr.seen > 0, "the reader saw entries while the writers wrote");
	CHECK_UINT("no torn entry among those read", rr.torn, 0);
	read_meanwhile = rr.seen;
	rr.seen = 0;
	journal_each(j, &(struct journal_filter){ 0 }, check_whole, &rr);
	CHECK(rr.seen + journal_dropped(j) >= 64 && rr.seen <= 64,
	    "at the end the ring is full (%lu entries, %lu dropped)", rr.seen, journal_dropped(j));
	printf("concurrent: %d writers x %d, the reader read %lu entries meanwhile, %lu dropped\n",
	    WRITERS, PER_WRITER, read_meanwhile, journal_dropped(j));
	journal_free(j);
}

int
main(void)
{
	test_ring();
	test_fields();
	test_json();
	test_concurrent();
	return check_done("unit_journal");
}
