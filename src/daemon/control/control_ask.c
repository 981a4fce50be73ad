/* SPDX-License-Identifier: MIT */
/*
 * control_ask.c: asking the running daemon over its control socket (see
 * control_ask.h).
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_ask.h"
#include "util.h"

#define ANSWER_SECONDS 60

static enum control_reach
connect_to(const char *path, int *fd, char **cause)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = ANSWER_SECONDS };
	int err;

	if (strlen(path) >= sizeof sa.sun_path) {
		*cause = xasprintf_s("control-socket %s: longer than a socket path may be", path);
		return CONTROL_FAILED;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if ((*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		*cause = xasprintf_s("control-socket %s: %s", path, strerror(errno));
		return CONTROL_FAILED;
	}
	setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(*fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (connect(*fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return CONTROL_ANSWERED;
	err = errno;
	*cause = xasprintf_s("control-socket %s: %s", path, strerror(err));
	close(*fd);
	*fd = -1;
	/* No socket file, or one that nobody listens on (a daemon that is gone). */
	return err == ENOENT || err == ECONNREFUSED ? CONTROL_NOBODY : CONTROL_FAILED;
}

static int
send_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, s, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += n;
		len -= (size_t)n;
	}
	return shutdown(fd, SHUT_WR);
}

/* The answer, read to the daemon's close. */
static json_t *
read_answer(int fd, char **cause)
{
	char *buf = NULL, *nbuf;
	size_t n = 0, room = 0;
	json_error_t err;
	ssize_t got;
	json_t *a;

	for (;;) {
		if (room - n < 4096) {
			room = room > 0 ? 2 * room : 16384;
			if ((nbuf = realloc(buf, room)) == NULL)
				break;
			buf = nbuf;
		}
		if ((got = read(fd, buf + n, room - n)) < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	a = buf != NULL ? json_loadb(buf, n, 0, &err) : NULL;
	free(buf);
	if (a == NULL || !json_is_object(a))
		*cause = xstrdup(n == 0 ? "the daemon closed without answering (timed out?)" :
		    "the daemon's answer is not a JSON object");
	return json_is_object(a) ? a : (json_decref(a), NULL);
}

enum control_reach
control_ask(const char *path, json_t *request, json_t **answer, char **cause)
{
	enum control_reach r;
	char *text;
	int fd;

	*answer = NULL;
	if ((r = connect_to(path, &fd, cause)) != CONTROL_ANSWERED)
		return r;
	text = json_dumps(request, JSON_COMPACT);
	if (text == NULL || send_all(fd, text, strlen(text)) != 0) {
		*cause = xasprintf_s("control-socket %s: cannot send: %s", path,
		    text == NULL ? "out of memory" : strerror(errno));
		free(text);
		close(fd);
		return CONTROL_FAILED;
	}
	free(text);
	*answer = read_answer(fd, cause);
	close(fd);
	return *answer != NULL ? CONTROL_ANSWERED : CONTROL_FAILED;
}

bool
control_ask_print(const json_t *answer)
{
	const json_t *messages = json_object_get(answer, "messages"), *m;
	const char *said = json_string_value(json_object_get(answer, "said"));
	bool ok = json_is_true(json_object_get(answer, "ok"));
	size_t i;

	json_array_foreach(messages, i, m) {
		if (json_is_string(m))
			fprintf(stderr, "%s\n", json_string_value(m));
	}
	fprintf(ok ? stdout : stderr, "lyncdiscoverd: the running daemon (pid %lld) %s\n",
	    (long long)json_integer_value(json_object_get(answer, "pid")),
	    said != NULL ? said : "said nothing");
	return ok;
}
