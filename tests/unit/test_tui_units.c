/*
 * test_tui_units.c: the explorer's pieces that need no index: fuzzy
 * scoring (fzf's order: contiguous and word-start matches first), the key
 * table (no duplicate rows, help for every action, lookups, names,
 * hints), text-input edits and pane scrolling, the text graph layout, and
 * line building (sanitising, snippets, splicing, widths).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/index.h"
#include "core/util.h"
#include "render/width.h"
#include "tui/fuzzy.h"
#include "tui/app.h"
#include "tui/graphmap.h"
#include "tui/keys.h"
#include "tui/line.h"

#define F(k) (KC_FN | (k))

/* --- fuzzy ------------------------------------------------------------ */

static int
score(const char *p, const char *t)
{
	return fuzzy_score(p, t, NULL, 0, NULL);
}

static void
test_fuzzy_subsequence(void **state)
{
	assert_int_equal(score("", "anything"), 0);
	assert_int_equal(score("abc", ""), -1);
	assert_int_equal(score("abc", "acb"), -1);
	assert_true(score("abc", "a-b-c") > 0);
	assert_true(score("lmbd", "AWS Lambda") > 0);
	/* Smart case: a capital in the pattern must match exactly. */
	assert_true(score("lambda", "AWS LAMBDA") > 0);
	assert_int_equal(score("Lambda", "aws lambda"), -1);
	/* Code points, not bytes; case folded beyond ASCII. */
	assert_true(score("función", "Función Lambda") > 0);
	assert_true(score("ÉT", "été") < 0);
	assert_true(score("日本", "日本語のノート") > 0);
	assert_int_equal(score("本日", "日本語"), -1);
}

static void
test_fuzzy_order_like_fzf(void **state)
{
	/* Contiguous beats scattered. */
	assert_true(score("cold", "Cold starts") >
	    score("cold", "Cloud-native design"));
	assert_true(score("sqs", "Amazon SQS") > score("sqs", "S3 quotas"));
	/* Word starts beat the middle of words. */
	assert_true(score("es", "event sourcing") > score("es", "messages"));
	assert_true(score("fb", "foo-bar") > score("fb", "foobar"));
	assert_true(score("fb", "foo bar") >= score("fb", "foo-bar"));
	/* camelCase and digits are word starts too. */
	assert_true(score("gp", "getProfile") > score("gp", "geography"));
	/* The first character counts double. */
	assert_true(score("a", "abc") > score("a", "bca"));
	/* Gaps cost, longer gaps cost more. */
	assert_true(score("ab", "axb") > score("ab", "axxxxxxxxxxb"));
}

static void
test_fuzzy_positions(void **state)
{
	size_t pos[8], n = 0;
	const char *t = "Amazon API Gateway";
	int s;

	s = fuzzy_score("apig", t, pos, 8, &n);
	assert_true(s > 0);
	assert_int_equal(n, 4);
	/* The word-start "API G" run, not the a of Amazon. */
	assert_int_equal(pos[0], 7);
	assert_int_equal(pos[1], 8);
	assert_int_equal(pos[2], 9);
	assert_int_equal(pos[3], 11);
	/* Byte offsets of multi-byte characters. */
	s = fuzzy_score("ñb", "año b", pos, 8, &n);
	assert_true(s > 0);
	assert_int_equal(n, 2);
	assert_int_equal(pos[0], 1);
	assert_int_equal(pos[1], 5);
	/* One character: its best place, a word start, in either case;
	 * the first of equals; after a multi-byte letter, mid-word. */
	s = fuzzy_score("l", "hello Lambda land", pos, 8, &n);
	assert_int_equal(n, 1);
	assert_int_equal(pos[0], 6);
	assert_int_equal(s, fuzzy_score("l", "Lx", NULL, 0, NULL));
	fuzzy_score("l", "él lo", pos, 8, &n);
	assert_int_equal(pos[0], 4);
	assert_true(score("l", "él") < score("l", "é l"));
	/* the letters in either case, other bytes exactly */
	assert_true(score("a-z", "A-Z") > 0);
	assert_int_equal(score("a-z", "A_Z"), -1);
	assert_int_equal(score("a[", "A{"), -1);
}

static void
test_fuzzy_hostile(void **state)
{
	char big[4096];
	size_t pos[FUZZY_MAXPAT], n;

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	/* Longer than the limits: cut, never overrun. */
	assert_true(fuzzy_score(big, big, pos, FUZZY_MAXPAT, &n) > 0);
	assert_int_equal(n, FUZZY_MAXPAT);
	assert_true(fuzzy_score("aaa", "\xff\xfe\x80zz", NULL, 0, NULL) < 0);
	assert_true(fuzzy_score("\xff", "x\xffy", NULL, 0, NULL) >= 0);
	assert_true(fuzzy_score("a\x1b", "a\x1b[2J", NULL, 0, NULL) > 0);
}

