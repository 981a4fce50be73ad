/* SPDX-License-Identifier: MIT */
/*
 * unit_ldap.c: the pure parts of the LDAP user directory — DNs compared as
 * directories compare them (dn.h), RFC 4515 filters (ldapfilter.h), bind
 * names from a template (bindname.h), Active Directory's userAccountControl
 * (accountcontrol.h) — and the <ldap> configuration: defaults, every
 * attribute, and each mistake reported as FILE:LINE: message.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "accountcontrol.h"
#include "bindname.h"
#include "check.h"
#include "reply_header.h"
#include "config_file.h"
#include "diag_print.h"
#include "dn.h"
#include "ldap_cache.h"
#include "ldapfilter.h"
#include "request.h"
#include "respond.h"
#include "snapshot.h"
#include "users.h"
#include "util.h"

static void
test_dn(void)
{
	static const struct {
		const char	*in, *want;
	} table[] = {
		{ "CN=Lc Services,CN=Microsoft,CN=1:1,CN=Pools,DC=contoso,DC=com",
		  "cn=lc services,cn=microsoft,cn=1:1,cn=pools,dc=contoso,dc=com" },
		{ "cn = Lc Services , cn=Microsoft,  dc=Contoso ,dc=COM",
		  "cn=lc services,cn=microsoft,dc=contoso,dc=com" },
		{ "CN=Smith\\, John,DC=x", "cn=smith\\, john,dc=x" },
		{ "CN=Smith\\2c John,DC=x", "cn=smith\\, john,dc=x" },
		{ "CN=a\\ ,DC=x", "cn=a ,dc=x" },
		{ "cn=a+sn=b,dc=x", "cn=a+sn=b,dc=x" },
		{ "cn=a + sn=B , dc=x", "cn=a+sn=b,dc=x" },
		{ "", NULL },
		{ "cn", NULL },
		{ "=a,dc=x", NULL },
		{ "cn=a,", NULL },
		{ "cn=a\\q", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		const char *why = NULL;
		char *got = dn_normalize(table[i].in, &why);

		CHECK_STR(table[i].in, got, table[i].want);
		CHECK(got != NULL || why != NULL, "%s: refused without a reason", table[i].in);
		free(got);
	}
}

static void
test_filter(void)
{
	static const struct {
		const char	*tmpl, *value, *want;
	} table[] = {
		{ "(a=sip:%s)", "alice@contoso.com", "(a=sip:alice@contoso.com)" },
		{ "(a=sip:%s)", "*)(uid=*))(|(uid=*@x", "(a=sip:\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a@x)" },
		{ "(a=sip:%s)", "back\\slash@x", "(a=sip:back\\5cslash@x)" },
		{ "(&(o=1%%)(a=%s)(b=%s))", "x*", "(&(o=1%)(a=x\\2a)(b=x\\2a))" },
	};
	static const char *const bad[] = {
		"a=%s", "(a=sip:)", "(a=%d)", "((a=%s)", "(a=%s))(", "(a=%",
	};
	const char *why;
	char small[4];
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *got = ldapfilter_build(table[i].tmpl, table[i].value);

		CHECK(ldapfilter_check(table[i].tmpl, &why) == 0, "%s refused", table[i].tmpl);
		CHECK_STR(table[i].value, got, table[i].want);
		free(got);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(ldapfilter_check(bad[i], &why) != 0, "template %s accepted", bad[i]);
	CHECK(ldapfilter_escape("abc", small, sizeof small) == 3, "fits exactly");
	CHECK(ldapfilter_escape("a*", small, sizeof small) == -1, "too small is -1");
}

/* The entry of the bind name tests: "userPrincipalName" and "sAMAccountName", any case. */
static const char *
entry_value(void *cls, const char *name)
{
	(void)cls;
	if (strcasecmp(name, "userPrincipalName") == 0)
		return "alice.smith@contoso.com";
	if (strcasecmp(name, "sAMAccountName") == 0)
		return "asmith";
	if (strcasecmp(name, "description") == 0)
		return "";
	return NULL;
}

