/* SPDX-License-Identifier: MIT */
/*
 * config_refs.h: the names of a configuration document and the references
 * between them, checked on the document as it is — valid against the
 * schema or not — so that a schema error does not hide a reference error
 * of the same file (lyncdiscoverd --check reports both).
 */
#ifndef LD_CONFIG_REFS_H
#define LD_CONFIG_REFS_H

#include <libxml/tree.h>

#include "diag.h"

/*
 * Checks the root element's children: no pool name declared twice, no SIP
 * domain declared twice (ASCII case ignored), every domain/@pool and
 * settings/@default-pool naming a declared pool. Each mistake is an error
 * FILE:LINE in d; returns how many (-1 when out of memory, said in d).
 * An element without the attribute a check reads is the schema's to report.
 */
int	 config_refs_check(xmlNodePtr root, const char *file, struct diag *d);

#endif