/* --- keys ------------------------------------------------------------- */

static void
test_keys_no_duplicates(void **state)
{
	size_t i, j;

	for (i = 0; i < key_table_len; i++)
		for (j = i + 1; j < key_table_len; j++)
			if (key_table[i].km == key_table[j].km &&
			    key_table[i].key == key_table[j].key)
				fail_msg("row %zu and %zu bind the same key", i,
				    j);
}

/* The help's descriptions all start in one column, even after a long
 * list of keys (which then has a line of its own). */
static void
test_help_columns_align(void **state)
{
	struct buf b = BUF_INIT;
	const char *line, *nl, *p;
	int col = -1, c;

	key_help(&b);
	for (line = buf_str(&b); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		if (strncmp(line, "  ", 2) != 0)
			continue;
		p = line + 2;
		if (*p == ' ') {		/* a description alone */
			while (*p == ' ')
				p++;
		} else {
			p = strstr(p, "  ");
			if (!p || p > nl)
				continue;	/* keys alone */
			while (*p == ' ')
				p++;
		}
		c = text_width(line, (size_t)(p - line));
		if (col < 0)
			col = c;
		if (c != col)
			fail_msg("help column %d, not %d: %.*s", c, col,
			    (int)(nl - line), line);
	}
	assert_true(col > 4);
	buf_free(&b);
}

/* At 80 columns the hints drop whole, least needed first: the view's
 * own stay, then help and quit; no hint is ever cut. */
static void
test_hints_fit_whole(void **state)
{
	struct buf all = BUF_INIT, fit = BUF_INIT;
	int cols;

	key_hints(KM_NOTE, &all);
	for (cols = 10; cols <= 120; cols += 7) {
		const char *p, *e;

		buf_reset(&fit);
		key_hints_fit(KM_NOTE, cols, &fit);
		assert_true(text_width(buf_str(&fit), fit.len) <= cols);
		for (p = buf_str(&fit); *p; p = e + (*e ? 2 : 0)) {
			char one[64];

			e = strstr(p, "  ");
			if (!e)
				e = p + strlen(p);
			snprintf(one, sizeof one, "%.*s", (int)(e - p), p);
			assert_non_null(strstr(buf_str(&all), one));
		}
		if (cols >= 60) {
			assert_non_null(strstr(buf_str(&fit), "Tab links"));
			assert_non_null(strstr(buf_str(&fit), "? help"));
			assert_non_null(strstr(buf_str(&fit), "q quit"));
		}
	}
	buf_reset(&fit);
	key_hints_fit(KM_NOTE, 1000, &fit);
	assert_string_equal(buf_str(&fit), buf_str(&all));
	buf_free(&all);
	buf_free(&fit);
}

/* The README's explorer paragraph names keys: each must do what it says
 * in the key table. */
static void
test_readme_keys_match_the_table(void **state)
{
	static const struct {
		const char *phrase;
		enum keymap km;
		int key;
		enum action act;
	} said[] = {
		{ "`j`/`k` scroll", KM_NOTE, 'j', ACT_DOWN },
		{ "`g`/`G` go to the top", KM_NOTE, 'g', ACT_TOP },
		{ "`g`/`G` go to the top", KM_NOTE, 'G', ACT_BOTTOM },
		{ "`l` forward", KM_NOTE, 'l', ACT_FORWARD },
		{ "`/` finds in the note", KM_NOTE, '/', ACT_FIND },
		{ "`n`/`N`", KM_NOTE, 'n', ACT_FINDNEXT },
		{ "`b` backlinks", KM_NOTE, 'b', ACT_BACKLINKS },
		{ "`v` the graph around the note", KM_NOTE, 'v', ACT_GRAPH },
		{ "(`g`\ntoo, outside a note)", KM_RESULTS, 'g', ACT_GRAPH },
		{ "`t` tags", KM_NOTE, 't', ACT_TAGS },
		{ "`:` quick open", KM_NOTE, ':', ACT_QUICKOPEN },
		{ "`L` the\nother language", KM_NOTE, 'L', ACT_LANG },
		{ "`e` edits the note", KM_NOTE, 'e', ACT_EDIT },
		{ "`?` lists every\nkey", KM_NOTE, '?', ACT_HELP },
	};
	const char *td = getenv("STRATUS_TESTDATA");
	char *path = path_join(td && *td ? td : "data", "../../README.md");
	char *readme = NULL, *cause = NULL, *sec;
	size_t len, i;

	if (read_file(path, 0, &readme, &len, &cause) < 0)
		fail_msg("%s", cause);
	sec = strstr(readme, "### The explorer");
	assert_non_null(sec);
	for (i = 0; i < sizeof said / sizeof said[0]; i++) {
		if (!strstr(sec, said[i].phrase))
			fail_msg("README: no \"%s\"", said[i].phrase);
		if (key_action(said[i].km, said[i].key) != said[i].act)
			fail_msg("README says \"%s\"; the key table has it "
			    "otherwise", said[i].phrase);
	}
	free(readme);
	free(path);
}

