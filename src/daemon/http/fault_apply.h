/* SPDX-License-Identifier: MIT */
/*
 * fault_apply.h: the fault actions that change how an answer is sent, on
 * libmicrohttpd: delay (suspend, resume on a timer), reset, truncate, and
 * the answer paced (bandwidth, slice). The others change what is sent
 * (fault_reply.h); hang holds the connection (linger.h).
 */
#ifndef LD_FAULT_APPLY_H
#define LD_FAULT_APPLY_H

#include <microhttpd.h>

#include "reply.h"
#include "timers.h"

/*
 * Suspends c and has the timers resume it in ms milliseconds; libmicrohttpd
 * then calls the access handler again, which answers. No listener thread
 * waits meanwhile. 0, or -1 when too many delays wait already (nothing was
 * done: answer now).
 */
int		 fault_apply_delay(struct timers *, struct MHD_Connection *c, unsigned ms);
/*
 * Makes the connection's end a TCP reset (RST, no FIN): call it, then return
 * MHD_NO from the access handler, which has libmicrohttpd close it unanswered.
 */
void		 fault_apply_reset(struct MHD_Connection *c);
/*
 * Queues r's status and headers with the Content-Length of its whole body,
 * then only bytes of the body (-1: half), then closes the connection.
 */
enum MHD_Result	 fault_apply_truncated(struct MHD_Connection *c, const struct reply *r,
		     long bytes);
/*
 * Queues r (status, headers, Content-Length) with a body that leaves a
 * segment of `segment` bytes every interval_ms milliseconds, the first at
 * once: between segments the connection is suspended and the timers resume
 * it, so no listener thread waits. When the timers are full the rest leaves
 * at once.
 */
enum MHD_Result	 fault_apply_paced(struct timers *, struct MHD_Connection *c,
		     const struct reply *r, size_t segment, unsigned interval_ms);
/* The segment and interval that make bytes_per_second: 20 segments a second, or fewer. */
void		 fault_apply_bandwidth(unsigned bytes_per_second, size_t *segment,
		     unsigned *interval_ms);

#endif
