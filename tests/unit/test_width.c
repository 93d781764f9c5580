/* test_width.c: UTF-8 decoding, display width, sanitising and wrapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/width.h"

static void
test_decode(void **state)
{
	uint32_t cp;

	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode("\xe4\xb8\xad", 3, &cp), 3);
	assert_int_equal(cp, 0x4e2d);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	/* invalid: a lone continuation, overlong, surrogate, truncated,
	 * beyond U+10FFFF, 0xff */
	assert_int_equal(utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xe4\xb8", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_decode("\xff", 1, &cp), 1);
	assert_int_equal(cp, 0xfffd);
}

static void
test_encode_roundtrip(void **state)
{
	uint32_t cps[] = { 0x41, 0xe9, 0x7ff, 0x800, 0xffff, 0x10000,
		0x10ffff }, cp;
	struct buf b = BUF_INIT;
	size_t i, n;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		buf_reset(&b);
		utf8_encode(&b, cps[i]);
		n = utf8_decode(b.ptr, b.len, &cp);
		assert_int_equal(n, b.len);
		assert_int_equal(cp, cps[i]);
	}
	buf_reset(&b);
	utf8_encode(&b, 0xd800);	/* a surrogate is not encoded */
	assert_string_equal(buf_str(&b), "\xef\xbf\xbd");
	buf_free(&b);
}

static void
test_widths(void **state)
{
	assert_int_equal(cp_width('a'), 1);
	assert_int_equal(cp_width(0x4e2d), 2);	/* 中 */
	assert_int_equal(cp_width(0xac00), 2);	/* 가 */
	assert_int_equal(cp_width(0x1f600), 2);	/* 😀 */
	assert_int_equal(cp_width(0x301), 0);	/* combining acute */
	assert_int_equal(cp_width(0x200b), 0);	/* zero width space */
	assert_int_equal(cp_width(0xff21), 2);	/* fullwidth A */
	assert_int_equal(cp_width(0x1b), 1);	/* ESC shows as one */
	assert_int_equal(cp_width(0x9b), 2);	/* C1 CSI shows as two */
	assert_int_equal(text_width("ab", 2), 2);
	assert_int_equal(text_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);
	assert_int_equal(text_width("e\xcc\x81", 3), 1);
	assert_int_equal(text_width("\xff\xfe", 2), 2);	/* two U+FFFD */
}

/* No C0, DEL or C1 (as UTF-8 or raw) may remain, and it is valid UTF-8. */
static void
assert_clean(const char *s)
{
	size_t i = 0, len = strlen(s), n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		assert_false(cp_is_control(cp));
		assert_false(cp == 0xfffd && n == 1);
		i += n;
	}
}

static void
test_sanitize_controls(void **state)
{
	const char *in = "a\033]52;c;SGVsbG8=\007b\033[2J\033[Hc\033]0;t\007"
	    "d\xc2\x9b" "31m e\x9b f\x7f g\ttab\r\nnl\x01";
	char *s = text_sanitize(in, strlen(in));

	assert_clean(s);
	assert_non_null(strstr(s, "\xe2\x90\x9b]52;c;SGVsbG8=\xe2\x90\x87"));
	assert_non_null(strstr(s, "\xe2\x90\x9b[31m"));	/* C1 CSI */
	assert_non_null(strstr(s, "e\xef\xbf\xbd f"));	/* raw 0x9b */
	assert_non_null(strstr(s, "\xe2\x90\xa1"));	/* DEL */
	assert_non_null(strstr(s, "g tab  nl"));
	assert_non_null(strstr(s, "\xe2\x90\x81"));	/* SOH */
	assert_int_equal(text_width(s, strlen(s)), text_width(in, strlen(in)));
	free(s);
}

/* Bidi embeddings, overrides and isolates would reorder the text on
 * screen ("Trojan Source"): each is shown by name, and nothing else is
 * touched (marks such as U+200E and Hebrew text stay). */
static void
test_sanitize_bidi(void **state)
{
	static const struct {
		uint32_t cp;
		const char *shown;
	} cases[] = {
		{ 0x202a, "LRE" }, { 0x202b, "RLE" }, { 0x202c, "PDF" },
		{ 0x202d, "LRO" }, { 0x202e, "RLO" }, { 0x2066, "LRI" },
		{ 0x2067, "RLI" }, { 0x2068, "FSI" }, { 0x2069, "PDI" },
	};
	struct buf in = BUF_INIT, want = BUF_INIT;
	const char *rtl = "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8e";
	size_t i;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_true(cp_is_control(cases[i].cp));
		assert_int_equal(cp_width(cases[i].cp), 5);
		buf_reset(&in);
		buf_adds(&in, "a");
		utf8_encode(&in, cases[i].cp);
		buf_adds(&in, "b");
		buf_reset(&want);
		buf_printf(&want, "a\xe2\x9f\xa8%s\xe2\x9f\xa9" "b",
		    cases[i].shown);
		s = text_sanitize(in.ptr, in.len);
		assert_string_equal(s, want.ptr);
		assert_clean(s);
		assert_int_equal(text_width(s, strlen(s)), 7);
		assert_int_equal(text_width(in.ptr, in.len), 7);
		free(s);
	}
	/* neighbours that do not reorder are left alone */
	assert_false(cp_is_control(0x2029));
	assert_false(cp_is_control(0x202f));
	assert_false(cp_is_control(0x2065));
	assert_false(cp_is_control(0x206a));
	s = text_sanitize(rtl, strlen(rtl));
	assert_string_equal(s, rtl);
	free(s);
	buf_free(&in);
	buf_free(&want);
}