/* The presenter's help (keymap KM_PRESENT) names every listed key and
 * every help text, in a keys column that fits 80 columns; the README's
 * presenter paragraph says what the table does. */
static void
test_present_keys_help_and_readme(void **state)
{
	static const struct {
		const char *phrase;
		int key;
		enum action act;
	} said[] = {
		{ "Space and the arrows\nstep", ' ', ACT_NEXTSTEP },
		{ "Space and the arrows\nstep", F(KEY_RIGHT), ACT_NEXTSTEP },
		{ "Space and the arrows\nstep", F(KEY_LEFT), ACT_PREVSTEP },
		{ "`o` shows an overview", 'o', ACT_OVERVIEW },
		{ "`/` searches", '/', ACT_SEARCH },
		{ "`?` lists every key", '?', ACT_HELP },
		{ "(`q` closes\nthe help or the overview first)", 'q', ACT_QUIT },
	};
	const char *td = getenv("STRATUS_TESTDATA");
	char *path = path_join(td && *td ? td : "data", "../../README.md");
	char *readme = NULL, *cause = NULL, *sec, *line, *nl;
	struct buf b = BUF_INIT, name = BUF_INIT;
	size_t len, i;

	key_help_keymap(KM_PRESENT, &b);
	for (i = 0; i < key_table_len; i++) {
		if (key_table[i].km != KM_PRESENT)
			continue;
		buf_reset(&name);
		keyname_add(key_table[i].key, &name);
		if (!(key_table[i].hint & KB_UNLISTED) &&
		    !strstr(buf_str(&b), buf_str(&name)))
			fail_msg("presenter help lacks key %s", buf_str(&name));
		if (key_table[i].help && !strstr(buf_str(&b),
		    key_table[i].help))
			fail_msg("presenter help lacks \"%s\"",
			    key_table[i].help);
	}
	for (line = b.ptr; (nl = strchr(line, '\n')); line = nl + 1)
		if (nl - line > 76)
			fail_msg("presenter help line over 76 columns: %.*s",
			    (int)(nl - line), line);
	/* The explorer's keys do nothing in the presenter. */
	assert_int_equal(key_action(KM_PRESENT, 'e'), ACT_NONE);
	assert_int_equal(key_action(KM_PRESENT, KC_CTRL('p')), ACT_NONE);
	assert_int_equal(key_action(KM_PRESENT, '\r'), ACT_OPEN);

	if (read_file(path, 0, &readme, &len, &cause) < 0)
		fail_msg("%s", cause);
	sec = strstr(readme, "`stratus present` shows");
	assert_non_null(sec);
	for (i = 0; i < sizeof said / sizeof said[0]; i++) {
		if (!strstr(sec, said[i].phrase))
			fail_msg("README: no \"%s\"", said[i].phrase);
		if (key_action(KM_PRESENT, said[i].key) != said[i].act)
			fail_msg("README says \"%s\"; the key table has it "
			    "otherwise", said[i].phrase);
	}
	free(readme);
	free(path);
	buf_free(&b);
	buf_free(&name);
}

static void
test_keys_every_action_has_help(void **state)
{
	size_t i, j;

	for (i = 0; i < key_table_len; i++) {
		int ok = 0;

		for (j = 0; j < key_table_len; j++)
			if (key_table[j].km == key_table[i].km &&
			    key_table[j].action == key_table[i].action &&
			    key_table[j].help && *key_table[j].help)
				ok = 1;
		if (!ok)
			fail_msg("row %zu: its action has no help text", i);
	}
}

