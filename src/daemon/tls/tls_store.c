/* SPDX-License-Identifier: MIT */
/*
 * tls_store.c: per-listener TLS material, reference-counted and swapped on
 * reload.
 *
 * A "material" is one certificate credentials object holding every cert/key
 * pair of the listener, plus the ticket key. Each connection holds a
 * reference from before its handshake until it closes, so a reload never
 * frees what a live session points at.
 */
#include <config.h>

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "files.h"
#include "tls.h"
#include "tls_hello.h"
#include "tls_store.h"
#include "util.h"

struct tls_material {
	atomic_uint				 refs;
	gnutls_certificate_credentials_t	 cred;
	unsigned char				 ticket_key[TICKET_KEY_SIZE];
	unsigned				 key_kinds;	/* TLS_HELLO_KEY_* of its pairs */
};

struct tls_store {
	pthread_mutex_t		 lock;		/* guards current, tickets, ticket_lifetime, faults */
	gnutls_certificate_credentials_t faults[TLS_STORE_FAULTS];	/* the rig's TLS faults */
	unsigned char		 fault_ticket_key[TICKET_KEY_SIZE];	/* opens no ticket */
	struct tls_material	*current;
	bool			 tickets;
	unsigned		 ticket_lifetime;
	unsigned char		 random_key[TICKET_KEY_SIZE];	/* without ticket-key */
};

static void
material_release(struct tls_material *m)
{
	if (m == NULL || atomic_fetch_sub(&m->refs, 1) != 1)
		return;
	gnutls_certificate_free_credentials(m->cred);
	gnutls_memset(m->ticket_key, 0, sizeof m->ticket_key);
	free(m);
}

int
tls_store_read_ticket_key(const char *file, unsigned char key[TICKET_KEY_SIZE], char **cause)
{
	gnutls_datum_t in, out = { NULL, 0 };
	size_t len;
	char *text = files_read(file, &len);
	int rc;

	if (text == NULL) {
		*cause = xasprintf_s("cannot read ticket-key %s: %s", file, files_strerror(errno));
		return -1;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	in.data = (unsigned char *)text;
	in.size = (unsigned)len;
	rc = gnutls_base64_decode2(&in, &out);
	gnutls_memset(text, 0, len);
	free(text);
	if (rc < 0 || out.size != TICKET_KEY_SIZE) {
		*cause = xasprintf_s("ticket-key %s: must hold base64 of %d random bytes "
		    "(head -c %d /dev/urandom | base64 -w0)", file, TICKET_KEY_SIZE, TICKET_KEY_SIZE);
		gnutls_free(out.data);
		return -1;
	}
	memcpy(key, out.data, TICKET_KEY_SIZE);
	gnutls_memset(out.data, 0, out.size);
	gnutls_free(out.data);
	return 0;
}

/* The kind of key of a PEM chain's first certificate (tls_hello.h); 0 when unread. */
static unsigned
key_kind(const gnutls_datum_t *pem)
{
	gnutls_x509_crt_t crt;
	unsigned kind = 0, bits = 0;

	if (gnutls_x509_crt_init(&crt) < 0)
		return 0;
	if (gnutls_x509_crt_import(crt, pem, GNUTLS_X509_FMT_PEM) == 0) {
		int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);	/* sets bits */

		kind = tls_hello_key_kind(pk, bits);
	}
	gnutls_x509_crt_deinit(crt);
	return kind;
}

/*
 * Adds every pair of the listener to cred (the first is what clients
 * without SNI get) and their kinds of key to *kinds.
 */
static int
add_pairs(gnutls_certificate_credentials_t cred, const struct listener_conf *l,
    unsigned *kinds, char **cause)
{
	gnutls_datum_t c, k;
	char *cpem, *kpem;
	size_t i;
	int rc;

	for (i = 0; i < l->n_certs; i++) {
		if (tls_load_pair(l->certs[i].cert_file, l->certs[i].key_file, &cpem, &kpem,
		    cause) != 0)
			return -1;
		c = (gnutls_datum_t){ (unsigned char *)cpem, (unsigned)strlen(cpem) };
		k = (gnutls_datum_t){ (unsigned char *)kpem, (unsigned)strlen(kpem) };
		rc = gnutls_certificate_set_x509_key_mem2(cred, &c, &k, GNUTLS_X509_FMT_PEM,
		    NULL, 0);
		*kinds |= key_kind(&c);
		free(cpem);
		gnutls_memset(kpem, 0, strlen(kpem));
		free(kpem);
		if (rc < 0) {
			*cause = xasprintf_s("certificate %s: %s", l->certs[i].cert_file,
			    gnutls_strerror(rc));
			return -1;
		}
	}
	return 0;
}

static struct tls_material *
material_load(const struct tls_store *s, const struct topology *t,
    const struct listener_conf *l, char **cause)
{
	struct tls_material *m = calloc(1, sizeof *m);

	if (m == NULL || gnutls_certificate_allocate_credentials(&m->cred) < 0) {
		free(m);
		*cause = xstrdup("out of memory");
		return NULL;
	}
	atomic_init(&m->refs, 1);
	if (add_pairs(m->cred, l, &m->key_kinds, cause) != 0) {
		material_release(m);
		return NULL;
	}
	if (t->ticket_key_file == NULL)
		memcpy(m->ticket_key, s->random_key, TICKET_KEY_SIZE);
	else if (t->session_tickets &&
	    tls_store_read_ticket_key(t->ticket_key_file, m->ticket_key, cause) != 0) {
		material_release(m);
		return NULL;
	}
	return m;
}

