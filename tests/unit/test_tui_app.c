/*
 * test_tui_app.c: the explorer driven headless. An app over the fixture
 * vault (tests/data/vaults/explore) gets keys as a user types them and
 * each composed frame is read back as text: search, open, follow, back
 * and forward, heading links, unresolved links, backlinks, graph, tags,
 * quick open, language, help, find, resize, mouse, edit, and a hostile
 * note whose escape sequences must never reach a frame.
 *
 * STRATUS_TUI_DUMP=1 prints every frame asserted on.
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
#include <unistd.h>

#include "core/index.h"
#include "core/util.h"
#include "render/theme.h"
#include "render/width.h"
#include "tui/app.h"
#include "tui/keys.h"

#define ROWS 24
#define COLS 80

struct fixture {
	struct index *ix;
	struct app *a;
	struct frame f;
	char *vault;
	char *dbdir;
	struct buf text;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct index_opts o = {0};
	struct index_stats st;
	const char *data = getenv("STRATUS_TESTDATA");
	char *rel, *cause = NULL, tmpl[] = "/tmp/test_tui_app.XXXXXX";

	width_locale_init();
	rel = path_join(data ? data : "data", "vaults/explore");
	fx->vault = path_real(rel);
	free(rel);
	assert_non_null(fx->vault);
	assert_non_null(mkdtemp(tmpl));
	fx->dbdir = xstrdup(tmpl);
	o.vault = fx->vault;
	o.db_path = rel = path_join(fx->dbdir, "index.db");
	o.progress = 0;
	if (index_open(&o, &fx->ix, &cause) < 0 ||
	    index_update(fx->ix, 0, &st, &cause) < 0)
		fail_msg("index: %s", cause);
	free(rel);
	fx->a = app_new(fx->ix, fx->vault, NULL, "en", NULL, ROWS, COLS);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd;

	app_free(fx->a);
	index_close(fx->ix);
	frame_clear(&fx->f);
	buf_free(&fx->text);
	cmd = xasprintf("rm -rf '%s'", fx->dbdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dbdir);
	free(cmd);
	free(fx->dbdir);
	free(fx->vault);
	free(fx);
	return 0;
}

/* Compose the screen and return it as text (borrowed until the next). */
static const char *
screen(struct fixture *fx)
{
	app_compose(fx->a, &fx->f);
	buf_reset(&fx->text);
	frame_text(&fx->f, &fx->text);
	if (getenv("STRATUS_TUI_DUMP"))
		fprintf(stderr, "----\n%s----\n", buf_str(&fx->text));
	return buf_str(&fx->text);
}

/* Row r of the last screen (0-based). */
static char *
row(struct fixture *fx, int r)
{
	const char *t = fx->f.lines[r].text;

	return xstrdup(t ? t : "");
}

static void
type(struct fixture *fx, const char *s)
{
	size_t i = 0, len = strlen(s), k;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		app_key(fx->a, (int)cp);
		i += k;
	}
}

static void
key(struct fixture *fx, int k)
{
	app_key(fx->a, k);
}

#define F(k) (KC_FN | (k))

static void
assert_shows(struct fixture *fx, const char *what)
{
	const char *s = screen(fx);

	if (!strstr(s, what))
		fail_msg("screen lacks \"%s\":\n%s", what, s);
}

static void
assert_lacks(struct fixture *fx, const char *what)
{
	const char *s = screen(fx);

	if (strstr(s, what))
		fail_msg("screen shows \"%s\":\n%s", what, s);
}

/* Open a note by quick open. */
static void
open_note(struct fixture *fx, const char *pattern)
{
	key(fx, KC_CTRL('p'));
	type(fx, pattern);
	key(fx, '\n');
}

static void
test_search_updates_as_typed(void **state)
{
	struct fixture *fx = *state;
	char *r;

	/* An empty query: the hub first, then recent notes. */
	assert_shows(fx, "Start here, and the notes updated most recently");
	r = row(fx, 3);
	assert_non_null(strstr(r, "Start here"));
	free(r);
	/* Each keystroke searches, the last word as a prefix. */
	type(fx, "alph");
	assert_shows(fx, "Search › alph");
	assert_shows(fx, "Alpha");
	assert_shows(fx, "concept · #greek #letters · en");
	type(fx, "abet");
	assert_shows(fx, "Search › alphabet");
	assert_shows(fx, "first letter of the Greek");
	/* Backspace edits the query; nothing found says so. */
	key(fx, KC_CTRL('u'));
	type(fx, "zzqqxx");
	assert_shows(fx, "No note matches “zzqqxx”");
	key(fx, F(KEY_BACKSPACE));
	assert_shows(fx, "Search › zzqqx");
	/* The cursor sits after the query. */
	screen(fx);
	assert_int_equal(fx->f.cur_y, 1);
	assert_int_equal(fx->f.cur_x, (int)strlen(" Search › zzqqx") - 2);
}

