/* SPDX-License-Identifier: MIT */
/*
 * lab.c: the embedded lab topology, written as a configuration document with
 * libxml2's tree API (which escapes: a TMPDIR or certificate path holding '&'
 * or '"' is just text), and its built-in user directory.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "files.h"
#include "lab.h"
#include "password.h"
#include "password_new.h"
#include "util.h"

#define STR(x) STR_(x)
#define STR_(x) #x

size_t
lab_default_listeners(struct listener_conf out[4])
{
	/* Each is named in messages as what it is: a listener --lab chose. */
	static const struct {
		unsigned		 port;
		enum access_location	 loc;
		int			 tls;
		const char		*flag;
	} d[4] = {
		{ LAB_PORT_INTERNAL, ACCESS_INTERNAL, 0,
		  "--lab (its listener 127.0.0.1:" STR(LAB_PORT_INTERNAL) ")" },
		{ LAB_PORT_INTERNAL_TLS, ACCESS_INTERNAL, 1,
		  "--lab (its listener 127.0.0.1:" STR(LAB_PORT_INTERNAL_TLS) ")" },
		{ LAB_PORT_EXTERNAL, ACCESS_EXTERNAL, 0,
		  "--lab (its listener 127.0.0.1:" STR(LAB_PORT_EXTERNAL) ")" },
		{ LAB_PORT_EXTERNAL_TLS, ACCESS_EXTERNAL, 1,
		  "--lab (its listener 127.0.0.1:" STR(LAB_PORT_EXTERNAL_TLS) ")" },
	};
	size_t i;

	memset(out, 0, 4 * sizeof *out);
	for (i = 0; i < 4; i++) {
		out[i].address = (char *)"127.0.0.1";	/* borrowed, never freed */
		out[i].port = d[i].port;
		out[i].location = d[i].loc;
		out[i].tls = d[i].tls != 0;
		out[i].flag = (char *)d[i].flag;	/* borrowed too */
	}
	return 4;
}

unsigned
lab_link_port(const struct listener_conf *l, size_t n, enum access_location loc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].tls && (l[i].location == loc || l[i].access_mode != ACCESS_FIXED))
			return l[i].port;
	}
	return 443;
}

/* A listener's access attribute: internal, external, auto or by-name. */
static const char *
access_name(const struct listener_conf *l)
{
	if (l->access_mode == ACCESS_BY_NAME)
		return "by-name";
	if (l->access_mode == ACCESS_AUTO)
		return "auto";
	return l->location == ACCESS_INTERNAL ? "internal" : "external";
}

/* A child element with attributes given as name, value pairs, NULL-terminated. */
static xmlNodePtr
element(xmlNodePtr parent, const char *name, ...)
{
	xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
	const char *a, *v;
	va_list ap;

	if (n == NULL)
		return NULL;
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (v != NULL && xmlNewProp(n, BAD_CAST a, BAD_CAST v) == NULL) {
			va_end(ap);
			return NULL;
		}
	}
	va_end(ap);
	return n;
}

/* An element whose attributes are fqdn = PREFIX.domain and port. */
static xmlNodePtr
endpoint(xmlNodePtr parent, const char *name, const char *prefix, const char *domain,
    unsigned port)
{
	char fqdn[300], p[12];

	snprintf(fqdn, sizeof fqdn, "%s.%s", prefix, domain);
	snprintf(p, sizeof p, "%u", port);
	return element(parent, name, "fqdn", fqdn, "port", p, (const char *)NULL);
}

static int
add_listeners(xmlNodePtr root, const struct lab_params *lp)
{
	char port[12];
	size_t i;

	for (i = 0; i < lp->n_listeners; i++) {
		const struct listener_conf *l = &lp->listeners[i];
		bool tls = l->tls;

		snprintf(port, sizeof port, "%u", l->port);
		if (element(root, "listener", "address", l->address, "port", port,
		    "access", access_name(l), "default-access",
		    l->access_mode != ACCESS_BY_NAME ? NULL :
		    l->location == ACCESS_INTERNAL ? "internal" : "external",
		    "advertise", l->advertise,
		    "tls", tls ? "true" : NULL, "cert", tls ? lp->cert_file : NULL,
		    "key", tls ? lp->key_file : NULL, (const char *)NULL) == NULL)
			return -1;
	}
	return 0;
}

