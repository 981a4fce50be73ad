/* SPDX-License-Identifier: MIT */
/*
 * dn.h: LDAP distinguished names compared as directories compare them —
 * attribute types and values case-insensitively, the spaces around ',', '='
 * and '+' ignored, escapes (RFC 4514: "\," and "\2C") read as the characters
 * they stand for. Active Directory and OpenLDAP return the same DN spelled
 * differently ("CN=Lc Services,CN=Microsoft" and "cn=lc services, cn=microsoft"),
 * so pool/@home-server and msRTCSIP-PrimaryHomeServer meet in this form.
 */
#ifndef LD_DN_H
#define LD_DN_H

/*
 * The canonical form of dn (heap): "type=value" RDNs joined by ',', lower
 * case, values re-escaped ("\," "\+" "\=" "\\"), no insignificant spaces.
 * NULL when dn is not a DN (an RDN without '=', an empty type, a bad
 * escape, empty) or memory runs out; *why (if not NULL) says which.
 */
char	*dn_normalize(const char *dn, const char **why);

#endif
