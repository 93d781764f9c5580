/*
 * present-help.c: the presenter's help mode: every binding of the key
 * table with what it does (present_key_help()), on one screen that fits
 * 80x24; any key, q included, closes it.
 */
#include "deck/deck-int.h"
#include "deck/deck.h"
#include "deck/present.h"
#include "core/buf.h"
#include "core/util.h"
#include "render/render.h"
#include "render/width.h"
#include "tui/screen.h"

#include <curses.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
help_key(struct pres *p, int key, enum action a)
{
	(void)key;
	(void)a;
	p->mode = M_SLIDE;
	p->dirty = 1;
}

static void
draw_help(struct pres *p)
{
	struct buf b = BUF_INIT;
	const char *line, *nl;
	int y = 1, w;

	buf_adds(&b, " Keys\n\n");
	present_key_help(&b);
	buf_adds(&b, "\n any key closes this help\n");
	w = p->cols - 4;
	for (line = buf_str(&b); *line && y < p->rows - 1; line = nl + 1) {
		char *one;

		nl = strchr(line, '\n');
		one = xstrndup(line, (size_t)(nl - line));
		pres_paint_text(p, y++, 2, w, one, UI_TEXT);
		free(one);
	}
	buf_free(&b);
}

const struct pres_mode pres_help_mode = {
	help_key, draw_help, NULL,
};
