/* SPDX-License-Identifier: MIT */
/*
 * probe_walk.c: the walk a client makes — Root (plain-HTTP first hop when
 * HTTPS fails), Redirects followed with a loop limit, User/OAuth, the 401
 * challenge, a token when a password is given, the User document — and the
 * diagnosis of each step. Records hops and problems in a probe_walk; prints
 * nothing.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "element.h"
#include "probe_http.h"
#include "probe_schema.h"
#include "probe_hop.h"
#include "probe_webticket.h"
#include "representation.h"

struct walker {
	const struct probe_options	*opt;
	struct probe_walk		*w;
	const char			*sipuri;	/* user@domain, NULL for a domain or URL */
	bool				 external;
	char				*visited[PROBE_MAX_HOPS];
	size_t				 n_visited;
	size_t				 redirects;
};

/* One exchange of the walk (a Bearer token, a web ticket, or none); the hop is recorded. */
static int
exchange(struct walker *k, const char *url, const char *credential, const char *post,
    struct probe_response *r, struct probe_hop **hop)
{
	const char *accept = post ? "application/json" : representation_content_type(k->w->rep);
	const char *headers[2] = { NULL, NULL };
	char *line = NULL;
	int rc;

	if (credential != NULL && asprintf(&line, "%s: %s", k->w->webticket ?
	    "X-MS-WebTicket" : "Authorization", credential) < 0)
		line = NULL;
	headers[0] = line;
	rc = probe_hop_exchange(k->opt, k->w, url, accept, headers, post, r, hop);
	free(line);
	return rc;
}

static bool
is_redirect(const struct parsed_doc *d)
{
	return parsed_link(d, "redirect") != NULL;
}

/* Parses and validates the 200 body of hop h. */
static int
read_document(struct walker *k, struct probe_hop *h, const struct probe_response *r,
    struct parsed_doc *d)
{
	char *cause = NULL;

	if (r->status != 200) {
		probe_problems_add(k->w, "http-status", "%s answered %ld, not 200", h->url, r->status);
		return -1;
	}
	if (parse_document(r->body ? r->body : "", r->len, k->w->rep, d, &cause) != 0 ||
	    probe_schema_validate(k->w->rep, r->body ? r->body : "", r->len, &cause) != 0) {
		probe_problems_add(k->w, "invalid-document", "%s: %s (asked for %s)", h->url,
		    cause ? cause : "unreadable", representation_name(k->w->rep));
		free(cause);
		return -1;
	}
	if (k->external && d->location != NULL && strcasecmp(d->location, "Internal") == 0)
		probe_problems_add(k->w, "internal-links-external",
		    "%s answered an external client with AccessLocation=Internal", h->url);
	if (strncasecmp(h->url, "http:", 5) == 0 && !is_redirect(d))
		probe_problems_add(k->w, "http-only",
		    "%s answered over plain HTTP with a document, not a Redirect to HTTPS", h->url);
	return 0;
}

/* Loop and length checks before following url. */
static int
may_follow(struct walker *k, const char *url)
{
	size_t i;

	for (i = 0; i < k->n_visited; i++)
		if (strcmp(k->visited[i], url) == 0) {
			probe_problems_add(k->w, "redirect-loop", "the Redirect to %s goes back to a "
			    "document already visited (after %zu Redirects)", url, k->redirects);
			return -1;
		}
	if (k->redirects > PROBE_REDIRECT_LIMIT) {
		probe_problems_add(k->w, "redirect-chain-too-long", "more than %d Redirects (last: %s)",
		    PROBE_REDIRECT_LIMIT, url);
		return -1;
	}
	if (k->n_visited < PROBE_MAX_HOPS)
		k->visited[k->n_visited++] = strdup(url);
	return 0;
}

/* The Root at url, Redirects followed; the final Root in *d. */
static int
walk_root(struct walker *k, const char *url, struct parsed_doc *d)
{
	char *cur = strdup(url);

	memset(d, 0, sizeof *d);
	while (cur != NULL) {
		struct probe_response r;
		struct probe_hop *h;
		const char *next;
		int rc;

		if (may_follow(k, cur) != 0)
			break;
		rc = exchange(k, cur, NULL, NULL, &r, &h);
		if (rc == 0)
			rc = read_document(k, h, &r, d);
		probe_http_response_free(&r);
		if (rc != 0)
			break;
		if ((next = parsed_link(d, "redirect")) == NULL) {
			probe_hop_note(h, "Root%s", "");
			free(cur);
			k->w->root_reached = true;
			return 0;
		}
		probe_hop_note(h, "Redirect -> %s", next);
		k->redirects++;
		free(cur);
		cur = strdup(next);
		parsed_doc_free(d);
	}
	free(cur);
	parsed_doc_free(d);
	return -1;
}

