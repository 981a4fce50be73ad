/* SPDX-License-Identifier: MIT */
/*
 * representation.h: the four representations of a document (enum
 * representation, topology.h): their Content-Type and their names in the
 * configuration, the journal and the probe.
 */
#ifndef LD_REPRESENTATION_H
#define LD_REPRESENTATION_H

#include "topology.h"

/* The Content-Type of an answer in rep. */
const char	*representation_content_type(enum representation rep);
/* "autodiscover-xml", "autodiscover-json", "ucwa-json", "ucwa-xml". */
const char	*representation_name(enum representation rep);
/* Parses a name as written in the configuration ("ucwa-json", ...); -1 if unknown. */
int		 representation_from_name(const char *);

#endif
