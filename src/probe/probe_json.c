/* SPDX-License-Identifier: MIT */
/*
 * probe_json.c: the walks as one JSON document (jansson escapes):
 * {"verdict", "problems":[{code,message,fix,warning}], "hops":[{method,url,
 * status,ms,note,tls:{version,names,trusted,name_matches,expired}}],
 * "user":{"sip":{element:{fqdn,port}},"links":{name:href}}|null,
 * "walks":[{location, representation, sign_in, verdict, superseded, problems,
 * hops, user}]}: every walk made, a failed one that a client went on from
 * (superseded: true) included. The top-level verdict, problems, hops and
 * user are those of the first failed walk that is not superseded, else of
 * the last walk.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "element.h"
#include "probe.h"
#include "representation.h"

static json_t *
tls_json(const struct probe_tls *t)
{
	if (!t->used)
		return json_null();
	return json_pack("{s:s,s:s,s:b,s:b,s:b}", "version", t->version,
	    "names", t->names ? t->names : "", "trusted", t->trusted,
	    "name_matches", t->name_matches, "expired", t->expired);
}

static json_t *
hops_json(const struct probe_walk *w)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < w->n_hops; i++) {
		const struct probe_hop *h = &w->hops[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:I,s:I,s:o,s:s?}",
		    "method", h->method ? h->method : "", "url", h->url ? h->url : "",
		    "status", (json_int_t)h->status, "ms", (json_int_t)h->ms,
		    "tls", tls_json(&h->tls), "note", h->note));
	}
	return a;
}

static json_t *
problems_json(const struct probe_walk *w)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < w->n_problems; i++) {
		const struct probe_problem *p = &w->problems[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:b}", "code", p->code,
		    "message", p->message ? p->message : "", "fix", p->fix, "warning", p->warning));
	}
	return a;
}

static json_t *
user_json(const struct probe_walk *w)
{
	const struct parsed_doc *d = &w->user.doc;
	json_t *sip = json_object(), *links = json_object();
	size_t i;

	if (!w->user.reached) {
		json_decref(sip);
		json_decref(links);
		return json_null();
	}
	for (i = 0; i < SIP_ACCESS_COUNT; i++)
		if (d->sip_fqdn[i] != NULL)
			json_object_set_new(sip, element_sip_access[i], json_pack("{s:s,s:I}",
			    "fqdn", d->sip_fqdn[i], "port", (json_int_t)d->sip_port[i]));
	for (i = 0; i < d->n_links; i++)
		json_object_set_new(links, d->links[i].name, json_string(d->links[i].href));
	return json_pack("{s:o,s:o}", "sip", sip, "links", links);
}

static json_t *
walk_json(const struct probe_walk *w)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:b,s:o,s:o,s:o}", "location", w->location,
	    "representation", representation_name(w->rep),
	    "sign_in", w->webticket ? "web-ticket" : "oauth", "verdict", probe_problems_verdict(w),
	    "superseded", w->superseded, "problems", problems_json(w), "hops", hops_json(w),
	    "user", user_json(w));
}

int
probe_json_print(const struct probe_walk *ws, size_t n)
{
	json_t *walks = json_array(), *top;
	size_t i, main = n - 1;
	char *s;

	for (i = n; i-- > 0;) {
		if (!ws[i].superseded && strcmp(probe_problems_verdict(&ws[i]), "ok") != 0)
			main = i;	/* the first failed walk that counts */
	}
	for (i = 0; i < n; i++)
		json_array_append_new(walks, walk_json(&ws[i]));
	top = json_pack("{s:s,s:o,s:o,s:o,s:o}", "verdict", probe_problems_verdict(&ws[main]),
	    "problems", problems_json(&ws[main]), "hops", hops_json(&ws[main]),
	    "user", user_json(&ws[main]), "walks", walks);
	if (top == NULL || (s = json_dumps(top, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL) {
		json_decref(top);
		return -1;
	}
	puts(s);
	free(s);
	json_decref(top);
	return 0;
}
