/* SPDX-License-Identifier: MIT */
/*
 * tls_bytes.h: bytes a TLS connection keeps for later — held back until its
 * flight is complete, or written behind a full socket (tls_transport.h) —
 * gathered from GnuTLS's vectors.
 */
#ifndef LD_TLS_BYTES_H
#define LD_TLS_BYTES_H

#include <stdlib.h>

#include <gnutls/gnutls.h>

/* Bytes kept for a connection: p[0, len) of cap allocated. */
struct bytes {
	unsigned char	*p;
	size_t		 len, cap;
};

/* Frees b's bytes; b is then empty. */
static inline void
bytes_free(struct bytes *b)
{
	free(b->p);
	*b = (struct bytes){ NULL, 0, 0 };
}

/*
 * Appends iov's bytes from offset skip on (n of them) to b, growing it to at
 * least min_cap bytes. -1 when out of memory.
 */
int	 tls_bytes_append_iov(struct bytes *, size_t min_cap, const giovec_t *, int iovcnt,
	    size_t skip, size_t n);
/* The bytes of iovcnt vectors. */
size_t	 tls_bytes_iov_total(const giovec_t *, int iovcnt);

#endif
