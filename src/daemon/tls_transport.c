/* SPDX-License-Identifier: MIT */
/*
 * tls_transport.c: how a TLS session reads and writes its socket: it reads
 * ahead, an answer leaves as one record, bytes a full socket did not take are
 * written behind, and a handshake waits for the client off the listener
 * threads (see tls_transport.h).
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
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
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "clock.h"
#include "tls_transport.h"
#include "util.h"

#define EVENTS_MAX 64
/* The first allocation for bytes held back (a resumption's flight is about 250 bytes, a full one 1.6 KiB). */
#define HELD_INITIAL 2048

/* GnuTLS hands its vectors to the push function as giovec_t, laid out as struct iovec. */
static_assert(TLS_READ_AHEAD <= USHRT_MAX, "ahead_off and ahead_len are unsigned short");
static_assert(sizeof(giovec_t) == sizeof(struct iovec) &&
    offsetof(giovec_t, iov_base) == offsetof(struct iovec, iov_base) &&
    offsetof(giovec_t, iov_len) == offsetof(struct iovec, iov_len),
    "giovec_t is not struct iovec");

/* Bytes kept for a connection: p[0, len) of cap allocated. */
struct bytes {
	unsigned char	*p;
	size_t		 len, cap;
};

/*
 * A connection's first bytes are held back until the client needs them, so
 * that each flight leaves in one write (see tls_transport.h).
 */
enum hold {
	HOLD_HANDSHAKE,	/* the server's flights, until the handshake waits for the client */
	HOLD_TICKETS,	/* the client's Finished came: the session tickets GnuTLS sends next */
	HOLD_ANSWER,	/* the first request came with the Finished: the tickets wait for its answer */
	HOLD_DONE	/* every write goes straight out */
};

struct tls_transport {
	struct tls_wait		*w;
	struct MHD_Connection	*c;
	gnutls_session_t	 session;
	int			 fd;
	bool			 handshaken;	/* the client's Finished came (finished_hook) */
	bool			 waiting;	/* suspended, its socket in w->ep (under w->lock) */
	bool			 watched;	/* its socket is in w->ep, armed or not (under w->lock) */
	struct tls_transport	*prev, *next;	/* in w->waiting or w->behind (under w->lock) */
	/* One record an answer; only libmicrohttpd's thread of the connection touches these. */
	bool			 corked;	/* an answer is gathering in the session */
	bool			 flushing;	/* every byte is taken (tls_transport_flush, release_held) */
	bool			 tcp_uncorked;	/* libmicrohttpd's TCP_CORK undone (tls_transport_flush) */
	enum hold		 hold;
	struct bytes		 held;		/* held back while hold != HOLD_DONE */
	/* Written behind (under w->lock; owing is read without it). */
	atomic_bool		 owing;		/* behind.len > 0 */
	bool			 registered;	/* dup_fd is in w->ep, and the thread frees an orphan */
	bool			 orphan;	/* libmicrohttpd closed the connection: the thread's now */
	int			 dup_fd;	/* the socket, for the thread; -1 when not registered */
	double			 deadline;	/* an orphan's, monotonic_seconds() */
	struct bytes		 behind;
	unsigned short		 ahead_off;	/* ahead[ahead_off, +ahead_len) is unread */
	unsigned short		 ahead_len;
	unsigned char		 ahead[TLS_READ_AHEAD];
};

/*
 * One a connection, allocated and freed on libmicrohttpd's threads: it must
 * stay within glibc's per-thread cache (chunks of up to 1,032 bytes). At
 * 1,152 bytes (a 1024-byte read-ahead) every later request of the daemon
 * cost 516 more instructions in malloc after 100 new TLS connections
 * (callgrind, the User over HTTPS keep-alive: 64,666 against 64,086).
 */
static_assert(sizeof(struct tls_transport) <= 1032, "struct tls_transport outgrew glibc's tcache");

struct tls_wait {
	pthread_mutex_t		 lock;
	struct tls_transport	*waiting;
	struct tls_transport	*behind;	/* registered to write behind */
	unsigned		 linger_seconds;
	unsigned		 orphans;	/* of them, closed by libmicrohttpd */
	bool			 stopping;	/* no more waits: tls_wait_stop() was called */
	int			 ep;		/* the waiting sockets, those with bytes behind, stop_fd, kick_fd */
	int			 stop_fd;	/* an eventfd: the thread's signal to end */
	int			 kick_fd;	/* an eventfd: a new orphan, a new deadline */
	pthread_t		 thread;
	bool			 running;
	atomic_ulong		 waits;
	atomic_ulong		 behinds;
};

