/* SPDX-License-Identifier: MIT */
/*
 * util.h: small string helpers shared by every module: the C library's
 * missing pieces (xstrdup, xasprintf_s, xstrappendf, a constant-time
 * comparison, a hex digit's value ...) and HTTP's small syntax (percent
 * escapes, OWS, qvalues).
 *
 * The one exception to the core's naming rule: every other foo.c exports
 * only foo_* names; util.c's names are those a C library would give them.
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
/* Decodes %XX escapes of s[0..len) into out (NUL-terminated); -1 on a broken escape or %00. */
int	 percent_decode(const char *s, size_t len, char *out);
/* The value of hex digit c (either case), or -1. */
int	 hex_value(int c);
/* Compares n bytes in time that does not depend on where they differ. */
int	 ct_memeq(const void *a, const void *b, size_t n);
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
