/* SPDX-License-Identifier: MIT */
/*
 * cert_info.h: what a PEM certificate file says — its DNS subjectAltNames and
 * validity — for the coverage checks, the cert subcommand and the plan.
 */
#ifndef LD_CERT_INFO_H
#define LD_CERT_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct cert_info {
	char	 *file;
	char	**dns;		/* DNS subjectAltNames of the first (server) certificate */
	size_t	  n_dns;
	time_t	  not_before;
	time_t	  not_after;
	size_t	  n_chain;	/* certificates in the file: 1 + intermediates */
};

/* Reads file (PEM, server certificate first). 0, or -1 with *cause. */
int	 cert_info_load(const char *file, struct cert_info *, char **cause);
void	 cert_info_free(struct cert_info *);
/* Does one of the DNS subjectAltNames cover name? (the common name is never used) */
bool	 cert_info_covers(const struct cert_info *, const char *name);
/*
 * RFC 6125 §6.4.3 matching of one DNS-ID pattern against a host name, as
 * browsers and mobile clients do it: case-insensitive; a wildcard only as the
 * whole left-most label ("*.example.com"), matching exactly one non-empty
 * label, and never for a pattern with fewer than two labels after it.
 */
bool	 cert_info_san_matches(const char *pattern, const char *name);

#endif
