/*
 * test_render.c: properties of the renderer that goldens cannot pin down:
 * every bundled note fits every width from 20 to 200; no control
 * character from a note reaches the output; wide, emoji and combining
 * text wraps by columns; 10,000 nested lists; tables wider than the
 * screen; hostile input; the HTML reduction; the headless helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"

static struct rdoc *
render(const char *md, int width)
{
	struct render_opts o = { width, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 };

	return render_markdown(md, strlen(md), &o);
}

/* Every line fits, is clean UTF-8 with no control, and its spans are in
 * order and inside the text. */
static void
check_doc(const struct rdoc *d, int width, const char *what)
{
	const struct rline *l;
	size_t i, k, len, n, end;
	uint32_t cp;

	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		len = strlen(l->text);
		if (text_width(l->text, len) != l->width)
			fail_msg("%s: line %zu: width %d recorded, %d measured",
			    what, i, l->width, text_width(l->text, len));
		if (l->width > width)
			fail_msg("%s: width %d: line %zu is %d wide: %s", what,
			    width, i, l->width, l->text);
		for (k = 0; k < len; k += n) {
			n = utf8_decode(l->text + k, len - k, &cp);
			if (cp_is_control(cp) || (cp == 0xfffd && n == 1))
				fail_msg("%s: line %zu: control or bad byte "
				    "at %zu", what, i, k);
		}
		for (k = 0, end = 0; k < l->nspans; k++) {
			assert_true(l->spans[k].off >= end);
			end = l->spans[k].off + l->spans[k].len;
			assert_true(end <= len);
			assert_true(l->spans[k].link < (int)d->nlinks);
		}
	}
	for (i = 0; i < d->nlinks; i++)
		assert_true(d->links[i].line >= 0 &&
		    (size_t)d->links[i].line <= d->nlines);
}

/* Drop a leading frontmatter block, as the note parser would. */
static const char *
body_of(const char *s, size_t *len)
{
	const char *end;

	if (*len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		*len -= 3;
	}
	if (*len < 4 || memcmp(s, "---", 3) != 0 ||
	    (s[3] != '\n' && s[3] != '\r'))
		return s;
	end = strstr(s + 3, "\n---");
	if (!end)
		return s;
	end = strchr(end + 4, '\n');
	if (!end)
		return s + *len;
	*len -= (size_t)(end + 1 - s);
	return end + 1;
}

static void
walk_notes(const char *dir, size_t *count)
{
	struct render_opts o;
	struct dirent *e;
	struct stat st;
	struct rdoc *d;
	char *path, *data, *cause = NULL;
	const char *body;
	size_t len, blen;
	DIR *dp = opendir(dir);
	int w;

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' ||
		    strcmp(e->d_name, "node_modules") == 0)
			continue;
		path = path_join(dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk_notes(path, count);
		} else if (str_ends(e->d_name, ".md") ||
		    str_ends(e->d_name, ".mdx") ||
		    str_ends(e->d_name, ".markdown")) {
			if (read_file(path, 0, &data, &len, &cause) < 0)
				fail_msg("%s", cause);
			blen = len;
			body = body_of(data, &blen);
			for (w = 20; w <= 200; w++) {
				memset(&o, 0, sizeof o);
				o.width = w;
				d = render_markdown(body, blen, &o);
				check_doc(d, w, path);
				rdoc_free(d);
			}
			free(data);
			(*count)++;
		}
		free(path);
	}
	closedir(dp);
}

static void
test_bundled_notes_fit_every_width(void **state)
{
	const char *td = getenv("STRATUS_TESTDATA");
	char *dir;
	size_t count = 0;

	dir = td && *td ? path_join(td, "../../content") :
	    xstrdup(STRATUS_SRCDIR "/content");
	walk_notes(dir, &count);
	free(dir);
	dir = xstrdup(STRATUS_SRCDIR "/slides");
	walk_notes(dir, &count);
	free(dir);
	assert_true(count > 0);
}

/* Nothing a terminal would act on: the output is valid UTF-8 with no C0
 * (but newline), DEL or C1 character, so no ESC, BEL or CSI. */
static void
assert_no_escape(const char *s, size_t len)
{
	size_t i, n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			fail_msg("invalid byte 0x%02x at %zu",
			    (unsigned char)s[i], i);
		if (cp_is_control(cp) && cp != '\n')
			fail_msg("control U+%04X at %zu", cp, i);
	}
}

