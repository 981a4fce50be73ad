/* SPDX-License-Identifier: MIT */
/*
 * certgen.h: a lab certificate authority and server certificates signed by
 * it, made with GnuTLS's x509 API (ECDSA P-256) — for the cert subcommand
 * and for --lab.
 */
#ifndef LD_CERTGEN_H
#define LD_CERTGEN_H

#include <stdbool.h>
#include <stddef.h>

struct certgen_request {
	const char		 *dir;		/* must exist; files are written here */
	const char *const	 *dns;		/* subjectAltName DNS names; dns[0] is also the CN */
	size_t			  n_dns;
	bool			  loopback;	/* also 127.0.0.1 and ::1 as IP SANs */
	unsigned		  days;		/* server certificate validity */
	/*
	 * Keep DIR/server.pem and its key when the CA signed them, they match,
	 * are valid for CERTGEN_REUSE_DAYS more days and cover every name (the
	 * lab: a device that trusts the CA keeps working across restarts).
	 */
	bool			  reuse_server;
};

#define CERTGEN_REUSE_DAYS 30
/* A server certificate's validity unless asked: the CA/Browser Forum's limit. */
#define CERTGEN_DEFAULT_DAYS 397

struct certgen_result {
	char	*ca_file;	/* DIR/ca.pem */
	char	*ca_key_file;	/* DIR/ca-key.pem */
	char	*cert_file;	/* DIR/server.pem */
	char	*key_file;	/* DIR/server-key.pem */
	bool	 ca_reused;	/* DIR/ca.pem and DIR/ca-key.pem existed and signed */
	bool	 server_reused;	/* DIR/server.pem was kept (reuse_server) */
};

/*
 * Makes (or reuses) the CA in DIR and a new server certificate and key (or,
 * with reuse_server, keeps a good one). Keys are written mode 0600. 0, or -1
 * with *cause.
 */
int	 certgen_make(const struct certgen_request *, struct certgen_result *, char **cause);
void	 certgen_result_free(struct certgen_result *);

#endif
