/* SPDX-License-Identifier: MIT */
/*
 * diag.c: collected diagnostics.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static void diag_vadd(struct diag *, const char *, long, const char *, const char *, va_list)
    __attribute__((format(printf, 5, 0)));

static void
diag_vadd(struct diag *d, const char *file, long line, const char *kind, const char *fmt,
    va_list ap)
{
	struct diag_line *lines;
	char msg[1024];
	char *s;
	size_t len;

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (line > 0)
		s = xasprintf_s("%s:%ld: %s%s", file, line, kind, msg);
	else
		s = xasprintf_s("%s: %s%s", file, kind, msg);
	len = s != NULL ? strlen(s) : 0;
	lines = s != NULL ? realloc(d->lines, (d->n + 1) * sizeof *lines) : NULL;
	if (lines == NULL) {
		free(s);
		d->oom = 1;
		return;
	}
	d->lines = lines;
	if (*kind == '\0' && d->error_file == NULL)
		d->error_file = xstrdup(file);
	d->lines[d->n] = (struct diag_line){ .line = line, .order = d->n, .text = s,
	    .file_len = strlen(file), .message = len - strlen(msg), .warning = *kind != '\0' };
	d->n++;
}

void
diag_add(struct diag *d, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, file, line, "", fmt, ap);
	va_end(ap);
	d->n_errors++;
}

void
diag_warn(struct diag *d, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, file, line, "warning: ", fmt, ap);
	va_end(ap);
}

void
diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->lines[i].text);
	free(d->lines);
	free(d->error_file);
	memset(d, 0, sizeof *d);
}
