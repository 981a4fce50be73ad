/* SPDX-License-Identifier: MIT */
/*
 * head_scan.h: one walk over a request's head in libmicrohttpd's buffer:
 * the framing rules (framing.h) checked on every field and on the bytes
 * between them, and the fields the core, the access log and the journal
 * read gathered on the way (no second walk, no lookup per field).
 */
#ifndef LD_HEAD_SCAN_H
#define LD_HEAD_SCAN_H

#include <stdbool.h>

#include <microhttpd.h>

#include "framing.h"

/* The request headers the core, the log and the journal read, gathered in the framing walk. */
struct header_scan {
	const char	*host;
	unsigned	 host_count;
	const char	*accept;
	char		*accept_joined;	/* heap; only when Accept is repeated */
	const char	*accept_encoding;
	char		*accept_encoding_joined;	/* heap; only when Accept-Encoding is repeated */
	bool		 has_body;
	const char	*authorization;
	const char	*webticket;
	const char	*origin;
	const char	*ms_origin;
	const char	*content_type;
	const char	*forwarded;
	const char	*x_forwarded_for;
	const char	*x_forwarded_proto;
	const char	*x_forwarded_host;
	const char	*user_agent;	/* for the access log */
};

/*
 * The framing rules over c's request head, and hs filled in the same walk;
 * 0, or the status to refuse the request with (*reason: why). hs's pointers
 * point into the connection's buffer (or into hs's heap lists). target_at:
 * where the target lies in libmicrohttpd's buffer (the access handler's url);
 * target: what the URI callback read there before libmicrohttpd decoded it
 * in place (target_len bytes), to check the request line.
 */
unsigned	 head_scan_check(struct MHD_Connection *c, const char *method, const char *version,
		     const char *target_at, const char *target, size_t target_len,
		     struct framing_scan *fs, struct header_scan *hs, const char **reason);
/* Frees hs's heap (the joined lists). */
void		 head_scan_free(struct header_scan *hs);

#endif
