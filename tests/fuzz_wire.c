/* SPDX-License-Identifier: MIT */
/*
 * fuzz_wire.c: the fuzzer's bytes through the daemon's real request path —
 * a TCP connection on loopback to a listener of server_start(), so
 * libmicrohttpd 0.9.75 parses them, the framing rules and the core answer
 * them, as in the daemon. The input is sent whole, the connection
 * half-closed, every byte of the answer read until the daemon closes.
 *
 * Invariant: the daemon never answers more requests than a strict RFC 9112
 * parser finds in the input (strict_count(): requests up to and including
 * the first one refused, a request whose head or body is cut off counting
 * once, as the daemon may refuse it before it ends; a line that begins
 * with a NUL read as libmicrohttpd 0.9.75 reads it, as an empty line, the
 * one documented deviation); every answer is
 * framed (a status line, a Content-Length, that many bytes); the daemon
 * closes once the client has (no hang: 5 s). A violation aborts, which
 * libFuzzer reports as a crash, with the input kept.
 *
 * Built as a libFuzzer target by ./configure --enable-fuzzing (clang):
 *   mkdir -p /tmp/wcorpus && tests/fuzz_wire -max_len=4096 /tmp/wcorpus tests/fuzz-wire
 * Without libFuzzer, main() replays the files named on the command line.
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "config_file.h"
#include "diag.h"
#include "report.h"
#include "rig.h"
#include "server.h"
#include "snapshot.h"
#include "topology.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ------------------------------------------------------------ the strict parser */

/* A cursor over the input, a line at a time (LF ends a line, a CR before it is dropped). */
struct wire {
	const unsigned char	*p;
	size_t			 len, pos;
};

static bool
next_line(struct wire *w, const unsigned char **line, size_t *len)
{
	const unsigned char *lf = memchr(w->p + w->pos, '\n', w->len - w->pos);

	if (lf == NULL)
		return false;
	*line = w->p + w->pos;
	*len = (size_t)(lf - *line);
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	w->pos = (size_t)(lf - w->p) + 1;
	return true;
}

static bool
tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static bool
all_tchar(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!tchar(s[i]))
			return false;
	return n > 0;
}

/* What one request line says (RFC 9112 3), with the daemon's leniency on spaces. */
struct line {
	bool		 refused;
	bool		 post, http10;
};

static struct line
judge_line(const unsigned char *s, size_t n)
{
	struct line l = { .refused = true };
	const unsigned char *word[4];
	size_t wlen[4], words = 0, i = 0, j;

	while (i < n && words < 4) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		word[words] = s + i;
		for (j = i; j < n && s[j] != ' '; j++)
			;
		wlen[words++] = j - i;
		i = j;
	}
	if (words != 3 || !all_tchar(word[0], wlen[0]))
		return l;
	for (j = 0; j < wlen[1]; j++)
		if (word[1][j] <= 0x20 || word[1][j] >= 0x7f)
			return l;
	if (!(wlen[1] > 0 && word[1][0] == '/') &&
	    !(wlen[1] > 7 && strncasecmp((const char *)word[1], "http://", 7) == 0) &&
	    !(wlen[1] > 8 && strncasecmp((const char *)word[1], "https://", 8) == 0))
		return l;
	if (wlen[2] != 8 || memcmp(word[2], "HTTP/1.", 7) != 0 || word[2][7] < '0' || word[2][7] > '9')
		return l;
	l.refused = false;
	l.post = wlen[0] == 4 && memcmp(word[0], "POST", 4) == 0;
	l.http10 = word[2][7] == '0';
	return l;
}

/* What the header block says: refused, the body's length, whether the connection ends after. */
struct head {
	bool			 refused;
	unsigned long long	 length;
	bool			 closes;
	unsigned		 hosts;
	bool			 keep_alive, close;
	bool			 have_length;
};

static bool
named(const unsigned char *s, size_t n, const char *want)
{
	return n == strlen(want) && strncasecmp((const char *)s, want, n) == 0;
}

/* A Content-Length value (OWS around it and around list items, identical items): false if invalid. */
static bool
content_length(const unsigned char *v, size_t n, unsigned long long *out)
{
	unsigned long long value = 0, first = 0;
	bool have = false, digits = false;
	size_t i;

	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? v[i] : ',';

		if (c >= '0' && c <= '9') {
			if (value >= 100000000000000000ULL)
				return false;	/* the daemon refuses what it cannot count (413) */
			value = value * 10 + (unsigned)(c - '0');
			digits = true;
		} else if (c == ',') {
			if (!digits || (have && value != first))
				return false;
			first = value;
			have = true;
			value = 0;
			digits = false;
		} else if (c != ' ' && c != '\t' && c != '\0' && c != '\r') {
			return false;
		} else if (digits && i + 1 < n && v[i + 1] >= '0' && v[i + 1] <= '9') {
			return false;	/* "5 5" */
		}
	}
	*out = first;
	return true;
}

