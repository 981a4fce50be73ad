/* SPDX-License-Identifier: MIT */
/*
 * directory.c: the user directory file, loaded into a hash table.
 *
 * Scale by design: the file is read once and kept as the string arena —
 * fields are NUL-terminated and lower-cased in place — so a user costs its
 * line plus a 16-byte record and two 4-byte table slots (load factor at most
 * 1/2). Lookups hash the canonical sipuri once: O(1). Patterns ("*@domain")
 * live in the same table under their domain with a leading '*'. The
 * directory is immutable after load and shared by every thread without locks.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "choices.h"
#include "directory.h"
#include "hostname.h"
#include "password.h"
#include "sipuri.h"
#include "util.h"

#define LINE_MAX_LEN 1024
#define EMPTY UINT32_MAX

struct record {
	uint32_t	 key;		/* arena offset of the sipuri (or "*@domain") */
	uint32_t	 hash;		/* arena offset of the password hash, EMPTY: none */
	uint32_t	 line;
	uint16_t	 pool;		/* UINT16_MAX: online */
	uint16_t	 pad;
};

struct directory {
	char		*arena;		/* the file's text, fields NUL-terminated */
	size_t		 arena_len;
	struct record	*records;
	size_t		 n;
	uint32_t	*table;		/* record indices, EMPTY for a free slot */
	size_t		 mask;		/* table size - 1 (a power of two) */
};

struct parse {
	const char		*name;
	const struct topology	*t;
	struct diag		*d;
	struct directory	*dir;
	long			 line;
	int			 errors;
};

/* FNV-1a, 32 bits: short keys, good spread, no division. */
static uint32_t
hash_key(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* The slot of key: where it is, or the free slot where it would go. */
static size_t
slot_of(const struct directory *dir, const char *key)
{
	size_t i = hash_key(key) & dir->mask;

	while (dir->table[i] != EMPTY &&
	    strcmp(dir->arena + dir->records[dir->table[i]].key, key) != 0)
		i = (i + 1) & dir->mask;
	return i;
}

static void error_line(struct parse *, const char *, ...) __attribute__((format(printf, 2, 3)));

static void
error_line(struct parse *p, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(p->d, p->name, p->line, "%s", msg);
	p->errors++;
}

/* The next whitespace-separated field of *s, NUL-terminated in place, or NULL. */
static char *
field(char **s)
{
	char *f = *s + strspn(*s, " \t\r");

	if (*f == '\0')
		return NULL;
	*s = f + strcspn(f, " \t\r");
	if (**s != '\0')
		*(*s)++ = '\0';
	return f;
}

static long
find_pool(const struct topology *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_pools; i++) {
		if (strcmp(t->pools[i].name, name) == 0)
			return (long)i;
	}
	return -1;
}

/*
 * The key of a user field: the canonical sipuri written over the field
 * (never longer than it), or "*@domain" for a pattern. NULL if malformed.
 */
static char *
user_key(struct parse *p, char *f)
{
	char canon[SIPURI_MAX + 1];
	size_t len;

	if (strncasecmp(f, "sip:", 4) == 0 && f[4] == '*')
		f += 4;
	if (f[0] == '*') {
		len = strlen(f);
		if (len < 3 || f[1] != '@' || !hostname_valid(f + 2, len - 2)) {
			error_line(p, "\"%s\" is not a pattern \"*@domain\"", f);
			return NULL;
		}
		return str_lower(f);
	}
	if (sipuri_canonical(f, canon, sizeof canon) != 0) {
		error_line(p, "\"%s\" is not a SIP address (user@domain, optionally sip:)", f);
		return NULL;
	}
	str_lower(canon);
	memcpy(f, canon, strlen(canon) + 1);
	return f;
}

static int
add_record(struct parse *p, const char *key, long pool, const char *hash)
{
	struct directory *dir = p->dir;
	struct record *r = &dir->records[dir->n];
	size_t slot = slot_of(dir, key);

	if (dir->table[slot] != EMPTY) {
		error_line(p, "%s is listed twice (first on line %u)", key,
		    dir->records[dir->table[slot]].line);
		return -1;
	}
	r->key = (uint32_t)(key - dir->arena);
	r->hash = hash != NULL ? (uint32_t)(hash - dir->arena) : EMPTY;
	r->line = (uint32_t)p->line;
	r->pool = pool < 0 ? UINT16_MAX : (uint16_t)pool;
	dir->table[slot] = (uint32_t)dir->n++;
	return 0;
}

/* One line: USER HOME [HASH]. */
static void
parse_line(struct parse *p, char *s)
{
	char *user, *home, *hash, *extra, *key;
	long pool = -1;

	if ((user = field(&s)) == NULL || *user == '#')
		return;
	home = field(&s);
	hash = field(&s);
	extra = field(&s);
	if (home == NULL) {
		error_line(p, "%s: no home (a pool name or \"online\")", user);
		return;
	}
	if (extra != NULL) {
		error_line(p, "unexpected \"%s\" after the password hash", extra);
		return;
	}
	if ((key = user_key(p, user)) == NULL)
		return;
	if (strcmp(home, "online") != 0 && (pool = find_pool(p->t, home)) < 0) {
		char pools[CHOICES_TEXT_MAX];

		choices_pools(pools, sizeof pools, p->t);
		error_line(p, "%s: no pool named \"%s\" (nor \"online\"); the pools: %s", key, home,
		    pools);
		return;
	}
	if (hash != NULL && strcmp(hash, "-") == 0)
		hash = NULL;
	if (hash != NULL && !password_hash_valid(hash)) {
		error_line(p, "%s: the password hash is not pbkdf2-sha256$ITERATIONS$SALT$HASH "
		    "(make one with lyncdiscoverd passwd)", key);
		return;
	}
	add_record(p, key, pool, hash);
}