static void
test_bindname(void)
{
	static const struct {
		const char	*tmpl, *want;
	} table[] = {
		{ "%{userPrincipalName}", "alice.smith@contoso.com" },
		{ "CONTOSO\\%{sAMAccountName}", "CONTOSO\\asmith" },
		{ "%{samaccountname}@100%%.contoso.com", "asmith@100%.contoso.com" },
		{ "%{sAMAccountName}.%{userPrincipalName}.%{SAMACCOUNTNAME}",
		  "asmith.alice.smith@contoso.com.asmith" },
		{ "%{mail}", NULL },		/* the entry has none: no name */
		{ "x%{description}", NULL },	/* an empty value: no name either */
		{ "%{1.2.840.113556.1.4.656}", NULL },
	};
	static const char *const bad[] = {
		"alice@contoso.com", "100%%", "%s", "%{}", "%{userPrincipalName", "%{-x}",
		"%{1..2}", "%{1.2.}", "%{a b}", "%{a}%{b}%{c}%{d}%{e}", "%",
	};
	char names[BINDNAME_ATTRS_MAX][BINDNAME_ATTR_MAX + 1];
	const char *why;
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *got;

		CHECK(bindname_check(table[i].tmpl, &why) == 0, "%s refused: %s", table[i].tmpl, why);
		got = bindname_expand(table[i].tmpl, entry_value, NULL);
		CHECK_STR(table[i].tmpl, got, table[i].want);
		free(got);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		CHECK(bindname_check(bad[i], &why) != 0 && why != NULL, "template %s accepted", bad[i]);
	}
	CHECK(bindname_check("%{a}%{b}%{c}%{d}%{A}", &why) == 0, "four distinct, any case: %s", why);
	CHECK_UINT("distinct attributes", bindname_attributes("%{sAMAccountName}\\%{userPrincipalName}"
	    "%{samaccountname}", names), 2);
	CHECK_STR("first", names[0], "sAMAccountName");
	CHECK_STR("second", names[1], "userPrincipalName");
}

static void
test_account_control(void)
{
	static const struct {
		const char	*value;
		bool		 disabled;
	} table[] = {
		{ "512", false },		/* NORMAL_ACCOUNT */
		{ "514", true },		/* ... and ACCOUNTDISABLE */
		{ "66048", false },		/* DONT_EXPIRE_PASSWORD */
		{ "66050", true },
		{ "2", true },
		{ "0", false },
		{ "-2147483646", true },	/* bit 31 and bit 1, as a signed integer */
		{ "-2147483136", false },	/* 0x80000200 */
		{ "4294967295", true },
		{ "4294967296", true },		/* not 32 bits: not read as enabled */
		{ "", true },
		{ "abc", true },
		{ "512 ", true },
		{ " 512", true },
		{ "+512", true },
		{ "-", true },
	};
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		CHECK(accountcontrol_disabled(table[i].value) == table[i].disabled,
		    "userAccountControl \"%s\": expected %s", table[i].value,
		    table[i].disabled ? "disabled" : "enabled");
}

static const char pools[] =
	"<pool name=\"eu\" server-fqdn=\"fe.contoso.net\" home-server=\"CN=Lc Services,CN=Microsoft,CN=1:1,DC=contoso,DC=com\">"
	"<internal-web fqdn=\"int.contoso.net\"/><external-web fqdn=\"ext.contoso.com\"/></pool>\n"
	"<pool name=\"us\" server-fqdn=\"fe2.contoso.net\" home-server=\"cn=lc services, cn=microsoft,cn=2:1,dc=contoso,dc=com\">"
	"<internal-web fqdn=\"int2.contoso.net\"/><external-web fqdn=\"ext2.contoso.com\"/></pool>\n";