static void
test_open_follow_back_forward(void **state)
{
	struct fixture *fx = *state;

	type(fx, "alpha");
	key(fx, '\n');
	assert_shows(fx, "first letter of the Greek alphabet");
	assert_shows(fx, "Alpha  concept · growing · #greek #letters");
	/* Tab selects the first link, Enter follows it. */
	key(fx, '\t');
	assert_shows(fx, "link 1/2");
	key(fx, '\n');
	assert_shows(fx, "Beta comes after");
	/* Back (Backspace), forward (l), back (Alt-Left), forward again. */
	key(fx, F(KEY_BACKSPACE));
	assert_shows(fx, "first letter of the Greek alphabet");
	assert_shows(fx, "link 1/2");
	key(fx, 'l');
	assert_shows(fx, "Beta comes after");
	key(fx, KC_ALT | F(KEY_LEFT));
	assert_shows(fx, "first letter of the Greek alphabet");
	key(fx, KC_ALT | F(KEY_RIGHT));
	assert_shows(fx, "Beta comes after");
	key(fx, KC_ALT | F(KEY_RIGHT));
	assert_shows(fx, "nothing to go forward to");
	assert_shows(fx, "Beta comes after");
	/* Back to the search, query kept and being typed. */
	key(fx, 'h');
	key(fx, 'h');
	assert_shows(fx, "Search › alpha");
	key(fx, KC_ALT | F(KEY_LEFT));
	assert_shows(fx, "nothing to go back to");
	type(fx, "b");
	assert_shows(fx, "Search › alphab");
}

static void
test_heading_and_unresolved_links(void **state)
{
	struct fixture *fx = *state;
	int i;

	open_note(fx, "start here");
	assert_shows(fx, "The fixture vault for the explorer tests");
	/* Links: alpha, the beta note, details section, Missing Note. */
	for (i = 0; i < 3; i++)
		key(fx, '\t');
	assert_shows(fx, "link 3/");
	key(fx, '\n');
	assert_shows(fx, "The details section of beta");
	assert_lacks(fx, "Beta comes after");
	key(fx, 'h');
	key(fx, '\t');
	assert_shows(fx, "link 4/");
	key(fx, '\n');
	/* Not written yet: offered, here declined (n), nothing made. */
	assert_shows(fx, "No note 'Missing Note'. Create it as "
	    "missing-note.md? (y/n)");
	assert_shows(fx, "y yes  n no");
	key(fx, 'n');
	assert_shows(fx, "cancelled");
	assert_shows(fx, "The fixture vault for the explorer tests");
	/* An external link is shown, not followed. */
	key(fx, '\t');
	key(fx, '\n');
	assert_shows(fx, "external link (not opened): https://sqlite.org/");
	/* Shift-Tab goes back a link. */
	key(fx, F(KEY_BTAB));
	assert_shows(fx, "link 4/");
}

static void
test_backlinks(void **state)
{
	struct fixture *fx = *state;

	open_note(fx, "alpha");
	key(fx, 'b');
	assert_shows(fx, "Backlinks of Alpha");
	assert_shows(fx, "notes/gamma.md:11");
	assert_shows(fx, "Gamma links back to [[alpha]]");
	assert_shows(fx, "Start here");
	/* Enter goes to the linking note with the link selected. */
	while (!strstr(screen(fx), "▌Gamma"))
		key(fx, 'j');
	key(fx, '\n');
	assert_shows(fx, "Gamma links back to");
	assert_shows(fx, "link 1/2");
	key(fx, 'h');
	assert_shows(fx, "Backlinks of Alpha");
}