static size_t
count_lines(const char *text, size_t len)
{
	size_t n = 1;
	const char *nl;

	while ((nl = memchr(text, '\n', len)) != NULL) {
		n++;
		len -= (size_t)(nl + 1 - text);
		text = nl + 1;
	}
	return n;
}

static int
allocate(struct directory *dir, size_t lines)
{
	size_t size = 16;

	while (size < 2 * lines)
		size *= 2;
	dir->records = malloc(lines * sizeof *dir->records);
	dir->table = malloc(size * sizeof *dir->table);
	if (dir->records == NULL || dir->table == NULL)
		return -1;
	memset(dir->table, 0xff, size * sizeof *dir->table);	/* EMPTY */
	dir->mask = size - 1;
	return 0;
}

/* Parses the arena line by line; the arena is the text, kept. */
static struct directory *
parse_text(const char *name, char *text, size_t len, const struct topology *t, struct diag *d)
{
	struct directory *dir = calloc(1, sizeof *dir);
	struct parse p = { .name = name, .t = t, .d = d, .dir = dir };
	char *line = text, *nl;

	if (dir == NULL || len >= EMPTY || allocate(dir, count_lines(text, len)) != 0) {
		diag_add(d, name, 0, dir == NULL || len < EMPTY ? "out of memory" :
		    "the directory is larger than 4 GiB");
		free(text);
		directory_free(dir);
		return NULL;
	}
	dir->arena = text;
	dir->arena_len = len;
	for (p.line = 1; line != NULL; p.line++) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (strlen(line) > LINE_MAX_LEN)
			error_line(&p, "line longer than %d characters", LINE_MAX_LEN);
		else
			parse_line(&p, line);
		line = nl != NULL ? nl + 1 : NULL;
	}
	if (p.errors > 0) {
		directory_free(dir);
		return NULL;
	}
	return dir;
}

struct directory *
directory_load_memory(const char *name, char *text, size_t len, const struct topology *t,
    struct diag *d)
{
	char *copy;

	if (memchr(text, '\0', len) != NULL) {
		diag_add(d, name, 0, "a NUL byte: not a text file");
		free(text);
		return NULL;
	}
	/* The parser needs a terminating NUL, which the caller need not have left. */
	if ((copy = realloc(text, len + 1)) == NULL) {
		diag_add(d, name, 0, "out of memory");
		free(text);
		return NULL;
	}
	copy[len] = '\0';
	return parse_text(name, copy, len, t, d);
}

static bool
find(const struct directory *dir, const char *key, struct user_entry *out)
{
	const struct record *r;
	uint32_t i = dir->table[slot_of(dir, key)];

	if (i == EMPTY)
		return false;
	r = &dir->records[i];
	out->sipuri = dir->arena + r->key;
	out->home = r->pool == UINT16_MAX ? HOME_ONLINE : HOME_POOL;
	out->pool = r->pool;
	out->password_hash = r->hash != EMPTY ? dir->arena + r->hash : NULL;
	out->line = (int)r->line;
	return true;
}

bool
directory_lookup(const struct directory *dir, const char *sipuri, struct user_entry *out)
{
	char key[SIPURI_MAX + 2], *at;
	size_t len = strlen(sipuri);

	if (dir == NULL || len + 2 > sizeof key)
		return false;
	/* SIP URIs compare case-insensitively (the directory is stored lower-case). */
	key[0] = '*';
	memcpy(key + 1, sipuri, len + 1);
	str_lower(key + 1);
	if (find(dir, key + 1, out))
		return true;
	if ((at = strchr(key + 1, '@')) == NULL)
		return false;
	memmove(key + 1, at, strlen(at) + 1);	/* "*@domain" */
	return find(dir, key, out);
}

size_t
directory_count(const struct directory *dir)
{
	return dir != NULL ? dir->n : 0;
}

/* Counts n in the small table of distinct values; past its size a value is not counted. */
static void
tally(unsigned long values[], size_t counts[], size_t size, unsigned long n)
{
	size_t i;

	for (i = 0; i < size && counts[i] != 0 && values[i] != n; i++)
		;
	if (i == size)
		return;
	values[i] = n;
	counts[i]++;
}

unsigned
directory_typical_iterations(const struct directory *dir)
{
	static const char prefix[] = "pbkdf2-sha256$";
	unsigned long values[8] = { 0 }, best = 0;
	size_t counts[8] = { 0 }, i, most = 0;

	for (i = 0; dir != NULL && i < dir->n; i++) {
		if (dir->records[i].hash != EMPTY)	/* well-formed: checked at load */
			tally(values, counts, 8, strtoul(dir->arena + dir->records[i].hash +
			    sizeof prefix - 1, NULL, 10));
	}
	for (i = 0; i < 8; i++) {
		if (counts[i] > most || (counts[i] == most && values[i] > best)) {
			most = counts[i];
			best = values[i];
		}
	}
	return (unsigned)best;
}

size_t
directory_memory(const struct directory *dir)
{
	if (dir == NULL)
		return 0;
	return sizeof *dir + dir->arena_len + dir->n * sizeof *dir->records +
	    (dir->mask + 1) * sizeof *dir->table;
}

void
directory_free(struct directory *dir)
{
	if (dir == NULL)
		return;
	free(dir->arena);
	free(dir->records);
	free(dir->table);
	free(dir);
}
