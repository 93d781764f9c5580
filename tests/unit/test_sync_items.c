/*
 * test_sync_items.c: the items of a DynamoDB answer taken as it arrives
 * (sync/items.h), fed a byte at a time and in every other cut, on well
 * formed, malformed, deep and huge answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "sync/items.h"

/* What a feed gave: the items, one a line, and the text left. */
struct fed {
	struct buf items;
	size_t n;
	size_t held;	/* the most text held at once */
};

static void
got(void *arg, const char *p, size_t n)
{
	struct fed *f = arg;

	buf_add(&f->items, p, n);
	buf_addc(&f->items, '\n');
	f->n++;
}

/* Feed text to a fresh reader step bytes at a time; *left is the text
 * left (caller frees). */
static void
feed(const char *text, size_t len, size_t step, struct fed *f, char **left)
{
	struct items s;
	struct buf b = BUF_INIT;
	size_t i, m;

	memset(f, 0, sizeof *f);
	items_reset(&s);
	for (i = 0; i < len; i += m) {
		m = len - i < step ? len - i : step;
		buf_add(&b, text + i, m);
		items_take(&s, &b, got, f);
		if (b.len > f->held)
			f->held = b.len;
	}
	*left = xstrdup(buf_str(&b));
	buf_free(&b);
}

/* Every cut of text gives items (one a line) and leaves left. */
static void
check(const char *text, const char *items, const char *left)
{
	size_t len = strlen(text), step;
	struct fed f;
	char *l;

	for (step = 1; step <= len; step++) {
		feed(text, len, step, &f, &l);
		if (strcmp(buf_str(&f.items), items) != 0)
			fail_msg("cut %zu: items\n%s\nwanted\n%s", step,
			    buf_str(&f.items), items);
		if (strcmp(l, left) != 0)
			fail_msg("cut %zu: left '%s', wanted '%s'", step, l,
			    left);
		buf_free(&f.items);
		free(l);
	}
}

static void
test_answer(void **state)
{
	cJSON *j;

	(void)state;
	/* a Scan page: its items out, the rest (LastEvaluatedKey) one JSON
	 * text with its Items empty */
	check("{\"Items\":[{\"PK\":{\"S\":\"NODE#a\"},\"SK\":{\"S\":"
	    "\"EDGE#b\"}},{\"PK\":{\"S\":\"NODE#c\"}}],\"Count\":2,"
	    "\"ScannedCount\":5,\"LastEvaluatedKey\":{\"PK\":{\"S\":"
	    "\"NODE#c\"},\"SK\":{\"S\":\"META\"}}}",
	    "{\"PK\":{\"S\":\"NODE#a\"},\"SK\":{\"S\":\"EDGE#b\"}}\n"
	    "{\"PK\":{\"S\":\"NODE#c\"}}\n",
	    "{\"Items\":[],\"Count\":2,\"ScannedCount\":5,"
	    "\"LastEvaluatedKey\":{\"PK\":{\"S\":\"NODE#c\"},\"SK\":{\"S\":"
	    "\"META\"}}}");
	j = cJSON_Parse("{\"Items\":[],\"Count\":2,\"LastEvaluatedKey\":"
	    "{\"PK\":{\"S\":\"x\"}}}");
	assert_non_null(j);
	cJSON_Delete(j);
	/* spaces and lines between everything */
	check("{ \"Count\" : 2 ,\n \"Items\" : [ { \"a\" : 1 } ,\n"
	    "  { \"b\" : [ 1, 2 ] } ] }\n",
	    "{ \"a\" : 1 }\n{ \"b\" : [ 1, 2 ] }\n",
	    "{ \"Count\" : 2 ,\n \"Items\" : [ ] }\n");
	/* any byte up to ' ' is space, as cJSON reads it */
	check("{\"Items\":[{\"a\":1}\x06,\x01{\"b\":2}]}",
	    "{\"a\":1}\n{\"b\":2}\n", "{\"Items\":[]}");
	/* none */
	check("{\"Items\":[],\"Count\":0}", "", "{\"Items\":[],\"Count\":0}");
	check("{\"Count\":0}", "", "{\"Count\":0}");
}