static void
test_keys_lookup(void **state)
{
	/* The note view's own rows win over the general ones. */
	assert_int_equal(key_action(KM_NOTE, 'g'), ACT_TOP);
	assert_int_equal(key_action(KM_RESULTS, 'g'), ACT_GRAPH);
	assert_int_equal(key_action(KM_NOTE, 'v'), ACT_GRAPH);
	assert_int_equal(key_action(KM_NOTE, '/'), ACT_FIND);
	assert_int_equal(key_action(KM_NOTE, F(KEY_BACKSPACE)), ACT_BACK);
	assert_int_equal(key_action(KM_NOTE, KC_ALT | F(KEY_LEFT)),
	    ACT_BACK);
	assert_int_equal(key_action(KM_NOTE, KC_ALT | F(KEY_RIGHT)),
	    ACT_FORWARD);
	assert_int_equal(key_action(KM_NOTE, '\t'), ACT_NEXTLINK);
	assert_int_equal(key_action(KM_NOTE, F(KEY_BTAB)), ACT_PREVLINK);
	/* Text inputs take printable keys, and still the others. */
	assert_int_equal(key_action(KM_SEARCH, 'q'), ACT_TEXT);
	assert_int_equal(key_action(KM_SEARCH, 0x65e5), ACT_TEXT);
	assert_int_equal(key_action(KM_SEARCH, ' '), ACT_TEXT);
	assert_int_equal(key_action(KM_SEARCH, KC_CTRL('p')), ACT_QUICKOPEN);
	assert_int_equal(key_action(KM_SEARCH, F(KEY_BACKSPACE)),
	    ACT_DELCHAR);
	assert_int_equal(key_action(KM_SEARCH, KC_ALT | F(KEY_LEFT)),
	    ACT_BACK);
	assert_int_equal(key_action(KM_FIND, 'n'), ACT_TEXT);
	/* Modal keymaps: their rows, and Ctrl-C. */
	assert_int_equal(key_action(KM_QUICKOPEN, KC_CTRL('p')), ACT_UP);
	assert_int_equal(key_action(KM_QUICKOPEN, 'b'), ACT_TEXT);
	assert_int_equal(key_action(KM_QUICKOPEN, KC_CTRL('c')), ACT_QUIT);
	assert_int_equal(key_action(KM_QUICKOPEN, KC_CTRL('l')), ACT_NONE);
	assert_int_equal(key_action(KM_HELP, 'b'), ACT_NONE);
	assert_int_equal(key_action(KM_HELP, 'q'), ACT_CANCEL);
	assert_int_equal(key_action(KM_LANG, 'L'), ACT_CANCEL);
	assert_int_equal(key_action(KM_GRAPH, 'd'), ACT_DEPTH);
	assert_int_equal(key_action(KM_GRAPH, 'x'), ACT_NONE);
	assert_false(key_is_printable(KC_ESC));
	assert_false(key_is_printable(0x9b));
	assert_true(key_is_printable(0xe9));
}

/* Backspace and Ctrl-W in every text input: whole UTF-8 characters,
 * the last word with the spaces after it, nothing on an empty line. */
static void
test_keys_input_edits(void **state)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x98\x80");
	input_del_char(&b);
	assert_string_equal(buf_str(&b), "caf\xc3\xa9 \xe6\x97\xa5");
	input_del_char(&b);
	assert_string_equal(buf_str(&b), "caf\xc3\xa9 ");
	input_del_char(&b);
	input_del_char(&b);
	assert_string_equal(buf_str(&b), "caf");
	buf_reset(&b);
	buf_adds(&b, "two words  ");
	input_del_word(&b);
	assert_string_equal(buf_str(&b), "two ");
	input_del_word(&b);
	assert_string_equal(buf_str(&b), "");
	input_del_word(&b);
	input_del_char(&b);
	assert_int_equal(b.len, 0);
	/* A stray continuation byte alone is deleted, never read before. */
	buf_adds(&b, "\x80\x80");
	input_del_char(&b);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* The scroll actions of the note and help panes; others are not taken. */
static void
test_scroll_action(void **state)
{
	int top = 5;

	assert_int_equal(scroll_action(&top, ACT_DOWN, 10, 40), 1);
	assert_int_equal(top, 6);
	assert_int_equal(scroll_action(&top, ACT_UP, 10, 40), 1);
	assert_int_equal(top, 5);
	assert_int_equal(scroll_action(&top, ACT_PAGEDOWN, 10, 40), 1);
	assert_int_equal(top, 15);
	assert_int_equal(scroll_action(&top, ACT_PAGEUP, 3, 40), 1);
	assert_int_equal(top, 12);
	assert_int_equal(scroll_action(&top, ACT_BOTTOM, 10, 40), 1);
	assert_int_equal(top, 40);
	assert_int_equal(scroll_action(&top, ACT_TOP, 10, 40), 1);
	assert_int_equal(top, 0);
	top = 7;
	assert_int_equal(scroll_action(&top, ACT_OPEN, 10, 40), 0);
	assert_int_equal(scroll_action(&top, ACT_CANCEL, 10, 40), 0);
	assert_int_equal(top, 7);
}

