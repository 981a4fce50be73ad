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
 * (last: the end of the head) as libmicrohttpd leaves it in its buffer (the
 * line end overwritten with NUL bytes): libmicrohttpd 0.9.75 measures values
 * with strlen(), so a NUL inside a value shows only here — NULs followed by
 * more of the line — and a folded line (obs-fold, RFC 9112 §5.2) as NULs
 * followed by SP or HTAB. Both refused, and so are more NULs than line ends
 * make (at most 2 after a field, 4 with the empty line): NUL bytes at the
 * end of a value, or a line of NULs, which libmicrohttpd takes for the
 * empty line that ends the head, reading what follows as the next request.
 */
void		 framing_line_tail(struct framing_scan *, const char *tail, size_t len, bool last);
/*
 * After the last field: 0 if the framing is sound, else the status (400,
 * 411: any Transfer-Encoding on a request that may have a body, 501) and
 * *reason. http10: the request line said HTTP/1.0.
 */
unsigned	 framing_verdict(const struct framing_scan *, const char *method, bool http10,
		     const char **reason);
/*
 * The request line (RFC 9112 §3), as far as libmicrohttpd 0.9.75 lets it be
 * seen: it takes any bytes up to the first space as the method and anything
 * between the spaces as the target, and C strings hide a NUL. method: the
 * method's bytes up to the space (method_len counts NULs too); target: the
 * target as read (target_len: up to a NUL), target_wire_len its length on
 * the wire. NULL when sound, else why the request is refused (400): a
 * method that is not a token, a target holding a space, a control
 * character, DEL or NUL. Spaces around the target are libmicrohttpd's
 * leniency (RFC 9112 §3 allows it) and not seen here.
 */
const char	*framing_request_line(const char *method, size_t method_len, const char *target,
		     size_t target_len, size_t target_wire_len);
/* Does the request announce a body (Transfer-Encoding, or Content-Length > 0)? */
bool		 framing_has_body(const struct framing_scan *);

#endif
