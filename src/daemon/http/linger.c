/* SPDX-License-Identifier: MIT */
/*
 * linger.c: closing sockets drained before they close (see linger.h).
 *
 * One thread and one epoll set. The sockets wait in a list in the order
 * they came, so that the first one's deadline is the nearest (all linger
 * alike). A socket leaves the epoll set (EPOLL_CTL_DEL) before it is
 * closed: libmicrohttpd may still hold its own descriptor of it for a
 * moment, and epoll forgets a socket only when its last descriptor closes.
 */
#include <config.h>

#include <errno.h>
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
#include "linger.h"
#include "util.h"

#define EVENTS_MAX 64

struct lingering {
	int			 fd;
	double			 deadline;	/* clock_seconds(); a hold has none */
	void			(*done)(void *);	/* a hold's end */
	void			*cls;
	struct lingering	*prev, *next;
};

struct linger_drain {
	pthread_mutex_t		 lock;		/* the list and n */
	struct lingering	*head, *tail;	/* oldest first: the nearest deadline first */
	unsigned		 n;
	struct lingering	*held;		/* holds, in no order */
	unsigned		 n_held;
	bool			 released;	/* linger_release(): no more holds */
	pthread_cond_t		 unheld;	/* the thread ended the last hold */
	int			 ep;
	int			 wake_fd;	/* an eventfd: a first socket, or the end */
	bool			 stopping;
	pthread_t		 thread;
	bool			 running;
	atomic_ulong		 count, held_count;
};

/* Out of the list (under the lock), out of the epoll set, closed. */
static void
drop_locked(struct linger_drain *l, struct lingering *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		l->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		l->tail = e->prev;
	l->n--;
	(void)epoll_ctl(l->ep, EPOLL_CTL_DEL, e->fd, NULL);
	close(e->fd);
	free(e);
}

/* A hold out of its list (under the lock), out of the epoll set, closed; its done is the caller's. */
static void
unhold_locked(struct linger_drain *l, struct lingering *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		l->held = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	l->n_held--;
	(void)epoll_ctl(l->ep, EPOLL_CTL_DEL, e->fd, NULL);
	close(e->fd);
}

/* Reads and throws away what has come; true when the client is done (end of file, error). */
static bool
drain(int fd)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
	}
}

/* Milliseconds to the nearest deadline; -1: none (under the lock). */
static int
wait_ms_locked(const struct linger_drain *l)
{
	double left;

	if (l->head == NULL)
		return -1;
	left = (l->head->deadline - clock_seconds()) * 1000;
	return left <= 0 ? 0 : (int)left + 1;
}

static void
expire_locked(struct linger_drain *l)
{
	double now = clock_seconds();

	while (l->head != NULL && l->head->deadline <= now)
		drop_locked(l, l->head);
}

static void *
run(void *arg)
{
	struct linger_drain *l = arg;
	struct epoll_event ev[EVENTS_MAX];
	uint64_t v;
	int n, i, ms;

	for (;;) {
		pthread_mutex_lock(&l->lock);
		expire_locked(l);
		ms = wait_ms_locked(l);
		pthread_mutex_unlock(&l->lock);
		n = epoll_wait(l->ep, ev, EVENTS_MAX, ms);
		pthread_mutex_lock(&l->lock);
		for (i = 0; i < n; i++) {
			struct lingering *e = ev[i].data.ptr;

			if (e == NULL) {	/* the wake-up */
				(void)read(l->wake_fd, &v, sizeof v);
				continue;
			}
			if (!drain(e->fd))
				continue;
			if (e->done == NULL) {
				drop_locked(l, e);
				continue;
			}
			unhold_locked(l, e);
			pthread_mutex_unlock(&l->lock);
			e->done(e->cls);	/* not under the lock: it resumes a connection */
			free(e);
			pthread_mutex_lock(&l->lock);
		}
		/* Only this thread frees an entry: an event it has taken may name one. */
		while (l->released && l->held != NULL) {
			struct lingering *e = l->held;

			unhold_locked(l, e);
			pthread_mutex_unlock(&l->lock);
			e->done(e->cls);
			free(e);
			pthread_mutex_lock(&l->lock);
		}
		if (l->released)
			pthread_cond_broadcast(&l->unheld);
		if (l->stopping) {
			while (l->head != NULL)
				drop_locked(l, l->head);
			pthread_mutex_unlock(&l->lock);
			return NULL;
		}
		pthread_mutex_unlock(&l->lock);
	}
}