static void
test_escapes_never_reach_output(void **state)
{
	const char *evil[] = {
		"\033]52;c;SGVsbG8=\007",	/* OSC 52: set the clipboard */
		"\033]0;pwned\007",		/* set the window title */
		"\033[2J\033[H\033[10;10H",	/* clear, move the cursor */
		"\007",				/* BEL */
		"\xc2\x9b" "31m",		/* C1 CSI as UTF-8 */
		"\x9b" "31m",			/* C1 CSI as a raw byte */
		"\033P1;2|x\033\\",		/* DCS */
		"\x7f\x01\x08\r",
	};
	const char *shapes[] = {
		"# H %s\n\npara %s\n",
		"- item %s\n- [x] %s\n",
		"> quote %s\n\n`code %s`\n",
		"```\ncode %s\n```\n\n```bash\necho %s\n```\n",
		"| a %s | b |\n|---|---|\n| %s | c |\n",
		"[link %s](http://x/%s)\n",
		"![alt %s](img.png) [[wiki %s]]\n",
		"<b title=\"%s\">html %s</b>\n",
		"<Card title=\"t %s\">x %s</Card>\n",
		"text[^1]\n\n[^1]: note %s %s\n",
		"    indented %s\n\n*%s*\n",
	};
	struct theme *t = theme_builtin();
	struct buf md = BUF_INIT, out = BUF_INIT;
	struct rdoc *d;
	size_t i, k;

	theme_set_depth(t, 24);
	for (i = 0; i < sizeof evil / sizeof evil[0]; i++)
		for (k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
			buf_reset(&md);
			buf_printf(&md, shapes[k], evil[i], evil[i]);
			d = render(md.ptr, 40);
			check_doc(d, 40, md.ptr);
			buf_reset(&out);
			rdoc_write(d, &out, NULL);
			assert_no_escape(out.ptr, out.len);
			buf_reset(&out);
			rdoc_write(d, &out, t);	/* SGR only, from us */
			rdoc_free(d);
		}
	buf_free(&md);
	buf_free(&out);
	theme_free(t);
}

static int
find_text(const struct rdoc *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->nlines; i++)
		if (strstr(d->lines[i].text, s))
			return (int)i;
	return -1;
}

static void
test_wide_and_combining_wrap(void **state)
{
	struct buf md = BUF_INIT;
	struct rdoc *d;
	size_t i;
	int w, full = 0;

	for (i = 0; i < 60; i++)
		buf_adds(&md, "\xe4\xb8\xad");			/* 中 */
	buf_adds(&md, " ");
	for (i = 0; i < 30; i++)
		buf_adds(&md, "\xf0\x9f\x9a\x80 ");		/* 🚀 */
	for (i = 0; i < 40; i++)
		buf_adds(&md, "e\xcc\x81\xcc\x82 ");		/* ế */
	buf_adds(&md, "\n");
	for (w = 20; w <= 41; w++) {
		d = render(md.ptr, w);
		check_doc(d, w, "wide");
		/* CJK without spaces fills lines to the column */
		if (d->lines[0].width == w - (w % 2))
			full++;
		rdoc_free(d);
	}
	assert_int_equal(full, 22);
	d = render(md.ptr, 21);
	/* the combining marks stay on their letter */
	for (i = 0; i < d->nlines; i++)
		assert_false(d->lines[i].text[0] == '\xcc');
	rdoc_free(d);
	buf_free(&md);
}

static void
test_ten_thousand_nested_lists(void **state)
{
	struct buf md = BUF_INIT;
	struct rdoc *d;
	int i, w;

	for (i = 0; i < 10000; i++)
		buf_adds(&md, "- ");
	buf_adds(&md, "deepest\n");
	for (w = 20; w <= 80; w += 30) {
		d = render(md.ptr, w);
		check_doc(d, w, "nested bullets");
		assert_true(find_text(d, "deepest") >= 0);
		rdoc_free(d);
	}
	/* ordered and quoted nesting, and nesting by indentation */
	buf_reset(&md);
	for (i = 0; i < 10000; i++)
		buf_adds(&md, "1. ");
	buf_adds(&md, "numbered\n");
	d = render(md.ptr, 30);
	check_doc(d, 30, "nested numbers");
	assert_true(find_text(d, "numbered") >= 0);
	rdoc_free(d);
	buf_reset(&md);
	for (i = 0; i < 10000; i++)
		buf_addc(&md, '>');
	buf_adds(&md, " quoted\n");
	d = render(md.ptr, 30);
	check_doc(d, 30, "nested quotes");
	assert_true(find_text(d, "quoted") >= 0);
	rdoc_free(d);
	buf_reset(&md);
	for (i = 0; i < 1000; i++) {
		int k;

		for (k = 0; k < i * 2; k++)
			buf_addc(&md, ' ');
		buf_printf(&md, "- item %d\n", i);
	}
	d = render(md.ptr, 40);
	check_doc(d, 40, "indented nesting");
	assert_true(find_text(d, "item 999") >= 0);
	assert_int_equal(d->nlines, 1000);
	rdoc_free(d);
	buf_free(&md);
}

