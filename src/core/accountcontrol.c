/* SPDX-License-Identifier: MIT */
/*
 * accountcontrol.c: userAccountControl's ACCOUNTDISABLE flag (see accountcontrol.h).
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "accountcontrol.h"

bool
accountcontrol_disabled(const char *value)
{
	char *end;
	long long n;

	/* Integer syntax: an optional '-' (AD's integers are signed), then digits only. */
	if (!isdigit((unsigned char)value[value[0] == '-']))
		return true;
	errno = 0;
	n = strtoll(value, &end, 10);
	if (errno != 0 || *end != '\0' || n < INT32_MIN || n > (long long)UINT32_MAX)
		return true;
	return ((uint32_t)n & UAC_ACCOUNTDISABLE) != 0;
}
