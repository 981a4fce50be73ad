/* SPDX-License-Identifier: MIT */
/*
 * fault_apply.c: delay, reset and truncate on libmicrohttpd 0.9.75 (see
 * fault_apply.h). What the client sees was checked with curl
 * (tests/admin_api.test): a reset is "Connection reset by peer" or an empty
 * reply (curl exit 56 or 52), a truncated body "transfer closed with N bytes
 * remaining" (curl exit 18). A paced answer is whole, only slow: a 270-byte
 * Root at 100 bytes a second takes 2.7 s (tests/admin_api.test).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fault_apply.h"
#include "response.h"

/* The delay is over (or the timers stop): libmicrohttpd calls the access handler again. */
static void
resume(void *arg, bool cancelled)
{
	(void)cancelled;
	MHD_resume_connection(arg);
}

/* Suspended under the timers' lock, before the timer thread can resume it. */
static void
suspend(void *arg)
{
	MHD_suspend_connection(arg);
}

int
fault_apply_delay(struct timers *t, struct MHD_Connection *c, unsigned ms)
{
	return timers_add(t, ms, resume, c, suspend);
}

/*
 * Linux: connect() with AF_UNSPEC on a connected TCP socket disconnects it
 * with a RST (tcp_disconnect()); libmicrohttpd's shutdown() and close() that
 * follow find it closed. SO_LINGER 0 would still send libmicrohttpd's FIN
 * first (it shuts the socket down for writing before closing it).
 */
void
fault_apply_reset(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	struct sockaddr sa = { .sa_family = AF_UNSPEC };
	struct linger lg = { 1, 0 };

	if (ci == NULL)
		return;
	setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	(void)connect(ci->connect_fd, &sa, sizeof sa);
}

/* The bytes [pos, end) of data into buf, at most max of them. */
static ssize_t
give_upto(char *buf, size_t max, const char *data, uint64_t pos, size_t end)
{
	size_t n = end - (size_t)pos;

	if (n > max)
		n = max;
	memcpy(buf, data + pos, n);
	return (ssize_t)n;
}

/* A heap copy of r's body (NULL when out of memory). */
static char *
body_copy(const struct reply *r)
{
	char *data = malloc(r->body_len + 1);

	if (data != NULL)
		memcpy(data, r->body, r->body_len);
	return data;
}

/*
 * Queues r's status and headers with a body read by reader from cls (freed
 * by free_cls, also when this fails).
 */
static enum MHD_Result
queue_read(struct MHD_Connection *c, const struct reply *r, size_t block,
    MHD_ContentReaderCallback reader, void *cls, MHD_ContentReaderFreeCallback free_cls)
{
	struct MHD_Response *resp = MHD_create_response_from_callback(r->body_len, block, reader,
	    cls, free_cls);
	enum MHD_Result ret;

	if (resp == NULL) {
		free_cls(cls);
		return MHD_NO;
	}
	if (response_add_headers(resp, r) != 0) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

struct cut_body {
	char	*data;
	size_t	 give;	/* bytes sent before the connection is closed */
};

static ssize_t
cut_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	const struct cut_body *b = cls;

	if (pos >= b->give)
		return MHD_CONTENT_READER_END_WITH_ERROR;	/* libmicrohttpd closes the connection */
	return give_upto(buf, max, b->data, pos, b->give);
}

static void
cut_free(void *cls)
{
	struct cut_body *b = cls;

	free(b->data);
	free(b);
}

enum MHD_Result
fault_apply_truncated(struct MHD_Connection *c, const struct reply *r, long bytes)
{
	struct cut_body *b = calloc(1, sizeof *b);

	if (b == NULL || (b->data = body_copy(r)) == NULL) {
		free(b);
		return MHD_NO;
	}
	b->give = bytes < 0 ? r->body_len / 2 : (size_t)bytes;
	if (b->give >= r->body_len && r->body_len > 0)
		b->give = r->body_len - 1;	/* at least one byte short */
	return queue_read(c, r, 4096, cut_reader, b, cut_free);
}

/* A body released a segment at a time. */
struct paced_body {
	char			*data;
	size_t			 len;
	size_t			 released;	/* bytes the reader may give */
	size_t			 segment;
	unsigned		 interval_ms;
	struct timers		*timers;
	struct MHD_Connection	*c;
};

/* The interval is over (or the timers stop): one more segment, and the connection back. */
static void
release_next(void *arg, bool cancelled)
{
	struct paced_body *b = arg;

	b->released = cancelled || b->len - b->released <= b->segment ? b->len :
	    b->released + b->segment;
	MHD_resume_connection(b->c);
}

static void
suspend_paced(void *arg)
{
	const struct paced_body *b = arg;

	MHD_suspend_connection(b->c);
}

/*
 * libmicrohttpd 0.9.75 lets a content reader suspend its connection and
 * return 0 ("nothing now"); once resumed it asks again.
 */
static ssize_t
paced_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct paced_body *b = cls;

	if (pos >= b->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (pos >= b->released) {
		if (timers_add(b->timers, b->interval_ms, release_next, b, suspend_paced) == 0)
			return 0;
		b->released = b->len;	/* the timers are full: the rest at once */
	}
	return give_upto(buf, max, b->data, pos, b->released);
}

static void
paced_free(void *cls)
{
	struct paced_body *b = cls;

	free(b->data);
	free(b);
}

enum MHD_Result
fault_apply_paced(struct timers *t, struct MHD_Connection *c, const struct reply *r,
    size_t segment, unsigned interval_ms)
{
	struct paced_body *b = calloc(1, sizeof *b);

	if (b == NULL || (b->data = body_copy(r)) == NULL) {
		free(b);
		return MHD_NO;
	}
	*b = (struct paced_body){ .data = b->data, .len = r->body_len, .segment = segment,
	    .interval_ms = interval_ms, .timers = t, .c = c };
	b->released = segment < b->len ? segment : b->len;
	return queue_read(c, r, segment < 4096 ? segment : 4096, paced_reader, b, paced_free);
}

void
fault_apply_bandwidth(unsigned bytes_per_second, size_t *segment, unsigned *interval_ms)
{
	*segment = bytes_per_second >= 20 ? bytes_per_second / 20 : 1;
	*interval_ms = (unsigned)(*segment * 1000 / bytes_per_second);
}
