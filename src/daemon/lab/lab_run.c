/* SPDX-License-Identifier: MIT */
/*
 * lab_run.c: the lab as the daemon runs it (see lab_run.h).
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cert_cmd.h"
#include "config_file.h"
#include "files.h"
#include "hostname.h"
#include "lab.h"
#include "lab_run.h"
#include "util.h"

static bool
any_tls(const struct listener_conf *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].tls)
			return true;
	}
	return false;
}

/* An absolute directory named by an environment variable, or NULL. */
static const char *
env_dir(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] == '/' ? v : NULL;
}

char *
lab_run_dir(const struct lab_options *o, char **cause)
{
	const char *state = env_dir("XDG_STATE_HOME"), *home = env_dir("HOME");
	char *dir;

	if (o->dir != NULL)
		dir = xstrdup(o->dir);
	else if (state != NULL)
		dir = xasprintf_s("%s/lyncdiscoverd/%s", state, o->domain);
	else if (home != NULL)
		dir = xasprintf_s("%s/.local/state/lyncdiscoverd/%s", home, o->domain);
	else {
		*cause = xstrdup("no place for the lab's CA: give --lab-dir DIR (or set HOME or "
		    "XDG_STATE_HOME)");
		return NULL;
	}
	if (dir == NULL)
		*cause = xstrdup("out of memory");
	else if (o->dir == NULL)
		str_lower(dir + strlen(dir) - strlen(o->domain));
	return dir;
}

