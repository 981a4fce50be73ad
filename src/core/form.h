/* SPDX-License-Identifier: MIT */
/*
 * form.h: the application/x-www-form-urlencoded body of a token request.
 */
#ifndef LD_FORM_H
#define LD_FORM_H

#include <stddef.h>

#define FORM_MAX 4096	/* a token request is a few hundred bytes */

struct token_form {
	const char	*grant_type;	/* NULL if absent */
	const char	*username;
	const char	*password;
	char		 buf[2 * FORM_MAX + 2];	/* each field: its bytes and a NUL, name and value */
};

/* Parses body ('+' is a space, %XX escapes). 0, or -1 for a malformed or oversized body. */
int	 form_parse(const char *body, size_t len, struct token_form *);

#endif