static void
test_graph(void **state)
{
	struct fixture *fx = *state;
	const char *s;

	open_note(fx, "alpha");
	key(fx, 'v');
	s = screen(fx);
	assert_non_null(strstr(s, "Graph of Alpha"));
	assert_non_null(strstr(s, "Whole graph: 8 notes"));
	assert_non_null(strstr(s, "1 orphan"));
	assert_non_null(strstr(s, "╭"));
	/* Beta: alpha links to it and back: both ways. */
	assert_non_null(strstr(s, "◀─▶ Beta"));
	/* Start here links in only: the arrow points at the trunk. */
	assert_non_null(strstr(s, "Start here ──▶"));
	assert_non_null(strstr(s, "◀─▶ Gamma"));
	/* Move to a neighbour and recentre on it. */
	key(fx, F(KEY_RIGHT));
	key(fx, '\n');
	s = screen(fx);
	assert_non_null(strstr(s, "Graph of Beta"));
	/* Depth 2 shows the second ring. */
	key(fx, 'd');
	assert_shows(fx, "depth 2");
	assert_shows(fx, "Gamma");
	/* Back returns to alpha's graph. */
	key(fx, 'h');
	assert_shows(fx, "Graph of Alpha");
	/* Enter on the centre opens the note. */
	key(fx, F(KEY_HOME));
	key(fx, '\n');
	assert_shows(fx, "first letter of the Greek alphabet");
}

static void
test_tags(void **state)
{
	struct fixture *fx = *state;

	key(fx, '\t');		/* to the results: letters are keys */
	key(fx, 't');
	assert_shows(fx, "#letters");
	assert_shows(fx, "█");
	while (!strstr(screen(fx), "▌#letters"))
		key(fx, 'j');
	key(fx, '\n');
	assert_shows(fx, "Notes tagged #letters");
	assert_shows(fx, "4 notes");	/* alpha.es too, as tag: lists */
	assert_shows(fx, "notes/gamma.md");
	key(fx, '\n');
	assert_shows(fx, "first letter of the Greek alphabet");
	key(fx, 'h');
	assert_shows(fx, "Notes tagged #letters");
	key(fx, 'h');
	assert_shows(fx, "▌#letters");
}

static void
test_quick_open(void **state)
{
	struct fixture *fx = *state;

	key(fx, KC_CTRL('p'));
	assert_shows(fx, "╭─ Open");
	/* Fuzzy: an alias matched by its word starts. */
	type(fx, "frstlt");
	assert_shows(fx, "alias First letter");
	type(fx, "\x7f");
	key(fx, KC_CTRL('u'));
	type(fx, "lng");
	assert_shows(fx, "Long note");
	key(fx, KC_ESC);
	assert_lacks(fx, "╭─ Open");
	/* ':' opens it too, from a view where letters are keys. */
	key(fx, '\t');
	key(fx, ':');
	type(fx, "gamma");
	key(fx, '\n');
	assert_shows(fx, "Gamma links back to");
}

static void
test_language(void **state)
{
	struct fixture *fx = *state;

	open_note(fx, "alpha");
	assert_shows(fx, "[en] es");
	key(fx, 'L');
	assert_shows(fx, "Alfa es la primera letra");
	assert_shows(fx, "en [es]");
	key(fx, 'L');
	assert_shows(fx, "first letter of the Greek alphabet");
	open_note(fx, "beta");
	key(fx, 'L');
	assert_shows(fx, "no translation");
}

static void
test_help_from_key_table(void **state)
{
	struct fixture *fx = *state;
	struct buf name = BUF_INIT;
	const char *s;
	size_t i;
	int pages;

	key(fx, F(KEY_F(1)));
	s = screen(fx);
	assert_non_null(strstr(s, "Everywhere"));
	/* Every help text of the table shows on some page (wrapped: its
	 * start and its last word). */
	for (i = 0; i < key_table_len; i++) {
		const char *h = key_table[i].help, *last;

		if (!h || key_table[i].km == KM_PRESENT)
			continue;
		buf_reset(&name);
		buf_add(&name, h, strlen(h) < 25 ? strlen(h) : 25);
		last = strrchr(h, ' ') ? strrchr(h, ' ') + 1 : h;
		key(fx, 'g');
		for (pages = 0; pages < 20; pages++) {
			s = screen(fx);
			if (strstr(s, buf_str(&name)) && strstr(s, last))
				break;
			key(fx, ' ');
		}
		if (pages == 20)
			fail_msg("help lacks \"%s\"", h);
	}
	buf_free(&name);
	key(fx, 'q');
	assert_shows(fx, "Search ›");
}

