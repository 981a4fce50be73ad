/* SPDX-License-Identifier: MIT */
/*
 * render.c: render_document(), dispatching to the renderer of a
 * representation (render_xml.c, render_json.c).
 */
#include <config.h>

#include "render.h"

char *
render_document(const struct document *d, enum representation rep, size_t *len)
{
	switch (rep) {
	case REP_AUTODISCOVER_XML:
		return render_xml_autodiscover(d, len);
	case REP_AUTODISCOVER_JSON:
		return render_json_autodiscover(d, len);
	case REP_UCWA_JSON:
		return render_json_ucwa(d, len);
	case REP_UCWA_XML:
	default:
		return render_xml_ucwa(d, len);
	}
}
