/* SPDX-License-Identifier: MIT */
/*
 * endpoint.h: a listening endpoint's address and port, as the command line
 * and the configuration write it ("ADDR:PORT", IPv6 in brackets) and as the
 * socket calls take it (struct sockaddr).
 */
#ifndef LD_ENDPOINT_H
#define LD_ENDPOINT_H

#include <stdbool.h>
#include <sys/socket.h>

#define ENDPOINT_ADDRESS_MAX 64	/* an address's text, its NUL included */

/* "ADDR:PORT" (numeric address; IPv6 as "[ADDR]:PORT") into address and *port. 0, or -1. */
int	 endpoint_parse(const char *s, char address[ENDPOINT_ADDRESS_MAX], unsigned *port);
/*
 * A numeric address and a port as a sockaddr (*v6: an IPv6 one); *len is its
 * length. 0, or -1 if the address is not numeric.
 */
int	 endpoint_sockaddr(const char *address, unsigned port, struct sockaddr_storage *ss,
	     socklen_t *len, bool *v6);

#endif
