/* SPDX-License-Identifier: MIT */
/*
 * control.c: the control socket, the daemon's side (see control.h). One
 * thread accepts and serves one connection at a time: a request is a reload
 * at most, and reloads take turns anyway (source.c's lock).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "control.h"
#include "util.h"

/* A request is a small JSON object; a client gets this long to send it and read the answer. */
#define REQUEST_MAX 8192
#define CLIENT_SECONDS 30

struct control {
	int			 fd;		/* the listening socket */
	int			 stop[2];	/* a byte in stop[1]: the thread ends */
	pthread_t		 thread;
	bool			 running;
	char			*path;
	dev_t			 dev;		/* the socket file made, removed at the stop if still ours */
	ino_t			 ino;
	struct control_ops	 ops;
};

static int
address_of(const char *path, struct sockaddr_un *sa, char **cause)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa->sun_path) {
		*cause = xasprintf_s("control-socket %s: longer than a socket path may be (%zu bytes)",
		    path, sizeof sa->sun_path - 1);
		return -1;
	}
	memcpy(sa->sun_path, path, strlen(path));
	return 0;
}

/* A socket file left where path is: gone daemon's (removed), another daemon's, or no socket. */
static int
clear_stale(const char *path, const struct sockaddr_un *sa, char **cause)
{
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISSOCK(st.st_mode)) {
		*cause = xasprintf_s("control-socket %s: there is a file there that is not a socket",
		    path);
		return -1;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*cause = xasprintf_s("control-socket %s: %s", path, strerror(errno));
		return -1;
	}
	rc = connect(fd, (const struct sockaddr *)sa, sizeof *sa);
	close(fd);
	if (rc == 0) {
		*cause = xasprintf_s("control-socket %s: another lyncdiscoverd answers there", path);
		return -1;
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		*cause = xasprintf_s("control-socket %s: cannot remove the old socket: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
listen_on(struct control *c, char **cause)
{
	struct sockaddr_un sa;
	struct stat st;

	if (address_of(c->path, &sa, cause) != 0 || clear_stale(c->path, &sa, cause) != 0)
		return -1;
	if ((c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		*cause = xasprintf_s("control-socket %s: cannot make it: %s (its folder must exist "
		    "and be writable by the user the daemon runs as)", c->path, strerror(errno));
		return -1;
	}
	/* Root and the daemon's user only (the umask may have left more); the peer is checked too. */
	if (chmod(c->path, 0600) != 0 || listen(c->fd, 8) != 0 || stat(c->path, &st) != 0) {
		*cause = xasprintf_s("control-socket %s: %s", c->path, strerror(errno));
		unlink(c->path);
		return -1;
	}
	c->dev = st.st_dev;
	c->ino = st.st_ino;
	return 0;
}

/* Root and the daemon's own user may ask. */
static bool
peer_allowed(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return false;
	return cred.uid == 0 || cred.uid == geteuid();
}

/* The request, read to the client's half-close; NULL if it is not a JSON object. */
static json_t *
read_request(int fd)
{
	char buf[REQUEST_MAX];
	size_t n = 0;
	ssize_t got;

	while (n < sizeof buf && (got = read(fd, buf + n, sizeof buf - n)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		n += (size_t)got;
	}
	return json_loadb(buf, n, JSON_REJECT_DUPLICATES, NULL);
}

static json_t *
messages_of(const struct diag *d)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; list != NULL && i < d->n; i++)
		json_array_append_new(list, json_string(d->lines[i].text));
	return list;
}

static json_t *
answer(const struct control *c, bool ok, const char *said, const struct diag *d)
{
	return json_pack("{s:b, s:I, s:s, s:s, s:o*}", "ok", ok, "pid", (json_int_t)getpid(),
	    "config", c->ops.config != NULL ? c->ops.config : "", "said", said,
	    "messages", d != NULL ? messages_of(d) : json_array());
}

static json_t *
do_reload(const struct control *c)
{
	struct diag d = { 0 };
	unsigned long generation = 0;
	char *said;
	json_t *a;
	bool ok = c->ops.reload(c->ops.cls, &generation, &d) == 0;

	said = ok ? xasprintf_s("reloaded %s (configuration generation %lu)", c->ops.config,
	    generation) : xasprintf_s("refused the reload of %s (the errors above): it keeps its "
	    "configuration", c->ops.config);
	a = answer(c, ok, said != NULL ? said : "out of memory", &d);
	free(said);
	diag_free(&d);
	return a;
}

static json_t *
do_check(const struct control *c, const char *file)
{
	struct diag d = { 0 };
	json_t *a;
	bool ok;

	if (file == NULL || file[0] != '/')
		return answer(c, false, "check: give the file's absolute path", NULL);
	ok = c->ops.check(c->ops.cls, file, &d) == 0;
	a = answer(c, ok, ok ? "would take it on reload" : "would refuse it on reload (the "
	    "errors above)", &d);
	diag_free(&d);
	return a;
}

static json_t *
do_reopen(const struct control *c)
{
	char *said = NULL;
	bool ok = c->ops.reopen(c->ops.cls, &said) == 0;
	json_t *a = answer(c, ok, said != NULL ? said : "out of memory", NULL);

	free(said);
	return a;
}

static json_t *
dispatch(const struct control *c, const json_t *rq)
{
	const char *command = json_string_value(json_object_get(rq, "command"));

	if (command != NULL && strcmp(command, "reload") == 0)
		return do_reload(c);
	if (command != NULL && strcmp(command, "check") == 0)
		return do_check(c, json_string_value(json_object_get(rq, "file")));
	if (command != NULL && strcmp(command, "reopen") == 0)
		return do_reopen(c);
	return answer(c, false, "unknown command (reload, check, reopen)", NULL);
}

static void
write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, s, len)) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

