/* SPDX-License-Identifier: MIT */
/*
 * topology.h: the configuration snapshot, as data.
 *
 * A topology is what a configuration file (or the embedded lab) describes: the
 * pools with their web services and SIP access points, the SIP domains they
 * serve, the listeners and the defaults. It is built once by config_load() and
 * never changed afterwards; every reader may share it between threads.
 */
#ifndef LD_TOPOLOGY_H
#define LD_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"
#include "name_index.h"

/* Which web site received the request: the protocol's AccessLocation. */
enum access_location {
	ACCESS_INTERNAL,
	ACCESS_EXTERNAL,
	ACCESS_LOCATION_COUNT
};

/*
 * How a listener decides the access location of a request (listener/@access).
 * The listener's location is the answer of ACCESS_FIXED, and the default of
 * ACCESS_BY_NAME (listener/@default-access) for a name in neither set.
 */
enum access_mode {
	ACCESS_FIXED,		/* access="internal" or "external" */
	ACCESS_AUTO,		/* access="auto": by the client's network (client.c) */
	ACCESS_BY_NAME		/* access="by-name": by the name the client asked for (client.c) */
};

/* The four document flavours of the protocol (doc/protocol.md §2.2, §4). */
enum representation {
	REP_AUTODISCOVER_XML,	/* application/vnd.microsoft.rtc.autodiscover+xml; v=1 */
	REP_AUTODISCOVER_JSON,	/* application/vnd.microsoft.rtc.autodiscover+json; v=1 */
	REP_UCWA_JSON,		/* application/json, "_links" */
	REP_UCWA_XML,		/* application/xml, <resource> */
	REP_COUNT
};

/* The SipAccess elements, in the order the documents carry them (§4.1). */
enum sip_access_kind {
	SIP_SERVER_INTERNAL,
	SIP_CLIENT_INTERNAL,
	SIP_SERVER_EXTERNAL,
	SIP_CLIENT_EXTERNAL,
	SIP_ACCESS_COUNT
};

struct sip_access {
	char		*fqdn;		/* NULL: not configured, not emitted */
	unsigned	 port;
};

struct web_service {
	char		*fqdn;
	unsigned	 port;		/* HTTPS port used in links; 443 is omitted */
	char		*base;		/* "https://fqdn[:port]", derived */
};

struct pool {
	char			*name;
	char			*server_fqdn;	/* X-MS-Server-Fqdn */
	struct web_service	 web[ACCESS_LOCATION_COUNT];
	struct sip_access	 sip[SIP_ACCESS_COUNT];
	size_t			*domains;	/* indices into topology.domains */
	size_t			 n_domains;
	char			*home_server;	/* the registrar DN that homes LDAP users here,
						   canonical (dn.h); NULL: none */
	int			 line;
};

struct sip_domain {
	char		*name;		/* lower case, no trailing dot */
	char		*online_autodiscover;	/* hosting provider's Root URL (split domain), or NULL */
	size_t		 pool;		/* index into topology.pools */
	size_t		 slot;		/* 1 + position among its pool's domains */
	int		 line;
};

/* A certificate (PEM chain: server certificate first, then intermediates) and its key. */
struct cert_pair {
	char		*cert_file;	/* resolved against the config's directory */
	char		*key_file;
	int		 line;
};

struct listener_conf {
	char			*address;	/* numeric, as written */
	unsigned		 port;
	enum access_location	 location;	/* ACCESS_BY_NAME: the default-access */
	enum access_mode	 access_mode;	/* AUTO and BY_NAME decide per request (client.c) */
	bool			 tls;
	/*
	 * certs[0] is the listener's cert/key (sent to clients without SNI),
	 * then its <certificate> children; GnuTLS picks one per connection by
	 * the SNI name and the certificates' subjectAltNames.
	 */
	struct cert_pair	*certs;
	size_t			 n_certs;
	char			*advertise;	/* address clients reach this listener at (plan); NULL: unset */
	unsigned		 proxy_protocol;	/* PROXY_V1 | PROXY_V2 accepted; 0: none */
	int			 line;
	/*
	 * The command-line flag that made it ("--listen 10.99.0.1",
	 * "--external-tls 127.0.0.1:9443"), for messages in place of FILE:LINE;
	 * NULL when it came from a configuration file.
	 */
	char			*flag;
};

/* Who may see the User resources (doc/protocol.md §3.3, §3.4). */
enum sign_in_mode {
	SIGN_IN_PASSWORD,	/* a token from the token endpoint, for a password in the directory */
	SIGN_IN_ANY_PASSWORD,	/* the same, but any password is accepted for a listed user (lab) */
	SIGN_IN_OPEN		/* no credentials: the user is the sipuri of the request (lab) */
};

struct directory;

