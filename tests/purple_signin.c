/* SPDX-License-Identifier: MIT */
/*
 * purple_signin.c: a real Lync client, headless — libpurple with the
 * pidgin-sipe protocol plugin (Debian's pidgin-sipe), driven without a UI
 * for tests/pidgin_sipe.test.
 *
 *   purple_signin --user-dir DIR --account USER@DOMAIN --password-file FILE
 *                 [--ca PEM]... [--server HOST[:PORT]] [--timeout S]
 *
 * It makes a sipe account (server empty: pidgin-sipe's own Lync
 * autodiscover — lyncdiscoverinternal./lyncdiscover.DOMAIN, the User
 * resource, its web ticket — then the SIP access point the User document
 * names), trusts the PEM CAs in libpurple's CA pool (in memory, for this
 * run), connects, and waits for the account to sign on or to fail. What it
 * prints on stdout is libpurple's and pidgin-sipe's own debug log; the last
 * line is its verdict:
 *
 *   RESULT signed-on
 *   RESULT connection-error <reason>: <pidgin-sipe's message>
 *   RESULT dialog <what a UI would have asked the user>
 *   RESULT timeout
 *
 * Exit status: 0 signed on, 1 connection error, 2 timeout, 3 a dialog would
 * have asked the user (e.g. to accept an untrusted certificate), 4 setup.
 *
 * Names resolve as the system resolves them (the test runs this in a mount
 * namespace with its own /etc/hosts); nothing here talks to the network
 * but the client itself.
 */
#define _GNU_SOURCE	/* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>
#include <purple.h>

#define UI_ID "lyncdiscover-test"
#define MAX_CAS 8

static GMainLoop *loop;
static int verdict = 2;

/* ---------------------------------------------------- libpurple on GLib */

struct io_closure {
	PurpleInputFunction	 function;
	gpointer		 data;
};

static gboolean
io_invoke(GIOChannel *source, GIOCondition condition, gpointer data)
{
	struct io_closure *c = data;
	int cond = 0;

	if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		cond |= PURPLE_INPUT_READ;
	if (condition & (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL))
		cond |= PURPLE_INPUT_WRITE;
	c->function(c->data, g_io_channel_unix_get_fd(source), (PurpleInputCondition)cond);
	return TRUE;
}

static guint
input_add(gint fd, PurpleInputCondition condition, PurpleInputFunction function, gpointer data)
{
	struct io_closure *c = g_new0(struct io_closure, 1);
	GIOChannel *ch = g_io_channel_unix_new(fd);
	int cond = 0;
	guint id;

	c->function = function;
	c->data = data;
	if (condition & PURPLE_INPUT_READ)
		cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (condition & PURPLE_INPUT_WRITE)
		cond |= G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
	id = g_io_add_watch_full(ch, G_PRIORITY_DEFAULT, (GIOCondition)cond, io_invoke, c, g_free);
	g_io_channel_unref(ch);
	return id;
}

static PurpleEventLoopUiOps eventloop_ops = {
	g_timeout_add, g_source_remove, input_add, g_source_remove, NULL,
	g_timeout_add_seconds, NULL, NULL, NULL
};

static PurpleCoreUiOps core_ops;

/* ------------------------------------ Debian 12's libxml2, put right */

/*
 * pidgin-sipe reads every XML document (autodiscover, the web ticket
 * service, SIP bodies) with xmlSAXUserParseMemory() and a handler marked
 * XML_SAX2_MAGIC that has only the SAX1 element callbacks. libxml2 calls
 * those for such a handler (xmlDetectSAX2: SAX2 only when the handler has
 * a SAX2 element callback, or none at all) — but Debian 12's libxml2
 * (2.9.14+dfsg-1.3~deb12u6 here; LibXML-raku issue 116 saw the same with
 * earlier bookworm builds) takes every such handler for SAX2: no element
 * reaches pidgin-sipe, and it finds nothing in any document (a bare program
 * with such a handler gets no startElement call). This executable exports its
 * own xmlSAXUserParseMemory, which the dynamic linker binds pidgin-sipe's
 * calls to (the executable comes first in the lookup order): it marks
 * such a handler SAX1, which is what libxml2 itself documents, and calls
 * libxml2's. The client's code and its XML are untouched.
 */