static void
test_keys_names_and_help(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	keyname_add(KC_CTRL('p'), &b);
	assert_string_equal(buf_str(&b), "Ctrl-P");
	buf_reset(&b);
	keyname_add(KC_ALT | F(KEY_LEFT), &b);
	assert_string_equal(buf_str(&b), "Alt-Left");
	buf_reset(&b);
	keyname_add(F(KEY_NPAGE), &b);
	assert_string_equal(buf_str(&b), "PgDn");
	buf_reset(&b);
	keyname_add(' ', &b);
	assert_string_equal(buf_str(&b), "Space");
	buf_reset(&b);
	keyname_add(F(KEY_F(1)), &b);
	assert_string_equal(buf_str(&b), "F1");
	buf_reset(&b);
	keyname_add(0xe9, &b);
	assert_string_equal(buf_str(&b), "é");
	buf_reset(&b);

	/* The help names every key of every row. */
	key_help(&b);
	for (i = 0; i < key_table_len; i++) {
		struct buf name = BUF_INIT;

		if (key_table[i].km == KM_PRESENT)
			continue;
		keyname_add(key_table[i].key, &name);
		if (!strstr(buf_str(&b), buf_str(&name)))
			fail_msg("help lacks key %s", buf_str(&name));
		if (key_table[i].help && !strstr(buf_str(&b),
		    key_table[i].help))
			fail_msg("help lacks \"%s\"", key_table[i].help);
		buf_free(&name);
	}
	assert_non_null(strstr(buf_str(&b), "Ctrl-P, :"));
	assert_non_null(strstr(buf_str(&b), "\nNote\n"));
	buf_reset(&b);

	/* Hints: only keys that do that there. */
	key_hints(KM_NOTE, &b);
	assert_non_null(strstr(buf_str(&b), "Tab links"));
	assert_non_null(strstr(buf_str(&b), "v graph"));
	assert_null(strstr(buf_str(&b), "g graph"));
	buf_reset(&b);
	key_hints(KM_RESULTS, &b);
	assert_non_null(strstr(buf_str(&b), "g graph"));
	buf_reset(&b);
	key_hints(KM_SEARCH, &b);
	assert_null(strstr(buf_str(&b), "q quit"));
	assert_non_null(strstr(buf_str(&b), "Ctrl-P"));
	buf_free(&b);
}

/* n: next match in a note, else (declined, or elsewhere) a new note;
 * never in a text input or a modal keymap. Text inputs share one edit. */
static void
test_keys_fallback_and_input(void **state)
{
	struct buf b = BUF_INIT;

	assert_int_equal(key_action(KM_NOTE, 'n'), ACT_FINDNEXT);
	assert_int_equal(key_fallback(KM_NOTE, 'n'), ACT_NEW);
	assert_int_equal(key_action(KM_RESULTS, 'n'), ACT_NEW);
	assert_int_equal(key_action(KM_GRAPH, 'R'), ACT_RENAME);
	assert_int_equal(key_fallback(KM_HELP, 'n'), ACT_NONE);
	assert_int_equal(key_fallback(KM_PROMPT, 'n'), ACT_NONE);
	assert_int_equal(key_action(KM_PROMPT, 'n'), ACT_TEXT);
	assert_int_equal(key_action(KM_CONFIRM, 'n'), ACT_CANCEL);
	assert_int_equal(key_action(KM_CONFIRM, 'y'), ACT_OPEN);
	assert_int_equal(key_action(KM_CONFIRM, 'x'), ACT_NONE);
	assert_true(input_edit(&b, ACT_TEXT, 0xe9));
	assert_true(input_edit(&b, ACT_TEXT, ' '));
	assert_true(input_edit(&b, ACT_TEXT, 'x'));
	assert_string_equal(buf_str(&b), "\xc3\xa9 x");
	assert_true(input_edit(&b, ACT_DELWORD, 0));
	assert_string_equal(buf_str(&b), "\xc3\xa9 ");
	assert_true(input_edit(&b, ACT_DELCHAR, 0));
	assert_true(input_edit(&b, ACT_DELCHAR, 0));
	assert_string_equal(buf_str(&b), "");
	assert_false(input_edit(&b, ACT_OPEN, '\n'));
	buf_free(&b);
}

/* The KEYS section of man/stratus-explore.1 is the key table too. */
static void
test_keys_man_page_in_sync(void **state)
{
	char *man = NULL, *cause = NULL;
	size_t len, i;
	struct buf want = BUF_INIT;

	if (read_file("../man/stratus-explore.1", 0, &man, &len, &cause) < 0)
		fail_msg("%s", cause);
	for (i = 0; i < key_table_len; i++) {
		size_t j;

		if (!key_table[i].help || key_table[i].km == KM_PRESENT)
			continue;
		/* ".B KEYS\nHELP": every key of the action, then its help. */
		buf_reset(&want);
		buf_adds(&want, ".B ");
		for (j = 0; j < key_table_len; j++) {
			if (key_table[j].km != key_table[i].km ||
			    key_table[j].action != key_table[i].action)
				continue;
			if (want.len > 3)
				buf_adds(&want, ", ");
			keyname_add(key_table[j].key, &want);
		}
		buf_printf(&want, "\n%s\n", key_table[i].help);
		if (!strstr(man, buf_str(&want)))
			fail_msg("man/stratus-explore.1 lacks:\n%s",
			    buf_str(&want));
	}
	for (i = 0; i < KM_COUNT; i++)
		if (i != KM_PRESENT &&
		    !strstr(man, keymap_name((enum keymap)i)))
			fail_msg("man/stratus-explore.1 lacks the section %s",
			    keymap_name((enum keymap)i));
	buf_free(&want);
	free(man);
}

