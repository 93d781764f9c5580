/*
 * test_deck.c: the deck parser, driven by tables: decks in the three
 * syntaxes (tests/data/decks), what each slide must hold at each step,
 * HTML in slides (the reduction itself is tested in test_render),
 * durations and highlight ranges, and
 * hostile input that must parse without a crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "deck/check.h"
#include "deck/deck.h"
#include "deck/frame.h"
#include "render/width.h"

static struct deck *
load(const char *name)
{
	const char *dir = getenv("STRATUS_TESTDATA");
	char *path = xasprintf("%s/decks/%s", dir ? dir : "data", name);
	struct deck *d = NULL;
	char *cause = NULL;

	if (deck_load(path, &d, &cause) < 0)
		fail_msg("%s", cause);
	free(path);
	return d;
}

struct deck_case {
	const char *file;
	enum deck_syntax syntax;
	size_t nslides;
	const char *title, *author;
	long duration;
	const char *warning;	/* a substring of some warning, or NULL:
				 * there must be none */
};

static const struct deck_case deck_cases[] = {
	{ "slidev.md", DECK_SLIDEV, 10, "Slidev syntax", "Ada", 1200, NULL },
	{ "tricky.md", DECK_SLIDEV, 5, "First slide, no headmatter", "", 0,
	    NULL },
	{ "crlf.md", DECK_SLIDEV, 2, "CRLF deck", "", 0, NULL },
	{ "presenterm.md", DECK_PRESENTERM, 5, "Presenterm syntax", "Grace",
	    0, NULL },
	{ "mdp.md", DECK_MDP, 3, "The mdp deck", "Linus", 0, NULL },
	{ "import-main.md", DECK_SLIDEV, 5, "Importing", "", 0,
	    "imports itself" },
	{ "cards.md", DECK_SLIDEV, 3, "Serverless, Four Years In",
	    "A. Speaker", 0, NULL },
	{ "clicks.md", DECK_SLIDEV, 5, "Click forms", "", 0, NULL },
	{ "mdp-sample.md", DECK_MDP, 3, "Terminal talks with mdp",
	    "K. Writer", 0, NULL },
	{ "presenterm-inline.md", DECK_PRESENTERM, 4,
	    "Shipping with _presenterm_ and **Rust**", "Jo Maintainer", 0,
	    NULL },
	{ "imports.md", DECK_SLIDEV, 5, "Imports and layouts", "", 0, NULL },
	{ "unterminated.md", DECK_SLIDEV, 1, "Broken", "", 0,
	    "code fence is never closed" },
	{ "unterminated.md", DECK_SLIDEV, 1, "Broken", "", 0,
	    ":7: <v-click> is never closed" },
	{ "unterminated.md", DECK_SLIDEV, 1, "Broken", "", 0,
	    ":11: <Card> is never closed" },
	{ "unterminated.md", DECK_SLIDEV, 1, "Broken", "", 0,
	    "unknown layout 'no-such-layout'" },
};

static void
test_decks(void **state)
{
	size_t i, j;

	for (i = 0; i < sizeof deck_cases / sizeof deck_cases[0]; i++) {
		const struct deck_case *c = &deck_cases[i];
		struct deck *d = load(c->file);
		int found = 0;

		print_message("deck %s\n", c->file);
		assert_int_equal(d->syntax, c->syntax);
		assert_int_equal(d->nslides, c->nslides);
		assert_string_equal(d->title, c->title);
		assert_string_equal(d->author, c->author);
		assert_int_equal(d->duration_s, c->duration);
		for (j = 0; j < d->nwarnings; j++)
			if (c->warning && strstr(d->warnings[j], c->warning))
				found = 1;
		if (c->warning)
			assert_true(found);
		else if (d->nwarnings)
			fail_msg("unexpected warning: %s", d->warnings[0]);
		deck_free(d);
	}
}

struct slide_case {
	const char *file;
	int slide;
	const char *layout;
	const char *title;
	int nsteps;		/* -1: do not check */
	int hidden;
	const char *notes;	/* substring, NULL: none expected */
	int step;
	enum deck_slot slot;
	const char *has;	/* in the slot's Markdown at step */
	const char *lacks;	/* not in it */
};