/* The lab directory, made if missing (mode 0700: it holds the CA's key). */
static char *
make_lab_dir(const struct lab_options *o)
{
	char *cause = NULL, *dir = lab_run_dir(o, &cause);

	if (dir == NULL || files_make_directories(dir, &cause) != 0) {
		fprintf(stderr, "lyncdiscoverd: lab directory: %s\n", cause);
		free(cause);
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * The lab CA and a certificate for every name of t, in dir: reused while
 * good. Labs starting at once on one directory take turns (flock), so they
 * end up with one CA.
 */
static int
make_lab_cert(const struct topology *t, const char *dir, struct lab_made *m)
{
	struct cert_for cf = { .dir = dir, .lab = true, .days = CERTGEN_DEFAULT_DAYS,
	    .reuse_server = true };
	struct certgen_result res;
	struct name_list names;
	char *cause = NULL, *lock = xasprintf_s("%s/.lock", dir);
	int fd = lock != NULL ? open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600) : -1, rc;

	if (fd >= 0)
		flock(fd, LOCK_EX);
	rc = cert_cmd_make(t, &cf, &res, &names, &cause);
	if (fd >= 0)
		close(fd);	/* and the lock goes */
	free(lock);
	if (rc != 0) {
		fprintf(stderr, "lyncdiscoverd: lab certificate: %s\n", cause);
		free(cause);
		return -1;
	}
	m->ca_file = res.ca_file;
	m->ca_reused = res.ca_reused;
	m->cert_reused = res.server_reused;
	res.ca_file = NULL;
	certgen_result_free(&res);
	name_list_free(&names);
	return 0;
}

static bool
needs_directory(const struct lab_options *o)
{
	return o->sign_in != NULL && strcmp(o->sign_in, "open") != 0;
}

/* The files of the lab: dir (made when something goes in it), cert/key, users. */
struct lab_files {
	char	*dir, *cert, *key, *users;
};

static int
lab_files(const struct lab_options *o, bool make_files, const struct listener_conf *ls,
    size_t n, struct lab_files *f)
{
	char *cause = NULL;
	bool need_cert = make_files && o->cert == NULL && any_tls(ls, n);
	bool need_users = make_files && o->users == NULL && needs_directory(o);

	memset(f, 0, sizeof *f);
	if ((need_cert || need_users) && (f->dir = make_lab_dir(o)) == NULL)
		return -1;
	if (o->cert != NULL) {
		f->cert = xstrdup(o->cert);
		f->key = xstrdup(o->key);
	} else if (!make_files) {
		f->cert = xstrdup("server.pem");	/* the cert subcommand: only the names matter */
		f->key = xstrdup("server-key.pem");
	} else if (need_cert) {
		f->cert = xasprintf_s("%s/server.pem", f->dir);
		f->key = xasprintf_s("%s/server-key.pem", f->dir);
	}
	if (need_users && (f->users = lab_write_users(f->dir, o->domain, &cause)) == NULL) {
		fprintf(stderr, "lyncdiscoverd: lab users: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static void
lab_files_free(struct lab_files *f)
{
	free(f->dir);
	free(f->cert);
	free(f->key);
}

int
lab_run_name_listeners(struct topology *t, const struct lab_options *o)
{
	struct listener_conf defaults[4];
	const struct listener_conf *ls = o->listeners;
	size_t n = o->n_listeners, i;

	if (n == 0) {
		n = lab_default_listeners(defaults);
		ls = defaults;
	}
	assert(n == t->n_listeners);
	for (i = 0; i < n && i < t->n_listeners; i++) {
		free(t->listeners[i].flag);
		t->listeners[i].flag = ls[i].flag != NULL ? xstrdup(ls[i].flag) : NULL;
		if (ls[i].flag != NULL && t->listeners[i].flag == NULL)
			return -1;
	}
	return 0;
}

struct topology *
lab_run_load(const struct lab_options *o, bool make_files, struct lab_made *out, struct diag *d)
{
	struct listener_conf defaults[4];
	struct lab_params lp = {
		.domain = o->domain, .listeners = o->listeners, .n_listeners = o->n_listeners,
		.sign_in = o->sign_in,
	};
	struct lab_files f;
	struct topology *t = NULL;

	memset(out, 0, sizeof *out);
	if (!hostname_valid(o->domain, strlen(o->domain))) {
		fprintf(stderr, "lyncdiscoverd: --lab: \"%s\" is not a DNS domain name\n",
		    o->domain);
		return NULL;
	}
	if (lp.n_listeners == 0) {
		lp.n_listeners = lab_default_listeners(defaults);
		lp.listeners = defaults;
	}
	if (lab_files(o, make_files, lp.listeners, lp.n_listeners, &f) == 0) {
		lp.cert_file = f.cert;
		lp.key_file = f.key;
		lp.directory = o->users != NULL ? o->users : f.users;
		out->xml = lab_config_xml(&lp);
		out->users_file = f.users;
		f.users = NULL;
	}
	if (out->xml != NULL)
		t = config_file_load_memory(TOPOLOGY_LAB_SOURCE, out->xml, strlen(out->xml), NULL, d);
	if (t != NULL && lab_run_name_listeners(t, o) != 0) {
		fprintf(stderr, "lyncdiscoverd: out of memory\n");
		topology_free(t);
		t = NULL;
	}
	if (t != NULL && f.dir != NULL && f.cert != NULL && o->cert == NULL &&
	    make_lab_cert(t, f.dir, out) != 0) {
		topology_free(t);
		t = NULL;
	}
	lab_files_free(&f);
	if (t == NULL)
		lab_run_made_free(out);
	return t;
}

void
lab_run_made_free(struct lab_made *m)
{
	free(m->xml);
	free(m->ca_file);
	free(m->users_file);
	memset(m, 0, sizeof *m);
}

/* path as one shell word: as is when it is plain, else in single quotes. Heap. */
static char *
shell_word(const char *path)
{
	const char *p;
	char *out;

	if (path == NULL)
		return NULL;
	if (path[strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789/._-+,:@%")] == '\0')
		return xstrdup(path);
	out = xstrdup("'");
	for (p = path; out != NULL && *p != '\0'; p++)
		out = *p == '\'' ? xstrappendf(out, "'\\''") : xstrappendf(out, "%c", *p);
	return out != NULL ? xstrappendf(out, "'") : NULL;
}

/*
 * The listener a client signs in at: an external HTTPS one, else any HTTPS
 * one (when the CA is known), else an external plain-HTTP one, else any
 * (IPv4 listeners only: the curl lines use --resolve NAME:PORT:ADDR).
 */
static const struct listener_conf *
sign_in_listener(const struct topology *t, bool tls_ok)
{
	const struct listener_conf *best = NULL;
	int best_rank = 0, rank;
	size_t i;

	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];

		if (strchr(l->address, ':') != NULL || (l->tls && !tls_ok))
			continue;
		rank = (l->tls ? 2 : 0) + (l->location == ACCESS_EXTERNAL ? 1 : 0) + 1;
		if (rank > best_rank) {
			best = l;
			best_rank = rank;
		}
	}
	return best;
}

/*
 * The discovery walk's last steps, as curl lines that run as printed: over
 * HTTPS with the lab CA and --resolve, or over plain HTTP with a Host header.
 */
static void
print_sign_in_lines(const struct topology *t, const struct lab_options *o, const char *cert,
    const char *user, const char *password)
{
	const struct listener_conf *l = sign_in_listener(t, cert != NULL);
	const char *d = o->domain;
	const char *web = l != NULL && l->location == ACCESS_INTERNAL ? "webint" : "webext";
	char how[1200], base[400];

	if (l == NULL)
		return;

	if (l->tls) {
		snprintf(how, sizeof how, "--cacert %s --resolve %s.%s:%u:%s", cert, web, d,
		    l->port, l->address);
		snprintf(base, sizeof base, "https://%s.%s:%u", web, d, l->port);
	} else {
		snprintf(how, sizeof how, "-H 'Host: %s.%s'", web, d);
		snprintf(base, sizeof base, "http://%s:%u", l->address, l->port);
	}
	if (!needs_directory(o)) {
		printf("  curl %s '%s/Autodiscover/AutodiscoverService.svc/root/oauth/user?sipuri=%s'\n",
		    how, base, user);
		return;
	}
	printf("  TOKEN=$(curl -s %s -d grant_type=password -d username=%s -d password=%s "
	    "%s/WebTicket/oauthtoken | sed -n 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/p')\n",
	    how, user, password, base);
	printf("  curl %s -H \"Authorization: Bearer $TOKEN\" "
	    "%s/Autodiscover/AutodiscoverService.svc/root/oauth/user\n", how, base);
}

static void
print_users(const struct lab_options *o, const struct lab_made *m)
{
	size_t i;

	if (m->users_file != NULL) {
		printf("  Users (sign-in %s; lab passwords, hashed in %s):", o->sign_in,
		    m->users_file);
		for (i = 0; i < LAB_N_USERS; i++)
			printf("%s %s@%s password %s", i > 0 ? "," : "", lab_users[i].name,
			    o->domain, lab_users[i].password);
		printf("\n");
	} else if (o->users != NULL)
		printf("  Users: %s (sign-in %s)\n", o->users, o->sign_in != NULL ? o->sign_in : "open");
	else
		printf("  Sign-in: open (no credentials: the user is the request's sipuri)\n");
}

/* One listener: its location (or by name, and which names are which), its URL. */
static void
print_listener(const struct listener_conf *l)
{
	const char *v6 = strchr(l->address, ':') != NULL ? "[" : "";

	printf("  %-8s %s://%s%s%s:%u/", l->access_mode == ACCESS_BY_NAME ? "By name" :
	    topology_location_name(l->location), l->tls ? "https" : "http", v6, l->address,
	    *v6 ? "]" : "", l->port);
	if (l->access_mode == ACCESS_BY_NAME)
		printf(" (lyncdiscoverinternal, webint: Internal; lyncdiscover, webext, any other "
		    "name: %s)", topology_location_name(l->location));
	printf("\n");
}

/* The Root over l for the names of prefix: a curl line that runs as printed. */
static void
print_root_line(const struct listener_conf *l, const char *prefix, const char *domain,
    const char *cert)
{
	if (l->tls && cert != NULL)
		printf("  curl --cacert %s --resolve %s.%s:%u:%s https://%s.%s:%u/\n",
		    cert, prefix, domain, l->port, l->address, prefix, domain, l->port);
	else if (!l->tls)
		printf("  curl -H 'Accept: application/vnd.microsoft.rtc.autodiscover+xml;v=1' "
		    "-H 'Host: %s.%s' 'http://%s:%u/?sipuri=alice@%s'\n",
		    prefix, domain, l->address, l->port, domain);
}

/*
 * --listen ADDR: what a phone on that network needs (README, "Testing a
 * real phone"): the lab's DNS, the phone's DNS server, the CA trusted.
 */
static void
print_phone_lines(const struct topology *t, const struct lab_options *o)
{
	const struct listener_conf *l = NULL;
	bool v6;
	size_t i;

	for (i = 0; i < t->n_listeners && l == NULL; i++) {
		if (t->listeners[i].access_mode == ACCESS_BY_NAME && t->listeners[i].advertise != NULL)
			l = &t->listeners[i];
	}
	if (l == NULL)
		return;
	v6 = strchr(l->advertise, ':') != NULL;
	printf("A phone on this network (README, \"Testing a real phone\"):\n");
	printf("  lyncdiscoverd plan --lab %s --listen %s --format dnsmasq > lab-dns.conf\n",
	    o->domain, l->advertise);
	printf("  dnsmasq --keep-in-foreground --conf-file=lab-dns.conf   (as root: the lab's DNS "
	    "on %s%s%s:53)\n", v6 ? "[" : "", l->advertise, v6 ? "]" : "");
	printf("  then on the phone: DNS server %s, the lab CA trusted, sign in as %s@%s\n",
	    l->advertise, o->users != NULL ? "USER" : lab_users[0].name, o->domain);
}

void
lab_run_banner(const struct topology *t, const struct lab_options *o, const struct lab_made *m)
{
	const char *domain = o->domain, *file = m->ca_file != NULL ? m->ca_file : o->cert;
	char user[300], password[64], *cert = shell_word(file);
	size_t i;

	printf("lyncdiscoverd %s: lab topology for %s\n", PACKAGE_VERSION, domain);
	for (i = 0; i < t->n_listeners; i++)
		print_listener(&t->listeners[i]);
	if (m->ca_file != NULL)
		printf("  CA certificate: %s (lab CA, %s: trust it once on test devices; curl "
		    "--cacert %s)\n", file, !m->ca_reused ? "new" : m->cert_reused ?
		    "reused with its server certificate" : "reused, new server certificate", cert);
	else if (cert != NULL)
		printf("  certificate: %s\n", file);
	print_users(o, m);
	printf("Try:\n");
	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];
		bool both = l->access_mode != ACCESS_FIXED;

		if (strchr(l->address, ':') != NULL)
			continue;
		if (both || l->location == ACCESS_INTERNAL)
			print_root_line(l, "lyncdiscoverinternal", domain, cert);
		if (both || l->location == ACCESS_EXTERNAL)
			print_root_line(l, "lyncdiscover", domain, cert);
	}
	snprintf(user, sizeof user, "%s@%s", o->users != NULL ? "USER" : lab_users[0].name, domain);
	snprintf(password, sizeof password, "%s",
	    o->users != NULL ? "PASSWORD" : lab_users[0].password);
	print_sign_in_lines(t, o, cert, user, password);
	print_phone_lines(t, o);
	fflush(stdout);
	free(cert);
}
