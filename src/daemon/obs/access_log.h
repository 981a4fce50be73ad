/* SPDX-License-Identifier: MIT */
/*
 * access_log.h: one line per request — combined-log style or JSON lines — to
 * a file (reopened on SIGUSR1, for logrotate) or stderr.
 */
#ifndef LD_ACCESS_LOG_H
#define LD_ACCESS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "netaddr.h"
#include "topology.h"

struct access_entry {
	struct timespec		 when;		/* CLOCK_REALTIME at the start */
	struct netaddr		 client;	/* the effective client */
	bool			 tls;		/* the scheme the client used */
	const char		*host;		/* may be NULL */
	const char		*method;
	const char		*target;
	const char		*version;	/* "HTTP/1.1" */
	unsigned		 status;
	size_t			 bytes;		/* body bytes sent */
	const char		*resource;	/* "root", "user", ... */
	const char		*content_type;	/* the representation; may be NULL */
	enum access_location	 location;
	double			 ms;		/* duration */
	const char		*user_agent;	/* may be NULL */
};

struct access_log;
struct prom;

/* The mode of a log file the daemon makes, whatever the umask: its folder's group reads it. */
#define ACCESS_LOG_MODE 0640

/* path "stderr" logs to stderr. NULL with *cause on failure. */
struct access_log	*access_log_open(const char *path, bool json, char **cause);
/* Opens the file again (after logrotate moved it); writers never see a closed fd. */
int			 access_log_reopen(struct access_log *, char **cause);
void			 access_log_write(struct access_log *, const struct access_entry *);
void			 access_log_close(struct access_log *);
/* Its file; NULL for stderr or no log (NULL). */
const char		*access_log_path(const struct access_log *);
/* Lines not written (a failed or short write); 0 for NULL. */
unsigned long		 access_log_lost(const struct access_log *);
/* For /metrics (a report_metrics_fn; cls: the access log, or NULL: none). */
void			 access_log_metrics(void *cls, struct prom *);
/* The line for e, with its newline (heap); NULL when out of memory. Pure, for tests. */
char			*access_log_format(const struct access_entry *, bool json);

#endif
