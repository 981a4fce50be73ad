/* SPDX-License-Identifier: MIT */
/*
 * control_cmd.h: lyncdiscoverd reload -c FILE and lyncdiscoverd reopen -c
 * FILE — the running daemon asked on FILE's settings/@control-socket, and
 * what it answered said. They are lyncdiscoverd.service's ExecReload and
 * logrotate's postrotate: they work with or without systemd.
 */
#ifndef LD_CONTROL_CMD_H
#define LD_CONTROL_CMD_H

/* The daemon reloads: 0 when it did; 1 when it refused (it keeps its configuration) or cannot be asked. */
int	 control_cmd_reload(const char *config);
/* The daemon reopens its access log: 0 when it did; 1 when it could not or cannot be asked. */
int	 control_cmd_reopen(const char *config);

#endif
