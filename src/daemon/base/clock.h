/* SPDX-License-Identifier: MIT */
/*
 * clock.h: the daemon's monotonic clock, for deadlines and durations (the
 * sign-in throttle, the LDAP directory's back-off, cache and latency sums,
 * a request's time). The core reads no clock: callers hand it the time.
 */
#ifndef LD_CLOCK_H
#define LD_CLOCK_H

#include <time.h>

/* Now, in seconds. */
double	 clock_seconds(void);
/* Milliseconds from start (CLOCK_MONOTONIC) to now. */
double	 clock_ms_since(const struct timespec *start);

#endif