static void
test_strings(void **state)
{
	(void)state;
	/* brackets, braces, quotes and backslashes inside strings are
	 * text, in an item and in a key */
	check("{\"Items\":[{\"t\":{\"S\":\"a}b]c\\\"{d\\\\\"},\"u\":"
	    "\"[\"},{\"v\":\"\\\\\\\"]\"}]}",
	    "{\"t\":{\"S\":\"a}b]c\\\"{d\\\\\"},\"u\":\"[\"}\n"
	    "{\"v\":\"\\\\\\\"]\"}\n",
	    "{\"Items\":[]}");
	/* "Items" as a value, or as a key deeper down, is not the array */
	check("{\"Other\":\"Items\",\"X\":[{\"a\":1}],\"Items\":[{\"b\":2}]}",
	    "{\"b\":2}\n",
	    "{\"Other\":\"Items\",\"X\":[{\"a\":1}],\"Items\":[]}");
	check("{\"O\":{\"Items\":[{\"a\":1}]},\"P\":[\"Items\"]}", "",
	    "{\"O\":{\"Items\":[{\"a\":1}]},\"P\":[\"Items\"]}");
	/* a key spelt with an escape is left to the parser */
	check("{\"It\\u0065ms\":[{\"a\":1}]}", "",
	    "{\"It\\u0065ms\":[{\"a\":1}]}");
	/* a second Items after the first has closed is not taken */
	check("{\"Items\":[{\"a\":1}],\"Items\":[{\"b\":2}]}", "{\"a\":1}\n",
	    "{\"Items\":[],\"Items\":[{\"b\":2}]}");
}

static void
test_malformed(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	/* elements that are not items: nothing is taken from there on,
	 * and the rest is left whole, for the parser */
	check("{\"Items\":[1,{\"a\":1}]}", "", "{\"Items\":[1,{\"a\":1}]}");
	check("{\"Items\":[{\"a\":1},\"s\",{\"b\":2}]}", "{\"a\":1}\n",
	    "{\"Items\":[\"s\",{\"b\":2}]}");
	check("{\"Items\":[{\"a\":1}, {\"b\":[[[1]]]}]}", "{\"a\":1}\n"
	    "{\"b\":[[[1]]]}\n", "{\"Items\":[]}");
	/* commas where there is no element, none between two */
	check("{\"Items\":[,{\"a\":1}]}", "", "{\"Items\":[,{\"a\":1}]}");
	check("{\"Items\":[{\"a\":1},,{\"b\":2}]}", "{\"a\":1}\n",
	    "{\"Items\":[,{\"b\":2}]}");
	check("{\"Items\":[{\"a\":1} {\"b\":2}]}", "{\"a\":1}\n",
	    "{\"Items\":[ {\"b\":2}]}");
	/* brackets that do not match, closers before any opener, a text
	 * that ends inside an item */
	check("{\"Items\":[{\"a\":1]}]}", "", "{\"Items\":[{\"a\":1]}]}");
	check("]]}{\"Items\":[{\"a\":1}]}", "", "]]}{\"Items\":[{\"a\":1}]}");
	/* not one object: a number before it (cJSON would read the number
	 * alone), an array, a second object */
	check("1a{\"Items\":[{\"a\":1}]}", "", "1a{\"Items\":[{\"a\":1}]}");
	check("[{\"Items\":[{\"a\":1}]}]", "",
	    "[{\"Items\":[{\"a\":1}]}]");
	check("{} {\"Items\":[{\"a\":1}]}", "",
	    "{} {\"Items\":[{\"a\":1}]}");
	check("{\"Items\":[{\"a\":1},{\"b\":", "{\"a\":1}\n",
	    "{\"Items\":[{\"b\":");
	check("{\"Items\":[{\"a\":\"unended}]}", "",
	    "{\"Items\":[{\"a\":\"unended}]}");
	/* too deep: left whole to the parser */
	buf_adds(&b, "{\"Items\":[{\"a\":");
	for (i = 0; i < 100; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 100; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "}]}");
	check(b.ptr, "", b.ptr);
	buf_free(&b);
}

static void
test_huge(void **state)
{
	struct buf b = BUF_INIT;
	struct fed f;
	char *left;
	size_t i, steps[] = {1, 7, 4096, 16384, 1 << 20};

	(void)state;
	/* a page of 100,000 items: every one taken, and the text held
	 * between pieces is no more than part of an item, whatever the
	 * pieces */
	buf_adds(&b, "{\"Items\":[");
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "%s{\"PK\":{\"S\":\"NODE#n%zu\"},\"SK\":{\"S\":"
		    "\"EDGE#m%zu\"}}", i ? "," : "", i, i + 1);
	buf_adds(&b, "],\"Count\":100000}");
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		feed(b.ptr, b.len, steps[i], &f, &left);
		assert_int_equal(f.n, 100000);
		assert_string_equal(left, "{\"Items\":[],\"Count\":100000}");
		assert_true(f.held <= 128);
		assert_non_null(strstr(f.items.ptr, "{\"PK\":{\"S\":"
		    "\"NODE#n99999\"},\"SK\":{\"S\":\"EDGE#m100000\"}}\n"));
		buf_free(&f.items);
		free(left);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
