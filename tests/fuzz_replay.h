/* SPDX-License-Identifier: MIT */
/*
 * fuzz_replay.h: the main() of a fuzz target built without libFuzzer: it
 * replays the files named on the command line through
 * LLVMFuzzerTestOneInput() (make check replays each target's corpus, see
 * tests/fuzz_corpus.test). Included last by each target, after it defines
 * FUZZ_NAME and FUZZ_CLAIM (what a replay without abort() shows).
 */
#ifndef LD_LIBFUZZER
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "files.h"

int
main(int argc, char **argv)
{
	size_t len;
	int i;

	for (i = 1; i < argc; i++) {
		char *data = files_read(argv[i], &len);

		if (data == NULL) {
			perror(argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
	}
	printf("%s: %d input(s) replayed, %s\n", FUZZ_NAME, argc - 1, FUZZ_CLAIM);
	return argc > 1 ? 0 : 1;	/* an empty corpus proves nothing */
}
#endif
