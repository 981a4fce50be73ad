/* SPDX-License-Identifier: MIT */
/*
 * plan_text.h: the deployment plan as text for people.
 */
#ifndef LD_PLAN_TEXT_H
#define LD_PLAN_TEXT_H

#include <stdio.h>

#include <jansson.h>

/* plan: plan_build()'s value. */
void	 plan_text_write(FILE *, json_t *plan);

#endif
