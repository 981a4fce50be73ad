/* SPDX-License-Identifier: MIT */
/*
 * config_file.h: loading a configuration file into a topology.
 *
 * The file is XML, validated against the schema embedded from
 * data/lyncdiscover.xsd, then checked for what a schema cannot say (names
 * unique, references resolve, addresses numeric). Every problem is reported,
 * not just the first, as "FILE:LINE: message".
 */
#ifndef LD_CONFIG_FILE_H
#define LD_CONFIG_FILE_H

#include <stddef.h>

#include "diag.h"
#include "topology.h"

/* NULL (with diagnostics in *d) if the file is not a valid configuration. */
struct topology	*config_file_load(const char *path, struct diag *d);
/* The same from memory; relative cert/key paths resolve against base_dir. */
struct topology	*config_file_load_memory(const char *name, const char *xml, size_t len,
		    const char *base_dir, struct diag *d);

#endif