static int
add_pool(xmlNodePtr root, const struct lab_params *lp)
{
	const char *d = lp->domain;
	char fe[300];
	xmlNodePtr pool;

	snprintf(fe, sizeof fe, "fe01.%s", d);
	pool = element(root, "pool", "name", "pool1", "server-fqdn", fe, (const char *)NULL);
	if (pool == NULL ||
	    endpoint(pool, "internal-web", "webint", d,
		lab_link_port(lp->listeners, lp->n_listeners, ACCESS_INTERNAL)) == NULL ||
	    endpoint(pool, "external-web", "webext", d,
		lab_link_port(lp->listeners, lp->n_listeners, ACCESS_EXTERNAL)) == NULL ||
	    endpoint(pool, "sip-server-internal", "pool01", d, 5061) == NULL ||
	    endpoint(pool, "sip-client-internal", "pool01", d, 5061) == NULL ||
	    endpoint(pool, "sip-server-external", "sip", d, 5061) == NULL ||
	    endpoint(pool, "sip-client-external", "sip", d, 443) == NULL)
		return -1;
	return element(root, "domain", "name", d, "pool", "pool1", (const char *)NULL) != NULL ?
	    0 : -1;
}

char *
lab_config_xml(const struct lab_params *lp)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc != NULL ? xmlNewNode(NULL, BAD_CAST "lyncdiscover") : NULL;
	xmlChar *text = NULL;
	char *out = NULL;
	int len = 0;

	if (root == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, root);
	/* By default the lab signs anyone in: User/OAuth take the user from the sipuri. */
	if (element(root, "sign-in", "mode", lp->sign_in != NULL ? lp->sign_in : "open",
	    "directory", lp->directory, (const char *)NULL) != NULL &&
	    add_listeners(root, lp) == 0 && add_pool(root, lp) == 0)
		xmlDocDumpFormatMemoryEnc(doc, &text, &len, "utf-8", 1);
	if (text != NULL)
		out = xstrdup((const char *)text);
	xmlFree(text);
	xmlFreeDoc(doc);
	return out;
}

/*
 * The built-in directory: lab users with fixed passwords, hashed now (the
 * daemon's own PBKDF2, PASSWORD_DEFAULT_ITERATIONS: the lab behaves as a
 * deployment does, and two hashes cost well under a second) and written to
 * DIR/users.txt, mode 0600.
 */
char *
lab_write_users(const char *dir, const char *domain, char **cause)
{
	char *path = xasprintf_s("%s/users.txt", dir), *text, *hash;
	size_t i;

	text = xstrdup("# lyncdiscoverd --lab: the built-in lab users (user, home pool, password hash)\n");
	for (i = 0; text != NULL && i < LAB_N_USERS; i++) {
		if ((hash = password_new_hash(lab_users[i].password, PASSWORD_DEFAULT_ITERATIONS)) == NULL) {
			free(text);
			text = NULL;
			break;
		}
		text = xstrappendf(text, "%s@%s pool1 %s\n", lab_users[i].name, domain, hash);
		free(hash);
	}
	if (path == NULL || text == NULL) {
		*cause = xstrdup("out of memory (or no random bytes) making the lab users");
		goto fail;
	}
	/* Written anew each start (fresh salts); the lab directory outlives the process. */
	if (files_write_atomically(path, text, strlen(text), 0600, cause) != 0)
		goto fail;
	free(text);
	return path;
fail:
	free(text);
	free(path);
	return NULL;
}

const struct lab_user lab_users[LAB_N_USERS] = {
	{ "alice", "alice-lab-pw" },
	{ "bob", "bob-lab-pw" },
};
