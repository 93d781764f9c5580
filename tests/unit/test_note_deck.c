/* test_note_deck.c: a note made into deck text: the slide split, code
 * and frontmatter kept out of it, and hostile notes (empty, unclosed
 * fences, a huge section, NUL bytes) giving a deck, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "deck/deck.h"

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_split(void **state)
{
	const char *note = "---\ntitle: T\n---\n\n# T\n\nIntro.\n\n## A\n\n"
	    "```sh\n## not a slide\n---\n```\n\n***\n\n## B\n\n|a|b|\n|-|-|\n";
	char *s = deck_from_note(note, strlen(note), "T", "Sum.", 12);

	(void)state;
	assert_true(str_starts(s, "# T\n\nSum.\n"));
	assert_int_equal(count(s, "\n---\n\n"), 3);	/* intro, A, B */
	assert_non_null(strstr(s, "## not a slide\n---\n```"));
	assert_null(strstr(s, "***"));
	assert_null(strstr(s, "title: T"));
	assert_non_null(strstr(s, "|a|b|"));
	free(s);
}

static void
test_hostile(void **state)
{
	size_t n = 2 << 20, i;
	char *big = xmalloc(n), *s;
	struct deck *d;

	(void)state;
	s = deck_from_note("", 0, NULL, NULL, 12);
	assert_string_equal(s, "# Untitled\n");
	free(s);
	s = deck_from_note("---\nx: [\n", 9, "", "", 12);
	free(s);
	s = deck_from_note("```\n## a\n", 9, "t", NULL, 12);
	assert_int_equal(count(s, "\n---\n"), 1);
	free(s);
	/* 2 MB: paragraphs split into many slides, NULs in the middle. */
	for (i = 0; i < n; i++)
		big[i] = i % 50 >= 48 ? '\n' : 'x';
	memcpy(big, "## H\n", 5);
	for (i = 1000; i < n; i += 4096)
		big[i] = '\0';
	s = deck_from_note(big, n, "t", NULL, 12);
	assert_true(strlen(s) > n / 2);	/* the NULs cut nothing */
	assert_true(count(s, "## H (cont.)") > 100);
	d = deck_parse(s, strlen(s), "big");
	assert_non_null(d);
	deck_free(d);
	free(s);
	memset(big, '#', n);
	s = deck_from_note(big, n, "t", NULL, 12);
	free(s);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
