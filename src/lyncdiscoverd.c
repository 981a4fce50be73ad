/*
 * lyncdiscoverd.c: the daemon's entry point — load the topology (a file or the
 * lab), prepare the snapshot, start the listeners, wait for a signal.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"
#include "config_file.h"
#include "hints.h"
#include "http.h"
#include "lab.h"
#include "snapshot.h"
#include "tls.h"
#include "util.h"

/* Replaces the topology's listeners with the command line's. 0, or -1 when out of memory. */
/* The listener flags replace the configuration's listeners; --cert/--key serve every HTTPS one. */
static int
override_listeners(struct topology *t, const struct options *o)
{
	struct listener_conf *ls = calloc(o->n_listeners, sizeof *ls);
	size_t i;

	if (ls == NULL)
		return -1;
	for (i = 0; i < t->n_listeners; i++)
		listener_conf_clear(&t->listeners[i]);
	free(t->listeners);
	t->listeners = ls;
	t->n_listeners = o->n_listeners;
	for (i = 0; i < o->n_listeners; i++) {
		ls[i] = o->listeners[i];
		ls[i].address = xstrdup(o->listeners[i].address);
		if (ls[i].address == NULL)
			return -1;
		if (!ls[i].tls)
			continue;
		ls[i].certs = calloc(1, sizeof *ls[i].certs);
		if (ls[i].certs == NULL)
			return -1;
		ls[i].n_certs = 1;
		ls[i].certs[0].cert_file = xstrdup(o->cert);
		ls[i].certs[0].key_file = xstrdup(o->key);
		if (ls[i].certs[0].cert_file == NULL || ls[i].certs[0].key_file == NULL)
			return -1;
	}
	return 0;
}

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

/* Makes the throw-away lab certificate in a new private directory under $TMPDIR. */
static int
make_lab_cert(const char *domain, char **cert, char **key)
{
	const char *tmp = getenv("TMPDIR");
	char *dir, **names, *cause = NULL;
	int rc;

	dir = xasprintf_s("%s/lyncdiscoverd-lab.XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	names = lab_names(domain);
	if (dir == NULL || names == NULL || mkdtemp(dir) == NULL) {
		fprintf(stderr, "lyncdiscoverd: cannot create the lab certificate directory: %s\n",
		    strerror(errno));
		free(dir);
		lab_names_free(names);
		return -1;
	}
	rc = tls_make_lab_cert(dir, (const char *const *)names, 5, cert, key, &cause);
	if (rc != 0) {
		fprintf(stderr, "lyncdiscoverd: %s\n", cause);
		free(cause);
	}
	free(dir);
	lab_names_free(names);
	return rc;
}

static struct topology *
load_lab(struct options *o, char **cert, char **key, struct diag *d)
{
	struct listener_conf defaults[4];
	const struct listener_conf *ls = o->listeners;
	size_t n = o->n_listeners;
	struct topology *t;
	char *xml;

	if (!dns_name_valid(o->lab_domain, strlen(o->lab_domain))) {
		fprintf(stderr, "lyncdiscoverd: --lab: \"%s\" is not a DNS domain name\n",
		    o->lab_domain);
		return NULL;
	}
	if (n == 0) {
		n = lab_default_listeners(defaults);
		ls = defaults;
	}
	if (o->cert != NULL) {
		*cert = xstrdup(o->cert);
		*key = xstrdup(o->key);
	} else if (any_tls(ls, n) && make_lab_cert(o->lab_domain, cert, key) != 0)
		return NULL;
	xml = lab_config_xml(o->lab_domain, ls, n, *cert, *key);
	if (xml == NULL)
		return NULL;
	t = config_load_memory("<lab>", xml, strlen(xml), NULL, d);
	free(xml);
	return t;
}

static void
print_lab_banner(const struct topology *t, const char *domain, const char *cert, bool made)
{
	size_t i;

	printf("lyncdiscoverd %s: lab topology for %s\n", PACKAGE_VERSION, domain);
	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];
		const char *v6 = strchr(l->address, ':') != NULL ? "[" : "";

		printf("  %-8s %s://%s%s%s:%u/\n", access_location_name(l->location),
		    l->tls ? "https" : "http", v6, l->address, *v6 ? "]" : "", l->port);
	}
	if (cert != NULL)
		printf("  certificate: %s%s\n", cert,
		    made ? " (throw-away, self-signed: trust it with curl --cacert)" : "");
	printf("Try:\n");
	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];
		const char *prefix = l->location == ACCESS_INTERNAL ?
		    "lyncdiscoverinternal" : "lyncdiscover";

		if (strchr(l->address, ':') != NULL)
			continue;
		if (l->tls && cert != NULL)
			printf("  curl --cacert %s --resolve %s.%s:%u:%s https://%s.%s:%u/\n",
			    cert, prefix, domain, l->port, l->address, prefix, domain, l->port);
		else if (!l->tls)
			printf("  curl -H 'Accept: application/vnd.microsoft.rtc.autodiscover+xml;v=1' "
			    "-H 'Host: %s.%s' 'http://%s:%u/?sipuri=alice@%s'\n",
			    prefix, domain, l->address, l->port, domain);
	}
	fflush(stdout);
}

