/* SPDX-License-Identifier: MIT */
/*
 * representation.c: the four representations' names and media types
 * (representation.h).
 */
#include <config.h>

#include <string.h>

#include "representation.h"

static const char *const content_types[REP_COUNT] = {
	[REP_AUTODISCOVER_XML] = "application/vnd.microsoft.rtc.autodiscover+xml; v=1",
	[REP_AUTODISCOVER_JSON] = "application/vnd.microsoft.rtc.autodiscover+json; v=1",
	[REP_UCWA_JSON] = "application/json",
	[REP_UCWA_XML] = "application/xml",
};

static const char *const names[REP_COUNT] = {
	[REP_AUTODISCOVER_XML] = "autodiscover-xml",
	[REP_AUTODISCOVER_JSON] = "autodiscover-json",
	[REP_UCWA_JSON] = "ucwa-json",
	[REP_UCWA_XML] = "ucwa-xml",
};

const char *
representation_content_type(enum representation rep)
{
	return content_types[rep];
}

const char *
representation_name(enum representation rep)
{
	return names[rep];
}

int
representation_from_name(const char *name)
{
	int i;

	for (i = 0; i < REP_COUNT; i++) {
		if (strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}
