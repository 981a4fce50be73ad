/* SPDX-License-Identifier: MIT */
/*
 * files.c: reading whole files (see files.h).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "util.h"

/* "Permission denied (read as user NAME)", made once by files_set_reader(). */
static char *reader_denied;

void
files_set_reader(const char *who)
{
	free(reader_denied);
	reader_denied = who != NULL ? xasprintf_s("%s (read as %s)", strerror(EACCES), who) : NULL;
}

const char *
files_strerror(int err)
{
	if (err == EACCES && reader_denied != NULL)
		return reader_denied;
	return strerror(err);
}

char *
files_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nbuf;
	size_t cap = 0, n = 0, got;
	int saved;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((nbuf = realloc(buf, cap + 1)) == NULL)
				goto fail;
			buf = nbuf;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
fail:
	saved = errno;
	free(buf);
	fclose(f);
	errno = saved;
	return NULL;
}

int
files_write_atomically(const char *path, const void *data, size_t len, unsigned mode,
    char **cause)
{
	char *tmp = xasprintf_s("%s.tmp", path);
	ssize_t n;
	int fd;

	if (tmp == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		*cause = xasprintf_s("cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	n = write(fd, data, len);
	if (fchmod(fd, (mode_t)mode) != 0 || close(fd) != 0 || n != (ssize_t)len ||
	    rename(tmp, path) != 0) {
		*cause = xasprintf_s("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int
files_make_directories(const char *path, char **cause)
{
	char *p = xstrdup(path), *slash;

	if (p == NULL) {
		*cause = xstrdup("out of memory");
		return -1;
	}
	for (slash = strchr(p + 1, '/'); ; slash = strchr(slash + 1, '/')) {
		if (slash != NULL)
			*slash = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			*cause = xasprintf_s("cannot create %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(p);
	return 0;
}