static void
test_deep_inline_nesting(void **state)
{
	struct buf md = BUF_INIT;
	struct rdoc *d;
	int i;

	for (i = 0; i < 10000; i++)
		buf_adds(&md, "*a **b ");
	for (i = 0; i < 10000; i++)
		buf_adds(&md, "[");
	buf_adds(&md, "x");
	for (i = 0; i < 10000; i++)
		buf_adds(&md, "](y)");
	buf_adds(&md, "\n");
	d = render(md.ptr, 50);
	check_doc(d, 50, "deep inlines");
	rdoc_free(d);
	buf_free(&md);
}

static void
test_table_wider_than_width_fits(void **state)
{
	const char *md =
	    "| Service | What it does | Pricing model | Notes |\n"
	    "|:--|:-:|--:|---|\n"
	    "| Lambda | Runs functions on events without servers | "
	    "Per request and per GB-second | Cold starts matter |\n"
	    "| DynamoDB | Key-value and document database | On demand or "
	    "provisioned capacity | Single-table design |\n";
	const char *words[] = { "Lambda", "functions", "GB-second",
		"DynamoDB", "provisioned", "Single-table", "Pricing" };
	struct rdoc *d;
	struct buf all = BUF_INIT;
	size_t i, k;
	int w;

	for (w = 20; w <= 120; w++) {
		d = render(md, w);
		check_doc(d, w, "table");
		buf_reset(&all);
		rdoc_write(d, &all, NULL);
		for (k = 0; k < sizeof words / sizeof words[0]; k++) {
			/* every word is there, possibly cut across lines */
			char pre[5];

			memcpy(pre, words[k], 4);
			pre[4] = '\0';
			if (!strstr(all.ptr, pre))
				fail_msg("width %d: %s missing", w, words[k]);
		}
		if (w >= 60) {	/* boxes: all rows as wide as the top */
			assert_true(strstr(d->lines[0].text, "\xe2\x94\x8c") ==
			    d->lines[0].text);
			for (i = 1; i < d->nlines; i++)
				assert_int_equal(d->lines[i].width,
				    d->lines[0].width);
		}
		rdoc_free(d);
	}
	buf_free(&all);
}

static void
test_links_and_anchors(void **state)
{
	const char *md = "# Intro\n\nSee [[Other Note#Setup|the setup]], "
	    "[docs](https://aws.amazon.com) and [[missing]].\n\n## Intro\n";
	struct render_opts o = { 60, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 };
	struct rdoc *d;

	d = render_markdown(md, strlen(md), &o);
	assert_int_equal(d->nlinks, 3);
	assert_string_equal(d->links[0].target, "Other Note");
	assert_string_equal(d->links[0].anchor, "Setup");
	assert_true(d->links[0].wiki);
	assert_true(d->links[0].resolved);	/* no resolver: resolved */
	assert_true(d->links[1].external);
	assert_int_equal(d->links[0].line, 3);
	assert_int_equal(d->nanchors, 2);
	assert_string_equal(d->anchors[0].anchor, "intro");
	assert_string_equal(d->anchors[1].anchor, "intro-1");
	assert_int_equal(d->anchors[0].line, 0);
	rdoc_free(d);

	/* HTML anchors (a block's and an inline one) are anchors too */
	md = "# Config\n\ntext\n\n<table><tr><td><code id=\"opt-timeout\">"
	    "timeout</code></td></tr></table>\n\nSee <a name=\"legacy\"></a>"
	    "here.\n";
	d = render_markdown(md, strlen(md), &o);
	assert_int_equal(d->nanchors, 3);
	assert_string_equal(d->anchors[1].anchor, "opt-timeout");
	assert_true(d->anchors[1].line > 0);
	assert_string_equal(d->anchors[2].anchor, "legacy");
	assert_true(d->anchors[2].line > d->anchors[1].line);
	rdoc_free(d);
}

