/* SPDX-License-Identifier: MIT */
/*
 * unit_conns.c: the connection registry on socket pairs (the registry's side
 * of each pair plays libmicrohttpd's socket; the other side sees what a
 * client would: the stream ending). Eviction of the longest-idle connection
 * at the limit, refusal when none is idle, the head deadline, the keep-alive
 * deadline, and the counters.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "conns.h"

struct pair {
	int		 ours, theirs;
	struct conn	*c;
};

static const struct netaddr client_a = { 4, { 192, 0, 2, 1 } };
static const struct netaddr client_b = { 4, { 192, 0, 2, 2 } };

static void
open_from(struct conns *cs, struct pair *p, const struct netaddr *client)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		perror("socketpair");
		exit(99);
	}
	p->ours = sv[0];
	p->theirs = sv[1];
	fcntl(p->theirs, F_SETFL, O_NONBLOCK);
	p->c = conns_opened(cs, p->ours, client);
}

static void
open_pair(struct conns *cs, struct pair *p)
{
	open_from(cs, p, &client_a);	/* no per-client limit in these tests */
}

static void
close_pair(struct conns *cs, struct pair *p)
{
	conns_closed(cs, p->c);
	close(p->ours);
	close(p->theirs);
}

/* Has the registry ended this connection (the client side reads the end)? */
static int
ended(const struct pair *p)
{
	char b;

	return recv(p->theirs, &b, 1, 0) == 0;
}

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void
test_limit(void)
{
	struct conns_limits lim = { .max = 3, .header_ms = 60000, .keepalive_ms = 60000 };
	struct conns_counts n;
	struct pair p[5];
	char *cause = NULL;
	struct conns *cs = conns_new(&lim, &cause);
	int i;

	CHECK(cs != NULL, "conns_new: %s", cause != NULL ? cause : "");
	if (cs == NULL)
		return;
	for (i = 0; i < 3; i++)
		open_pair(cs, &p[i]);
	for (i = 0; i < 3; i++)
		conns_head_done(cs, p[i].c);
	conns_request_done(cs, p[1].c);	/* idle first: the longest idle */
	conns_request_done(cs, p[2].c);
	CHECK(!ended(&p[0]) && !ended(&p[1]) && !ended(&p[2]), "below the limit nothing ends");
	open_pair(cs, &p[3]);
	CHECK(ended(&p[1]), "at the limit the longest-idle connection ends");
	CHECK(!ended(&p[2]) && !ended(&p[0]) && !ended(&p[3]), "and no other");
	conns_head_done(cs, p[2].c);	/* busy again: nothing idle */
	open_pair(cs, &p[4]);
	CHECK(ended(&p[4]), "at the limit with none idle, the new connection ends");
	CHECK(!ended(&p[2]) && !ended(&p[0]) && !ended(&p[3]), "and no other");
	memset(&n, 0, sizeof n);
	conns_counts(cs, &n);
	CHECK_UINT("live", n.live, 3);
	CHECK_UINT("evicted", n.evicted, 1);
	CHECK_UINT("refused", n.refused, 1);
	for (i = 0; i < 5; i++)
		close_pair(cs, &p[i]);
	memset(&n, 0, sizeof n);
	conns_counts(cs, &n);
	CHECK_UINT("live after all closed", n.live, 0);
	conns_free(cs);
}

static void
test_deadlines(void)
{
	struct conns_limits lim = { .max = 100, .header_ms = 300, .keepalive_ms = 600,
	    .tick_ms = 50 };
	struct conns_counts n;
	struct pair head, busy, idle;
	char *cause = NULL;
	struct conns *cs = conns_new(&lim, &cause);

	CHECK(cs != NULL, "conns_new: %s", cause != NULL ? cause : "");
	if (cs == NULL)
		return;
	open_pair(cs, &head);
	open_pair(cs, &busy);
	open_pair(cs, &idle);
	conns_head_done(cs, busy.c);
	conns_head_done(cs, idle.c);
	conns_request_done(cs, idle.c);
	nap_ms(150);
	CHECK(!ended(&head) && !ended(&idle), "before the deadlines nothing ends");
	nap_ms(350);
	CHECK(ended(&head), "a head not complete after header_ms ends");
	CHECK(!ended(&idle), "an idle connection lasts keepalive_ms");
	nap_ms(400);
	CHECK(ended(&idle), "an idle connection ends after keepalive_ms");
	CHECK(!ended(&busy), "a connection in a request has no deadline here");
	memset(&n, 0, sizeof n);
	conns_counts(cs, &n);
	CHECK_UINT("header timeouts", n.header_timeouts, 1);
	CHECK_UINT("keep-alive timeouts", n.keepalive_timeouts, 1);
	close_pair(cs, &head);
	close_pair(cs, &busy);
	close_pair(cs, &idle);
	conns_free(cs);
}

static void
test_per_client(void)
{
	struct conns_limits lim = { .max = 100, .per_client = 2, .header_ms = 60000,
	    .keepalive_ms = 60000 };
	struct conns_counts n;
	struct pair p[5];
	char *cause = NULL;
	struct conns *cs = conns_new(&lim, &cause);
	int i;

	CHECK(cs != NULL, "conns_new: %s", cause != NULL ? cause : "");
	if (cs == NULL)
		return;
	open_from(cs, &p[0], &client_a);
	open_from(cs, &p[1], &client_a);
	open_from(cs, &p[2], &client_b);
	CHECK(!ended(&p[0]) && !ended(&p[1]) && !ended(&p[2]), "two of a, one of b: all stay");
	open_from(cs, &p[3], &client_a);
	CHECK(ended(&p[3]), "a third of a is refused");
	close_pair(cs, &p[3]);
	close_pair(cs, &p[0]);
	open_from(cs, &p[4], &client_a);
	CHECK(!ended(&p[4]), "once one of a is closed, a new one of a stays");
	memset(&n, 0, sizeof n);
	conns_counts(cs, &n);
	CHECK_UINT("refused per client", n.refused_per_client, 1);
	CHECK_UINT("live", n.live, 3);
	for (i = 1; i < 5; i++)
		if (i != 3)
			close_pair(cs, &p[i]);
	conns_free(cs);
}

int
main(void)
{
	test_limit();
	test_per_client();
	test_deadlines();
	return check_done("unit_conns");
}