struct tls_store *
tls_store_new(const struct topology *t, const struct listener_conf *l, char **cause)
{
	struct tls_store *s = calloc(1, sizeof *s);

	if (s == NULL) {
		*cause = xstrdup("out of memory");
		return NULL;
	}
	s->tickets = t->session_tickets;
	s->ticket_lifetime = t->ticket_lifetime;
	pthread_mutex_init(&s->lock, NULL);
	if (gnutls_rnd(GNUTLS_RND_KEY, s->random_key, sizeof s->random_key) < 0 ||
	    gnutls_rnd(GNUTLS_RND_KEY, s->fault_ticket_key, sizeof s->fault_ticket_key) < 0) {
		*cause = xstrdup("cannot make a random ticket key");
		tls_store_free(s);
		return NULL;
	}
	if ((s->current = material_load(s, t, l, cause)) == NULL) {
		tls_store_free(s);
		return NULL;
	}
	return s;
}

struct tls_material *
tls_store_load(const struct tls_store *s, const struct topology *t,
    const struct listener_conf *l, char **cause)
{
	return material_load(s, t, l, cause);
}

void
tls_store_swap(struct tls_store *s, const struct topology *t, struct tls_material *fresh)
{
	struct tls_material *old;

	pthread_mutex_lock(&s->lock);
	old = s->current;
	s->current = fresh;
	s->tickets = t->session_tickets;
	s->ticket_lifetime = t->ticket_lifetime;
	pthread_mutex_unlock(&s->lock);
	material_release(old);	/* freed when its last connection closes */
}

void
tls_store_material_free(struct tls_material *m)
{
	material_release(m);
}

void *
tls_store_attach(struct tls_store *s, gnutls_session_t session)
{
	gnutls_datum_t key;
	struct tls_material *m;

	bool tickets;
	unsigned lifetime;

	pthread_mutex_lock(&s->lock);
	m = s->current;
	atomic_fetch_add(&m->refs, 1);
	tickets = s->tickets;
	lifetime = s->ticket_lifetime;
	pthread_mutex_unlock(&s->lock);
	if (gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, m->cred) < 0) {
		/* Out of memory: the session keeps libmicrohttpd's own credentials. */
		material_release(m);
		return NULL;
	}
	/* Without tickets the connection still works; it just cannot be resumed. */
	key = (gnutls_datum_t){ m->ticket_key, TICKET_KEY_SIZE };
	if (tickets && gnutls_session_ticket_enable_server(session, &key) == 0)
		gnutls_db_set_cache_expiration(session, (int)lifetime);
	return m;
}

unsigned
tls_store_key_kinds(const void *token)
{
	const struct tls_material *m = token;

	return m != NULL ? m->key_kinds : 0;
}

void
tls_store_detach(void *token)
{
	material_release(token);
}

int
tls_store_set_faults(struct tls_store *s, const char *const cert[TLS_STORE_FAULTS],
    const char *const key[TLS_STORE_FAULTS], char **cause)
{
	gnutls_certificate_credentials_t made[TLS_STORE_FAULTS] = { NULL };
	gnutls_datum_t c, k;
	size_t i;
	int rc = 0;

	for (i = 0; i < TLS_STORE_FAULTS && rc >= 0; i++) {
		c = (gnutls_datum_t){ (unsigned char *)(uintptr_t)cert[i], (unsigned)strlen(cert[i]) };
		k = (gnutls_datum_t){ (unsigned char *)(uintptr_t)key[i], (unsigned)strlen(key[i]) };
		if ((rc = gnutls_certificate_allocate_credentials(&made[i])) >= 0)
			rc = gnutls_certificate_set_x509_key_mem2(made[i], &c, &k,
			    GNUTLS_X509_FMT_PEM, NULL, 0);
	}
	if (rc < 0) {
		*cause = xasprintf_s("the TLS faults' certificates: %s", gnutls_strerror(rc));
		for (i = 0; i < TLS_STORE_FAULTS; i++)
			if (made[i] != NULL)
				gnutls_certificate_free_credentials(made[i]);
		return -1;
	}
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < TLS_STORE_FAULTS; i++) {
		if (s->faults[i] != NULL)
			gnutls_certificate_free_credentials(s->faults[i]);	/* set once: never in use */
		s->faults[i] = made[i];
	}
	pthread_mutex_unlock(&s->lock);
	return 0;
}

bool
tls_store_present_fault(struct tls_store *s, size_t fault, gnutls_session_t session)
{
	gnutls_datum_t key = { s->fault_ticket_key, TICKET_KEY_SIZE };
	bool done;

	assert(fault < TLS_STORE_FAULTS);
	pthread_mutex_lock(&s->lock);
	done = s->faults[fault] != NULL &&
	    gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, s->faults[fault]) >= 0;
	pthread_mutex_unlock(&s->lock);
	/* A ticket would skip the certificate: this key opens none, so the handshake is full. */
	if (done)
		(void)gnutls_session_ticket_enable_server(session, &key);
	return done;
}

void
tls_store_free(struct tls_store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < TLS_STORE_FAULTS; i++)
		if (s->faults[i] != NULL)
			gnutls_certificate_free_credentials(s->faults[i]);
	material_release(s->current);
	pthread_mutex_destroy(&s->lock);
	gnutls_memset(s->random_key, 0, sizeof s->random_key);
	gnutls_memset(s->fault_ticket_key, 0, sizeof s->fault_ticket_key);
	free(s);
}
