/*
 * fuzz_frontmatter.c: fm_locate() and fm_parse() on any bytes; whatever
 * parses without error must come back the same through fm_emit().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/frontmatter.h"
#include "fuzz.h"

static void
same(const struct frontmatter *a, const struct frontmatter *b)
{
	size_t i, j;

	CHECK(b->error == NULL);
	CHECK(a->nfields == b->nfields);
	for (i = 0; i < a->nfields; i++) {
		const struct fm_field *x = &a->fields[i], *y = &b->fields[i];

		CHECK(strcmp(x->key, y->key) == 0);
		CHECK(x->kind == y->kind);
		if (x->kind == FM_SCALAR)
			CHECK(strcmp(x->value, y->value) == 0);
		else if (x->kind == FM_LIST) {
			CHECK(x->nitems == y->nitems);
			for (j = 0; j < x->nitems; j++)
				CHECK(strcmp(x->items[j], y->items[j]) == 0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct frontmatter *fm, *again;
	size_t yo, yl, bo, eo, el, ebo;
	char *out;

	if (fm_locate(s, size, &yo, &yl, &bo)) {
		CHECK(yo <= size && yo + yl <= size && bo <= size);
		CHECK(yo + yl <= bo);
	}
	fm = fm_parse(s, size);
	out = fm_emit(fm);
	CHECK(fm_locate(out, strlen(out), &eo, &el, &ebo));
	CHECK(ebo == strlen(out));
	/* keys with NUL cut them short: only compare when there are none */
	if (!fm->error && !memchr(s, '\0', size)) {
		again = fm_parse(out + eo, el);
		if (again->error)
			fprintf(stderr, "emitted:\n%s\nerror: %s\n", out,
			    again->error);
		same(fm, again);
		fm_free(again);
	}
	free(out);
	fm_set_scalar(fm, "title", "a: \"b\"\n");
	out = fm_emit(fm);
	free(out);
	fm_free(fm);
	return 0;
}
