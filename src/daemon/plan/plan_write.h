/* SPDX-License-Identifier: MIT */
/*
 * plan_write.h: the deployment plan written in the format asked for
 * (lyncdiscoverd plan --format).
 */
#ifndef LD_PLAN_WRITE_H
#define LD_PLAN_WRITE_H

#include <stdio.h>

#include "plan.h"
#include "topology.h"

/* The format named text, json, hosts, dnsmasq or bind; -1 for another name. */
int	 plan_write_format(const char *name);
/* Writes the deployment plan for t to out in format. 0, or -1 with *cause. */
int	 plan_write(const struct topology *t, enum plan_format format, FILE *out, char **cause);

#endif
