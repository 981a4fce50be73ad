/* SPDX-License-Identifier: MIT */
/*
 * cli.c: command-line parsing.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certgen.h"
#include "cli.h"
#include "endpoint.h"
#include "hostname.h"
#include "lab.h"
#include "netaddr.h"
#include "plan_write.h"

static const char usage_text[] =
	"usage: lyncdiscoverd -c FILE [--check [--as USER]] [--allow-root] [--admin ADDR:PORT] [LISTENERS]\n"
	"       lyncdiscoverd --lab [DOMAIN] [--listen ADDR] [--sign-in open|any-password|password]\n"
	"                     [--users FILE] [--lab-dir DIR] [--allow-root] [--admin ADDR:PORT] [LISTENERS]\n"
	"       lyncdiscoverd cert (-c FILE | --lab [DOMAIN]) --dir DIR [--name NAME]... [--days N]\n"
	"       lyncdiscoverd plan -c FILE [--format text|json|hosts|dnsmasq|bind]\n"
	"       lyncdiscoverd plan --lab [DOMAIN] [--listen ADDR] [LISTENERS] --format hosts|dnsmasq|bind\n"
	"       lyncdiscoverd reload -c FILE\n"
	"       lyncdiscoverd reopen -c FILE\n"
	"       lyncdiscoverd passwd < PASSWORD\n"
	"\n"
	"Answers the Lync / Skype for Business Autodiscover protocol ([MS-OCDISCWS]).\n"
	"\n"
	"  -c, --config FILE       run with this configuration file\n"
	"      --check             validate the configuration and every file it names, read as the\n"
	"                          daemon reads them, and exit; with a daemon running on the file's\n"
	"                          control socket, also say what it would refuse on reload\n"
	"      --as USER           --check run as root reads the files as USER (default:\n"
	"                          settings/@user; root with allow-root; else the service's user\n"
	"                          lyncdiscover, if there is one)\n"
	"      --lab [DOMAIN]      run the embedded lab topology for DOMAIN (default " LAB_DEFAULT_DOMAIN ")\n"
	"      --listen ADDR       the lab on ADDR, ports 80 and 443 (below 1024: root or\n"
	"                          CAP_NET_BIND_SERVICE), both locations on each port, told\n"
	"                          apart by the name asked (lyncdiscoverinternal.* Internal,\n"
	"                          lyncdiscover.* External); ADDR is the address of its plan\n"
	"                          (a phone's lab: README, \"Testing a real phone\")\n"
	"      --sign-in MODE      the lab's sign-in: open (default; no credentials, the user is\n"
	"                          the sipuri), any-password (any password of a listed user) or\n"
	"                          password (a token for the user's password)\n"
	"      --users FILE        the lab's user directory; without it, any-password and password\n"
	"                          use built-in users whose lab passwords the banner prints\n"
	"      --lab-dir DIR       where the lab keeps its CA, certificate and users (default\n"
	"                          $XDG_STATE_HOME/lyncdiscoverd/DOMAIN, else\n"
	"                          ~/.local/state/lyncdiscoverd/DOMAIN); reused while valid\n"
	"      --admin ADDR:PORT   the admin listener (replaces settings/@admin-listener):\n"
	"                          /metrics, /healthz and the test rigs' API (journal, faults,\n"
	"                          reload); keep it on loopback or a management network\n"
	"      --allow-root        go on running as root (without settings/@user)\n"
	"  -h, --help              show this help\n"
	"  -V, --version           show the version\n"
	"\n"
	"LISTENERS (replace the configuration's listeners; ADDR may be [IPv6]):\n"
	"      --internal ADDR:PORT      plain HTTP, AccessLocation Internal\n"
	"      --external ADDR:PORT      plain HTTP, AccessLocation External\n"
	"      --internal-tls ADDR:PORT  HTTPS, AccessLocation Internal\n"
	"      --external-tls ADDR:PORT  HTTPS, AccessLocation External\n"
	"      --cert FILE --key FILE    PEM certificate (chain) and key for the HTTPS listeners\n"
	"                                (--lab without them uses its own lab CA and certificate)\n"
	"\n"
	"cert: make a lab CA (DIR/ca.pem, reused when present) and a server certificate\n"
	"(DIR/server.pem, DIR/server-key.pem) whose subjectAltNames are the names the\n"
	"configuration's clients use; prints how to trust the CA on test devices.\n"
	"      --dir DIR           where to write (created if missing)\n"
	"      --name NAME         one more DNS name (repeatable)\n"
	"      --days N            server certificate validity (default 397)\n"
	"\n"
	"plan: print what DNS, PKI and firewall must provide for the configuration (with\n"
	"--lab: the lab's DNS records, its listeners' addresses as the addresses).\n"
	"      --format FORMAT     text (default); json: the whole plan as one JSON document;\n"
	"                          hosts, dnsmasq, bind: its DNS records for a resolver (with\n"
	"                          --lab, dnsmasq writes a whole dnsmasq configuration file)\n"
	"      --json              the same as --format json\n"
	"\n"
	"reload: ask the daemon running FILE, on its settings/@control-socket, to reload (as\n"
	"SIGHUP does) and print what it answered; exits 1 when it refused (it keeps its\n"
	"configuration) or cannot be asked. reopen: ask it to reopen its access log (for\n"
	"logrotate); exits 1 when it could not. Both work with or without systemd.\n"
	"\n"
	"passwd: read a password (one line) on stdin, print its hash for the user directory.\n"
	"\n"
	"Signals: SIGHUP reloads the configuration, user directory, certificates and keys\n"
	"(all or nothing; POST /reload on the admin listener and the reload command do the same);\n"
	"SIGUSR1 reopens the access log; SIGINT/SIGTERM stop.\n";

enum {
	OPT_CONFIG = 256,	/* stands for -c in the allowed-option bits */
	OPT_CHECK,
	OPT_LAB,
	OPT_INTERNAL,
	OPT_EXTERNAL,
	OPT_INTERNAL_TLS,
	OPT_EXTERNAL_TLS,
	OPT_CERT,
	OPT_KEY,
	OPT_DIR,
	OPT_NAME,
	OPT_DAYS,
	OPT_JSON,
	OPT_FORMAT,
	OPT_SIGN_IN,
	OPT_ALLOW_ROOT,
	OPT_USERS,
	OPT_ADMIN,
	OPT_LAB_DIR,
	OPT_LISTEN,
	OPT_AS
};