static int
resolve_none(void *arg, const char *target)
{
	int *calls = arg;

	(*calls)++;
	return strcmp(target, "known") == 0;
}

static void
test_broken_links_are_marked(void **state)
{
	const char *md = "[[known]] [[unknown]] [a](unknown.md) "
	    "[b](https://x.org) [c](#here)\n";
	struct render_opts o = { 60, resolve_none, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 };
	struct rdoc *d;
	int calls = 0;
	size_t k;
	unsigned seen = 0;

	o.arg = &calls;
	d = render_markdown(md, strlen(md), &o);
	assert_int_equal(calls, 3);	/* not for external or #here */
	assert_true(d->links[0].resolved);
	assert_false(d->links[1].resolved);
	assert_false(d->links[2].resolved);
	assert_true(d->links[3].resolved);
	assert_true(d->links[4].resolved);
	for (k = 0; k < d->lines[0].nspans; k++)
		if (d->lines[0].spans[k].link == 1)
			seen = d->lines[0].spans[k].style;
	assert_true(seen & ST_LINK);
	assert_true(seen & ST_LINK_BROKEN);
	rdoc_free(d);
}

/* Every note embeds "x" and "y" a hundred times each: a bomb without
 * the total limit. */
static int
embed_bomb(void *arg, const char *target, struct buf *text,
    struct buf *name)
{
	int k, *calls = arg;

	(*calls)++;
	for (k = 0; k < 100; k++)
		buf_adds(text, "![[x]] ![[y]]\n\n");
	buf_printf(name, "%s%d", target, *calls);	/* never a cycle */
	return 0;
}

static int
embed_hostile(void *arg, const char *target, struct buf *text,
    struct buf *name)
{
	const char *md = arg;

	buf_adds(text, md);
	buf_adds(name, target);
	return strcmp(target, "none") == 0 ? -1 : 0;
}

/* Obsidian's syntax, cut and mixed at random, and embeds of hostile
 * notes: the screen stays in bounds and the embeds stop. */
static void
test_obsidian_hostile(void **state)
{
	static const char *const tokens[] = { "> ", "> [!tip]", "> [!faq]-",
		"[!", "[!x]+", "]", "==", "=", "%%", "%", "$$", "$", "\n",
		"\n\n", "![[a]]", "![[a#^b]]", "![[a#H#I]]", "![[none]]",
		"![[", "#", " ^id", "^", "<kbd>", "</kbd>", "`", "```",
		"word ", "- ", "    ", "| a |", "# H\n", "![[p.png|100]]" };
	static const unsigned char toggles[] = { 1, 1, 0, 1 };
	struct buf md = BUF_INIT;
	struct render_opts o = { 30, NULL, NULL, 0, embed_hostile, NULL, NULL,
	    0, 0, NULL, 0 };
	struct rdoc *d;
	unsigned seed = 11;
	int round, k, calls = 0;

	o.toggled = toggles;
	o.ntoggled = sizeof toggles;
	for (round = 0; round < 300; round++) {
		buf_reset(&md);
		for (k = 0; k < 120; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&md, tokens[(seed >> 16) % (sizeof tokens /
			    sizeof tokens[0])]);
		}
		o.width = 12 + round % 40;
		o.embed_arg = (void *)buf_str(&md);
		d = render_markdown(md.ptr, md.len, &o);
		check_doc(d, o.width, "obsidian");
		for (k = 0; k < (int)d->nfolds; k++)
			assert_true(d->folds[k].line >= 0 &&
			    (size_t)d->folds[k].line <= d->nlines);
		rdoc_free(d);
	}
	/* unclosed %% and $$ stay text; a huge type word is no callout */
	buf_reset(&md);
	buf_adds(&md, "> [!");
	for (k = 0; k < 5000; k++)
		buf_addc(&md, 'x');
	buf_adds(&md, "]\n\n%% open\n\n$$\nx\n");
	d = render(md.ptr, 40);
	check_doc(d, 40, "unclosed");
	assert_non_null(strstr(d->lines[d->nlines - 1].text, "x"));
	rdoc_free(d);
	/* an embed bomb stops at the total limit */
	o.embed = embed_bomb;
	o.embed_arg = &calls;
	o.width = 80;
	d = render_markdown("![[x]]", 6, &o);
	check_doc(d, 80, "bomb");
	assert_true(calls <= 200);
	rdoc_free(d);
	buf_free(&md);
}

