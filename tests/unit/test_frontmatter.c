/*
 * test_frontmatter.c: locating the YAML block, reading it with every field
 * kept in order, hostile YAML (broken, tabs, alias bombs, deep nesting,
 * invalid UTF-8), and fm_emit() round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/frontmatter.h"
#include "core/util.h"

static struct frontmatter *
parse(const char *yaml)
{
	return fm_parse(yaml, strlen(yaml));
}

/* Locate in s; returns the YAML text (or NULL) and sets *body. */
static char *
locate(const char *s, size_t len, size_t *body)
{
	size_t yo, yl;

	if (!fm_locate(s, len, &yo, &yl, body))
		return NULL;
	return xstrndup(s + yo, yl);
}

static void
test_locate(void **state)
{
	static const char bom[] = "\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody";
	static const char nul[] = "---\na: \0b\n---\nbody";
	char *y;
	size_t body;

	y = locate("---\ntitle: x\n---\n# Body\n", 24, &body);
	assert_string_equal(y, "title: x\n");
	assert_int_equal(body, 17);
	free(y);
	y = locate(bom, sizeof bom - 1, &body);
	assert_string_equal(y, "title: x\r\n");
	assert_string_equal(bom + body, "body");
	free(y);
	y = locate("---\na: 1\n...\nrest", 17, &body);
	assert_string_equal(y, "a: 1\n");
	free(y);
	y = locate("---  \n---\t\nx", 12, &body);	/* trailing blanks */
	assert_string_equal(y, "");
	assert_int_equal(body, 11);
	free(y);
	y = locate("---\na: 1\n---", 12, &body);	/* no newline at EOF */
	assert_string_equal(y, "a: 1\n");
	assert_int_equal(body, 12);
	free(y);
	y = locate(nul, sizeof nul - 1, &body);
	assert_non_null(y);
	assert_string_equal(nul + body, "body");
	free(y);
	/* none */
	assert_null(locate("\n---\na: 1\n---\n", 14, &body));
	assert_null(locate("---\na: 1\nno end\n", 16, &body));
	assert_null(locate("---", 3, &body));
	assert_null(locate("----\na\n----\n", 12, &body));
	assert_null(locate("# Title\n---\n", 12, &body));
	assert_null(locate("", 0, &body));
	assert_null(locate("---x\n---\n", 9, &body));
}

static void
test_fields_in_order(void **state)
{
	struct frontmatter *fm = parse(
	    "title: \"AWS Lambda\"\n"
	    "summary: Functions on demand.\n"
	    "my_custom: kept too\n"
	    "tags: [aws, serverless]\n"
	    "aliases:\n"
	    "  - Lambda\n"
	    "  - \"λ\"\n"
	    "count: 3\n"
	    "empty:\n"
	    "author:\n"
	    "  name: Ana\n"
	    "  url: https://example.com\n"
	    "flow: {a: 1, b: [2, 3]}\n"
	    "people:\n"
	    "  - name: x\n"
	    "  - name: y\n"
	    "block: |\n"
	    "  line one\n"
	    "  line two\n"
	    "title: second title\n");
	const struct fm_field *f;

	assert_null(fm->error);
	assert_int_equal(fm->nfields, 12);
	assert_string_equal(fm->fields[0].key, "title");
	assert_string_equal(fm_scalar(fm, "title"), "AWS Lambda");
	assert_false(fm->fields[0].plain);
	assert_int_equal(fm->fields[0].line, 1);
	assert_string_equal(fm->fields[2].key, "my_custom");
	assert_string_equal(fm->fields[2].value, "kept too");
	f = fm_get(fm, "tags");
	assert_int_equal(f->kind, FM_LIST);
	assert_int_equal(f->nitems, 2);
	assert_string_equal(f->items[1], "serverless");
	assert_int_equal(f->item_lines[1], 4);
	f = fm_get(fm, "aliases");
	assert_int_equal(f->kind, FM_LIST);
	assert_string_equal(f->items[1], "λ");
	assert_int_equal(f->item_lines[0], 6);
	assert_int_equal(f->item_lines[1], 7);
	assert_true(f->item_plain[0]);
	assert_false(f->item_plain[1]);
	f = fm_get(fm, "count");
	assert_string_equal(f->value, "3");
	assert_true(f->plain);
	assert_string_equal(fm_scalar(fm, "empty"), "");
	f = fm_get(fm, "author");
	assert_int_equal(f->kind, FM_OTHER);
	assert_true(f->block);
	assert_string_equal(f->raw, "  name: Ana\n  url: https://example.com");
	assert_null(fm_scalar(fm, "author"));
	f = fm_get(fm, "flow");
	assert_int_equal(f->kind, FM_OTHER);
	assert_false(f->block);
	assert_string_equal(f->raw, "{a: 1, b: [2, 3]}");
	f = fm_get(fm, "people");
	assert_int_equal(f->kind, FM_OTHER);
	assert_string_equal(f->raw, "  - name: x\n  - name: y");
	assert_string_equal(fm_scalar(fm, "block"), "line one\nline two\n");
	/* a repeated key is kept; fm_get finds the first */
	assert_string_equal(fm->fields[11].value, "second title");
	assert_null(fm_get(fm, "nope"));
	assert_null(fm_get(NULL, "title"));
	fm_free(fm);
	fm_free(NULL);
}

