/*
 * lab.c: the embedded lab topology.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "util.h"

size_t
lab_default_listeners(struct listener_conf out[4])
{
	static const struct {
		unsigned		 port;
		enum access_location	 loc;
		int			 tls;
	} d[4] = {
		{ LAB_PORT_INTERNAL, ACCESS_INTERNAL, 0 },
		{ LAB_PORT_INTERNAL_TLS, ACCESS_INTERNAL, 1 },
		{ LAB_PORT_EXTERNAL, ACCESS_EXTERNAL, 0 },
		{ LAB_PORT_EXTERNAL_TLS, ACCESS_EXTERNAL, 1 },
	};
	size_t i;

	memset(out, 0, 4 * sizeof *out);
	for (i = 0; i < 4; i++) {
		out[i].address = (char *)"127.0.0.1";	/* borrowed, never freed */
		out[i].port = d[i].port;
		out[i].location = d[i].loc;
		out[i].tls = d[i].tls != 0;
	}
	return 4;
}

static unsigned
link_port(const struct listener_conf *l, size_t n, enum access_location loc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].tls && l[i].location == loc)
			return l[i].port;
	}
	return 443;
}

char *
lab_config_xml(const char *domain, const struct listener_conf *l, size_t n,
    const char *cert_file, const char *key_file, const char *sign_in)
{
	char *x;
	size_t i;

	/* By default the lab signs anyone in: User/OAuth take the user from the sipuri. */
	x = xasprintf_s("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<lyncdiscover>\n"
	    "  <sign-in mode=\"%s\"/>\n", sign_in != NULL ? sign_in : "open");
	for (i = 0; x != NULL && i < n; i++) {
		x = xstrappendf(x, "  <listener address=\"%s\" port=\"%u\" access=\"%s\"",
		    l[i].address, l[i].port,
		    l[i].location == ACCESS_INTERNAL ? "internal" : "external");
		if (l[i].tls)
			x = xstrappendf(x, " tls=\"true\" cert=\"%s\" key=\"%s\"",
			    cert_file, key_file);
		x = xstrappendf(x, "/>\n");
	}
	return xstrappendf(x,
	    "  <pool name=\"pool1\" server-fqdn=\"fe01.%1$s\">\n"
	    "    <internal-web fqdn=\"webint.%1$s\" port=\"%2$u\"/>\n"
	    "    <external-web fqdn=\"webext.%1$s\" port=\"%3$u\"/>\n"
	    "    <sip-server-internal fqdn=\"pool01.%1$s\" port=\"5061\"/>\n"
	    "    <sip-client-internal fqdn=\"pool01.%1$s\" port=\"5061\"/>\n"
	    "    <sip-server-external fqdn=\"sip.%1$s\" port=\"5061\"/>\n"
	    "    <sip-client-external fqdn=\"sip.%1$s\" port=\"443\"/>\n"
	    "  </pool>\n"
	    "  <domain name=\"%1$s\" pool=\"pool1\"/>\n"
	    "</lyncdiscover>\n",
	    domain, link_port(l, n, ACCESS_INTERNAL), link_port(l, n, ACCESS_EXTERNAL));
}
