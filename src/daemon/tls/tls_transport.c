/* SPDX-License-Identifier: MIT */
/*
 * tls_transport.c: how a TLS session reads and writes its socket: it reads
 * ahead, an answer leaves as one record, each flight in one write, and what a
 * full socket did not take is handed to tls_wait.c to write behind, as is a
 * handshake that would wait for the client (see tls_transport.h).
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tls_hello.h"
#include "tls_transport_impl.h"
#include "util.h"

/* The first allocation for bytes held back (a resumption's flight is about 250 bytes, a full one 1.6 KiB). */
#define HELD_INITIAL 2048

/* GnuTLS hands its vectors to the push function as giovec_t, laid out as struct iovec. */
static_assert(TLS_READ_AHEAD <= USHRT_MAX, "ahead_off and ahead_len are unsigned short");
static_assert(sizeof(giovec_t) == sizeof(struct iovec) &&
    offsetof(giovec_t, iov_base) == offsetof(struct iovec, iov_base) &&
    offsetof(giovec_t, iov_len) == offsetof(struct iovec, iov_len),
    "giovec_t is not struct iovec");

/* Gives GnuTLS up to n bytes read ahead; 0 when none are. */
static size_t
take_ahead(struct tls_transport *t, void *buf, size_t n)
{
	size_t k = n < t->ahead_len ? n : t->ahead_len;

	memcpy(buf, t->ahead + t->ahead_off, k);
	t->ahead_off = (unsigned short)(t->ahead_off + k);
	t->ahead_len = (unsigned short)(t->ahead_len - k);
	return k;
}

/*
 * A short read (a record's header) reads ahead into t->ahead; a long one
 * goes straight into GnuTLS's buffer. EAGAIN only with nothing ahead.
 */
static ssize_t
read_some(struct tls_transport *t, void *buf, size_t n)
{
	ssize_t r;

	if (t->ahead_len > 0)
		return (ssize_t)take_ahead(t, buf, n);
	if (n >= sizeof t->ahead)
		return recv(t->fd, buf, n, 0);
	if ((r = recv(t->fd, t->ahead, sizeof t->ahead, 0)) <= 0)
		return r;
	t->ahead_off = 0;
	t->ahead_len = (unsigned short)r;
	return (ssize_t)take_ahead(t, buf, n);
}

static int release_held(struct tls_transport *, enum hold);

/*
 * A stalled handshake reads nothing: what the server said stays held (it
 * never leaves), and the connection waits off libmicrohttpd's loop while
 * the transport's thread throws the client's bytes away, until the client
 * closes or the daemon stops; then the read is the end of the stream.
 */
static ssize_t
stalled_pull(struct tls_transport *t)
{
	if (t->stall == STALL_OVER)
		return 0;
	tls_wait_readable(t);
	errno = EAGAIN;
	return -1;
}

/*
 * GnuTLS's reads. Before one says EAGAIN, what is held leaves: the client
 * waits for it. A handshake that would wait waits off the listener thread.
 */
static ssize_t
transport_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct tls_transport *t = p;
	ssize_t r;

	if (t->stall != STALL_NONE)
		return stalled_pull(t);
	r = read_some(t, buf, n);

	if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
		if (t->hold == HOLD_TICKETS)
			t->hold = HOLD_ANSWER;	/* the request came with the Finished */
		return r;
	}
	if (t->hold != HOLD_DONE)
		(void)release_held(t, t->handshaken ? HOLD_DONE : HOLD_HANDSHAKE);
	if (!t->handshaken)
		tls_wait_readable(t);
	errno = EAGAIN;
	return -1;
}

/*
 * A ClientHello refused for its versions, suites or signature algorithms:
 * the alert TLS prescribes, sent at once (what is held leaves with it),
 * before GnuTLS refuses it and libmicrohttpd closes without a word. The
 * refusal's error is the one GnuTLS itself gives such a ClientHello. Then
 * the rig's faults: another certificate, or a handshake that never ends.
 */