int
xmlSAXUserParseMemory(xmlSAXHandlerPtr sax, void *user_data, const char *buffer, int size)
{
	static int (*real)(xmlSAXHandlerPtr, void *, const char *, int);
	xmlSAXHandler copy;

	if (real == NULL &&
	    (real = (int (*)(xmlSAXHandlerPtr, void *, const char *, int))dlsym(RTLD_NEXT,
	    "xmlSAXUserParseMemory")) == NULL)
		return -1;
	if (sax == NULL || sax->initialized != XML_SAX2_MAGIC || sax->startElementNs != NULL ||
	    sax->endElementNs != NULL || (sax->startElement == NULL && sax->endElement == NULL))
		return real(sax, user_data, buffer, size);
	copy = *sax;
	copy.initialized = 1;	/* a SAX1 handler */
	return real(&copy, user_data, buffer, size);
}

/* -------------------------------------------------------------- verdicts */

static void
finish(int code, const char *what, const char *detail)
{
	if (loop == NULL || !g_main_loop_is_running(loop))
		return;
	verdict = code;
	printf("RESULT %s%s%s\n", what, detail != NULL ? " " : "", detail != NULL ? detail : "");
	fflush(stdout);
	g_main_loop_quit(loop);
}

static void
signed_on(PurpleConnection *gc, gpointer data)
{
	(void)gc;
	(void)data;
	finish(0, "signed-on", NULL);
}

static void
connection_error(PurpleConnection *gc, PurpleConnectionError err, const gchar *desc, gpointer data)
{
	char *d = g_strdup_printf("%d: %s", (int)err, desc != NULL ? desc : "");

	(void)gc;
	(void)data;
	finish(1, "connection-error", d);
	g_free(d);
}

static gboolean
timed_out(gpointer data)
{
	(void)data;
	finish(2, "timeout", NULL);
	return FALSE;
}

/* A UI would ask the user here; a test cannot answer, so the run ends, saying what was asked. */
static void *
request_action(const char *title, const char *primary, const char *secondary,
    int default_action, PurpleAccount *account, const char *who, PurpleConversation *conv,
    void *user_data, size_t action_count, va_list actions)
{
	char *d = g_strdup_printf("%s: %s: %s", title ? title : "", primary ? primary : "",
	    secondary ? secondary : "");

	(void)default_action;
	(void)account;
	(void)who;
	(void)conv;
	(void)user_data;
	(void)action_count;
	(void)actions;
	finish(3, "dialog", d);
	g_free(d);
	return NULL;
}

static PurpleRequestUiOps request_ops = { .request_action = request_action };

/* -------------------------------------------------------------- set-up */

struct options {
	const char	*user_dir, *account, *password_file, *server;
	const char	*cas[MAX_CAS];
	int		 n_cas;
	int		 timeout;
};

static int
usage(void)
{
	fprintf(stderr, "usage: purple_signin --user-dir DIR --account USER@DOMAIN "
	    "--password-file FILE [--ca PEM]... [--server HOST[:PORT]] [--timeout S]\n");
	return 4;
}

static int
parse(int argc, char **argv, struct options *o)
{
	int i;

	memset(o, 0, sizeof *o);
	o->timeout = 60;
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--user-dir") == 0)
			o->user_dir = argv[i + 1];
		else if (strcmp(argv[i], "--account") == 0)
			o->account = argv[i + 1];
		else if (strcmp(argv[i], "--password-file") == 0)
			o->password_file = argv[i + 1];
		else if (strcmp(argv[i], "--server") == 0)
			o->server = argv[i + 1];
		else if (strcmp(argv[i], "--timeout") == 0)
			o->timeout = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--ca") == 0 && o->n_cas < MAX_CAS)
			o->cas[o->n_cas++] = argv[i + 1];
		else
			return -1;
	}
	return i == argc && o->user_dir != NULL && o->account != NULL &&
	    o->password_file != NULL && o->timeout > 0 ? 0 : -1;
}