/* Connection's list (RFC 9110 7.6.1): "close" and "keep-alive" as whole tokens, any case. */
static void
connection_tokens(struct head *h, const unsigned char *v, size_t n)
{
	size_t i = 0, start, end;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (named(v + start, end - start, "close"))
			h->close = true;
		if (named(v + start, end - start, "keep-alive"))
			h->keep_alive = true;
	}
}

static void
judge_field(struct head *h, const unsigned char *s, size_t n)
{
	const unsigned char *colon = memchr(s, ':', n), *v;
	size_t name_len, vlen;
	unsigned long long cl;

	if (colon == NULL || !all_tchar(s, (size_t)(colon - s))) {
		h->refused = true;	/* whitespace before the colon, obs-fold, a name not a token */
		return;
	}
	name_len = (size_t)(colon - s);
	v = colon + 1;
	vlen = n - name_len - 1;
	if (named(s, name_len, "Host"))
		h->hosts++;
	else if (named(s, name_len, "Transfer-Encoding"))
		h->refused = true;	/* the daemon takes none (400, 411, 501) */
	else if (named(s, name_len, "Content-Length")) {
		if (!content_length(v, vlen, &cl) || (h->have_length && cl != h->length))
			h->refused = true;
		h->length = cl;
		h->have_length = true;
	} else if (named(s, name_len, "Connection")) {
		connection_tokens(h, v, vlen);
	}
}

/* The requests a strict parser finds, and which of the first ones are HEAD (answered without a body). */
#define HEADS_KEPT 64
struct found {
	size_t	 count;
	bool	 head[HEADS_KEPT];
};

/*
 * Empty lines before a request line are ignored (RFC 9112 2.2). So is a
 * line that begins with a NUL: libmicrohttpd 0.9.75 reads lines as C
 * strings and takes it for an empty one (a documented deviation: no proxy
 * forwards such a line, so it cannot hide a request).
 */
static void
skip_empty_lines(struct wire *w)
{
	const unsigned char *lf;

	for (;;) {
		if (w->pos < w->len && w->p[w->pos] == '\n')
			w->pos++;
		else if (w->pos + 1 < w->len && w->p[w->pos] == '\r' && w->p[w->pos + 1] == '\n')
			w->pos += 2;
		else if (w->pos < w->len && w->p[w->pos] == '\0' &&
		    (lf = memchr(w->p + w->pos, '\n', w->len - w->pos)) != NULL)
			w->pos = (size_t)(lf - w->p) + 1;
		else
			return;
	}
}

/*
 * The most answers the input may get: each request the strict parser
 * finds, up to and including the first refused; a request cut off before
 * its head or body ends counts once (the daemon may refuse it at once).
 */
static struct found
strict_count(const unsigned char *d, size_t n)
{
	struct wire w = { d, n, 0 };
	struct found f = { 0 };
	const unsigned char *s;
	size_t len;

	for (;;) {
		struct line l;
		struct head h = { 0 };
		size_t fields = 0;

		skip_empty_lines(&w);
		if (w.pos == n)
			return f;
		f.count++;	/* from here on it may be answered, if only by a refusal */
		if (!next_line(&w, &s, &len))
			return f;
		l = judge_line(s, len);
		if (f.count <= HEADS_KEPT)
			f.head[f.count - 1] = len >= 5 && memcmp(s, "HEAD ", 5) == 0;
		for (;;) {
			if (!next_line(&w, &s, &len))
				return f;
			/*
			 * A line that begins with a NUL ends the head, as
			 * libmicrohttpd 0.9.75 reads it (an empty C string), and
			 * so does a field line that is a lone colon after the
			 * first (it overwrites the colon with a NUL, then asks
			 * whether the line is empty): the daemon refuses these
			 * only where NULs outnumber the line ends (framing.h).
			 * Documented in lyncdiscoverd(8).
			 */
			if (len == 0 || s[0] == '\0' || (len == 1 && s[0] == ':' && fields > 0))
				break;
			fields++;
			if (!l.refused)
				judge_field(&h, s, len);
		}
		if (l.refused || h.refused || h.hosts > 1 || (!l.http10 && h.hosts != 1) ||
		    (h.length > 0 && !l.post) || n - w.pos < h.length)
			return f;
		w.pos += (size_t)h.length;
		if (h.close || (l.http10 && !h.keep_alive))
			return f;
	}
}

/* ----------------------------------------------------------------- the answers */

/*
 * Answers in what the daemon sent: each a status line, a head, Content-Length
 * bytes (none for a HEAD request's, per f); an interim 1xx (100 Continue) is
 * a head alone.
 */
