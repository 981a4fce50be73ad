/* SPDX-License-Identifier: MIT */
/*
 * render.c: dispatch to the renderer of a representation, and the names the
 * renderers share.
 */
#include <config.h>

#include "render.h"

const char *const sip_access_element[SIP_ACCESS_COUNT] = {
	[SIP_SERVER_INTERNAL] = "SipServerInternalAccess",
	[SIP_CLIENT_INTERNAL] = "SipClientInternalAccess",
	[SIP_SERVER_EXTERNAL] = "SipServerExternalAccess",
	[SIP_CLIENT_EXTERNAL] = "SipClientExternalAccess",
};

const char *const document_element[] = {
	[DOC_ROOT] = "Root",
	[DOC_DOMAIN] = "Domain",
	[DOC_USER] = "User",
};

char *
render_document(const struct document *d, enum representation rep, size_t *len)
{
	switch (rep) {
	case REP_AUTODISCOVER_XML:
		return render_autodiscover_xml(d, len);
	case REP_AUTODISCOVER_JSON:
		return render_autodiscover_json(d, len);
	case REP_UCWA_JSON:
		return render_ucwa_json(d, len);
	case REP_UCWA_XML:
	default:
		return render_ucwa_xml(d, len);
	}
}
