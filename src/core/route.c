/* SPDX-License-Identifier: MIT */
/*
 * route.c: path to resource.
 */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "route.h"

static const struct {
	const char	*path;
	enum resource	 resource;
} routes[] = {
	{ "/", RES_ROOT },
	{ PATH_ROOT, RES_ROOT },
	{ PATH_DOMAIN, RES_DOMAIN },
	{ PATH_USER, RES_USER },
	{ PATH_OAUTH, RES_OAUTH },
	{ PATH_XFRAME, RES_XFRAME },
	{ "/xframe", RES_XFRAME },
	{ PATH_OAUTHTOKEN, RES_TOKEN },
	{ PATH_WEBTICKET_MEX, RES_WEBTICKET_MEX },
	{ PATH_WEBTICKET, RES_WEBTICKET },
};

enum resource
route_path(const char *path)
{
	size_t len = strlen(path), i;

	if (len > 1 && path[len - 1] == '/' && path[len - 2] != '/')
		len--;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (strlen(routes[i].path) == len &&
		    strncasecmp(routes[i].path, path, len) == 0)
			return routes[i].resource;
	}
	return RES_NOT_FOUND;
}

const char *
route_resource_name(enum resource r)
{
	static const char *const names[] = {
		"not-found", "root", "domain", "user", "oauth", "xframe", "token", "webticket-mex",
		"webticket"
	};

	_Static_assert(sizeof names / sizeof names[0] == RES_COUNT, "a name for each resource");

	return names[r];
}