static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "lab", no_argument, NULL, OPT_LAB },
	{ "internal", required_argument, NULL, OPT_INTERNAL },
	{ "external", required_argument, NULL, OPT_EXTERNAL },
	{ "internal-tls", required_argument, NULL, OPT_INTERNAL_TLS },
	{ "external-tls", required_argument, NULL, OPT_EXTERNAL_TLS },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "sign-in", required_argument, NULL, OPT_SIGN_IN },
	{ "allow-root", no_argument, NULL, OPT_ALLOW_ROOT },
	{ "users", required_argument, NULL, OPT_USERS },
	{ "admin", required_argument, NULL, OPT_ADMIN },
	{ "lab-dir", required_argument, NULL, OPT_LAB_DIR },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "as", required_argument, NULL, OPT_AS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The next listener slot, its flag's text set for messages; NULL when they are used up. */
static struct listener_conf *
new_listener(struct options *o, const char *flag, const char *arg)
{
	struct listener_conf *l = &o->listeners[o->n_listeners];

	if (o->n_listeners == CLI_MAX_LISTENERS) {
		fprintf(stderr, "lyncdiscoverd: too many listener flags (at most %d)\n",
		    CLI_MAX_LISTENERS);
		return NULL;
	}
	memset(l, 0, sizeof *l);
	snprintf(o->flags[o->n_listeners], sizeof o->flags[0], "%s %s", flag, arg);
	l->flag = o->flags[o->n_listeners];
	l->address = o->addresses[o->n_listeners];
	return l;
}

static int
add_listener(struct options *o, const char *flag, const char *arg, enum access_location loc,
    bool tls)
{
	struct listener_conf *l = new_listener(o, flag, arg);

	if (l == NULL)
		return -1;
	if (endpoint_parse(arg, o->addresses[o->n_listeners], &l->port) != 0) {
		fprintf(stderr, "lyncdiscoverd: %s: \"%s\" is not ADDR:PORT "
		    "(numeric address, IPv6 in brackets, port 1-65535)\n", flag, arg);
		return -1;
	}
	l->location = loc;
	l->tls = tls;
	o->n_listeners++;
	return 0;
}

