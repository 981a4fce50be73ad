/*
 * files.h: reading whole files (configuration, certificates, users, secrets).
 * The daemon's: the core library reads nothing.
 */
#ifndef LD_FILES_H
#define LD_FILES_H

#include <stddef.h>

/* Reads a whole file into a heap string, NUL-terminated; NULL with errno set on failure. */
char	*read_file(const char *path, size_t *len);

#endif
