/* SPDX-License-Identifier: MIT */
/*
 * probe_run.c: which walks to make — both locations as a client does
 * (internal first; the first that reaches its goal wins and the walk stops
 * there), one location, or a URL; every representation with
 * --all-representations, compared by probe_compare.c; the OAuth and the
 * web-ticket flavours with --sign-in both — and the exit status.
 * Every walk made is reported: an internal walk that failed before the
 * external one worked is what a client met on its way (its DNS look-up of
 * lyncdiscoverinternal, say), marked superseded: it does not fail the run.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define MAX_WALKS (2 * 2 * REP_COUNT)

/* Walks one representation and flavour; the walks made are appended to ws. 0 when one succeeded. */
static int
run_one(const struct probe_options *opt, enum representation rep, bool webticket,
    struct probe_walk *ws, size_t *n)
{
	static const enum probe_where order[] = { PROBE_INTERNAL_ONLY, PROBE_EXTERNAL_ONLY };
	size_t i, k, first = *n;

	if (strstr(opt->target, "://") != NULL || opt->where != PROBE_BOTH) {
		enum probe_where one = opt->where == PROBE_BOTH ? PROBE_EXTERNAL_ONLY : opt->where;

		return probe_walk_run(opt, rep, webticket, one, &ws[(*n)++]);
	}
	for (i = 0; i < 2; i++) {
		if (probe_walk_run(opt, rep, webticket, order[i], &ws[(*n)++]) == 0) {
			/* The client stops here; the walks before are what it met on the way. */
			for (k = first; k + 1 < *n; k++)
				ws[k].superseded = true;
			return 0;
		}
	}
	return -1;
}

static bool
ucwa(enum representation rep)
{
	return rep == REP_UCWA_JSON || rep == REP_UCWA_XML;
}

/*
 * One representation in the flavours asked for (--sign-in): both walk
 * OAuth, then the web ticket. The web-ticket flavour is MS-OCDISCWS's (UCWA
 * clients sign in with tokens; its one user link is OAuth's): asked for in
 * a UCWA representation it walks autodiscover-xml, pidgin-sipe's and the
 * Lync desktop's — or, with --all-representations, only the MS-OCDISCWS ones.
 */
static int
run_rep(const struct probe_options *opt, enum representation rep, struct probe_walk *ws,
    size_t *n)
{
	int failed = 0;

	if (opt->flavour != PROBE_WEBTICKET)
		failed |= run_one(opt, rep, false, ws, n) != 0;
	if (opt->flavour != PROBE_OAUTH && !(opt->all_reps && ucwa(rep)))
		failed |= run_one(opt, ucwa(rep) ? REP_AUTODISCOVER_XML : rep, true, ws, n) != 0;
	return failed ? -1 : 0;
}

int
probe_run(const struct probe_options *opt)
{
	struct probe_walk ws[MAX_WALKS];
	size_t n = 0, i;
	int failed = 0, r;

	if (opt->all_reps) {
		for (r = 0; r < REP_COUNT; r++)
			failed |= run_rep(opt, (enum representation)r, ws, &n) != 0;
		probe_compare(ws, n);
	} else
		failed = run_rep(opt, opt->rep, ws, &n) != 0;
	for (i = 0; i < n; i++)
		failed |= !ws[i].superseded && strcmp(probe_problems_verdict(&ws[i]), "ok") != 0;
	if (opt->json) {
		if (probe_json_print(ws, n) != 0)
			failed = 1;
	} else
		for (i = 0; i < n; i++)
			probe_text_print(&ws[i]);
	for (i = 0; i < n; i++)
		probe_walk_free(&ws[i]);
	return failed ? 1 : 0;
}
