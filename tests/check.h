/* SPDX-License-Identifier: MIT */
/*
 * check.h: the unit tests' harness. Each CHECK counts; a failure prints where,
 * what was expected and what came back; check_done() prints the totals and
 * gives the exit status (0 all passed, 1 some failed).
 */
#ifndef LD_CHECK_H
#define LD_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_total, check_failed;

#define CHECK(cond, ...) do {							\
	check_total++;								\
	if (!(cond)) {								\
		check_failed++;							\
		fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);		\
		fprintf(stderr, __VA_ARGS__);					\
		fputc('\n', stderr);						\
	}									\
} while (0)

#define CHECK_STR(what, got, want) do {						\
	const char *g_ = (got), *w_ = (want);					\
	CHECK((g_ == NULL && w_ == NULL) ||					\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0),			\
	    "%s: expected \"%s\", got \"%s\"", (what),				\
	    w_ != NULL ? w_ : "(null)", g_ != NULL ? g_ : "(null)");		\
} while (0)

#define CHECK_UINT(what, got, want) do {					\
	unsigned long g_ = (unsigned long)(got), w_ = (unsigned long)(want);	\
	CHECK(g_ == w_, "%s: expected %lu, got %lu", (what), w_, g_);		\
} while (0)

static inline int
check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_total, check_failed);
	return check_failed == 0 && check_total > 0 ? 0 : 1;
}

#endif
