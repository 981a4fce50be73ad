/* SPDX-License-Identifier: MIT */
/*
 * access_log.c: the access log.
 *
 * Lines are written with one write(2) on an O_APPEND descriptor, so lines of
 * concurrent requests never interleave. Reopening dup2()s the new file onto
 * the same descriptor number: a writer sees the old file or the new one,
 * never a closed descriptor.
 *
 * A line is written whole or not at all, and none is lost unseen. A write
 * that fails (a full disk, a file-size limit) loses its line: it is counted
 * (/metrics), and a warning naming the file and the error goes to stderr at
 * most once a minute. A short write (the disk filled up in the middle of the
 * line) is cut back off the file's end, where it is: no other line can have
 * followed it, as there was no room for one. The next line tries again, so
 * logging goes on by itself once there is room, and says so once.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "access_log.h"
#include "prom.h"
#include "util.h"

/* Seconds between two warnings about lines lost. */
#define WARN_EVERY 60

struct access_log {
	int		 fd;
	char		*path;		/* NULL: stderr */
	bool		 json;
	atomic_ulong	 lost;		/* lines not written */
	atomic_bool	 failing;	/* the last write failed */
	atomic_llong	 warned;	/* when the last warning was printed (CLOCK_MONOTONIC seconds) */
};

static const char *const location_name[] = { "internal", "external" };

/*
 * A logged field, escaped in one pass: control bytes, DEL, '"' and '\' become
 * \xHH, and so does every byte >= 0x80 — in the combined format all of them
 * (the line stays ASCII, as nginx writes it), in JSON only those that are not
 * part of well-formed UTF-8 (so jansson always accepts the string). Any
 * field, whatever bytes it carries, gets its line. NULL s logs "-".
 */
static char *
escaped(const char *s, bool json)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "-");
	size_t n = strlen((const char *)p), i = 0, len;
	char *out = malloc(4 * n + 1), *o = out;

	if (out == NULL)
		return NULL;
	while (i < n) {
		unsigned char c = p[i];

		len = json && c >= 0x80 ? utf8_sequence_length(p + i, n - i) : 0;
		if (len > 0) {
			memcpy(o, p + i, len);
			o += len;
			i += len;
			continue;
		}
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		} else
			*o++ = (char)c;
		i++;
	}
	*o = '\0';
	return out;
}

/* The fields a request can fill with any bytes, escaped for one format. */
struct fields {
	char	*method, *target, *version, *host, *ua, *type;
};

/* Escapes s; a missing s stays NULL in JSON (null) and is "-" in the combined format. */
static char *
field(const char *s, bool json, bool *failed)
{
	char *out;

	if (s == NULL && json)
		return NULL;
	if ((out = escaped(s, json)) == NULL)
		*failed = true;
	return out;
}

static int
fields_escape(struct fields *f, const struct access_entry *e, bool json)
{
	bool failed = false;

	f->method = field(e->method, json, &failed);
	f->target = field(e->target, json, &failed);
	f->version = field(e->version, json, &failed);
	f->host = field(e->host, json, &failed);
	f->ua = field(e->user_agent, json, &failed);
	f->type = field(e->content_type, json, &failed);
	return failed ? -1 : 0;
}

static void
fields_free(struct fields *f)
{
	free(f->method);
	free(f->target);
	free(f->version);
	free(f->host);
	free(f->ua);
	free(f->type);
}

/*
 * Combined log format plus our fields. Fields that may hold spaces (the
 * request line, User-Agent, host, content type: "...+xml; v=1") are in
 * double quotes, so whitespace-splitting tools (and shlex) see one field each.
 */
static char *
format_combined(const struct access_entry *e, const char *client, const char *when)
{
	struct fields f;
	char *line = NULL;

	if (fields_escape(&f, e, false) == 0)
		line = xasprintf_s("%s - - [%s] \"%s %s %s\" %u %zu \"-\" \"%s\" %s \"%s\" %s %s \"%s\" %.3f\n",
		    client, when, f.method, f.target, f.version, e->status, e->bytes, f.ua,
		    e->tls ? "https" : "http", f.host, location_name[e->location],
		    e->resource != NULL ? e->resource : "-", f.type, e->ms);
	fields_free(&f);
	return line;
}

/* Significant digits that print ms with three decimals (%g drops trailing zeros). */
static int
ms_precision(double ms)
{
	int digits = 1;

	while (ms >= 10.0 && digits < 20) {
		ms /= 10.0;
		digits++;
	}
	return digits + 3;
}

