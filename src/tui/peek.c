/*
 * peek.c: the explorer over another program's screen (peek.h). An app
 * (app.h) opened on one note, with no search view behind it: Back from
 * that note leaves (app.leave_on_back), as q does. It has no worker
 * threads (searches run in place) and runs no editor: the screen is the
 * caller's.
 */
#include "tui/peek.h"
#include "tui/app.h"
#include "tui/line.h"
#include "core/util.h"
#include "render/width.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct peek {
	struct app *a;
	struct frame f;
};

struct peek *
peek_open(struct index *ix, const struct theme *theme, const char *lang,
    const char *slug, const char *note_lang, const char *anchor, int rows,
    int cols)
{
	struct peek *k = xcalloc(1, sizeof *k);
	struct app *a;

	k->a = a = app_new(ix, NULL, theme, lang, NULL, rows, cols);
	app_open_note(a, slug, note_lang, anchor);
	/* the note is the first place: nothing behind it but the caller */
	while (a->nback > 0)
		place_clear(&a->back[--a->nback]);
	a->leave_on_back = 1;
	app_msg(a, 0, "q or Backspace: back to the talk");
	return k;
}

void
peek_free(struct peek *k)
{
	if (!k)
		return;
	app_free(k->a);
	frame_clear(&k->f);
	free(k);
}

int
peek_key(struct peek *k, int key)
{
	struct app *a = k->a;

	/* curses' Return, DEL and Ctrl-H, as the explorer's loop reads them */
	if (key == '\r' || key == (KC_FN | KEY_ENTER))
		key = '\n';
	else if (key == 0x7f || key == KC_CTRL('h'))
		key = KC_FN | KEY_BACKSPACE;
	app_key(a, key);
	if (a->edit_cmd.len) {
		buf_reset(&a->edit_cmd);
		app_msg(a, 1, "no editing during a talk: stratus explore "
		    "edits it");
	}
	return !a->quit;
}

void
peek_mouse(struct peek *k, enum screen_mouse what, int y, int x)
{
	app_screen_mouse(k->a, (int)what, y, x);
}

void
peek_resize(struct peek *k, int rows, int cols)
{
	app_resize(k->a, rows, cols);
}

void
peek_paint(struct peek *k, struct screen *scr, const char *corner)
{
	struct tline l = TLINE_INIT;
	struct rline box = {0};
	int w;

	app_compose(k->a, &k->f);
	if (corner && *corner && k->f.rows > 0 && !k->a->too_small) {
		tl_adds(&l, corner, ST_STRONG);
		tl_take(&l, &box);
		w = box.width + 1;
		if (w < k->f.cols / 2)
			line_splice(&k->f.lines[0], k->f.cols - w, w, &box,
			    0);
		line_clear(&box);
	}
	screen_paint(scr, &k->f);
}
