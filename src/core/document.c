/* SPDX-License-Identifier: MIT */
/*
 * document.c: which links each resource carries, and where they point
 * (document.h).
 *
 * Hrefs use the web services FQDN of the pool for the access location that
 * received the request (doc/protocol.md §1.3): internal listener, internal web
 * services; external listener, external web services.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "route.h"
#include "util.h"

static int
add_link(struct document *d, const char *token, const char *rel, char *href)
{
	if (href == NULL || d->n_links == DOCUMENT_MAX_LINKS) {
		free(href);
		return -1;
	}
	d->links[d->n_links].token = token;
	d->links[d->n_links].rel = rel;
	d->links[d->n_links].href = href;
	d->n_links++;
	return 0;
}

static const char *
base(const struct pool *p, enum access_location loc)
{
	return p->web[loc].base;
}

static void
document_init(struct document *d, enum document_kind kind, enum access_location loc)
{
	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->location = loc;
}

/*
 * Appends the hints a client carries from hop to hop ("?sipuri=..&originalDomain=..")
 * to url, which it takes over (NULL in, NULL out). sipuri is percent-encoded except for the characters that are safe in
 * a query value ('@' stays raw, as pidgin-sipe sends it).
 */
static char *
with_query(char *url, const char *sipuri, const char *original_domain)
{
	char enc[3 * 256 + 1];
	const char *sep = url != NULL && strchr(url, '?') != NULL ? "&" : "?";
	char *out = url;

	if (out != NULL && sipuri != NULL && *sipuri != '\0') {
		if (query_encode(sipuri, enc, sizeof enc) != 0) {
			free(out);
			return NULL;
		}
		out = xstrappendf(out, "%ssipuri=%s", sep, enc);
		sep = "&";
	}
	if (out != NULL && original_domain != NULL)
		out = xstrappendf(out, "%soriginalDomain=%s", sep, original_domain);
	return out;
}

int
document_root(struct document *d, const struct pool *p, enum access_location loc,
    const char *original_domain, const char *user_sipuri)
{
	const char *b = base(p, loc);
	int rc = 0;

	document_init(d, DOC_ROOT, loc);
	/* Open sign-in: self keeps the sipuri, or following it would lose the user. */
	d->self = with_query(xasprintf_s("%s" PATH_ROOT, b), user_sipuri, original_domain);
	if (d->self == NULL)
		return -1;
	rc |= add_link(d, "Domain", NULL, xasprintf_s("%s" PATH_DOMAIN, b));
	rc |= add_link(d, "User", NULL,
	    with_query(xasprintf_s("%s" PATH_USER, b), user_sipuri, NULL));
	rc |= add_link(d, "OAuth", NULL,
	    with_query(xasprintf_s("%s" PATH_OAUTH, b), user_sipuri, NULL));
	/* UCWA: "user" is the OAuth resource, and carries originalDomain (§4.3). */
	rc |= add_link(d, NULL, "user",
	    with_query(xasprintf_s("%s" PATH_OAUTH, b), user_sipuri, original_domain));
	rc |= add_link(d, NULL, "xframe", xasprintf_s("%s" PATH_XFRAME, b));
	return rc;
}

/*
 * The UCWA part of a Root that redirects: the answering server's own self
 * and xframe before the redirect, as SfB Online sends them
 * ({"_links":{"self":..,"xframe":..,"redirect":..}}, tests/conformance);
 * a web client can load the XFrame from the first answer. The MS-OCDISCWS
 * flavours carry the Redirect link alone (§3.1.5.2: a single Link).
 */
static int
redirect_from(struct document *d, const struct pool *p, enum access_location loc,
    const char *original_domain, char *redirect)
{
	const char *b = base(p, loc);

	document_init(d, DOC_ROOT, loc);
	if ((d->self = with_query(xasprintf_s("%s" PATH_ROOT, b), NULL, original_domain)) == NULL) {
		free(redirect);
		return -1;
	}
	return add_link(d, NULL, "xframe", xasprintf_s("%s" PATH_XFRAME, b)) |
	    add_link(d, "Redirect", "redirect", redirect);
}

int
document_root_redirect_to(struct document *d, const struct pool *p, enum access_location loc,
    const char *url, const char *sipuri, const char *original_domain)
{
	/* The hosting provider's Root: the hints go along, as for the HTTPS hop. */
	return redirect_from(d, p, loc, original_domain,
	    with_query(xstrdup(url), sipuri, original_domain));
}

int
document_root_redirect(struct document *d, const struct pool *p,
    enum access_location loc, const char *sipuri, const char *original_domain)
{
	return redirect_from(d, p, loc, original_domain,
	    with_query(xasprintf_s("%s" PATH_ROOT, base(p, loc)), sipuri, original_domain));
}