static int
check_hello(struct tls_transport *t, const gnutls_datum_t *msg)
{
	char name[256] = "";
	int alert;

	t->hello = HELLO_READ;
	if (t->rules == NULL)
		return 0;
	if ((alert = tls_hello_check(&t->rules->policy, t->key_kinds, msg->data, msg->size)) != 0) {
		(void)gnutls_alert_send(t->session, GNUTLS_AL_FATAL,
		    (gnutls_alert_description_t)alert);
		(void)release_held(t, HOLD_DONE);
		t->hello = HELLO_ALERTED;
		return alert == GNUTLS_A_PROTOCOL_VERSION ? GNUTLS_E_UNSUPPORTED_VERSION_PACKET :
		    GNUTLS_E_NO_CIPHER_SUITES;
	}
	if (t->rules->faults == NULL)
		return 0;
	(void)tls_hello_server_name(msg->data, msg->size, name, sizeof name);
	if (t->rules->faults(t->rules->faults_cls, t->c, t->session, name) == TLS_HELLO_STALL)
		t->stall = STALL_HELD;
	return 0;
}

/*
 * Every handshake message, before and after GnuTLS reads (or sends) it. The
 * first ClientHello is checked before it is read; once the client's Finished
 * is read the handshake is over, and every later read is libmicrohttpd's,
 * whose EAGAIN it handles. (gnutls_handshake_get_last_in() cannot tell:
 * under TLS 1.3 it stays at the ClientHello, seen with GnuTLS 3.7.9.)
 */
static int
handshake_hook(gnutls_session_t session, unsigned int htype, unsigned int when,
    unsigned int incoming, const gnutls_datum_t *msg)
{
	struct tls_transport *t = gnutls_transport_get_ptr(session);

	if (!incoming)
		return 0;
	if (htype == GNUTLS_HANDSHAKE_CLIENT_HELLO && when == GNUTLS_HOOK_PRE &&
	    t->hello == HELLO_AWAITED)
		return check_hello(t, msg);
	if (htype == GNUTLS_HANDSHAKE_FINISHED && when == GNUTLS_HOOK_POST) {
		t->handshaken = true;
		if (t->hold == HOLD_HANDSHAKE)
			t->hold = HOLD_TICKETS;
	}
	return 0;
}

/* Only used by GnuTLS in blocking mode (libmicrohttpd's sessions are not); here for completeness. */
static int
transport_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	const struct tls_transport *t = p;
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };

	if (t->ahead_len > 0)
		return 1;
	return poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT || ms > INT_MAX ? -1 : (int)ms);
}

static ssize_t
send_iov(int fd, const giovec_t *iov, int iovcnt)
{
	struct msghdr m;

	memset(&m, 0, sizeof m);
	m.msg_iov = (struct iovec *)(uintptr_t)iov;
	m.msg_iovlen = (size_t)iovcnt;
	return sendmsg(fd, &m, MSG_NOSIGNAL);
}

/*
 * A write while bytes are behind, or during a flush. Bytes behind go first;
 * a flush's bytes are all taken (libmicrohttpd believes the answer sent), and
 * so are later ones while they fit under TLS_BEHIND_MAX. Otherwise EAGAIN,
 * and only after the socket said so: libmicrohttpd then waits for room as
 * it would without this module.
 *
 * With nothing behind, the write goes out without w->lock, as in
 * transport_push(): only this thread adds bytes behind, so none can appear
 * before the write, and the thread that drains them had sent its last one
 * when it cleared owing (release, read here with acquire). The lock is
 * shared by every listener thread: taken around the send of every flushed
 * answer, the listener threads of HTTPS keep-alive queued on it (perf:
 * about a sixth of the daemon's time in futex waits and wakes).
 */
static ssize_t
push_slow(struct tls_transport *t, const giovec_t *iov, int iovcnt)
{
	size_t total = tls_bytes_iov_total(iov, iovcnt);
	ssize_t ret;

	if (atomic_load_explicit(&t->owing, memory_order_acquire)) {
		switch (tls_wait_drain_first(t)) {
		case -1:
			return -1;
		case 0:
			return tls_wait_keep_behind(t, iov, iovcnt, 0, total);
		}
	}
	ret = send_iov(t->fd, iov, iovcnt);
	if (!t->flushing || (ret < 0 && !again(errno)) || (size_t)ret == total)
		return ret;
	return tls_wait_keep_behind(t, iov, iovcnt, ret > 0 ? (size_t)ret : 0, total);
}

/*
 * What is held leaves now, in one write, and all of it is taken (what the
 * socket does not take is written behind); then holds the next flight
 * (HOLD_HANDSHAKE) or nothing more (HOLD_DONE). -1 when the socket failed.
 */
