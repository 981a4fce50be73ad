/* SPDX-License-Identifier: MIT */
/*
 * plan.h: the deployment plan — what DNS, PKI and firewall must provide for
 * a configuration — as one JSON value (plan.c). Its renderings read that
 * value: text for people (plan_text.h), DNS records for a resolver
 * (plan_dns.h); plan_write.h picks one by format.
 */
#ifndef LD_PLAN_H
#define LD_PLAN_H

#include <jansson.h>

#include "topology.h"

enum plan_format {
	PLAN_TEXT,	/* for people: DNS, certificates, firewall, hair-pinning, push */
	PLAN_JSON,	/* the whole plan as one JSON document */
	PLAN_HOSTS,	/* the DNS records as /etc/hosts lines */
	PLAN_DNSMASQ,	/* ... as dnsmasq configuration (host-record=) */
	PLAN_BIND	/* ... as BIND zone-file lines */
};

/* The plan as one JSON object, or NULL when out of memory. */
json_t	*plan_build(const struct topology *);

/* The string member key of a plan object; "" when there is none (for the renderings). */
static inline const char *
plan_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

#endif
