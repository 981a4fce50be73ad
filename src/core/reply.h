/* SPDX-License-Identifier: MIT */
/*
 * reply.h: what the protocol core answers: status, headers and body.
 *
 * A reply either points into the snapshot's prepared replies (prepared >= 0;
 * the HTTP layer then reuses a response built once per configuration for
 * that index and coding) or owns a body built for this request, released by
 * reply_release().
 */
#ifndef LD_REPLY_H
#define LD_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "encoding.h"
#include "netaddr.h"
#include "topology.h"

#define REPLY_MAX_HEADERS 16
#define REPLY_MAX_OWNED 4
#define REPLY_USER_SIZE 257	/* SIPURI_MAX + 1 (sipuri.h): a canonical SIP address */

struct header {
	const char	*name;
	const char	*value;
};

struct reply {
	unsigned	 status;
	const char	*content_type;	/* NULL: no Content-Type, empty body */
	const char	*body;
	size_t		 body_len;
	struct header	 headers[REPLY_MAX_HEADERS];
	size_t		 n_headers;
	int		 prepared;	/* index into snapshot->prepared, or -1 */
	/*
	 * Not 0: a reply built per request that comes out the same, in the same
	 * coding, every time within one snapshot (a domain's Root past its
	 * pool's prepared ones), which the HTTP layer may keep and send again.
	 */
	unsigned long	 variant;
	/*
	 * The HTTP layer said it keeps this variant in the coding asked for
	 * (request.h): send what it keeps, in kept_coding; the body here is the
	 * identity one, for anything that changes the reply (a fault rule).
	 */
	bool		 kept;
	enum content_coding kept_coding;
	enum content_coding coding;	/* of the body (Content-Encoding) */
	const char	*reason;	/* short diagnostic for logs and tests */
	/* What the access log says of the request (set by respond()). */
	const char		*resource;	/* "root", "user", ...; NULL before routing */
	struct netaddr		 client;	/* the effective client */
	bool			 client_tls;	/* the scheme the client used */
	const char		*host;		/* the host it asked for (not NUL-terminated), or NULL */
	size_t			 host_len;
	enum access_location	 location;
	int			 representation;	/* negotiated (enum representation), -1: none */
	char			 user[REPLY_USER_SIZE];	/* the SIP address when known, else "" */
	bool			 sign_in_failed;	/* a password grant refused (the throttle counts it) */
	char		*owned[REPLY_MAX_OWNED];	/* heap strings this reply owns */
};

void	 reply_init(struct reply *, unsigned status, const char *reason);
int	 reply_add_header(struct reply *, const char *name, const char *value);
char	*reply_own(struct reply *, char *heap_string);
/* Records who the request was about (a canonical SIP address; cut to REPLY_USER_SIZE - 1). */
void	 reply_set_user(struct reply *, const char *user);
void	 reply_release(struct reply *);

#endif
