/* SPDX-License-Identifier: MIT */
/*
 * tls_wait.h: the TLS transport's thread (tls_transport.h explains why it
 * exists): it resumes connections whose handshake waits for the client once
 * their socket turns readable, and writes the bytes a full socket did not
 * take as it drains. One a server, shared by its HTTPS listeners.
 */
#ifndef LD_TLS_WAIT_H
#define LD_TLS_WAIT_H

struct tls_wait;

/* linger_seconds: how long bytes written behind may wait once their connection has closed. */
struct tls_wait	*tls_wait_new(unsigned linger_seconds, char **cause);
/*
 * Resumes every waiting connection and stops the thread; later waits spin
 * as before, and later bytes behind are dropped.
 */
void		 tls_wait_stop(struct tls_wait *);
/* After tls_wait_stop() and after the listeners have stopped. */
void		 tls_wait_free(struct tls_wait *);

/* Handshake waits handed to the thread so far (for /metrics and tests). */
unsigned long	 tls_wait_count(const struct tls_wait *);
/* Times bytes were written behind a full socket so far (for /metrics and tests). */
unsigned long	 tls_wait_behind_count(const struct tls_wait *);

#endif
