/* SPDX-License-Identifier: MIT */
/*
 * fault_reply.h: the answers of the fault actions that change what is sent
 * but not how (status, malformed, redirect), made from the answer the
 * request got. Pure: the daemon queues the result as any reply.
 */
#ifndef LD_FAULT_REPLY_H
#define LD_FAULT_REPLY_H

#include "fault_rule.h"
#include "reply.h"
#include "topology.h"

/*
 * Changes r as a (FAULT_STATUS, FAULT_MALFORMED or FAULT_REDIRECT) says;
 * what r records of the request (resource, client, host, location,
 * representation, user) stays. Any other action leaves r as it is. 0, or -1
 * when out of memory (r is then a 500).
 */
int	 fault_reply(const struct fault_action *a, const struct topology *, struct reply *r);

#endif