/* Loads <sign-in SIGNIN>LDAP</sign-in> + more; the messages (heap) and the topology. */
static struct topology *
load(const char *dir, const char *signin, const char *ldap, const char *more, char **msgs)
{
	char *xml = xasprintf_s("<lyncdiscover>\n<sign-in %s>\n%s\n</sign-in>\n%s%s"
	    "<domain name=\"contoso.com\" pool=\"eu\"/>\n</lyncdiscover>\n",
	    signin, ldap, pools, more);
	struct diag d = { 0 };
	struct topology *t = config_file_load_memory("t.xml", xml, strlen(xml), dir, &d);
	size_t len = 0;
	FILE *f;

	*msgs = NULL;
	f = open_memstream(msgs, &len);
	diag_print(&d, f);
	fclose(f);
	diag_free(&d);
	free(xml);
	return t;
}

static void
test_config_good(const char *dir)
{
	struct topology *t;
	char *msgs;
	const struct ldap_conf *c;

	t = load(dir, "mode=\"password\"", "<ldap url=\"ldap://127.0.0.1:3389\" base=\"dc=contoso,dc=com\"/>",
	    "", &msgs);
	CHECK(t != NULL, "a minimal <ldap> loads: %s", msgs);
	free(msgs);
	if (t != NULL) {
		c = t->sign_in.ldap;
		CHECK_STR("host", c->host, "127.0.0.1");
		CHECK_UINT("port", c->port, 3389);
		CHECK_STR("default filter", c->filter, "(msRTCSIP-PrimaryUserAddress=sip:%s)");
		CHECK_STR("enabled", c->attr_enabled, "msRTCSIP-UserEnabled");
		CHECK_STR("home", c->attr_home, "msRTCSIP-PrimaryHomeServer");
		CHECK_STR("locator", c->attr_locator, "msRTCSIP-DeploymentLocator");
		CHECK_STR("account control", c->attr_account_control, "userAccountControl");
		CHECK_STR("users bind as their DN", c->user_bind_name, NULL);
		CHECK_UINT("cache-ttl", c->cache_ttl, 300);
		CHECK_UINT("negative-cache-ttl", c->negative_ttl, 60);
		CHECK_UINT("timeout", c->timeout, 3);
		CHECK(c->bind_dn == NULL && !c->ldaps && !c->starttls, "anonymous, plain");
		CHECK_STR("pool home, canonical", t->pools[0].home_server,
		    "cn=lc services,cn=microsoft,cn=1:1,dc=contoso,dc=com");
		topology_free(t);
	}
	t = load(dir, "mode=\"password\"", "<ldap url=\"ldaps://[::1]\" base=\"dc=x\" "
	    "bind-dn=\"cn=reader,dc=x\" bind-password-file=\"reader.pw\" ca=\"reader.pw\" "
	    "filter=\"(&amp;(objectClass=user)(mail=%s))\" address-attribute=\"mail\" "
	    "enabled-attribute=\"lyncEnabled\" home-server-attribute=\"lyncHome\" "
	    "locator-attribute=\"lyncLocator\" account-control-attribute=\"lyncFlags\" "
	    "user-bind-name=\"CONTOSO\\%{sAMAccountName}\" cache-ttl=\"30\" timeout=\"5\"/>", "", &msgs);
	CHECK(t != NULL, "a full <ldap> loads: %s", msgs);
	free(msgs);
	if (t != NULL) {
		c = t->sign_in.ldap;
		CHECK_STR("v6 host", c->host, "::1");
		CHECK_UINT("ldaps port", c->port, 636);
		CHECK(c->ldaps, "ldaps");
		CHECK_STR("filter", c->filter, "(&(objectClass=user)(mail=%s))");
		CHECK_STR("enabled", c->attr_enabled, "lyncEnabled");
		CHECK_STR("account control", c->attr_account_control, "lyncFlags");
		CHECK_STR("user-bind-name", c->user_bind_name, "CONTOSO\\%{sAMAccountName}");
		CHECK_STR("password read, first line", c->bind_password, "s3cret");
		CHECK_UINT("negative follows a short cache-ttl", c->negative_ttl, 30);
		CHECK_UINT("timeout", c->timeout, 5);
		topology_free(t);
	}
	t = load(dir, "mode=\"open\"", "<ldap url=\"ldap://dc1.contoso.com\" base=\"dc=x\" "
	    "address-attribute=\"mail\"/>", "", &msgs);
	CHECK(t != NULL, "anonymous look-ups over plain LDAP are fine without passwords: %s", msgs);
	if (t != NULL)
		CHECK_STR("the default filter follows address-attribute", t->sign_in.ldap->filter,
		    "(mail=sip:%s)");
	free(msgs);
	topology_free(t);
}

