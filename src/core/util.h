/* SPDX-License-Identifier: MIT */
/*
 * util.h: small string helpers shared by every module.
 *
 * Allocation failures are reported, not fatal: functions return NULL and the
 * caller turns that into an error (a 500 on the request path, a message at load).
 */
#ifndef LD_UTIL_H
#define LD_UTIL_H

#include <stddef.h>

/* printf into a new heap string; NULL on failure. */
char	*xasprintf_s(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends printf output to heap string s (which may be reallocated); frees s and returns NULL on failure. */
char	*xstrappendf(char *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Percent-encodes s for a query value, leaving unreserved characters and "@!$'()*,;:" raw; -1 if out is too small. */
int	 query_encode(const char *s, char *out, size_t out_size);
/* Lower-cases s in place and returns it. */
char	*str_lower(char *s);
/* Narrows *s / *len to leave out the optional whitespace (SP, HTAB) around it. */
void	 trim_ows(const char **s, size_t *len);
/*
 * The length of the well-formed UTF-8 sequence at p (at most n bytes, n >= 1),
 * 0 if there is none: no overlong forms, no surrogates, nothing above
 * U+10FFFF — what jansson accepts.
 */
size_t	 utf8_sequence_length(const unsigned char *p, size_t n);
/*
 * An RFC 9110 §12.4.2 qvalue ("0", "0.5", "1.000") of len bytes, in
 * thousandths; -1 when malformed (more than three decimals, above 1, ...).
 */
int	 qvalue_parse(const char *s, size_t len);

#endif