static void
test_unicode_raw(void **state)
{
	/* libyaml marks count characters: raw slices must still be right */
	struct frontmatter *fm = parse(
	    "título: «ñandú» ünïcode\n"
	    "mapa:\n"
	    "  clé: valeur\n"
	    "  ключ: значение\n"
	    "after: 1\n");

	assert_null(fm->error);
	assert_string_equal(fm_get(fm, "mapa")->raw,
	    "  clé: valeur\n  ключ: значение");
	assert_string_equal(fm_scalar(fm, "título"), "«ñandú» ünïcode");
	assert_string_equal(fm_scalar(fm, "after"), "1");
	fm_free(fm);
}

static void
test_empty(void **state)
{
	struct frontmatter *fm;

	fm = parse("");
	assert_null(fm->error);
	assert_int_equal(fm->nfields, 0);
	fm_free(fm);
	fm = parse("# only a comment\n\n");
	assert_null(fm->error);
	assert_int_equal(fm->nfields, 0);
	fm_free(fm);
}

static void
test_broken(void **state)
{
	struct frontmatter *fm;

	fm = parse("title: Kept\ntags: [a, b\nnext: 1\n");
	assert_non_null(fm->error);
	assert_true(str_starts(fm->error, "line "));
	assert_string_equal(fm_scalar(fm, "title"), "Kept");
	assert_null(fm_get(fm, "tags"));
	fm_free(fm);

	fm = fm_parse_at("title: x\nbad: [\n", 16, 2);
	assert_non_null(fm->error);
	assert_true(str_starts(fm->error, "line 4:") ||
	    str_starts(fm->error, "line 3:"));
	fm_free(fm);

	/* a tab where YAML wants spaces */
	fm = parse("title: x\ntags:\n\t- a\n");
	assert_non_null(fm->error);
	assert_non_null(strstr(fm->error, "line 3"));
	assert_non_null(strstr(fm->error, "tabs"));
	assert_string_equal(fm_scalar(fm, "title"), "x");
	fm_free(fm);

	fm = parse("key: value: other\n");
	assert_non_null(fm->error);
	assert_true(str_starts(fm->error, "line 1:"));
	fm_free(fm);

	fm = parse("- a\n- b\n");
	assert_non_null(fm->error);
	assert_non_null(strstr(fm->error, "key: value"));
	fm_free(fm);

	fm = parse("just some words\n");
	assert_non_null(fm->error);
	fm_free(fm);

	fm = parse("title: \"unterminated\n");
	assert_non_null(fm->error);
	fm_free(fm);

	/* libyaml checks the encoding of the whole text first */
	fm = parse("a: 1\nb: \xff\xfe\n");
	assert_non_null(fm->error);
	assert_true(str_starts(fm->error, "line 2:"));
	fm_free(fm);

	fm = fm_parse("a: 1\nb: x\0y\n", 12);
	assert_non_null(fm->error);
	fm_free(fm);

	fm = parse("? [complex, key]\n: value\nplain: kept\n");
	assert_null(fm->error);
	assert_string_equal(fm_scalar(fm, "plain"), "kept");
	fm_free(fm);
}