static void
test_config_bad(const char *dir)
{
	static const struct {
		const char	*signin, *ldap, *more, *message;
	} table[] = {
		{ "", "<ldap url=\"ldap://dc1.contoso.com\" base=\"dc=x\"/>", "",
		  "t.xml:3: ldap: ldap://dc1.contoso.com would carry users' passwords in the clear" },
		{ "mode=\"open\"", "<ldap url=\"ldap://dc1\" base=\"dc=x\" bind-dn=\"cn=r\" bind-password-file=\"reader.pw\"/>", "",
		  "t.xml:3: ldap: ldap://dc1 would carry the bind-dn's password in the clear" },
		{ "", "<ldap url=\"ldaps://dc1\" base=\"dc=x\" starttls=\"true\"/>", "",
		  "t.xml:3: ldap: starttls=\"true\" is for ldap:// URLs" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" ca=\"reader.pw\"/>", "",
		  "t.xml:3: ldap: ca is for TLS" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" bind-dn=\"cn=r\"/>", "",
		  "t.xml:3: ldap: bind-dn and bind-password-file go together" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" filter=\"(uid=%d)\"/>", "",
		  "t.xml:3: ldap: filter \"(uid=%d)\": '%' is followed by neither" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" filter=\"(uid=alice)\"/>", "",
		  "t.xml:3: ldap: filter \"(uid=alice)\": no %s" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" user-bind-name=\"reader@contoso.com\"/>", "",
		  "t.xml:3: ldap: user-bind-name \"reader@contoso.com\": no %{attribute}" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" user-bind-name=\"%{user principal}\"/>", "",
		  "t.xml:3: ldap: user-bind-name \"%{user principal}\": \"%{...}\" holds no attribute name" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" account-control-attribute=\"user account\"/>", "",
		  "t.xml:3: Element 'ldap', attribute 'account-control-attribute'" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" cache-ttl=\"10\" negative-cache-ttl=\"20\"/>", "",
		  "t.xml:3: ldap: negative-cache-ttl (20 s) must not exceed cache-ttl (10 s)" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" cache-ttl=\"0\"/>", "",
		  "t.xml:3: Element 'ldap', attribute 'cache-ttl'" },
		{ "", "<ldap url=\"http://dc1\" base=\"dc=x\"/>", "",
		  "t.xml:3: Element 'ldap', attribute 'url'" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\" bind-dn=\"cn=r\" bind-password-file=\"absent.pw\"/>", "",
		  "t.xml:3: ldap: cannot read bind-password-file" },
		{ "directory=\"users.txt\"", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\"/>", "",
		  "t.xml:2: sign-in: directory and <ldap> are two user directories" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\"/>",
		  "<pool name=\"x\" server-fqdn=\"x.contoso.net\" home-server=\"CN = LC Services,cn=microsoft,cn=1:1,dc=contoso,dc=com\">"
		  "<internal-web fqdn=\"x.contoso.net\"/><external-web fqdn=\"x.contoso.com\"/></pool>\n",
		  "t.xml:7: pool \"x\": home-server is pool \"eu\"'s already (compared as DNs)" },
		{ "", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\"/>",
		  "<pool name=\"y\" server-fqdn=\"y.contoso.net\" home-server=\"Lc Services\">"
		  "<internal-web fqdn=\"y.contoso.net\"/><external-web fqdn=\"y.contoso.com\"/></pool>\n",
		  "t.xml:7: pool \"y\": home-server \"Lc Services\" is not a DN: an RDN without '='" },
	};
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		char *msgs;
		struct topology *t = load(dir, table[i].signin, table[i].ldap, table[i].more, &msgs);

		CHECK(t == NULL, "case %zu loaded", i);
		CHECK(strstr(msgs, table[i].message) != NULL, "case %zu: expected \"%s\"; got:\n%s",
		    i, table[i].message, msgs);
		free(msgs);
		topology_free(t);
	}
}