static void
list_add(struct tls_transport **head, struct tls_transport *t)
{
	t->prev = NULL;
	t->next = *head;
	if (*head != NULL)
		(*head)->prev = t;
	*head = t;
}

static void
list_remove(struct tls_transport **head, struct tls_transport *t)
{
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		*head = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
}

/*
 * Appends iov's bytes from offset skip on (n of them) to b, growing it to at
 * least min_cap bytes. -1 when out of memory.
 */
static int
bytes_append_iov(struct bytes *b, size_t min_cap, const giovec_t *iov, int iovcnt, size_t skip,
    size_t n)
{
	size_t need = b->len + n, k;
	unsigned char *p;
	int i;

	if (need > b->cap) {
		k = need > min_cap ? need : min_cap;
		if ((p = realloc(b->p, k)) == NULL)
			return -1;
		b->p = p;
		b->cap = k;
	}
	for (i = 0; i < iovcnt; i++) {
		k = iov[i].iov_len;
		if (skip >= k) {
			skip -= k;
			continue;
		}
		memcpy(b->p + b->len, (const unsigned char *)iov[i].iov_base + skip, k - skip);
		b->len += k - skip;
		skip = 0;
	}
	return 0;
}

static size_t
iov_total(const giovec_t *iov, int iovcnt)
{
	size_t n = 0;
	int i;

	for (i = 0; i < iovcnt; i++)
		n += iov[i].iov_len;
	return n;
}

static void
bytes_free(struct bytes *b)
{
	free(b->p);
	*b = (struct bytes){ NULL, 0, 0 };
}

/*
 * Off the waiting list. Its socket stays in w->ep, disarmed (EPOLLONESHOT):
 * a later wait re-arms it, and its close takes it out (or, with bytes
 * behind, the close of the dup, the last descriptor of the socket; it stays
 * disarmed till then). Under w->lock.
 */
static void
unlink_waiter(struct tls_wait *w, struct tls_transport *t)
{
	list_remove(&w->waiting, t);
	t->waiting = false;
}

/*
 * Takes the connection off libmicrohttpd's loop until its socket turns
 * readable. Suspended first: the socket's event can only come after.
 */
static void
wait_readable(struct tls_transport *t)
{
	struct tls_wait *w = t->w;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.ptr = t };

	pthread_mutex_lock(&w->lock);
	if (w->stopping || t->waiting) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
	MHD_suspend_connection(t->c);
	if (epoll_ctl(w->ep, t->watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, t->fd, &ev) != 0) {
		/* Cannot watch it: libmicrohttpd takes it back (and spins, as before). */
		pthread_mutex_unlock(&w->lock);
		MHD_resume_connection(t->c);
		return;
	}
	t->waiting = true;
	t->watched = true;
	list_add(&w->waiting, t);
	atomic_fetch_add_explicit(&w->waits, 1, memory_order_relaxed);
	pthread_mutex_unlock(&w->lock);
}

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
 * GnuTLS's reads. Before one says EAGAIN, what is held leaves: the client
 * waits for it. A handshake that would wait waits off the listener thread.
 */
static ssize_t
transport_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct tls_transport *t = p;
	ssize_t r = read_some(t, buf, n);

	if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
		if (t->hold == HOLD_TICKETS)
			t->hold = HOLD_ANSWER;	/* the request came with the Finished */
		return r;
	}
	if (t->hold != HOLD_DONE)
		(void)release_held(t, t->handshaken ? HOLD_DONE : HOLD_HANDSHAKE);
	if (!t->handshaken)
		wait_readable(t);
	errno = EAGAIN;
	return -1;
}

/*
 * The client's Finished: the handshake is over, and every later read is
 * libmicrohttpd's, whose EAGAIN it handles. (gnutls_handshake_get_last_in()
 * cannot tell: under TLS 1.3 it stays at the ClientHello, seen with GnuTLS
 * 3.7.9.)
 */
