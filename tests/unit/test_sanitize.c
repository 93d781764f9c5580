/* test_sanitize.c: the one sanitiser (core/sanitize.h): names on a line,
 * JSON text, and the warnings that go through it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/sanitize.h"
#include "render/width.h"

static void
test_names(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"plain.md", "plain.md"},
		{"osc\x1b]52;c;SGk=\x07.md", "osc\xe2\x90\x9b]52;c;SGk=\xe2\x90\x87.md"},
		{"new\nline\ttab\r.md", "new\xe2\x90\x8aline\xe2\x90\x89tab\xe2\x90\x8d.md"},
		{"csi\x9b" "31m", "csi\\x9b31m"},
		{"u9b\xc2\x9b" "31m", "u9b\xe2\x90\x9b[31m"},
		{"bad\xff\xfe", "bad\\xff\\xfe"},
		{"rlo\xe2\x80\xaegpj.exe", "rlo\xe2\x9f\xa8RLO\xe2\x9f\xa9gpj.exe"},
		{"fsi\xe2\x81\xa8x\xe2\x81\xa9", "fsi\xe2\x9f\xa8" "FSI\xe2\x9f\xa9x"
		    "\xe2\x9f\xa8PDI\xe2\x9f\xa9"},
		{"del\x7f", "del\xe2\x90\xa1"},
		{"caf\xc3\xa9 \xe6\x97\xa5", "caf\xc3\xa9 \xe6\x97\xa5"},
		{"trunc\xe6\x97", "trunc\\xe6\\x97"},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_truncate(&b, 0);
		name_sanitize_buf(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(buf_str(&b), cases[i].want);
		assert_string_equal(safe_name(cases[i].in), cases[i].want);
	}
	assert_string_equal(safe_name(NULL), "");
	/* eight at once stay valid, for one printf */
	{
		const char *v[8];

		for (i = 0; i < 8; i++)
			v[i] = safe_name(i % 2 ? "a\x1b" : "b");
		for (i = 0; i < 8; i++)
			assert_string_equal(v[i], i % 2 ? "a\xe2\x90\x9b" : "b");
	}
	buf_free(&b);
}

static void
test_json(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"[\n\t\"a\\u001b\"\n]", "[\n\t\"a\\u001b\"\n]"},
		{"\"c1\xc2\x9b\"", "\"c1\\u009b\""},
		{"\"raw\x9b\xff\"", "\"raw\\udc9b\\udcff\""},
		{"\"rlo\xe2\x80\xae\"", "\"rlo\\u202e\""},
		{"\"ls\xe2\x80\xa8ps\xe2\x80\xa9\"", "\"ls\\u2028ps\\u2029\""},
		{"\"del\x7f\"", "\"del\\u007f\""},
		{"\"caf\xc3\xa9\"", "\"caf\xc3\xa9\""},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_truncate(&b, 0);
		json_sanitize_buf(&b, cases[i].in, strlen(cases[i].in));
		assert_string_equal(buf_str(&b), cases[i].want);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_json),
	};

	width_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
