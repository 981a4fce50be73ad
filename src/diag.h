/*
 * diag.h: collected configuration diagnostics, each "FILE:LINE: message".
 */
#ifndef LD_DIAG_H
#define LD_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
	char	**lines;
	size_t	  n;
	int	  oom;	/* a message could not be stored */
};

void	 diag_add(struct diag *, const char *file, long line, const char *fmt, ...)
	     __attribute__((format(printf, 4, 5)));
void	 diag_print(const struct diag *, FILE *);
void	 diag_free(struct diag *);

#endif
