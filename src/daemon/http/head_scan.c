/* SPDX-License-Identifier: MIT */
/*
 * head_scan.c: the request head's framing and fields in one walk (see
 * head_scan.h).
 */
#include <config.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "head_scan.h"

/*
 * Repeated Accept (or Accept-Encoding) headers form one list (RFC 9110
 * §5.3): *list is the value, *joined its heap copy once a second header
 * came. The joined list is allocated whole — a fixed buffer would cut a
 * media range in half and turn "application/xmlx" into "application/xml".
 * Its size is bounded by the connection memory limit that bounds the header
 * block. If memory runs out, the later header is dropped whole, which leaves
 * a valid list.
 */
static void
join_list(const char **list, char **joined, const char *value)
{
	size_t have, add;
	char *j;

	if (*list == NULL) {
		*list = value;
		return;
	}
	have = strlen(*list);
	add = strlen(value);
	j = realloc(*joined, have + 1 + add + 1);
	if (j == NULL)
		return;
	if (*joined == NULL)
		memcpy(j, *list, have);
	j[have] = ',';
	memcpy(j + have + 1, value, add + 1);
	*joined = j;
	*list = j;
}

/*
 * One field of the request head into hs. Names are matched on their length
 * first (one compare for most fields; callgrind: a third of the strcasecmp
 * chain it replaces). Host is counted (two are refused), Accept and
 * Accept-Encoding lists are joined, a non-zero Content-Length or any Transfer-Encoding marks a body,
 * and of the others the first counts.
 */
static void
scan_field(struct header_scan *hs, const char *key, size_t key_size, const char *value,
    size_t value_size)
{
#define FIELD(name, member) { name, sizeof name - 1, offsetof(struct header_scan, member) }
	static const struct {
		const char	*name;
		size_t		 len;
		size_t		 offset;
	} kept[] = {
		FIELD("User-Agent", user_agent),
		FIELD("Authorization", authorization),
		FIELD("X-MS-WebTicket", webticket),
		FIELD("Origin", origin),
		FIELD("X-Ms-Origin", ms_origin),
		FIELD("Content-Type", content_type),
		FIELD("Forwarded", forwarded),
		FIELD("X-Forwarded-For", x_forwarded_for),
		FIELD("X-Forwarded-Proto", x_forwarded_proto),
		FIELD("X-Forwarded-Host", x_forwarded_host),
	};
#undef FIELD
	const char **slot;
	size_t i;

	if (key_size == 4 && strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0) {
		if (hs->host_count++ == 0)
			hs->host = value;
		return;
	}
	if (key_size == 6 && strcasecmp(key, MHD_HTTP_HEADER_ACCEPT) == 0) {
		join_list(&hs->accept, &hs->accept_joined, value);
		return;
	}
	if (key_size == 15 && strcasecmp(key, MHD_HTTP_HEADER_ACCEPT_ENCODING) == 0) {
		join_list(&hs->accept_encoding, &hs->accept_encoding_joined, value);
		return;
	}
	if ((key_size == 17 && strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) ||
	    (key_size == 14 && strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0 &&
	    strspn(value, "0") != value_size)) {
		hs->has_body = true;
		return;
	}
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		if (key_size != kept[i].len || strcasecmp(key, kept[i].name) != 0)
			continue;
		slot = (const char **)(void *)((char *)hs + kept[i].offset);
		if (*slot == NULL)
			*slot = value;
		return;
	}
}

/* Where the fields of the request head lie in libmicrohttpd's buffer. */
struct head_walk {
	struct framing_scan	*scan;
	struct header_scan	*hs;
	const char		*head, *end;	/* the request line's start, the head's end */
	const char		*value;		/* the previous field's value and its end */
	size_t			 value_len;
};

/* The bytes from the end of the previous value up to next (a line's start, or the head's end). */
static void
check_tail(struct head_walk *w, const char *next, bool last)
{
	const char *from;

	if (w->value == NULL)
		return;	/* the first field: no value before it (and NULL + 0 is undefined) */
	from = w->value + w->value_len;
	if (w->value < w->head || next > w->end || next < from)
		return;	/* not in the buffer (a folded value is copied): nothing to see */
	framing_line_tail(w->scan, from, (size_t)(next - from), last);
}

static enum MHD_Result
walk_field(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	struct head_walk *w = cls;

	(void)kind;
	check_tail(w, key, false);
	framing_field(w->scan, key, key_size, value, value_size);
	scan_field(w->hs, key, key_size, value, value_size);
	w->value = value;
	w->value_len = value_size;
	return MHD_YES;
}

/*
 * The request line in libmicrohttpd 0.9.75's buffer (parse_initial_message_line):
 * [method, space) the method, the space overwritten with a NUL, maybe more
 * spaces (skipped), [target_at, version - 1) the target, the space before the
 * version overwritten with a NUL. The target's bytes have been changed since
 * the URI callback copied them (the query split off, %-escapes decoded in
 * place); where it starts and its length on the wire have not. The method's
 * bytes are intact.
 * NULL when sound (or when the pointers are not in that layout: nothing to
 * see), else why.
 */
static const char *
check_request_line(const char *method, const char *version, const char *end,
    const char *target_at, const char *target, size_t target_len)
{
	const char *sep = target_at;

	if (target_at == NULL || target_at <= method || target_at >= end)
		return NULL;
	while (sep > method && sep[-1] == ' ')
		sep--;
	if (sep == method || sep[-1] != '\0')
		return NULL;
	sep--;
	if (version <= target_at || version > end)
		return framing_request_line(method, (size_t)(sep - method), target, target_len,
		    target_len);
	return framing_request_line(method, (size_t)(sep - method), target, target_len,
	    (size_t)(version - 1 - target_at));
}

/*
 * The framing rules over the request head (see framing.h), and the headers
 * the core reads gathered in the same walk; 0 or the status to refuse with.
 */
unsigned
head_scan_check(struct MHD_Connection *c, const char *method, const char *version,
    const char *target_at, const char *target, size_t target_len,
    struct framing_scan *fs, struct header_scan *hs, const char **reason)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	/*
	 * The walk starts after the request line's last token: a head whose
	 * first field line begins with a NUL is one libmicrohttpd ends there
	 * (it takes the line for the empty one), and only that tail shows it.
	 */
	struct head_walk w = { .scan = fs, .hs = hs, .head = method, .value = version,
	    .value_len = strlen(version) };

	/* The head is [method, method + header size) in libmicrohttpd's read buffer. */
	w.end = ci != NULL ? method + ci->header_size : method;
	framing_begin(fs);
	if (ci != NULL && (*reason = check_request_line(method, version, w.end, target_at, target,
	    target_len)) != NULL)
		return 400;
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, walk_field, &w);
	if (ci != NULL)
		check_tail(&w, w.end, true);
	return framing_verdict(fs, method, strcmp(version, MHD_HTTP_VERSION_1_0) == 0, reason);
}

void
head_scan_free(struct header_scan *hs)
{
	free(hs->accept_joined);
	free(hs->accept_encoding_joined);
	hs->accept_joined = NULL;
	hs->accept_encoding_joined = NULL;
}
