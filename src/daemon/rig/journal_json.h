/* SPDX-License-Identifier: MIT */
/*
 * journal_json.h: journal entries as the admin API's JSON (jansson).
 */
#ifndef LD_JOURNAL_JSON_H
#define LD_JOURNAL_JSON_H

#include <jansson.h>

#include "journal.h"

/*
 * One entry as a JSON object (GET /journal): id, time (UTC, ISO 8601 with
 * milliseconds), location, peer, method, target, host, accept, user_agent,
 * origin, authorization (the scheme), resource, representation, user,
 * status, ms, fault. Absent values are null. Text that is not UTF-8 keeps
 * its other bytes and shows each stray byte as the four characters \xHH.
 * NULL when out of memory.
 */
json_t	*journal_json_entry(const struct journal_entry *);

#endif
