/*
 * screen.h: the curses painter shared by the explorer and the presenter.
 * It owns the terminal (ncursesw: cbreak, noecho, keypad, mouse) and the
 * mapping of theme styles to colour pairs, and paints styled lines
 * (struct rline, from render.h) at a place and width. Screens are
 * composed headless elsewhere; this file only paints them, so it stays
 * small.
 *
 * Colours are used only when the terminal has them and NO_COLOR is unset
 * (and the theme's depth is not 0); otherwise styles are attributes only.
 * Text painted is sanitised again on the way out: nothing but printable
 * characters reaches the terminal.
 */
#ifndef STRATUS_SCREEN_H
#define STRATUS_SCREEN_H

#include "render/render.h"
#include "render/theme.h"

struct screen;

/*
 * Take the terminal (stdin/stdout must be a tty). The theme is borrowed
 * and must outlive the screen. Returns 0, or -1 with *cause.
 */
int screen_open(struct screen **out, const struct theme *t, char **cause);
/* Give the terminal back as it was (s may be NULL). */
void screen_close(struct screen *s);
/* Leave curses for a while (to run an editor); screen_resume comes back
 * and repaints everything at the next flush. */
void screen_suspend(struct screen *s);
void screen_resume(struct screen *s);

int screen_rows(const struct screen *s);
int screen_cols(const struct screen *s);
/* Read the terminal size again (after KEY_RESIZE or SIGWINCH). */
void screen_resized(struct screen *s);
/* Repaint every cell at the next flush (Ctrl-L, after an editor). */
void screen_redraw(struct screen *s);

struct frame;
/* Paint a whole frame (tui/line.h): row r with its base element, the
 * cursor where the frame says (or hidden), then flush. */
void screen_paint(struct screen *s, const struct frame *f);

/*
 * Paint l at row y, column x, in at most width columns: spans take their
 * theme style with extra bits added (ST_SELECTED for a selected row...),
 * over base (UI_TEXT for a pane, UI_SLIDE_TEXT for a slide, UI_STATUS for
 * the status bar). The rest of the width is cleared in the base style.
 * A wide character that would cross the edge is left out.
 */
void screen_paint_line(struct screen *s, int y, int x, int width,
    const struct rline *l, unsigned extra, enum ui_elem base);
/* Paint a plain string (sanitised here) in style st over base, cut to
 * width and the rest of the width cleared. */
void screen_paint_str(struct screen *s, int y, int x, int width,
    const char *text, unsigned st, enum ui_elem base);
/* Clear width columns from (y, x) in base; width < 0: to the edge. */
void screen_clear_eol(struct screen *s, int y, int x, int width,
    enum ui_elem base);
/* Clear the whole screen in base and repaint it all at the next flush
 * (Ctrl-L). */
void screen_clear(struct screen *s, enum ui_elem base);
/* Show the cursor at (y, x), or hide it when y < 0. */
void screen_cursor(struct screen *s, int y, int x);
/* Send what was painted to the terminal. */
void screen_flush(struct screen *s);

/*
 * Wait up to timeout_ms (< 0: for ever) for a key. Returns -1 on timeout,
 * else a Unicode code point (*fn = 0) or a curses KEY_* code (*fn = 1;
 * KEY_RESIZE and KEY_MOUSE included).
 */
int screen_getkey(struct screen *s, int timeout_ms, int *fn);

enum screen_mouse {
	SMOUSE_NONE,
	SMOUSE_CLICK,
	SMOUSE_WHEEL_UP,
	SMOUSE_WHEEL_DOWN,
};
/* After KEY_MOUSE: what happened and where. */
enum screen_mouse screen_mouse(struct screen *s, int *y, int *x);

#endif
