/* SPDX-License-Identifier: MIT */
/*
 * lab_run.h: the lab as the daemon runs it — the configuration document from
 * the command line, its directory (the lab CA and certificate, kept from one
 * start to the next, and the built-in user directory) and the banner.
 */
#ifndef LD_LAB_RUN_H
#define LD_LAB_RUN_H

#include <stdbool.h>

#include "diag.h"
#include "topology.h"

/* What the command line asks of the lab (--lab and the flags that go with it). */
struct lab_options {
	const char			*domain;	/* --lab DOMAIN */
	const char			*dir;		/* --lab-dir, or NULL */
	const char			*sign_in;	/* open (NULL), any-password, password */
	const char			*users;		/* --users FILE, or NULL */
	const char			*cert, *key;	/* --cert, --key, or NULL */
	const struct listener_conf	*listeners;	/* --internal ... (none: the defaults) */
	size_t				 n_listeners;
};

struct lab_made {
	char	*xml;		/* the configuration document: what a reload loads again */
	char	*ca_file;	/* the lab CA, or NULL (no HTTPS listener, or --cert) */
	bool	 ca_reused;	/* it was there already */
	bool	 cert_reused;	/* and so was a server certificate good for the names */
	char	*users_file;	/* the built-in user directory written, or NULL */
};

/*
 * The lab topology of o. With make_files, HTTPS listeners without --cert get
 * a certificate from the lab CA, and --sign-in password|any-password without
 * --users gets the built-in users, both in the lab directory (lab_run_dir()); the
 * CA and the certificate are reused from there while they are good. Without
 * (the cert subcommand), only the names matter. NULL with the errors in d or
 * on stderr.
 */
struct topology	*lab_run_load(const struct lab_options *o, bool make_files, struct lab_made *out,
		    struct diag *d);
void		 lab_run_made_free(struct lab_made *);
/*
 * Names each listener of t, the lab of o, by the flag that made it (or
 * "--lab (its listener ...)"), for messages in place of <lab>:LINE: done by
 * lab_run_load(), and after every reload of the lab's document. 0, or -1
 * when out of memory.
 */
int		 lab_run_name_listeners(struct topology *, const struct lab_options *o);
/*
 * Where the lab of o keeps its files: --lab-dir, else
 * $XDG_STATE_HOME/lyncdiscoverd/DOMAIN, else
 * $HOME/.local/state/lyncdiscoverd/DOMAIN (DOMAIN in lower case). Heap;
 * NULL with *cause when there is no such place.
 */
char		*lab_run_dir(const struct lab_options *o, char **cause);
/* The banner: listeners, CA, users, and curl lines that run as printed. */
void		 lab_run_banner(const struct topology *, const struct lab_options *,
		    const struct lab_made *);

#endif
