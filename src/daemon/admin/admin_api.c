/* SPDX-License-Identifier: MIT */
/*
 * admin_api.c: the admin API's answers (see admin_api.h); JSON by jansson.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "admin_api.h"
#include "admin_token.h"
#include "diag.h"
#include "fault_rule.h"
#include "faults.h"
#include "generation.h"
#include "journal.h"
#include "journal_json.h"
#include "rig.h"
#include "util.h"

#define FAULTS_PREFIX "/faults/"

/* out gets j (taken over) as its body; out of memory: a 500 without a body. */
static void
answer_json(struct admin_answer *out, unsigned status, json_t *j)
{
	out->status = status;
	out->body = j != NULL ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (out->body == NULL)
		out->status = 500;
}

static void answer_error(struct admin_answer *, unsigned, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
answer_error(struct admin_answer *out, unsigned status, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	answer_json(out, status, json_pack("{s:s}", "error", msg));
}

/* A decimal number without sign or blanks; false if s is anything else. */
static bool
parse_number(const char *s, unsigned long long *v)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	*v = strtoull(s, &end, 10);
	return *end == '\0' && *v < (1ULL << 53);
}

static int
append_entry(const struct journal_entry *e, void *arg)
{
	json_t *o = journal_json_entry(e);

	return o != NULL && json_array_append_new(arg, o) == 0 ? 0 : -1;
}

static void
journal_get(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	struct journal_filter f = { .user = rq->user, .resource = rq->resource };
	unsigned long long limit = 0;
	json_t *list;

	if (api->rig->journal == NULL) {
		answer_error(out, 409, "the journal is off (settings/@journal-size is 0)");
		return;
	}
	if (rq->since != NULL && !parse_number(rq->since, &f.since)) {
		answer_error(out, 400, "since: a request id (0 or more)");
		return;
	}
	if (rq->limit != NULL && (!parse_number(rq->limit, &limit) || limit == 0)) {
		answer_error(out, 400, "limit: a number of requests (1 or more)");
		return;
	}
	f.limit = (size_t)limit;
	if ((list = json_array()) == NULL) {
		out->status = 500;
		return;
	}
	journal_each(api->rig->journal, &f, append_entry, list);
	answer_json(out, 200, json_pack("{s:o}", "requests", list));
}

