/* SPDX-License-Identifier: MIT */
/*
 * users_load.c: the user directory and the token secret, from their files.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "b64.h"
#include "directory.h"
#include "files.h"
#include "password.h"
#include "password_new.h"
#include "token.h"
#include "users_load.h"
#include "util.h"

/* The directory file; its errors name the file. */
static struct directory *
directory_read(const char *file, const struct topology *t, struct diag *d)
{
	size_t len;
	char *text = files_read(file, &len);

	if (text == NULL) {
		diag_add(d, file, 0, "cannot read the user directory: %s", files_strerror(errno));
		return NULL;
	}
	return directory_load_memory(file, text, len, t, d);
}

static int
load_secret(struct topology *t, struct diag *d)
{
	struct sign_in *si = &t->sign_in;
	size_t len;
	char *text;
	long n;

	if (si->token_secret_file == NULL) {
		si->token_secret_len = TOKEN_SECRET_MIN;
		return gnutls_rnd(GNUTLS_RND_KEY, si->token_secret, si->token_secret_len) < 0 ?
		    -1 : 0;
	}
	if ((text = files_read(si->token_secret_file, &len)) == NULL) {
		diag_add(d, t->source, si->line, "sign-in: cannot read token-secret %s: %s",
		    si->token_secret_file, files_strerror(errno));
		return -1;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	n = b64_decode(text, len, si->token_secret, sizeof si->token_secret);
	gnutls_memset(text, 0, len);
	free(text);
	if (n < TOKEN_SECRET_MIN) {
		diag_add(d, t->source, si->line, "sign-in: token-secret %s must hold base64 of "
		    "%d to %d random bytes (head -c 32 /dev/urandom | base64 -w0)",
		    si->token_secret_file, TOKEN_SECRET_MIN, TOKEN_SECRET_MAX);
		return -1;
	}
	si->token_secret_len = (size_t)n;
	return 0;
}

/* The LDAP reader's password file (its first line) and the CA file must be readable now. */
static int
load_ldap_files(struct topology *t, struct diag *d)
{
	struct ldap_conf *c = t->sign_in.ldap;
	size_t len;
	char *text;

	if (c == NULL)
		return 0;
	if (c->ca_file != NULL) {
		if ((text = files_read(c->ca_file, &len)) == NULL) {
			diag_add(d, t->source, c->line, "ldap: cannot read ca %s: %s", c->ca_file,
			    files_strerror(errno));
			return -1;
		}
		free(text);
	}
	if (c->bind_password_file == NULL)
		return 0;
	if ((text = files_read(c->bind_password_file, &len)) == NULL) {
		diag_add(d, t->source, c->line, "ldap: cannot read bind-password-file %s: %s",
		    c->bind_password_file, files_strerror(errno));
		return -1;
	}
	c->bind_password = xstrndup(text, strcspn(text, "\r\n"));
	gnutls_memset(text, 0, len);
	free(text);
	if (c->bind_password == NULL || c->bind_password[0] == '\0') {
		diag_add(d, t->source, c->line, "ldap: bind-password-file %s is empty (an empty "
		    "password is an anonymous bind)", c->bind_password_file);
		return -1;
	}
	return 0;
}

int
users_load(struct topology *t, struct diag *d)
{
	struct sign_in *si = &t->sign_in;
	unsigned iterations;
	int failed = 0;

	/* Each file read, so that one unreadable file does not hide another. */
	si->issuer = xasprintf_s("lyncdiscover/%s", t->oauth_realm);
	failed += si->issuer == NULL;
	failed += load_secret(t, d) != 0;
	failed += load_ldap_files(t, d) != 0;
	if (si->directory_file != NULL &&
	    (si->directory = directory_read(si->directory_file, t, d)) == NULL)
		failed++;
	if (failed > 0)
		return -1;
	/* As costly as most users' hashes, so that an unknown user answers as slowly. */
	iterations = directory_typical_iterations(si->directory);
	si->dummy_hash = password_new_dummy(iterations != 0 ? iterations : PASSWORD_DEFAULT_ITERATIONS);
	if (si->dummy_hash == NULL) {
		diag_add(d, t->source, si->line, "sign-in: out of memory");
		return -1;
	}
	return 0;
}
