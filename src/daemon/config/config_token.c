/* SPDX-License-Identifier: MIT */
/*
 * config_token.c: the admin API's token read from its file (see
 * config_token.h).
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "config_token.h"
#include "files.h"
#include "util.h"

int
config_token_load(struct topology *t, struct diag *d)
{
	size_t size, len, start = 0;
	char *text;

	if (t->admin_token_file == NULL)
		return 0;
	if ((text = files_read(t->admin_token_file, &size)) == NULL) {
		diag_add(d, t->source, t->settings_line, "settings: cannot read admin-token %s: %s",
		    t->admin_token_file, files_strerror(errno));
		return -1;
	}
	len = strcspn(text, "\r\n");	/* the first line */
	while (start < len && (text[start] == ' ' || text[start] == '\t'))
		start++;
	while (len > start && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len == start || len - start > CONFIG_TOKEN_MAX) {
		diag_add(d, t->source, t->settings_line, "settings: admin-token %s must hold the "
		    "token on its first line (1 to %d bytes; e.g. head -c 32 /dev/urandom | "
		    "base64 -w0)", t->admin_token_file, CONFIG_TOKEN_MAX);
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
