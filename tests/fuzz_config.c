/* SPDX-License-Identifier: MIT */
/*
 * fuzz_config.c: fuzzing the configuration loader (src/daemon/config_file.c) with
 * arbitrary bytes: XML parsing, validation against the embedded schema and
 * the semantic checks after it.
 *
 * Invariants: a configuration is either loaded with no error diagnostics, or
 * refused with at least one; every diagnostic names its file (the
 * configuration, or a certificate or directory file it refers to); nothing
 * crashes or leaks (ASan/UBSan, LeakSanitizer).
 *
 * Built as a libFuzzer target by ./configure --enable-fuzzing (clang):
 *   mkdir -p /tmp/ccorpus && tests/fuzz_config -max_total_time=600 \
 *       -dict=tests/fuzz-config.dict /tmp/ccorpus tests/fuzz-config
 * Without libFuzzer, main() replays the files named on the command line.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "util.h"

/* Where relative certificate and directory paths resolve: nowhere. */
#define BASE_DIR "/nonexistent"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct topology *t;
	size_t i;

	t = config_file_load_memory("fuzz.xml", (const char *)data, size, BASE_DIR, &d);
	if ((t == NULL) != (d.n_errors > 0 || d.oom))
		abort();	/* refused without a reason, or loaded despite an error */
	for (i = 0; i < d.n; i++) {
		if (d.lines[i].text == NULL || d.lines[i].line < 0 ||
		    (strncmp(d.lines[i].text, "fuzz.xml:", 9) != 0 &&
		    strncmp(d.lines[i].text, BASE_DIR "/", sizeof BASE_DIR) != 0))
			abort();	/* every message names its file: this one or one it names */
	}
	if (t != NULL)
		topology_free(t);
	diag_free(&d);
	return 0;
}

#define FUZZ_NAME "fuzz_config"
#define FUZZ_CLAIM "no crash"
#include "fuzz_replay.h"
