/* SPDX-License-Identifier: MIT */
/*
 * probe_schema.h: validates a fetched XML document in-process (libxml2) against
 * the schemas shipped in data/ (embedded at build time, see Makefile.am).
 */
#ifndef LD_PROBE_SCHEMA_H
#define LD_PROBE_SCHEMA_H

#include <stddef.h>

#include "topology.h"

/* 0 when valid (or rep is a JSON flavour); -1 with *cause (malloc'd) otherwise. */
int	 probe_schema_validate(enum representation, const char *body, size_t len, char **cause);

#endif