/* Waits for SIGINT or SIGTERM; SIGHUP is ignored until reload exists. */
static void
wait_for_stop(const sigset_t *set)
{
	int sig = 0;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			fprintf(stderr, "lyncdiscoverd: SIGHUP: reload is not implemented yet, ignored\n");
			continue;
		}
		fprintf(stderr, "lyncdiscoverd: %s, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
		return;
	}
}

static int
run(struct topology *t, const struct options *o, const char *cert, bool made_cert)
{
	struct snapshot *snap;
	struct server *server;
	char *cause = NULL;
	sigset_t set;

	snap = snapshot_build(t, &cause);
	if (snap == NULL) {
		fprintf(stderr, "lyncdiscoverd: %s\n", cause);
		free(cause);
		return 1;
	}
	/* Block the signals before any thread starts, so that only sigwait() sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigdelset(&set, SIGPIPE);
	server = server_start(snap, &cause);
	if (server == NULL) {
		fprintf(stderr, "lyncdiscoverd: %s\n", cause);
		free(cause);
		snapshot_free(snap);
		return 1;
	}
	if (o->lab)
		print_lab_banner(snap->topology, o->lab_domain, cert, made_cert);
	else
		printf("lyncdiscoverd %s: serving %s on %zu listener(s)\n", PACKAGE_VERSION,
		    o->config, snap->topology->n_listeners);
	fflush(stdout);
	wait_for_stop(&set);
	server_stop(server);
	snapshot_free(snap);
	return 0;
}

static struct topology *
load(struct options *o, char **cert, char **key, struct diag *d)
{
	struct topology *t;

	if (o->lab)
		return load_lab(o, cert, key, d);
	t = config_load_file(o->config, d);
	if (t == NULL || o->n_listeners == 0)
		return t;
	/* cli_parse has made sure that HTTPS flags come with --cert and --key. */
	if (override_listeners(t, o) == 0)
		return t;
	fprintf(stderr, "lyncdiscoverd: out of memory\n");
	topology_free(t);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct diag d = { 0 };
	struct topology *t;
	char *cert = NULL, *key = NULL;
	int rc;

	switch (cli_parse(argc, argv, &o)) {
	case CLI_EXIT_OK:
		return 0;
	case CLI_EXIT_USAGE:
		return 2;
	case CLI_RUN:
		break;
	}
	xmlInitParser();
	t = load(&o, &cert, &key, &d);
	if (t != NULL && tls_check_topology(t, &d) != 0) {
		topology_free(t);
		t = NULL;
	}
	if (t != NULL && t->n_listeners == 0 && !o.check) {
		diag_add(&d, t->source, 0, "no listeners: add <listener> elements or "
		    "--internal/--external/--internal-tls/--external-tls flags");
		topology_free(t);
		t = NULL;
	}
	diag_print(&d, stderr);
	diag_free(&d);
	if (t == NULL)
		rc = 1;
	else if (o.check) {
		printf("%s: configuration OK (%zu pool(s), %zu domain(s), %zu listener(s))\n",
		    o.config, t->n_pools, t->n_domains, t->n_listeners);
		topology_free(t);
		rc = 0;
	} else
		rc = run(t, &o, cert, o.lab && o.cert == NULL);
	free(cert);
	free(key);
	xmlCleanupParser();
	return rc;
}
