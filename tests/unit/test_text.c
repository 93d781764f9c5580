/*
 * test_text.c: the text toolkit of src/core: UTF-8 (strict decoding,
 * validation, case folding), HTML entities, percent-decoding, code fences
 * and the INI reader, each fed well-formed, malformed, huge and hostile
 * input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/entity.h"
#include "core/fence.h"
#include "core/ini.h"
#include "core/note.h"
#include "core/pct.h"
#include "core/utf8.h"
#include "core/util.h"

static void
test_utf8_next(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80",
		"\xe4\xb8", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",
		"\xfe", "\xc3", "\xf0\x9f\x98",
	};
	uint32_t cp = 7;
	size_t i;

	assert_int_equal(utf8_next("", 0, &cp), 0);
	assert_int_equal(utf8_next("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_next("\xe1\xbb\x86", 3, &cp), 3);
	assert_int_equal(cp, 0x1ec6);
	assert_int_equal(utf8_next("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cp = 7;
		assert_int_equal(utf8_next(bad[i], strlen(bad[i]), &cp), 0);
		assert_int_equal(cp, 7);
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 1);
		assert_int_equal(cp, 0xfffd);
	}
	assert_true(utf8_valid("a\0b\xc3\xa9", 5));
	assert_true(utf8_valid("", 0));
}

static void
test_utf8_encode_roundtrip(void **state)
{
	struct buf b = BUF_INIT;
	uint32_t cp, back;

	for (cp = 0; cp <= 0x10ffff; cp += (cp < 0x3000 ? 1 : 97)) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		buf_reset(&b);
		utf8_encode(&b, cp);
		assert_int_equal(utf8_next(b.ptr, b.len, &back), b.len);
		assert_int_equal(back, cp);
	}
	buf_reset(&b);
	utf8_encode(&b, 0xd800);
	utf8_encode(&b, 0x110000);
	assert_string_equal(b.ptr, "\xef\xbf\xbd\xef\xbf\xbd");
	buf_free(&b);
}

/* Literals only: their sizes count NUL bytes inside. */
#define FOLD(in, want) check_fold(in, sizeof in - 1, want, sizeof want - 1)

static void
check_fold(const char *in, size_t n, const char *want, size_t wn)
{
	struct buf b = BUF_INIT;

	utf8_fold(&b, in, n);
	assert_int_equal(b.len, wn);
	assert_memory_equal(b.ptr, want, b.len);
	buf_free(&b);
}

static void
test_utf8_fold(void **state)
{
	char *a, *b;

	/* Vietnamese: U+0110, U+1EC6 (missing from the old table), U+00C1 */
	FOLD("\xc4\x90I\xe1\xbb\x86N TO\xc3\x81N",
	    "\xc4\x91i\xe1\xbb\x87n to\xc3\xa1n");
	FOLD("Stra\xc3\x9f" "e", "strasse");
	FOLD("\xce\xa3\xce\xbf\xcf\x86\xce\xaf\xce\xb1",
	    "\xcf\x83\xce\xbf\xcf\x86\xce\xaf\xce\xb1");	/* Σοφία */
	FOLD("\xd0\x81\xd0\x96", "\xd1\x91\xd0\xb6");	/* ЁЖ */
	FOLD("\xef\xbc\xa1", "\xef\xbd\x81");	/* fullwidth A */
	/* invalid bytes kept as they are, NUL too */
	FOLD("A\xff\xc3\x89\x80Z\0Q", "a\xff\xc3\xa9\x80z\0q");
	FOLD("", "");
	assert_int_equal(utf8_fold_cp(0x1ec6), 0x1ec7);
	assert_int_equal(utf8_fold_cp('Q'), 'q');
	assert_int_equal(utf8_fold_cp(0xdf), 0xdf);	/* ß folds to "ss" */
	assert_int_equal(utf8_fold_cp(0xd800), 0xd800);
	assert_int_equal(utf8_fold_cp(0x4e2d), 0x4e2d);
	/* the note layer's names fold through the same table */
	a = fold_case("\xc4\x90I\xe1\xbb\x86N TO\xc3\x81N");
	b = fold_case("\xc4\x90i\xe1\xbb\x87n to\xc3\xa1n");
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = slugify("\xc4\x90I\xe1\xbb\x86N TO\xc3\x81N");
	assert_string_equal(a, "\xc4\x91i\xe1\xbb\x87n-to\xc3\xa1n");
	free(a);
}

