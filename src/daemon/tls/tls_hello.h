/* SPDX-License-Identifier: MIT */
/*
 * tls_hello.h: a client's ClientHello against what a listener's TLS priority
 * and certificates allow, so that a handshake refused for its protocol
 * version, its cipher suites or its signature algorithms ends with the alert
 * TLS prescribes (protocol_version; handshake_failure). GnuTLS reports such a
 * refusal to libmicrohttpd, which closes the connection without a word (it
 * calls no gnutls_alert_send_appropriate()): the client saw "unexpected EOF"
 * and could not tell a refused version from a network fault. The check runs
 * before GnuTLS reads the message, the one moment the daemon can still speak:
 * once GnuTLS has failed the handshake the session is invalid, and
 * libmicrohttpd shuts the socket down before the daemon hears of it.
 *
 * Only clear refusals are answered. A ClientHello this parser cannot read is
 * left to GnuTLS, as are the refusals GnuTLS makes on grounds this does not
 * model: a malformed message (decode_error), a certificate whose signature
 * algorithm the client does not list. A group in common is never a ground:
 * GnuTLS picks one of its own when none is.
 */
#ifndef LD_TLS_HELLO_H
#define LD_TLS_HELLO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLS_HELLO_MAX_VERSIONS 8

/* What a priority string allows: wire versions (0x0303: TLS 1.2) and cipher suite numbers. */
struct tls_hello_policy {
	uint16_t	 versions[TLS_HELLO_MAX_VERSIONS];
	size_t		 n_versions;
	uint16_t	*suites;
	size_t		 n_suites;
};

/* The kinds of certificate key a listener may sign with: a mask of these. */
enum {
	TLS_HELLO_KEY_RSA	= 1 << 0,
	TLS_HELLO_KEY_RSA_PSS	= 1 << 1,
	TLS_HELLO_KEY_ECDSA_P256 = 1 << 2,
	TLS_HELLO_KEY_ECDSA_P384 = 1 << 3,
	TLS_HELLO_KEY_ECDSA_P521 = 1 << 4,
	TLS_HELLO_KEY_ED25519	= 1 << 5,
	TLS_HELLO_KEY_ED448	= 1 << 6,
	TLS_HELLO_KEY_ECDSA	= TLS_HELLO_KEY_ECDSA_P256 | TLS_HELLO_KEY_ECDSA_P384 |
				  TLS_HELLO_KEY_ECDSA_P521
};

/*
 * The kind of a certificate's key: its GnuTLS public-key algorithm (a
 * gnutls_pk_algorithm_t) and size in bits (an ECDSA key's curve); 0 when
 * none of these.
 */
unsigned tls_hello_key_kind(int pk_algorithm, unsigned bits);

/* The policy of a GnuTLS priority string. 0, or -1 with *cause. */
int	 tls_hello_policy_init(struct tls_hello_policy *, const char *priority, char **cause);
void	 tls_hello_policy_free(struct tls_hello_policy *);
/*
 * The alert a ClientHello (msg: the handshake message's body) must get:
 * GNUTLS_A_PROTOCOL_VERSION when it offers no version the policy allows,
 * GNUTLS_A_HANDSHAKE_FAILURE when it offers no cipher suite it allows, or
 * lists signature algorithms none of which a key of the kinds in key_kinds
 * (the certificates' keys; 0: not checked) can make; 0 when the handshake
 * may go on (or the message is not one this reads).
 */
int	 tls_hello_check(const struct tls_hello_policy *, unsigned key_kinds,
	    const unsigned char *msg, size_t len);

/*
 * The server_name a ClientHello asks for (RFC 6066 3: its host_name) into
 * name (size bytes with the NUL); false when it asks none, or one that does
 * not fit or holds a NUL.
 */
bool	 tls_hello_server_name(const unsigned char *msg, size_t len, char *name, size_t size);

#endif
