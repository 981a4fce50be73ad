/*
 * tls.h: TLS material: loading and checking certificates and keys, checking
 * priority strings, and making the throw-away certificate of the lab.
 */
#ifndef LD_TLS_H
#define LD_TLS_H

#include <stddef.h>

#include "diag.h"
#include "topology.h"

/* Reads a PEM certificate (chain) and key and checks they load and match. 0, or -1 with *cause. */
int	 tls_load_pair(const char *cert_file, const char *key_file, char **cert_pem,
	     char **key_pem, char **cause);
/* 0 if GnuTLS accepts the priority string, else -1 with *cause. */
int	 tls_priority_check(const char *priority, char **cause);
/* Checks every TLS listener's pair and the priority string; reports at the listener's line. */
int	 tls_check_topology(const struct topology *, struct diag *);
/*
 * Makes a self-signed ECDSA P-256 certificate whose subjectAltName holds names
 * (DNS) and 127.0.0.1/::1, valid for 90 days, as DIR/lab-cert.pem and
 * DIR/lab-key.pem (mode 0600). 0, or -1 with *cause.
 */
int	 tls_make_lab_cert(const char *dir, const char *const *names, size_t n_names,
	     char **cert_file, char **key_file, char **cause);

#endif
