/* SPDX-License-Identifier: MIT */
/*
 * framing.h: the message-framing rules the daemon adds to libmicrohttpd's
 * (RFC 9112 §6, RFC 9110 §5.5, §8.6). Pure: fed the header fields one by
 * one, it says whether the request may go on, or the status to refuse it
 * with and a one-line reason. A refused request is answered at once, without
 * reading a byte of its body, and the connection closes (a request whose
 * framing is in doubt must not be followed by another on the same stream).
 */
#ifndef LD_FRAMING_H
#define LD_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

struct framing_scan {
	unsigned		 status;	/* 0 while nothing is wrong */
	const char		*reason;	/* static string, with status */
	unsigned		 n_te;		/* Transfer-Encoding fields */
	bool			 te_chunked;	/* the (single) one is exactly "chunked" */
	unsigned		 n_cl;		/* Content-Length fields */
	bool			 cl_differ;	/* two of them disagree */
	unsigned long long	 content_length;	/* the first one's value (digits only) */
};

void		 framing_begin(struct framing_scan *);
/* One header field as received (the value may hold a NUL: hence the lengths). */
void		 framing_field(struct framing_scan *, const char *name, size_t name_len,
		     const char *value, size_t value_len);
/*
 * What lies between the end of a field's value and the start of the next line
 * as libmicrohttpd leaves it in its buffer (the line end overwritten with NUL
 * bytes): libmicrohttpd 0.9.75 measures values with strlen(), so a NUL inside
 * a value shows only here — NULs followed by more of the line — and a folded
 * line (obs-fold, RFC 9112 §5.2) as NULs followed by SP or HTAB. Both refused.
 */
void		 framing_line_tail(struct framing_scan *, const char *tail, size_t len);
/*
 * After the last field: 0 if the framing is sound, else the status (400,
 * 411: any Transfer-Encoding on a request that may have a body, 501) and
 * *reason. http10: the request line said HTTP/1.0.
 */
unsigned	 framing_verdict(const struct framing_scan *, const char *method, bool http10,
		     const char **reason);
/* Does the request announce a body (Transfer-Encoding, or Content-Length > 0)? */
bool		 framing_has_body(const struct framing_scan *);

#endif