static void
check_unescape(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	entity_unescape(&b, in, strlen(in));
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_entities(void **state)
{
	struct buf b = BUF_INIT;
	char *huge;
	size_t i;

	check_unescape("Caf&eacute;", "Caf\xc3\xa9");
	check_unescape("&frac12; &ucirc; &Aring; &hellip; &amp;amp;",
	    "\xc2\xbd \xc3\xbb \xc3\x85 \xe2\x80\xa6 &amp;");
	check_unescape("&CounterClockwiseContourIntegral;", "\xe2\x88\xb3");
	check_unescape("&#233;&#xE9;&#X1F600;", "\xc3\xa9\xc3\xa9"
	    "\xf0\x9f\x98\x80");
	/* not references: kept as written */
	check_unescape("AT&T &nosuch; &eacute &; &#; &#x; & x", "AT&T "
	    "&nosuch; &eacute &; &#; &#x; & x");
	check_unescape("&", "&");
	check_unescape("&#", "&#");
	/* hostile numbers: NUL, controls, surrogates, too big */
	check_unescape("&#0;&#27;&#x9b;&#xD800;&#x110000;&#99999999999;",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd&#99999999999;");
	assert_int_equal(entity_decode("&lt;", 4, &b), 4);
	assert_int_equal(entity_decode("&lt", 3, &b), 0);
	assert_int_equal(entity_decode("x&lt;", 5, &b), 0);
	assert_string_equal(buf_str(&b), "<");
	/* a megabyte of '&' and letters with no ';' */
	huge = xmalloc(1 << 20);
	for (i = 0; i < (1 << 20); i++)
		huge[i] = i % 7 ? 'a' : '&';
	buf_reset(&b);
	entity_unescape(&b, huge, 1 << 20);
	assert_int_equal(b.len, 1 << 20);
	assert_memory_equal(b.ptr, huge, 1 << 20);
	free(huge);
	buf_free(&b);
}

static void
check_pct(const char *in, const char *want)
{
	char *s = pct_decode(in, strlen(in));

	assert_string_equal(s, want);
	free(s);
}

static void
test_pct(void **state)
{
	check_pct("My%20Note.md", "My Note.md");
	check_pct("Caf%C3%A9", "Caf\xc3\xa9");
	check_pct("no-percent", "no-percent");
	check_pct("50%", "50%");
	check_pct("%2", "%2");
	check_pct("%zz%4", "%zz%4");
	check_pct("a%2fb", "a/b");
	/* unsafe results: the text as written */
	check_pct("a%00b", "a%00b");
	check_pct("%ff%fe", "%ff%fe");
	check_pct("x%0Ay", "x%0Ay");
	check_pct("%C2%9B", "%C2%9B");
	assert_int_equal(pct_hexval('F'), 15);
	assert_int_equal(pct_hexval('g'), -1);
}

static void
test_fence(void **state)
{
	char ch = 0;
	size_t info = 0;

	assert_int_equal(md_fence_open("```js", 5, &ch, &info), 3);
	assert_int_equal(ch, '`');
	assert_int_equal(info, 3);
	assert_int_equal(md_fence_open("   ~~~~ yaml", 12, &ch, NULL), 4);
	assert_int_equal(ch, '~');
	assert_int_equal(md_fence_open("    ```", 7, &ch, NULL), 0);
	assert_int_equal(md_fence_open("``", 2, &ch, NULL), 0);
	assert_int_equal(md_fence_open("``` a`b", 7, &ch, NULL), 0);
	assert_int_equal(md_fence_open("~~~ a`b", 7, &ch, NULL), 3);
	assert_int_equal(md_fence_open("", 0, &ch, NULL), 0);
	assert_true(md_fence_close("````  \r", 7, '`', 3));
	assert_true(md_fence_close("  ~~~", 5, '~', 3));
	assert_false(md_fence_close("``", 2, '`', 3));
	assert_false(md_fence_close("```` x", 6, '`', 3));
	assert_false(md_fence_close("~~~", 3, '`', 3));
	assert_false(md_fence_close("    ```", 7, '`', 3));
	assert_false(md_fence_close("", 0, '`', 3));
}

static void
test_ini(void **state)
{
	static const char text[] =
	    "# comment\r\n"
	    "; another\n"
	    "top = level\n"
	    "[core]\r\n"
	    "  vault =  ~/notes  \r\n"
	    "\n"
	    "[ remote ]\n"
	    "table=stratus=x\n"
	    "empty =\n"
	    "[broken\n"
	    "[x] y\n"
	    "no equals here\n"
	    "last = 1";
	struct ini r;
	char *k, *v;

	ini_open(&r, text, sizeof text - 1);
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_string_equal(k, "top");
	assert_string_equal(v, "level");
	assert_int_equal(r.line, 3);
	assert_int_equal(ini_next(&r, &k, &v), INI_SECTION);
	assert_string_equal(k, "core");
	assert_string_equal(v, "");
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_string_equal(k, "vault");
	assert_string_equal(v, "~/notes");
	assert_int_equal(ini_next(&r, &k, NULL), INI_SECTION);
	assert_string_equal(k, "remote");
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_string_equal(k, "table");
	assert_string_equal(v, "stratus=x");
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_string_equal(v, "");
	assert_int_equal(ini_next(&r, &k, &v), INI_BAD_SECTION);
	assert_string_equal(k, "broken");
	assert_int_equal(r.line, 10);
	assert_int_equal(ini_next(&r, &k, &v), INI_BAD_SECTION);
	assert_int_equal(ini_next(&r, &k, &v), INI_NO_EQUALS);
	assert_string_equal(k, "no equals here");
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_string_equal(k, "last");
	assert_int_equal(r.line, 13);
	assert_int_equal(ini_next(&r, &k, &v), INI_END);
	assert_int_equal(ini_next(&r, &k, &v), INI_END);
	ini_close(&r);
	ini_close(&r);
	/* empty text, a NUL inside, and no newline at all */
	ini_open(&r, "", 0);
	assert_int_equal(ini_next(&r, NULL, NULL), INI_END);
	ini_close(&r);
	ini_open(&r, "a = b\0[c]\n", 10);
	assert_int_equal(ini_next(&r, &k, &v), INI_PAIR);
	assert_int_equal(ini_next(&r, &k, &v), INI_END);
	ini_close(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_next),
		cmocka_unit_test(test_utf8_encode_roundtrip),
		cmocka_unit_test(test_utf8_fold),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_pct),
		cmocka_unit_test(test_fence),
		cmocka_unit_test(test_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
