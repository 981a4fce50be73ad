/* SPDX-License-Identifier: MIT */
/*
 * diag_print.c: writing collected diagnostics out (see diag_print.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "diag_print.h"

static int
by_line(const void *a, const void *b)
{
	const struct diag_line *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
diag_print(struct diag *d, FILE *f)
{
	size_t i;

	if (d->n > 1)
		qsort(d->lines, d->n, sizeof *d->lines, by_line);
	for (i = 0; i < d->n; i++)
		fprintf(f, "%s\n", d->lines[i].text);
	if (d->oom)
		fprintf(f, "(some messages were lost: out of memory)\n");
}