static int
finished_hook(gnutls_session_t session, unsigned int htype, unsigned int when,
    unsigned int incoming, const gnutls_datum_t *msg)
{
	struct tls_transport *t = gnutls_transport_get_ptr(session);

	(void)htype;
	(void)when;
	(void)msg;
	if (!incoming)
		return 0;
	t->handshaken = true;
	if (t->hold == HOLD_HANDSHAKE)
		t->hold = HOLD_TICKETS;
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

static bool
again(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == EINTR;
}

/* Wakes the thread through an eventfd (stop_fd or kick_fd). */
static void
signal_fd(int fd)
{
	static const uint64_t one = 1;

	if (write(fd, &one, sizeof one) != (ssize_t)sizeof one)
		abort();	/* an eventfd takes 8 bytes unless it overflows */
}

/* Has the thread wait for room in the socket of bytes behind (op: ADD or MOD). */
static int
watch_room(struct tls_wait *w, struct tls_transport *t, int op)
{
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLONESHOT, .data.ptr = t };

	return epoll_ctl(w->ep, op, t->dup_fd, &ev);
}

/* Ends writing behind: out of w->ep and w->behind, the bytes dropped. Under w->lock. */
static void
unregister_behind(struct tls_wait *w, struct tls_transport *t)
{
	assert(t->registered);
	(void)epoll_ctl(w->ep, EPOLL_CTL_DEL, t->dup_fd, NULL);
	close(t->dup_fd);
	t->dup_fd = -1;
	t->registered = false;
	list_remove(&w->behind, t);
	bytes_free(&t->behind);	/* rare: not kept for the connection's life */
	atomic_store_explicit(&t->owing, false, memory_order_release);
	if (t->orphan)
		w->orphans--;
}

static void
transport_free(struct tls_transport *t)
{
	free(t->held.p);
	free(t->behind.p);
	free(t);
}

/*
 * Writes what is behind to fd (libmicrohttpd's socket or the thread's dup).
 * Under w->lock. 0 when all or some left (the socket is full), -1 when the
 * socket failed (the bytes can never leave).
 */
static int
drain_behind(struct tls_transport *t, int fd)
{
	ssize_t n;

	while (t->behind.len > 0) {
		n = send(fd, t->behind.p, t->behind.len, MSG_NOSIGNAL);
		if (n < 0)
			return again(errno) ? 0 : -1;
		memmove(t->behind.p, t->behind.p + n, t->behind.len - (size_t)n);
		t->behind.len -= (size_t)n;
	}
	atomic_store_explicit(&t->owing, false, memory_order_release);
	return 0;
}

/*
 * Keeps iov's bytes from offset skip on (n of them), behind, and has the
 * thread watch the socket for room. Under w->lock. -1 with errno when it
 * cannot.
 */