/* The billion laughs: nothing may be expanded into collections. */
static void
test_alias_bomb(void **state)
{
	struct buf b = BUF_INIT;
	struct frontmatter *fm;
	const struct fm_field *f;
	size_t i, total = 0;
	int k;
	char c;

	buf_adds(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
	    "\"lol\",\"lol\",\"lol\"]\n");
	for (c = 'b'; c <= 'z'; c++) {
		buf_printf(&b, "%c: &%c [", c, c);
		for (k = 0; k < 9; k++)
			buf_printf(&b, "%s*%c", k ? "," : "", c - 1);
		buf_adds(&b, "]\n");
	}
	fm = fm_parse(b.ptr, b.len);
	assert_null(fm->error);
	assert_int_equal(fm->nfields, 26);
	for (i = 0; i < fm->nfields; i++) {
		f = &fm->fields[i];
		total += f->raw ? strlen(f->raw) : 0;
		for (k = 0; k < (int)f->nitems; k++)
			total += strlen(f->items[k]);
	}
	assert_true(total < 2 * b.len);
	assert_int_equal(fm_get(fm, "z")->kind, FM_OTHER);
	fm_free(fm);
	buf_free(&b);

	/* scalar aliases are copied, but only within a budget */
	buf_adds(&b, "big: &big \"");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"\nrefs: [");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, i ? ",*big" : "*big");
	buf_adds(&b, "]\none: *big\nmissing: *nothing\n");
	fm = fm_parse(b.ptr, b.len);
	assert_null(fm->error);
	f = fm_get(fm, "refs");
	assert_int_equal(f->kind, FM_OTHER);	/* budget ran out */
	assert_true(strlen(f->raw) < b.len);
	assert_int_equal(fm_get(fm, "missing")->kind, FM_OTHER);
	assert_string_equal(fm_get(fm, "missing")->raw, "*nothing");
	fm_free(fm);
	buf_free(&b);

	fm = parse("x: &x hello\ny: *x\nz: [*x, b]\n");
	assert_string_equal(fm_scalar(fm, "y"), "hello");
	assert_string_equal(fm_get(fm, "z")->items[0], "hello");
	fm_free(fm);
}

static void
test_deep(void **state)
{
	struct buf b = BUF_INIT;
	struct frontmatter *fm;
	int i;

	buf_adds(&b, "title: deep\nnest: ");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 10000; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "\nafter: yes\n");
	fm = fm_parse(b.ptr, b.len);
	/* read, or refused with a reason: never a crash */
	if (!fm->error) {
		assert_string_equal(fm_scalar(fm, "title"), "deep");
		assert_int_equal(fm_get(fm, "nest")->kind, FM_OTHER);
		assert_string_equal(fm_scalar(fm, "after"), "yes");
	}
	fm_free(fm);
	buf_free(&b);

	/* issue 12 item 5: nesting is refused before libyaml, whose time
	 * grows with its square, with one error: fast whatever the depth */
	{
		static const char *const opens[] = {"[", "{a: ", "- ", "[- "};
		size_t k;
		clock_t t0 = clock();

		for (k = 0; k < 4; k++) {
			buf_adds(&b, k == 2 ? "x:\n" : "x: ");
			for (i = 0; i < 80000; i++)
				buf_adds(&b, opens[k]);
			buf_addc(&b, '\n');
			fm = fm_parse(b.ptr, b.len);
			assert_non_null(fm->error);
			assert_non_null(strstr(fm->error, "nests deeper"));
			fm_free(fm);
			buf_free(&b);
		}
		assert_true(clock() - t0 < CLOCKS_PER_SEC);
		/* 60 levels are read */
		buf_adds(&b, "x: ");
		for (i = 0; i < 60; i++)
			buf_addc(&b, '[');
		for (i = 0; i < 60; i++)
			buf_addc(&b, ']');
		buf_adds(&b, "\ny: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n"
		    "z: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n");
		fm = fm_parse(b.ptr, b.len);
		assert_null(fm->error);
		fm_free(fm);
		buf_free(&b);
		/* larger than 4 MiB: refused unread */
		buf_adds(&b, "x: ");
		for (i = 0; i < (5 << 20); i++)
			buf_addc(&b, 'a');
		fm = fm_parse(b.ptr, b.len);
		assert_non_null(fm->error);
		assert_non_null(strstr(fm->error, "larger than"));
		fm_free(fm);
		buf_free(&b);
	}

	buf_adds(&b, "long: ");
	for (i = 0; i < 1 << 20; i++)
		buf_addc(&b, 'a' + i % 26);
	buf_addc(&b, '\n');
	fm = fm_parse(b.ptr, b.len);
	assert_null(fm->error);
	assert_int_equal(strlen(fm_scalar(fm, "long")), 1 << 20);
	fm_free(fm);
	buf_free(&b);
}

