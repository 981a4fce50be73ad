/* SPDX-License-Identifier: MIT */
/*
 * files.h: reading and writing whole files (configuration, certificates,
 * users, secrets) and making directories. The daemon's: the core library
 * touches no file.
 */
#ifndef LD_FILES_H
#define LD_FILES_H

#include <stddef.h>

/*
 * Who reads the files, for messages: "user lyncdiscover". Set once, before
 * any thread reads files (--check as root reading as the daemon's user,
 * the daemon after it dropped its privileges); NULL: not said.
 */
void	 files_set_reader(const char *who);
/*
 * strerror(err), naming the reader for a permission error: "Permission
 * denied (read as user lyncdiscover)", so that a file the daemon's user
 * cannot read says whose reading failed.
 */
const char *files_strerror(int err);
/* Reads a whole file into a heap string, NUL-terminated; NULL with errno set on failure. */
char	*files_read(const char *path, size_t *len);
/*
 * Writes data to path through path.tmp and rename(), so that readers never
 * see half a file; mode is the new file's. 0, or -1 with *cause.
 */
int	 files_write_atomically(const char *path, const void *data, size_t len,
	     unsigned mode, char **cause);
/* mkdir -p: path and its missing parents (mode 0700). 0, or -1 with *cause. */
int	 files_make_directories(const char *path, char **cause);

#endif
