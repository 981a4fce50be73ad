/* SPDX-License-Identifier: MIT */
/*
 * admin_page.h: the admin listener's live page — GET / (the HTML), /page.js,
 * /page.css and /page.svg (its icon), served from the daemon's own bytes
 * (embedded_page.h). The page is a client of the JSON API (admin_api.h) and
 * nothing more: it reads the journal and the fault rules, adds and removes
 * rules and reloads, from the same origin. Every answer carries a
 * Content-Security-Policy that lets the page load only these files and talk
 * only to its own origin.
 */
#ifndef LD_ADMIN_PAGE_H
#define LD_ADMIN_PAGE_H

#include <stdbool.h>

#include <microhttpd.h>

/* Is path one of the page's files? */
bool		 admin_page_path(const char *path);
/* Queues the answer to method on path (one of the page's): the file for GET and HEAD, else 405. */
enum MHD_Result	 admin_page_answer(struct MHD_Connection *c, const char *path, const char *method);

#endif
