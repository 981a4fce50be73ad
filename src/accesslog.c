/*
 * accesslog.c: the access log.
 *
 * Lines are written with one write(2) on an O_APPEND descriptor, so lines of
 * concurrent requests never interleave. Reopening dup2()s the new file onto
 * the same descriptor number: a writer sees the old file or the new one,
 * never a closed descriptor.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "accesslog.h"
#include "util.h"

struct access_log {
	int	 fd;
	char	*path;		/* NULL: stderr */
	bool	 json;
};

static const char *const location_name[] = { "internal", "external" };

/* A header value inside double quotes: '"', '\\' and controls escaped as \xHH. */
static char *
quoted(const char *s)
{
	char *out = xstrdup("");
	const unsigned char *p;

	for (p = (const unsigned char *)(s != NULL ? s : "-"); out != NULL && *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			out = xstrappendf(out, "\\x%02x", *p);
		else
			out = xstrappendf(out, "%c", *p);
	}
	return out;
}

static char *
format_combined(const struct access_entry *e, const char *client, const char *when)
{
	char *target = quoted(e->target), *ua = quoted(e->user_agent), *host = quoted(e->host);
	char *line = NULL;

	if (target != NULL && ua != NULL && host != NULL)
		line = xasprintf_s("%s - - [%s] \"%s %s %s\" %u %zu \"-\" \"%s\" %s %s %s %s %s %.3f\n",
		    client, when, e->method, target, e->version, e->status, e->bytes, ua,
		    e->tls ? "https" : "http", host, location_name[e->location],
		    e->resource != NULL ? e->resource : "-",
		    e->content_type != NULL ? e->content_type : "-", e->ms);
	free(target);
	free(ua);
	free(host);
	return line;
}

static char *
format_json(const struct access_entry *e, const char *client, const char *when)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:i, s:I, s:s?, s:s?, s:s, s:f, s:s?}",
	    "time", when, "client", client, "scheme", e->tls ? "https" : "http", "host", e->host,
	    "method", e->method, "target", e->target, "version", e->version,
	    "status", (int)e->status, "bytes", (json_int_t)e->bytes, "resource", e->resource,
	    "type", e->content_type, "location", location_name[e->location], "ms", e->ms,
	    "user_agent", e->user_agent);
	char *s = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *line = s != NULL ? xasprintf_s("%s\n", s) : NULL;

	free(s);
	json_decref(o);
	return line;
}

char *
access_log_format(const struct access_entry *e, bool json)
{
	char client[NETADDR_TEXT], when[64];
	struct tm tm;

	netaddr_text(&e->client, client);
	gmtime_r(&e->when.tv_sec, &tm);
	if (json)
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
	return json ? format_json(e, client, when) : format_combined(e, client, when);
}

static int
open_append(const char *path, char **cause)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);

	if (fd < 0)
		*cause = xasprintf_s("cannot open the access log %s: %s", path, strerror(errno));
	return fd;
}

struct access_log *
access_log_open(const char *path, bool json, char **cause)
{
	struct access_log *l = calloc(1, sizeof *l);

	if (l == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	l->json = json;
	if (strcmp(path, "stderr") == 0) {
		l->fd = STDERR_FILENO;
		return l;
	}
	if ((l->path = xstrdup(path)) == NULL || (l->fd = open_append(path, cause)) < 0) {
		free(l->path);
		free(l);
		return NULL;
	}
	return l;
}

int
access_log_reopen(struct access_log *l, char **cause)
{
	int fd;

	if (l->path == NULL)
		return 0;
	if ((fd = open_append(l->path, cause)) < 0)
		return -1;
	if (dup2(fd, l->fd) < 0) {
		*cause = xasprintf_s("cannot reopen the access log %s: %s", l->path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

void
access_log_write(struct access_log *l, const struct access_entry *e)
{
	char *line = access_log_format(e, l->json);
	ssize_t n;

	if (line == NULL)
		return;
	n = write(l->fd, line, strlen(line));
	(void)n;	/* a full disk must not stop the service */
	free(line);
}

void
access_log_close(struct access_log *l)
{
	if (l == NULL)
		return;
	if (l->path != NULL)
		close(l->fd);
	free(l->path);
	free(l);
}
