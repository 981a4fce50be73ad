/* SPDX-License-Identifier: MIT */
/*
 * diag.h: collected configuration diagnostics, each "FILE:LINE: message", or
 * "FILE:LINE: warning: message" for a warning. Errors make a configuration
 * unusable; warnings are reported and the configuration stays usable.
 */
#ifndef LD_DIAG_H
#define LD_DIAG_H

#include <stddef.h>

struct diag_line {
	long	 line;	/* 0: the message is about the whole file */
	size_t	 order;	/* keeps messages of one line in the order they came */
	char	*text;	/* "FILE:LINE: message", "FILE:LINE: warning: message", "FILE: message" */
	/* The parts of text, for structured output (the admin API's reload errors): */
	size_t	 file_len;	/* FILE is text[0, file_len) */
	size_t	 message;	/* the message (after "warning: ") starts at text + message */
	int	 warning;
};

struct diag {
	struct diag_line	*lines;
	size_t			 n;
	size_t			 n_errors;	/* n minus the warnings */
	int			 oom;	/* a message could not be stored */
	char			*error_file;	/* the file of the first error, for summaries */
};

void	 diag_add(struct diag *, const char *file, long line, const char *fmt, ...)
	     __attribute__((format(printf, 4, 5)));
void	 diag_warn(struct diag *, const char *file, long line, const char *fmt, ...)
	     __attribute__((format(printf, 4, 5)));
/* The daemon prints them (diag_print.h). */
void	 diag_free(struct diag *);

#endif