/* The value of name="..." in a challenge (a copy), or NULL. */
static char *
challenge_param(const char *www, const char *scheme, const char *name)
{
	const char *s = www ? strcasestr(www, scheme) : NULL, *p, *e;
	char pat[64];

	if (s == NULL)
		return NULL;
	snprintf(pat, sizeof pat, "%s=\"", name);
	if ((p = strcasestr(s, pat)) == NULL || (e = strchr(p + strlen(pat), '"')) == NULL)
		return NULL;
	p += strlen(pat);
	return strndup(p, (size_t)(e - p));
}

/* POSTs the password grant; the access token, or NULL (problem recorded). */
static char *
get_token(struct walker *k, const char *href)
{
	CURL *c = curl_easy_init();
	char *u = c ? curl_easy_escape(c, k->sipuri, 0) : NULL;
	char *p = c ? curl_easy_escape(c, k->opt->password, 0) : NULL;
	char *form = NULL, *token = NULL;
	struct probe_response r = { 0 };
	struct probe_hop *h;

	if (u != NULL && p != NULL &&
	    asprintf(&form, "grant_type=password&username=%s&password=%s", u, p) > 0 &&
	    exchange(k, href, NULL, form, &r, &h) == 0) {
		json_t *j = json_loadb(r.body ? r.body : "", r.len, 0, NULL);
		json_t *t = json_object_get(j, "access_token");

		if (r.status == 200 && json_is_string(t)) {
			token = strdup(json_string_value(t));
			probe_hop_note(h, "token for %s", k->sipuri);
		} else {
			json_t *e = json_object_get(j, "error_description");

			probe_problems_add(k->w, "token-refused", "%s refused the password of %s (%ld%s%s)",
			    href, k->sipuri, r.status, json_is_string(e) ? ": " : "",
			    json_is_string(e) ? json_string_value(e) : "");
		}
		json_decref(j);
	}
	probe_http_response_free(&r);
	if (form != NULL)
		memset(form, 0, strlen(form));
	free(form);
	curl_free(u);
	if (p != NULL)
		memset(p, 0, strlen(p));
	curl_free(p);
	if (c != NULL)
		curl_easy_cleanup(c);
	return token;
}

/*
 * Checks a 401: the challenges clients need — for the OAuth flavour the
 * MsRtcOAuth href with a password grant and Bearer, for the web-ticket
 * flavour X-MS-WebTicketURL. Returns where the credential comes from (the
 * token endpoint, the Web Ticket Service; a copy) or NULL.
 */
static char *
judge_challenge(struct walker *k, struct probe_hop *h, const struct probe_response *r,
    bool *ok)
{
	char *href = challenge_param(r->www_authenticate, "MsRtcOAuth", "href");
	char *grants = challenge_param(r->www_authenticate, "MsRtcOAuth", "grant_type");
	bool bearer = r->www_authenticate && strcasestr(r->www_authenticate, "Bearer") != NULL;

	if (k->w->webticket) {
		*ok = r->webticket_url != NULL;
		free(href);
		href = *ok ? strdup(r->webticket_url) : NULL;
	} else
		*ok = href != NULL && grants != NULL && strstr(grants, "password") != NULL && bearer;
	if (!*ok)
		probe_problems_add(k->w, "challenge-missing", "%s: the 401 carries %s%s%s", h->url,
		    r->www_authenticate ? "WWW-Authenticate: " : "no WWW-Authenticate",
		    r->www_authenticate ? r->www_authenticate : "", k->w->webticket ?
		    "; web-ticket clients need X-MS-WebTicketURL" :
		    "; clients need MsRtcOAuth href and a password grant_type with Bearer");
	else
		probe_hop_note(h, "401: %s", href);
	free(grants);
	return *ok ? href : (free(href), NULL);
}

/* The credential for the User at url: a token's "Bearer TOKEN", or a web ticket's "opaque=...". */
static char *
credential(struct walker *k, const char *from, const char *url)
{
	char *token, *c = NULL;

	if (k->w->webticket)
		return probe_webticket(k->opt, k->w, from, url, k->sipuri);
	if ((token = get_token(k, from)) != NULL && asprintf(&c, "Bearer %s", token) < 0)
		c = NULL;
	if (token != NULL)
		memset(token, 0, strlen(token));
	free(token);
	return c;
}

/* The User after its 401: why the service's own credential was refused. */
static void
judge_refused(struct walker *k, const struct probe_response *r, const char *url)
{
	if (!k->w->webticket || (r->status != 401 && r->status != 403))
		return;
	probe_problems_add(k->w, "webticket-rejected", "%s refused the web ticket of its own "
	    "service (%ld%s%s)", url, r->status, r->diagnostics ? ": " : "",
	    r->diagnostics ? r->diagnostics : "");
}