static void
test_hostile_input(void **state)
{
	static const char *const tokens[] = { "#", "# ", "*", "**", "_", "`",
		"```", "~~~", "[", "]", "(", ")", "[[", "]]", "![", "|", "-",
		"- ", "1. ", "> ", "<", ">", "</", "<b>", "<Card title=\"x\">",
		"{", "}", "{/*", "*/}", "&", "&amp;", "\n", "\n\n", "  ", "\t",
		"\\", "^", "[^1]", "[^1]: ", "---", "| a |", "|---|", "\x00",
		"\xff", "\x1b", "\xe4\xb8\xad", "e\xcc\x81", "word", "http://x",
		"<!--", "-->", "import x from 'y'\n", "#tag", "[ ]", "[x] " };
	struct buf md = BUF_INIT;
	struct rdoc *d;
	unsigned seed = 7;
	int round, k;

	for (round = 0; round < 400; round++) {
		buf_reset(&md);
		for (k = 0; k < 200; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&md, tokens[(seed >> 16) % (sizeof tokens /
			    sizeof tokens[0])]);
			if (strcmp(tokens[(seed >> 16) % (sizeof tokens /
			    sizeof tokens[0])], "\x00") == 0)
				buf_add(&md, "", 1);
		}
		d = render_markdown(md.ptr, md.len, &(struct render_opts){
		    20 + round % 50, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 });
		check_doc(d, 20 + round % 50, "hostile");
		rdoc_free(d);
	}
	/* NUL bytes and invalid UTF-8 in the middle of text */
	d = render_markdown("a\0b \xff\xfe c\n", 10, &(struct render_opts){
	    20, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 });
	check_doc(d, 20, "nul");
	assert_int_equal(d->nlines, 1);
	rdoc_free(d);
	/* a big note */
	buf_reset(&md);
	for (k = 0; k < 20000; k++)
		buf_printf(&md, "Line %d with **bold** and [[link %d]] and "
		    "`code`.\n\n", k, k);
	d = render(md.ptr, 80);
	assert_int_equal(d->nlinks, 20000);
	check_doc(d, 80, "big");
	rdoc_free(d);
	buf_free(&md);
}

/* Is there a raw tag left: '<' then a letter, '/' or '!'? */
static int
has_tag(const char *s)
{
	for (; (s = strchr(s, '<')) != NULL; s++)
		if ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' &&
		    s[1] <= 'Z') || s[1] == '/' || s[1] == '!')
			return 1;
	return 0;
}

static void
test_html_reduction(void **state)
{
	const char *cases[][2] = {
		{ "<Card number=\"3\" title=\"Fast\">text</Card>",
		    "**3 \xc2\xb7 Fast** text" },
		{ "<ul><li>a</li><li>b</li></ul>", "- a\n- b" },
		{ "<ol><li>a</li><li>b</li></ol>", "1. a\n2. b" },
		{ "x<br>y", "x\\\ny" },
		{ "<b>bold </b>x", "**bold** x" },
		{ "<i></i>x", "x" },
		{ "<img alt=\"a chart\" src=\"c d.png\">",
		    "![a chart](c%20d.png)" },
		{ "<a href=\"x(1).md\">go</a>", "[go](x%281%29.md)" },
		{ "<!-- gone -->kept", "kept" },
		{ "<script>alert(1)</script>after", "after" },
		{ "<v-click>shown</v-click>", "shown" },
		{ "<Tip label=\"Note &amp; more\" />", "Note \\& more" },
		/* every HTML5 entity, not a short list (issue 15) */
		{ "<Tip label=\"Caf&eacute; &frac12;\" />",
		    "Caf\xc3\xa9 \xc2\xbd" },
		{ "<Stat number={42} title={'Req'} />", "**42 \xc2\xb7 Req**" },
		{ "<pre><code.x></pre>", "```\n```" },	/* fuzz: empty pre */
	};
	const char *md = "<div>\n<p>Para <em>one</em></p>\n<ul>\n<li>x</li>"
	    "\n</ul>\n<Card title=\"T\" description=\"D\">\nbody\n</Card>\n"
	    "</div>\n";
	struct buf big = BUF_INIT;
	struct rdoc *d;
	size_t i;
	char *out;

	/* a presenter note longer than any tag is still a comment */
	buf_adds(&big, "<!--\n");
	for (i = 0; i < 2000; i++)
		buf_adds(&big, "note ");
	buf_adds(&big, "\n-->\nafter\n");
	out = render_html_to_md(big.ptr, big.len);
	assert_non_null(strstr(out, "after"));
	assert_null(strstr(out, "note"));
	free(out);
	buf_free(&big);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = render_html_to_md(cases[i][0], strlen(cases[i][0]));
		if (!strstr(out, cases[i][1]))
			fail_msg("%s -> [%s], want [%s]", cases[i][0], out,
			    cases[i][1]);
		assert_false(has_tag(out));
		free(out);
	}
	d = render(md, 40);
	for (i = 0; i < d->nlines; i++)
		assert_false(has_tag(d->lines[i].text));
	assert_true(find_text(d, "Para one") >= 0);
	assert_true(find_text(d, "T") >= 0);
	assert_true(find_text(d, "body") >= 0);
	assert_true(find_text(d, "D") >= 0);
	rdoc_free(d);
}