static const struct slide_case slide_cases[] = {
	/* Slidev: headmatter is slide 1's frontmatter, cover by default */
	{ "slidev.md", 0, "cover", "Welcome to the deck", 1, 0,
	    "first slide's notes", 0, SLOT_MAIN, "A subtitle line", "<!--" },
	{ "slidev.md", 1, "two-cols", "Two columns", 1, 0,
	    "Notes for columns,\non two lines.", 0, SLOT_LEFT,
	    "Left side text", "Right side" },
	{ "slidev.md", 1, "two-cols", "Two columns", 1, 0, "Notes", 0,
	    SLOT_RIGHT, "Right side text", "::right::" },
	{ "slidev.md", 2, "default", "Clicks", 3, 0, NULL, 0, SLOT_MAIN,
	    "Always here", "First click" },
	{ "slidev.md", 2, "default", "Clicks", 3, 0, NULL, 1, SLOT_MAIN,
	    "With the first click", "Second click" },
	{ "slidev.md", 2, "default", "Clicks", 3, 0, NULL, 2, SLOT_MAIN,
	    "Second click", "<v-click>" },
	/* <v-clicks>: one step per item, nested items too */
	{ "slidev.md", 3, "center", "Nested lists", 5, 0, NULL, 1, SLOT_MAIN,
	    "- One", "One point one" },
	{ "slidev.md", 3, "center", "Nested lists", 5, 0, NULL, 2, SLOT_MAIN,
	    "  - One point one", "One point two" },
	{ "slidev.md", 3, "center", "Nested lists", 5, 0, NULL, 4, SLOT_MAIN,
	    "- Two", "v-clicks" },
	{ "slidev.md", 4, "default", "Hidden slide", 1, 1, NULL, 0,
	    SLOT_MAIN, "You should not see this", NULL },
	/* code highlights {2,3|5|all}: three steps */
	{ "slidev.md", 5, "default", "Code steps", 3, 0, NULL, 0, SLOT_MAIN,
	    "```ts\nconst a", "{2,3" },
	{ "slidev.md", 6, "two-cols-header", "Header of columns", 1, 0, NULL,
	    0, SLOT_LEFT, "Left", "Right" },
	{ "slidev.md", 7, "quote", "\"Simplicity is prerequisite for "
	    "reliability.\"", 1, 0, NULL, 0, SLOT_MAIN, "Dijkstra", NULL },
	{ "slidev.md", 8, "image-right", "With an image", 1, 0, NULL, 0,
	    SLOT_MAIN, "Text beside it", NULL },
	{ "slidev.md", 9, "end", "Thanks", 1, 0, NULL, 0, SLOT_MAIN,
	    "# Thanks", NULL },
	/* separators in fences and comments never split */
	{ "tricky.md", 0, "cover", "First slide, no headmatter", 1, 0, NULL,
	    0, SLOT_MAIN, "not a separator inside a fence", NULL },
	{ "tricky.md", 1, "default", "Second", 1, 0,
	    "not a separator inside a comment", 0, SLOT_MAIN,
	    "Visible after the comment", "not a separator" },
	{ "tricky.md", 2, "fact", "100%", 1, 0, NULL, 0, SLOT_MAIN, "# 100%",
	    NULL },
	/* components and HTML read as text, v-click attribute */
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 0, SLOT_MAIN,
	    "**3 · Pay per use**", "<Card" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 0, SLOT_MAIN,
	    "*No idle cost*", "Clicked div content" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 0, SLOT_MAIN,
	    "The body of the card", "display: grid" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 0, SLOT_MAIN,
	    "- Item **bold**\n- Item *italic*\\\nnext line", "<li>" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 0, SLOT_MAIN,
	    "![An architecture diagram](", "<img" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 1, SLOT_MAIN,
	    "Clicked div content", "Careful" },
	{ "tricky.md", 3, "default", "Components", 3, 0, NULL, 2, SLOT_MAIN,
	    "**Careful**", "carbon" },
	{ "tricky.md", 4, "default", "Last, with --- in inline --- code", 2, 0,
	    NULL, 0, SLOT_MAIN, "Gone after a click", NULL },
	{ "tricky.md", 4, "default", "Last, with --- in inline --- code", 2, 0,
	    NULL, 1, SLOT_MAIN, "", "Gone after a click" },
	/* CRLF */
	{ "crlf.md", 1, "default", "Two", 1, 0, NULL, 0, SLOT_MAIN,
	    "```\n---\n```", "\r" },
	/* presenterm */
	{ "presenterm.md", 0, "intro", "Presenterm syntax", 1, 0, NULL, 0,
	    SLOT_MAIN, "*comment commands*", NULL },
	{ "presenterm.md", 1, "default", "Intro", 2, 0, "Remember to breathe",
	    0, SLOT_MAIN, "Some text", "After the pause" },
	{ "presenterm.md", 1, "default", "Intro", 2, 0, "breathe", 1,
	    SLOT_MAIN, "After the pause", "speaker_note" },
	{ "presenterm.md", 2, "default", "Columns", 1, 0, NULL, 0, SLOT_LEFT,
	    "Wide column", "Narrow" },
	{ "presenterm.md", 2, "default", "Columns", 1, 0, NULL, 0, SLOT_RIGHT,
	    "Narrow column", "Wide" },
	{ "presenterm.md", 2, "default", "Columns", 1, 0, NULL, 0,
	    SLOT_BOTTOM, "still the same slide after a rule", NULL },
	{ "presenterm.md", 3, "default", "", 1, 0, NULL, 0, SLOT_MAIN,
	    "Centred in the middle", NULL },
	{ "presenterm.md", 4, "default", "Lists", 4, 0, NULL, 1, SLOT_MAIN,
	    "* a", "* b" },
	{ "presenterm.md", 4, "default", "Lists", 4, 0, NULL, 2, SLOT_MAIN,
	    "* b", "Tail" },
	{ "presenterm.md", 4, "default", "Lists", 4, 0, NULL, 3, SLOT_MAIN,
	    "Tail paragraph", NULL },
	/* mdp */
	{ "mdp.md", 0, "default", "Centred title", 1, 0, NULL, 0, SLOT_MAIN,
	    "Some text", "->" },
	{ "mdp.md", 1, "default", "Second slide", 1, 0, NULL, 0, SLOT_MAIN,
	    "centred line", "<-" },
	{ "mdp.md", 1, "default", "Second slide", 1, 0, NULL, 0, SLOT_MAIN,
	    "A setext heading\n---", NULL },
	{ "mdp.md", 2, "default", "Third", 1, 0, NULL, 0, SLOT_MAIN,
	    "```\n---\n```", NULL },
	/* issue 11: components whose attributes span lines, v-click on
	 * them; a component's alt is its image, shown once */
	{ "cards.md", 1, "default", "Why we moved", 3, 0, "three cards", 0,
	    SLOT_MAIN, "**1 · Effortless Scalability**\n\n"
	    "![Effortless Scalability](/img/scale.svg)\n\n- From ten",
	    "Pay per use" },
	{ "cards.md", 1, "default", "Why we moved", 3, 0, "three cards", 0,
	    SLOT_MAIN, "- No capacity planning", "Effortless Scalability]"
	    "(/img/scale.svg)\n\n![Effortless" },
	{ "cards.md", 1, "default", "Why we moved", 3, 0, "three cards", 1,
	    SLOT_MAIN, "**2 · Pay per use**\n\n![Coins](/img/coins.svg)\n\n"
	    "- Idle", "Less to run" },
	{ "cards.md", 1, "default", "Why we moved", 3, 0, "three cards", 2,
	    SLOT_MAIN, "*No servers to patch*", "<Card" },
	{ "cards.md", 2, "center", "Questions?", 1, 0, NULL, 0, SLOT_MAIN,
	    "[example.com/talk](https://example.com/talk)", "<a" },
	/* issue 11: v-click modifiers and forms */
	{ "clicks.md", 0, "default", "Modifiers", 4, 0, NULL, 0, SLOT_MAIN,
	    "C hides at 3", "A shows" },
	{ "clicks.md", 0, "default", "Modifiers", 4, 0, NULL, 2, SLOT_MAIN,
	    "B fades in at 2", NULL },
	{ "clicks.md", 0, "default", "Modifiers", 4, 0, NULL, 2, SLOT_MAIN,
	    "D hides with C", NULL },
	{ "clicks.md", 0, "default", "Modifiers", 4, 0, NULL, 3, SLOT_MAIN,
	    "A shows at 1", "C hides" },
	{ "clicks.md", 0, "default", "Modifiers", 4, 0, NULL, 3, SLOT_MAIN,
	    "B fades", "D hides" },
	{ "clicks.md", 1, "default", "Ordering", 5, 0, NULL, 1, SLOT_MAIN,
	    "First in order", "Third" },
	{ "clicks.md", 1, "default", "Ordering", 5, 0, NULL, 2, SLOT_MAIN,
	    "Shown at 2 and 3 only", "Third" },
	{ "clicks.md", 1, "default", "Ordering", 5, 0, NULL, 2, SLOT_MAIN,
	    "Two clicks later", NULL },
	{ "clicks.md", 1, "default", "Ordering", 5, 0, NULL, 3, SLOT_MAIN,
	    "Third in order", NULL },
	{ "clicks.md", 1, "default", "Ordering", 5, 0, NULL, 4, SLOT_MAIN,
	    "Third in order", "Shown at 2" },
	{ "clicks.md", 2, "default", "Counted", 6, 0, NULL, 5, SLOT_MAIN,
	    "Five clicks", NULL },
	{ "clicks.md", 3, "default", "Switch", 6, 0, NULL, 0, SLOT_MAIN, "",
	    "Step" },
	{ "clicks.md", 3, "default", "Switch", 6, 0, NULL, 1, SLOT_MAIN,
	    "Step one: write", "Step two" },
	{ "clicks.md", 3, "default", "Switch", 6, 0, NULL, 2, SLOT_MAIN,
	    "Step two: test", "Step one" },
	{ "clicks.md", 3, "default", "Switch", 6, 0, NULL, 4, SLOT_MAIN,
	    "Steps three to five: ship", "Step two" },
	{ "clicks.md", 3, "default", "Switch", 6, 0, NULL, 5, SLOT_MAIN, "",
	    "Step" },
	{ "clicks.md", 4, "default", "Marks and motion", 3, 0, NULL, 0,
	    SLOT_MAIN, "We always measure first.", "Circled" },
	{ "clicks.md", 4, "default", "Marks and motion", 3, 0, NULL, 0,
	    SLOT_MAIN, "Slides in from the left", "v-motion" },
	{ "clicks.md", 4, "default", "Marks and motion", 3, 0, NULL, 2,
	    SLOT_MAIN, "Circled later", "v-mark" },
	/* issue 11: mdp keeps its lines; ^ pauses; -> x -> right */
	{ "mdp-sample.md", 0, "default", "Terminal talks", 1, 0, NULL, 0,
	    SLOT_MAIN, "*j*, *l*,\\\n", NULL },
	{ "mdp-sample.md", 1, "default", "Boxes and lines", 2, 0, NULL, 0,
	    SLOT_MAIN, "──┐\\\n│  editor", "Shown after" },
	{ "mdp-sample.md", 1, "default", "Boxes and lines", 2, 0, NULL, 1,
	    SLOT_MAIN, "Shown after the pause.\\\nBroken", "^" },
	{ "mdp-sample.md", 2, "default", "Alignment", 1, 0, NULL, 0,
	    SLOT_MAIN, "    $ mdp talk.md\n    $ mdp -i", "->" },
	/* issue 11: presenterm's +line_numbers, include:, font_size */
	{ "presenterm-inline.md", 1, "default", "Numbered code", 1, 0, NULL,
	    0, SLOT_MAIN, "```rust\n1 │ fn main() {\n2 │     let", "font_size" },
	{ "presenterm-inline.md", 2, "default", "From another file", 1, 0,
	    NULL, 0, SLOT_MAIN, "lives in `parts/shared.md`.\n\n* shared "
	    "point one", "include" },
	{ "presenterm-inline.md", 2, "default", "From another file", 1, 0,
	    NULL, 0, SLOT_MAIN, "Back in the main deck.", NULL },
	{ "presenterm-inline.md", 3, "default", "Highlights with numbers", 2,
	    0, NULL, 1, SLOT_MAIN, "```python\n1 │ import sys", "+line" },
	/* issue 11: <Toc>, src: from a subfolder, <<< snippets, image
	 * layouts */
	{ "imports.md", 0, "cover", "Agenda", 1, 0, NULL, 0, SLOT_MAIN,
	    "- Imported from pages/\n- A snippet\n- Image on the right\n"
	    "- Image on the left", "Agenda\n- " },
	{ "imports.md", 1, "default", "Imported from pages/", 1, 0, NULL, 0,
	    SLOT_MAIN, "comes from `pages/intro.md`", NULL },
	{ "imports.md", 2, "default", "A snippet", 1, 0, NULL, 0, SLOT_MAIN,
	    "```ts\nexport async function retry", "<<<" },
	{ "imports.md", 3, "image-right", "Image on the right", 1, 0, NULL, 0,
	    SLOT_MAIN, "- Build", NULL },
	/* src: imports, with the importing frontmatter on top */
	{ "import-main.md", 1, "center", "Imported one", 1, 0, NULL, 0,
	    SLOT_MAIN, "From the other file", NULL },
	{ "import-main.md", 2, "default", "Imported two", 1, 0, NULL, 0,
	    SLOT_MAIN, "# Imported two", NULL },
	{ "import-main.md", 3, "default", "Kept when the import is missing",
	    1, 0, NULL, 0, SLOT_MAIN, "Kept", NULL },
};