/* The User document of the sound user link; 1 when it is a Redirect (in *d), 0 done, -1 failed. */
static int
walk_user(struct walker *k, const char *url, struct parsed_doc *d)
{
	struct probe_response r;
	struct probe_hop *h;
	char *cred = NULL, *from = NULL;
	bool ok;
	int rc = -1;

	if (exchange(k, url, NULL, NULL, &r, &h) != 0)
		goto out;
	if (r.status == 401) {
		from = judge_challenge(k, h, &r, &ok);
		probe_http_response_free(&r);
		if (!ok)
			goto out;
		if (k->opt->password == NULL || k->sipuri == NULL) {
			probe_hop_note(h, "401: %s (no password given: the walk ends here)", from);
			rc = 0;
			goto out;
		}
		if ((cred = credential(k, from, url)) == NULL ||
		    exchange(k, url, cred, NULL, &r, &h) != 0)
			goto out;
		judge_refused(k, &r, url);
	}
	rc = read_document(k, h, &r, d);
	probe_http_response_free(&r);
	if (rc != 0)
		goto out;
	if (is_redirect(d)) {
		probe_hop_note(h, "User Redirect -> %s", parsed_link(d, "redirect"));
		rc = 1;
		goto out;
	}
	probe_hop_note(h, "User%s", k->w->webticket ? " (web ticket)" : "");
	k->w->user.reached = true;
	rc = 0;
out:
	if (cred != NULL)
		memset(cred, 0, strlen(cred));
	free(cred);
	free(from);
	return rc;
}

/*
 * The link to the User of the walk's flavour: OAuth (.../root/oauth/user)
 * for a token, User (.../root/user) for a web ticket; UCWA's one user link
 * (oauth/user, which takes a web ticket too) for both.
 */
static const char *
user_link(const struct walker *k, const struct parsed_doc *d)
{
	const char *u = k->w->webticket ? NULL : parsed_link(d, "OAuth");

	return u != NULL ? u : parsed_link(d, "user");
}

/*
 * Clients connect to a SipClient*Access only (the SipServer* ones are
 * reserved, doc/protocol.md §6), and to the one of the document's
 * AccessLocation: sipe takes SipClientInternalAccess when Internal,
 * SipClientExternalAccess when External, either when the attribute is absent.
 */
static void
judge_user(struct walker *k, const struct parsed_doc *d)
{
	bool ucwa = k->w->rep == REP_UCWA_JSON || k->w->rep == REP_UCWA_XML;
	/* Internal, External, or (absent or unknown) both. */
	bool in = d->location == NULL || strcasecmp(d->location, "External") != 0;
	bool ex = d->location == NULL || strcasecmp(d->location, "Internal") != 0;

	if (ucwa) {
		if (parsed_link(d, "applications") == NULL)
			probe_problems_add(k->w, "user-without-access",
			    "the UCWA User resource has no applications link");
		return;
	}
	if ((in && d->sip_fqdn[SIP_CLIENT_INTERNAL] != NULL) ||
	    (ex && d->sip_fqdn[SIP_CLIENT_EXTERNAL] != NULL))
		return;
	if (in && ex)
		probe_problems_add(k->w, "user-without-access", "the User document names no SIP access "
		    "point for clients (SipClientInternalAccess or SipClientExternalAccess)");
	else
		probe_problems_add(k->w, "user-without-access", "the User document (AccessLocation=%s) "
		    "names no %s, the SIP access point clients there connect to", d->location,
		    element_sip_access[in ? SIP_CLIENT_INTERNAL : SIP_CLIENT_EXTERNAL]);
}

/* Root, then the User (following User Redirects back to a Root). */
static int
walk_chain(struct walker *k, const char *root_url)
{
	char *cur = strdup(root_url);
	int rc = -1;

	while (cur != NULL) {
		struct parsed_doc root, user;
		const char *ul;
		int ur;

		memset(&user, 0, sizeof user);
		if (walk_root(k, cur, &root) != 0)
			break;
		if ((ul = user_link(k, &root)) == NULL) {
			probe_problems_add(k->w, "invalid-document", "the Root offers no User or OAuth link");
			parsed_doc_free(&root);
			break;
		}
		ur = walk_user(k, ul, &user);
		parsed_doc_free(&root);
		free(cur);
		cur = NULL;
		if (ur == 1) {
			k->redirects++;
			cur = strdup(parsed_link(&user, "redirect"));
			parsed_doc_free(&user);
			continue;
		}
		if (ur == 0 && k->w->user.reached) {
			judge_user(k, &user);
			k->w->user.doc = user;
		} else
			parsed_doc_free(&user);
		rc = ur;
	}
	free(cur);
	return rc;
}

