/* SPDX-License-Identifier: MIT */
/*
 * sipuri.c: SIP addresses in their canonical form (sipuri.h).
 */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "hostname.h"
#include "sipuri.h"

/* Characters RFC 3261 allows in the user part (unreserved and user-unreserved). */
static bool
sip_user_char(unsigned char c)
{
	return isalnum(c) || strchr("-_.!~*'()&=+$,;?/%", c) != NULL;
}

int
sipuri_canonical(const char *in, char *out, size_t out_size)
{
	const char *at, *d;
	size_t ulen, dlen, i;

	if (strncasecmp(in, "sip:", 4) == 0)
		in += 4;
	else if (strncasecmp(in, "sips:", 5) == 0)
		in += 5;
	at = strrchr(in, '@');
	if (at == NULL || at == in)
		return -1;
	ulen = (size_t)(at - in);
	d = at + 1;
	dlen = strlen(d);
	if (dlen > 0 && d[dlen - 1] == '.')
		dlen--;
	if (!hostname_valid(d, dlen) || ulen + 1 + dlen + 1 > out_size)
		return -1;
	for (i = 0; i < ulen; i++) {
		if (!sip_user_char((unsigned char)in[i]))
			return -1;
	}
	memcpy(out, in, ulen);
	out[ulen] = '@';
	for (i = 0; i < dlen; i++)
		out[ulen + 1 + i] = (char)tolower((unsigned char)d[i]);
	out[ulen + 1 + dlen] = '\0';
	return 0;
}
