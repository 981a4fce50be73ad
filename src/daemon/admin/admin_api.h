/* SPDX-License-Identifier: MIT */
/*
 * admin_api.h: the admin listener's JSON API for test rigs — the request
 * journal, fault injection and reload (lyncdiscoverd(8), "ADMIN API"):
 *
 *   GET    /journal[?since=ID&user=SIP&resource=NAME&limit=N]  {"requests": [...]}
 *   DELETE /journal                                           204
 *   GET    /faults                                            {"faults": [...]}
 *   POST   /faults       (a rule, fault_rule.h)               201 {"id": N}
 *   DELETE /faults, DELETE /faults/ID                         204
 *   POST   /reload                                            {"generation": N}, or 422
 *                                                             {"errors": [{file, line, message}]}
 *   GET    /auth                                              {"token": "none" | "needed" |
 *                                                             "wrong" | "accepted"}
 *
 * With settings/@admin-token, every write (any method but GET and HEAD) needs
 * "Authorization: Bearer TOKEN": 401 without one, 403 with a wrong one.
 * GET /auth says which of these a write with the request's Authorization
 * would meet ("none": no token is set), without writing.
 * Errors are {"error": "what is wrong"} with a 4xx.
 */
#ifndef LD_ADMIN_API_H
#define LD_ADMIN_API_H

#include <stdbool.h>
#include <stddef.h>

struct diag;
struct generation_slot;
struct rig;

/*
 * A whole reload, as SIGHUP does it (source_reload()), for POST /reload: 0
 * with *generation (the number of the generation in service), or -1 with
 * what went wrong in d.
 */
typedef int	(*admin_api_reload_fn)(void *cls, unsigned long *generation, struct diag *d);

/* What the API reads and changes; none of it is the API's own. */
struct admin_api {
	struct rig		*rig;		/* the journal and the fault rules */
	struct generation_slot	*current;	/* for the admin token in service */
	admin_api_reload_fn	 reload;	/* POST /reload; NULL: none */
	void			*reload_cls;
};

/* One request to the API, its body read whole. */
struct admin_request {
	const char	*method;
	const char	*path;
	const char	*authorization;	/* NULL if none */
	const char	*body;		/* body_len bytes, not NUL-terminated */
	size_t		 body_len;
	bool		 body_too_large;
	/* GET /journal's parameters, NULL when absent. */
	const char	*since, *user, *resource, *limit;
};

struct admin_answer {
	unsigned	 status;
	char		*body;		/* JSON text (heap), or NULL for none (204) */
	const char	*allow;		/* for a 405 */
	bool		 challenge;	/* a 401: WWW-Authenticate: Bearer */
};

/* Is path one of the API's (as opposed to /metrics, /healthz or nothing)? */
bool	 admin_api_path(const char *path);
/* The answer to rq (out's body is the caller's to free). */
void	 admin_api_answer(const struct admin_api *, const struct admin_request *rq,
	     struct admin_answer *out);

#endif
