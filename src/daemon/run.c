/* SPDX-License-Identifier: MIT */
/*
 * run.c: the daemon running (see run.h) — everything started for a topology
 * and passed what it uses, the signals waited for (SIGHUP reloads, SIGUSR1
 * reopens the access log, SIGINT and SIGTERM stop), privileges dropped after
 * binding, and everything drained and stopped in reverse.
 */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <malloc.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "access_log.h"
#include "admin.h"
#include "become.h"
#include "certgen.h"
#include "control.h"
#include "diag.h"
#include "endpoint.h"
#include "files.h"
#include "lab_run.h"
#include "notify.h"
#include "report.h"
#include "rig.h"
#include "run.h"
#include "server.h"
#include "snapshot.h"
#include "tls_faults.h"
#include "util.h"

/* Seconds a stopping daemon gives open connections to finish. */
#define SHUTDOWN_DEADLINE 10
/* Free memory a thread's heap keeps at its top rather than giving it back to the kernel. */
#define HEAP_KEEP (512 * 1024)

/*
 * glibc gives the free top of a thread's heap back to the kernel (madvise)
 * once it exceeds 128 KiB, and the next connections fault the pages in
 * again: a listener thread's heap swings by the memory of the connections
 * it holds (about 20 KiB each), so under a stream of new connections the
 * daemon took 0.13 page faults a plain HTTP connection and 0.20 a TLS one,
 * and spent 4 % more CPU a connection (perf stat, wrk -H 'Connection:
 * close', -c32). Keeping 512 KiB a heap ends both (0.01 and 0.00; 256 KiB
 * left 0.06). What a heap keeps was in use a moment before, so the peak
 * resident memory can grow only by what one heap keeps while another grows
 * (see HACKING, "The heap"). A threshold the user set
 * (MALLOC_TRIM_THRESHOLD_, GLIBC_TUNABLES) wins.
 */
static void
keep_heap_tops(void)
{
	const char *tunables = getenv("GLIBC_TUNABLES");

	if (getenv("MALLOC_TRIM_THRESHOLD_") != NULL ||
	    (tunables != NULL && strstr(tunables, "malloc.trim_threshold") != NULL))
		return;
#ifdef M_TRIM_THRESHOLD	/* glibc's */
	(void)mallopt(M_TRIM_THRESHOLD, HEAP_KEEP);
#endif
}

/* The access log reopened: NULL, or what went wrong (printed on stderr too). */
static char *
reopen_log(struct access_log *log)
{
	char *cause = NULL, *said;

	if (log == NULL || access_log_reopen(log, &cause) == 0)
		return NULL;
	/* After the privilege drop the new file is created as settings/@user. */
	said = xasprintf_s("%s; logging on to the old file%s", cause, geteuid() != 0 ?
	    " (the log's directory must be writable by the user the daemon runs as)" : "");
	fprintf(stderr, "lyncdiscoverd: %s\n", said != NULL ? said : cause);
	free(cause);
	return said != NULL ? said : xstrdup("out of memory");
}

/* Waits for SIGINT or SIGTERM; SIGHUP reloads, SIGUSR1 reopens the access log. */
static void
wait_for_stop(const sigset_t *set, struct source *src, struct access_log *log)
{
	int sig = 0;

	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			struct diag d = { 0 };
			unsigned long generation;

			notify_systemd("RELOADING=1");
			(void)source_reload(src, &generation, &d);	/* it says how it went */
			diag_free(&d);
			notify_systemd("READY=1");
			continue;
		}
		if (sig == SIGUSR1) {
			free(reopen_log(log));
			continue;
		}
		fprintf(stderr, "lyncdiscoverd: %s, stopping: no new connections, up to %d s "
		    "for the open ones\n", sig == SIGINT ? "SIGINT" : "SIGTERM", SHUTDOWN_DEADLINE);
		return;
	}
}

