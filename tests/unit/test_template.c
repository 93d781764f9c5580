/* test_template.c: note templates: placeholders, YAML quoting inside the
 * frontmatter only, date formats, hostile templates, exclusive create. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/template.h"
#include "core/util.h"

/* 2024-03-05 14:07:09 in the test's TZ=UTC. */
#define WHEN ((time_t)1709647629)

static void
test_placeholders(void **state)
{
	struct template_vars v = {"A: \"b\" #c", "a-b-c", "concept", WHEN};
	char *s;

	(void)state;
	s = template_expand("---\ntitle: {{title}}\nslug: {{slug}}\n"
	    "created: {{date}}\n---\n# {{title}}\n{{date:DD/MM/YYYY HH:mm:ss}}"
	    " {{time}} {{type}} {{unknown}} {{ {{title", &v);
	assert_string_equal(s, "---\ntitle: \"A: \\\"b\\\" #c\"\nslug: a-b-c\n"
	    "created: \"2024-03-05\"\n---\n# A: \"b\" #c\n05/03/2024 14:07:09"
	    " 14:07 concept {{unknown}} {{ {{title");
	free(s);
	/* No frontmatter: nothing is quoted. */
	s = template_expand("{{title}}: {{date:dddd}}", &v);
	assert_string_equal(s, "A: \"b\" #c: Tuesday");
	free(s);
}

static void
test_hostile(void **state)
{
	struct template_vars v = {"t", "t", "note", WHEN};
	size_t n = 4 << 20, i;
	char *big = xmalloc(n + 1), *s;

	(void)state;
	for (i = 0; i < n; i++)
		big[i] = "{{}"[i % 3];
	big[n] = '\0';
	s = template_expand(big, &v);
	assert_int_equal(strlen(s), n);
	free(s);
	memset(big, '{', n);
	s = template_expand(big, &v);
	assert_int_equal(strlen(s), n);
	free(s);
	free(big);
	s = template_expand("---\ntitle: {{title}}", &v);
	assert_string_equal(s, "---\ntitle: t");
	free(s);
	v.title = "line\nbreak\x01";
	s = template_expand("---\ntitle: {{title}}\n---\n", &v);
	assert_string_equal(s, "---\ntitle: \"line\\nbreak\\x01\"\n---\n");
	free(s);
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/stratus-tmpl-XXXXXX", *path, *s = NULL;
	char *cause = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(template_load(dir, "concept", &s, &cause), 0);
	assert_string_equal(s, template_builtin("concept"));
	free(s);
	assert_int_equal(template_load(dir, "../x", &s, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(template_load(dir, "meeting", &s, &cause), -1);
	free(cause);
	cause = NULL;
	path = path_join(dir, "templates/meeting.md");
	assert_int_equal(file_create_new(path, "M {{title}}", 11, &cause), 0);
	assert_int_equal(file_create_new(path, "again", 5, &cause), -1);
	assert_int_equal(errno, EEXIST);
	free(cause);
	cause = NULL;
	assert_int_equal(template_load(dir, "meeting", &s, &cause), 0);
	assert_string_equal(s, "M {{title}}");
	free(s);
	unlink(path);
	free(path);
	path = path_join(dir, "templates");
	rmdir(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_load),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
