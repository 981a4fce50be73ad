/* SPDX-License-Identifier: MIT */
/*
 * acceptor.c: accept, read the PROXY header, hand over to libmicrohttpd.
 *
 * One thread accepts; each new connection gets a short-lived thread that
 * reads its header byte-exactly (never a byte of what follows: that is
 * libmicrohttpd's, a TLS ClientHello perhaps) within the deadline. At most
 * MAX_PENDING headers are read at once; beyond that connections are closed.
 */
#include <config.h>

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acceptor.h"
#include "clock.h"
#include "proxyproto.h"
#include "util.h"

#define MAX_PENDING 256

struct acceptor {
	int			 fd;
	pthread_t		 thread;
	bool			 running;	/* thread started (acceptor_stop joins it) */
	struct MHD_Daemon	*daemon;
	unsigned		 versions;
	unsigned		 deadline_ms;
	acceptor_trust_fn	 trusted;
	void			*ctx;
	atomic_bool		 stopping;
	atomic_uint		 pending;
	atomic_ulong		 rejected;
};

struct pending {
	struct acceptor		*a;
	int			 fd;
	struct sockaddr_storage	 peer;
	socklen_t		 peer_len;
};

/* Reads exactly n more bytes into buf + have, before the deadline. 0, or -1. */
static int
read_exactly(int fd, unsigned char *buf, size_t have, size_t n, const struct timespec *t0,
    unsigned deadline_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t got;
	long left;

	while (n > 0) {
		if ((left = (long)deadline_ms - (long)clock_ms_since(t0)) <= 0 || poll(&p, 1, (int)left) <= 0)
			return -1;
		got = recv(fd, buf + have, n, 0);
		if (got <= 0)
			return -1;
		have += (size_t)got;
		n -= (size_t)got;
	}
	return 0;
}

/* Reads the header; 0 with the client in *src (family 0: the proxy's own connection). */
static int
read_header(struct acceptor *a, int fd, struct netaddr *src)
{
	unsigned char buf[PROXY_V2_MAX];
	struct timespec t0;
	size_t have = 0, need = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		switch (proxyproto_parse(buf, have, a->versions, src, &need)) {
		case PROXY_DONE:
			return 0;
		case PROXY_BAD:
			return -1;
		case PROXY_NEED_MORE:
			if (need > sizeof buf || need <= have ||
			    read_exactly(fd, buf, have, need - have, &t0, a->deadline_ms) != 0)
				return -1;
			have = need;
			break;
		}
	}
}

static void
to_sockaddr(const struct netaddr *n, const struct sockaddr_storage *peer,
    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof *ss);
	if (n->family == 4) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, n->bytes, 4);
		*len = sizeof *s4;
	} else if (n->family == 6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, n->bytes, 16);
		*len = sizeof *s6;
	} else {	/* LOCAL / UNKNOWN: the proxy itself */
		memcpy(ss, peer, sizeof *ss);
		*len = peer->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
		    sizeof(struct sockaddr_in);
	}
}

static void *
handshake(void *arg)
{
	struct pending *p = arg;
	struct acceptor *a = p->a;
	struct sockaddr_storage client;
	struct netaddr peer, src;
	socklen_t len;

	memset(&peer, 0, sizeof peer);
	if (p->peer.ss_family == AF_INET)
		netaddr_set(&peer, 4, &((struct sockaddr_in *)&p->peer)->sin_addr);
	else if (p->peer.ss_family == AF_INET6)
		netaddr_set(&peer, 6, &((struct sockaddr_in6 *)&p->peer)->sin6_addr);
	if (!a->trusted(a->ctx, &peer) || read_header(a, p->fd, &src) != 0) {
		atomic_fetch_add(&a->rejected, 1);
		close(p->fd);
	} else {
		to_sockaddr(&src, &p->peer, &client, &len);
		/* libmicrohttpd owns the socket from here, and closes it on failure. */
		MHD_add_connection(a->daemon, p->fd, (const struct sockaddr *)&client, len);
	}
	atomic_fetch_sub(&a->pending, 1);
	free(p);
	return NULL;
}

static void
spawn(struct acceptor *a, int fd, const struct sockaddr_storage *peer, socklen_t len)
{
	struct pending *p = malloc(sizeof *p);
	pthread_attr_t attr;
	pthread_t t;

	if (p == NULL || atomic_fetch_add(&a->pending, 1) >= MAX_PENDING) {
		if (p != NULL)
			atomic_fetch_sub(&a->pending, 1);
		atomic_fetch_add(&a->rejected, 1);
		free(p);
		close(fd);
		return;
	}
	*p = (struct pending){ .a = a, .fd = fd, .peer = *peer, .peer_len = len };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, handshake, p) != 0) {
		atomic_fetch_sub(&a->pending, 1);
		atomic_fetch_add(&a->rejected, 1);
		close(fd);
		free(p);
	}
	pthread_attr_destroy(&attr);
}

static void *
accept_loop(void *arg)
{
	struct acceptor *a = arg;
	struct pollfd p = { .fd = a->fd, .events = POLLIN };
	struct sockaddr_storage peer;
	socklen_t len;
	int fd;

	while (!atomic_load(&a->stopping)) {
		if (poll(&p, 1, 200) <= 0)
			continue;
		len = sizeof peer;
		fd = accept4(a->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
		if (fd >= 0)
			spawn(a, fd, &peer, len);
	}
	return NULL;
}

struct acceptor *
acceptor_start(const struct sockaddr *addr, socklen_t len, struct MHD_Daemon *daemon,
    unsigned versions, unsigned deadline_ms, acceptor_trust_fn trusted, void *ctx, char **cause)
{
	struct acceptor *a = calloc(1, sizeof *a);
	int on = 1;

	if (a == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	*a = (struct acceptor){ .daemon = daemon, .versions = versions,
	    .deadline_ms = deadline_ms, .trusted = trusted, .ctx = ctx };
	a->fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (a->fd < 0 || setsockopt(a->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    bind(a->fd, addr, len) != 0 || listen(a->fd, 512) != 0 ||
	    pthread_create(&a->thread, NULL, accept_loop, a) != 0) {
		*cause = xasprintf_s("PROXY protocol listener: %s", strerror(errno));
		acceptor_stop(a);
		return NULL;
	}
	a->running = true;
	return a;
}

void
acceptor_stop(struct acceptor *a)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	int i;

	if (a == NULL)
		return;
	atomic_store(&a->stopping, true);
	if (a->running)
		pthread_join(a->thread, NULL);
	if (a->fd >= 0)
		close(a->fd);
	/* Handshakes in flight end within the deadline; then nothing refers to a. */
	for (i = 0; atomic_load(&a->pending) > 0 && i < (int)a->deadline_ms / 10 + 10; i++)
		nanosleep(&nap, NULL);
	if (atomic_load(&a->pending) == 0)
		free(a);
}

unsigned long
acceptor_rejected(const struct acceptor *a)
{
	return a != NULL ? atomic_load(&((struct acceptor *)(uintptr_t)a)->rejected) : 0;
}
