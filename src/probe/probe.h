/* SPDX-License-Identifier: MIT */
/*
 * probe.h: the model of a discovery walk — the options it ran with, the hops
 * it made and the problems it found — shared by the walk, the diagnosis and
 * the two renderings (text, JSON). Nothing here prints.
 */
#ifndef LD_PROBE_H
#define LD_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "topology.h"

#define PROBE_MAX_HOPS		32
#define PROBE_MAX_PROBLEMS	16
#define PROBE_MAX_CONNECT_TO	16
#define PROBE_REDIRECT_LIMIT	6

enum probe_where { PROBE_BOTH, PROBE_INTERNAL_ONLY, PROBE_EXTERNAL_ONLY };
/* Which User a walk signs in to: OAuth (a token), User (a web ticket), or a walk of each. */
enum probe_flavour { PROBE_OAUTH, PROBE_WEBTICKET, PROBE_BOTH_FLAVOURS };

struct probe_options {
	const char		*target;	/* SIP address, domain or URL */
	enum representation	 rep;
	bool			 all_reps;
	enum probe_where	 where;
	enum probe_flavour	 flavour;
	const char		*connect_to[PROBE_MAX_CONNECT_TO];
	size_t			 n_connect_to;
	const char		*cacert;	/* NULL: the system's trust store */
	char			*password;	/* owned, from --password-file; NULL: none */
	long			 timeout_s;
	bool			 json;
};

struct probe_tls {
	bool	 used;
	char	 version[24];
	char	*names;		/* the certificate's DNS names, space-separated; owned */
	bool	 trusted;
	bool	 name_matches;
	bool	 expired;
	char	*trust_error;	/* why it is not trusted; owned, NULL */
};

struct probe_hop {
	char			*method;	/* owned */
	char			*url;		/* owned */
	long			 status;	/* 0: no HTTP answer */
	long			 ms;
	struct probe_tls	 tls;
	char			*note;		/* what the hop was for / found; owned, NULL */
};

/* One problem: a stable code, what is wrong, the fix. warning: does not fail the walk. */
struct probe_problem {
	const char	*code;
	char		*message;	/* owned */
	const char	*fix;
	bool		 warning;
};

struct probe_user {
	bool			 reached;
	struct parsed_doc	 doc;
};

struct probe_walk {
	enum representation	 rep;
	bool			 webticket;	/* the web-ticket flavour (else OAuth) */
	const char		*location;	/* "internal", "external" or "url" */
	struct probe_hop	 hops[PROBE_MAX_HOPS];
	size_t			 n_hops;
	struct probe_problem	 problems[PROBE_MAX_PROBLEMS];
	size_t			 n_problems;
	bool			 root_reached;
	struct probe_user	 user;
	/*
	 * A failed walk a client moves on from: the next location's walk (of the
	 * same representation) worked. Shown, but it decides neither the
	 * verdict nor the exit status.
	 */
	bool			 superseded;
};

/* probe_problems.c: the catalogue. Adds problem code with a formatted message. */
void	 probe_problems_add(struct probe_walk *, const char *code, const char *fmt, ...)
	     __attribute__((format(printf, 3, 4)));
/* The verdict: "ok", or the code of the first problem that is not a warning. */
const char *probe_problems_verdict(const struct probe_walk *);
void	 probe_walk_free(struct probe_walk *);

/* probe_walk.c: walks the chain for opt->target from one location (or the URL). */
int	 probe_walk_run(const struct probe_options *, enum representation, bool webticket,
	     enum probe_where one, struct probe_walk *);
/*
 * Several walks: every walk made — a location that failed before the one
 * that worked (superseded), or every failure. Returns the exit status.
 */
int	 probe_run(const struct probe_options *);

/*
 * probe_compare.c: --all-representations. Records representations-differ in
 * each walk whose end differs from an earlier walk's (same location).
 */
void	 probe_compare(struct probe_walk *, size_t n);

/* probe_text.c, probe_json.c: renderings. */
void	 probe_text_print(const struct probe_walk *);
/* Prints one JSON document for walks[n]; returns 0 or -1. */
int	 probe_json_print(const struct probe_walk *, size_t n);

#endif