/* Exact reductions: what the notes and the slides both get. */
struct reduction {
	const char *in, *out;
};

static void
check_reductions(const struct reduction *cases, size_t n)
{
	size_t i;
	char *out;

	for (i = 0; i < n; i++) {
		out = render_html_to_md(cases[i].in, strlen(cases[i].in));
		if (strcmp(out, cases[i].out) != 0)
			fail_msg("case %zu:\n%s\n--- gave ---\n%s\n--- want "
			    "---\n%s", i, cases[i].in, out, cases[i].out);
		free(out);
	}
}

/* A tag inside a code span or a fenced code block is code: kept as it
 * is written, in notes and in slides alike. */
static void
test_html_code_untouched(void **state)
{
	static const struct reduction cases[] = {
		{ "`<b>kept</b>` <b>x</b>\n", "`<b>kept</b>` **x**\n" },
		{ "``a ` <br> b`` and <i>i</i>\n",
		    "``a ` <br> b`` and *i*\n" },
		{ "a `<b>\nx</b>` b\n", "a `<b>\nx</b>` b\n" },
		{ "` lone <b>x</b>\n", "\\` lone **x**\n" },
		{ "\\<b>escaped\\</b>\n", "\\<b>escaped\\</b>\n" },
		{ "```html\n<b>kept</b>\n<Card title=\"x\" />\n<!-- c -->\n"
		    "```\n<b>x</b>\n",
		    "```html\n<b>kept</b>\n<Card title=\"x\" />\n<!-- c -->\n"
		    "```\n**x**\n" },
		{ "~~~~\n<br>\n~~~\n<br>\n~~~~\n",
		    "~~~~\n<br>\n~~~\n<br>\n~~~~\n" },
		{ "- step\n\n    ```html\n    <b>x</b>\n    ```\n",
		    "- step\n\n    ```html\n    <b>x</b>\n    ```\n" },
		{ "```\n<b>never closed\n", "```\n<b>never closed\n" },
		/* inside an HTML block too */
		{ "<div>\nUse `<br>` here\n</div>\n", "Use `<br>` here\n\n" },
		{ "<div>\n```\n<b>x</b>\n```\n</div>\n",
		    "```\n<b>x</b>\n```\n\n" },
		/* Markdown indentation outside HTML is kept */
		{ "- One\n  - One point one\n- Two\n",
		    "- One\n  - One point one\n- Two\n" },
	};
	const char *md = "<div>\nUse `<br>` here.\n\n```html\n<b>bold</b>\n"
	    "```\n</div>\n";
	struct rdoc *d;
	int at;

	check_reductions(cases, sizeof cases / sizeof cases[0]);
	/* what a reader sees: the tags, as code */
	d = render(md, 40);
	at = find_text(d, "<br>");
	assert_true(at >= 0);
	assert_int_equal(d->lines[at].spans[0].style, ST_CODE);
	at = find_text(d, "<b>bold</b>");
	assert_true(at >= 0);
	assert_true(d->lines[at].spans[0].style & ST_CODEBLOCK);
	rdoc_free(d);
}

/* Components: their human attributes, Vue-bound (:title, v-bind:title)
 * and JSX values read when they are literals, "number · title" in bold,
 * the subtitle in italics. */
