/* SPDX-License-Identifier: MIT */
/*
 * document.h: a protocol document as data — the link set of a Root, Domain or
 * User resource — before it is rendered into one of the four representations.
 *
 * A link carries the MS-OCDISCWS token, the UCWA relation, or both; each
 * renderer picks the links of its flavour (doc/protocol.md §5).
 */
#ifndef LD_DOCUMENT_H
#define LD_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "topology.h"

#define DOCUMENT_MAX_LINKS 24

enum document_kind {
	DOC_ROOT,
	DOC_DOMAIN,
	DOC_USER
};

struct link {
	const char	*token;		/* MS-OCDISCWS token, NULL: UCWA only */
	const char	*rel;		/* UCWA relation, NULL: MS-OCDISCWS only */
	char		*href;		/* owned */
};

struct document {
	enum document_kind	 kind;
	enum access_location	 location;
	const struct sip_access	*sip;		/* SIP_ACCESS_COUNT entries, or NULL */
	char			*self;		/* UCWA resource href, owned, NULL: omitted */
	struct link		 links[DOCUMENT_MAX_LINKS];
	size_t			 n_links;
};

/*
 * Builders. Each returns 0, or -1 when out of memory (the document then holds
 * what was built so far and must still be passed to document_free()).
 * original_domain and sipuri may be NULL.
 */
/* user_sipuri (sign-in open): carried into the User and OAuth hrefs, which then know the user. */
int	 document_root(struct document *, const struct pool *, enum access_location,
	     const char *original_domain, const char *user_sipuri);
int	 document_root_redirect(struct document *, const struct pool *,
	     enum access_location, const char *sipuri, const char *original_domain);
/*
 * A Root holding one Redirect to url (a hosting provider's Root), hints
 * appended; p is the answering pool (its self and xframe in the UCWA flavours).
 */
int	 document_root_redirect_to(struct document *, const struct pool *p,
	     enum access_location, const char *url, const char *sipuri,
	     const char *original_domain);
int	 document_domain(struct document *, const struct pool *, enum access_location);
/*
 * The User resource of a user homed on p (doc/protocol.md §4.1 example D, §5):
 * self is the User or OAuth URL that was asked; mobility_internal is the
 * mobility policy (internal clients' Internal/Mcx and Ucwa links use the
 * internal web services instead of the external ones).
 */
int	 document_user(struct document *, const struct pool *, enum access_location,
	     bool oauth, bool mobility_internal, const char *sipuri);
/*
 * A User holding one Redirect to url (another pool's Root, or the hosting provider's).
 * sipuri (open sign-in: the user is the request's sipuri; else NULL) stays on
 * self and the Redirect, so a client that follows them is still that user.
 */
int	 document_user_redirect(struct document *, const struct pool *, enum access_location,
	     bool oauth, const char *url, const char *sipuri);
void	 document_free(struct document *);

#endif