static void
test_slides(void **state)
{
	size_t i;

	for (i = 0; i < sizeof slide_cases / sizeof slide_cases[0]; i++) {
		const struct slide_case *c = &slide_cases[i];
		struct deck *d = load(c->file);
		const struct slide *s;
		char *md;

		print_message("case %zu: %s slide %d step %d\n", i, c->file,
		    c->slide, c->step);
		assert_true((size_t)c->slide < d->nslides);
		s = &d->slides[c->slide];
		assert_string_equal(s->layout, c->layout);
		assert_string_equal(s->title, c->title);
		if (c->nsteps >= 0)
			assert_int_equal(s->nsteps, c->nsteps);
		assert_int_equal(s->hidden, c->hidden);
		if (c->notes)
			assert_non_null(strstr(s->notes, c->notes));
		else
			assert_string_equal(s->notes, "");
		md = deck_step_markdown(s, c->slot, c->step);
		if (!strstr(md, c->has))
			fail_msg("case %zu: no \"%s\" in:\n%s", i, c->has, md);
		if (c->lacks && strstr(md, c->lacks))
			fail_msg("case %zu: \"%s\" in:\n%s", i, c->lacks, md);
		free(md);
		deck_free(d);
	}
}

static void
test_code_steps(void **state)
{
	struct deck *d = load("slidev.md");
	const struct slide *s = &d->slides[5];
	const struct deck_part *code = NULL;
	size_t i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].nhl)
			code = &s->parts[i];
	assert_non_null(code);
	assert_string_equal(deck_part_highlight(code, 0), "2,3");
	assert_string_equal(deck_part_highlight(code, 1), "5");
	assert_string_equal(deck_part_highlight(code, 2), "all");
	assert_string_equal(deck_part_highlight(code, 9), "all");
	deck_free(d);
}