/* --- graph layout ----------------------------------------------------- */

static void
add_node(struct graph *g, const char *slug, const char *title)
{
	g->nodes = xrealloc(g->nodes, (g->nnodes + 1) * sizeof *g->nodes);
	g->nodes[g->nnodes].key = xstrdup(slug);
	g->nodes[g->nnodes].slug = xstrdup(slug);
	g->nodes[g->nnodes].title = xstrdup(title);
	g->nodes[g->nnodes].type = xstrdup("");
	g->nodes[g->nnodes].depth = 0;
	g->nnodes++;
}

static void
add_edge(struct graph *g, size_t from, size_t to)
{
	g->edges = xrealloc(g->edges, (g->nedges + 1) * sizeof *g->edges);
	g->edges[g->nedges].from = from;
	g->edges[g->nedges].to = to;
	g->edges[g->nedges].count = 1;
	g->nedges++;
}

static char *
map_text(const struct gmap *m, size_t sel)
{
	struct buf b = BUF_INIT;
	struct rline l;
	int r;

	for (r = 0; r < m->rows; r++) {
		gmap_line(m, r, sel, &l);
		buf_adds(&b, l.text);
		buf_addc(&b, '\n');
		line_clear(&l);
	}
	return buf_take(&b);
}

static void
test_graphmap_depth1(void **state)
{
	struct graph g = {0};
	struct gmap *m;
	char *t;
	size_t i, sel;

	add_node(&g, "c", "Centre");	/* 0 */
	add_node(&g, "o", "Out");	/* 1: c -> o */
	add_node(&g, "i", "In");	/* 2: i -> c */
	add_node(&g, "b", "Both");	/* 3: c <-> b */
	add_node(&g, "far", "Far");	/* 4: o -> far, depth 2 */
	add_edge(&g, 0, 1);
	add_edge(&g, 2, 0);
	add_edge(&g, 0, 3);
	add_edge(&g, 3, 0);
	add_edge(&g, 1, 4);
	assert_null(gmap_build(&g, "nope", 1, 80, 20));
	m = gmap_build(&g, "c", 1, 80, 20);
	assert_non_null(m);
	t = map_text(m, m->centre);
	assert_non_null(strstr(t, "┤ Centre"));
	assert_non_null(strstr(t, "──▶ Out"));
	assert_non_null(strstr(t, "◀─▶ Both"));
	assert_non_null(strstr(t, "In ──▶"));
	assert_null(strstr(t, "Far"));	/* depth 1 */
	assert_non_null(strstr(t, "╭"));
	assert_non_null(strstr(t, "╯"));
	assert_int_equal(m->nplaced, 4);
	assert_int_equal(m->not_drawn, 1);
	/* The centre is in the middle, the outgoing to its right. */
	for (i = 0; i < m->nplaced; i++) {
		const struct gmap_node *n = &m->placed[i];
		const char *slug = g.nodes[n->node].slug;

		if (strcmp(slug, "o") == 0 || strcmp(slug, "b") == 0)
			assert_int_equal(n->col, 1);
		else if (strcmp(slug, "i") == 0)
			assert_int_equal(n->col, -1);
		else
			assert_int_equal(n->col, 0);
		assert_int_equal(gmap_hit(m, n->row, n->x), (long)i);
	}
	/* Arrows move between columns and rows. */
	sel = gmap_move(m, m->centre, 1, 0);
	assert_int_equal(m->placed[sel].col, 1);
	sel = gmap_move(m, sel, 0, 1);
	assert_int_equal(m->placed[sel].col, 1);
	sel = gmap_move(m, sel, -1, 0);
	assert_int_equal(sel, m->centre);
	sel = gmap_move(m, sel, -1, 0);
	assert_string_equal(g.nodes[m->placed[sel].node].slug, "i");
	assert_int_equal(gmap_move(m, sel, -1, 0), sel);
	free(t);
	/* The selection is marked in the spans. */
	{
		struct rline l;
		size_t k;
		int found = 0;

		gmap_line(m, m->placed[sel].row, sel, &l);
		for (k = 0; k < l.nspans; k++)
			if ((l.spans[k].style & ST_SELECTED) &&
			    l.spans[k].link == (int)sel)
				found = 1;
		assert_true(found);
		line_clear(&l);
	}
	gmap_free(m);

	/* Depth 2: the far node hangs off Out, one column further. */
	m = gmap_build(&g, "c", 2, 100, 20);
	t = map_text(m, m->centre);
	assert_non_null(strstr(t, "Far"));
	for (i = 0; i < m->nplaced; i++)
		if (strcmp(g.nodes[m->placed[i].node].slug, "far") == 0)
			assert_int_equal(m->placed[i].col, 2);
	free(t);
	gmap_free(m);
	graph_clear(&g);
}

