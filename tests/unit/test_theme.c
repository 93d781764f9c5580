/* test_theme.c: theme files, colours, contrast and the SGR output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"

static char *
theme_path(const char *name)
{
	return xasprintf("%s/themes/%s.theme", STRATUS_SRCDIR, name);
}

static struct theme *
load(const char *name)
{
	struct theme *t = NULL;
	char *path = theme_path(name), *cause = NULL;

	if (theme_load(path, &t, &cause) < 0)
		fail_msg("%s", cause);
	free(path);
	return t;
}

static int
parse_err(const char *text, char **cause)
{
	struct theme *t = NULL;
	int rc = theme_parse(text, strlen(text), "my.theme", &t, cause);

	theme_free(t);
	return rc;
}

static void
test_bundled_themes_load(void **state)
{
	const char *names[] = { "dark", "light", "high-contrast" };
	struct theme *t;
	size_t i;

	for (i = 0; i < 3; i++) {
		t = load(names[i]);
		assert_string_equal(theme_name(t), names[i]);
		theme_free(t);
	}
}

/* The colours a reader sees for style st: reverse swaps them, the
 * terminal default stands for the text colours of the theme. */
static void
seen(const struct theme *t, struct tstyle s, uint32_t *fg, uint32_t *bg)
{
	struct tstyle base = theme_ui(t, UI_TEXT);
	uint32_t dfg = tcolor_rgb(base.fg, 0xffffff);
	uint32_t dbg = tcolor_rgb(base.bg, 0x000000);

	*fg = tcolor_rgb(s.fg, dfg);
	*bg = tcolor_rgb(s.bg, dbg);
	if (s.attrs & TA_REVERSE) {
		uint32_t x = *fg;

		*fg = *bg;
		*bg = x;
	}
}

static void
test_high_contrast_is_aaa(void **state)
{
	struct theme *t = load("high-contrast");
	struct tstyle base = theme_ui(t, UI_TEXT), s;
	uint32_t fg, bg;
	double r;
	int b, e;

	/* The base must name its colours, or contrast means nothing. */
	assert_true(base.fg.kind == TC_RGB || base.fg.kind == TC_INDEX);
	assert_true(base.bg.kind == TC_RGB || base.bg.kind == TC_INDEX);
	r = wcag_contrast(tcolor_rgb(base.fg, 0), tcolor_rgb(base.bg, 0));
	assert_true(r >= 7.0);
	for (b = 0; b < THEME_NSTYLES; b++) {
		s = theme_style(t, UI_TEXT, 1u << b);
		seen(t, s, &fg, &bg);
		r = wcag_contrast(fg, bg);
		if (r < 7.0)
			fail_msg("style bit %d: contrast %.2f < 7", b, r);
		assert_false(s.attrs & TA_DIM);
	}
	for (b = 1; b < RC_COUNT; b++) {
		s = theme_style(t, UI_TEXT, ST_CALLOUT(b) | ST_STRONG);
		seen(t, s, &fg, &bg);
		r = wcag_contrast(fg, bg);
		if (r < 7.0)
			fail_msg("callout %s: contrast %.2f < 7",
			    rcallout_name(b), r);
		assert_true(theme_callout(t, b).fg.kind != TC_UNSET);
	}
	for (e = 0; e < UI_COUNT; e++) {
		if (e == UI_PROGRESS || e == UI_PROGRESS_REST)
			continue;	/* bars, not text */
		s = theme_ui(t, (enum ui_elem)e);
		seen(t, s, &fg, &bg);
		r = wcag_contrast(fg, bg);
		if (r < 7.0)
			fail_msg("ui element %d: contrast %.2f < 7", e, r);
	}
	theme_free(t);
}

/* dark and light leave the background to the terminal: check them on the
 * background they are meant for, text at AA (4.5:1), rules and table
 * borders as non-text (3:1). */
