/* test_rename.c: rewriting links to a renamed note: each style kept, code
 * left alone, a link the index saw but the text lacks refused, hostile
 * lines (unclosed brackets, huge lines) survive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/rename.h"
#include "core/util.h"

static char *
rw(const char *text, int line, enum link_kind k, const char *target)
{
	struct rename_link l = {line, k, target};
	char *out = NULL, *cause = NULL;
	int changed;

	if (rename_rewrite(text, &l, 1, "Old Note", "old-note", "New", "new",
	    &out, &changed, &cause) < 0) {
		free(cause);
		return NULL;
	}
	return out;
}

static void
expect(const char *text, enum link_kind k, const char *target,
    const char *want)
{
	char *s = rw(text, 1, k, target);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
test_styles(void **state)
{
	(void)state;
	expect("a [[Old Note]] b", LINK_WIKI, "Old Note", "a [[New]] b");
	expect("[[old note#H 1|x]]", LINK_WIKI, "old note", "[[New#H 1|x]]");
	expect("[[d/Old Note.md#^b]]", LINK_WIKI, "d/Old Note.md",
	    "[[d/New.md#^b]]");
	expect("[[old-note]]", LINK_WIKI, "old-note", "[[new]]");
	expect("![[Old Note]]", LINK_EMBED, "Old Note", "![[New]]");
	expect("[t](../x/Old%20Note.md#a)", LINK_MARKDOWN, "../x/Old Note.md",
	    "[t](../x/New.md#a)");
	expect("[t](<Old Note.md> \"T\")", LINK_MARKDOWN, "Old Note.md",
	    "[t](<New.md> \"T\")");
	expect("concepts: [a, old-note, old-notes]", LINK_CONCEPT, "old-note",
	    "concepts: [a, new, old-notes]");
	expect("`[[Old Note]]` [[Old Note]]", LINK_WIKI, "Old Note",
	    "`[[Old Note]]` [[New]]");
	/* Twice on a line: two rows from the index, both rewritten. */
	{
		struct rename_link l[] = {{1, LINK_WIKI, "Old Note"},
		    {1, LINK_WIKI, "Old Note"}, {2, LINK_WIKI, "old note"}};
		char *out = NULL, *cause = NULL;
		int changed = 0;

		assert_int_equal(rename_rewrite("[[Old Note]], [[Old Note|b]]\n"
		    "x [[old note]]\n", l, 3, "Old Note", "old-note", "New",
		    "new", &out, &changed, &cause), 0);
		assert_string_equal(out, "[[New]], [[New|b]]\nx [[New]]\n");
		assert_true(changed);
		free(out);
	}
	/* By title: found, kept. */
	expect("[[The Title]]", LINK_WIKI, "The Title", "[[The Title]]");
}

static void
test_refused_and_hostile(void **state)
{
	size_t n = 1 << 20, i;
	char *big, *s;

	(void)state;
	assert_null(rw("no link here", 1, LINK_WIKI, "Old Note"));
	assert_null(rw("[[Old Note]]", 2, LINK_WIKI, "Old Note"));
	assert_null(rw("[[Old Note", 1, LINK_WIKI, "Old Note"));
	assert_null(rw("[t](Old Note.md", 1, LINK_MARKDOWN, "Old Note.md"));
	assert_null(rw("[[]] [[|]] [[#]]", 1, LINK_WIKI, ""));
	big = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		big[i] = "[[](`"[i % 5];
	big[n] = '\0';
	assert_null(rw(big, 1, LINK_WIKI, "Old Note"));
	assert_null(rw(big, 1, LINK_MARKDOWN, "Old Note"));
	memset(big, 'x', n);
	memcpy(big + n - 14, "[[Old Note]]\n", 13);
	s = rw(big, 1, LINK_WIKI, "Old Note");
	assert_non_null(s);
	assert_true(str_ends(s, "[[New]]\nx"));
	free(s);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_refused_and_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