static int
keep_behind(struct tls_transport *t, const giovec_t *iov, int iovcnt, size_t skip, size_t n)
{
	struct tls_wait *w = t->w;

	if (w->stopping) {
		errno = ECONNABORTED;	/* nobody would write it */
		return -1;
	}
	if (bytes_append_iov(&t->behind, 0, iov, iovcnt, skip, n) != 0)
		return -1;
	atomic_store_explicit(&t->owing, true, memory_order_release);
	if (t->registered)
		return 0;
	if ((t->dup_fd = fcntl(t->fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return -1;
	if (watch_room(w, t, EPOLL_CTL_ADD) != 0) {
		close(t->dup_fd);
		t->dup_fd = -1;
		return -1;
	}
	t->registered = true;
	list_add(&w->behind, t);
	atomic_fetch_add_explicit(&w->behinds, 1, memory_order_relaxed);
	return 0;
}

/*
 * Writes what is behind on the connection's own socket, before a new write.
 * 1 when all of it left (the new write can go straight out), 0 when some is
 * still behind, -1 with errno when the socket failed.
 */
static int
drain_first(struct tls_transport *t)
{
	struct tls_wait *w = t->w;
	int r, e;

	pthread_mutex_lock(&w->lock);
	r = drain_behind(t, t->fd);
	if (r == 0)
		r = t->behind.len == 0;
	e = errno;
	pthread_mutex_unlock(&w->lock);
	errno = e;
	return r;
}

/*
 * Keeps iov's bytes from offset skip on behind: a flush's all, a later
 * write's while they fit under TLS_BEHIND_MAX, else EAGAIN. total: all of
 * iov's bytes, what a write kept returns.
 */
static ssize_t
keep_locked(struct tls_transport *t, const giovec_t *iov, int iovcnt, size_t skip, size_t total)
{
	struct tls_wait *w = t->w;
	ssize_t ret = -1;
	int e;

	pthread_mutex_lock(&w->lock);
	if (!t->flushing && t->behind.len + total - skip > TLS_BEHIND_MAX)
		errno = EAGAIN;
	else if (keep_behind(t, iov, iovcnt, skip, total - skip) == 0)
		ret = (ssize_t)total;
	e = errno;
	pthread_mutex_unlock(&w->lock);
	errno = e;
	return ret;
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
	size_t total = iov_total(iov, iovcnt);
	ssize_t ret;

	if (atomic_load_explicit(&t->owing, memory_order_acquire)) {
		switch (drain_first(t)) {
		case -1:
			return -1;
		case 0:
			return keep_locked(t, iov, iovcnt, 0, total);
		}
	}
	ret = send_iov(t->fd, iov, iovcnt);
	if (!t->flushing || (ret < 0 && !again(errno)) || (size_t)ret == total)
		return ret;
	return keep_locked(t, iov, iovcnt, ret > 0 ? (size_t)ret : 0, total);
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
	size_t total = iov_total(iov, iovcnt);

	if (bytes_append_iov(&t->held, HELD_INITIAL, iov, iovcnt, 0, total) != 0) {
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

/* The thread: room in the socket of a connection with bytes behind, or its deadline passed. */
static void
write_behind(struct tls_wait *w, struct tls_transport *t)
{
	if (drain_behind(t, t->dup_fd) == 0 && t->behind.len > 0 &&
	    watch_room(w, t, EPOLL_CTL_MOD) == 0)
		return;
	unregister_behind(w, t);
	if (t->orphan)
		transport_free(t);
}

/* Orphans past their deadline are dropped; the milliseconds to the next deadline, or -1. */
static int
expire_orphans(struct tls_wait *w)
{
	double now = monotonic_seconds(), next = -1;
	struct tls_transport *t, *nt;

	for (t = w->behind; t != NULL; t = nt) {
		nt = t->next;
		if (!t->orphan)
			continue;
		if (t->deadline <= now) {
			unregister_behind(w, t);
			transport_free(t);
		} else if (next < 0 || t->deadline < next)
			next = t->deadline;
	}
	return next < 0 ? -1 : (int)((next - now) * 1000) + 1;
}

/*
 * An event: the socket of a waiting handshake turned readable (libmicrohttpd
 * takes the connection back), or one with bytes behind has room. A handshake
 * can wait with bytes behind (a flight its socket did not take), and the
 * event does not say which socket fired: both are served. A wait resumed by
 * the room event is harmless (the next read finds nothing and waits again);
 * a readable event spent on the bytes behind alone would have left the
 * connection suspended for good, its socket disarmed.
 */
static void
wake(struct tls_wait *w, struct tls_transport *t)
{
	bool resume;

	pthread_mutex_lock(&w->lock);
	resume = t->waiting;	/* before write_behind(), which may free an orphan (never waiting) */
	if (resume && t->registered) {
		/*
		 * The event may be the dup's, leaving the socket armed: out of
		 * w->ep, or a later event could name the transport after it is
		 * freed (a MOD cannot disarm it: epoll adds EPOLLHUP and EPOLLERR).
		 */
		(void)epoll_ctl(w->ep, EPOLL_CTL_DEL, t->fd, NULL);
		t->watched = false;
	}
	if (t->registered)
		write_behind(w, t);
	if (resume)
		unlink_waiter(w, t);
	pthread_mutex_unlock(&w->lock);
	if (resume)
		MHD_resume_connection(t->c);
}

/* Resets the kick eventfd; how many kicks came does not matter. */
static void
take_kicks(const struct tls_wait *w)
{
	uint64_t n;

	if (read(w->kick_fd, &n, sizeof n) < 0)
		return;	/* EAGAIN: taken already */
}

/*
 * A waiting connection is suspended, so libmicrohttpd cannot close it and
 * its transport stays alive until this thread (the only one resuming while
 * it runs) resumes it; one registered to write behind is freed only here
 * (or after this thread ends): an event's pointer is always valid here.
 */
static void *
waiter_thread(void *arg)
{
	struct tls_wait *w = arg;
	struct epoll_event evs[EVENTS_MAX];
	int n, i, timeout;

	for (;;) {
		pthread_mutex_lock(&w->lock);
		timeout = expire_orphans(w);
		pthread_mutex_unlock(&w->lock);
		n = epoll_wait(w->ep, evs, EVENTS_MAX, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL)
				return NULL;	/* stop_fd */
			if (evs[i].data.ptr == w) {
				take_kicks(w);	/* the deadlines are read again above */
				continue;
			}
			wake(w, evs[i].data.ptr);
		}
	}
}

struct tls_wait *
tls_wait_new(unsigned linger_seconds, char **cause)
{
	struct tls_wait *w = calloc(1, sizeof *w);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct epoll_event kick = { .events = EPOLLIN, .data.ptr = w };

	if (w == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	w->linger_seconds = linger_seconds;
	pthread_mutex_init(&w->lock, NULL);
	w->ep = epoll_create1(EPOLL_CLOEXEC);
	w->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->kick_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->ep < 0 || w->stop_fd < 0 || w->kick_fd < 0 ||
	    epoll_ctl(w->ep, EPOLL_CTL_ADD, w->stop_fd, &ev) != 0 ||
	    epoll_ctl(w->ep, EPOLL_CTL_ADD, w->kick_fd, &kick) != 0 ||
	    pthread_create(&w->thread, NULL, waiter_thread, w) != 0) {
		*cause = xasprintf_s("TLS handshake waiter: %s", strerror(errno));
		tls_wait_free(w);
		return NULL;
	}
	w->running = true;
	return w;
}

void
tls_wait_stop(struct tls_wait *w)
{
	struct tls_transport *t;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_mutex_unlock(&w->lock);
	if (w->running) {
		signal_fd(w->stop_fd);
		pthread_join(w->thread, NULL);
		w->running = false;
	}
	/* The thread has ended: nothing else resumes these, or writes behind. */
	while ((t = w->waiting) != NULL) {
		unlink_waiter(w, t);
		MHD_resume_connection(t->c);
	}
	pthread_mutex_lock(&w->lock);
	while ((t = w->behind) != NULL) {
		unregister_behind(w, t);
		if (t->orphan)
			transport_free(t);
	}
	pthread_mutex_unlock(&w->lock);
}

void
tls_wait_free(struct tls_wait *w)
{
	if (w == NULL)
		return;
	tls_wait_stop(w);
	assert(w->waiting == NULL && w->behind == NULL);
	if (w->ep >= 0)
		close(w->ep);
	if (w->stop_fd >= 0)
		close(w->stop_fd);
	if (w->kick_fd >= 0)
		close(w->kick_fd);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

struct tls_transport *
tls_transport_attach(struct tls_wait *w, struct MHD_Connection *c, gnutls_session_t session, int fd)
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
	gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_FINISHED, GNUTLS_HOOK_POST,
	    finished_hook);
	return t;
}

void
tls_transport_detach(struct tls_transport *t)
{
	struct tls_wait *w;

	if (t == NULL)
		return;
	/* libmicrohttpd closes no suspended connection; tls_wait_stop() resumed all before it stopped. */
	assert(!t->waiting);
	w = t->w;
	pthread_mutex_lock(&w->lock);
	if (t->registered) {
		/*
		 * Bytes behind: the thread writes them on its dup, then frees it
		 * (only the thread: an event it has taken may name it). Past
		 * TLS_ORPHANS_MAX, it drops them at once.
		 */
		t->orphan = true;
		w->orphans++;
		t->deadline = w->orphans > TLS_ORPHANS_MAX ? 0 : monotonic_seconds() + w->linger_seconds;
		pthread_mutex_unlock(&w->lock);
		signal_fd(w->kick_fd);	/* its deadline */
		return;
	}
	pthread_mutex_unlock(&w->lock);
	transport_free(t);
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

unsigned long
tls_wait_count(const struct tls_wait *w)
{
	return w != NULL ? atomic_load_explicit(&w->waits, memory_order_relaxed) : 0;
}

unsigned long
tls_wait_behind_count(const struct tls_wait *w)
{
	return w != NULL ? atomic_load_explicit(&w->behinds, memory_order_relaxed) : 0;
}
