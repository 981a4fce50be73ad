/* SPDX-License-Identifier: MIT */
/*
 * certcheck.h: will clients accept the HTTPS listeners' certificates?
 * Subject alternative names against the names clients use (name_list.h),
 * validity dates, and key file permissions.
 */
#ifndef LD_CERTCHECK_H
#define LD_CERTCHECK_H

#include <stdbool.h>
#include <time.h>

#include "diag.h"
#include "topology.h"

#define CERTCHECK_EXPIRY_WARNING_DAYS 30

/*
 * Reports, for every HTTPS listener, each name no certificate covers, each
 * certificate expired or not yet valid (as errors when as_errors, else as
 * warnings), each certificate expiring within 30 days of now and each key
 * file readable by other users (always warnings). Unreadable files are left
 * to tls_check_topology(). Returns the number of problems reported as errors.
 */
int	 certcheck_topology(const struct topology *, bool as_errors, time_t now, struct diag *);

#endif