static void
test_graphmap_many_and_narrow(void **state)
{
	struct graph g = {0};
	struct gmap *m;
	char slug[32];
	size_t i;
	int r;

	add_node(&g, "hub", "A hub with a very long title indeed, longer "
	    "than the box");
	for (i = 1; i <= GMAP_MAXNODES + 50; i++) {
		snprintf(slug, sizeof slug, "n%zu", i);
		add_node(&g, slug, "日本語のノート and a long tail of words");
		add_edge(&g, i % 2 ? 0 : i, i % 2 ? i : 0);
	}
	m = gmap_build(&g, "hub", 1, 40, 20);
	assert_non_null(m);
	assert_int_equal(m->nplaced, GMAP_MAXNODES);
	assert_int_equal(m->not_shown, 51);
	for (r = 0; r < m->rows; r++) {
		struct rline l;

		gmap_line(m, r, 0, &l);
		assert_true(text_width(l.text, strlen(l.text)) <= m->cols);
		line_clear(&l);
	}
	gmap_free(m);
	graph_clear(&g);
}

/* Labels use the room there is: whole on a wide screen (no fixed cap),
 * cut with "…" only where the canvas ends. */
static void
test_graphmap_labels_use_the_room(void **state)
{
	static const char *const long_title =
	    "Provisioned concurrency and SnapStart compared in production";
	struct graph g = {0};
	struct gmap *m;
	struct buf all = BUF_INIT;
	int r;

	add_node(&g, "hub", "Cold starts");
	add_node(&g, "out", long_title);
	add_node(&g, "in", "Lambda runtime init phase explained in depth");
	add_edge(&g, 0, 1);
	add_edge(&g, 2, 0);
	m = gmap_build(&g, "hub", 1, 200, 20);
	assert_non_null(m);
	for (r = 0; r < m->rows; r++) {
		struct rline l;

		gmap_line(m, r, 0, &l);
		buf_adds(&all, l.text);
		buf_addc(&all, '\n');
		line_clear(&l);
	}
	if (!strstr(buf_str(&all), long_title) || strstr(buf_str(&all),
	    "\xe2\x80\xa6"))
		fail_msg("labels cut on a 200-column screen:\n%s",
		    buf_str(&all));
	gmap_free(m);
	m = gmap_build(&g, "hub", 1, 60, 20);	/* narrow: cut with … */
	assert_non_null(m);
	buf_reset(&all);
	for (r = 0; r < m->rows; r++) {
		struct rline l;

		gmap_line(m, r, 0, &l);
		assert_true(text_width(l.text, strlen(l.text)) <= m->cols);
		buf_adds(&all, l.text);
		line_clear(&l);
	}
	assert_non_null(strstr(buf_str(&all), "\xe2\x80\xa6"));
	gmap_free(m);
	buf_free(&all);
	graph_clear(&g);
}

/* --- lines ------------------------------------------------------------ */

