/*
 * lab_run.h: the lab as the daemon runs it — the configuration document from
 * the command line, its private directory under $TMPDIR (the throw-away CA
 * and certificate, the built-in user directory) and the banner.
 */
#ifndef LD_LAB_RUN_H
#define LD_LAB_RUN_H

#include <stdbool.h>

#include "cli.h"
#include "diag.h"
#include "topology.h"

struct lab_made {
	char	*xml;		/* the configuration document: what a reload loads again */
	char	*ca_file;	/* the throw-away CA made, or NULL */
	char	*users_file;	/* the built-in user directory written, or NULL */
};

/*
 * The lab topology of o. With make_files, HTTPS listeners without --cert get
 * a certificate from a throw-away lab CA, and --sign-in password|any-password
 * without --users gets the built-in users, both in a new private directory
 * under $TMPDIR. Without (the cert subcommand), only the names matter.
 * NULL with the errors in d or on stderr.
 */
struct topology	*lab_load(const struct options *o, bool make_files, struct lab_made *out,
		    struct diag *d);
void		 lab_made_free(struct lab_made *);
/* The banner: listeners, CA, users, and curl lines that run as printed. */
void		 lab_print_banner(const struct topology *, const struct options *,
		    const struct lab_made *);

#endif
