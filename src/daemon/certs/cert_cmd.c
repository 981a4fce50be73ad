/* SPDX-License-Identifier: MIT */
/*
 * cert_cmd.c: certificates for a topology.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cert_cmd.h"
#include "util.h"

static int
wanted_names(const struct topology *t, const struct cert_for *cf, struct name_list *names)
{
	bool loc[ACCESS_LOCATION_COUNT] = { false, false }, any = false;
	struct name_list more;
	size_t i, j;
	int l;

	for (i = 0; i < t->n_listeners; i++) {
		if (!t->listeners[i].tls)
			continue;
		loc[t->listeners[i].location] = any = true;
		if (t->listeners[i].access_mode != ACCESS_FIXED)	/* serves both locations */
			loc[ACCESS_INTERNAL] = loc[ACCESS_EXTERNAL] = true;
	}
	name_list_init(names);
	for (l = 0; l < ACCESS_LOCATION_COUNT; l++) {
		/* The lab's certificate covers every name, whichever listeners run. */
		if (any && !loc[l] && !cf->lab)
			continue;
		if (name_list_for_location(t, (enum access_location)l, &more) != 0)
			return -1;
		for (j = 0; j < more.n; j++) {
			if (name_list_add(names, more.names[j]) != 0) {
				name_list_free(&more);
				return -1;
			}
		}
		name_list_free(&more);
	}
	for (i = 0; i < cf->n_extra; i++) {
		if (name_list_add(names, cf->extra[i]) != 0)
			return -1;
	}
	return cf->lab ? name_list_add(names, "localhost") : 0;
}

int
cert_cmd_make(const struct topology *t, const struct cert_for *cf,
    struct certgen_result *res, struct name_list *names, char **cause)
{
	struct certgen_request rq;

	if (mkdir(cf->dir, 0700) != 0 && errno != EEXIST) {
		*cause = xasprintf_s("cannot create %s: %s", cf->dir, strerror(errno));
		return -1;
	}
	if (wanted_names(t, cf, names) != 0) {
		name_list_free(names);
		*cause = xstrdup("out of memory");
		return -1;
	}
	rq = (struct certgen_request){
		.dir = cf->dir,
		.dns = (const char *const *)names->names,
		.n_dns = names->n,
		.loopback = cf->lab,
		.days = cf->days,
		.reuse_server = cf->reuse_server,
	};
	if (certgen_make(&rq, res, cause) != 0) {
		name_list_free(names);
		return -1;
	}
	return 0;
}

void
cert_cmd_report(const struct certgen_result *res, const struct name_list *names, FILE *f)
{
	size_t i;

	fprintf(f, "CA certificate:     %s (%s)\n", res->ca_file,
	    res->ca_reused ? "reused" : "new, 10 years");
	fprintf(f, "CA key:             %s (keep it private: it can sign for any name)\n",
	    res->ca_key_file);
	fprintf(f, "server certificate: %s\n", res->cert_file);
	fprintf(f, "server key:         %s\n", res->key_file);
	fprintf(f, "subjectAltName (%zu DNS names):\n", names->n);
	for (i = 0; i < names->n; i++)
		fprintf(f, "  %s\n", names->names[i]);
	fprintf(f,
	    "\nUse server.pem and server-key.pem as a listener's cert and key. Trust the CA on\n"
	    "test devices only (never on devices that also reach production):\n"
	    "  Linux:   sudo cp %1$s /usr/local/share/ca-certificates/lyncdiscover-lab.crt &&\n"
	    "           sudo update-ca-certificates        (curl alone: curl --cacert %1$s)\n"
	    "  iOS:     send ca.pem to the device (AirDrop, mail, a web page); install the profile\n"
	    "           in Settings > General > VPN & Device Management, then turn on full trust\n"
	    "           in Settings > General > About > Certificate Trust Settings.\n"
	    "  Android: Settings > Security > Encryption & credentials > Install a certificate >\n"
	    "           CA certificate, and pick ca.pem. Since Android 7, apps trust user CAs only\n"
	    "           if their network security config says <certificates src=\"user\"/>\n"
	    "           (test builds of the mobile client).\n",
	    res->ca_file);
}