static void
test_lines_sanitise_and_fit(void **state)
{
	struct tline l = TLINE_INIT;
	struct rline r;
	const char *p;

	tl_adds(&l, "a\x1b]52;c;SGk=\x07" "b", ST_STRONG);
	tl_add_fit(&l, "日本語のノート", 0, -1, 7);
	tl_take(&l, &r);
	for (p = r.text; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	assert_non_null(strstr(r.text, "␛]52;c;SGk=␇b"));
	assert_non_null(strstr(r.text, "日本語…"));
	assert_int_equal(r.width, text_width(r.text, strlen(r.text)));
	assert_int_equal(r.nspans, 1);
	assert_int_equal(r.spans[0].style, ST_STRONG);
	line_cut(&r, 3);
	assert_true(r.width <= 3);
	line_clear(&r);

	/* A snippet: matches marked, cut with an ellipsis. */
	tl_snippet(&l, "a \x02match\x03 here \x02and\x03 more text", ST_DIM,
	    14);
	tl_take(&l, &r);
	assert_true(r.width <= 14);
	assert_string_equal(r.text, "a match here …");
	assert_true(r.nspans >= 2);
	assert_int_equal(r.spans[1].style, ST_DIM | ST_MATCH);
	assert_int_equal(r.spans[1].off, 2);
	assert_int_equal(r.spans[1].len, 5);
	line_clear(&r);
	/* A match past the width is brought into view. */
	tl_snippet(&l, "one two three four five six seven eight nine ten "
	    "\x02needle\x03 after", ST_DIM, 30);
	tl_take(&l, &r);
	assert_true(r.width <= 30);
	assert_non_null(strstr(r.text, "needle"));
	assert_true(strncmp(r.text, "…", strlen("…")) == 0);
	line_clear(&r);
}

static void
test_lines_splice_and_frame(void **state)
{
	struct tline l = TLINE_INIT;
	struct rline dst, box;
	struct frame f;
	struct buf b = BUF_INIT;

	tl_adds(&l, "0123456789abcdef", 0);
	tl_take(&l, &dst);
	tl_adds(&l, "BOX", ST_STRONG);
	tl_take(&l, &box);
	line_splice(&dst, 4, 5, &box, 0);
	assert_string_equal(dst.text, "0123BOX  9abcdef");
	line_clear(&box);
	/* Splicing over a wide character keeps the width. */
	line_clear(&dst);
	tl_adds(&l, "日本語のノート", 0);
	tl_take(&l, &dst);
	tl_adds(&l, "x", 0);
	tl_take(&l, &box);
	line_splice(&dst, 3, 2, &box, 0);
	assert_int_equal(dst.width, 14);
	line_clear(&dst);
	line_clear(&box);

	frame_init(&f, 3, 10);
	tl_adds(&l, "far too long for ten columns", 0);
	frame_set(&f, 1, &l, UI_STATUS);
	frame_set(&f, 7, &l, UI_TEXT);	/* off the frame: ignored */
	frame_text(&f, &b);
	assert_string_equal(buf_str(&b), "\nfar too lo\n\n");
	assert_int_equal(f.base[1], UI_STATUS);
	frame_clear(&f);
	buf_free(&b);
}

static void
test_lines_find(void **state)
{
	struct tline l = TLINE_INIT;
	struct rline src, out;
	size_t k, marked = 0;

	tl_adds(&l, "Needle, a needle and NEEDLE.", 0);
	tl_take(&l, &src);
	tl_add_rline_find(&l, &src, 80, -1, "needle");
	tl_take(&l, &out);
	for (k = 0; k < out.nspans; k++)
		if (out.spans[k].style & ST_MATCH)
			marked += out.spans[k].len;
	assert_int_equal(marked, 18);
	line_clear(&out);
	line_clear(&src);
}

/* A picture box's span carries the picture id in its link field: link
 * k selected must not light up the box of picture id k. */
static void
test_lines_picture_not_selected(void **state)
{
	struct tline l = TLINE_INIT;
	struct rline src, out;
	size_t k, sel = 0, pic = 0;

	(void)state;
	tl_add(&l, "[a link]", 8, ST_LINK, 3);
	tl_add(&l, " Flame graph ", 13, ST_PICTURE, 3);
	tl_take(&l, &src);
	tl_add_rline(&l, &src, 0, 80, 0, 3);
	tl_take(&l, &out);
	for (k = 0; k < out.nspans; k++) {
		if (out.spans[k].style & ST_SELECTED)
			sel += out.spans[k].len;
		if (ST_IS_PICTURE(out.spans[k].style)) {
			pic += out.spans[k].len;
			assert_int_equal(out.spans[k].style & ST_SELECTED, 0);
		}
	}
	assert_int_equal(sel, 8);
	assert_int_equal(pic, 13);
	line_clear(&out);
	line_clear(&src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzzy_subsequence),
		cmocka_unit_test(test_lines_picture_not_selected),
		cmocka_unit_test(test_fuzzy_order_like_fzf),
		cmocka_unit_test(test_fuzzy_positions),
		cmocka_unit_test(test_fuzzy_hostile),
		cmocka_unit_test(test_keys_no_duplicates),
		cmocka_unit_test(test_readme_keys_match_the_table),
		cmocka_unit_test(test_present_keys_help_and_readme),
		cmocka_unit_test(test_hints_fit_whole),
		cmocka_unit_test(test_help_columns_align),
		cmocka_unit_test(test_keys_every_action_has_help),
		cmocka_unit_test(test_keys_lookup),
		cmocka_unit_test(test_keys_input_edits),
		cmocka_unit_test(test_scroll_action),
		cmocka_unit_test(test_keys_names_and_help),
		cmocka_unit_test(test_keys_man_page_in_sync),
		cmocka_unit_test(test_keys_fallback_and_input),
		cmocka_unit_test(test_graphmap_depth1),
		cmocka_unit_test(test_graphmap_many_and_narrow),
		cmocka_unit_test(test_graphmap_labels_use_the_room),
		cmocka_unit_test(test_lines_sanitise_and_fit),
		cmocka_unit_test(test_lines_splice_and_frame),
		cmocka_unit_test(test_lines_find),
	};

	width_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
