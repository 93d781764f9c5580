/* test_buf.c: the growable buffer, util helpers and the config parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/strpool.h"
#include "core/util.h"

static void
test_buf_grows_and_takes(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	int i;

	assert_string_equal(buf_str(&b), "");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_true(str_starts(buf_str(&b), "0,1,2,"));
	assert_true(str_ends(buf_str(&b), "998,999,"));
	assert_int_equal(b.len, strlen(b.ptr));
	buf_truncate(&b, 2);
	assert_string_equal(buf_str(&b), "0,");
	s = buf_take(&b);
	assert_string_equal(s, "0,");
	assert_null(b.ptr);
	free(s);
	s = buf_take(&b);
	assert_string_equal(s, "");
	free(s);
}

/* A buffer only grown, never appended to, still holds a C string. */
static void
test_buf_grown_is_terminated(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	buf_grow(&b, 100);
	s = buf_take(&b);
	assert_string_equal(s, "");
	free(s);
}

static void
test_buf_cap_refuses(void **state)
{
	struct buf b = BUF_INIT;

	b.max = 8;
	buf_adds(&b, "12345");
	buf_adds(&b, "6789");
	assert_true(b.overflow);
	assert_string_equal(buf_str(&b), "12345");
	buf_free(&b);
}

static void
test_parse_int(void **state)
{
	long v;

	assert_int_equal(parse_int("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int("101", 0, 100, &v), -1);
	assert_int_equal(parse_int("4x", 0, 100, &v), -1);
	assert_int_equal(parse_int("", 0, 100, &v), -1);
	assert_int_equal(parse_int("99999999999999999999", 0, 100, &v), -1);
}

static void
test_paths(void **state)
{
	char *p = path_join("a/", "b.md"), *d = path_dir("x/y/z.md");

	assert_string_equal(p, "a/b.md");
	assert_string_equal(d, "x/y");
	assert_string_equal(path_base("x/y/z.md"), "z.md");
	free(p);
	free(d);
	d = path_dir("top.md");
	assert_string_equal(d, "");
	free(d);
}

static void
test_atomic_write(void **state)
{
	char dir[] = "/tmp/stratus-test-XXXXXX", *path, *data, *cause = NULL;
	size_t len;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/deep/er/note.md", dir);
	assert_int_equal(write_file_atomic(path, "hello", 5, &cause), 0);
	assert_int_equal(read_file(path, 0, &data, &len, &cause), 0);
	assert_int_equal(len, 5);
	assert_string_equal(data, "hello");
	free(data);
	assert_int_equal(read_file(path, 3, &data, &len, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	unlink(path);
	free(path);
	path = xasprintf("%s/deep/er", dir);
	rmdir(path);
	free(path);
	path = xasprintf("%s/deep", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
}

static void
test_config(void **state)
{
	const char *text =
	    "# a comment\n"
	    "[core]\n"
	    "vault = /home/me/notes  \r\n"
	    "theme=light\n"
	    "\n"
	    "[remote]\n"
	    "table = kb-prod-knowledge-graph\n"
	    "region = eu-west-1\n";
	struct config *c = NULL;
	char *cause = NULL;

	assert_int_equal(config_parse(text, strlen(text), "cfg", &c, &cause),
	    0);
	assert_string_equal(config_get(c, "core", "vault"), "/home/me/notes");
	assert_string_equal(config_get(c, "core", "theme"), "light");
	assert_string_equal(config_get(c, "remote", "region"), "eu-west-1");
	assert_null(config_get(c, "remote", "bucket"));
	config_free(c);

	assert_int_equal(config_parse("[core\nx=1\n", 11, "cfg", &c, &cause),
	    -1);
	assert_string_equal(cause, "cfg:1: a section is written [name]");
	free(cause);
	cause = NULL;
	assert_int_equal(config_parse("[core]\njunk\n", 12, "cfg", &c,
	    &cause), -1);
	assert_string_equal(cause, "cfg:2: expected key = value");
	free(cause);
}

/* Pooled strings stay as copied, across blocks and a string larger than
 * one; interned ones are one pointer per text, through every rehash. */
static void
test_strpool(void **state)
{
	struct strpool p = STRPOOL_INIT;
	const char *first[5000], *big, *a;
	char name[32], *huge;
	size_t i;

	assert_null(strpool_copy(&p, NULL));
	assert_null(strpool_intern(&p, NULL));
	huge = xmalloc(100000);
	memset(huge, 'x', 99999);
	huge[99999] = '\0';
	a = strpool_copy(&p, "a");
	big = strpool_copy(&p, huge);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "slug-%zu", i);
		first[i] = strpool_intern(&p, name);
		assert_string_equal(first[i], name);
		assert_ptr_not_equal(first[i], name);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "slug-%zu", i);
		assert_ptr_equal(strpool_intern(&p, name), first[i]);
	}
	/* by length: the bytes up to it, not the rest */
	assert_ptr_equal(strpool_internn(&p, "slug-12 and more", 7),
	    first[12]);
	assert_ptr_not_equal(strpool_internn(&p, "slug-1", 5), first[1]);
	assert_ptr_not_equal(strpool_copy(&p, "slug-3"), first[3]);
	/* sorted, each interned string once */
	{
		const char *v[] = {first[7], first[2], first[7], first[30],
		    first[2]};

		assert_int_equal(strpool_uniq(v, 5), 3);
		assert_ptr_equal(v[0], first[2]);
		assert_ptr_equal(v[1], first[30]);
		assert_ptr_equal(v[2], first[7]);
	}
	assert_string_equal(a, "a");
	assert_string_equal(big, huge);
	free(huge);
	strpool_free(&p);
	assert_null(p.block);
	strpool_free(&p);
	strpool_free(NULL);
	/* a pool whose first string is large */
	huge = xmalloc(20000);
	memset(huge, 'y', 19999);
	huge[19999] = '\0';
	assert_string_equal(strpool_copy(&p, huge), huge);
	assert_string_equal(strpool_copy(&p, "after"), "after");
	free(huge);
	strpool_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_takes),
		cmocka_unit_test(test_buf_grown_is_terminated),
		cmocka_unit_test(test_buf_cap_refuses),
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_strpool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
