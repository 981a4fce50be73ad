/* SPDX-License-Identifier: MIT */
/*
 * element.c: the MS-OCDISCWS element names (element.h).
 */
#include <config.h>

#include "element.h"

const char *const element_document[] = {
	[DOC_ROOT] = "Root",
	[DOC_DOMAIN] = "Domain",
	[DOC_USER] = "User",
};

const char *const element_sip_access[SIP_ACCESS_COUNT] = {
	[SIP_SERVER_INTERNAL] = "SipServerInternalAccess",
	[SIP_CLIENT_INTERNAL] = "SipClientInternalAccess",
	[SIP_SERVER_EXTERNAL] = "SipServerExternalAccess",
	[SIP_CLIENT_EXTERNAL] = "SipClientExternalAccess",
};
