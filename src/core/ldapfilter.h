/* SPDX-License-Identifier: MIT */
/*
 * ldapfilter.h: the search filter of an LDAP user look-up — the configured
 * template with the SIP address put in, escaped as RFC 4515 §3 requires, so
 * that a SIP address full of "*()\" finds only itself.
 */
#ifndef LD_LDAPFILTER_H
#define LD_LDAPFILTER_H

#include <stddef.h>

/*
 * Is tmpl a usable template: "(...)" with at least one "%s" (each replaced
 * by the SIP address) and no other '%' ("%%" is a '%')? 0, or -1 with *why.
 */
int	 ldapfilter_check(const char *tmpl, const char **why);
/* tmpl (checked) with every "%s" the escaped value; heap, NULL when out of memory. */
char	*ldapfilter_build(const char *tmpl, const char *value);
/*
 * value escaped for a filter's assertion value (RFC 4515: '*' '(' ')' '\'
 * and NUL as "\2a" "\28" "\29" "\5c" "\00") into out; the length, or -1 when
 * out (size bytes with the NUL) is too small.
 */
long	 ldapfilter_escape(const char *value, char *out, size_t size);

#endif
