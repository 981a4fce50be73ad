/* SPDX-License-Identifier: MIT */
/*
 * plan.h: the deployment plan — what DNS, PKI and firewall must provide for
 * a configuration.
 */
#ifndef LD_PLAN_H
#define LD_PLAN_H

#include <stdio.h>

#include "topology.h"

enum plan_format {
	PLAN_TEXT,	/* for people: DNS, certificates, firewall, hair-pinning, push */
	PLAN_JSON,	/* the whole plan as one JSON document */
	PLAN_HOSTS,	/* the DNS records as /etc/hosts lines */
	PLAN_DNSMASQ,	/* ... as dnsmasq configuration (host-record=) */
	PLAN_BIND	/* ... as BIND zone-file lines */
};

/* The format named text, json, hosts, dnsmasq or bind; -1 for another name. */
int	 plan_format_from_name(const char *);
/* Writes the deployment plan for t to out in format. 0, or -1 with *cause. */
int	 plan_write(const struct topology *t, enum plan_format format, FILE *out, char **cause);

#endif