static void
check_on(const char *name, uint32_t term_fg, uint32_t term_bg)
{
	struct theme *t = load(name);
	struct tstyle s;
	uint32_t fg, bg;
	double r, need;
	int b;

	for (b = 0; b < THEME_NSTYLES; b++) {
		s = theme_style(t, UI_TEXT, 1u << b);
		fg = tcolor_rgb(s.fg, term_fg);
		bg = tcolor_rgb(s.bg, term_bg);
		if (s.attrs & TA_REVERSE) {
			uint32_t x = fg;

			fg = bg;
			bg = x;
		}
		r = wcag_contrast(fg, bg);
		need = (1u << b) & (ST_RULE | ST_TABLE) ? 3.0 : 4.5;
		if (r < need)
			fail_msg("%s: style bit %d: contrast %.2f < %.1f", name,
			    b, r, need);
	}
	for (b = 1; b < RC_COUNT; b++) {	/* every kind has a colour */
		s = theme_style(t, UI_TEXT, ST_CALLOUT(b));
		assert_true(s.fg.kind != TC_UNSET);
		r = wcag_contrast(tcolor_rgb(s.fg, term_fg), term_bg);
		if (r < 4.5)
			fail_msg("%s: callout %s: contrast %.2f < 4.5", name,
			    rcallout_name(b), r);
	}
	theme_free(t);
}

static void
test_dark_and_light_are_readable(void **state)
{
	check_on("dark", 0xd0d0d0, 0x1c1c1c);
	check_on("light", 0x1c1c1c, 0xffffff);
}

static void
test_bad_lines_name_file_and_line(void **state)
{
	char *cause = NULL;

	assert_int_equal(parse_err("[markdown]\nh1 = bold\nh9 = red\n",
	    &cause), -1);
	assert_non_null(strstr(cause, "my.theme:3:"));
	assert_non_null(strstr(cause, "h9"));
	assert_int_equal(parse_err("[markdown]\n\nh1 = #12345z\n", &cause),
	    -1);
	assert_non_null(strstr(cause, "my.theme:3:"));
	assert_int_equal(parse_err("[markdown]\nh1 red\n", &cause), -1);
	assert_non_null(strstr(cause, "my.theme:2:"));
	assert_int_equal(parse_err("# c\n[colours]\n", &cause), -1);
	assert_non_null(strstr(cause, "my.theme:2:"));
	assert_int_equal(parse_err("h1 = red\n", &cause), -1);
	assert_non_null(strstr(cause, "my.theme:1:"));
	assert_int_equal(parse_err("[ui]\ntext = red on\n", &cause), -1);
	assert_non_null(strstr(cause, "my.theme:2:"));
	assert_int_equal(parse_err("[ui]\ntext = red blue\n", &cause), -1);
	assert_int_equal(parse_err("[ui]\ntext = 256\n", &cause), -1);
	assert_int_equal(parse_err("[ui\n", &cause), -1);
	assert_int_equal(theme_parse("[ui]\0x", 6, "bin.theme", NULL, &cause),
	    -1);
	assert_non_null(strstr(cause, "bin.theme"));
	free(cause);
}

