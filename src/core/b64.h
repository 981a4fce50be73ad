/* SPDX-License-Identifier: MIT */
/*
 * b64.h: base64 (RFC 4648 §4, with padding) through GnuTLS, as heap strings.
 */
#ifndef LD_B64_H
#define LD_B64_H

#include <stddef.h>

/* The base64 text of data, NUL-terminated; NULL when out of memory. */
char	*b64_encode(const void *data, size_t len);
/* Decodes text (len bytes) into out (at most max bytes). The decoded length, or -1. */
long	 b64_decode(const char *text, size_t len, void *out, size_t max);

#endif
