/*
 * fuzz_links.c: link extraction on any bytes, as Markdown and as MDX.
 * Every link must have a clean target and a line inside the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/note.h"
#include "fuzz.h"

/* Clean text, tabs allowed. */
static int
text_ok(const char *s)
{
	return fuzz_clean(s, strlen(s), "\t", 0);
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
			CHECK(l[i].kind <= LINK_ATTACHMENT);
			CHECK(l[i].kind != LINK_CONCEPT);
			CHECK(l[i].line >= 7 && (size_t)l[i].line < 7 + lines);
			if (l[i].kind != LINK_EXTERNAL)
				CHECK(text_ok(l[i].target));
			CHECK(!l[i].anchor || text_ok(l[i].anchor));
			CHECK(!l[i].label || text_ok(l[i].label));
			CHECK(!l[i].label || l[i].label[0] != '\0');
		}
		links_free(l, n);
	}
	return 0;
}