static size_t
count_answers(const char *got, size_t n, const struct found *f, bool *framed)
{
	size_t pos = 0, count = 0;

	*framed = true;
	while (pos < n) {
		const char *end = memmem(got + pos, n - pos, "\r\n\r\n", 4), *cl;
		unsigned long long length;
		bool closes;

		if (end == NULL || n - pos < 12 || memcmp(got + pos, "HTTP/1.1 ", 9) != 0) {
			*framed = false;
			return count;
		}
		if (got[pos + 9] == '1') {
			pos = (size_t)(end - got) + 4;	/* 100 Continue: no body, not an answer */
			continue;
		}
		cl = memmem(got + pos, (size_t)(end - got) - pos, "\r\nContent-Length: ", 18);
		if (cl == NULL) {
			*framed = false;
			return count;
		}
		length = strtoull(cl + 18, NULL, 10);
		if (count < HEADS_KEPT && count < f->count && f->head[count])
			length = 0;	/* the answer to a HEAD: its GET's headers, no body */
		closes = memmem(got + pos, (size_t)(end - got) - pos, "\r\nConnection: close", 19) !=
		    NULL;
		count++;
		pos = (size_t)(end - got) + 4 + (size_t)length;
		/*
		 * libmicrohttpd 0.9.75's own 400 for a malformed Content-Length
		 * repeats its head inside its body (lyncdiscoverd(8), bad input):
		 * after an answer that closes, nothing more is read.
		 */
		if (closes)
			return count;
	}
	return count;
}

/* ------------------------------------------------------------------ the daemon */

static int port;

static void
start_daemon(void)
{
	static const char xml[] =
	    "<lyncdiscover>\n"
	    "  <settings header-timeout=\"2\" journal-size=\"0\"/>\n"
	    "  <listener address=\"127.0.0.1\" port=\"%d\" access=\"external\"/>\n"
	    "  <pool name=\"p\" server-fqdn=\"fe01.contoso.net\">\n"
	    "    <internal-web fqdn=\"webint.contoso.net\"/>"
	    "<external-web fqdn=\"webext.contoso.com\"/>\n"
	    "  </pool>\n"
	    "  <domain name=\"contoso.com\" pool=\"p\"/>\n"
	    "</lyncdiscover>\n";
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	static struct server *server;
	static struct report *report;
	static struct rig *rig;
	struct snapshot *snap;
	struct topology *t;
	struct diag d = { 0 };
	char text[1024], *cause = NULL;
	size_t i;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0)
		abort();
	port = ntohs(a.sin_port);
	close(fd);
	snprintf(text, sizeof text, xml, port);
	if ((t = config_file_load_memory("fuzz_wire.xml", text, strlen(text), ".", &d)) == NULL ||
	    (snap = snapshot_build(t, &cause)) == NULL || (report = report_new()) == NULL ||
	    (rig = rig_new(snap->topology, &cause)) == NULL ||
	    (server = server_start(snap, &(struct server_uses){ .report = report, .rig = rig },
	    &cause)) == NULL) {
		fprintf(stderr, "fuzz_wire: the daemon did not start: %s\n",
		    cause != NULL ? cause : "(configuration)");
		for (i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.lines[i].text);
		abort();
	}
	diag_free(&d);
}

/* Sends data on a new connection, half-closes it, reads until the daemon closes. */
static char *
exchange(const uint8_t *data, size_t size, size_t *got_len, bool *hung)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval tv = { .tv_sec = 5 };
	size_t cap = 8192, len = 0, sent = 0;
	char *got = malloc(cap);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t r;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (got == NULL || fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		abort();
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (sent < size && (r = send(fd, data + sent, size - sent, MSG_NOSIGNAL)) > 0)
		sent += (size_t)r;
	(void)shutdown(fd, SHUT_WR);
	*hung = false;
	for (;;) {
		if (len == cap && (got = realloc(got, cap *= 2)) == NULL)
			abort();
		r = recv(fd, got + len, cap - len, 0);
		if (r > 0) {
			len += (size_t)r;
			continue;
		}
		*hung = r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
		break;
	}
	close(fd);
	*got_len = len;
	return got;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool started;
	size_t got_len, answers, most;
	struct found f;
	bool hung, framed;
	char *got;

	if (!started) {
		start_daemon();
		started = true;
	}
	got = exchange(data, size, &got_len, &hung);
	f = strict_count(data, size);
	most = f.count;
	answers = count_answers(got, got_len, &f, &framed);
	if (hung || !framed || answers > most) {
		fprintf(stderr, "fuzz_wire: %s: %zu answer(s), the strict parser allows %zu; "
		    "the daemon sent %zu bytes:\n%.*s\n", hung ? "no close within 5 s" :
		    !framed ? "an answer not framed" : "more answers than requests", answers, most,
		    got_len, (int)(got_len < 2000 ? got_len : 2000), got);
		abort();
	}
	free(got);
	return 0;
}

#define FUZZ_NAME "fuzz_wire"
#define FUZZ_CLAIM "no more answers than a strict parser finds requests, every answer framed, no hang"
#include "fuzz_replay.h"
