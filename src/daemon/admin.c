/*
 * admin.c: the operators' listener (settings/@admin-listener): /metrics in
 * the Prometheus text format and /healthz.
 */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "server.h"
#include "metrics.h"
#include "signin_gate.h"
#include "util.h"

static enum MHD_Result
queue_text(struct MHD_Connection *c, unsigned status, const char *type, char *body)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (body == NULL)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The admin listener: /metrics (Prometheus) and /healthz; nothing else. */
static enum MHD_Result
on_admin(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	static int first;
	struct server *s = cls;

	(void)version;
	(void)upload_data;
	if (*req_cls == NULL) {	/* answer on the second call: keep-alive stays (see exchange_on_request) */
		*req_cls = &first;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return queue_text(c, 405, "text/plain", xstrdup("GET only\n"));
	if (strcmp(url, "/metrics") == 0)
		return queue_text(c, 200, "text/plain; version=0.0.4", signin_gate_metrics(s->gate,
		    server_render_conns(s, metrics_render(s->metrics, server_open_connections(s),
		    server_proxy_rejected(s)))));
	if (strcmp(url, "/healthz") == 0) {
		/* Still 200: Root, Domain and XFrame are served; only directory users wait. */
		char *degraded = signin_gate_degraded(s->gate);

		return queue_text(c, 200, "text/plain", degraded != NULL ? degraded : xstrdup("ok\n"));
	}
	return queue_text(c, 404, "text/plain", xstrdup("/metrics or /healthz\n"));
}

int
admin_start(struct server *s, const struct topology *t, char **cause)
{
	struct listener_conf lc = { .address = (char *)(uintptr_t)t->admin_address,
	    .port = t->admin_port };
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	bool v6;

	if (server_sockaddr(&lc, &ss, &v6) != 0) {
		*cause = xasprintf_s("admin-listener %s: not a numeric address", t->admin_address);
		return -1;
	}
	s->admin = MHD_start_daemon(flags | (v6 ? MHD_USE_IPv6 : 0), (uint16_t)lc.port, NULL, NULL,
	    on_admin, s, MHD_OPTION_EXTERNAL_LOGGER, server_log_mhd, s,
	    MHD_OPTION_SOCK_ADDR, &ss, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)t->connection_timeout,
	    MHD_OPTION_END);
	if (s->admin == NULL) {
		*cause = xasprintf_s("cannot listen on %s port %u (admin)", t->admin_address,
		    t->admin_port);
		return -1;
	}
	return 0;
}
