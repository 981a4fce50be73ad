/* SPDX-License-Identifier: MIT */
/*
 * diag_print.h: writing collected diagnostics (diag.h) out.
 */
#ifndef LD_DIAG_PRINT_H
#define LD_DIAG_PRINT_H

#include <stdio.h>

#include "diag.h"

/* Prints the messages sorted by line (file-level ones, line 0, first). */
void	 diag_print(struct diag *, FILE *);

#endif
