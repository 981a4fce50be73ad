/* SPDX-License-Identifier: MIT */
/*
 * clock.h: the daemon's monotonic clock, in seconds, for deadlines and
 * durations (the sign-in throttle, the LDAP directory's back-off, cache and
 * latency sums). The core reads no clock: callers hand it the time.
 */
#ifndef LD_CLOCK_H
#define LD_CLOCK_H

double	 monotonic_seconds(void);

#endif
