/* SPDX-License-Identifier: MIT */
/*
 * tls_transport.c: how a TLS session reads and writes its socket: it reads
 * ahead, and a handshake waits for the client off the listener threads (see
 * tls_transport.h).
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <limits.h>
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

#include "tls_transport.h"
#include "util.h"

#define EVENTS_MAX 64

/* GnuTLS hands its vectors to the push function as giovec_t, laid out as struct iovec. */
static_assert(TLS_READ_AHEAD <= USHRT_MAX, "ahead_off and ahead_len are unsigned short");
static_assert(sizeof(giovec_t) == sizeof(struct iovec) &&
    offsetof(giovec_t, iov_base) == offsetof(struct iovec, iov_base) &&
    offsetof(giovec_t, iov_len) == offsetof(struct iovec, iov_len),
    "giovec_t is not struct iovec");

struct tls_transport {
	struct tls_wait		*w;
	struct MHD_Connection	*c;
	gnutls_session_t	 session;
	int			 fd;
	bool			 handshaken;	/* the client's Finished came (finished_hook) */
	bool			 waiting;	/* suspended, its socket in w->ep (under w->lock) */
	struct tls_transport	*prev, *next;	/* in w->waiting (under w->lock) */
	unsigned short		 ahead_off;	/* ahead[ahead_off, +ahead_len) is unread */
	unsigned short		 ahead_len;
	unsigned char		 ahead[TLS_READ_AHEAD];
};

struct tls_wait {
	pthread_mutex_t		 lock;
	struct tls_transport	*waiting;
	bool			 stopping;	/* no more waits: tls_wait_stop() was called */
	int			 ep;		/* the waiting sockets, and stop_fd */
	int			 stop_fd;	/* an eventfd: the thread's signal to end */
	pthread_t		 thread;
	bool			 running;
	atomic_ulong		 waits;
};

static void
unlink_waiter(struct tls_wait *w, struct tls_transport *t)
{
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		w->waiting = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	t->prev = t->next = NULL;
	t->waiting = false;
	(void)epoll_ctl(w->ep, EPOLL_CTL_DEL, t->fd, NULL);
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
	if (epoll_ctl(w->ep, EPOLL_CTL_ADD, t->fd, &ev) != 0) {
		/* Cannot watch it: libmicrohttpd takes it back (and spins, as before). */
		pthread_mutex_unlock(&w->lock);
		MHD_resume_connection(t->c);
		return;
	}
	t->waiting = true;
	t->next = w->waiting;
	if (w->waiting != NULL)
		w->waiting->prev = t;
	w->waiting = t;
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
waiter_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	struct tls_transport *t = p;
	ssize_t r;

	if (t->ahead_len > 0)
		return (ssize_t)take_ahead(t, buf, n);
	if (n >= sizeof t->ahead) {
		r = recv(t->fd, buf, n, 0);
	} else if ((r = recv(t->fd, t->ahead, sizeof t->ahead, 0)) > 0) {
		t->ahead_off = 0;
		t->ahead_len = (unsigned short)r;
		return (ssize_t)take_ahead(t, buf, n);
	}
	if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK) || t->handshaken)
		return r;
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
	if (incoming)
		t->handshaken = true;
	return 0;
}

/* Only used by GnuTLS in blocking mode (libmicrohttpd's sessions are not); here for completeness. */
static int
waiter_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	const struct tls_transport *t = p;
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };

	if (t->ahead_len > 0)
		return 1;
	return poll(&pfd, 1, ms == GNUTLS_INDEFINITE_TIMEOUT || ms > INT_MAX ? -1 : (int)ms);
}

/* What GnuTLS's own push does for a socket. */
static ssize_t
waiter_push(gnutls_transport_ptr_t p, const giovec_t *iov, int iovcnt)
{
	const struct tls_transport *t = p;
	struct msghdr m;

	memset(&m, 0, sizeof m);
	m.msg_iov = (struct iovec *)(uintptr_t)iov;
	m.msg_iovlen = (size_t)iovcnt;
	return sendmsg(t->fd, &m, MSG_NOSIGNAL);
}

/* The socket of a waiting connection turned readable: libmicrohttpd takes it back. */
static void
wake(struct tls_wait *w, struct tls_transport *t)
{
	pthread_mutex_lock(&w->lock);
	if (!t->waiting) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
	unlink_waiter(w, t);
	pthread_mutex_unlock(&w->lock);
	MHD_resume_connection(t->c);
}

/*
 * A waiting connection is suspended, so libmicrohttpd cannot close it and
 * its waiter stays alive until this thread (the only one resuming while it
 * runs) resumes it: an event's pointer is always valid here.
 */
static void *
waiter_thread(void *arg)
{
	struct tls_wait *w = arg;
	struct epoll_event evs[EVENTS_MAX];
	int n, i;

	for (;;) {
		n = epoll_wait(w->ep, evs, EVENTS_MAX, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == NULL)
				return NULL;	/* stop_fd */
			wake(w, evs[i].data.ptr);
		}
	}
}

struct tls_wait *
tls_wait_new(char **cause)
{
	struct tls_wait *w = calloc(1, sizeof *w);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	if (w == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	w->ep = epoll_create1(EPOLL_CLOEXEC);
	w->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->ep < 0 || w->stop_fd < 0 || epoll_ctl(w->ep, EPOLL_CTL_ADD, w->stop_fd, &ev) != 0 ||
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
	uint64_t one = 1;
	struct tls_transport *t;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_mutex_unlock(&w->lock);
	if (w->running) {
		if (write(w->stop_fd, &one, sizeof one) != (ssize_t)sizeof one)
			abort();	/* an eventfd takes 8 bytes unless it overflows */
		pthread_join(w->thread, NULL);
		w->running = false;
	}
	/* The thread has ended: nothing else resumes these. */
	while ((t = w->waiting) != NULL) {
		unlink_waiter(w, t);
		MHD_resume_connection(t->c);
	}
}

void
tls_wait_free(struct tls_wait *w)
{
	if (w == NULL)
		return;
	tls_wait_stop(w);
	assert(w->waiting == NULL);
	if (w->ep >= 0)
		close(w->ep);
	if (w->stop_fd >= 0)
		close(w->stop_fd);
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
	gnutls_transport_set_ptr(session, t);
	gnutls_transport_set_pull_function(session, waiter_pull);
	gnutls_transport_set_pull_timeout_function(session, waiter_pull_timeout);
	gnutls_transport_set_vec_push_function(session, waiter_push);
	gnutls_handshake_set_hook_function(session, GNUTLS_HANDSHAKE_FINISHED, GNUTLS_HOOK_POST,
	    finished_hook);
	return t;
}

void
tls_transport_detach(struct tls_transport *t)
{
	if (t == NULL)
		return;
	/* libmicrohttpd closes no suspended connection; tls_wait_stop() resumed all before it stopped. */
	assert(!t->waiting);
	free(t);
}

unsigned long
tls_wait_count(const struct tls_wait *w)
{
	return w != NULL ? atomic_load_explicit(&w->waits, memory_order_relaxed) : 0;
}