static void
test_values_parse(void **state)
{
	const char *text = "[markdown]\n"
	    "  h1 = bright-red on #00f bold underline  \n"
	    "; a comment\n"
	    "h2 = 208 italic\n"
	    "code = on default\n"
	    "[ui]\n"
	    "text = White ON Black\n";
	struct theme *t = NULL;
	struct tstyle s;
	char *cause = NULL;

	assert_int_equal(theme_parse(text, strlen(text), "x.theme", &t,
	    &cause), 0);
	s = theme_style(t, UI_TEXT, ST_H1);
	assert_int_equal(s.fg.kind, TC_INDEX);
	assert_int_equal(s.fg.v, 9);
	assert_int_equal(s.bg.kind, TC_RGB);
	assert_int_equal(s.bg.v, 0x0000ff);
	assert_true(s.attrs & TA_BOLD);
	assert_true(s.attrs & TA_UNDERLINE);
	s = theme_style(t, UI_TEXT, ST_H2);
	assert_int_equal(s.fg.v, 208);
	assert_int_equal(s.bg.kind, TC_INDEX);	/* from [ui] text */
	assert_int_equal(s.bg.v, 0);
	s = theme_style(t, UI_TEXT, ST_CODE);
	assert_int_equal(s.bg.kind, TC_DEFAULT);
	assert_int_equal(s.fg.v, 7);
	/* Inline code inside a heading takes the code colours. */
	s = theme_style(t, UI_TEXT, ST_H1 | ST_CODE);
	assert_int_equal(s.bg.kind, TC_DEFAULT);
	assert_int_equal(s.fg.v, 9);
	theme_free(t);
}

static void
test_nearest_colours(void **state)
{
	struct tcolor c = { TC_RGB, 0xff0000 };

	assert_int_equal(color_nearest(0xff0000, 256), 196);
	assert_int_equal(color_nearest(0xff0000, 8), 1);
	assert_int_equal(color_nearest(0xff0000, 16), 9);
	assert_int_equal(color_nearest(0x000000, 256), 16);
	assert_int_equal(color_nearest(0x808080, 256), 244);
	assert_int_equal(color_nearest(0xffffff, 8), 7);
	assert_int_equal(tcolor_number(c, 256), 196);
	assert_int_equal(tcolor_number(c, 0x1000000), 0xff0000);
	c.kind = TC_INDEX;
	c.v = 208;
	assert_int_equal(tcolor_number(c, 256), 208);
	assert_int_equal(tcolor_number(c, 8), 3);	/* orange: yellow */
	c.kind = TC_DEFAULT;
	assert_int_equal(tcolor_number(c, 256), -1);
	assert_true(wcag_contrast(0xffffff, 0x000000) > 20.9);
	assert_true(wcag_contrast(0x777777, 0x777777) < 1.01);
}

static void
test_sgr_by_depth(void **state)
{
	const char *text = "[markdown]\nh1 = #ff8700 on 4 bold\n";
	struct theme *t = NULL;
	struct tstyle s;
	struct buf b = BUF_INIT;
	char *cause = NULL;

	assert_int_equal(theme_parse(text, strlen(text), "x.theme", &t,
	    &cause), 0);
	s = theme_style(t, UI_TEXT, ST_H1);
	theme_set_depth(t, 24);
	theme_sgr(t, &s, &b);
	assert_string_equal(buf_str(&b), "\033[0;1;38;2;255;135;0;44m");
	buf_reset(&b);
	theme_set_depth(t, 256);
	theme_sgr(t, &s, &b);
	assert_string_equal(buf_str(&b), "\033[0;1;38;5;208;44m");
	buf_reset(&b);
	theme_set_depth(t, 8);
	theme_sgr(t, &s, &b);
	assert_string_equal(buf_str(&b), "\033[0;1;33;44m");
	buf_reset(&b);
	theme_set_depth(t, 0);
	theme_sgr(t, &s, &b);
	assert_string_equal(buf_str(&b), "\033[0;1m");
	buf_free(&b);
	theme_free(t);
}

static void
test_depth_from_environment(void **state)
{
	setenv("NO_COLOR", "1", 1);
	setenv("COLORTERM", "truecolor", 1);
	assert_int_equal(theme_detect_depth(), 0);
	unsetenv("NO_COLOR");
	assert_int_equal(theme_detect_depth(), 24);
	setenv("COLORTERM", "24bit", 1);
	assert_int_equal(theme_detect_depth(), 24);
	unsetenv("COLORTERM");
	setenv("TERM", "xterm-256color", 1);
	assert_int_equal(theme_detect_depth(), 256);
	setenv("TERM", "vt100", 1);
	assert_int_equal(theme_detect_depth(), 8);
	setenv("NO_COLOR", "", 1);	/* empty: colour stays */
	assert_int_equal(theme_detect_depth(), 8);
	unsetenv("NO_COLOR");
}

