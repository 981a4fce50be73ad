/* SPDX-License-Identifier: MIT */
/*
 * mhd_log.h: libmicrohttpd's own messages, rate-limited on their way to
 * stderr. They are mostly about clients (a dropped handshake, a connection
 * reset): at most MHD_LOG_PER_SECOND a second are printed, the rest counted
 * and summed up in the next second's first line; with log-level "warning"
 * or "error" none are.
 */
#ifndef LD_MHD_LOG_H
#define LD_MHD_LOG_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#define MHD_LOG_PER_SECOND 10

struct mhd_log {
	pthread_mutex_t	 lock;		/* guards the rest: libmicrohttpd logs from any thread */
	time_t		 second;
	unsigned	 count;		/* printed in that second */
	unsigned long	 dropped;	/* not printed in that second */
	bool		 quiet;		/* print nothing */
};

void	 mhd_log_init(struct mhd_log *, bool quiet);
void	 mhd_log_destroy(struct mhd_log *);
/* The MHD_OPTION_EXTERNAL_LOGGER function (cls: the struct mhd_log). */
void	 mhd_log_message(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
