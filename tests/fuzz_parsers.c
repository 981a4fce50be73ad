/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parsers.c: fuzzing the parsers of untrusted bytes that sit outside
 * respond() — the PROXY protocol header, the token request's form body, the
 * user directory. The first byte chooses the parser; the rest is its input.
 *
 * Invariants: PROXY_NEED_MORE asks for more than it has and at most a
 * header's worth; PROXY_DONE never claims more than it has; nothing crashes
 * or leaks (ASan/UBSan).
 *
 * Built as a libFuzzer target by ./configure --enable-fuzzing (clang):
 *   mkdir -p /tmp/pcorpus && tests/fuzz_parsers -max_total_time=60 /tmp/pcorpus tests/fuzz-parsers
 * Without libFuzzer, main() replays the files named on the command line.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "directory.h"
#include "form.h"
#include "proxyproto.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct topology *
topology(void)
{
	static const char xml[] = "<lyncdiscover><pool name='eu' server-fqdn='fe.x'>"
	    "<internal-web fqdn='int.x'/><external-web fqdn='ext.x'/></pool></lyncdiscover>";
	static struct topology *t;
	struct diag d = { 0 };

	if (t == NULL && (t = config_file_load_memory("fuzz", xml, sizeof xml - 1, NULL, &d)) == NULL)
		abort();
	diag_free(&d);
	return t;
}

static void
proxy(const uint8_t *data, size_t size, unsigned versions)
{
	struct netaddr src;
	size_t need = 0;

	switch (proxyproto_parse(data, size, versions, &src, &need)) {
	case PROXY_NEED_MORE:
		if (need <= size || need > PROXY_V2_MAX)
			abort();
		break;
	case PROXY_DONE:
		if (need > size || need == 0)
			abort();
		break;
	case PROXY_BAD:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_form f;
	struct diag d = { 0 };
	char *text;

	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		proxy(data + 1, size - 1, 1u + data[0] / 3 % 3);
		break;
	case 1:
		form_parse((const char *)data + 1, size - 1, &f);
		break;
	case 2:
		if ((text = malloc(size)) == NULL)
			return 0;
		memcpy(text, data + 1, size - 1);
		directory_free(directory_load_memory("users", text, size - 1, topology(), &d));
		diag_free(&d);
		break;
	}
	return 0;
}

#define FUZZ_NAME "fuzz_parsers"
#define FUZZ_CLAIM "no crash"
#include "fuzz_replay.h"
