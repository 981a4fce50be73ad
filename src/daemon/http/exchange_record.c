/* SPDX-License-Identifier: MIT */
/*
 * exchange_record.c: what is kept of a request — its journal entry when the
 * answer is queued, its access log line and its metrics when it is over
 * (see exchange.h).
 */
#include <config.h>

#include <string.h>

#include <microhttpd.h>

#include "access_log.h"
#include "clock.h"
#include "exchange.h"
#include "journal.h"
#include "metrics.h"
#include "rig.h"
#include "server_impl.h"

static void
copy_bytes(char *dst, size_t size, const char *src, size_t n)
{
	/* As snprintf("%.*s") did, truncating, at a tenth of the cost (callgrind). */
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
copy_field(char *dst, size_t size, const char *src)
{
	if (src == NULL)
		src = "-";
	copy_bytes(dst, size, src, strlen(src));
}

static void
write_journal(struct server *s, const struct exchange *x, const char *method, const struct reply *r,
    unsigned status)
{
	const struct header_scan *h = &x->hs;

	if (s->uses.rig->journal == NULL)
		return;
	journal_record(s->uses.rig->journal, &(struct journal_request){
	    .time = x->log.start_real, .ms = clock_ms_since(&x->log.start), .location = r->location,
	    .peer = &r->client, .status = status, .fault = x->fired.id, .resource = r->resource,
	    .representation = r->representation, .method = method, .target = x->target,
	    .host = r->host, .host_len = r->host_len, .accept = h->accept,
	    .user_agent = h->user_agent, .origin = h->origin, .authorization = h->authorization,
	    .webticket = h->webticket, .user = r->user });
}

void
exchange_record_answer(struct server *s, struct exchange *x, const char *method, const char *version,
    const struct reply *r, unsigned status)
{
	struct exchange_log *g = &x->log;

	copy_field(g->method, sizeof g->method, method);
	copy_field(g->version, sizeof g->version, version);
	copy_bytes(g->host, sizeof g->host, r->host != NULL ? r->host : "-",
	    r->host != NULL ? r->host_len : 1);
	copy_field(g->user_agent, sizeof g->user_agent, x->hs.user_agent);
	g->e.client = r->client;
	g->e.tls = r->client_tls;
	g->e.status = status;
	g->e.bytes = strcmp(method, MHD_HTTP_METHOD_HEAD) == 0 ? 0 : r->body_len;
	g->e.resource = r->resource;	/* static strings */
	g->e.content_type = r->content_type;	/* static strings */
	g->e.location = r->location;
	g->answered = true;
	write_journal(s, x, method, r, status);
}

void
exchange_record_done(struct server *s, struct exchange *x)
{
	struct exchange_log *g = &x->log;

	g->e.when = g->start_real;
	g->e.ms = clock_ms_since(&g->start);
	metrics_request(s->metrics, g->e.resource, g->e.content_type, g->e.location, g->e.status,
	    g->e.ms / 1e3);
	if (s->uses.log == NULL)
		return;
	g->e.method = g->method;
	g->e.version = g->version;
	g->e.host = g->host;
	g->e.user_agent = g->user_agent;
	g->e.target = x->target;
	access_log_write(s->uses.log, &g->e);
}
