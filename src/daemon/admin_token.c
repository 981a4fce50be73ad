/* SPDX-License-Identifier: MIT */
/*
 * admin_token.c: the admin API's token (see admin_token.h).
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "admin_token.h"
#include "files.h"
#include "util.h"

int
admin_token_load(struct topology *t, struct diag *d)
{
	size_t size, len, start = 0;
	char *text;

	if (t->admin_token_file == NULL)
		return 0;
	if ((text = read_file(t->admin_token_file, &size)) == NULL) {
		diag_add(d, t->source, t->settings_line, "settings: cannot read admin-token %s: %s",
		    t->admin_token_file, strerror(errno));
		return -1;
	}
	len = strcspn(text, "\r\n");	/* the first line */
	while (start < len && (text[start] == ' ' || text[start] == '\t'))
		start++;
	while (len > start && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len == start || len - start > ADMIN_TOKEN_MAX) {
		diag_add(d, t->source, t->settings_line, "settings: admin-token %s must hold the "
		    "token on its first line (1 to %d bytes; e.g. head -c 32 /dev/urandom | "
		    "base64 -w0)", t->admin_token_file, ADMIN_TOKEN_MAX);
		gnutls_memset(text, 0, size);
		free(text);
		return -1;
	}
	t->admin_token = xstrndup(text + start, len - start);
	gnutls_memset(text, 0, size);
	free(text);
	if (t->admin_token == NULL) {
		diag_add(d, t->source, t->settings_line, "settings: out of memory");
		return -1;
	}
	return 0;
}

bool
admin_token_matches(const char *token, const char *authorization)
{
	unsigned char want[32], got[32];
	const char *presented;
	unsigned diff = 0;
	size_t i;

	if (token == NULL || authorization == NULL || strncasecmp(authorization, "Bearer ", 7) != 0)
		return false;
	presented = authorization + 7;
	while (*presented == ' ')
		presented++;
	/* Hashes of equal length, compared in constant time: the lengths leak nothing either. */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), want) < 0 ||
	    gnutls_hash_fast(GNUTLS_DIG_SHA256, presented, strlen(presented), got) < 0)
		return false;
	for (i = 0; i < sizeof want; i++)
		diff |= (unsigned)(want[i] ^ got[i]);
	return diff == 0;
}
