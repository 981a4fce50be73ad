/* SPDX-License-Identifier: MIT */
/*
 * render.h: the renderers behind render_document() (document.h), one per
 * flavour. Each returns a heap string and its length, or NULL when out of memory.
 */
#ifndef LD_RENDER_H
#define LD_RENDER_H

#include "document.h"

char	*render_xml_autodiscover(const struct document *, size_t *len);
char	*render_xml_ucwa(const struct document *, size_t *len);
char	*render_json_autodiscover(const struct document *, size_t *len);
char	*render_json_ucwa(const struct document *, size_t *len);

#endif
