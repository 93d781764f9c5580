/*
 * fuzz_links.c: link extraction on any bytes, as Markdown and as MDX.
 * Every link must have a clean target and a line inside the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "check failed: %s (line %d)\n", #c,	\
		    __LINE__);						\
		abort();						\
	}								\
} while (0)

/* Valid UTF-8 without control characters but tab. */
static int
clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			if ((p[1] & 0xc0) != 0x80)
				return 0;
			if (*p == 0xc2 && p[1] < 0xa0)
				return 0;	/* C1 */
			p += 2;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
				return 0;
			p += 3;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
			    (p[3] & 0xc0) != 0x80)
				return 0;
			p += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link *l;
	size_t n, i, lines = 1;
	int mdx;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n'));
	for (mdx = 0; mdx < 2; mdx++) {
		links_extract((const char *)data, size, 7, mdx, &l, &n);
		for (i = 0; i < n; i++) {
			CHECK(l[i].target != NULL);
			CHECK(l[i].kind <= LINK_EXTERNAL);
			CHECK(l[i].kind != LINK_CONCEPT);
			CHECK(l[i].line >= 7 && (size_t)l[i].line < 7 + lines);
			if (l[i].kind != LINK_EXTERNAL)
				CHECK(clean(l[i].target));
			CHECK(!l[i].anchor || clean(l[i].anchor));
			CHECK(!l[i].label || clean(l[i].label));
			CHECK(!l[i].label || l[i].label[0] != '\0');
		}
		links_free(l, n);
	}
	return 0;
}
