/* SPDX-License-Identifier: MIT */
/*
 * admin.c: the operators' and test rigs' listener (settings/@admin-listener,
 * --admin): /metrics in the Prometheus text format, /healthz, the JSON API
 * of admin_api.h and the live page built on it (admin_page.h, GET /). One
 * thread (libmicrohttpd's internal polling thread): nothing here is on the
 * request path of the client listeners. It belongs on loopback or a
 * management network: reads need no token.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "admin.h"
#include "admin_page.h"
#include "endpoint.h"
#include "mhd_log.h"
#include "report.h"
#include "util.h"

/* A request body (a fault rule) is read up to this; more is refused (413). */
#define ADMIN_BODY_MAX (2 * 65536)

struct admin {
	struct MHD_Daemon	*daemon;
	struct report		*report;	/* /metrics and /healthz */
	struct admin_api	 api;
	struct mhd_log		 mhd_log;
};

/* One request between the access handler's calls. */
struct admin_call {
	char	*body;
	size_t	 len;
	bool	 too_large;
};

static enum MHD_Result
queue(struct MHD_Connection *c, unsigned status, const char *type, char *body,
    const struct admin_answer *a)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len = body != NULL ? strlen(body) : 0;

	resp = MHD_create_response_from_buffer(len, body != NULL ? body : (char *)"",
	    body != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	if (body != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (a != NULL && a->allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, a->allow);
	if (a != NULL && a->challenge)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"lyncdiscoverd admin\"");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
queue_text(struct MHD_Connection *c, unsigned status, const char *type, char *body)
{
	if (body == NULL)
		return MHD_NO;
	return queue(c, status, type, body, NULL);
}

/* /metrics and /healthz: GET and HEAD only. Still 200 while degraded (Root, Domain, XFrame are served). */
static enum MHD_Result
answer_ops(struct admin *a, struct MHD_Connection *c, const char *url, const char *method)
{
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return queue_text(c, 405, "text/plain", xstrdup("GET only\n"));
	if (strcmp(url, "/metrics") == 0)
		return queue_text(c, 200, "text/plain; version=0.0.4", report_metrics(a->report));
	return queue_text(c, 200, "text/plain", report_health(a->report));
}

static enum MHD_Result
answer_api(struct admin *a, struct MHD_Connection *c, const char *url, const char *method,
    const struct admin_call *call)
{
	struct admin_request rq = {
		.method = method, .path = url, .body = call->body, .body_len = call->len,
		.body_too_large = call->too_large,
		.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_AUTHORIZATION),
		.since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since"),
		.user = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "user"),
		.resource = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "resource"),
		.limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit"),
	};
	struct admin_answer out;

	admin_api_answer(&a->api, &rq, &out);
	return queue(c, out.status, "application/json", out.body, &out);
}

static void
keep_body(struct admin_call *call, const char *data, size_t n)
{
	char *more;

	if (call->too_large || n > ADMIN_BODY_MAX - call->len) {
		call->too_large = true;
		return;
	}
	if ((more = realloc(call->body, call->len + n + 1)) == NULL) {
		call->too_large = true;
		return;
	}
	call->body = more;
	memcpy(call->body + call->len, data, n);
	call->len += n;
	call->body[call->len] = '\0';
}

/*
 * Answered on the call after the last piece of the body (the second call
 * for a request without one): libmicrohttpd 0.9.75 closes keep-alive
 * connections answered on the first call.
 */
static enum MHD_Result
on_admin(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct admin *a = cls;
	struct admin_call *call = *req_cls;

	(void)version;
	if (call == NULL) {
		if ((call = calloc(1, sizeof *call)) == NULL)
			return MHD_NO;
		*req_cls = call;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		keep_body(call, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/metrics") == 0 || strcmp(url, "/healthz") == 0)
		return answer_ops(a, c, url, method);
	if (admin_page_path(url))
		return admin_page_answer(c, url, method);
	return answer_api(a, c, url, method, call);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct admin_call *call = *req_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (call == NULL)
		return;
	free(call->body);
	free(call);
	*req_cls = NULL;
}

struct admin *
admin_start(const struct topology *t, struct report *report, const struct admin_api *api,
    char **cause)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	struct admin *a = calloc(1, sizeof *a);
	struct sockaddr_storage ss;
	socklen_t ss_len;
	bool v6;

	if (a == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	a->report = report;
	a->api = *api;
	mhd_log_init(&a->mhd_log, t->log_level < LOG_INFO);
	if (endpoint_sockaddr(t->admin_address, t->admin_port, &ss, &ss_len, &v6) != 0) {
		*cause = xasprintf_s("admin-listener %s: not a numeric address", t->admin_address);
		admin_stop(a);
		return NULL;
	}
	a->daemon = MHD_start_daemon(flags | (v6 ? MHD_USE_IPv6 : 0), (uint16_t)t->admin_port,
	    NULL, NULL, on_admin, a, MHD_OPTION_EXTERNAL_LOGGER, mhd_log_message, &a->mhd_log,
	    MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)t->connection_timeout,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, a, MHD_OPTION_END);
	if (a->daemon == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (admin)", t->admin_address,
		    t->admin_port);
		admin_stop(a);
		return NULL;
	}
	return a;
}

void
admin_stop(struct admin *a)
{
	if (a == NULL)
		return;
	if (a->daemon != NULL)
		MHD_stop_daemon(a->daemon);
	mhd_log_destroy(&a->mhd_log);
	free(a);
}