/*
 * An LDAP / Active Directory user directory (<sign-in><ldap>): where it is,
 * how to reach it, what to ask. The daemon's ldapdir.c talks to it; the core
 * only sees its answers (users.h).
 */
struct ldap_conf {
	char		*url;			/* as written: ldap://host[:port] or ldaps://... */
	char		*host;			/* from url: name or address (no brackets) */
	unsigned	 port;			/* from url, else 389 / 636 */
	bool		 ldaps;			/* TLS from the first byte */
	bool		 starttls;		/* ldap:// upgraded by StartTLS */
	char		*ca_file;		/* PEM CA the server's certificate must chain to; NULL: system */
	char		*base;			/* search base */
	char		*bind_dn;		/* the look-ups' identity; NULL: anonymous */
	char		*bind_password_file;
	char		*bind_password;		/* read from bind_password_file at load */
	char		*filter;		/* template with %s (ldapfilter.h) */
	char		*attr_enabled;		/* msRTCSIP-UserEnabled */
	char		*attr_address;		/* msRTCSIP-PrimaryUserAddress */
	char		*attr_home;		/* msRTCSIP-PrimaryHomeServer */
	char		*attr_locator;		/* msRTCSIP-DeploymentLocator */
	char		*attr_account_control;	/* userAccountControl: ACCOUNTDISABLE disables */
	char		*user_bind_name;	/* template (bindname.h); NULL: the entry's DN */
	unsigned	 cache_ttl;		/* seconds an answer with an entry is kept */
	unsigned	 negative_ttl;		/* seconds a "no such user" is kept */
	unsigned	 timeout;		/* seconds: connect, each operation */
	bool		 allow_plain_bind;	/* passwords may cross a plain connection */
	int		 line;
};

/* How much the daemon says on stderr (settings/@log-level). */
enum log_level {
	LOG_ERROR,	/* errors only */
	LOG_WARNING,	/* and warnings (certificates) */
	LOG_INFO	/* and reloads and libmicrohttpd's messages (the default) */
};

struct sign_in {
	enum sign_in_mode	 mode;
	char			*directory_file;	/* NULL: everyone of a served domain is homed on its pool */
	struct directory	*directory;		/* loaded from directory_file */
	struct ldap_conf	*ldap;			/* NULL: no LDAP directory */
	char			*token_secret_file;	/* NULL: a random secret per process */
	unsigned char		 token_secret[64];
	size_t			 token_secret_len;
	unsigned		 token_lifetime;	/* seconds */
	char			*issuer;		/* in every token; "lyncdiscover/<oauth realm>" */
	char			*dummy_hash;		/* what unknown users' passwords are verified against */
	/* Throttling of failed sign-ins (throttle.h): 0 max_failures turns it off. */
	unsigned		 max_failures;		/* per client address and per user, in a window */
	unsigned		 failure_window;	/* seconds */
	unsigned		 max_block;		/* seconds: the longest an address is refused */
	int			 line;
};

/* The source name of the embedded lab's topology (lab.c) in messages. */
#define TOPOLOGY_LAB_SOURCE "<lab>"

struct topology {
	char			*source;	/* file name, or TOPOLOGY_LAB_SOURCE */
	struct pool		*pools;
	size_t			 n_pools;
	struct sip_domain	*domains;
	size_t			 n_domains;
	struct listener_conf	*listeners;
	size_t			 n_listeners;
	enum representation	 default_representation;
	size_t			 default_pool;
	unsigned		 connection_timeout;	/* seconds, > 0 */
	unsigned		 threads;		/* 0: one per core */
	unsigned		 header_timeout;	/* seconds to deliver a request head */
	unsigned		 keepalive_timeout;	/* seconds of silence between requests */
	unsigned		 max_connections;	/* per listener */
	unsigned		 max_connections_per_client;	/* per listener; 0: no limit */
	unsigned		 sign_in_workers;	/* password checks in parallel; 0: cores - 1, at least 1 */
	unsigned		 sign_in_queue;		/* sign-ins waiting for a worker; more get 503 */
	char			*tls_priority;
	bool			 strict_certificates;	/* certificate problems stop the start */
	bool			 session_tickets;	/* TLS resumption by tickets (default on) */
	char			*ticket_key_file;	/* shared ticket master key; NULL: random per process */
	unsigned		 ticket_lifetime;	/* seconds */
	char			*oauth_realm;		/* for the Bearer trusted_issuers */
	bool			 mobility_internal;	/* mobility policy: internal clients use internal web services */
	struct sign_in		 sign_in;
	bool			 cors;			/* answer CORS for allow-listed origins */
	struct cidr		*trusted_proxies;	/* proxy headers are believed from these */
	size_t			 n_trusted_proxies;
	struct cidr		*internal_networks;	/* access="auto": these are Internal */
	size_t			 n_internal_networks;
	bool			 access_host_fallback;	/* access="auto": lyncdiscoverinternal.* is Internal */
	char			*access_log;		/* path, "stderr", or NULL: none */
	char			*user;			/* drop to this user after binding */
	enum log_level		 log_level;
	char			 admin_address[64];	/* /metrics, /healthz, the API; "" if none */
	unsigned		 admin_port;
	char			*admin_token_file;	/* the API's writes need its token; NULL: none */
	char			*admin_token;		/* read from it (admin_token.c) */
	char			*control_socket;	/* reload, reopen, check: its Unix socket; NULL: none */
	unsigned		 journal_size;		/* requests the journal keeps; 0: none */
	bool			 allow_root;		/* may go on running as root */
	bool			 access_log_json;
	char			**origins;		/* allow-list for Origin and X-Ms-Origin */
	size_t			 n_origins;
	int			 settings_line;		/* for messages; 0 if no <settings> */
	/* Look-ups by name in constant time (topology_index()): */
	struct name_index	 domains_by_name;	/* domain positions */
	struct name_index	 pools_by_web;		/* pool * 2 + location, by web FQDN */
	struct name_index	 origins_by_name;	/* CORS origins */
};