/*
 * After binding (privileged ports need root): drop to settings/@user, or
 * refuse to go on as root unless allowed. --lab, a loopback development tool,
 * may run as root with a warning.
 */
static int
drop_privileges(const struct topology *t, const struct options *o)
{
	char *cause = NULL;

	if (geteuid() != 0)
		return 0;
	if (t->user != NULL) {
		if (become_user(t->user, &cause) == 0)
			return 0;
		fprintf(stderr, "lyncdiscoverd: settings/@user: %s\n", cause);
		free(cause);
		return -1;
	}
	if (o->allow_root || t->allow_root)
		return 0;
	if (o->lab) {
		fprintf(stderr, "lyncdiscoverd: warning: the lab runs as root\n");
		return 0;
	}
	fprintf(stderr, "lyncdiscoverd: refusing to run as root after binding: set "
	    "<settings user=\"NAME\"/> (or allow-root=\"true\", or --allow-root)\n");
	return -1;
}

/* 0 if a TCP socket can bind address:port now (and is closed again), else the errno. */
static int
try_bind(const char *address, unsigned port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	bool v6;
	int fd, one = 1, err = 0;

	if (endpoint_sockaddr(address, port, &ss, &len, &v6) != 0)
		return EINVAL;
	if ((fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	/* As libmicrohttpd binds: SO_REUSEADDR, so a port in TIME_WAIT is not "in use". */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		err = errno;
	close(fd);
	return err;
}

/* Where the listeners were to be: the topology is gone when they fail to start. */
struct endpoint {
	char		 address[64];
	unsigned	 port;
	char		 flag[96];	/* the command-line flag that asked for it, "" if none */
	char		 where[128];	/* how to choose another: "FILE:LINE's <listener>", or the flags */
};

static struct endpoint *
endpoints_of(const struct topology *t, bool from_file)
{
	struct endpoint *e = calloc(t->n_listeners + 1, sizeof *e);
	size_t i;

	for (i = 0; e != NULL && i < t->n_listeners; i++) {
		snprintf(e[i].address, sizeof e[i].address, "%s", t->listeners[i].address);
		e[i].port = t->listeners[i].port;
		snprintf(e[i].flag, sizeof e[i].flag, "%s",
		    t->listeners[i].flag != NULL ? t->listeners[i].flag : "");
		/* A service's listeners are its file's; the flags' (and the lab's) have no line. */
		if (from_file && t->listeners[i].line > 0)
			snprintf(e[i].where, sizeof e[i].where, "in the <listener> of %s:%d",
			    t->source, t->listeners[i].line);
		else
			snprintf(e[i].where, sizeof e[i].where,
			    "with --internal/--external[-tls] ADDR:PORT");
	}
	return e;	/* ends with port 0 */
}

/*
 * After the listeners failed to start: says which port is in use or
 * privileged, and what to do (libmicrohttpd only says that it failed). Binds
 * each listener's address again to find out; a listener that does bind was
 * not the cause.
 */
static void
explain_listen_failure(const struct endpoint *e)
{
	for (; e != NULL && e->port != 0; e++) {
		const struct endpoint *l = e;
		int err = try_bind(l->address, l->port);
		/* --listen's ports are the phones' own: its fixes say so. */
		bool listen = strncmp(l->flag, "--listen ", 9) == 0;
		const char *by = l->flag[0] != '\0' ? " (" : "", *end = l->flag[0] != '\0' ? ")" : "";

		if (err == EADDRINUSE)
			fprintf(stderr, "lyncdiscoverd: %s port %u%s%s%s: port in use: %s%s%s\n",
			    l->address, l->port, by, l->flag, end, listen ? "stop what listens there "
			    "(phones ask ports 80 and 443)" : "choose another ", listen ? "" : l->where,
			    listen ? "" : " (or stop what listens there)");
		else if (err == EACCES)
			fprintf(stderr, "lyncdiscoverd: %s port %u%s%s%s: ports below 1024 need root or "
			    "CAP_NET_BIND_SERVICE: %s%s\n", l->address, l->port, by, l->flag, end,
			    listen ? "run it as root (sudo), or give it the capability: sudo setcap "
			    "cap_net_bind_service=+ep lyncdiscoverd" : "choose another ",
			    listen ? "" : l->where);
		else if (err == EADDRNOTAVAIL)
			fprintf(stderr, "lyncdiscoverd: %s port %u%s%s%s: no interface has address %s "
			    "(ip -brief address lists them)\n", l->address, l->port, by, l->flag, end,
			    l->address);
	}
}

/* What a running daemon holds, started in this order and stopped in the reverse. */
struct running {
	struct source		*src;
	struct access_log	*log;
	struct report		*report;
	struct rig		*rig;
	struct server		*server;
	struct admin		*admin;
	struct control		*control;	/* after the privilege drop */
};

static void
stop_all(struct running *r)
{
	control_stop(r->control);	/* first: its commands use the others */
	admin_stop(r->admin);	/* then: it reads what the others hold */
	server_stop(r->server);
	rig_free(r->rig);
	report_free(r->report);
	access_log_close(r->log);
}

/*
 * The certificates of the rig's TLS faults (tls_faults.h), for every HTTPS
 * listener, when the admin API is on: made now, once. A listener whose
 * certificates cannot be made has no such faults (said once).
 */
static void
make_tls_faults(struct server *s, const struct topology *t)
{
	struct certgen_faults f;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < t->n_listeners; i++) {
		const struct listener_conf *l = &t->listeners[i];

		if (!l->tls)
			continue;
		if (certgen_faults_make(l->certs[0].cert_file, &f, &cause) == 0) {
			if (tls_faults_set(s, i, (const char *const *)f.cert,
			    (const char *const *)f.key, &cause) == 0 && !f.ca_beside)
				fprintf(stderr, "lyncdiscoverd: listener %s port %u: no CA beside %s "
				    "(ca.pem, ca-key.pem): its TLS faults' certificates come from "
				    "a CA of their own, and every one reads as untrusted\n",
				    l->address, l->port, l->certs[0].cert_file);
			certgen_faults_free(&f);
		}
		if (cause != NULL)
			fprintf(stderr, "lyncdiscoverd: warning: listener %s port %u: no TLS faults: "
			    "%s\n", l->address, l->port, cause);
		free(cause);
		cause = NULL;
	}
}

/* Starts everything for t (taken over); 0, or -1 with what went wrong said (r stopped). */
static int
start_all(struct running *r, struct topology *t, struct source *src)
{
	struct snapshot *snap;
	struct endpoint *ends;
	char *cause = NULL;

	memset(r, 0, sizeof *r);
	r->src = src;
	if ((snap = snapshot_build(t, &cause)) == NULL)
		goto fail;
	if ((t->access_log != NULL &&
	    (r->log = access_log_open(t->access_log, t->access_log_json, &cause)) == NULL) ||
	    (r->report = report_new()) == NULL || (r->rig = rig_new(t, &cause)) == NULL ||
	    report_add_metrics(r->report, access_log_metrics, r->log) != 0 ||
	    report_add_metrics(r->report, rig_metrics, r->rig) != 0) {
		snapshot_free(snap);
		goto fail;
	}
	ends = endpoints_of(t, !src->o->lab && src->o->n_listeners == 0);
	r->server = server_start(snap, &(struct server_uses){ .log = r->log, .report = r->report,
	    .rig = r->rig }, &cause);	/* takes snap (and t) over */
	if (r->server == NULL) {
		fprintf(stderr, "lyncdiscoverd: %s\n", cause != NULL ? cause : "out of memory");
		free(cause);
		explain_listen_failure(ends);
		free(ends);
		stop_all(r);
		return -1;
	}
	free(ends);
	if (server_snapshot(r->server)->topology->admin_port != 0)
		make_tls_faults(r->server, server_snapshot(r->server)->topology);
	if (server_snapshot(r->server)->topology->admin_port != 0 &&
	    (r->admin = admin_start(server_snapshot(r->server)->topology, r->report,
	    &(struct admin_api){ .rig = r->rig, .current = server_current(r->server),
	    .reload = source_reload, .reload_cls = src }, &cause)) == NULL)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "lyncdiscoverd: %s\n", cause != NULL ? cause : "out of memory");
	free(cause);
	stop_all(r);
	return -1;
}

