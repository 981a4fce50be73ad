/* SPDX-License-Identifier: MIT */
/*
 * probe_http.h: one HTTP exchange with libcurl (GnuTLS flavour), recorded as
 * a hop. TLS is never refused by curl: the certificate is inspected and judged
 * by probe_tls.c so that the walk can say exactly what is wrong with it.
 */
#ifndef LD_PROBE_HTTP_H
#define LD_PROBE_HTTP_H

#include <stddef.h>

#include "probe.h"

enum probe_net_error {
	PROBE_NET_OK,
	PROBE_NET_DNS,
	PROBE_NET_REFUSED,
	PROBE_NET_TIMEOUT,
	PROBE_NET_TLS,		/* handshake failed */
	PROBE_NET_TLS_TIMEOUT,	/* connected, and the TLS handshake never completed */
	PROBE_NET_OTHER
};

struct probe_response {
	enum probe_net_error	 net;
	char			 error[256];	/* curl's message when net != OK */
	long			 status;
	char			*body;
	size_t			 len;
	char			*content_type;
	char			*www_authenticate;	/* all values joined with ", " */
	char			*webticket_url;		/* X-MS-WebTicketURL */
	char			*diagnostics;		/* X-Ms-diagnostics */
};

/*
 * post: a body (POST; a form unless headers say another Content-Type), or
 * NULL (GET); headers: more header lines ("Name: value"), NULL-terminated,
 * or NULL. A POST is sent only over a verified TLS connection (it carries a
 * password). Returns 0 or -1 (memory).
 */
int	 probe_http(const struct probe_options *, const char *url, const char *accept,
	     const char *const *headers, const char *post, struct probe_hop *,
	     struct probe_response *);
void	 probe_http_response_free(struct probe_response *);
int	 probe_http_init(void);
void	 probe_http_cleanup(void);

/* probe_tls.c: judges the peer certificate of session (a gnutls_session_t) for host. */
void	 probe_tls_inspect(void *session, const char *host, const char *cacert, struct probe_tls *);

#endif
