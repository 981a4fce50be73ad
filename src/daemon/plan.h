/*
 * plan.h: the deployment plan — what DNS, PKI and firewall must provide for
 * a configuration.
 */
#ifndef LD_PLAN_H
#define LD_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "topology.h"

/* Writes the deployment plan for t to out, as text or (json) one JSON document. 0, or -1 with *cause. */
int	 plan_write(const struct topology *t, bool json, FILE *out, char **cause);

#endif
