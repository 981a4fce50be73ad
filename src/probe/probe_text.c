/* SPDX-License-Identifier: MIT */
/*
 * probe_text.c: a walk for a person — one line per hop, the verdict (said to
 * be superseded when a client went on to the next location), then each
 * problem with its fix.
 */
#include <config.h>

#include <stdio.h>

#include "element.h"
#include "probe.h"
#include "representation.h"

static void
print_hop(const struct probe_hop *h)
{
	printf("  %-4s %s -> ", h->method, h->url);
	if (h->status != 0)
		printf("%ld", h->status);
	else
		printf("no answer");
	printf(" (%ld ms)", h->ms);
	if (h->tls.used)
		printf(" %s cert [%s]%s%s", h->tls.version, h->tls.names ? h->tls.names : "",
		    h->tls.trusted ? "" : " untrusted", h->tls.name_matches ? "" : " name-mismatch");
	if (h->note != NULL)
		printf(" %s", h->note);
	putchar('\n');
}

static void
print_user(const struct probe_walk *w)
{
	const struct parsed_doc *d = &w->user.doc;
	size_t i;

	if (!w->user.reached)
		return;
	printf("user:\n");
	for (i = 0; i < SIP_ACCESS_COUNT; i++)
		if (d->sip_fqdn[i] != NULL)
			printf("  %s %s:%u\n", element_sip_access[i], d->sip_fqdn[i], d->sip_port[i]);
	for (i = 0; i < d->n_links; i++)
		printf("  link %s %s\n", d->links[i].name, d->links[i].href);
}

void
probe_text_print(const struct probe_walk *w)
{
	size_t i;

	printf("walk (%s, %s%s):\n", w->location, representation_name(w->rep),
	    w->webticket ? ", web ticket" : "");
	for (i = 0; i < w->n_hops; i++)
		print_hop(&w->hops[i]);
	print_user(w);
	if (w->superseded)
		printf("verdict: %s (superseded: a client goes on to the next location, below)\n",
		    probe_problems_verdict(w));
	else
		printf("verdict: %s\n", probe_problems_verdict(w));
	for (i = 0; i < w->n_problems; i++) {
		const struct probe_problem *p = &w->problems[i];

		printf("%s %s: %s\n  fix: %s\n", p->warning ? "warning" : "problem", p->code,
		    p->message ? p->message : "", p->fix);
	}
}
