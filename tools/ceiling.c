/* SPDX-License-Identifier: MIT */
/*
 * ceiling: the machine's plain-HTTP keep-alive ceiling for tools/bench.
 *
 *   ceiling PORT THREADS RESPONSE-FILE
 *
 * Listens on 127.0.0.1:PORT with THREADS threads, each with its own
 * SO_REUSEPORT listener and its own epoll (the kernel spreads connections
 * between them). It parses nothing: for every "\r\n\r\n" that arrives on a
 * connection it writes RESPONSE-FILE's bytes (a complete HTTP/1.1 response,
 * headers and body, as lyncdiscoverd sends it), keeps the connection open and
 * closes it on EOF or error. No server can answer a request with less work, so
 * its rate is the ceiling a real server's rate is compared with.
 *
 * Built by tools/bench with "cc -O2" into its temporary directory; not
 * installed, not part of the daemon.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_THREADS 64
#define READ_SIZE 16384

struct conn {
	int fd;
	unsigned matched;	/* bytes of "\r\n\r\n" seen at the end of the input so far */
	char *out;		/* what a full socket buffer left unwritten */
	size_t out_len;
	int want_out;		/* EPOLLOUT is on */
};

static const char *response;
static size_t response_len;
static unsigned short port;

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

static char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f = fopen(path, "rb");

	if (f == NULL || fstat(fileno(f), &st) != 0)
		die(path);
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		die(path);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

static int
listen_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4096) != 0)
		die("listen");
	return fd;
}

static void
conn_close(struct conn *c)
{
	close(c->fd);
	free(c->out);
	free(c);
}

/* Counts the request heads that end in buf[0..n), carrying a partial "\r\n\r\n" over. */
static size_t
count_heads(struct conn *c, const char *buf, size_t n)
{
	static const char end[] = "\r\n\r\n";
	size_t heads = 0;

	for (size_t i = 0; i < n; i++) {
		if (buf[i] == end[c->matched])
			c->matched++;
		else
			c->matched = buf[i] == '\r' ? 1 : 0;
		if (c->matched == 4) {
			heads++;
			c->matched = 0;
		}
	}
	return heads;
}

static int
set_events(struct conn *c, int ep, int want_out)
{
	struct epoll_event ev = { .events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c };

	c->want_out = want_out;
	return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is pending, then heads responses; keeps what the socket does not take. */
static int
conn_send(struct conn *c, int ep, size_t heads)
{
	size_t len = c->out_len + heads * response_len;
	char *buf = c->out;
	size_t off = 0;

	if (len == 0)
		return 0;
	if (heads > 1 || c->out_len > 0) {
		buf = realloc(c->out, len);
		if (buf == NULL)
			return -1;
		for (size_t i = 0; i < heads; i++)
			memcpy(buf + c->out_len + i * response_len, response, response_len);
	} else {
		buf = (char *)response;
	}
	while (off < len) {
		ssize_t w = write(c->fd, buf + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			break;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	if (off == len) {
		if (buf != response)
			free(buf);
		c->out = NULL;
		c->out_len = 0;
		return c->want_out ? set_events(c, ep, 0) : 0;
	}
	if (buf == response) {
		if ((buf = malloc(len)) == NULL)
			return -1;
		memcpy(buf, response, len);
	}
	memmove(buf, buf + off, len - off);
	c->out = buf;
	c->out_len = len - off;
	return c->want_out ? 0 : set_events(c, ep, 1);
}

static int
conn_read(struct conn *c, int ep)
{
	char buf[READ_SIZE];
	size_t heads = 0;

	for (;;) {
		ssize_t r = read(c->fd, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			break;
		if (r <= 0)
			return -1;
		heads += count_heads(c, buf, (size_t)r);
		if ((size_t)r < sizeof buf)
			break;
	}
	return conn_send(c, ep, heads);
}

static void
accept_all(int lfd, int ep)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct conn *c = calloc(1, sizeof *c);
		if (c == NULL) {
			close(fd);
			return;
		}
		c->fd = fd;
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0)
			conn_close(c);
	}
}

static void *
serve(void *arg)
{
	int lfd = (int)(intptr_t)arg;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL }, evs[256];

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) != 0)
		die("epoll");
	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1);
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if (c == NULL) {
				accept_all(lfd, ep);
				continue;
			}
			if ((evs[i].events & (EPOLLERR | EPOLLHUP)) != 0 ||
			    ((evs[i].events & EPOLLIN) != 0 ? conn_read(c, ep) : conn_send(c, ep, 0)) != 0)
				conn_close(c);
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t t[MAX_THREADS];
	int threads;

	if (argc != 4) {
		fprintf(stderr, "usage: ceiling PORT THREADS RESPONSE-FILE\n");
		return 2;
	}
	port = (unsigned short)atoi(argv[1]);
	threads = atoi(argv[2]);
	if (threads < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "ceiling: THREADS must be 1 to %d\n", MAX_THREADS);
		return 2;
	}
	response = read_file(argv[3], &response_len);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, serve, (void *)(intptr_t)listen_socket()) != 0)
			die("pthread_create");
	pthread_join(t[0], NULL);
	return 0;
}
