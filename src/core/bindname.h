/* SPDX-License-Identifier: MIT */
/*
 * bindname.h: the name a user's password bind is made as, from a template
 * filled with attributes of the user's entry (<ldap user-bind-name>):
 * "%{userPrincipalName}" for Active Directory's user@domain name,
 * "CONTOSO\%{sAMAccountName}" for the down-level DOMAIN\user form; "%%" is
 * a '%'. Values go in as the directory returns them, unescaped: the template
 * is for names that are not DNs (a DN is the entry's own, the default).
 */
#ifndef LD_BINDNAME_H
#define LD_BINDNAME_H

#include <stddef.h>

#define BINDNAME_ATTRS_MAX 4		/* distinct attributes in one template */
#define BINDNAME_ATTR_MAX 128		/* bytes of an attribute's name */

/*
 * Is tmpl usable: at least one "%{attribute}" (a name, [A-Za-z][A-Za-z0-9-]*,
 * or a numeric OID, at most BINDNAME_ATTR_MAX bytes), at most
 * BINDNAME_ATTRS_MAX distinct ones, and no other '%' but "%%"? 0, or -1
 * with *why.
 */
int	 bindname_check(const char *tmpl, const char **why);
/*
 * The distinct attributes of tmpl (checked), in order of first use, compared
 * without case, into names; how many (at most BINDNAME_ATTRS_MAX).
 */
size_t	 bindname_attributes(const char *tmpl, char names[][BINDNAME_ATTR_MAX + 1]);
/* What an attribute of the entry holds (name as the template writes it); NULL: none. */
typedef const char *bindname_value_fn(void *cls, const char *name);
/*
 * tmpl (checked) with each "%{attribute}" replaced by value(cls, attribute)
 * (heap); NULL when a value is missing or empty, or memory runs out.
 */
char	*bindname_expand(const char *tmpl, bindname_value_fn *value, void *cls);

#endif
