/* SPDX-License-Identifier: MIT */
/*
 * admin_page.c: the admin listener's live page (see admin_page.h). Its four
 * files (the page, its script, style and icon) are compiled in and handed
 * to libmicrohttpd without a copy; what the page shows comes from the JSON
 * API, fetched by its script.
 */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "admin_page.h"
#include "embedded_page.h"

/*
 * The page's script and style are files of their own (script-src and
 * style-src 'self'): no inline code runs, so a value that slipped into the
 * markup could not execute. The script talks to its own origin only
 * (connect-src 'self'); nothing else loads, not even an image; no form
 * posts anywhere, and no other site may frame the page.
 */
#define PAGE_CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
	"connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; " \
	"frame-ancestors 'none'"

struct page_file {
	const char	*path;
	const char	*type;
	const char	*body;
	const size_t	*len;
};

static const struct page_file page_files[] = {
	{ "/", "text/html; charset=utf-8", embedded_page_html, &embedded_page_html_len },
	{ "/page.js", "text/javascript; charset=utf-8", embedded_page_js, &embedded_page_js_len },
	{ "/page.css", "text/css; charset=utf-8", embedded_page_css, &embedded_page_css_len },
	{ "/page.svg", "image/svg+xml", embedded_page_svg, &embedded_page_svg_len },
};

static const struct page_file *
find(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof page_files / sizeof page_files[0]; i++)
		if (strcmp(page_files[i].path, path) == 0)
			return &page_files[i];
	return NULL;
}

bool
admin_page_path(const char *path)
{
	return find(path) != NULL;
}

/* The headers every answer of the page carries; false if one could not be added. */
static bool
add_headers(struct MHD_Response *resp, const char *type)
{
	return MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES &&
	    MHD_add_response_header(resp, "Content-Security-Policy", PAGE_CSP) == MHD_YES &&
	    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff") == MHD_YES &&
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store") == MHD_YES &&
	    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") == MHD_YES &&
	    MHD_add_response_header(resp, "X-Frame-Options", "DENY") == MHD_YES;
}

static enum MHD_Result
queue(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
    size_t len, const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	if (!add_headers(resp, type) ||
	    (allow != NULL && MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow) != MHD_YES)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
admin_page_answer(struct MHD_Connection *c, const char *path, const char *method)
{
	static const char only_get[] = "GET only\n";
	const struct page_file *f = find(path);

	if (f == NULL)
		return MHD_NO;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return queue(c, 405, "text/plain; charset=utf-8", only_get, sizeof only_get - 1,
		    "GET, HEAD");
	return queue(c, 200, f->type, f->body, *f->len, NULL);
}
