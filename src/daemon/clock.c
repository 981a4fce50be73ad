/* SPDX-License-Identifier: MIT */
/*
 * clock.c: the daemon's monotonic clock (see clock.h).
 */
#include <config.h>

#include <time.h>

#include "clock.h"

double
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