/* The Root URL of a location's name over scheme, with the sipuri when known. */
static char *
root_url(const char *scheme, const char *host, const char *sipuri)
{
	char *u = NULL;

	if (asprintf(&u, "%s://%s/%s%s", scheme, host, sipuri ? "?sipuri=" : "",
	    sipuri ? sipuri : "") < 0)
		return NULL;
	return u;
}

/* Whether p says nothing listens (as opposed to a TLS or document problem). */
static bool
refused(const struct probe_problem *p)
{
	return strcmp(p->code, "connection-refused") == 0 || strcmp(p->code, "connection-timeout") == 0;
}

/*
 * The first hop of a location: HTTPS, and plain HTTP when HTTPS fails, as
 * clients do. When the plain-HTTP Root answers, the HTTPS failure is kept as
 * a hop but not as a problem (Microsoft supports that first hop).
 */
static int
walk_location(struct walker *k, const char *host)
{
	char *https = root_url("https", host, k->sipuri), *http = root_url("http", host, k->sipuri);
	size_t problems;
	int rc = -1;

	if (https == NULL || http == NULL)
		goto out;
	rc = walk_chain(k, https);
	if (rc == 0 || k->w->root_reached || k->w->n_hops != 1)
		goto out;
	/* The HTTPS first hop failed before any document: try plain HTTP. */
	problems = k->w->n_problems;
	k->redirects = 0;
	rc = walk_chain(k, http);
	if (k->w->root_reached && problems > 0) {
		free(k->w->problems[0].message);
		memmove(&k->w->problems[0], &k->w->problems[1],
		    (k->w->n_problems - 1) * sizeof k->w->problems[0]);
		k->w->n_problems--;
		probe_hop_note(&k->w->hops[0], "HTTPS first hop failed; clients fall back to plain HTTP%s", "");
	} else if (!k->w->root_reached && k->w->n_hops > 1 && k->w->hops[1].status == 200 &&
	    k->w->n_problems > 0 && refused(&k->w->problems[0]) &&
	    refused(&k->w->problems[k->w->n_problems - 1]))
		probe_problems_add(k->w, "http-only", "%s answers over plain HTTP, but %s does not answer "
		    "over HTTPS", http, https);
	if (k->w->n_problems > 1 && strcmp(k->w->problems[k->w->n_problems - 1].code, "http-only") == 0) {
		struct probe_problem last = k->w->problems[k->w->n_problems - 1];	/* the verdict */

		memmove(&k->w->problems[1], &k->w->problems[0],
		    (k->w->n_problems - 1) * sizeof last);
		k->w->problems[0] = last;
	}
out:
	free(https);
	free(http);
	return rc;
}

int
probe_walk_run(const struct probe_options *opt, enum representation rep, bool webticket,
    enum probe_where one, struct probe_walk *w)
{
	struct walker k = { .opt = opt, .w = w };
	const char *t = opt->target, *at = strchr(t, '@'), *domain;
	char host[300], user[300];
	size_t i;
	int rc;

	memset(w, 0, sizeof *w);
	w->rep = rep;
	w->webticket = webticket;
	if (strstr(t, "://") != NULL) {
		const char *q = strstr(t, "sipuri=");

		w->location = "url";
		k.external = false;
		if (q != NULL) {	/* the user of a URL is its sipuri */
			snprintf(user, sizeof user, "%.*s", (int)strcspn(q + 7, "&#"), q + 7);
			k.sipuri = user;
		}
		rc = walk_chain(&k, t);
	} else {
		if (strncasecmp(t, "sip:", 4) == 0)
			t += 4, at = strchr(t, '@');
		snprintf(user, sizeof user, "%s", t);
		k.sipuri = at != NULL ? user : NULL;
		domain = at != NULL ? at + 1 : t;
		k.external = one == PROBE_EXTERNAL_ONLY;
		w->location = k.external ? "external" : "internal";
		snprintf(host, sizeof host, "%s%s", k.external ? "lyncdiscover." :
		    "lyncdiscoverinternal.", domain);
		rc = walk_location(&k, host);
	}
	for (i = 0; i < k.n_visited; i++)
		free(k.visited[i]);
	return rc == 0 && strcmp(probe_problems_verdict(w), "ok") == 0 ? 0 : -1;
}

void
probe_walk_free(struct probe_walk *w)
{
	size_t i;

	for (i = 0; i < w->n_hops; i++) {
		free(w->hops[i].method);
		free(w->hops[i].url);
		free(w->hops[i].tls.names);
		free(w->hops[i].tls.trust_error);
		free(w->hops[i].note);
	}
	for (i = 0; i < w->n_problems; i++)
		free(w->problems[i].message);
	parsed_doc_free(&w->user.doc);
	memset(w, 0, sizeof *w);
}