static int
release_held(struct tls_transport *t, enum hold then)
{
	giovec_t v = { .iov_base = t->held.p, .iov_len = t->held.len };
	bool flushing = t->flushing;
	ssize_t r = 0;

	assert(then == HOLD_HANDSHAKE || then == HOLD_DONE);
	if (t->held.len > 0) {
		t->flushing = true;
		r = push_slow(t, &v, 1);
		t->flushing = flushing;
	}
	t->held.len = 0;
	t->hold = then;
	if (then == HOLD_DONE)
		bytes_free(&t->held);
	return r < 0 ? -1 : 0;
}

static ssize_t transport_push(gnutls_transport_ptr_t, const giovec_t *, int);

/*
 * A write while the first bytes are held back: held too. A write after the
 * first request that is not the flush of our answer (libmicrohttpd's own
 * answer, a close_notify) has no reason to wait: it leaves at once, after
 * what was held. Out of memory, what is held leaves and the write after it.
 */
static ssize_t
push_held(struct tls_transport *t, const giovec_t *iov, int iovcnt)
{
	size_t total = tls_bytes_iov_total(iov, iovcnt);

	if (tls_bytes_append_iov(&t->held, HELD_INITIAL, iov, iovcnt, 0, total) != 0) {
		if (release_held(t, HOLD_DONE) != 0)
			return -1;
		return transport_push(t, iov, iovcnt);
	}
	if (t->hold == HOLD_ANSWER && !t->flushing && release_held(t, HOLD_DONE) != 0)
		return -1;
	return (ssize_t)total;
}

/*
 * GnuTLS's writes: held while the first flights gather, then straight to
 * the socket unless bytes are behind or a flush runs.
 */
static ssize_t
transport_push(gnutls_transport_ptr_t p, const giovec_t *iov, int iovcnt)
{
	struct tls_transport *t = p;

	if (t->hold != HOLD_DONE)
		return push_held(t, iov, iovcnt);
	if (!t->flushing && !atomic_load_explicit(&t->owing, memory_order_acquire))
		return send_iov(t->fd, iov, iovcnt);
	return push_slow(t, iov, iovcnt);
}

struct tls_transport *
tls_transport_attach(struct tls_wait *w, const struct tls_hello_rules *rules,
    unsigned key_kinds, struct MHD_Connection *c, gnutls_session_t session, int fd)
{
	struct tls_transport *t;

	if (w == NULL || (t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	t->w = w;
	t->c = c;
	t->session = session;
	t->fd = fd;
	t->dup_fd = -1;
	gnutls_transport_set_ptr(session, t);
	gnutls_transport_set_pull_function(session, transport_pull);
	gnutls_transport_set_pull_timeout_function(session, transport_pull_timeout);
	gnutls_transport_set_vec_push_function(session, transport_push);
	t->rules = rules;
	t->key_kinds = (unsigned char)key_kinds;
	/* One hook a session: the ClientHello before GnuTLS reads it, the client's Finished after. */
	gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_ANY, GNUTLS_HOOK_BOTH,
	    handshake_hook);
	return t;
}

void
tls_transport_cork(struct tls_transport *t)
{
	if (t == NULL || t->corked || atomic_load_explicit(&t->owing, memory_order_acquire))
		return;
	gnutls_record_cork(t->session);
	t->corked = true;
}

/*
 * The answer leaves as one record (a record holds 16 KiB; a longer answer
 * leaves as several, still in one flush). Every byte is taken: what the
 * socket does not take now is written behind (push_slow). libmicrohttpd
 * corked the socket (TCP_CORK) for the answer's head, and pushes with
 * TCP_NODELAY after the body, before this flush: the cork is undone once a
 * connection, or every answer would wait for the kernel's 200 ms.
 */
void
tls_transport_flush(struct tls_transport *t)
{
	static const int off = 0;

	if (t == NULL || !t->corked)
		return;
	t->corked = false;
	t->flushing = true;
	(void)gnutls_record_uncork(t->session, 0);	/* a failure is the connection's end */
	if (t->hold != HOLD_DONE)
		(void)release_held(t, HOLD_DONE);	/* the first answer, after the tickets */
	t->flushing = false;
	if (!t->tcp_uncorked) {
		t->tcp_uncorked = true;
		(void)setsockopt(t->fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
	}
}

bool
tls_transport_detach(struct tls_transport *t)
{
	if (t == NULL)
		return false;
	/* libmicrohttpd closes no suspended connection; tls_wait_stop() resumed all before it stopped. */
	assert(!t->waiting);
	if (tls_wait_adopt(t))
		return true;
	transport_free(t);
	return false;
}
