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

/*
 * The certificates of the test rig's TLS faults (the admin API's "tls"
 * rules), for a listener whose certificate is cert_file:
 *   expired     its names, signed by its CA, expired 30 days ago;
 *   wrong-name  valid, signed by its CA, for wrong-name.invalid only;
 *   untrusted   its names, valid, signed by a CA made now that nobody trusts.
 * Its CA is the one beside cert_file (ca.pem and ca-key.pem in its
 * directory, as the lab and the cert subcommand leave them) when it signed
 * cert_file; the pairs are then also written there (rig-expired.pem,
 * rig-expired-key.pem, ...), with the lab's files. Otherwise a CA made now
 * signs them, in memory only, and clients see every fault as untrusted.
 */
enum certgen_fault {
	CERTGEN_FAULT_EXPIRED,
	CERTGEN_FAULT_WRONG_NAME,
	CERTGEN_FAULT_UNTRUSTED,
	CERTGEN_FAULTS
};

struct certgen_faults {
	char	*cert[CERTGEN_FAULTS];	/* PEM */
	char	*key[CERTGEN_FAULTS];	/* PEM */
	bool	 ca_beside;		/* signed by the CA beside cert_file */
};

/* 0, or -1 with *cause (nothing to free then). */
int	 certgen_faults_make(const char *cert_file, struct certgen_faults *, char **cause);
void	 certgen_faults_free(struct certgen_faults *);

#endif
