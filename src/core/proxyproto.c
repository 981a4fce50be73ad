/* SPDX-License-Identifier: MIT */
/*
 * proxyproto.c: PROXY protocol v1 ("PROXY TCP4 a b p q\r\n") and v2 (binary).
 */
#include <config.h>

#include <string.h>

#include "proxyproto.h"

static const unsigned char v2_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

static enum proxyproto_parse
parse_v1(const unsigned char *buf, size_t len, struct netaddr *src, size_t *need)
{
	const char *s = (const char *)buf, *crlf, *a, *end;
	size_t n = len < PROXY_V1_MAX ? len : PROXY_V1_MAX;

	crlf = memchr(s, '\r', n);
	if (crlf == NULL || (size_t)(crlf - s) + 1 >= n) {
		if (len >= PROXY_V1_MAX)
			return PROXY_BAD;
		*need = len + 1;
		return PROXY_NEED_MORE;
	}
	if (crlf[1] != '\n')
		return PROXY_BAD;
	*need = (size_t)(crlf - s) + 2;
	memset(src, 0, sizeof *src);
	if (strncmp(s, "PROXY UNKNOWN", 13) == 0)
		return PROXY_DONE;
	if (strncmp(s, "PROXY TCP4 ", 11) != 0 && strncmp(s, "PROXY TCP6 ", 11) != 0)
		return PROXY_BAD;
	a = s + 11;
	end = memchr(a, ' ', (size_t)(crlf - a));
	if (end == NULL || netaddr_parse(a, (size_t)(end - a), src) != 0 ||
	    src->family != (s[9] == '4' ? 4 : 6))
		return PROXY_BAD;
	return PROXY_DONE;
}

static enum proxyproto_parse
parse_v2(const unsigned char *buf, size_t len, struct netaddr *src, size_t *need)
{
	size_t total;

	if (len < 16) {
		*need = 16;
		return PROXY_NEED_MORE;
	}
	total = 16 + ((size_t)buf[14] << 8 | buf[15]);
	if ((buf[12] & 0xf0) != 0x20 || total > PROXY_V2_MAX)
		return PROXY_BAD;
	if (len < total) {
		*need = total;
		return PROXY_NEED_MORE;
	}
	*need = total;
	memset(src, 0, sizeof *src);
	if ((buf[12] & 0x0f) == 0x0)	/* LOCAL: the proxy's own connection */
		return PROXY_DONE;
	if ((buf[12] & 0x0f) != 0x1)
		return PROXY_BAD;
	switch (buf[13] >> 4) {
	case 0x1:	/* AF_INET: src, dst, sport, dport */
		if (total < 16 + 12)
			return PROXY_BAD;
		netaddr_set(src, 4, buf + 16);
		return PROXY_DONE;
	case 0x2:	/* AF_INET6 */
		if (total < 16 + 36)
			return PROXY_BAD;
		netaddr_set(src, 6, buf + 16);
		return PROXY_DONE;
	case 0x0:	/* AF_UNSPEC */
		return PROXY_DONE;
	default:
		return PROXY_BAD;
	}
}

enum proxyproto_parse
proxyproto_parse(const unsigned char *buf, size_t len, unsigned versions, struct netaddr *src,
    size_t *need)
{
	size_t n = len < sizeof v2_sig ? len : sizeof v2_sig;

	if (len == 0) {
		*need = 6;
		return PROXY_NEED_MORE;
	}
	if ((versions & PROXY_V2) && memcmp(buf, v2_sig, n) == 0)
		return n < sizeof v2_sig ? (*need = sizeof v2_sig, PROXY_NEED_MORE) :
		    parse_v2(buf, len, src, need);
	n = len < 6 ? len : 6;
	if ((versions & PROXY_V1) && memcmp(buf, "PROXY ", n) == 0)
		return n < 6 ? (*need = 6, PROXY_NEED_MORE) : parse_v1(buf, len, src, need);
	return PROXY_BAD;
}
