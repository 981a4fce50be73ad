/* SPDX-License-Identifier: MIT */
/*
 * signin_check.c: one password check for every endpoint that takes one
 * (signin_check.h).
 */
#include <config.h>

#include <string.h>

#include "answers.h"
#include "password.h"
#include "signin_check.h"
#include "util.h"

struct token_secret
signin_check_secret(const struct topology *t)
{
	struct token_secret s;

	memcpy(s.key, t->sign_in.token_secret, sizeof s.key);
	s.len = t->sign_in.token_secret_len;
	return s;
}

bool
signin_check_password(const struct topology *t, const char *user, const char *password)
{
	struct user_home home;
	const char *hash;
	bool known;

	users_find(t, user, &home);
	known = home.kind != USER_UNKNOWN;
	switch (t->sign_in.mode) {
	case SIGN_IN_OPEN:
	case SIGN_IN_ANY_PASSWORD:
		return known;
	case SIGN_IN_PASSWORD:
	default:
		known = known && home.password_hash != NULL;
		hash = known ? home.password_hash : t->sign_in.dummy_hash;
		/* No dummy only in a topology built by hand (tests): then no check either. */
		return hash != NULL && password_verify(hash, password) && known;
	}
}

bool
signin_check_directory(const struct topology *t, const struct request *rq,
    const struct user_home *home)
{
	if (home->kind == USER_UNKNOWN)
		return false;
	return t->sign_in.mode != SIGN_IN_PASSWORD || rq->dir_answer->password_ok;
}

/*
 * 503 with Retry-After: the LDAP directory is down, or (a call without the
 * directory's answer) respond() has asked for it and is called again.
 */
static void
directory_unavailable(const struct request *rq, enum signin_style style, const struct pool *p,
    struct reply *out)
{
	unsigned after = rq->dir_answer != NULL && rq->dir_answer->retry_after > 0 ?
	    rq->dir_answer->retry_after : 1;
	const char *why = rq->dir_answer != NULL ? "the user directory cannot be reached" :
	    "the user directory has not answered";
	char *v;
	int rc = 0;

	switch (style) {
	case SIGNIN_STYLE_TOKEN:
		rc = answers_token_error(out, 503, "temporarily_unavailable", why, p);
		break;
	case SIGNIN_STYLE_SOAP:
		rc = answers_webticket_fault(out, 503, WST_FAULT_REQUEST_FAILED, why, p);
		break;
	case SIGNIN_STYLE_PLAIN:
	default:
		answers_error(out, 503, why, p);
		break;
	}
	v = rc == 0 ? reply_own(out, xasprintf_s("%u", after)) : NULL;
	if (v == NULL || reply_add_header(out, "Retry-After", v) != 0) {
		reply_release(out);
		answers_error(out, 500, "out of memory", p);
	}
}

bool
signin_check_home(const struct request *rq, const struct topology *t, const char *user,
    enum signin_style style, const struct pool *p, struct user_home *home, struct reply *out)
{
	bool unmatched;

	if (rq->dir_answer == NULL && rq->dir_query != NULL) {
		rq->dir_query->needed = true;
		memcpy(rq->dir_query->user, user, strlen(user) + 1);
	}
	if (rq->dir_answer == NULL || rq->dir_answer->status == DIR_UNAVAILABLE) {
		directory_unavailable(rq, style, p, out);
		return false;
	}
	users_from_answer(t, user, rq->dir_answer, home, &unmatched);
	return true;
}
