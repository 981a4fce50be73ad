/* SPDX-License-Identifier: MIT */
/*
 * b64.c: base64 through GnuTLS.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "b64.h"

char *
b64_encode(const void *data, size_t len)
{
	gnutls_datum_t in = { (unsigned char *)(uintptr_t)data, (unsigned)len }, out = { NULL, 0 };
	char *s;

	if (gnutls_base64_encode2(&in, &out) < 0)
		return NULL;
	s = malloc(out.size + 1);
	if (s != NULL) {
		memcpy(s, out.data, out.size);
		s[out.size] = '\0';
	}
	gnutls_free(out.data);
	return s;
}

long
b64_decode(const char *text, size_t len, void *out, size_t max)
{
	gnutls_datum_t in = { (unsigned char *)(uintptr_t)text, (unsigned)len }, dec = { NULL, 0 };
	long n = -1;

	if (len == 0 || gnutls_base64_decode2(&in, &dec) < 0)
		return -1;
	if (dec.size <= max) {
		memcpy(out, dec.data, dec.size);
		n = (long)dec.size;
	}
	gnutls_memset(dec.data, 0, dec.size);
	gnutls_free(dec.data);
	return n;
}