/* ADDR of --listen (IPv6 with or without brackets) into out; 0, or -1 with the reason printed. */
static int
listen_address(const char *arg, char out[64])
{
	const char *a = arg;
	size_t len = strlen(arg);
	struct netaddr n;
	static const unsigned char zero[16];

	if (len >= 2 && a[0] == '[' && a[len - 1] == ']') {
		a++;
		len -= 2;
	}
	if (len == 0 || len >= 64 || netaddr_parse_plain(a, len, &n) != 0) {
		fprintf(stderr, "lyncdiscoverd: --listen: \"%s\" is not a numeric IPv4 or IPv6 "
		    "address (the ports are 80 and 443)\n", arg);
		return -1;
	}
	if (memcmp(n.bytes, zero, n.family == 4 ? 4 : 16) == 0) {
		fprintf(stderr, "lyncdiscoverd: --listen: %s is every address, which DNS cannot "
		    "name: give the address the phones reach (ip -brief address)\n", arg);
		return -1;
	}
	memcpy(out, a, len);
	out[len] = '\0';
	return 0;
}

/*
 * --listen ADDR: the lab on ADDR, plain HTTP on 80 and HTTPS on 443, each
 * deciding the location by the name asked (access="by-name", External for
 * any other name), ADDR advertised for the plan.
 */
static int
add_listen(struct options *o, const char *arg)
{
	static const unsigned ports[2] = { 80, 443 };
	struct listener_conf *l;
	size_t i;

	for (i = 0; i < 2; i++) {
		if ((l = new_listener(o, "--listen", arg)) == NULL ||
		    listen_address(arg, o->addresses[o->n_listeners]) != 0)
			return -1;
		l->port = ports[i];
		l->tls = ports[i] == 443;
		l->access_mode = ACCESS_BY_NAME;
		l->location = ACCESS_EXTERNAL;
		l->advertise = l->address;
		o->n_listeners++;
	}
	return 0;
}

/* Two listener flags on one address and port: the later one is named, and what to do. */
static int
check_listeners_unique(const struct options *o)
{
	struct netaddr a, b;
	size_t i, j;

	for (i = 0; i < o->n_listeners; i++) {
		const struct listener_conf *l = &o->listeners[i];

		netaddr_parse_plain(l->address, strlen(l->address), &a);
		for (j = 0; j < i; j++) {
			const struct listener_conf *k = &o->listeners[j];

			netaddr_parse_plain(k->address, strlen(k->address), &b);
			if (k->port != l->port || a.family != b.family ||
			    memcmp(a.bytes, b.bytes, sizeof a.bytes) != 0)
				continue;
			fprintf(stderr, "lyncdiscoverd: %s: %s port %u is already taken by %s. One "
			    "port serves both names with --lab --listen ADDR (ports 80 and 443, the "
			    "location told by the name asked), or with a configuration listener of "
			    "access=\"by-name\"\n", l->flag, l->address, l->port, k->flag);
			return -1;
		}
	}
	return 0;
}

static bool
has_tls_flag(const struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_listeners; i++) {
		if (o->listeners[i].tls)
			return true;
	}
	return false;
}

/* Options each command takes, as bits (1 << (OPT_x - OPT_CONFIG)). */
#define BIT(opt)	(1u << ((opt) - OPT_CONFIG))
#define LISTENER_BITS	(BIT(OPT_INTERNAL) | BIT(OPT_EXTERNAL) | BIT(OPT_INTERNAL_TLS) | \
			 BIT(OPT_EXTERNAL_TLS) | BIT(OPT_CERT) | BIT(OPT_KEY) | BIT(OPT_LISTEN))

static const struct {
	const char	*name;
	enum command	 command;
	unsigned	 allowed;
} commands[] = {
	{ NULL, CMD_RUN, BIT(OPT_CONFIG) | BIT(OPT_CHECK) | BIT(OPT_LAB) | LISTENER_BITS |
	    BIT(OPT_SIGN_IN) | BIT(OPT_ALLOW_ROOT) | BIT(OPT_USERS) | BIT(OPT_ADMIN) |
	    BIT(OPT_LAB_DIR) | BIT(OPT_AS) },
	{ "cert", CMD_CERT, BIT(OPT_CONFIG) | BIT(OPT_LAB) | BIT(OPT_DIR) | BIT(OPT_NAME) |
	    BIT(OPT_DAYS) },
	{ "plan", CMD_PLAN, BIT(OPT_CONFIG) | BIT(OPT_LAB) | LISTENER_BITS | BIT(OPT_JSON) |
	    BIT(OPT_FORMAT) },
	{ "passwd", CMD_PASSWD, 0 },
	{ "reload", CMD_RELOAD, BIT(OPT_CONFIG) },
	{ "reopen", CMD_REOPEN, BIT(OPT_CONFIG) },
};

