/*
 * document.h: a protocol document as data — the link set of a Root, Domain or
 * User resource — before it is rendered into one of the four representations.
 *
 * A link carries the MS-OCDISCWS token, the UCWA relation, or both; each
 * renderer picks the links of its flavour (protocol.md §5).
 */
#ifndef LD_DOCUMENT_H
#define LD_DOCUMENT_H

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
int	 document_root(struct document *, const struct pool *, enum access_location,
	     const char *original_domain);
int	 document_root_redirect(struct document *, const struct pool *,
	     enum access_location, const char *sipuri, const char *original_domain);
int	 document_domain(struct document *, const struct pool *, enum access_location);
void	 document_free(struct document *);

/*
 * Renders a document. Returns a heap string (free()) and its length in *len,
 * or NULL when out of memory.
 */
char	*render_document(const struct document *, enum representation, size_t *len);

#endif