/* The first line of file, without its line end; NULL with a message. */
static char *
read_password(const char *file)
{
	gchar *text = NULL;
	GError *err = NULL;

	if (!g_file_get_contents(file, &text, NULL, &err)) {
		fprintf(stderr, "purple_signin: %s: %s\n", file, err->message);
		g_error_free(err);
		return NULL;
	}
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}

/*
 * Puts the CA of pem into libpurple's pool of certificate authorities (the
 * "x509"/"ca" pool, which the TLS verifier asks). Its X.509 scheme comes
 * with the SSL plugin, which is loaded first.
 */
static int
trust(const char *pem)
{
	PurpleCertificateScheme *x509;
	PurpleCertificatePool *ca;
	PurpleCertificate *crt;
	gchar *id;
	int rc;

	if (!purple_ssl_is_supported() || (x509 = purple_certificate_find_scheme("x509")) == NULL ||
	    (ca = purple_certificate_find_pool("x509", "ca")) == NULL) {
		fprintf(stderr, "purple_signin: libpurple has no SSL plugin with X.509\n");
		return -1;
	}
	if ((crt = purple_certificate_import(x509, pem)) == NULL) {
		fprintf(stderr, "purple_signin: %s: not a PEM certificate\n", pem);
		return -1;
	}
	id = purple_certificate_get_unique_id(crt);
	rc = purple_certificate_pool_store(ca, id, crt) ? 0 : -1;
	printf("trusted CA %s (%s)\n", pem, id);
	g_free(id);
	purple_certificate_destroy(crt);
	return rc;
}

static PurpleAccount *
make_account(const struct options *o, const char *password)
{
	PurpleAccount *a = purple_account_new(o->account, "prpl-sipe");

	purple_account_set_password(a, password);
	/* An empty server: pidgin-sipe discovers it (Lync autodiscover first). */
	purple_account_set_string(a, "server", o->server != NULL ? o->server : "");
	purple_account_set_string(a, "transport", "auto");
	purple_account_set_string(a, "authentication", "ntlm");
	purple_account_set_bool(a, "dont-publish", TRUE);
	purple_accounts_add(a);
	return a;
}

static int
start(const struct options *o)
{
	static int handle;
	char *password;
	int i;

	purple_util_set_user_dir(o->user_dir);
	purple_debug_set_enabled(TRUE);
	/*
	 * "Unsafe": pidgin-sipe then logs each HTTP and SIP message whole,
	 * credentials included — a test's lab password, in its own directory.
	 */
	purple_debug_set_verbose(TRUE);
	purple_debug_set_unsafe(TRUE);
	purple_core_set_ui_ops(&core_ops);
	purple_eventloop_set_ui_ops(&eventloop_ops);
	purple_request_set_ui_ops(&request_ops);
	if (!purple_core_init(UI_ID)) {
		fprintf(stderr, "purple_signin: libpurple did not start\n");
		return -1;
	}
	purple_set_blist(purple_blist_new());
	if (purple_find_prpl("prpl-sipe") == NULL) {
		fprintf(stderr, "purple_signin: no prpl-sipe plugin (pidgin-sipe) in libpurple's plugin path\n");
		return -1;
	}
	for (i = 0; i < o->n_cas; i++)
		if (trust(o->cas[i]) != 0)
			return -1;
	if ((password = read_password(o->password_file)) == NULL)
		return -1;
	purple_signal_connect(purple_connections_get_handle(), "signed-on", &handle,
	    PURPLE_CALLBACK(signed_on), NULL);
	purple_signal_connect(purple_connections_get_handle(), "connection-error", &handle,
	    PURPLE_CALLBACK(connection_error), NULL);
	purple_account_set_enabled(make_account(o, password), UI_ID, TRUE);
	memset(password, 0, strlen(password));
	g_free(password);
	g_timeout_add_seconds((guint)o->timeout, timed_out, NULL);
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;

	if (parse(argc, argv, &o) != 0)
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	loop = g_main_loop_new(NULL, FALSE);
	if (start(&o) != 0)
		return 4;
	g_main_loop_run(loop);
	/* No purple_core_quit(): its teardown waits on the connection; the verdict is in. */
	fflush(stdout);
	return verdict;
}
