/*
 * fuzz_note.c: note_parse() on any bytes, then the note's links through
 * the resolver. The note must keep DESIGN.md's promises: clean UTF-8
 * text without control characters, a title, a slug, a two-letter
 * language, unique lowercase tags, links on lines of the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/note.h"
#include "core/resolve.h"
#include "fuzz.h"

/* Clean text; with newlines, tabs and line breaks are allowed. */
static int
line_clean(const char *s, int newlines)
{
	return fuzz_clean(s, strlen(s), newlines ? "\t\n" : "", 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"n.md", "dir/Note.es.md", "x/y.mdx", "Ünï côde.markdown",
	};
	const char *path = paths[size ? data[0] % 4 : 0];
	struct note *n;
	struct resolver *r;
	size_t i, j, lines = 1, nl = 0;
	const char *p;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n'));
	n = note_parse(path, (const char *)data, size, "en");
	CHECK(n->title && n->slug && n->lang && n->summary && n->text);
	CHECK(n->slug[0] != '\0' && strlen(n->lang) == 2);
	CHECK(line_clean(n->text, 1));
	CHECK(line_clean(n->slug, 0) && line_clean(n->title, 0));
	for (p = n->slug; *p; p++)
		CHECK(!(*p >= 'A' && *p <= 'Z') && *p != ' ');
	for (p = n->text; *p; p++)
		nl += *p == '\n';
	CHECK(nl <= lines);
	CHECK(n->body_offset <= size);
	CHECK(n->body_line >= 1 && (size_t)n->body_line <= lines);
	for (i = 0; i < n->ntags; i++) {
		CHECK(n->tags[i][0] != '\0');
		for (j = i + 1; j < n->ntags; j++)
			CHECK(strcmp(n->tags[i], n->tags[j]) != 0);
		for (p = n->tags[i]; *p; p++)
			CHECK(!(*p >= 'A' && *p <= 'Z'));
	}
	for (i = 0; i < n->nlinks; i++)
		CHECK(n->links[i].line >= 1 &&
		    (size_t)n->links[i].line <= lines);
	for (i = 0; i < n->nheadings; i++) {
		CHECK(n->headings[i].level >= 1 && n->headings[i].level <= 6);
		CHECK(line_clean(n->headings[i].text, 0));
	}
	for (i = 0; i < n->nwarnings; i++)
		CHECK(strncmp(n->warnings[i], "line ", 5) == 0);

	r = resolver_new();
	resolver_add(r, 1, n->path, n->slug, n->lang, n->title, n->aliases,
	    n->naliases);
	resolver_add(r, 2, "other/Other.md", "other", "en", "Other", NULL, 0);
	for (i = 0; i < n->nlinks; i++) {
		struct resolution res = resolver_resolve(r, n->path,
		    n->links[i].target, n->lang);

		CHECK(res.id == -1 || res.id == 1 || res.id == 2);
		CHECK((res.id == -1) == (res.how == RESOLVE_NONE));
	}
	resolver_free(r);
	note_free(n);
	return 0;
}
