/* SPDX-License-Identifier: MIT */
/*
 * fault_rule.h: one fault-injection rule of the admin API (POST /faults) —
 * what it matches, what it does — parsed from and written as JSON. Pure: no
 * clock, no randomness, no lock (faults.h holds the rules and draws).
 *
 * A rule is one JSON object: conditions, exactly one action, and limits.
 *   conditions (all optional; a rule without any matches every request):
 *     host            the host name the client asked for (Host, or a trusted
 *                     proxy's), without port, case-insensitive
 *     resource        root, domain, user, oauth, token, xframe (or not-found)
 *     location        internal or external (the effective access location)
 *     user            the SIP address the request is about (the sipuri, a
 *                     token's user, the token form's username), case-insensitive
 *     representation  autodiscover-xml, autodiscover-json, ucwa-json, ucwa-xml
 *     peer            the effective client, an address or CIDR prefix
 *   actions (one):
 *     delay_ms N      answer normally, N ms late (0-600000)
 *     status N        answer status N (200-599) instead; "body" (text) and
 *                     "content_type" optional (text/plain with a body)
 *     reset true      close the connection without an answer (TCP RST)
 *     truncate true|N send the headers (with the full Content-Length) and the
 *                     first N bytes of the body (true: half), then close
 *     malformed true  the answer's first half only, with a Content-Length to
 *                     match: the HTTP exchange completes, the document is cut
 *     redirect URL    a Redirect document to URL (http:// or https://), in the
 *                     negotiated representation (a User's Redirect on user
 *                     and oauth)
 *     bandwidth N     the answer leaves at N bytes a second (1-1000000000)
 *     slice N         the answer leaves in N-byte segments (1-65536),
 *                     "pause_ms" apart (0-60000, default 100)
 *     hang true       the request is read and never answered: the connection
 *                     is held until the client closes it
 *     tls KIND        (the TLS handshake; matched by host, the SNI name, and
 *                     by location and peer only) "expired": a certificate
 *                     for the names asked that has expired; "wrong-name": a
 *                     valid one from the same CA without the name asked;
 *                     "untrusted": the names asked, from a CA nobody trusts;
 *                     "stall": the handshake never completes
 *   limits:
 *     times N         fire N times, then expire (default: no limit)
 *     probability P   fire with probability P, 0 to 1 (default 1)
 */
#ifndef LD_FAULT_RULE_H
#define LD_FAULT_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "cidr.h"
#include "topology.h"

#define FAULT_MAX_DELAY_MS 600000
#define FAULT_MAX_TEXT 65536	/* body, redirect, and each condition's text */

enum fault_kind {
	FAULT_DELAY,
	FAULT_STATUS,
	FAULT_RESET,
	FAULT_TRUNCATE,
	FAULT_MALFORMED,
	FAULT_REDIRECT,
	FAULT_BANDWIDTH,
	FAULT_SLICE,
	FAULT_HANG,
	FAULT_TLS
};

/* Where a rule acts: on a request's answer, or on a TLS handshake (before any request). */
enum fault_layer {
	FAULT_LAYER_HTTP,
	FAULT_LAYER_TLS
};

/* What a "tls" rule does to the handshake. */
enum fault_tls {
	FAULT_TLS_EXPIRED,
	FAULT_TLS_WRONG_NAME,
	FAULT_TLS_UNTRUSTED,
	FAULT_TLS_STALL
};
#define FAULT_TLS_CERTIFICATES 3	/* the kinds that present a certificate of their own */

#define FAULT_MAX_BANDWIDTH 1000000000
#define FAULT_MAX_SLICE 65536
#define FAULT_MAX_PAUSE_MS 60000
#define FAULT_DEFAULT_PAUSE_MS 100

/* What a rule does; its strings are its own (heap). */
struct fault_action {
	enum fault_kind	 kind;
	unsigned	 delay_ms;
	unsigned	 status;
	char		*body;		/* status: NULL for an empty body */
	char		*content_type;	/* status: NULL for text/plain (with a body) */
	long		 truncate;	/* body bytes sent; -1: half */
	char		*redirect;	/* the URL */
	unsigned	 bandwidth;	/* bytes a second */
	unsigned	 slice;		/* bytes a segment */
	unsigned	 pause_ms;	/* between segments */
	enum fault_tls	 tls;
};

struct fault_rule {
	unsigned long		 id;
	char			*host;		/* conditions: NULL (or -1) for any */
	char			*resource;
	int			 location;	/* enum access_location */
	char			*user;
	int			 representation;	/* enum representation */
	bool			 has_peer;
	struct cidr		 peer;
	struct fault_action	 action;
	unsigned		 times;		/* fires left; 0: no limit */
	double			 probability;
	unsigned long		 fired;
};

/*
 * The facts of one request (or, for the TLS layer, one handshake: host is
 * the SNI name) a rule is matched against (borrowed). A rule matches only
 * facts of its own layer.
 */
struct fault_facts {
	enum fault_layer	 layer;
	const char		*host;		/* host_len bytes, maybe with ":port"; NULL if none */
	size_t			 host_len;
	const char		*resource;	/* NULL before routing */
	enum access_location	 location;
	const char		*user;		/* "" when unknown */
	int			 representation;	/* -1 when none */
	const struct netaddr	*peer;
};

/* A rule from its JSON object (id 0, fired 0). 0, or -1 with *cause (nothing to free then). */
int	 fault_rule_parse(const json_t *, struct fault_rule *, char **cause);
bool	 fault_rule_matches(const struct fault_rule *, const struct fault_facts *);
/* The rule as GET /faults shows it: its JSON with id, times left and fired. NULL if out of memory. */
json_t	*fault_rule_json(const struct fault_rule *);
void	 fault_rule_free(struct fault_rule *);
/* A copy of an action (for the request that fired it). 0, or -1 when out of memory. */
int	 fault_rule_action_copy(struct fault_action *dst, const struct fault_action *src);
void	 fault_rule_action_free(struct fault_action *);
const char	*fault_rule_kind_name(enum fault_kind);
enum fault_layer fault_rule_layer(enum fault_kind);
/* "expired", "wrong-name", "untrusted", "stall". */
const char	*fault_rule_tls_name(enum fault_tls);

#endif
