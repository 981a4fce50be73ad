/* SPDX-License-Identifier: MIT */
/*
 * plan_render.h: the renderings of the deployment plan, which plan.c builds
 * once as a JSON value: text for people (plan_text.c) and the DNS records
 * for a resolver (plan_dns.c).
 */
#ifndef LD_PLAN_RENDER_H
#define LD_PLAN_RENDER_H

#include <stdio.h>

#include <jansson.h>

#include "plan.h"
#include "topology.h"

/* The plan as one JSON object, or NULL when out of memory. */
json_t		*plan_build(const struct topology *);
/* The string member key of o; "" when there is none. */
const char	*plan_str(json_t *o, const char *key);
void		 plan_text_write(FILE *, json_t *plan);
/*
 * The records of the plan's "dns" object in format (hosts, dnsmasq or BIND),
 * the internal zone then the external one, each line after indent.
 */
void		 plan_dns_write(FILE *, json_t *dns, enum plan_format format, const char *indent);

#endif
