/* SPDX-License-Identifier: MIT */
/*
 * render.h: the renderers behind render_document(), one per flavour.
 * Each returns a heap string and its length, or NULL when out of memory.
 */
#ifndef LD_RENDER_H
#define LD_RENDER_H

#include "document.h"

char	*render_autodiscover_xml(const struct document *, size_t *len);
char	*render_ucwa_xml(const struct document *, size_t *len);
char	*render_autodiscover_json(const struct document *, size_t *len);
char	*render_ucwa_json(const struct document *, size_t *len);

/* The MS-OCDISCWS element names of the SipAccess kinds and of the resources. */
extern const char *const sip_access_element[SIP_ACCESS_COUNT];
extern const char *const document_element[];

#endif
