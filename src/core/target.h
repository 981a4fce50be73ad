/* SPDX-License-Identifier: MIT */
/*
 * target.h: parsing the request-target (RFC 9112 §3.2) into a decoded path
 * and the query parameters the protocol reads.
 */
#ifndef LD_TARGET_H
#define LD_TARGET_H

#include <stddef.h>

/* Longer targets get 414; no client of the protocol comes close. */
#define TARGET_MAX 4096

struct target {
	const char	*path;		/* percent-decoded, starts with '/' */
	const char	*sipuri;	/* decoded value, NULL if absent */
	const char	*original_domain;	/* "originalDomain", NULL if absent */
	const char	*domain;	/* "Domain" (MSCloudLoginAssistant), NULL if absent */
	const char	*authority;	/* absolute-form only: "host[:port]", else NULL */
	size_t		 authority_len;
	char		 buf[2 * TARGET_MAX + 8];
};

/*
 * Parses raw into t. Returns 0, or the HTTP status to answer (400 or 414) with
 * *reason set to a static explanation.
 */
unsigned target_parse(const char *raw, struct target *t, const char **reason);

#endif
