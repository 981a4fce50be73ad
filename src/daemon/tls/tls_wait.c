/* SPDX-License-Identifier: MIT */
/*
 * tls_wait.c: the TLS transport's thread (see tls_transport.h). It resumes a
 * connection whose handshake waits for the client once its socket turns
 * readable, and writes the bytes a full socket did not take ("behind") as it
 * drains, on a dup() that outlives libmicrohttpd's close; a closed
 * connection's bytes behind get linger_seconds. Everything here is under
 * w->lock but the thread's wait.
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "tls_transport_impl.h"
#include "util.h"

#define EVENTS_MAX 64

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
void
tls_wait_readable(struct tls_transport *t)
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
	if (tls_bytes_append_iov(&t->behind, 0, iov, iovcnt, skip, n) != 0)
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
int
tls_wait_drain_first(struct tls_transport *t)
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
ssize_t
tls_wait_keep_behind(struct tls_transport *t, const giovec_t *iov, int iovcnt, size_t skip, size_t total)
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
	double now = clock_seconds(), next = -1;
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
/*
 * A stalled handshake's socket turned readable: the client's bytes are
 * thrown away. True when the client is done (end of file, error): the
 * connection is resumed to end. Otherwise the socket is watched again.
 * Under w->lock.
 */
static bool
stall_read(struct tls_wait *w, struct tls_transport *t)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data.ptr = t };
	char buf[4096];
	ssize_t n;

	do
		n = recv(t->fd, buf, sizeof buf, MSG_DONTWAIT);
	while (n > 0 || (n < 0 && errno == EINTR));
	if (n < 0 && again(errno) && epoll_ctl(w->ep, EPOLL_CTL_MOD, t->fd, &ev) == 0)
		return false;
	t->stall = STALL_OVER;
	return true;
}

static void
wake(struct tls_wait *w, struct tls_transport *t)
{
	bool resume;

	pthread_mutex_lock(&w->lock);
	if (t->waiting && t->stall == STALL_HELD && !stall_read(w, t)) {
		pthread_mutex_unlock(&w->lock);
		return;
	}
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
		if (t->stall == STALL_HELD)
			t->stall = STALL_OVER;	/* its handshake ends now */
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

bool
tls_wait_adopt(struct tls_transport *t)
{
	struct tls_wait *w = t->w;

	pthread_mutex_lock(&w->lock);
	if (!t->registered) {
		pthread_mutex_unlock(&w->lock);
		return false;
	}
	/*
	 * Bytes behind: the thread writes them on its dup, then frees it
	 * (only the thread: an event it has taken may name it). Past
	 * TLS_ORPHANS_MAX, it drops them at once.
	 */
	t->orphan = true;
	w->orphans++;
	t->deadline = w->orphans > TLS_ORPHANS_MAX ? 0 : clock_seconds() + w->linger_seconds;
	pthread_mutex_unlock(&w->lock);
	signal_fd(w->kick_fd);	/* its deadline */
	return true;
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
