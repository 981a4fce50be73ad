/* SPDX-License-Identifier: MIT */
/*
 * parse_json.c: MS-OCDISCWS JSON ({"AccessLocation":..,"Root":{"Links":[..],
 * "SipClientExternalAccess":{"fqdn":..,"port":..}}}) and UCWA JSON
 * ({"_links":{"rel":{"href":..}}}) into a parsed_doc.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parse.h"
#include "parsed.h"

static int
fail(char **cause, const char *what)
{
	*cause = strdup(what);
	return -1;
}

static int
parse_ucwa(json_t *root, struct parsed_doc *d, char **cause)
{
	json_t *links = json_object_get(root, "_links"), *v;
	const char *rel;

	if (!json_is_object(links))
		return fail(cause, "UCWA JSON without a \"_links\" object");
	json_object_foreach(links, rel, v) {
		json_t *href = json_object_get(v, "href");

		if (!json_is_string(href))
			return fail(cause, "UCWA JSON link without a string \"href\"");
		if (parsed_add_link(d, rel, json_string_value(href)) != 0)
			return fail(cause, "too many links");
	}
	d->kind = strdup(parsed_link(d, "redirect") ? "redirect" : "resource");
	return 0;
}

static int
parse_resource(json_t *res, struct parsed_doc *d, char **cause)
{
	json_t *v, *links = json_object_get(res, "Links");
	const char *key;
	size_t i;

	if (!json_is_array(links))
		return fail(cause, "MS-OCDISCWS JSON resource without a \"Links\" array");
	json_array_foreach(links, i, v) {
		json_t *t = json_object_get(v, "token"), *h = json_object_get(v, "href");

		if (!json_is_string(t) || !json_is_string(h))
			return fail(cause, "MS-OCDISCWS JSON link without string \"token\" and \"href\"");
		if (parsed_add_link(d, json_string_value(t), json_string_value(h)) != 0)
			return fail(cause, "too many links");
	}
	json_object_foreach(res, key, v) {
		json_t *f = json_object_get(v, "fqdn"), *p = json_object_get(v, "port");

		if (strcmp(key, "Links") == 0)
			continue;
		if (!json_is_string(f) || !json_is_integer(p) || json_integer_value(p) <= 0 ||
		    json_integer_value(p) > 65535)
			return fail(cause, "MS-OCDISCWS JSON SIP access without fqdn and port");
		if (parsed_set_sip(d, key, json_string_value(f), (unsigned)json_integer_value(p)) < 0)
			return fail(cause, "out of memory");
	}
	return 0;
}

static int
parse_ocdisc(json_t *root, struct parsed_doc *d, char **cause)
{
	static const char *const kinds[] = { "Root", "Domain", "User" };
	json_t *loc = json_object_get(root, "AccessLocation");
	size_t i;

	if (json_is_string(loc))
		d->location = strdup(json_string_value(loc));
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		json_t *res = json_object_get(root, kinds[i]);

		if (json_is_object(res)) {
			d->kind = strdup(kinds[i]);
			return parse_resource(res, d, cause);
		}
	}
	return fail(cause, "MS-OCDISCWS JSON without a Root, Domain or User member");
}

int
parse_json_document(const char *body, size_t len, enum representation rep,
    struct parsed_doc *d, char **cause)
{
	json_error_t err;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	int rc;

	if (root == NULL) {
		char buf[256];

		snprintf(buf, sizeof buf, "not JSON: %s (line %d)", err.text, err.line);
		return fail(cause, buf);
	}
	if (!json_is_object(root))
		rc = fail(cause, "JSON that is not an object");
	else
		rc = rep == REP_UCWA_JSON ? parse_ucwa(root, d, cause) : parse_ocdisc(root, d, cause);
	json_decref(root);
	return rc;
}
