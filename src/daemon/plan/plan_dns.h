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
/*
 * A whole dnsmasq configuration file serving the records of dns (of what, a
 * phrase for its header) and nothing else, listening on their addresses. 0,
 * or -1 with *cause when no record has an address (the plan's reason).
 */
int	 plan_dns_write_dnsmasq_file(FILE *, json_t *dns, const char *what, char **cause);

#endif
