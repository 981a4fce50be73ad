/* SPDX-License-Identifier: MIT */
/*
 * plan_dns.h: the plan's DNS records in a form a resolver reads.
 */
#ifndef LD_PLAN_DNS_H
#define LD_PLAN_DNS_H

#include <stdio.h>

#include <jansson.h>

#include "plan.h"

/*
 * The records of the plan's "dns" object in format (hosts, dnsmasq or BIND),
 * the internal zone then the external one, each line after indent.
 */
void	 plan_dns_write(FILE *, json_t *dns, enum plan_format format, const char *indent);

#endif