/* One User (OAuth) request for sipuri through respond(), with the directory's answer a (or none). */
static void
user_request(const struct snapshot *s, const char *sipuri, const struct dir_answer *a,
    struct dir_query *q, struct reply *r)
{
	char *target = xasprintf_s("/Autodiscover/AutodiscoverService.svc/root/oauth/user?sipuri=%s",
	    sipuri);
	struct request rq = {
		.method = "GET", .target = target, .http11 = true, .host = "webext.contoso.com",
		.host_count = 1, .accept = "application/json", .tls = true,
		.location = ACCESS_EXTERNAL, .now = 1700000000, .dir_answer = a, .dir_query = q,
	};

	respond(s, &rq, r);
	free(target);
}

/* The core's seam: it asks for a user, then homes the directory's answer like the file directory. */
static void
test_seam(const char *dir)
{
	char *msgs, *body, *cause = NULL;
	struct topology *t = load(dir, "mode=\"open\"", "<ldap url=\"ldap://127.0.0.1\" base=\"dc=x\"/>",
	    "", &msgs);
	struct dir_answer a = { .status = DIR_ENTRY, .enabled = true };
	struct dir_query q = { 0 };
	struct snapshot *s;
	struct reply r;
	bool unmatched;
	struct user_home h;

	free(msgs);
	s = t != NULL ? snapshot_build(t, &cause) : NULL;
	CHECK(s != NULL, "a snapshot with <ldap>: %s", cause != NULL ? cause : "");
	free(cause);
	if (s == NULL)
		return;
	user_request(s, "Alice@Contoso.com", NULL, &q, &r);
	CHECK_UINT("no answer yet: 503", r.status, 503);
	CHECK(q.needed, "no answer yet: the core asks");
	CHECK_STR("for the canonical user", q.user, "Alice@contoso.com");
	reply_release(&r);
	user_request(s, "alice@contoso.com", NULL, NULL, &r);
	CHECK_UINT("nobody to ask (tests, fuzzers): 503 all the same", r.status, 503);
	reply_release(&r);

	a.home_dn = t->pools[0].home_server;
	user_request(s, "alice@contoso.com", &a, NULL, &r);
	CHECK_UINT("homed on eu", r.status, 200);
	body = xstrndup(r.body, r.body_len);
	CHECK(body != NULL && strstr(body, "\"redirect\"") == NULL, "eu answers eu's user: %s", body);
	free(body);
	reply_release(&r);
	a.home_dn = "cn=lc services,cn=microsoft,cn=2:1,dc=contoso,dc=com";
	user_request(s, "bob@contoso.com", &a, NULL, &r);
	body = xstrndup(r.body, r.body_len);
	CHECK(body != NULL && strstr(body, "https://ext2.contoso.com/Autodiscover") != NULL,
	    "homed on us: a Redirect there: %s", body);
	free(body);
	reply_release(&r);
	a.enabled = false;
	user_request(s, "dave@contoso.com", &a, NULL, &r);
	CHECK_UINT("disabled: 404", r.status, 404);
	reply_release(&r);
	a = (struct dir_answer){ .status = DIR_NO_ENTRY };
	user_request(s, "ghost@contoso.com", &a, NULL, &r);
	CHECK_UINT("no entry: 404", r.status, 404);
	reply_release(&r);
	a = (struct dir_answer){ .status = DIR_UNAVAILABLE, .retry_after = 7 };
	user_request(s, "ivan@contoso.com", &a, NULL, &r);
	CHECK_UINT("unavailable: 503", r.status, 503);
	CHECK_STR("unavailable: Retry-After", reply_header(&r, "Retry-After", 0), "7");
	reply_release(&r);

	a = (struct dir_answer){ .status = DIR_ENTRY, .enabled = true, .home_dn = "cn=elsewhere" };
	users_from_answer(t, "gina@contoso.com", &a, &h, &unmatched);
	CHECK(h.kind == USER_POOL && h.pool == t->default_pool && unmatched,
	    "an unknown home: the default pool, flagged");
	a.online = true;
	users_from_answer(t, "carol@contoso.com", &a, &h, &unmatched);
	CHECK(h.kind == USER_ONLINE && !unmatched, "a deployment locator: online");
	snapshot_free(s);
}

