/* SPDX-License-Identifier: MIT */
/*
 * route.h: which resource of the protocol a path names (doc/protocol.md §1.2).
 */
#ifndef LD_ROUTE_H
#define LD_ROUTE_H

enum resource {
	RES_NOT_FOUND,
	RES_ROOT,		/* "/" and .../root */
	RES_DOMAIN,		/* .../root/domain */
	RES_USER,		/* .../root/user (web ticket) */
	RES_OAUTH,		/* .../root/oauth/user (Bearer) */
	RES_XFRAME,		/* /Autodiscover/XFrame/XFrame.html and /xframe */
	RES_TOKEN,		/* /WebTicket/oauthtoken: POST a password, get a token */
	RES_WEBTICKET_MEX,	/* /WebTicket/WebTicketService.svc/mex: the service's WSDL */
	RES_WEBTICKET,		/* /WebTicket/WebTicketService.svc: POST an RST, get a ticket */
	RES_COUNT
};

/* Paths compare case-insensitively, as IIS does; one trailing '/' is tolerated. */
enum resource	 route_path(const char *decoded_path);
const char	*route_resource_name(enum resource);

/* Paths the documents link to, in their canonical casing. */
#define PATH_ROOT	"/Autodiscover/AutodiscoverService.svc/root"
#define PATH_DOMAIN	PATH_ROOT "/domain"
#define PATH_USER	PATH_ROOT "/user"
#define PATH_OAUTH	PATH_ROOT "/oauth/user"
#define PATH_XFRAME	"/Autodiscover/XFrame/XFrame.html"
#define PATH_AUTHBROKER	"/Reach/sip.svc"
#define PATH_UCWA	"/ucwa/v1/applications"
#define PATH_WEBTICKET	"/WebTicket/WebTicketService.svc"
#define PATH_WEBTICKET_MEX PATH_WEBTICKET "/mex"
#define PATH_OAUTHTOKEN	"/WebTicket/oauthtoken"
#define PATH_UCWA_OAUTH	"/ucwa/oauth/v1/applications"
#define PATH_MCX	"/Mcx/McxService.svc"
#define PATH_SCHEDULER	"/Scheduler"

#endif
