/* SPDX-License-Identifier: MIT */
/*
 * tls_bytes.c: bytes kept for a TLS connection (see tls_bytes.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tls_bytes.h"

int
tls_bytes_append_iov(struct bytes *b, size_t min_cap, const giovec_t *iov, int iovcnt, size_t skip,
    size_t n)
{
	size_t need = b->len + n, k;
	unsigned char *p;
	int i;

	if (need > b->cap) {
		k = need > min_cap ? need : min_cap;
		if ((p = realloc(b->p, k)) == NULL)
			return -1;
		b->p = p;
		b->cap = k;
	}
	for (i = 0; i < iovcnt; i++) {
		k = iov[i].iov_len;
		if (skip >= k) {
			skip -= k;
			continue;
		}
		memcpy(b->p + b->len, (const unsigned char *)iov[i].iov_base + skip, k - skip);
		b->len += k - skip;
		skip = 0;
	}
	return 0;
}


size_t
tls_bytes_iov_total(const giovec_t *iov, int iovcnt)
{
	size_t n = 0;
	int i;

	for (i = 0; i < iovcnt; i++)
		n += iov[i].iov_len;
	return n;
}