static void
test_html_components(void **state)
{
	static const struct reduction cases[] = {
		{ "<Card number=\"3\" title=\"Pay\" />\n",
		    "**3 \xc2\xb7 Pay**\n\n" },
		{ "<Card :number=\"4\" :title=\"'Bound'\" :x=\"expr\"/>\n",
		    "**4 \xc2\xb7 Bound**\n\n" },
		{ "<Card v-bind:title=\"&quot;Fast&quot;\" />\n",
		    "**Fast**\n\n" },
		{ "<Card :title=\"`Tmpl`\" :label=\"'it\\'s'\" />\n",
		    "**Tmpl**\n\nit's\n\n" },
		/* not a literal: skipped, never shown as code */
		{ "<Card :title=\"card.title\" />\n", "" },
		{ "<Card :title=\"'a' + b\" :subtitle=\"`x ${y}`\" "
		    "label=\"L\" />\n", "L\n\n" },
		{ "<Card title={'JSX'} description={desc} />\n",
		    "**JSX**\n\n" },
		{ "<Card number=\"7\" />\n", "**7**\n\n" },
		{ "<Card number=\"3\" title=\"Pay per use\" subtitle=\"No idle "
		    "cost\">\nThe body\n</Card>\n",
		    "**3 \xc2\xb7 Pay per use**\n\n*No idle cost*\n\nThe body"
		    "\n\n" },
		{ "<Card title=\"T\" subtitle=\"S\" description=\"D\" "
		    "label=\"L\" alt=\"A\" />\n",
		    "**T**\n\n*S*\n\nD\n\nL\n\n![A]()\n\n" },
		/* issue 11: a component's alt is its image, shown once; an
		 * <img> inside repeating its alt or title is not repeated */
		{ "<Card\n  number=\"1\"\n  title=\"Scale\"\n  image=\"/s.svg\""
		    "\n  alt=\"Scale\"\n>\n  <img src=\"/s.svg\" alt=\"Scale\" />"
		    "\n  text\n</Card>\n",
		    "**1 \xc2\xb7 Scale**\n\n![Scale](/s.svg)\n\ntext\n\n" },
		{ "<Card title=\"Coins\">\n<img\n  src=\"/c.svg\"\n  alt=\"Coins\""
		    "\n/>\n</Card>\n<img alt=\"Coins\" src=\"/c.svg\">\n",
		    "**Coins**\n\n![Coins](/c.svg)\n" },
		{ "<Card\n  number=\"2\"\n  title=\"Multi\n  line\"\n/>\n",
		    "**2 \xc2\xb7 Multi line**\n\n" },
		{ "Text <Badge :label=\"'new'\" /> more.\n",
		    "Text new more.\n" },
		{ "<Tip label=\"Note *this*\">x</Tip>\n", "Note \\*this\\* x"
		    "\n\n" },
		{ "<mdi-github /> <v-click>shown</v-click>\n", "shown\n" },
		/* the rest of the HTML a slide or a note may hold */
		{ "a <b>bold</b> and <i>it</i>\n", "a **bold** and *it*\n" },
		{ "<img alt=\"A cat\" src=\"x.png\">\n", "![A cat](x.png)\n" },
		{ "<style>\nh1 { color: red }\n</style>\nText\n", "Text\n" },
		{ "<svg><title>Logo</title></svg>Text\n", "Text\n" },
		{ "<h2>Head</h2>\n", "## Head\n\n" },
		{ "a < b and c > d\n", "a < b and c > d\n" },
		{ "<ol><li>one</li><li>two</li></ol>\n", "1. one\n2. two\n\n" },
		{ "<ul>\n  <li>Item <b>bold</b></li>\n  <li>Item <i>it</i><br>"
		    "next</li>\n</ul>\n",
		    "- Item **bold**\n- Item *it*\\\nnext\n\n" },
		{ "one<br>\ntwo<br><br>three\n", "one\\\ntwo\n\nthree\n" },
		{ "<b>open\n\nnext</b>\n", "**open**\n\nnext\n" },
		{ "<b>x<br></b>y\n", "**x**\\\ny\n" },
		{ "<i>\n\nnew paragraph\n", "new paragraph\n" },
		/* text a tag leaves at a line start is not Markdown syntax */
		{ "<p># not a heading</p>\n<div>\n# a heading\n</div>\n",
		    "\\# not a heading\n\n# a heading\n\n" },
		{ "<tr><td>-</td></tr>\n", "\\-\n\n" },
	};

	check_reductions(cases, sizeof cases / sizeof cases[0]);
}

