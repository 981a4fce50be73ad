/* SPDX-License-Identifier: MIT */
/*
 * notify.h: systemd's readiness protocol (sd_notify(3)) without libsystemd:
 * one datagram to $NOTIFY_SOCKET. Nothing happens when it is not set.
 */
#ifndef LD_NOTIFY_H
#define LD_NOTIFY_H

/* Sends state ("READY=1", "RELOADING=1", "STOPPING=1", ...); failures are ignored. */
void	 notify_systemd(const char *state);

#endif
