/* SPDX-License-Identifier: MIT */
/*
 * element.h: the MS-OCDISCWS element names the documents carry, of the
 * resources and of the SipAccess kinds. The renderers write them, the
 * parsers (and the probe) read them back.
 */
#ifndef LD_ELEMENT_H
#define LD_ELEMENT_H

#include "document.h"

/* "Root", "Domain", "User", by enum document_kind. */
extern const char *const element_document[];
/* "SipServerInternalAccess", ..., by enum sip_access_kind. */
extern const char *const element_sip_access[SIP_ACCESS_COUNT];

#endif