static void
assert_same(const struct frontmatter *a, const struct frontmatter *b)
{
	size_t i, j;

	assert_null(b->error);
	assert_int_equal(a->nfields, b->nfields);
	for (i = 0; i < a->nfields; i++) {
		const struct fm_field *x = &a->fields[i], *y = &b->fields[i];

		assert_string_equal(x->key, y->key);
		assert_int_equal(x->kind, y->kind);
		switch (x->kind) {
		case FM_SCALAR:
			assert_string_equal(x->value, y->value);
			break;
		case FM_LIST:
			assert_int_equal(x->nitems, y->nitems);
			for (j = 0; j < x->nitems; j++)
				assert_string_equal(x->items[j], y->items[j]);
			break;
		case FM_OTHER:
			assert_string_equal(x->raw, y->raw);
			break;
		}
	}
}

static void
assert_round_trip(const char *yaml)
{
	struct frontmatter *a = parse(yaml), *b;
	char *out = fm_emit(a);
	size_t yo, yl, bo;

	assert_null(a->error);
	assert_true(fm_locate(out, strlen(out), &yo, &yl, &bo));
	assert_int_equal(bo, strlen(out));
	b = fm_parse(out + yo, yl);
	if (b->error)
		print_error("emitted:\n%s\n", out);
	assert_same(a, b);
	fm_free(a);
	fm_free(b);
	free(out);
}

static void
test_emit_round_trip(void **state)
{
	assert_round_trip(
	    "title: \"Colon: inside\"\n"
	    "hash: \"a #hash\"\n"
	    "lead: \"# heading-like\"\n"
	    "dash: \"- not a list\"\n"
	    "bool_string: \"true\"\n"
	    "num_string: \"123\"\n"
	    "null_string: \"null\"\n"
	    "tilde: \"~\"\n"
	    "empty_string: \"\"\n"
	    "spaces: \"  padded  \"\n"
	    "newlines: \"one\\ntwo\"\n"
	    "tab: \"a\\tb\"\n"
	    "quotes: 'single \"double\" and ''single'''\n"
	    "backslash: \"back\\\\slash\"\n"
	    "unicode: ünïcödé ✓ 日本\n"
	    "control: \"bell\\a esc\\e nel\\N ls\\L\"\n"
	    "star: \"*not-an-alias\"\n"
	    "amp: \"&not-an-anchor\"\n"
	    "at: \"@at\"\n"
	    "tick: \"`tick\"\n"
	    "brackets: \"[not, a, list]\"\n"
	    "dashes: \"---\"\n"
	    "colon_end: \"ends:\"\n"
	    "percent: \"%directive\"\n"
	    "list: [plain, \"with, comma\", \"[b]\", \"{c}\", \"true\", \"\", x: y]\n"
	    "block_list:\n"
	    "  - a, b\n"
	    "  - \"c: d\"\n"
	    "typed: true\n"
	    "int: 42\n"
	    "float: 1.5e3\n"
	    "date: 2024-03-14\n"
	    "nothing:\n"
	    "map:\n"
	    "  a: 1\n"
	    "  b: [2, 3]\n"
	    "seq_of_maps:\n"
	    "- k: v\n"
	    "flowmap: {x: 1}\n"
	    "folded: >\n"
	    "  one\n"
	    "  two\n");
	assert_round_trip("");
	assert_round_trip("\"key: with colon\": v\n\"\": empty key\n");
	/* fuzz: a block item ":x" is plain, but not inside [ ] */
	assert_round_trip("aliases:\n  - :Lambda\n  - a:b\n  -\n");
	/* fuzz: an explicit key's value starts after ": " */
	assert_round_trip("? key\n: a: 1\n  b: 2\nnext: x\n");
	/* fuzz: a plain "?x" from a block (or an alias) inside [ ] */
	assert_round_trip("a: &s ?x\"\nb: [*s, *s]\nc:\n  - ?y\n");
}