static void
test_ranges(void **state)
{
	static const struct {
		const char *ranges;
		int line, in;
	} cases[] = {
		{ "2,3", 1, 0 }, { "2,3", 2, 1 }, { "2,3", 3, 1 },
		{ "5-7", 4, 0 }, { "5-7", 6, 1 }, { "5-7", 8, 0 },
		{ "all", 99, 1 }, { "*", 1, 1 }, { "none", 1, 0 },
		{ NULL, 3, 1 }, { "1, 4-5", 5, 1 }, { "x", 1, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(deck_line_in_ranges(cases[i].ranges,
		    cases[i].line), cases[i].in);
}

static void
test_durations(void **state)
{
	static const struct {
		const char *s;
		long v;
	} cases[] = {
		{ "30", 1800 }, { "30min", 1800 }, { "45m", 2700 },
		{ "1h30m", 5400 }, { "1h 15min", 4500 }, { "90s", 90 },
		{ "1:30:00", 5400 }, { "20:00", 1200 }, { "2 hours", 7200 },
		{ "soon", -1 }, { "", -1 }, { "1:x", -1 }, { "10 parsecs", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		print_message("duration '%s'\n", cases[i].s);
		assert_int_equal(deck_parse_duration(cases[i].s), cases[i].v);
	}
}

/* A slide's HTML goes through the renderer's reduction once the v-click
 * family is read: components by their human attributes (Vue-bound ones
 * too), code spans and fences exactly as written. */
static void
test_html_in_slides(void **state)
{
	const char *deck = "# Vue\n\n"
	    "<Card :number=\"4\" :title=\"'Bound'\" v-bind:subtitle=\"x\" />\n"
	    "\n<v-click>\n\nUse `<v-click>` or `<br>`, <b>not</b> this.\n\n"
	    "</v-click>\n\n```html\n<Card title=\"kept\" />\n```\n";
	struct deck *d = deck_parse(deck, strlen(deck), "vue.md");
	char *md;

	assert_int_equal(d->nslides, 1);
	assert_int_equal(d->slides[0].nsteps, 2);
	assert_int_equal(d->nwarnings, 0);
	md = deck_step_markdown(&d->slides[0], SLOT_MAIN, 0);
	assert_non_null(strstr(md, "**4 \xc2\xb7 Bound**"));
	assert_null(strstr(md, "*x*"));
	assert_null(strstr(md, "Use"));
	assert_non_null(strstr(md, "```html\n<Card title=\"kept\" />\n```"));
	free(md);
	md = deck_step_markdown(&d->slides[0], SLOT_MAIN, 1);
	assert_non_null(strstr(md, "Use `<v-click>` or `<br>`, **not** this."));
	free(md);
	deck_free(d);
}

/* Malformed, huge and hostile decks: parsed, no crash, no leak. */
static void
test_hostile(void **state)
{
	struct buf b = BUF_INIT;
	struct deck *d;
	unsigned x = 12345;
	size_t i;

	/* random bytes, NULs and CRs included */
	for (i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		buf_addc(&b, "<>-`!\n\r\0v:{}|#* aZ/\"'"[(x >> 16) % 22]);
	}
	d = deck_parse(b.ptr, b.len, NULL);
	assert_true(d->nslides >= 1);
	deck_free(d);
	buf_reset(&b);
	/* 10,000 nested components and list levels */
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "<v-click><div v-click><Card title=\"t\">\n");
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%*s- item\n", (int)(i % 200), "");
	d = deck_parse(b.ptr, b.len, "nested.md");
	assert_int_equal(d->nslides, 1);
	assert_true(d->nwarnings > 0);
	deck_free(d);
	buf_reset(&b);
	/* tags that never end, over many lines, and attribute lines with
	 * no tag (issue 11: tags may span lines) */
	for (i = 0; i < 20000; i++)
		buf_adds(&b, i % 3 ? "  title=\"x\"\n" : "<Card\n");
	buf_adds(&b, "<v-click\n  at=\"[1,\n");
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "<div v-click=\"[9, 2]\" v-click.hide=\"'+x'\">\n"
		    "<template #0-0>\n<v-switch>\n");
	d = deck_parse(b.ptr, b.len, "tags.md");
	assert_int_equal(d->nslides, 1);
	assert_true(d->nwarnings > 0);
	deck_free(d);
	buf_reset(&b);
	/* 5,000 slides, half with frontmatter, none with a body */
	for (i = 0; i < 5000; i++)
		buf_adds(&b, i % 2 ? "---\nlayout: center\n---\n# S\n" :
		    "---\n\n# T\n\n");
	d = deck_parse(b.ptr, b.len, NULL);
	assert_true(d->nslides >= 4999);
	deck_free(d);
	buf_reset(&b);
	/* only separators; an unclosed headmatter; a lone "<" */
	d = deck_parse("---\n---\n---\n", 12, NULL);
	assert_true(d->nslides >= 1);
	deck_free(d);
	d = deck_parse("---\ntitle: x\n# no end\n", 22, NULL);
	assert_true(d->nslides >= 1);
	deck_free(d);
	d = deck_parse("<", 1, NULL);
	assert_int_equal(d->nslides, 1);
	deck_free(d);
	d = deck_parse("", 0, NULL);
	assert_int_equal(d->nslides, 1);
	assert_string_equal(d->title, "Untitled deck");
	deck_free(d);
	buf_free(&b);
}

static void
test_shown(void **state)
{
	struct deck *d = load("slidev.md");
	size_t *idx, n = deck_shown(d, &idx);

	assert_int_equal(n, 9);
	assert_int_equal(idx[3], 3);
	assert_int_equal(idx[4], 5);	/* slide 4 is hidden */
	free(idx);
	deck_free(d);
}

/* The check of `stratus check`: problems with file and line, in file
 * order; a missing folder is an error, not a crash. */
static void
test_check(void **state)
{
	const char *dir = getenv("STRATUS_TESTDATA");
	char *decks = xasprintf("%s/decks", dir ? dir : "data");
	char **problems = NULL, *cause = NULL;
	size_t n = 0, i;
	int found;

	width_locale_init();
	found = deck_check_dir(decks, &problems, &n, &cause);
	assert_int_equal(found, 6);
	assert_int_equal(n, 6);
	assert_non_null(strstr(problems[0], "import-main.md:12: src: "
	    "./missing.md"));
	assert_non_null(strstr(problems[2], "unterminated.md:13: code "
	    "fence is never closed"));
	for (i = 0; i < n; i++)
		free(problems[i]);
	free(problems);
	problems = NULL;
	n = 0;
	assert_int_equal(deck_check_dir("/no/such/folder", &problems, &n,
	    &cause), -1);
	assert_non_null(strstr(cause, "/no/such/folder"));
	free(cause);
	free(decks);
}

/* Frames: the footer keeps a gap between its bar and the clock however
 * narrow the screen (issue 11: touching at 40 columns). */
static void
test_frames(void **state)
{
	struct deck *d = load("slidev.md");
	struct frame_opts o;
	struct slide_frame f;
	const char *row;
	int w;

	width_locale_init();
	for (w = 20; w <= 120; w++) {
		memset(&o, 0, sizeof o);
		o.width = w;
		o.height = 24;
		o.elapsed = 754;	/* 12:34, 7:26 left of 20:00 */
		slide_frame_compose(d, 2, 0, &o, &f);
		row = f.rows[f.height - 1].text;
		if (strstr(row, "━12:34") || strstr(row, "─12:34") ||
		    strstr(row, "━ 12:34") || strstr(row, "─ 12:34"))
			fail_msg("%d columns: bar touches the clock: %s", w,
			    row);
		slide_frame_clear(&f);
	}
	deck_free(d);
}

/* Whether some span of the frame's rows over text is selected. */
static int
selected(const struct slide_frame *f, const char *text)
{
	size_t k, n = strlen(text);
	const char *at;
	int r;

	for (r = 0; r < f->height; r++) {
		if (!(at = strstr(f->rows[r].text, text)))
			continue;
		for (k = 0; k < f->rows[r].nspans; k++) {
			const struct rspan *sp = &f->rows[r].spans[k];

			if ((sp->style & ST_SELECTED) &&
			    sp->off <= (size_t)(at - f->rows[r].text) &&
			    sp->off + sp->len >= (size_t)(at - f->rows[r].text)
			    + n)
				return 1;
		}
	}
	return 0;
}

/* Frames list the note links the step has revealed, slot by slot, not
 * external or anchor-only ones, and draw the one asked for selected
 * (issue 16: links on a slide open their notes). */
static void
test_frame_links(void **state)
{
	static const char md[] =
	    "---\nlayout: two-cols\n---\n\n# Links\n\n"
	    "See [[alpha#Intro]], [site](https://example.com) and "
	    "[[#local]].\n\n<v-click>\n\nThen [beta](notes/beta%20x.md)."
	    "\n\n</v-click>\n\n::right::\n\nRight [[gamma|Gee]].\n";
	struct deck *d = deck_parse(md, sizeof md - 1, "links.md");
	struct frame_opts o;
	struct slide_frame f;

	(void)state;
	width_locale_init();
	memset(&o, 0, sizeof o);
	o.width = 80;
	o.height = 24;
	o.elapsed = -1;
	slide_frame_compose(d, 0, 0, &o, &f);
	assert_int_equal(f.nlinks, 2);
	assert_string_equal(f.links[0].target, "alpha");
	assert_string_equal(f.links[0].anchor, "Intro");
	assert_true(f.links[0].wiki);
	assert_string_equal(f.links[1].target, "gamma");
	assert_false(selected(&f, "Gee"));
	slide_frame_clear(&f);

	o.select_link = 3;
	slide_frame_compose(d, 0, 1, &o, &f);
	assert_int_equal(f.nlinks, 3);
	assert_string_equal(f.links[1].target, "notes/beta x.md");
	assert_null(f.links[1].anchor);
	assert_false(f.links[1].wiki);
	assert_true(selected(&f, "Gee"));
	assert_false(selected(&f, "alpha"));
	assert_false(selected(&f, "beta"));
	slide_frame_clear(&f);
	deck_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decks),
		cmocka_unit_test(test_slides),
		cmocka_unit_test(test_code_steps),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_html_in_slides),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_frame_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