/* The control socket's commands (control.h); cls: the running daemon. */
static int
control_reload(void *cls, unsigned long *generation, struct diag *d)
{
	struct running *r = cls;
	int rc;

	notify_systemd("RELOADING=1");
	rc = source_reload(r->src, generation, d);	/* says how it went on stderr too */
	notify_systemd("READY=1");
	return rc;
}

static int
control_check(void *cls, const char *file, struct diag *d)
{
	struct running *r = cls;

	return source_check(r->src, file, d);
}

static int
control_reopen(void *cls, char **said)
{
	struct running *r = cls;
	const char *path = access_log_path(r->log);

	if (path == NULL) {
		*said = xstrdup("has no access log file to reopen (access-log is stderr, or not set)");
		return 0;
	}
	if ((*said = reopen_log(r->log)) != NULL)
		return -1;
	*said = xasprintf_s("reopened its access log %s", path);
	return 0;
}

/* The control socket, once the daemon runs as the user that will own it. 0, or -1 (said). */
static int
start_control(struct running *r, const struct topology *t, const struct options *o)
{
	char *cause = NULL;

	if (t->control_socket == NULL)
		return 0;
	r->control = control_start(t->control_socket, &(struct control_ops){ .config = o->config,
	    .cls = r, .reload = control_reload, .check = control_check,
	    .reopen = control_reopen }, &cause);
	if (r->control != NULL)
		return 0;
	fprintf(stderr, "lyncdiscoverd: %s\n", cause != NULL ? cause : "out of memory");
	free(cause);
	return -1;
}

