/* SPDX-License-Identifier: MIT */
/*
 * basic.c: Basic credentials and the user they name (basic.h).
 */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>

#include "b64.h"
#include "basic.h"
#include "util.h"

int
basic_parse(const char *authorization, struct basic_credentials *c)
{
	char decoded[BASIC_LOGIN_MAX + BASIC_PASSWORD_MAX + 2];
	const char *v = authorization;
	char *colon;
	size_t len;
	long n;

	memset(c, 0, sizeof *c);
	if (v == NULL || strncasecmp(v, "Basic", 5) != 0 || (v[5] != ' ' && v[5] != '\t'))
		return -1;
	for (v += 5; *v == ' ' || *v == '\t'; v++)
		;
	len = strlen(v);
	while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	if ((n = b64_decode(v, len, decoded, sizeof decoded - 1)) < 0)
		return -1;
	decoded[n] = '\0';
	colon = strchr(decoded, ':');
	/* RFC 7617: no NUL, the user-id before the first colon, not empty. */
	if ((size_t)n != strlen(decoded) || colon == NULL || colon == decoded ||
	    (size_t)(colon - decoded) > BASIC_LOGIN_MAX || strlen(colon + 1) > BASIC_PASSWORD_MAX) {
		gnutls_memset(decoded, 0, sizeof decoded);
		return -1;
	}
	memcpy(c->login, decoded, (size_t)(colon - decoded));
	memcpy(c->password, colon + 1, strlen(colon + 1) + 1);
	gnutls_memset(decoded, 0, sizeof decoded);
	return 0;
}

/* DOMAIN and user of "DOMAIN\user", both non-empty; -1 if login is not of that form. */
static int
split_windows(const char *login, const char **domain, size_t *dlen, const char **user)
{
	const char *bs = strchr(login, '\\');

	if (bs == NULL || bs == login || bs[1] == '\0' || strchr(bs + 1, '\\') != NULL ||
	    strchr(login, '@') != NULL)
		return -1;
	*domain = login;
	*dlen = (size_t)(bs - login);
	*user = bs + 1;
	return 0;
}

int
basic_login_key(const char *login, char key[SIPURI_MAX + 1])
{
	const char *domain, *user;
	size_t dlen;

	if (strchr(login, '@') != NULL)
		return sipuri_canonical(login, key, SIPURI_MAX + 1);
	if (split_windows(login, &domain, &dlen, &user) != 0 || strlen(login) > SIPURI_MAX)
		return -1;
	memcpy(key, login, strlen(login) + 1);
	str_lower(key);
	return 0;
}

/* The first served domain whose first label is domain[0..dlen), or NULL. */
static const char *
domain_of_label(const struct topology *t, const char *domain, size_t dlen)
{
	size_t i;

	for (i = 0; i < t->n_domains; i++) {
		const char *name = t->domains[i].name;

		if (strncasecmp(name, domain, dlen) == 0 && name[dlen] == '.')
			return name;
	}
	return NULL;
}

int
basic_login_user(const struct topology *t, const char *login, char user[SIPURI_MAX + 1])
{
	char sipuri[2 * SIPURI_MAX + 2];
	const char *domain, *name, *u;
	size_t dlen;
	int n;

	if (strchr(login, '@') != NULL)
		return sipuri_canonical(login, user, SIPURI_MAX + 1);
	if (split_windows(login, &domain, &dlen, &u) != 0)
		return -1;
	if ((name = domain_of_label(t, domain, dlen)) != NULL)
		n = snprintf(sipuri, sizeof sipuri, "%s@%s", u, name);
	else
		n = snprintf(sipuri, sizeof sipuri, "%s@%.*s", u, (int)dlen, domain);
	if (n < 0 || (size_t)n >= sizeof sipuri)
		return -1;
	return sipuri_canonical(sipuri, user, SIPURI_MAX + 1);
}
