/* SPDX-License-Identifier: MIT */
/*
 * splice.h: a prepared document with holes for what varies per request.
 *
 * The User document differs from user to user only by the open sign-in's
 * sipuri kept on its self links. snapshot.c renders it once per pool,
 * location, representation and resource with a marker in place of the
 * sipuri and cuts the text at the markers; the request path fills each hole
 * with the sipuri as the renderer would have written it there (percent-
 * encoded as document.c does, then escaped for the representation as
 * libxml2 or jansson escape) and copies the segments around it: no XML or
 * JSON is built.
 */
#ifndef LD_SPLICE_H
#define LD_SPLICE_H

#include <stdbool.h>
#include <stddef.h>

#include "topology.h"

#define SPLICE_MAX_HOLES 4

/* The marker the template is rendered with: query_encode() leaves it as it is. */
#define SPLICE_MARKER "zqXLdHoLeXqz"

struct splice {
	char		*text;		/* owned: the rendering with the holes cut out */
	size_t		 seg_off[SPLICE_MAX_HOLES + 1], seg_len[SPLICE_MAX_HOLES + 1];
	size_t		 n_holes;	/* 0: no template, the document is built per request */
};

/*
 * Cuts rendered (a heap string of len bytes, taken over) at each
 * SPLICE_MARKER; plain (the same document without the sipuri, NULL: unknown)
 * must not hold the marker, or a configured name would hold it and the
 * template is refused. Returns 0, or -1 (sp then has no holes).
 */
int	 splice_cut(struct splice *, char *rendered, size_t len, const char *plain);
void	 splice_free(struct splice *);

/*
 * Escapes s for the inside of a double-quoted XML attribute value as libxml2
 * serialises it (& < > " and TAB LF CR as character references; other bytes
 * as they are), or for the inside of a JSON string as jansson's json_dumps
 * does (" \ and the control characters; '/' as "\/" when slash is true; other
 * bytes as they are: the text is valid UTF-8, as jansson requires).
 * splice_fill() only ever passes query_encode()'s output (ASCII), so invalid
 * UTF-8 (which jansson would refuse: a 500 before) cannot reach a hole.
 * Writes a NUL-terminated string into out; returns its length, or -1 when it
 * does not fit.
 */
long	 splice_escape_xml_attr(const char *s, char *out, size_t out_size);
long	 splice_escape_json(const char *s, bool slash, char *out, size_t out_size);
/* The escaping of the representation rep. */
long	 splice_escape(enum representation rep, const char *s, char *out, size_t out_size);

/*
 * The document with every hole filled with sipuri (the user as hints.c
 * canonicalised it): one malloc, NUL-terminated; NULL when out of memory or
 * the sipuri does not fit.
 */
char	*splice_fill(const struct splice *, enum representation, const char *sipuri,
	     size_t *len);

#endif