struct linger_drain *
linger_new(char **cause)
{
	struct linger_drain *l = calloc(1, sizeof *l);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	if (l == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->unheld, NULL);
	atomic_init(&l->count, 0);
	atomic_init(&l->held_count, 0);
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	l->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (l->ep < 0 || l->wake_fd < 0 || epoll_ctl(l->ep, EPOLL_CTL_ADD, l->wake_fd, &ev) != 0 ||
	    pthread_create(&l->thread, NULL, run, l) != 0) {
		*cause = xstrdup("cannot start the lingering-close thread");
		linger_free(l);
		return NULL;
	}
	l->running = true;
	return l;
}

static void
wake(struct linger_drain *l)
{
	uint64_t one = 1;

	(void)write(l->wake_fd, &one, sizeof one);
}

void
linger_free(struct linger_drain *l)
{
	if (l == NULL)
		return;
	linger_release(l);
	if (l->running) {
		pthread_mutex_lock(&l->lock);
		l->stopping = true;
		pthread_mutex_unlock(&l->lock);
		wake(l);
		pthread_join(l->thread, NULL);
	}
	if (l->wake_fd >= 0)
		close(l->wake_fd);
	if (l->ep >= 0)
		close(l->ep);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->unheld);
	free(l);
}

void
linger_add(struct linger_drain *l, int fd)
{
	struct lingering *e;
	struct epoll_event ev;
	bool first;

	if (l == NULL || (e = malloc(sizeof *e)) == NULL) {
		close(fd);
		return;
	}
	/* The answer has gone: a FIN after it, so that the client sees the end of the stream. */
	(void)shutdown(fd, SHUT_WR);
	*e = (struct lingering){ .fd = fd, .deadline = clock_seconds() + LINGER_MS / 1000.0 };
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLRDHUP, .data.ptr = e };
	pthread_mutex_lock(&l->lock);
	if (l->stopping || l->n >= LINGER_MAX || epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		pthread_mutex_unlock(&l->lock);
		close(fd);
		free(e);
		return;
	}
	first = l->head == NULL;
	e->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = e;
	else
		l->head = e;
	l->tail = e;
	l->n++;
	atomic_fetch_add(&l->count, 1);
	pthread_mutex_unlock(&l->lock);
	if (first)
		wake(l);	/* the thread sleeps without a deadline */
}

int
linger_hold(struct linger_drain *l, int fd, void (*done)(void *cls), void *cls)
{
	struct lingering *e;
	struct epoll_event ev;

	if (l == NULL || (e = calloc(1, sizeof *e)) == NULL) {
		close(fd);
		return -1;
	}
	*e = (struct lingering){ .fd = fd, .done = done, .cls = cls };
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLRDHUP, .data.ptr = e };
	pthread_mutex_lock(&l->lock);
	if (l->released || l->stopping || l->n_held >= LINGER_HOLD_MAX ||
	    epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		pthread_mutex_unlock(&l->lock);
		close(fd);
		free(e);
		return -1;
	}
	e->next = l->held;
	if (l->held != NULL)
		l->held->prev = e;
	l->held = e;
	l->n_held++;
	atomic_fetch_add(&l->held_count, 1);
	pthread_mutex_unlock(&l->lock);
	return 0;
}

void
linger_release(struct linger_drain *l)
{
	if (l == NULL || !l->running)
		return;
	pthread_mutex_lock(&l->lock);
	l->released = true;
	wake(l);
	while (l->held != NULL)
		pthread_cond_wait(&l->unheld, &l->lock);
	pthread_mutex_unlock(&l->lock);
}

unsigned long
linger_held_count(const struct linger_drain *l)
{
	return l != NULL ? atomic_load(&((struct linger_drain *)(uintptr_t)l)->held_count) : 0;
}

unsigned long
linger_count(const struct linger_drain *l)
{
	return l != NULL ? atomic_load(&((struct linger_drain *)(uintptr_t)l)->count) : 0;
}