static int
check_run(const struct options *o)
{
	if (o->check && o->lab) {
		fprintf(stderr, "lyncdiscoverd: --check goes with -c FILE\n");
		return -1;
	}
	if (o->check_as != NULL && !o->check) {
		fprintf(stderr, "lyncdiscoverd: --as goes with --check (the daemon becomes "
		    "settings/@user)\n");
		return -1;
	}
	if ((o->cert == NULL) != (o->key == NULL)) {
		fprintf(stderr, "lyncdiscoverd: --cert and --key go together\n");
		return -1;
	}
	if (o->sign_in != NULL && !o->lab) {
		fprintf(stderr, "lyncdiscoverd: --sign-in goes with --lab (a configuration file "
		    "says it in <sign-in>)\n");
		return -1;
	}
	if (o->lab_dir != NULL && !o->lab) {
		fprintf(stderr, "lyncdiscoverd: --lab-dir goes with --lab\n");
		return -1;
	}
	if (o->users != NULL && !o->lab) {
		fprintf(stderr, "lyncdiscoverd: --users goes with --lab (a configuration file "
		    "says it in <sign-in directory=...>)\n");
		return -1;
	}
	if (!o->lab && o->cert == NULL && has_tls_flag(o)) {
		fprintf(stderr, "lyncdiscoverd: HTTPS listener flags need --cert and --key "
		    "(only --lab makes a certificate)\n");
		return -1;
	}
	return 0;
}

static bool
has_listen(const struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_listeners; i++) {
		if (strncmp(o->flags[i], "--listen ", 9) == 0)
			return true;
	}
	return false;
}

static int
check_combination(const struct options *o)
{
	if (o->command == CMD_PASSWD)
		return 0;
	if (o->lab == (o->config != NULL)) {
		fprintf(stderr, "lyncdiscoverd: give either -c FILE or --lab [DOMAIN]\n");
		return -1;
	}
	if (!o->lab && has_listen(o)) {
		fprintf(stderr, "lyncdiscoverd: --listen goes with --lab (a configuration file "
		    "says it with a listener of access=\"by-name\" on each port)\n");
		return -1;
	}
	if (check_listeners_unique(o) != 0)
		return -1;
	switch (o->command) {
	case CMD_RUN:
		return check_run(o);
	case CMD_CERT:
		if (o->dir == NULL) {
			fprintf(stderr, "lyncdiscoverd: cert needs --dir DIR\n");
			return -1;
		}
		return 0;
	case CMD_PASSWD:
	case CMD_RELOAD:
	case CMD_REOPEN:
		return 0;
	case CMD_PLAN:
		/* The lab makes its certificate when it starts: only its DNS records are known before. */
		if (o->lab && (o->plan_format == PLAN_TEXT || o->plan_format == PLAN_JSON)) {
			fprintf(stderr, "lyncdiscoverd: plan --lab writes DNS records only "
			    "(--format hosts, dnsmasq or bind)\n");
			return -1;
		}
		return 0;
	}
	return 0;
}

static int
parse_days(const char *arg, unsigned *days)
{
	char *end;
	unsigned long d = strtoul(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || d == 0 || d > 3650) {
		fprintf(stderr, "lyncdiscoverd: --days: \"%s\" is not a number of days (1-3650)\n",
		    arg);
		return -1;
	}
	*days = (unsigned)d;
	return 0;
}

static int
parse_sign_in(const char *arg, struct options *o)
{
	if (strcmp(arg, "open") == 0 || strcmp(arg, "any-password") == 0 ||
	    strcmp(arg, "password") == 0) {
		o->sign_in = arg;
		return 0;
	}
	fprintf(stderr, "lyncdiscoverd: --sign-in: \"%s\" is not open, any-password or password\n",
	    arg);
	return -1;
}

static int
parse_format(const char *arg, struct options *o)
{
	int f = plan_write_format(arg);

	if (f < 0) {
		fprintf(stderr, "lyncdiscoverd: --format: \"%s\" is not text, json, hosts, dnsmasq "
		    "or bind\n", arg);
		return -1;
	}
	o->plan_format = (enum plan_format)f;
	return 0;
}

static int
add_name(struct options *o, const char *name)
{
	if (o->n_names == CLI_MAX_NAMES) {
		fprintf(stderr, "lyncdiscoverd: too many --name options (at most %d)\n",
		    CLI_MAX_NAMES);
		return -1;
	}
	if (!hostname_valid(name, strlen(name))) {
		fprintf(stderr, "lyncdiscoverd: --name: \"%s\" is not a DNS name\n", name);
		return -1;
	}
	o->names[o->n_names++] = name;
	return 0;
}