/* The daemon's cache: fresh, then stale (kept for outages), bounded. */
static void
test_cache(void)
{
	struct ldap_cache *c = ldap_cache_new(2);
	struct ldap_record r = { .status = DIR_ENTRY, .enabled = true, .has_home = true,
	    .home_dn = "cn=x" }, got;
	bool fresh;

	CHECK(c != NULL, "a cache");
	if (c == NULL)
		return;
	CHECK(!ldap_cache_get(c, "alice@contoso.com", 0, &got, &fresh), "empty");
	ldap_cache_put(c, "alice@contoso.com", &r, 100, 10);
	CHECK(ldap_cache_get(c, "Alice@Contoso.com", 105, &got, &fresh) && fresh &&
	    got.enabled && strcmp(got.home_dn, "cn=x") == 0, "fresh, any case");
	CHECK(ldap_cache_get(c, "alice@contoso.com", 111, &got, &fresh) && !fresh,
	    "past its time: still there, stale");
	r.status = DIR_NO_ENTRY;
	ldap_cache_put(c, "bob@contoso.com", &r, 100, 1);
	ldap_cache_put(c, "carol@contoso.com", &r, 100, 1);
	CHECK(!ldap_cache_get(c, "carol@contoso.com", 100, &got, &fresh),
	    "full, nothing expired: not kept");
	ldap_cache_put(c, "carol@contoso.com", &r, 200, 1);
	CHECK(ldap_cache_get(c, "carol@contoso.com", 200, &got, &fresh) && fresh,
	    "full, expired ones swept: kept");
	CHECK_UINT("entries", ldap_cache_count(c), 1);
	ldap_cache_clear(c);
	CHECK_UINT("cleared", ldap_cache_count(c), 0);
	ldap_cache_free(c);
}

int
main(void)
{
	char dir[] = "/tmp/unit_ldap.XXXXXX";
	char *pw, *users;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return 99;
	pw = xasprintf_s("%s/reader.pw", dir);
	users = xasprintf_s("%s/users.txt", dir);
	if ((f = fopen(pw, "w")) == NULL)
		return 99;
	fputs("s3cret\nsecond line\n", f);
	fclose(f);
	if ((f = fopen(users, "w")) == NULL)
		return 99;
	fclose(f);
	test_dn();
	test_filter();
	test_bindname();
	test_account_control();
	test_config_good(dir);
	test_config_bad(dir);
	test_seam(dir);
	test_cache();
	unlink(pw);
	unlink(users);
	rmdir(dir);
	free(pw);
	free(users);
	return check_done("unit_ldap");
}