static void
faults_post(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	struct fault_rule r;
	json_error_t err;
	char *cause = NULL;
	unsigned long id;
	json_t *j;

	if (rq->body_too_large) {
		answer_error(out, 413, "a rule is at most %d bytes of JSON", 2 * FAULT_MAX_TEXT);
		return;
	}
	j = json_loadb(rq->body != NULL ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		answer_error(out, 400, "the body is not JSON: %s (line %d, column %d)", err.text,
		    err.line, err.column);
		return;
	}
	if (fault_rule_parse(j, &r, &cause) != 0) {
		json_decref(j);
		answer_error(out, 400, "%s", cause);
		free(cause);
		return;
	}
	json_decref(j);
	if ((id = faults_add(api->rig->faults, &r)) == 0) {
		out->status = 500;
		return;
	}
	answer_json(out, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void
faults_delete_one(const struct admin_api *api, const char *id_text, struct admin_answer *out)
{
	unsigned long long id;

	if (!parse_number(id_text, &id) || faults_delete(api->rig->faults, (unsigned long)id) != 0) {
		answer_error(out, 404, "no fault rule %s (GET /faults lists them)", id_text);
		return;
	}
	out->status = 204;
}

/* The errors of a failed reload: the diagnostics that are not warnings. */
static json_t *
reload_errors(const struct diag *d)
{
	json_t *list = json_array(), *e;
	size_t i;

	for (i = 0; list != NULL && i < d->n; i++) {
		const struct diag_line *l = &d->lines[i];

		if (l->warning)
			continue;
		e = json_pack("{s:s%,s:o,s:s}", "file", l->text, l->file_len,
		    "line", l->line > 0 ? json_integer(l->line) : json_null(),
		    "message", l->text + l->message);
		if (e == NULL || json_array_append_new(list, e) != 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

static void
reload(const struct admin_api *api, struct admin_answer *out)
{
	struct diag d = { 0 };
	unsigned long generation = 0;

	if (api->reload == NULL) {
		answer_error(out, 503, "this daemon cannot reload");
		return;
	}
	if (api->reload(api->reload_cls, &generation, &d) == 0)
		answer_json(out, 200, json_pack("{s:I}", "generation", (json_int_t)generation));
	else
		answer_json(out, 422, json_pack("{s:o*}", "errors", reload_errors(&d)));
	diag_free(&d);
}

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* What the Authorization presented would get on a write. */
enum token_state { TOKEN_NONE, TOKEN_NEEDED, TOKEN_WRONG, TOKEN_ACCEPTED };

static enum token_state
token_state(const struct admin_api *api, const char *authorization)
{
	struct generation *g = generation_slot_hold(api->current);
	const char *token = g->snapshot->topology->admin_token;
	enum token_state s = TOKEN_ACCEPTED;

	if (token == NULL)
		s = TOKEN_NONE;
	else if (authorization == NULL)
		s = TOKEN_NEEDED;
	else if (!admin_token_matches(token, authorization))
		s = TOKEN_WRONG;
	generation_release(g);
	return s;
}

/* With an admin token set, a write needs it. True when rq may go on; else out is the refusal. */
static bool
authorized(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	if (!is_write(rq->method))
		return true;
	switch (token_state(api, rq->authorization)) {
	case TOKEN_NEEDED:
		answer_error(out, 401, "this API's writes need Authorization: Bearer TOKEN "
		    "(settings/@admin-token)");
		out->challenge = true;
		return false;
	case TOKEN_WRONG:
		answer_error(out, 403, "wrong token (Authorization: Bearer TOKEN, as in the file of "
		    "settings/@admin-token)");
		return false;
	case TOKEN_NONE:
	case TOKEN_ACCEPTED:
		break;
	}
	return true;
}

/*
 * GET /auth: what the Authorization presented would get on a write, without
 * writing: the page asks it at start and before it keeps a token typed in.
 * It tells no more than a write would (401, 403 or done).
 */
static void
auth_get(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	static const char *const names[] = {
		[TOKEN_NONE] = "none", [TOKEN_NEEDED] = "needed",
		[TOKEN_WRONG] = "wrong", [TOKEN_ACCEPTED] = "accepted",
	};

	answer_json(out, 200, json_pack("{s:s}", "token", names[token_state(api, rq->authorization)]));
}

bool
admin_api_path(const char *path)
{
	return strcmp(path, "/journal") == 0 || strcmp(path, "/faults") == 0 ||
	    strncmp(path, FAULTS_PREFIX, strlen(FAULTS_PREFIX)) == 0 ||
	    strcmp(path, "/reload") == 0 || strcmp(path, "/auth") == 0;
}

/* The methods each path takes, for 405's Allow. */
static const char *
allowed(const char *path)
{
	if (strcmp(path, "/journal") == 0)
		return "GET, HEAD, DELETE";
	if (strcmp(path, "/faults") == 0)
		return "GET, HEAD, POST, DELETE";
	if (strcmp(path, "/reload") == 0)
		return "POST";
	if (strcmp(path, "/auth") == 0)
		return "GET, HEAD";
	return "DELETE";	/* /faults/ID */
}

static bool
method_is(const struct admin_request *rq, const char *m)
{
	return strcmp(rq->method, m) == 0 || (strcmp(m, "GET") == 0 &&
	    strcmp(rq->method, "HEAD") == 0);
}

static bool
dispatch(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	const char *p = rq->path;

	if (strcmp(p, "/journal") == 0 && method_is(rq, "GET"))
		journal_get(api, rq, out);
	else if (strcmp(p, "/journal") == 0 && method_is(rq, "DELETE")) {
		journal_clear(api->rig->journal);
		out->status = 204;
	} else if (strcmp(p, "/faults") == 0 && method_is(rq, "GET"))
		answer_json(out, 200, faults_json(api->rig->faults));
	else if (strcmp(p, "/faults") == 0 && method_is(rq, "POST"))
		faults_post(api, rq, out);
	else if (strcmp(p, "/faults") == 0 && method_is(rq, "DELETE")) {
		faults_clear(api->rig->faults);
		out->status = 204;
	} else if (strncmp(p, FAULTS_PREFIX, strlen(FAULTS_PREFIX)) == 0 && method_is(rq, "DELETE"))
		faults_delete_one(api, p + strlen(FAULTS_PREFIX), out);
	else if (strcmp(p, "/reload") == 0 && method_is(rq, "POST"))
		reload(api, out);
	else if (strcmp(p, "/auth") == 0 && method_is(rq, "GET"))
		auth_get(api, rq, out);
	else
		return false;
	return true;
}

void
admin_api_answer(const struct admin_api *api, const struct admin_request *rq, struct admin_answer *out)
{
	memset(out, 0, sizeof *out);
	if (!admin_api_path(rq->path)) {
		answer_error(out, 404, "no such path: /, /metrics, /healthz, /journal, /faults, "
		    "/reload, /auth");
		return;
	}
	if (!authorized(api, rq, out))
		return;
	if (!dispatch(api, rq, out)) {
		answer_error(out, 405, "%s takes %s", rq->path, allowed(rq->path));
		out->allow = allowed(rq->path);
	}
}