static void
test_find_in_note(void **state)
{
	struct fixture *fx = *state;
	char *r;

	open_note(fx, "long note");
	key(fx, '/');
	type(fx, "needle");
	assert_shows(fx, "Find: needle");
	key(fx, '\n');
	assert_shows(fx, "Line 30 holds the needle word.");
	key(fx, 'n');
	assert_shows(fx, "Line 80 holds the needle word.");
	key(fx, 'n');
	assert_shows(fx, "Line 110 holds the needle word.");
	key(fx, 'n');
	assert_shows(fx, "search wrapped around");
	key(fx, 'N');
	assert_shows(fx, "Line 110 holds");
	/* G and g: bottom and top. */
	key(fx, 'G');
	assert_shows(fx, "Line 120 of the long note.");
	key(fx, 'g');
	screen(fx);
	r = row(fx, 1);
	assert_non_null(strstr(r, "Long note"));
	free(r);
	key(fx, '/');
	type(fx, "nothere");
	key(fx, '\n');
	assert_shows(fx, "“nothere” is not in this note");
	/* [[#The end]]: a heading of the same note; Back returns. */
	key(fx, 'g');
	key(fx, '\t');
	key(fx, '\n');
	assert_shows(fx, "The last words of the long note.");
	assert_lacks(fx, "Jump to");
	key(fx, 'h');
	assert_shows(fx, "Jump to");
}

static void
test_resize_and_too_small(void **state)
{
	struct fixture *fx = *state;
	const char *s;
	int r;

	open_note(fx, "beta");
	app_resize(fx->a, 8, 30);
	assert_shows(fx, "terminal too small");
	assert_shows(fx, "30x8: need 40x10");
	app_resize(fx->a, 40, 120);
	s = screen(fx);
	assert_non_null(strstr(s, "Beta comes after"));
	assert_int_equal(fx->f.rows, 40);
	for (r = 0; r < fx->f.rows; r++)
		assert_true(fx->f.lines[r].width <= 120);
	app_resize(fx->a, 10, 40);
	s = screen(fx);
	assert_non_null(strstr(s, "Beta"));
	for (r = 0; r < fx->f.rows; r++)
		assert_true(fx->f.lines[r].width <= 40);
}

static void
test_hostile_note_is_harmless(void **state)
{
	struct fixture *fx = *state;
	const char *s, *p;
	int pass;

	for (pass = 0; pass < 4; pass++) {
		if (pass == 0) {
			type(fx, "hostile");
		} else if (pass == 1) {
			key(fx, '\n');
		} else if (pass == 2) {
			key(fx, 'b');
			key(fx, 'h');
			open_note(fx, "alpha");
			key(fx, 'b');
		} else {
			open_note(fx, "hostile");
			key(fx, 'v');
		}
		s = screen(fx);
		for (p = s; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n')
				fail_msg("control 0x%02x on screen:\n%s",
				    (unsigned char)*p, s);
		assert_null(strstr(s, "\xc2\x9b"));
	}
	open_note(fx, "hostile");
	assert_shows(fx, "A clipboard write: ␛]52;c;");
}

static void
test_mouse(void **state)
{
	struct fixture *fx = *state;

	type(fx, "beta");
	/* The first result is at rows 3-4: a click selects, a second
	 * click opens. */
	app_mouse(fx->a, M_CLICK, 3, 5);
	app_mouse(fx->a, M_CLICK, 3, 5);
	assert_shows(fx, "Beta comes after");
	app_mouse(fx->a, M_WHEEL_DOWN, 10, 10);
	app_mouse(fx->a, M_WHEEL_DOWN, 10, 10);
	assert_lacks(fx, "Beta comes after");
	app_mouse(fx->a, M_WHEEL_UP, 10, 10);
	app_mouse(fx->a, M_WHEEL_UP, 10, 10);
	assert_shows(fx, "Beta comes after");
	/* A click on the tab bar: Tags. */
	app_mouse(fx->a, M_CLICK, 0, 45);
	assert_shows(fx, "#letters");
}

static void
test_edit_request(void **state)
{
	struct fixture *fx = *state;

	key(fx, 'e');
	assert_int_equal(fx->a->edit_cmd.len, 0);	/* typed: a query */
	key(fx, KC_CTRL('u'));
	open_note(fx, "gamma");
	key(fx, 'e');
	assert_string_equal(buf_str(&fx->a->edit_cmd), "notes/gamma.md");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_updates_as_typed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_follow_back_forward,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_heading_and_unresolved_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backlinks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_graph, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quick_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_language, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_help_from_key_table,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_in_note, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resize_and_too_small,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_note_is_harmless,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_mouse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_request, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
