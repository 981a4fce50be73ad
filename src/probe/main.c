/* SPDX-License-Identifier: MIT */
/*
 * main.c: lyncdiscover-probe's command line. Usage errors exit 2; the walk
 * exits 0 (sound) or 1 (discovery is broken, the verdict says why).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"
#include "probe_http.h"
#include "representation.h"

static const char usage[] =
"usage: lyncdiscover-probe [OPTIONS] SIP-ADDRESS | DOMAIN | URL\n"
"\n"
"Walks the Lync / Skype for Business discovery chain as a client does and says\n"
"exactly what is wrong: lyncdiscoverinternal.DOMAIN then lyncdiscover.DOMAIN\n"
"(HTTPS, then plain HTTP for the first hop), Root, Redirects, User/OAuth, the\n"
"401 challenge, a token or a web ticket (with --password-file), the User document.\n"
"\n"
"      --internal | --external     walk one location only\n"
"      --accept REP                ucwa-json (default), ucwa-xml, autodiscover-xml,\n"
"                                  autodiscover-json\n"
"      --all-representations       walk all four and compare them\n"
"      --connect-to H:P:ADDR:P     connect to ADDR:P for H:P (repeatable; curl's syntax,\n"
"                                  an empty H or P matches any, an empty target P keeps it)\n"
"      --cacert FILE               trust anchors (default: the system's)\n"
"      --password-file FILE        the user's password (first line); never on the command line\n"
"      --sign-in oauth|web-ticket|both\n"
"                                  the User to sign in to: OAuth with a token (default),\n"
"                                  User with a web ticket from the Web Ticket Service, or both\n"
"      --timeout S                 per request (default 10)\n"
"      --json                      one JSON document instead of text\n"
"  -h, --help                      this help\n"
"  -V, --version                   the version\n"
"\n"
"Exit status: 0 sound, 1 discovery is broken, 2 usage error.\n";

static int
bad_usage(const char *why, const char *arg)
{
	fprintf(stderr, "lyncdiscover-probe: %s%s%s\n%s", why, arg ? ": " : "", arg ? arg : "",
	    "try lyncdiscover-probe --help\n");
	return 2;
}

/* An --accept that names no representation: the message names them all. */
static int
bad_accept(const char *arg)
{
	fprintf(stderr, "lyncdiscover-probe: --accept: \"%s\" is not ucwa-json, ucwa-xml, "
	    "autodiscover-xml or autodiscover-json\ntry lyncdiscover-probe --help\n", arg);
	return 2;
}

/* Reads the first line of file; NULL with errno. */
static char *
read_password(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t size = 0;
	ssize_t n;

	if (f == NULL)
		return NULL;
	n = getline(&line, &size, f);
	fclose(f);
	if (n < 0) {
		free(line);
		errno = EINVAL;
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

int
main(int argc, char **argv)
{
	enum { O_INT = 256, O_EXT, O_ACCEPT, O_ALL, O_CTO, O_CA, O_PW, O_SIGN_IN, O_TIMEOUT, O_JSON };
	static const struct option longopts[] = {
		{ "internal", no_argument, NULL, O_INT }, { "external", no_argument, NULL, O_EXT },
		{ "accept", required_argument, NULL, O_ACCEPT },
		{ "all-representations", no_argument, NULL, O_ALL },
		{ "connect-to", required_argument, NULL, O_CTO },
		{ "cacert", required_argument, NULL, O_CA },
		{ "password-file", required_argument, NULL, O_PW },
		{ "sign-in", required_argument, NULL, O_SIGN_IN },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "json", no_argument, NULL, O_JSON }, { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct probe_options opt = { .rep = REP_UCWA_JSON, .timeout_s = 10 };
	char *end;
	int c, r, rc;

	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case O_INT: opt.where = PROBE_INTERNAL_ONLY; break;
		case O_EXT: opt.where = PROBE_EXTERNAL_ONLY; break;
		case O_ACCEPT:
			if ((r = representation_from_name(optarg)) < 0)
				return bad_accept(optarg);
			opt.rep = (enum representation)r;
			break;
		case O_ALL: opt.all_reps = true; break;
		case O_CTO:
			if (opt.n_connect_to == PROBE_MAX_CONNECT_TO)
				return bad_usage("too many --connect-to", NULL);
			if (strchr(optarg, ':') == NULL)
				return bad_usage("--connect-to wants HOST:PORT:ADDR:PORT", optarg);
			opt.connect_to[opt.n_connect_to++] = optarg;
			break;
		case O_CA: opt.cacert = optarg; break;
		case O_PW:
			free(opt.password);
			if ((opt.password = read_password(optarg)) == NULL) {
				fprintf(stderr, "lyncdiscover-probe: %s: %s\n", optarg, strerror(errno));
				return 2;
			}
			break;
		case O_SIGN_IN:
			if (strcmp(optarg, "oauth") == 0)
				opt.flavour = PROBE_OAUTH;
			else if (strcmp(optarg, "web-ticket") == 0)
				opt.flavour = PROBE_WEBTICKET;
			else if (strcmp(optarg, "both") == 0)
				opt.flavour = PROBE_BOTH_FLAVOURS;
			else
				return bad_usage("--sign-in wants oauth, web-ticket or both", optarg);
			break;
		case O_TIMEOUT:
			errno = 0;
			opt.timeout_s = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || opt.timeout_s <= 0 || opt.timeout_s > 3600)
				return bad_usage("--timeout wants seconds (1-3600)", optarg);
			break;
		case O_JSON: opt.json = true; break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': printf("lyncdiscover-probe %s\n", PACKAGE_VERSION); return 0;
		default: return bad_usage("unknown option", NULL);
		}
	}
	if (argc - optind != 1)
		return bad_usage("one SIP-ADDRESS, DOMAIN or URL is needed", NULL);
	opt.target = argv[optind];
	if (opt.target[0] == '\0' || opt.target[0] == '-')
		return bad_usage("not a SIP address, domain or URL", opt.target);
	if (probe_http_init() != 0)
		return bad_usage("libcurl could not start", NULL);
	rc = probe_run(&opt);
	probe_http_cleanup();
	if (opt.password != NULL)
		memset(opt.password, 0, strlen(opt.password));
	free(opt.password);
	return rc;
}
