/* SPDX-License-Identifier: MIT */
/*
 * prom.h: the Prometheus text exposition format (version 0.0.4), written in
 * this one place. The subsystems that have something to report hand over
 * names, help texts and values (report.h registers them); this writer puts
 * each family's "# HELP" and "# TYPE" lines and its samples into one text,
 * and escapes label values and help texts as the format asks.
 *
 * Writing never fails half-way for the caller: when memory runs out the
 * writer remembers it, ignores what follows, and prom_finish() says NULL.
 */
#ifndef LD_PROM_H
#define LD_PROM_H

#include <stdbool.h>
#include <stddef.h>

struct prom {
	char	*text;		/* heap, NUL-terminated; NULL before the first byte */
	size_t	 len, cap;
	bool	 failed;	/* out of memory: the text is lost */
};

/* One label of a sample: name="value" (the value is escaped). */
struct prom_label {
	const char	*name;
	const char	*value;
};

/* A family's "# HELP" and "# TYPE" lines (type: counter, gauge, histogram, summary). */
void	 prom_family(struct prom *, const char *name, const char *type, const char *help);
/* A sample: name{labels} value, an integer. */
void	 prom_sample(struct prom *, const char *name, const struct prom_label *labels,
	     size_t n_labels, unsigned long long value);
/* A sample with a real value written with decimals digits after the point. */
void	 prom_sample_real(struct prom *, const char *name, const struct prom_label *labels,
	     size_t n_labels, double value, int decimals);
/* A family of one unlabelled sample: HELP, TYPE and the sample. */
void	 prom_counter(struct prom *, const char *name, const char *help, unsigned long long v);
void	 prom_gauge(struct prom *, const char *name, const char *help, unsigned long long v);
/*
 * A histogram: counts[i] observations up to bounds[i] (not cumulative; the
 * writer sums them), counts[n] above the last bound (+Inf), and the sum of
 * all observations (written with decimals digits).
 */
void	 prom_histogram(struct prom *, const char *name, const char *help, const double *bounds,
	     const unsigned long *counts, size_t n, double sum, int decimals);
/* The text written (heap, the caller's), or NULL if memory ran out; p is empty again. */
char	*prom_finish(struct prom *);

#endif