static int
take_option(struct options *o, int c, int argc, char **argv)
{
	switch (c) {
	case 'c': o->config = optarg; return 0;
	case OPT_CHECK: o->check = true; return 0;
	case OPT_LAB:
		o->lab = true;
		if (optind < argc && argv[optind][0] != '-')
			o->lab_domain = argv[optind++];
		return 0;
	case OPT_INTERNAL: return add_listener(o, "--internal", optarg, ACCESS_INTERNAL, false);
	case OPT_EXTERNAL: return add_listener(o, "--external", optarg, ACCESS_EXTERNAL, false);
	case OPT_INTERNAL_TLS: return add_listener(o, "--internal-tls", optarg, ACCESS_INTERNAL, true);
	case OPT_EXTERNAL_TLS: return add_listener(o, "--external-tls", optarg, ACCESS_EXTERNAL, true);
	case OPT_LISTEN: return add_listen(o, optarg);
	case OPT_CERT: o->cert = optarg; return 0;
	case OPT_KEY: o->key = optarg; return 0;
	case OPT_DIR: o->dir = optarg; return 0;
	case OPT_NAME: return add_name(o, optarg);
	case OPT_DAYS: return parse_days(optarg, &o->days);
	case OPT_JSON: o->plan_format = PLAN_JSON; return 0;
	case OPT_FORMAT: return parse_format(optarg, o);
	case OPT_SIGN_IN: return parse_sign_in(optarg, o);
	case OPT_ALLOW_ROOT: o->allow_root = true; return 0;
	case OPT_USERS: o->users = optarg; return 0;
	case OPT_ADMIN:
		if (endpoint_parse(optarg, o->admin_address, &o->admin_port) == 0)
			return 0;
		fprintf(stderr, "lyncdiscoverd: --admin: \"%s\" is not ADDR:PORT (numeric address, "
		    "IPv6 in brackets, port 1-65535)\n", optarg);
		return -1;
	case OPT_AS:
		if (*optarg != '\0') {
			o->check_as = optarg;
			return 0;
		}
		fprintf(stderr, "lyncdiscoverd: --as: give a user\n");
		return -1;
	case OPT_LAB_DIR:
		if (*optarg != '\0') {
			o->lab_dir = optarg;
			return 0;
		}
		fprintf(stderr, "lyncdiscoverd: --lab-dir: give a directory\n");
		return -1;
	}
	return -1;
}

static const char *
option_name(int c)
{
	size_t i;

	for (i = 0; long_options[i].name != NULL; i++) {
		if (long_options[i].val == c)
			return long_options[i].name;
	}
	return "?";
}

/* The command named by argv[1], if any; returns its index in commands[]. */
static size_t
find_command(int argc, char **argv)
{
	size_t i;

	for (i = 1; argc > 1 && i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return i;
	}
	return 0;
}

enum cli_result
cli_parse(int argc, char **argv, struct options *o)
{
	size_t cmd = find_command(argc, argv);
	int c, rc = 0;

	memset(o, 0, sizeof *o);
	o->command = commands[cmd].command;
	o->days = CERTGEN_DEFAULT_DAYS;
	optind = cmd == 0 ? 1 : 2;
	/* '+': stop at the first non-option, so that "--lab DOMAIN" can take its operand. */
	while (rc == 0 && (c = getopt_long(argc, argv, "+c:hV", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return CLI_EXIT_OK;
		}
		if (c == 'V') {
			printf("lyncdiscoverd %s\n", PACKAGE_VERSION);
			return CLI_EXIT_OK;
		}
		if (c == '?' || c == ':') {
			rc = -1;
		} else if ((commands[cmd].allowed & BIT(c == 'c' ? OPT_CONFIG : c)) == 0) {
			fprintf(stderr, "lyncdiscoverd: %s does not take --%s\n",
			    cmd == 0 ? "running the daemon" : commands[cmd].name, option_name(c));
			rc = -1;
		} else
			rc = take_option(o, c, argc, argv);
	}
	if (rc == 0 && optind < argc) {
		fprintf(stderr, "lyncdiscoverd: unexpected argument \"%s\"\n", argv[optind]);
		rc = -1;
	}
	if (rc == 0)
		rc = check_combination(o);
	if (rc != 0) {
		fputs(usage_text, stderr);
		return CLI_EXIT_USAGE;
	}
	if (o->lab && o->lab_domain == NULL)
		o->lab_domain = LAB_DEFAULT_DOMAIN;
	return CLI_RUN;
}