static void
test_user_theme_dir_first(void **state)
{
	char dir[] = "/tmp/stratus-theme-XXXXXX", *file, *cause = NULL;
	const char *text = "[markdown]\nh1 = red\n";
	struct theme *t = NULL;
	struct tstyle s;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	file = xasprintf("%s/stratus/themes/mine.theme", dir);
	assert_int_equal(write_file_atomic(file, text, strlen(text), &cause),
	    0);
	assert_int_equal(theme_load("mine", &t, &cause), 0);
	s = theme_style(t, UI_TEXT, ST_H1);
	assert_int_equal(s.fg.v, 1);
	theme_free(t);
	t = NULL;
	assert_int_equal(theme_load("nonesuch", &t, &cause), -1);
	assert_non_null(strstr(cause, "nonesuch"));
	assert_null(t);
	assert_int_equal(theme_load("dark", &t, &cause), 0);
	theme_free(t);
	unlink(file);
	free(file);
	file = xasprintf("%s/stratus/themes", dir);
	rmdir(file);
	free(file);
	file = xasprintf("%s/stratus", dir);
	rmdir(file);
	free(file);
	rmdir(dir);
	free(cause);
}

/* Every escape in themed output is an SGR sequence: ESC [ digits/; m. */
static int
only_sgr(const char *s)
{
	for (; *s; s++) {
		if (*s != '\033')
			continue;
		if (s[1] != '[')
			return 0;
		s += 2;
		while ((*s >= '0' && *s <= '9') || *s == ';')
			s++;
		if (*s != 'm')
			return 0;
	}
	return 1;
}

static void
test_rdoc_write_plain_and_themed(void **state)
{
	const char *md = "# Title\n\nSome **bold** \033]0;x\007 and `code`.\n";
	struct render_opts o = { 40, NULL, NULL, 0, NULL, NULL, NULL, 0, 0, NULL, 0 };
	struct rdoc *d = render_markdown(md, strlen(md), &o);
	struct theme *t = load("dark");
	struct buf plain = BUF_INIT, col = BUF_INIT;

	rdoc_write(d, &plain, NULL);
	assert_null(strchr(buf_str(&plain), '\033'));
	assert_null(strchr(buf_str(&plain), '\007'));
	assert_non_null(strstr(buf_str(&plain), "Some bold"));
	theme_set_depth(t, 24);
	rdoc_write(d, &col, t);
	assert_non_null(strstr(buf_str(&col), "\033["));
	assert_true(only_sgr(buf_str(&col)));
	assert_null(strchr(buf_str(&col), '\007'));
	assert_non_null(strstr(buf_str(&col), "38;2;"));
	buf_reset(&col);
	theme_set_depth(t, 0);	/* NO_COLOR: attributes only */
	rdoc_write(d, &col, t);
	assert_true(only_sgr(buf_str(&col)));
	assert_null(strstr(buf_str(&col), "38;"));
	assert_non_null(strstr(buf_str(&col), "\033[0;1"));
	buf_free(&plain);
	buf_free(&col);
	theme_free(t);
	rdoc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_themes_load),
		cmocka_unit_test(test_high_contrast_is_aaa),
		cmocka_unit_test(test_dark_and_light_are_readable),
		cmocka_unit_test(test_bad_lines_name_file_and_line),
		cmocka_unit_test(test_values_parse),
		cmocka_unit_test(test_nearest_colours),
		cmocka_unit_test(test_sgr_by_depth),
		cmocka_unit_test(test_depth_from_environment),
		cmocka_unit_test(test_user_theme_dir_first),
		cmocka_unit_test(test_rdoc_write_plain_and_themed),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		width_locale_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
