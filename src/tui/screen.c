/* screen.c: curses set-up, theme styles as colour pairs, line painting. */
#define NCURSES_WIDECHAR 1

#include "tui/screen.h"
#include "tui/line.h"
#include "render/width.h"
#include "core/buf.h"
#include "core/util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

/* A colour pair handed out: foreground and background numbers. */
struct pair {
	int fg, bg;
};

struct screen {
	SCREEN *term;
	const struct theme *theme;
	int colors;		/* 0: attributes only */
	int dflt_fg, dflt_bg;	/* what "default" means (-1: terminal's) */
	struct pair *pairs;	/* pairs[i] is pair i + 1 */
	int npairs, maxpairs;
	size_t cappairs;
	wchar_t *wbuf;
	size_t wcap;
};

int
screen_open(struct screen **out, const struct theme *t, char **cause)
{
	struct screen *s;
	const char *nc = getenv("NO_COLOR");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail(cause, "the explorer and the presenter need a "
		    "terminal: stdin and stdout must be a tty");
	s = xcalloc(1, sizeof *s);
	s->theme = t;
	s->term = newterm(NULL, stdout, stdin);
	if (!s->term) {
		free(s);
		return fail(cause, "cannot start curses on TERM=%s: check "
		    "TERM and the terminfo database", getenv("TERM") ?
		    getenv("TERM") : "(unset)");
	}
	set_term(s->term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	curs_set(0);
	s->dflt_fg = s->dflt_bg = -1;
	if (has_colors() && !(nc && *nc) && theme_depth(t) > 0) {
		start_color();
		if (use_default_colors() == ERR) {
			s->dflt_fg = COLOR_WHITE;
			s->dflt_bg = COLOR_BLACK;
		}
		s->colors = COLORS;
		s->maxpairs = COLOR_PAIRS - 1;
	}
	*out = s;
	screen_clear(s, UI_TEXT);
	return 0;
}

void
screen_close(struct screen *s)
{
	if (!s)
		return;
	set_term(s->term);
	curs_set(1);
	endwin();
	delscreen(s->term);
	free(s->pairs);
	free(s->wbuf);
	free(s);
}

void
screen_suspend(struct screen *s)
{
	set_term(s->term);
	def_prog_mode();
	endwin();
}

void
screen_resume(struct screen *s)
{
	set_term(s->term);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

int
screen_rows(const struct screen *s)
{
	(void)s;
	return LINES;
}

int
screen_cols(const struct screen *s)
{
	(void)s;
	return COLS;
}

void
screen_resized(struct screen *s)
{
	struct winsize ws;

	set_term(s->term);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

void
screen_redraw(struct screen *s)
{
	set_term(s->term);
	clearok(curscr, TRUE);
}

void
screen_paint(struct screen *s, const struct frame *f)
{
	int r;

	for (r = 0; r < f->rows && r < LINES; r++)
		screen_paint_line(s, r, 0, COLS, &f->lines[r], 0, f->base[r]);
	for (; r < LINES; r++)
		screen_clear_eol(s, r, 0, -1, UI_TEXT);
	if (f->cur_y >= 0 && f->cur_y < LINES && f->cur_x >= 0 &&
	    f->cur_x < COLS)
		screen_cursor(s, f->cur_y, f->cur_x);
	else
		screen_cursor(s, -1, -1);
	screen_flush(s);
}

/* The colour pair for fg on bg, made on first use (0 when out of them). */
static int
pair_for(struct screen *s, int fg, int bg)
{
	int i;

	if (fg < 0)
		fg = s->dflt_fg;
	if (bg < 0)
		bg = s->dflt_bg;
	if (fg < 0 && bg < 0)
		return 0;
	for (i = 0; i < s->npairs; i++)
		if (s->pairs[i].fg == fg && s->pairs[i].bg == bg)
			return i + 1;
	if (s->npairs >= s->maxpairs)
		return 0;
	if (init_extended_pair(s->npairs + 1, fg, bg) == ERR)
		return 0;
	s->pairs = xgrow(s->pairs, &s->cappairs,
	    (size_t)s->npairs + 1, sizeof *s->pairs);
	s->pairs[s->npairs].fg = fg;
	s->pairs[s->npairs].bg = bg;
	return ++s->npairs;
}

/* Attributes and pair of a theme style. */
static void
style_attr(struct screen *s, const struct tstyle *ts, attr_t *attr,
    int *pair)
{
	*attr = A_NORMAL;
	if (ts->attrs & TA_BOLD)
		*attr |= A_BOLD;
	if (ts->attrs & TA_DIM)
		*attr |= A_DIM;
	if (ts->attrs & TA_ITALIC)
		*attr |= A_ITALIC;
	if (ts->attrs & TA_UNDERLINE)
		*attr |= A_UNDERLINE;
	if (ts->attrs & TA_REVERSE)
		*attr |= A_REVERSE;
	*pair = 0;
	if (s->colors > 0)
		*pair = pair_for(s, tcolor_number(ts->fg, s->colors),
		    tcolor_number(ts->bg, s->colors));
}

static void
set_style(struct screen *s, unsigned st, enum ui_elem base)
{
	struct tstyle ts = theme_style(s->theme, base, st);
	attr_t attr;
	int pair;

	style_attr(s, &ts, &attr, &pair);
	attr_set(attr, 0, &pair);
}

/* Paint len bytes of sanitised text in at most maxw columns from the
 * cursor. Returns the columns used. */
static int
put_text(struct screen *s, const char *text, size_t len, int maxw)
{
	size_t i = 0, n = 0, fit;
	uint32_t cp;
	int used;

	fit = text_fit(text, len, maxw, &used);
	s->wbuf = xgrow(s->wbuf, &s->wcap, fit + 1, sizeof *s->wbuf);
	while (i < fit) {
		i += utf8_decode(text + i, fit - i, &cp);
		if (cp_is_control(cp))
			cp = 0xfffd;	/* cannot be: render sanitises */
		s->wbuf[n++] = (wchar_t)cp;
	}
	s->wbuf[n] = L'\0';
	if (n)
		addnwstr(s->wbuf, (int)n);
	return used;
}

void
screen_clear_eol(struct screen *s, int y, int x, int width,
    enum ui_elem base)
{
	int i;

	set_term(s->term);
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (width < 0 || x + width > COLS)
		width = COLS - x;
	set_style(s, 0, base);
	move(y, x);
	for (i = 0; i < width; i++)
		addch(' ');
}

void
screen_paint_line(struct screen *s, int y, int x, int width,
    const struct rline *l, unsigned extra, enum ui_elem base)
{
	size_t k, pos = 0, len = l && l->text ? strlen(l->text) : 0;
	int col = 0;

	set_term(s->term);
	if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
		return;
	if (x + width > COLS)
		width = COLS - x;
	move(y, x);
	for (k = 0; l && k <= l->nspans && col < width; k++) {
		size_t at = k < l->nspans ? l->spans[k].off : len;

		if (at > len)
			at = len;
		if (at > pos) {
			set_style(s, extra, base);
			col += put_text(s, l->text + pos, at - pos,
			    width - col);
		}
		if (k == l->nspans || col >= width)
			break;
		set_style(s, l->spans[k].style | extra, base);
		pos = at + l->spans[k].len > len ? len : at + l->spans[k].len;
		col += put_text(s, l->text + at, pos - at, width - col);
	}
	if (col < width)
		screen_clear_eol(s, y, x + col, width - col, base);
}

void
screen_paint_str(struct screen *s, int y, int x, int width, const char *text,
    unsigned st, enum ui_elem base)
{
	struct rline l;
	struct rspan span;
	char *clean = text_sanitize(text, strlen(text));

	l.text = clean;
	l.width = text_width(clean, strlen(clean));
	span.off = 0;
	span.len = strlen(clean);
	span.style = st;
	span.link = -1;
	l.spans = &span;
	l.nspans = st && span.len ? 1 : 0;
	screen_paint_line(s, y, x, width, &l, 0, base);
	free(clean);
}

void
screen_clear(struct screen *s, enum ui_elem base)
{
	struct tstyle ts = theme_ui(s->theme, base);
	cchar_t cc;
	attr_t attr;
	int pair;

	set_term(s->term);
	style_attr(s, &ts, &attr, &pair);
	if (setcchar(&cc, L" ", attr, 0, &pair) == OK)
		bkgrndset(&cc);
	erase();
	clearok(curscr, TRUE);
}

void
screen_cursor(struct screen *s, int y, int x)
{
	set_term(s->term);
	if (y < 0) {
		curs_set(0);
		return;
	}
	move(y, x);
	curs_set(1);
}

void
screen_flush(struct screen *s)
{
	set_term(s->term);
	refresh();
}

int
screen_getkey(struct screen *s, int timeout_ms, int *fn)
{
	wint_t wc;
	int rc;

	set_term(s->term);
	timeout(timeout_ms);
	rc = get_wch(&wc);
	if (rc == ERR)
		return -1;
	*fn = rc == KEY_CODE_YES;
	return (int)wc;
}

enum screen_mouse
screen_mouse(struct screen *s, int *y, int *x)
{
	MEVENT ev;

	set_term(s->term);
	if (getmouse(&ev) != OK)
		return SMOUSE_NONE;
	*y = ev.y;
	*x = ev.x;
	if (ev.bstate & BUTTON4_PRESSED)
		return SMOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return SMOUSE_WHEEL_DOWN;
#endif
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		return SMOUSE_CLICK;
	return SMOUSE_NONE;
}
