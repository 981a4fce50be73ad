/* SPDX-License-Identifier: MIT */
/*
 * mhd_log.c: libmicrohttpd's messages, rate-limited (see mhd_log.h).
 */
#include <config.h>

#include <stdio.h>

#include "mhd_log.h"

void
mhd_log_init(struct mhd_log *l, bool quiet)
{
	pthread_mutex_init(&l->lock, NULL);
	l->second = 0;
	l->count = 0;
	l->dropped = 0;
	l->quiet = quiet;
}

void
mhd_log_destroy(struct mhd_log *l)
{
	pthread_mutex_destroy(&l->lock);
}

void
mhd_log_message(void *cls, const char *fmt, va_list ap)
{
	struct mhd_log *l = cls;
	time_t now = time(NULL);
	unsigned long dropped;

	if (l == NULL || l->quiet)
		return;
	pthread_mutex_lock(&l->lock);
	if (now != l->second) {
		dropped = l->dropped;
		l->second = now;
		l->count = 0;
		l->dropped = 0;
		if (dropped > 0)
			fprintf(stderr, "lyncdiscoverd: libmicrohttpd: %lu more message(s) not shown "
			    "(at most %d a second)\n", dropped, MHD_LOG_PER_SECOND);
	}
	if (l->count++ < MHD_LOG_PER_SECOND) {
		fputs("lyncdiscoverd: libmicrohttpd: ", stderr);
		vfprintf(stderr, fmt, ap);
	} else
		l->dropped++;
	pthread_mutex_unlock(&l->lock);
}
