/*
 * fuzz.h: what every fuzz target shares: CHECK, which aborts (so libFuzzer
 * saves the input) when a promise is broken, and fuzz_clean, the promise
 * that text reaching a user is valid UTF-8 without control characters.
 */
#ifndef STRATUS_FUZZ_H
#define STRATUS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/width.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "check failed: %s (line %d)\n", #c,	\
		    __LINE__);						\
		abort();						\
	}								\
} while (0)

/*
 * Is s (len bytes) valid UTF-8 with no C0 character (but those in
 * allowed, e.g. "\t\n"), DEL or C1? With no_bidi, no bidi override or
 * isolate either (the renderer's promise). A U+FFFD written as such is
 * fine: it is what invalid bytes become.
 */
static inline int
fuzz_clean(const char *s, size_t len, const char *allowed, int no_bidi)
{
	size_t i, n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			return 0;
		if (cp != 0 && cp < 0x80 && strchr(allowed, (int)cp))
			continue;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 0;
		if (no_bidi && cp_is_control(cp))
			return 0;
	}
	return 1;
}

#endif
