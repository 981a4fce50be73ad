/* SPDX-License-Identifier: MIT */
/*
 * unit_auth.c: password hashes and access tokens — round trips, and every
 * way a token or a hash can be wrong.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "password.h"
#include "password_new.h"
#include "token.h"
#include "util.h"

static void
test_passwords(void)
{
	char *h = password_new_hash("s3cret pass", 1000), *h2 = password_new_hash("s3cret pass", 1000);

	CHECK(h != NULL && strncmp(h, "pbkdf2-sha256$1000$", 19) == 0, "hash format: %s", h);
	CHECK(h != NULL && h2 != NULL && strcmp(h, h2) != 0, "salted: two hashes differ");
	CHECK(password_hash_valid(h), "a fresh hash is valid");
	CHECK(password_verify(h, "s3cret pass"), "the right password verifies");
	CHECK(!password_verify(h, "s3cret pas"), "a wrong password does not");
	CHECK(!password_verify(h, ""), "an empty password does not");
	/* An independent implementation (Python's hashlib.pbkdf2_hmac) computed this one. */
	{
		static const char known[] = "pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg==$"
		    "hRRjgXWkW8ResfIvBP99J/T4vkgEmMRV/0tJTOjR59I=";

		CHECK(password_hash_valid(known), "a hash from elsewhere parses");
		CHECK(password_verify(known, "password"), "and verifies: the derivation is PBKDF2-SHA256");
		CHECK(!password_verify(known, "Password"), "case matters");
	}
	CHECK(!password_hash_valid("pbkdf2-sha256$0$AAAA$BBBB"), "zero iterations");
	CHECK(!password_hash_valid("pbkdf2-sha1$1000$AAAA$BBBB"), "another algorithm");
	CHECK(!password_hash_valid("pbkdf2-sha256$1000$!!!$BBBB"), "bad base64");
	CHECK(!password_hash_valid("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA=="), "no hash field");
	CHECK(!password_hash_valid("plain"), "a plain string");
	CHECK(!password_verify("plain", "plain"), "a malformed hash verifies nothing");
	free(h);
	free(h2);
}

static void
test_tokens(void)
{
	struct token_secret a = { .len = 32 }, b = { .len = 32 };
	char user[SIPURI_MAX + 1], *t, *tampered;
	time_t now = 1800000000;
	size_t dot;

	memset(a.key, 0x11, sizeof a.key);
	memset(b.key, 0x22, sizeof b.key);
	t = token_issue(&a, "alice@contoso.com", "lyncdiscover/contoso.com", now, 3600);
	CHECK(t != NULL, "a token is issued");
	if (t == NULL)
		return;
	CHECK(token_verify(&a, t, strlen(t), "lyncdiscover/contoso.com", now + 10, user) ==
	    TOKEN_VALID, "it verifies with the same secret");
	CHECK_STR("the token's user", user, "alice@contoso.com");
	CHECK(token_verify(&b, t, strlen(t), "lyncdiscover/contoso.com", now, user) ==
	    TOKEN_MALFORMED, "another secret refuses it");
	CHECK(token_verify(&a, t, strlen(t), "lyncdiscover/fabrikam.com", now, user) ==
	    TOKEN_WRONG_ISSUER, "another issuer refuses it");
	CHECK(token_verify(&a, t, strlen(t), "lyncdiscover/contoso.com", now + 3600, user) ==
	    TOKEN_EXPIRED, "it expires after its lifetime");
	CHECK(token_verify(&a, t, strlen(t) - 1, "lyncdiscover/contoso.com", now, user) ==
	    TOKEN_MALFORMED, "a truncated token");
	tampered = xstrdup(t);
	dot = strcspn(tampered, ".");
	tampered[dot / 2] = tampered[dot / 2] == 'A' ? 'B' : 'A';
	CHECK(token_verify(&a, tampered, strlen(tampered), "lyncdiscover/contoso.com", now, user) ==
	    TOKEN_MALFORMED, "a changed payload");
	free(tampered);
	CHECK(token_verify(&a, "", 0, "x", now, user) == TOKEN_MALFORMED, "an empty token");
	CHECK(token_verify(&a, "no-dot-here", 11, "x", now, user) == TOKEN_MALFORMED, "no dot");
	CHECK(token_verify(&a, "...", 3, "x", now, user) == TOKEN_MALFORMED, "dots only");
	free(t);
}

int
main(void)
{
	test_passwords();
	test_tokens();
	return check_done("unit_auth");
}