static void
serve_one(const struct control *c, int fd)
{
	struct timeval tv = { .tv_sec = CLIENT_SECONDS };
	json_t *rq = NULL, *a;
	char *text;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (!peer_allowed(fd))
		a = answer(c, false, "refused: only root and the daemon's own user may ask", NULL);
	else if ((rq = read_request(fd)) == NULL || !json_is_object(rq))
		a = answer(c, false, "the request is not a JSON object", NULL);
	else
		a = dispatch(c, rq);
	json_decref(rq);
	text = a != NULL ? json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(a);
	if (text != NULL)
		write_all(fd, text, strlen(text));
	free(text);
	close(fd);
}

static void *
serve(void *arg)
{
	struct control *c = arg;

	for (;;) {
		struct pollfd p[2] = { { .fd = c->fd, .events = POLLIN },
		    { .fd = c->stop[0], .events = POLLIN } };
		int fd;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents != 0)
			break;
		if ((p[0].revents & POLLIN) == 0)
			continue;
		if ((fd = accept4(c->fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
			serve_one(c, fd);
	}
	return NULL;
}

struct control *
control_start(const char *path, const struct control_ops *ops, char **cause)
{
	struct control *c = calloc(1, sizeof *c);

	if (c == NULL || (c->path = xstrdup(path)) == NULL) {
		free(c);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	c->fd = -1;
	c->stop[0] = c->stop[1] = -1;
	c->ops = *ops;
	if (listen_on(c, cause) != 0 || pipe2(c->stop, O_CLOEXEC) != 0 ||
	    pthread_create(&c->thread, NULL, serve, c) != 0) {
		if (*cause == NULL)
			*cause = xasprintf_s("control-socket %s: %s", path, strerror(errno));
		control_stop(c);
		return NULL;
	}
	c->running = true;
	return c;
}

void
control_stop(struct control *c)
{
	struct stat st;

	if (c == NULL)
		return;
	if (c->running) {
		(void)!write(c->stop[1], "x", 1);
		pthread_join(c->thread, NULL);
	}
	/* Only the socket this daemon made: a later daemon may have made its own there. */
	if (c->fd >= 0 && stat(c->path, &st) == 0 && st.st_dev == c->dev && st.st_ino == c->ino)
		unlink(c->path);
	if (c->fd >= 0)
		close(c->fd);
	if (c->stop[0] >= 0)
		close(c->stop[0]);
	if (c->stop[1] >= 0)
		close(c->stop[1]);
	free(c->path);
	free(c);
}
