/* SPDX-License-Identifier: MIT */
/*
 * render.h: a document (document.h) rendered into one of the four
 * representations.
 */
#ifndef LD_RENDER_H
#define LD_RENDER_H

#include "document.h"

/*
 * Renders a document. Returns a heap string (free()) and its length in *len,
 * or NULL when out of memory.
 */
char	*render_document(const struct document *, enum representation, size_t *len);

/* The renderers behind it, one per flavour (render_xml.c, render_json.c); the same contract. */
char	*render_xml_autodiscover(const struct document *, size_t *len);
char	*render_xml_ucwa(const struct document *, size_t *len);
char	*render_json_autodiscover(const struct document *, size_t *len);
char	*render_json_ucwa(const struct document *, size_t *len);

#endif
