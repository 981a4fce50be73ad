/* SPDX-License-Identifier: MIT */
/*
 * probe_compare.c: --all-representations — whether the four walks end where
 * a client would: the User document reached or not, and what clients take
 * from it: its SIP access points (fqdn and port), its AccessLocation and its
 * web links (the href of each token or relation). Each representation is
 * stood for by its last walk (the location that worked, or the last one
 * tried) and compared with the representations before it; the first
 * difference — the User reached or not, the location it was reached at,
 * then its contents — is recorded in the later walk as
 * representations-differ, naming what differs, the two representations and
 * both values.
 *
 * Differences the protocol makes between the representations do not count
 * (doc/protocol.md):
 *  - the UCWA flavours carry no SIP access points and no AccessLocation
 *    (§4.3): those are compared between the two MS-OCDISCWS representations
 *    only;
 *  - the two families name their links differently — MS-OCDISCWS tokens
 *    (Internal/Ucwa, External/XFrame, Ucwa, Mcx...) against UCWA relations
 *    (applications, xframe) (§5), and a UCWA applications link may even be
 *    the OAuth flavour of the Ucwa token's (§4.2, §11.4): within a family
 *    the links must be the same set with the same hrefs; across families
 *    only a link both carry under the same name is compared (names are
 *    matched case-insensitively, as clients match tokens, §5): XFrame and
 *    xframe;
 *  - Self / self, the address of the document itself: informational (§5),
 *    and the UCWA flavours may add hints such as originalDomain to it (§2.1):
 *    never compared.
 */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "element.h"
#include "probe.h"
#include "representation.h"

static bool
ocdiscws(enum representation rep)
{
	return rep == REP_AUTODISCOVER_XML || rep == REP_AUTODISCOVER_JSON;
}

static bool
compared(const char *link_name)
{
	return strcasecmp(link_name, "self") != 0;
}

/* Records in b that what is va in a and vb in b (NULL: absent). Returns 1. */
static int
differ(const struct probe_walk *a, struct probe_walk *b, const char *what, const char *va,
    const char *vb)
{
	probe_problems_add(b, "representations-differ", "%s: %s in %s, %s in %s", what,
	    va != NULL ? va : "absent", representation_name(a->rep),
	    vb != NULL ? vb : "absent", representation_name(b->rep));
	return 1;
}

static const char *
sip_text(const struct parsed_doc *d, int s, char *buf, size_t size)
{
	if (d->sip_fqdn[s] == NULL)
		return NULL;
	snprintf(buf, size, "%s:%u", d->sip_fqdn[s], d->sip_port[s]);
	return buf;
}

static int
compare_sip(const struct probe_walk *a, struct probe_walk *b)
{
	const struct parsed_doc *da = &a->user.doc, *db = &b->user.doc;
	char va[300], vb[300], what[64];
	int s;

	for (s = 0; s < SIP_ACCESS_COUNT; s++) {
		const char *ta = sip_text(da, s, va, sizeof va), *tb = sip_text(db, s, vb, sizeof vb);

		if (ta == NULL && tb == NULL)
			continue;
		/* DNS names are case-insensitive. */
		if (ta != NULL && tb != NULL && strcasecmp(ta, tb) == 0)
			continue;
		snprintf(what, sizeof what, "SIP access point %s", element_sip_access[s]);
		return differ(a, b, what, ta, tb);
	}
	if ((da->location == NULL) != (db->location == NULL) ||
	    (da->location != NULL && strcasecmp(da->location, db->location) != 0))
		return differ(a, b, "AccessLocation", da->location, db->location);
	return 0;
}

/* The first compared link of from that to carries with another href (or, when all, not at all). */
static const struct parsed_link *
link_differing(const struct parsed_doc *from, const struct parsed_doc *to, bool all)
{
	size_t i;

	for (i = 0; i < from->n_links; i++) {
		const struct parsed_link *l = &from->links[i];
		const char *h = parsed_link(to, l->name);

		if (compared(l->name) && (h != NULL ? strcmp(h, l->href) != 0 : all))
			return l;
	}
	return NULL;
}

static int
compare_links(const struct probe_walk *a, struct probe_walk *b, bool same_family)
{
	const struct parsed_doc *da = &a->user.doc, *db = &b->user.doc;
	const struct parsed_link *l;
	char what[300];

	if ((l = link_differing(da, db, same_family)) != NULL) {
		snprintf(what, sizeof what, "link %s", l->name);
		return differ(a, b, what, l->href, parsed_link(db, l->name));
	}
	/* What b alone carries (a link both carry was compared above). */
	if ((l = link_differing(db, da, same_family)) != NULL) {
		snprintf(what, sizeof what, "link %s", l->name);
		return differ(a, b, what, parsed_link(da, l->name), l->href);
	}
	return 0;
}

/* Compares b with a; the first difference is recorded in b. Returns 1 when there was one. */
static int
compare_pair(const struct probe_walk *a, struct probe_walk *b)
{
	bool same_family = ocdiscws(a->rep) == ocdiscws(b->rep);

	if (a->user.reached != b->user.reached)
		return differ(a, b, "the User document", a->user.reached ? "reached" : "not reached",
		    b->user.reached ? "reached" : "not reached");
	if (!a->user.reached)
		return 0;
	/* Reached inside for one, only outside for the other. */
	if (strcmp(a->location, b->location) != 0)
		return differ(a, b, "the location that answers", a->location, b->location);
	if (same_family && ocdiscws(a->rep) && compare_sip(a, b) != 0)
		return 1;
	return compare_links(a, b, same_family);
}

/* The walks of one flavour (--sign-in both walks each representation twice) compared. */
static void
compare_flavour(struct probe_walk *ws, size_t n, bool webticket)
{
	struct probe_walk *last[REP_COUNT] = { NULL };
	size_t i, j, k = 0;

	for (i = 0; i < n; i++)
		if (ws[i].webticket == webticket)
			last[ws[i].rep] = &ws[i];
	for (i = 0; i < REP_COUNT; i++)
		if (last[i] != NULL)
			last[k++] = last[i];
	for (j = 1; j < k; j++)
		for (i = 0; i < j; i++)
			if (compare_pair(last[i], last[j]) != 0)
				break;
}

void
probe_compare(struct probe_walk *ws, size_t n)
{
	compare_flavour(ws, n, false);
	compare_flavour(ws, n, true);
}