/* The files a reload reads are read as this user: their permission errors say so. */
static void
name_the_reader(void)
{
	struct passwd *pw = getpwuid(geteuid());
	char *who = pw != NULL ? xasprintf_s("user %s", pw->pw_name) : NULL;

	files_set_reader(who);
	free(who);
}

int
run(struct topology *t, struct source *src)
{
	const struct options *o = src->o;
	const struct topology *serving;
	struct running r;
	sigset_t set;

	keep_heap_tops();
	/* A file-size limit fails the access log's writes (EFBIG; counted) instead of killing us. */
	signal(SIGXFSZ, SIG_IGN);
	/* Block the signals before any thread starts, so that only sigwait() sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigdelset(&set, SIGPIPE);
	if (start_all(&r, t, src) != 0)
		return 1;
	serving = server_snapshot(r.server)->topology;
	if (drop_privileges(serving, o) != 0) {
		stop_all(&r);
		return 1;
	}
	name_the_reader();
	source_started(src, r.server);	/* reloads may come: SIGHUP, POST /reload, the control socket */
	if (start_control(&r, serving, o) != 0) {
		source_started(src, NULL);
		stop_all(&r);
		return 1;
	}
	if (o->lab) {
		struct lab_options lo = source_lab_options(o);

		lab_run_banner(serving, &lo, &src->lab);
	}
	else
		printf("lyncdiscoverd %s: serving %s on %zu listener(s)\n", PACKAGE_VERSION,
		    o->config, serving->n_listeners);
	fflush(stdout);
	notify_systemd("READY=1");
	wait_for_stop(&set, src, r.log);
	source_started(src, NULL);	/* no more reloads (a running one finishes first) */
	notify_systemd("STOPPING=1");
	server_drain(r.server, SHUTDOWN_DEADLINE);
	stop_all(&r);
	return 0;
}
