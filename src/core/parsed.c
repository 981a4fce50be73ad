/* SPDX-License-Identifier: MIT */
/*
 * parsed.c: the representation-neutral link set the document parsers fill
 * (parsed.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "element.h"
#include "parsed.h"

const char *
parsed_link(const struct parsed_doc *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n_links; i++)
		if (strcasecmp(d->links[i].name, name) == 0)
			return d->links[i].href;
	return NULL;
}

int
parsed_add_link(struct parsed_doc *d, const char *name, const char *href)
{
	if (d->n_links == PARSED_MAX_LINKS)
		return -1;
	d->links[d->n_links].name = strdup(name);
	d->links[d->n_links].href = strdup(href);
	d->n_links++;
	return d->links[d->n_links - 1].name && d->links[d->n_links - 1].href ? 0 : -1;
}

int
parsed_set_sip(struct parsed_doc *d, const char *element, const char *fqdn, unsigned port)
{
	int i;

	for (i = 0; i < SIP_ACCESS_COUNT; i++) {
		if (strcmp(element_sip_access[i], element) != 0)
			continue;
		free(d->sip_fqdn[i]);
		d->sip_fqdn[i] = strdup(fqdn);
		d->sip_port[i] = port;
		return d->sip_fqdn[i] ? 0 : -1;
	}
	return 1;	/* not a SIP access element */
}

void
parsed_doc_free(struct parsed_doc *d)
{
	size_t i;

	for (i = 0; i < d->n_links; i++) {
		free(d->links[i].name);
		free(d->links[i].href);
	}
	for (i = 0; i < SIP_ACCESS_COUNT; i++)
		free(d->sip_fqdn[i]);
	free(d->kind);
	free(d->location);
	memset(d, 0, sizeof *d);
}