/* Plain scalars that YAML types (bools, numbers, dates) stay unquoted,
 * so other YAML readers keep their types. */
static void
test_emit_keeps_types(void **state)
{
	struct frontmatter *fm = parse("draft: true\ncount: 3\n"
	    "when: 2024-01-01\nname: \"true\"\ntags: [1, \"2\"]\nnone:\n");
	char *out = fm_emit(fm);

	assert_string_equal(out, "---\ndraft: true\ncount: 3\n"
	    "when: 2024-01-01\nname: \"true\"\ntags: [1, \"2\"]\nnone:\n---\n");
	free(out);
	fm_free(fm);
}

/* Issue 12 item 4: what the writer is given (a pulled title, tags) it
 * writes so that the reader takes it back the same: noncharacters
 * (U+FFFE, U+FFFF, U+FDD0, U+1FFFF, which libyaml refuses raw), C1, NEL,
 * DEL, BOM, line and paragraph separators, bidi controls. */
static void
test_emit_any_value(void **state)
{
	static const char *const values[] = {
	    "a\xef\xbf\xbf", "\xef\xbf\xbe", "x\xef\xb7\x90y",
	    "\xf0\x9f\xbf\xbf", "\xf4\x8f\xbf\xbf", "c1 \xc2\x9b[31m",
	    "nel\xc2\x85", "del\x7f", "\xef\xbb\xbf" "bom", "ls\xe2\x80\xa8",
	    "rlo \xe2\x80\xae x", "\xef\xbf\xbd", "plain",
	};
	struct frontmatter *fm, *back;
	char *items[2], *out;
	size_t i, yo, yl, bo;

	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		fm = parse("");
		fm_set_scalar(fm, "title", values[i]);
		items[0] = (char *)values[i];
		items[1] = "b";
		fm_set_list(fm, "tags", items, 2);
		out = fm_emit(fm);
		assert_true(fm_locate(out, strlen(out), &yo, &yl, &bo));
		back = fm_parse(out + yo, yl);
		if (back->error)
			fail_msg("value %zu: %s\n%s", i, back->error, out);
		assert_string_equal(fm_scalar(back, "title"), values[i]);
		assert_int_equal(fm_get(back, "tags")->nitems, 2);
		assert_string_equal(fm_get(back, "tags")->items[0], values[i]);
		fm_free(back);
		fm_free(fm);
		free(out);
	}
}

static void
test_set(void **state)
{
	struct frontmatter *fm = parse("title: Old\nkeep: [a]\n");
	char *items[] = { "x", "needs: quote", "true" }, *out;

	fm_set_scalar(fm, "title", "New: title");
	fm_set_scalar(fm, "updated", "2026-10-20");
	fm_set_list(fm, "keep", items, 3);
	fm_set_list(fm, "empty", NULL, 0);
	fm_set_scalar(fm, "flag", "yes");
	out = fm_emit(fm);
	assert_string_equal(out, "---\ntitle: \"New: title\"\nkeep: [x, "
	    "\"needs: quote\", \"true\"]\nupdated: 2026-10-20\nempty: []\n"
	    "flag: \"yes\"\n---\n");
	free(out);
	assert_int_equal(fm->nfields, 5);
	fm_free(fm);
	out = fm_emit(NULL);
	assert_string_equal(out, "---\n---\n");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_fields_in_order),
		cmocka_unit_test(test_unicode_raw),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_emit_round_trip),
		cmocka_unit_test(test_emit_keeps_types),
		cmocka_unit_test(test_emit_any_value),
		cmocka_unit_test(test_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