static void
test_mdx_esm_dropped(void **state)
{
	const char *md = "import Card from './Card'\n"
	    "import {\n  a,\n  b\n} from 'x'\n\n"
	    "export const meta = {\n  title: 'x'\n}\n\n"
	    "Text.\n\n```js\nimport fs from 'fs'\n```\n";
	struct rdoc *d = render(md, 40);

	assert_int_equal(find_text(d, "Text."), 0);
	assert_true(find_text(d, "import fs") >= 0);	/* code stays */
	assert_int_equal(find_text(d, "import Card"), -1);
	assert_int_equal(find_text(d, "export"), -1);
	assert_int_equal(find_text(d, "a,"), -1);
	rdoc_free(d);
}

static void
test_code_rows_map_to_lines(void **state)
{
	const char *md = "Intro.\n\n```ts {2|3}\nconst a = 1;\n"
	    "const b = 'a long line that wraps';\nreturn;\n```\n\n"
	    "```\nplain\n```\n";
	struct rdoc *d = render(md, 24);
	const struct rcode *rc;

	assert_int_equal(d->ncodes, 2);
	rc = &d->codes[0];
	assert_string_equal(rc->lang, "ts");
	assert_string_equal(rc->info, "ts {2|3}");
	assert_int_equal(rc->first, 2);
	assert_true(rc->nrows >= 4);	/* line 2 wraps */
	assert_int_equal(rc->src[0], 1);
	assert_int_equal(rc->src[1], 2);
	assert_int_equal(rc->src[2], 2);
	assert_int_equal(rc->src[rc->nrows - 1], 3);
	assert_non_null(strstr(d->lines[rc->first].text, "const a"));
	assert_non_null(strstr(d->lines[rc->first + rc->nrows - 1].text,
	    "return"));
	rc = &d->codes[1];
	assert_string_equal(rc->lang, "");
	assert_int_equal(rc->nrows, 1);
	assert_int_equal(rc->src[0], 1);
	assert_int_equal(rc->first + rc->nrows, d->nlines);
	rdoc_free(d);
}

static void
test_headless_helpers(void **state)
{
	struct rdoc *d = rdoc_new();
	struct rline *l;
	const char *text = "hello \033[31m world\nnext";

	assert_int_equal(rdoc_add_text(d, text, strlen(text), 8, ST_DIM), 4);
	assert_int_equal(d->nlines, 4);
	check_doc(d, 8, "add_text");
	assert_string_equal(d->lines[1].text, "\xe2\x90\x9b[31m");
	assert_string_equal(d->lines[3].text, "next");
	assert_int_equal(d->lines[3].spans[0].style, ST_DIM);
	l = &d->lines[0];
	assert_string_equal(l->text, "hello");
	rline_mark(l, 1, 3, ST_MATCH);
	assert_int_equal(l->nspans, 3);
	assert_int_equal(l->spans[1].off, 1);
	assert_int_equal(l->spans[1].len, 3);
	assert_int_equal(l->spans[1].style, ST_DIM | ST_MATCH);
	assert_int_equal(l->spans[2].style, ST_DIM);
	rline_pad_left(l, 3);
	assert_string_equal(l->text, "   hello");
	assert_int_equal(l->width, 8);
	assert_int_equal(l->spans[1].off, 4);
	rdoc_free(d);
	rdoc_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_notes_fit_every_width),
		cmocka_unit_test(test_escapes_never_reach_output),
		cmocka_unit_test(test_wide_and_combining_wrap),
		cmocka_unit_test(test_ten_thousand_nested_lists),
		cmocka_unit_test(test_deep_inline_nesting),
		cmocka_unit_test(test_table_wider_than_width_fits),
		cmocka_unit_test(test_links_and_anchors),
		cmocka_unit_test(test_broken_links_are_marked),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_obsidian_hostile),
		cmocka_unit_test(test_html_reduction),
		cmocka_unit_test(test_html_code_untouched),
		cmocka_unit_test(test_html_components),
		cmocka_unit_test(test_mdx_esm_dropped),
		cmocka_unit_test(test_code_rows_map_to_lines),
		cmocka_unit_test(test_headless_helpers),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		width_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
