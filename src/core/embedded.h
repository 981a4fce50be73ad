/* SPDX-License-Identifier: MIT */
/*
 * embedded.h: data files compiled into the daemon (see tools/embed.sh).
 */
#ifndef LD_EMBEDDED_H
#define LD_EMBEDDED_H

#include <stddef.h>

extern const char	embedded_xframe_html[];		/* data/xframe.html */
extern const size_t	embedded_xframe_html_len;
extern const char	embedded_config_xsd[];		/* data/lyncdiscover.xsd */
extern const size_t	embedded_config_xsd_len;

#endif