int
document_domain(struct document *d, const struct pool *p, enum access_location loc)
{
	const char *in = base(p, ACCESS_INTERNAL), *ex = base(p, ACCESS_EXTERNAL);
	int rc = 0;

	document_init(d, DOC_DOMAIN, loc);
	d->sip = p->sip;
	rc |= add_link(d, "Internal/Autodiscover", NULL, xasprintf_s("%s" PATH_ROOT, in));
	rc |= add_link(d, "External/Autodiscover", NULL, xasprintf_s("%s" PATH_ROOT, ex));
	rc |= add_link(d, "Internal/AuthBroker", NULL, xasprintf_s("%s" PATH_AUTHBROKER, in));
	rc |= add_link(d, "External/AuthBroker", NULL, xasprintf_s("%s" PATH_AUTHBROKER, ex));
	rc |= add_link(d, "Internal/Ucwa", NULL, xasprintf_s("%s" PATH_UCWA, in));
	rc |= add_link(d, "External/Ucwa", NULL, xasprintf_s("%s" PATH_UCWA, ex));
	return rc;
}

/* The User or OAuth URL asked; in open sign-in with the sipuri that names the user. */
static char *
user_self(const struct pool *p, enum access_location loc, bool oauth, const char *sipuri)
{
	return with_query(xasprintf_s("%s%s", base(p, loc), oauth ? PATH_OAUTH : PATH_USER),
	    sipuri, NULL);
}

/* Both flavours of a link that exists internally and externally, external first (§4.1 D). */
static int
add_pair(struct document *d, const char *ext_token, const char *int_token, const char *path,
    const char *ext_base, const char *int_base)
{
	return add_link(d, ext_token, NULL, xasprintf_s("%s%s", ext_base, path)) |
	    add_link(d, int_token, NULL, xasprintf_s("%s%s", int_base, path));
}

int
document_user(struct document *d, const struct pool *p, enum access_location loc, bool oauth,
    bool mobility_internal, const char *sipuri)
{
	const char *in = base(p, ACCESS_INTERNAL), *ex = base(p, ACCESS_EXTERNAL);
	/* The mobility policy: where mobile clients inside are sent (Mcx, bare Ucwa). */
	const char *mobile = loc == ACCESS_INTERNAL && mobility_internal ? in : ex;
	int rc = 0;

	document_init(d, DOC_USER, loc);
	d->sip = p->sip;
	if ((d->self = user_self(p, loc, oauth, sipuri)) == NULL)
		return -1;
	rc |= add_pair(d, "External/Autodiscover", "Internal/Autodiscover", PATH_ROOT, ex, in);
	rc |= add_pair(d, "External/AuthBroker", "Internal/AuthBroker", PATH_AUTHBROKER, ex, in);
	rc |= add_pair(d, "External/WebScheduler", "Internal/WebScheduler", PATH_SCHEDULER, ex, in);
	rc |= add_pair(d, "External/Mcx", "Internal/Mcx", PATH_MCX, ex, mobile);
	rc |= add_pair(d, "External/Ucwa", "Internal/Ucwa", PATH_UCWA, ex, in);
	rc |= add_link(d, "Ucwa", NULL, xasprintf_s("%s" PATH_UCWA, mobile));
	/* UCWA: the applications resource — the OAuth flavour for the OAuth resource (§11.4). */
	rc |= add_link(d, NULL, "applications",
	    xasprintf_s("%s%s", base(p, loc), oauth ? PATH_UCWA_OAUTH : PATH_UCWA));
	rc |= add_pair(d, "External/XFrame", "Internal/XFrame", PATH_XFRAME, ex, in);
	rc |= add_link(d, "XFrame", "xframe", xasprintf_s("%s" PATH_XFRAME, base(p, loc)));
	rc |= add_link(d, "Self", NULL, user_self(p, loc, oauth, sipuri));
	return rc;
}

int
document_user_redirect(struct document *d, const struct pool *p, enum access_location loc,
    bool oauth, const char *url, const char *sipuri)
{
	document_init(d, DOC_USER, loc);
	if ((d->self = user_self(p, loc, oauth, sipuri)) == NULL)
		return -1;
	return add_link(d, "Redirect", "redirect", with_query(xstrdup(url), sipuri, NULL));
}

void
document_free(struct document *d)
{
	size_t i;

	for (i = 0; i < d->n_links; i++)
		free(d->links[i].href);
	free(d->self);
	d->n_links = 0;
	d->self = NULL;
}
