/* SPDX-License-Identifier: MIT */
/*
 * config_peek.h: one settings attribute of a configuration file, read
 * before — or without — the file's checks: the user --check reads the
 * files as, the control socket the reload and reopen commands ask. The
 * file need only be well-formed XML: a reload must reach the daemon to
 * hear what it refuses, whatever else is wrong with the file.
 */
#ifndef LD_CONFIG_PEEK_H
#define LD_CONFIG_PEEK_H

/*
 * settings/@attr of the file at path: 0 with *value (a heap string; NULL
 * when the file does not say it), or -1 with *cause (the file cannot be
 * read, or is not well-formed XML). A file name is relative to the
 * configuration's directory, as the loader takes it, when is_path.
 */
int	 config_peek_setting(const char *path, const char *attr, int is_path, char **value,
	     char **cause);

#endif