static void
test_fit_keeps_clusters(void **state)
{
	const char *s = "e\xcc\x81" "e\xcc\x81" "e";	/* é é e */
	const char *cjk = "a\xe4\xb8\xad" "b";	/* a中b */
	int used;

	assert_int_equal(text_fit(s, strlen(s), 1, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit(s, strlen(s), 2, &used), 6);
	assert_int_equal(text_fit(cjk, strlen(cjk), 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit(cjk, strlen(cjk), 3, &used), 4);
	assert_int_equal(used, 3);
	assert_int_equal(text_fit(cjk, strlen(cjk), 0, &used), 0);
}

/* All lines of s wrapped at width. */
static char *
wrap_all(const char *s, int width)
{
	struct buf out = BUF_INIT;
	size_t pos = 0, len = strlen(s), n, next;

	do {
		n = text_wrap(s + pos, len - pos, width, &next);
		assert_true(text_width(s + pos, n) <= (width < 2 ? 2 : width));
		buf_add(&out, s + pos, n);
		buf_addc(&out, '|');
		assert_true(next > 0);
		pos += next;
	} while (pos < len);
	return buf_take(&out);
}

static void
test_wrap(void **state)
{
	char *w;

	w = wrap_all("the quick brown fox", 10);
	assert_string_equal(w, "the quick|brown fox|");
	free(w);
	w = wrap_all("aaaa bbbb", 4);
	assert_string_equal(w, "aaaa|bbbb|");
	free(w);
	w = wrap_all("abcdefghij", 4);
	assert_string_equal(w, "abcd|efgh|ij|");
	free(w);
	w = wrap_all("one\ntwo three", 20);
	assert_string_equal(w, "one|two three|");
	free(w);
	w = wrap_all("a  b   ", 20);
	assert_string_equal(w, "a  b|");
	free(w);
	/* CJK breaks between characters; a word then CJK breaks before it */
	w = wrap_all("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87", 5);
	assert_string_equal(w, "\xe4\xb8\xad\xe6\x96\x87|"
	    "\xe4\xb8\xad\xe6\x96\x87|");
	free(w);
	w = wrap_all("ab\xe4\xb8\xad\xe6\x96\x87", 5);
	assert_string_equal(w, "ab\xe4\xb8\xad|\xe6\x96\x87|");
	free(w);
	/* a combining mark stays with its letter */
	w = wrap_all("ae\xcc\x81" "b", 2);
	assert_string_equal(w, "ae\xcc\x81|b|");
	free(w);
	/* a line that breaks just before a hard break eats it */
	w = wrap_all("abcd \nef", 4);
	assert_string_equal(w, "abcd|ef|");
	free(w);
	w = wrap_all("a\n\nb", 4);
	assert_string_equal(w, "a||b|");
	free(w);
}

/* Random text, sanitised, never wraps wider than the width. */
static void
test_wrap_random(void **state)
{
	static const char *const pieces[] = { "a", "bc ", " ", "\xe4\xb8\xad",
		"\xf0\x9f\x98\x80", "e\xcc\x81", "\n", "word ", "\x1b", "\x9b",
		"\xc2\x9b", "\xff", "longlonglongword", "\t" };
	struct buf raw = BUF_INIT;
	char *s, *w;
	unsigned seed = 42;
	int round, k, width;

	for (round = 0; round < 300; round++) {
		buf_reset(&raw);
		for (k = 0; k < 60; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&raw, pieces[(seed >> 16) % (sizeof pieces /
			    sizeof pieces[0])]);
		}
		s = text_sanitize(raw.ptr, raw.len);
		assert_clean(s);
		for (width = 2; width < 30; width += 3) {
			w = wrap_all(s, width);
			free(w);
		}
		free(s);
	}
	buf_free(&raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_sanitize_controls),
		cmocka_unit_test(test_sanitize_bidi),
		cmocka_unit_test(test_fit_keeps_clusters),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_random),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		width_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
