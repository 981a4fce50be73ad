/* SPDX-License-Identifier: MIT */
/*
 * sipuri.h: SIP addresses ("sipuri" in the protocol's query strings) in their
 * canonical form, "user@domain" with the domain in lower case.
 */
#ifndef LD_SIPURI_H
#define LD_SIPURI_H

#include <stddef.h>

#define SIPURI_MAX 256
#define SIPURI_MAX_TEXT "256"	/* SIPURI_MAX, for messages */

/* Canonicalises a sipuri ("sip:Alice@Contoso.com" -> "Alice@contoso.com"); -1 if malformed. */
int	 sipuri_canonical(const char *in, char *out, size_t out_size);

#endif
