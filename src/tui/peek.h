/*
 * peek.h: the explorer opened over another full-screen program (the
 * presenter) on one note: its note view and every view the explorer
 * reaches from there (links, backlinks, graph, search...), drawn on the
 * caller's screen and fed the caller's keys. Back (Backspace, Esc, h)
 * from the note it opened on, or q anywhere, closes it; the caller then
 * draws its own screen again.
 */
#ifndef STRATUS_PEEK_H
#define STRATUS_PEEK_H

#include "core/index.h"
#include "render/theme.h"
#include "tui/screen.h"

struct peek;

/*
 * Open the note whose key or name is slug (lang: its language, NULL the
 * preferred one), at heading anchor (NULL: the top), over ix (open, up
 * to date, borrowed: it must outlive the peek), at the screen's size.
 * The theme is borrowed too.
 */
struct peek *peek_open(struct index *ix, const struct theme *theme,
    const char *lang, const char *slug, const char *note_lang,
    const char *anchor, int rows, int cols);
void peek_free(struct peek *k);
/* Handle a key in the caller's form (a code point, or KC_FN|KEY_* of
 * keys.h; Return, DEL and Ctrl-H as curses gives them). Returns 1 while
 * the peek stays open, 0 once the user left it. */
int peek_key(struct peek *k, int key);
/* A mouse event at (y, x), as screen_mouse() reported it. */
void peek_mouse(struct peek *k, enum screen_mouse what, int y, int x);
/* The screen is now rows x cols. */
void peek_resize(struct peek *k, int rows, int cols);
/* Paint it on scr, with corner (a short text such as the talk's clock;
 * NULL none) at the right of its top row, and flush. */
void peek_paint(struct peek *k, struct screen *scr, const char *corner);

#endif