/*
 * The default GnuTLS priority: TLS 1.2 and 1.3, AEAD ciphers, forward secrecy
 * only, in the server's order of preference (not the client's). Server
 * precedence orders the key-exchange groups too, and a TLS 1.3 client whose
 * key share is not for the server's first choice pays a HelloRetryRequest
 * (a round trip): X25519, the share browsers, OpenSSL, BoringSSL and Java
 * send, comes first, then P-256 (SChannel's second share).
 */
#define TOPOLOGY_DEFAULT_TLS_PRIORITY \
	"NORMAL:%SERVER_PRECEDENCE:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-RSA:-CIPHER-ALL:" \
	"+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:-GROUP-ALL:+GROUP-X25519:" \
	"+GROUP-SECP256R1:+GROUP-SECP384R1:+GROUP-SECP521R1:+GROUP-X448:+GROUP-FFDHE2048:" \
	"+GROUP-FFDHE3072:+GROUP-FFDHE4096:+GROUP-FFDHE6144:+GROUP-FFDHE8192"
#define TOPOLOGY_DEFAULT_TIMEOUT 15
#define TOPOLOGY_DEFAULT_HEADER_TIMEOUT 10
#define TOPOLOGY_DEFAULT_MAX_CONNECTIONS 10000
#define TOPOLOGY_DEFAULT_TICKET_LIFETIME 21600	/* GnuTLS's default: 6 hours */
#define TOPOLOGY_DEFAULT_TOKEN_LIFETIME 28800	/* 8 hours, as Lync's OAuth tokens */
#define TOPOLOGY_DEFAULT_SIGN_IN_QUEUE 64	/* about 2 s of one worker's password checks */
#define TOPOLOGY_DEFAULT_MAX_FAILURES 10
#define TOPOLOGY_DEFAULT_FAILURE_WINDOW 60
#define TOPOLOGY_DEFAULT_MAX_BLOCK 900
#define TOPOLOGY_DEFAULT_JOURNAL_SIZE 1000
#define TOPOLOGY_DEFAULT_LDAP_CACHE_TTL 300
#define TOPOLOGY_DEFAULT_LDAP_NEGATIVE_TTL 60	/* at most cache-ttl */
#define TOPOLOGY_DEFAULT_LDAP_TIMEOUT 3

/*
 * Makes t's name indexes, once its pools, domains and origins are in place:
 * the domains by name, the pools by their web FQDNs (the first pool, then
 * location, that has a name keeps it), the CORS origins. dup(cls, first, later) is called for
 * each domain whose name an earlier one has. 0, or -1 when out of memory.
 */
int			 topology_index(struct topology *t,
			     void (*dup)(void *cls, size_t first, size_t later), void *cls);
/* The domain named name (len bytes, any case, one trailing dot ignored); NULL if none. */
const struct sip_domain	*topology_find_domain(const struct topology *, const char *name, size_t len);
/* The pool whose internal or external web FQDN is fqdn (as above); NULL if none. */
const struct pool	*topology_find_pool_by_web(const struct topology *, const char *fqdn, size_t len);
/*
 * The same, with the location whose web FQDN it is (*loc); a name that is a
 * web FQDN of both locations (of one pool, or of two) gives the first pool's
 * first, internal before external.
 */
const struct pool	*topology_find_web(const struct topology *, const char *fqdn, size_t len,
			    enum access_location *loc);
/* Is origin (any case) among the CORS origins? */
bool			 topology_origin_listed(const struct topology *, const char *origin);
const char		*topology_location_name(enum access_location);
void			 topology_listener_conf_clear(struct listener_conf *);
void			 topology_ldap_conf_free(struct ldap_conf *);
void			 topology_free(struct topology *);

#endif
