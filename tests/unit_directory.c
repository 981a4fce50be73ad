/* SPDX-License-Identifier: MIT */
/*
 * unit_directory.c: the user directory — the file format, each malformed
 * line reported as FILE:LINE, exact entries winning over patterns, case and
 * "sip:" — and a directory of 1,000,000 users: loaded, every user and as many
 * absent ones looked up. The figures (load time, bytes a user, lookups/s)
 * are printed, not asserted: they belong to the machine.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "config_file.h"
#include "directory.h"
#include "password.h"
#include "password_new.h"
#include "util.h"

#define MILLION 1000000

static const char topology_xml[] =
	"<lyncdiscover>"
	"<pool name=\"eu-pool\" server-fqdn=\"fe.contoso.net\"><internal-web fqdn=\"int.contoso.net\"/>"
	"<external-web fqdn=\"ext.contoso.com\"/></pool>"
	"<pool name=\"us-pool\" server-fqdn=\"fe2.contoso.net\"><internal-web fqdn=\"int2.contoso.net\"/>"
	"<external-web fqdn=\"ext2.contoso.com\"/></pool>"
	"</lyncdiscover>";

static struct directory *
load_text(const struct topology *t, const char *text, struct diag *d)
{
	return directory_load_memory("users.txt", xstrdup(text), strlen(text), t, d);
}

static void
test_format(const struct topology *t, const char *hash)
{
	struct diag d = { 0 };
	struct user_entry e;
	struct directory *dir;
	char *text = xasprintf_s(
	    "# users\n"
	    "\n"
	    "alice@contoso.com      eu-pool   %s\n"
	    "sip:Bob@CONTOSO.com\tus-pool -\n"
	    "carol@fabrikam.com     online\n"
	    "*@fabrikam.com         online\n"
	    "dave@fabrikam.com      eu-pool\n"
	    "   \t  \n", hash);

	dir = load_text(t, text, &d);
	free(text);
	CHECK(dir != NULL && d.n == 0, "a good directory loads: %s", d.n > 0 ? d.lines[0].text : "");
	if (dir == NULL)
		return;
	CHECK_UINT("entries, the pattern included", directory_count(dir), 5);
	CHECK(directory_lookup(dir, "alice@contoso.com", &e) && e.home == HOME_POOL && e.pool == 0 &&
	    e.password_hash != NULL && strcmp(e.password_hash, hash) == 0 && e.line == 3,
	    "alice: eu-pool, her hash, line 3");
	CHECK(directory_lookup(dir, "BOB@contoso.com", &e) && e.pool == 1 && e.password_hash == NULL,
	    "bob: any case, \"sip:\" dropped, \"-\" is no hash");
	CHECK(directory_lookup(dir, "dave@fabrikam.com", &e) && e.home == HOME_POOL,
	    "an exact entry wins over the domain's pattern");
	CHECK(directory_lookup(dir, "zoe@fabrikam.com", &e) && e.home == HOME_ONLINE &&
	    strcmp(e.sipuri, "*@fabrikam.com") == 0, "others of fabrikam.com: the pattern");
	CHECK(!directory_lookup(dir, "zoe@contoso.com", &e), "an absent user of a domain without pattern");
	CHECK(!directory_lookup(dir, "alice@contoso.co", &e), "an absent domain");
	CHECK(!directory_lookup(dir, "nodomain", &e), "not a SIP address");
	directory_free(dir);
}

static void
test_errors(const struct topology *t)
{
	static const struct {
		const char	*line;
		const char	*message;
	} bad[] = {
		{ "alice@contoso.com", "users.txt:1: alice@contoso.com: no home (a pool name or \"online\")" },
		{ "alice@contoso.com mars", "users.txt:1: alice@contoso.com: no pool named \"mars\" (nor \"online\"); "
		    "the pools: \"eu-pool\", \"us-pool\"" },
		{ "alice contoso", "users.txt:1: \"alice\" is not a SIP address (user@domain, optionally sip:)" },
		{ "*@ online", "users.txt:1: \"*@\" is not a pattern \"*@domain\"" },
		{ "*fabrikam.com online", "users.txt:1: \"*fabrikam.com\" is not a pattern \"*@domain\"" },
		{ "a@b.c eu-pool plaintext", "users.txt:1: a@b.c: the password hash is not pbkdf2-sha256$ITERATIONS$SALT$HASH" },
		{ "a@b.c eu-pool - extra", "users.txt:1: unexpected \"extra\" after the password hash" },
		{ "a@b.c eu-pool\nA@B.C us-pool", "users.txt:2: a@b.c is listed twice (first on line 1)" },
		{ "*@b.c online\n*@B.C online", "users.txt:2: *@b.c is listed twice (first on line 1)" },
	};
	char *long_line;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct diag d = { 0 };
		struct directory *dir = load_text(t, bad[i].line, &d);

		CHECK(dir == NULL, "bad line %zu refused", i);
		CHECK(d.n == 1 && strncmp(d.lines[0].text, bad[i].message, strlen(bad[i].message)) == 0,
		    "bad line %zu: expected \"%s\", got \"%s\"", i, bad[i].message,
		    d.n > 0 ? d.lines[0].text : "(nothing)");
		directory_free(dir);
		diag_free(&d);
	}
	long_line = calloc(1, 1100);
	memset(long_line, 'a', 1099);
	{
		struct diag d = { 0 };
		struct directory *dir = load_text(t, long_line, &d);

		CHECK(dir == NULL && d.n == 1 && strstr(d.lines[0].text, "users.txt:1: line longer than") != NULL,
		    "an over-long line");
		directory_free(dir);
		diag_free(&d);
	}
	free(long_line);
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* 1,000,000 users: load, then every user and a million absent names. */
static void
test_million(const struct topology *t)
{
	struct timespec t0, t1, t2;
	struct diag d = { 0 };
	struct user_entry e;
	struct directory *dir;
	char name[64], *text;
	size_t i, len = 0, found = 0, absent = 0;

	text = malloc((size_t)MILLION * 40);
	if (text == NULL)
		return;
	for (i = 1; i <= MILLION; i++)
		len += (size_t)sprintf(text + len, "user%07zu@contoso.com %s\n", i,
		    i % 2 ? "eu-pool" : "us-pool");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dir = directory_load_memory("million.txt", text, len, t, &d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(dir != NULL && directory_count(dir) == MILLION, "1,000,000 users load");
	if (dir == NULL) {
		diag_free(&d);
		return;
	}
	for (i = 1; i <= MILLION; i++) {
		snprintf(name, sizeof name, "user%07zu@contoso.com", i);
		found += directory_lookup(dir, name, &e) && e.pool == (i % 2 ? 0u : 1u);
		snprintf(name, sizeof name, "user%07zu@contoso.com", i + MILLION);
		absent += !directory_lookup(dir, name, &e);
	}
	clock_gettime(CLOCK_MONOTONIC, &t2);
	CHECK_UINT("every user found with the right pool", found, MILLION);
	CHECK_UINT("no absent user found", absent, MILLION);
	printf("directory: 1,000,000 users (%zu bytes of text) loaded in %.3f s, "
	    "%zu bytes held = %.1f bytes a user; %.2f M lookups/s\n", len, seconds(&t0, &t1),
	    directory_memory(dir), (double)directory_memory(dir) / MILLION,
	    2.0 * MILLION / seconds(&t1, &t2) / 1e6);
	directory_free(dir);
}

int
main(void)
{
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("unit.xml", topology_xml, strlen(topology_xml),
	    NULL, &d);
	char *hash = password_new_hash("secret", 1000);

	CHECK(t != NULL && hash != NULL, "the topology loads");
	if (t != NULL && hash != NULL) {
		test_format(t, hash);
		test_errors(t);
		test_million(t);
	}
	free(hash);
	topology_free(t);
	diag_free(&d);
	return check_done("unit_directory");
}
