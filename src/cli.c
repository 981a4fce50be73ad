/*
 * cli.c: command-line parsing.
 */
#include <config.h>

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lab.h"

static const char usage_text[] =
	"usage: lyncdiscoverd -c FILE [--check] [LISTENERS]\n"
	"       lyncdiscoverd --lab [DOMAIN] [LISTENERS]\n"
	"\n"
	"Answers the Lync / Skype for Business Autodiscover protocol ([MS-OCDISCWS]).\n"
	"\n"
	"  -c, --config FILE       run with this configuration file\n"
	"      --check             validate the configuration (and its TLS material) and exit\n"
	"      --lab [DOMAIN]      run the embedded lab topology for DOMAIN (default " LAB_DEFAULT_DOMAIN ")\n"
	"  -h, --help              show this help\n"
	"  -V, --version           show the version\n"
	"\n"
	"LISTENERS (replace the configuration's listeners; ADDR may be [IPv6]):\n"
	"      --internal ADDR:PORT      plain HTTP, AccessLocation Internal\n"
	"      --external ADDR:PORT      plain HTTP, AccessLocation External\n"
	"      --internal-tls ADDR:PORT  HTTPS, AccessLocation Internal\n"
	"      --external-tls ADDR:PORT  HTTPS, AccessLocation External\n"
	"      --cert FILE --key FILE    PEM certificate (chain) and key for the HTTPS listeners\n"
	"                                (--lab without them makes a throw-away certificate)\n";

enum {
	OPT_CHECK = 256,
	OPT_LAB,
	OPT_INTERNAL,
	OPT_EXTERNAL,
	OPT_INTERNAL_TLS,
	OPT_EXTERNAL_TLS,
	OPT_CERT,
	OPT_KEY
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
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
cli_parse_listen(const char *s, char address[64], unsigned *port)
{
	unsigned char buf[sizeof(struct in6_addr)];
	const char *colon, *a = s;
	size_t alen;
	char *end;
	unsigned long p;

	if (*s == '[') {
		colon = strstr(s, "]:");
		a = s + 1;
		alen = colon != NULL ? (size_t)(colon - a) : 0;
		colon = colon != NULL ? colon + 1 : NULL;
	} else {
		colon = strrchr(s, ':');
		alen = colon != NULL ? (size_t)(colon - s) : 0;
	}
	if (colon == NULL || alen == 0 || alen >= 64)
		return -1;
	memcpy(address, a, alen);
	address[alen] = '\0';
	if (inet_pton(*s == '[' ? AF_INET6 : AF_INET, address, buf) != 1)
		return -1;
	p = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || p == 0 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int
add_listener(struct options *o, const char *flag, const char *arg, enum access_location loc,
    bool tls)
{
	struct listener_conf *l = &o->listeners[o->n_listeners];

	if (o->n_listeners == CLI_MAX_LISTENERS) {
		fprintf(stderr, "lyncdiscoverd: too many listener flags (at most %d)\n",
		    CLI_MAX_LISTENERS);
		return -1;
	}
	memset(l, 0, sizeof *l);
	if (cli_parse_listen(arg, o->addresses[o->n_listeners], &l->port) != 0) {
		fprintf(stderr, "lyncdiscoverd: %s: \"%s\" is not ADDR:PORT "
		    "(numeric address, IPv6 in brackets, port 1-65535)\n", flag, arg);
		return -1;
	}
	l->address = o->addresses[o->n_listeners];
	l->location = loc;
	l->tls = tls;
	o->n_listeners++;
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

static int
check_combination(const struct options *o)
{
	if (o->lab == (o->config != NULL)) {
		fprintf(stderr, "lyncdiscoverd: give either -c FILE or --lab [DOMAIN]\n");
		return -1;
	}
	if (o->check && o->lab) {
		fprintf(stderr, "lyncdiscoverd: --check goes with -c FILE\n");
		return -1;
	}
	if ((o->cert == NULL) != (o->key == NULL)) {
		fprintf(stderr, "lyncdiscoverd: --cert and --key go together\n");
		return -1;
	}
	if (!o->lab && o->cert == NULL && has_tls_flag(o)) {
		fprintf(stderr, "lyncdiscoverd: HTTPS listener flags need --cert and --key "
		    "(only --lab makes a certificate)\n");
		return -1;
	}
	return 0;
}

enum cli_result
cli_parse(int argc, char **argv, struct options *o)
{
	int c, rc = 0;

	memset(o, 0, sizeof *o);
	optind = 1;
	/* '+': stop at the first non-option, so that "--lab DOMAIN" can take its operand. */
	while (rc == 0 && (c = getopt_long(argc, argv, "+c:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case OPT_CHECK: o->check = true; break;
		case OPT_LAB:
			o->lab = true;
			if (optind < argc && argv[optind][0] != '-')
				o->lab_domain = argv[optind++];
			break;
		case OPT_INTERNAL: rc = add_listener(o, "--internal", optarg, ACCESS_INTERNAL, false); break;
		case OPT_EXTERNAL: rc = add_listener(o, "--external", optarg, ACCESS_EXTERNAL, false); break;
		case OPT_INTERNAL_TLS: rc = add_listener(o, "--internal-tls", optarg, ACCESS_INTERNAL, true); break;
		case OPT_EXTERNAL_TLS: rc = add_listener(o, "--external-tls", optarg, ACCESS_EXTERNAL, true); break;
		case OPT_CERT: o->cert = optarg; break;
		case OPT_KEY: o->key = optarg; break;
		case 'h': fputs(usage_text, stdout); return CLI_EXIT_OK;
		case 'V': printf("lyncdiscoverd %s\n", PACKAGE_VERSION); return CLI_EXIT_OK;
		default: rc = -1; break;
		}
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
