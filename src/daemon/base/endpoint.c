/* SPDX-License-Identifier: MIT */
/*
 * endpoint.c: "ADDR:PORT" and socket addresses (see endpoint.h).
 */
#include <config.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "endpoint.h"

int
endpoint_parse(const char *s, char address[ENDPOINT_ADDRESS_MAX], unsigned *port)
{
	unsigned char buf[sizeof(struct in6_addr)];
	const char *colon, *a = s;
	size_t alen;
	char *end;
	unsigned long p;

	if (*s == '[') {
		colon = strstr(s, "]:");
		a = s + 1;
		alen = colon != NULL ? (size_t)(colon - a) : 0;
		colon = colon != NULL ? colon + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		alen = colon != NULL ? (size_t)(colon - s) : 0;
	}
	if (colon == NULL || alen == 0 || alen >= ENDPOINT_ADDRESS_MAX)
		return -1;
	memcpy(address, a, alen);
	address[alen] = '\0';
	if (inet_pton(*s == '[' ? AF_INET6 : AF_INET, address, buf) != 1)
		return -1;
	p = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || p == 0 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

int
endpoint_sockaddr(const char *address, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len, bool *v6)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, address, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof *in4;
		*v6 = false;
		return 0;
	}
	if (inet_pton(AF_INET6, address, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof *in6;
		*v6 = true;
		return 0;
	}
	return -1;
}
