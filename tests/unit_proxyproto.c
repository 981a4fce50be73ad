/* SPDX-License-Identifier: MIT */
/*
 * unit_proxyproto.c: PROXY protocol headers — v1 and v2, complete, partial
 * (how many bytes are still needed, never more than the header), malformed,
 * and versions not allowed.
 */
#include <config.h>

#include <string.h>

#include "check.h"
#include "proxyproto.h"

static void
test_v1(void)
{
	static const char h[] = "PROXY TCP4 192.0.2.7 10.0.0.1 56324 443\r\nGET / HTTP/1.1\r\n";
	size_t hlen = strlen("PROXY TCP4 192.0.2.7 10.0.0.1 56324 443\r\n"), need = 0, i;
	struct netaddr src;
	char text[NETADDR_TEXT];

	CHECK(proxyproto_parse((const unsigned char *)h, sizeof h - 1, PROXY_V1, &src, &need) == PROXY_DONE,
	    "v1 TCP4");
	CHECK_UINT("v1: the header's length, not more", need, hlen);
	netaddr_text(&src, text);
	CHECK_STR("v1: the client", text, "192.0.2.7");
	for (i = 0; i < hlen; i++) {
		enum proxyproto_parse r = proxyproto_parse((const unsigned char *)h, i, PROXY_V1, &src, &need);

		CHECK(r == PROXY_NEED_MORE && need > i && need <= hlen,
		    "v1 with %zu bytes: needs more, at most up to the header's end (need %zu)", i, need);
	}
	CHECK(proxyproto_parse((const unsigned char *)"PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n", 40,
	    PROXY_V1, &src, &need) == PROXY_DONE && src.family == 6, "v1 TCP6");
	CHECK(proxyproto_parse((const unsigned char *)"PROXY UNKNOWN\r\n", 15, PROXY_V1, &src, &need) ==
	    PROXY_DONE && src.family == 0, "v1 UNKNOWN: the proxy itself");
	CHECK(proxyproto_parse((const unsigned char *)"PROXY TCP4 2001:db8::1 x 1 2\r\n", 30, PROXY_V1,
	    &src, &need) == PROXY_BAD, "v1 TCP4 with an IPv6 address");
	CHECK(proxyproto_parse((const unsigned char *)"GET / HTTP/1.1\r\n", 16, PROXY_V1, &src, &need) ==
	    PROXY_BAD, "no header at all");
	CHECK(proxyproto_parse((const unsigned char *)h, sizeof h - 1, PROXY_V2, &src, &need) == PROXY_BAD,
	    "v1 where only v2 is allowed");
	{
		char longline[120];

		memset(longline, 'a', sizeof longline);
		memcpy(longline, "PROXY TCP4 ", 11);
		CHECK(proxyproto_parse((const unsigned char *)longline, sizeof longline, PROXY_V1, &src,
		    &need) == PROXY_BAD, "v1 longer than 107 bytes");
	}
}

static void
test_v2(void)
{
	unsigned char h[16 + 12 + 4] = {
		0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
		0x21, 0x11, 0x00, 0x0c,		/* v2 PROXY, TCP over IPv4, 12 bytes */
		198, 51, 100, 9, 10, 0, 0, 1, 0xdc, 0x04, 0x01, 0xbb,
		0x16, 0x03, 0x01, 0x00		/* a TLS ClientHello begins: not ours */
	};
	struct netaddr src;
	char text[NETADDR_TEXT];
	size_t need = 0, i;

	CHECK(proxyproto_parse(h, sizeof h, PROXY_V2, &src, &need) == PROXY_DONE, "v2 TCP4");
	CHECK_UINT("v2: the header's length", need, 28);
	netaddr_text(&src, text);
	CHECK_STR("v2: the client", text, "198.51.100.9");
	for (i = 0; i < 28; i++) {
		enum proxyproto_parse r = proxyproto_parse(h, i, PROXY_V2, &src, &need);

		CHECK(r == PROXY_NEED_MORE && need > i && need <= 28,
		    "v2 with %zu bytes: needs more, within the header (need %zu)", i, need);
	}
	h[12] = 0x20;	/* LOCAL */
	CHECK(proxyproto_parse(h, sizeof h, PROXY_V2, &src, &need) == PROXY_DONE && src.family == 0,
	    "v2 LOCAL: the proxy's own connection");
	h[12] = 0x31;	/* version 3 */
	CHECK(proxyproto_parse(h, sizeof h, PROXY_V2, &src, &need) == PROXY_BAD, "v2 with version 3");
	h[12] = 0x21;
	h[15] = 0x04;	/* too short for IPv4 */
	CHECK(proxyproto_parse(h, sizeof h, PROXY_V2, &src, &need) == PROXY_BAD, "v2 too short for TCP4");
	h[15] = 0x0c;
	CHECK(proxyproto_parse(h, sizeof h, PROXY_V1, &src, &need) == PROXY_BAD, "v2 where only v1 is allowed");
	h[14] = 0xff;	/* 65 kB of TLVs */
	CHECK(proxyproto_parse(h, sizeof h, PROXY_V2, &src, &need) == PROXY_BAD, "v2 over the size limit");
}

int
main(void)
{
	test_v1();
	test_v2();
	return check_done("unit_proxyproto");
}
