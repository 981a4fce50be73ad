/* SPDX-License-Identifier: MIT */
/*
 * request.h: one HTTP request as the protocol core sees it.
 *
 * The HTTP layer fills this from libmicrohttpd; tests and fuzzers fill it by
 * hand. Every pointer is borrowed for the duration of respond().
 */
#ifndef LD_REQUEST_H
#define LD_REQUEST_H

#include <stdbool.h>

#include "encoding.h"
#include "netaddr.h"
#include "topology.h"

struct dir_answer;
struct dir_query;

/*
 * The most of a POST body the HTTP layer keeps (a SOAP request to the Web
 * Ticket Service is a few kB; the token endpoint's form stays under FORM_MAX).
 */
#define REQUEST_BODY_MAX (16 * 1024)
#define REQUEST_NONCE_SIZE 16

struct request {
	const char		*method;	/* "GET", "HEAD", ... */
	const char		*target;	/* raw request-target, not decoded */
	bool			 http11;	/* HTTP/1.1 or later: Host is required */
	const char		*host;		/* first Host header, NULL if none */
	unsigned		 host_count;	/* number of Host headers */
	const char		*accept;	/* Accept header (joined if repeated), NULL if none */
	const char		*accept_encoding;	/* Accept-Encoding (joined if repeated), NULL if none */
	bool			 has_body;	/* Content-Length > 0 or Transfer-Encoding */
	bool			 tls;		/* the request came over HTTPS */
	enum access_location	 location;	/* decided by the listener ... */
	enum access_mode	 location_mode;	/* ... unless it says access="auto" or "by-name"
						   (then location is by-name's default) */
	const char		*sni;		/* the TLS server name the client asked for,
						   NULL: none (plain HTTP, or no SNI) */
	struct netaddr		 peer;		/* the TCP peer (or the PROXY protocol's source) */
	bool			 via_trusted_proxy;	/* came through a PROXY protocol header,
						   which only trusted proxies may send */
	const char		*forwarded;	/* Forwarded (RFC 7239), NULL if none */
	const char		*x_forwarded_for;
	const char		*x_forwarded_proto;
	const char		*x_forwarded_host;
	const char		*authorization;	/* Authorization, NULL if none */
	const char		*webticket;	/* X-MS-WebTicket, NULL if none */
	const char		*origin;	/* Origin (CORS), NULL if none */
	const char		*ms_origin;	/* X-Ms-Origin (the XFrame page's embedder), NULL if none */
	const char		*content_type;	/* of the body, NULL if none */
	const char		*body;		/* a POST's whole body */
	size_t			 body_len;
	bool			 body_too_large;	/* over REQUEST_BODY_MAX: body is NULL */
	long long		 now;		/* seconds since the epoch, for tokens */
	/* Fresh random bytes from the HTTP layer (a web ticket's AssertionID); tests: zeros. */
	unsigned char		 nonce[REQUEST_NONCE_SIZE];
	/* With an LDAP directory (users.h): what it said of the user, NULL: not asked yet ... */
	const struct dir_answer	*dir_answer;
	/* ... and where respond() says whom to ask (NULL: nobody will; a 503 then). */
	struct dir_query	*dir_query;
	/*
	 * The HTTP layer's kept answers (NULL: it keeps none): whether it has
	 * the reply of variant (reply.h) in coding c ready to send. respond()
	 * then neither codes the body nor expects it to be sent.
	 */
	bool			(*kept)(void *cls, unsigned long variant, enum content_coding c);
	void			*kept_cls;
};

#endif