static char *
format_json(const struct access_entry *e, const char *client, const char *when)
{
	/* Three decimals: 0.056, not 0.055924000000000001. */
	double ms = (double)(long long)(e->ms * 1000.0 + 0.5) / 1000.0;
	struct fields f;
	json_t *o = NULL;
	char *s = NULL, *line = NULL;

	if (fields_escape(&f, e, true) == 0)
		o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:i, s:I, s:s?, s:s?, s:s, s:f, s:s?}",
		    "time", when, "client", client, "scheme", e->tls ? "https" : "http",
		    "host", f.host, "method", f.method, "target", f.target, "version", f.version,
		    "status", (int)e->status, "bytes", (json_int_t)e->bytes,
		    "resource", e->resource, "type", f.type, "location", location_name[e->location],
		    "ms", ms, "user_agent", f.ua);
	if (o != NULL)
		s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(ms_precision(ms)));
	if (s != NULL)
		line = xasprintf_s("%s\n", s);
	free(s);
	json_decref(o);
	fields_free(&f);
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

/*
 * The log for appending. A log made here is mode ACCESS_LOG_MODE whatever the
 * umask (systemd's UMask=0077 would make it 0600): the group of its folder —
 * adm with the package's tmpfiles.d, whose set-group-ID folder gives its files
 * that group — reads it, as that file promises. A log that is there keeps
 * its mode and owner (logrotate's create, or the operator's chmod, decide).
 */
static int
open_append(const char *path, char **cause)
{
	int fd = -1, tries;

	/* Made, or there: a log moved away between the two opens is made on the next try. */
	for (tries = 0; fd < 0 && tries < 3; tries++) {
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, ACCESS_LOG_MODE);
		if (fd >= 0 && fchmod(fd, ACCESS_LOG_MODE) != 0) {
			*cause = xasprintf_s("cannot make the access log %s mode %o: %s", path,
			    (unsigned)ACCESS_LOG_MODE, strerror(errno));
			close(fd);
			return -1;
		}
		if (fd < 0 && errno == EEXIST)
			fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (fd < 0 && errno != ENOENT)
			break;
	}
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
	l->fd = -1;
	if ((l->path = xstrdup(path)) == NULL || (l->fd = open_append(path, cause)) < 0) {
		if (l->path == NULL)
			*cause = xstrdup("out of memory");
		access_log_close(l);
		return NULL;
	}
	return l;
}

const char *
access_log_path(const struct access_log *l)
{
	return l != NULL ? l->path : NULL;
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

static long long
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec;
}

/* A line lost: counted, and said at most once a minute (a full disk must not stop the service). */
static void
lost(struct access_log *l, int err)
{
	unsigned long n = atomic_fetch_add(&l->lost, 1) + 1;
	long long now = now_seconds(), last = atomic_load(&l->warned);

	atomic_store(&l->failing, true);
	if (last != 0 && now - last < WARN_EVERY)
		return;
	if (!atomic_compare_exchange_strong(&l->warned, &last, now))
		return;	/* another thread warns */
	fprintf(stderr, "lyncdiscoverd: warning: access log %s: cannot write: %s; %lu line(s) "
	    "lost so far (lyncdiscover_access_log_lost_total), and more until there is room\n",
	    l->path != NULL ? l->path : "stderr", strerror(err), n);
}

/* A line went whole: if lines were lost before, say once that logging goes on. */
static void
written(struct access_log *l)
{
	bool was = true;

	if (!atomic_load_explicit(&l->failing, memory_order_relaxed) ||
	    !atomic_compare_exchange_strong(&l->failing, &was, false))
		return;
	fprintf(stderr, "lyncdiscoverd: access log %s: writing again; %lu line(s) lost in all\n",
	    l->path != NULL ? l->path : "stderr", atomic_load(&l->lost));
}

void
access_log_write(struct access_log *l, const struct access_entry *e)
{
	char *line = access_log_format(e, l->json);
	size_t len;
	ssize_t n;
	off_t end;
	int err;

	if (line == NULL) {
		lost(l, ENOMEM);
		return;
	}
	len = strlen(line);
	n = write(l->fd, line, len);
	err = errno;
	if (n > 0 && (size_t)n < len) {
		/* Short: the rest written too (a signal cut it), or the error that cut it. */
		ssize_t m = write(l->fd, line + n, len - (size_t)n);

		err = errno;
		if (m == (ssize_t)(len - (size_t)n))
			n = (ssize_t)len;
		else if (m > 0)
			n += m;
	}
	free(line);
	if (n == (ssize_t)len) {
		written(l);
		return;
	}
	if (n > 0 && l->path != NULL && (end = lseek(l->fd, 0, SEEK_END)) >= n)
		(void)ftruncate(l->fd, end - n);	/* the torn line off the end */
	lost(l, n < 0 || err != 0 ? err : ENOSPC);
}

unsigned long
access_log_lost(const struct access_log *l)
{
	return l != NULL ? atomic_load(&((struct access_log *)(uintptr_t)l)->lost) : 0;
}

void
access_log_metrics(void *cls, struct prom *p)
{
	prom_counter(p, "lyncdiscover_access_log_lost_total", "Access log lines that could not be "
	    "written whole (a full disk, a file-size limit) and were left out.",
	    access_log_lost(cls));
}

void
access_log_close(struct access_log *l)
{
	if (l == NULL)
		return;
	if (l->path != NULL && l->fd >= 0)
		close(l->fd);
	free(l->path);
	free(l);
}
