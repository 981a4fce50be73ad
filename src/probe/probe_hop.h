/* SPDX-License-Identifier: MIT */
/*
 * probe_hop.h: one request of a walk — recorded as a hop, its transport
 * judged — and a hop's note.
 */
#ifndef LD_PROBE_HOP_H
#define LD_PROBE_HOP_H

#include "probe.h"
#include "probe_http.h"

/*
 * One request, recorded as a hop of w (*hop) with its transport judged
 * (problems recorded); 0 when an answer over sound transport came (r then
 * holds it, for probe_http_response_free()).
 */
int	 probe_hop_exchange(const struct probe_options *, struct probe_walk *w, const char *url,
	     const char *accept, const char *const *headers, const char *post,
	     struct probe_response *r, struct probe_hop **hop);
/* Sets what hop h was for / found. */
void	 probe_hop_note(struct probe_hop *h, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));

#endif
