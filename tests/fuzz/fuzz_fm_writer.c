/*
 * fuzz_fm_writer.c: the frontmatter writer against the reader. Any bytes,
 * cut at NUL into a title and tags, are set with fm_set_scalar() and
 * fm_set_list(), written with fm_emit() and read back with fm_parse():
 * the reader must accept what the writer wrote and give the same fields
 * (invalid UTF-8 written as U+FFFD, byte by byte), so that a pull never
 * writes a note whose frontmatter no longer parses (issue 12 item 4).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/frontmatter.h"
#include "fuzz.h"

/* s with each invalid byte as U+FFFD, as the writer promises. */
static char *
expected(const char *s)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n, len = strlen(s);
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			utf8_encode(&b, 0xfffd);
		else
			buf_add(&b, s + i, n);
		i += n;
	}
	return buf_take(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *items[16], *out, *want;
	const struct fm_field *f;
	struct frontmatter *fm, *back;
	size_t n = 0, i, yo, yl, bo, at = 0;

	memcpy(copy, data, size);
	copy[size] = '\0';
	/* pieces between NULs: the first the title, the rest tags */
	while (n < 16 && at <= size) {
		items[n++] = copy + at;
		at += strlen(copy + at) + 1;
	}
	fm = fm_parse("", 0);
	fm_set_scalar(fm, "title", items[0]);
	fm_set_list(fm, "tags", items + 1, n - 1);
	out = fm_emit(fm);
	CHECK(fm_locate(out, strlen(out), &yo, &yl, &bo));
	back = fm_parse(out + yo, yl);
	if (back->error)
		fprintf(stderr, "emitted:\n%s\nerror: %s\n", out, back->error);
	CHECK(back->error == NULL);
	want = expected(items[0]);
	CHECK(fm_scalar(back, "title") &&
	    strcmp(fm_scalar(back, "title"), want) == 0);
	free(want);
	f = fm_get(back, "tags");
	CHECK(f && f->kind == FM_LIST && f->nitems == n - 1);
	for (i = 1; i < n; i++) {
		want = expected(items[i]);
		CHECK(strcmp(f->items[i - 1], want) == 0);
		free(want);
	}
	fm_free(back);
	fm_free(fm);
	free(out);
	free(copy);
	return 0;
}
