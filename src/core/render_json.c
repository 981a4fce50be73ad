/* SPDX-License-Identifier: MIT */
/*
 * render_json.c: the two JSON flavours, built with jansson.
 *
 * MS-OCDISCWS JSON (doc/protocol.md §4.2): {"AccessLocation":..,"Root":{"Links":[
 * {"href":..,"token":..}]}}, members in the alphabetical order of WCF's
 * DataContractJsonSerializer and '/' escaped as "\/", as Microsoft's sample.
 * SipAccess members mirror the XML names with a numeric port [UNCONFIRMED].
 * UCWA JSON (§4.3): {"_links":{"self":{"href":..},"user":{..},..}}, slashes raw.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "element.h"
#include "render.h"

/* json_dumps into a malloc'd string; frees root. */
static char *
dump(json_t *root, size_t flags, size_t *len)
{
	char *s = NULL;

	if (root != NULL)
		s = json_dumps(root, flags | JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (s != NULL)
		*len = strlen(s);
	return s;
}

static int
set(json_t *obj, const char *key, json_t *value)
{
	return value == NULL ? -1 : json_object_set_new(obj, key, value);
}

static int
add_sip_access(json_t *res, const struct sip_access *sip)
{
	/* Alphabetical: the Client elements before the Server ones, External before Internal. */
	static const enum sip_access_kind order[SIP_ACCESS_COUNT] = {
		SIP_CLIENT_EXTERNAL, SIP_CLIENT_INTERNAL, SIP_SERVER_EXTERNAL, SIP_SERVER_INTERNAL
	};
	int i, rc = 0;

	for (i = 0; i < SIP_ACCESS_COUNT; i++) {
		const struct sip_access *a = &sip[order[i]];

		if (a->fqdn != NULL)
			rc |= set(res, element_sip_access[order[i]],
			    json_pack("{s:s,s:I}", "fqdn", a->fqdn, "port", (json_int_t)a->port));
	}
	return rc;
}

char *
render_json_autodiscover(const struct document *d, size_t *len)
{
	json_t *root = json_object(), *res = json_object(), *links = json_array();
	size_t i;
	int rc = 0;

	if (root == NULL || res == NULL || links == NULL) {
		json_decref(root);
		json_decref(res);
		json_decref(links);
		return NULL;
	}
	for (i = 0; i < d->n_links; i++) {
		if (d->links[i].token != NULL)
			rc |= json_array_append_new(links, json_pack("{s:s,s:s}",
			    "href", d->links[i].href, "token", d->links[i].token));
	}
	rc |= set(res, "Links", links);
	if (d->sip != NULL)
		rc |= add_sip_access(res, d->sip);
	rc |= set(root, "AccessLocation", json_string(topology_location_name(d->location)));
	rc |= set(root, element_document[d->kind], res);
	if (rc != 0) {
		json_decref(root);
		return NULL;
	}
	return dump(root, JSON_ESCAPE_SLASH, len);
}

char *
render_json_ucwa(const struct document *d, size_t *len)
{
	json_t *root = json_object(), *links = json_object();
	size_t i;
	int rc = 0;

	if (root == NULL || links == NULL) {
		json_decref(root);
		json_decref(links);
		return NULL;
	}
	if (d->self != NULL)
		rc |= set(links, "self", json_pack("{s:s}", "href", d->self));
	for (i = 0; i < d->n_links; i++) {
		if (d->links[i].rel != NULL)
			rc |= set(links, d->links[i].rel,
			    json_pack("{s:s}", "href", d->links[i].href));
	}
	rc |= set(root, "_links", links);
	if (rc != 0) {
		json_decref(root);
		return NULL;
	}
	return dump(root, 0, len);
}
