/*
 * present-overview.c: the presenter's overview mode: a grid of numbered
 * slide titles (cut with "…"), moved through with the slide keys; Enter
 * opens the selected slide, o, Esc or q closes the grid.
 */
#include "deck/deck-int.h"
#include "deck/deck.h"
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

int
pres_ov_cols(const struct pres *p)
{
	int c = (p->cols - 2) / 28;

	return c < 1 ? 1 : c;
}

static void
key_overview(struct pres *p, int key, enum action a)
{
	size_t n = p->nshown, c = (size_t)pres_ov_cols(p);

	switch (a) {
	case ACT_NEXTSTEP:
		if (key == FN(KEY_RIGHT) || key == 'l')
			p->ov_sel = p->ov_sel + 1 < n ? p->ov_sel + 1 : p->ov_sel;
		break;
	case ACT_PREVSTEP:
		if (key == FN(KEY_LEFT) || key == 'h')
			p->ov_sel = p->ov_sel > 0 ? p->ov_sel - 1 : 0;
		break;
	case ACT_NEXTSLIDE:
		p->ov_sel = p->ov_sel + c < n ? p->ov_sel + c : n - 1;
		break;
	case ACT_PREVSLIDE:
		p->ov_sel = p->ov_sel >= c ? p->ov_sel - c : 0;
		break;
	case ACT_TOP:
		p->ov_sel = 0;
		break;
	case ACT_BOTTOM:
		p->ov_sel = n - 1;
		break;
	case ACT_OPEN:
		p->mode = M_SLIDE;
		pres_go(p, p->ov_sel, 0);
		break;
	case ACT_OVERVIEW:
	case ACT_CANCEL:
	case ACT_QUIT:	/* q closes the overview, not the talk */
		p->mode = M_SLIDE;
		break;
	default:
		if (key == 'j')
			p->ov_sel = p->ov_sel + c < n ? p->ov_sel + c : n - 1;
		else if (key == 'k')
			p->ov_sel = p->ov_sel >= c ? p->ov_sel - c : 0;
		break;
	}
	p->dirty = 1;
}

static void
draw_overview(struct pres *p)
{
	int c = pres_ov_cols(p), cw = (p->cols - 2) / c, per, rows = p->rows - 2;
	size_t i;
	int y, x;

	pres_paint_text(p, 0, 0, p->cols, " Overview: arrows move, Enter opens, "
	    "o or Esc closes", UI_STATUS);
	per = rows * c;
	if ((int)p->ov_sel / c < p->ov_top)
		p->ov_top = (int)p->ov_sel / c;
	if ((int)p->ov_sel / c >= p->ov_top + rows)
		p->ov_top = (int)p->ov_sel / c - rows + 1;
	for (y = 1; y < p->rows - 1; y++)
		pres_paint_text(p, y, 0, p->cols, "", UI_TEXT);
	for (i = (size_t)p->ov_top * (size_t)c; i < p->nshown &&
	    i < (size_t)(p->ov_top * c + per); i++) {
		const struct slide *s = &p->deck->slides[p->shown[i]];
		char cell[512];
		struct rline l = {0};
		char *clean;
		size_t n;

		snprintf(cell, sizeof cell, "%3zu %s", i + 1,
		    *s->title ? s->title : "(untitled)");
		clean = text_sanitize(cell, strlen(cell));
		n = text_fit(clean, strlen(clean), cw - 2, &l.width);
		if (clean[n] != '\0') {	/* cut: say so with "…" */
			char *cut;

			n = text_fit(clean, strlen(clean), cw - 3, &l.width);
			cut = xasprintf("%.*s…", (int)n, clean);
			free(clean);
			clean = cut;
			l.width++;
		}
		l.text = clean;
		y = 1 + (int)(i / (size_t)c) - p->ov_top;
		x = 1 + (int)(i % (size_t)c) * cw;
		screen_paint_line(p->scr, y, x, cw - 1, &l, i == p->ov_sel ?
		    ST_SELECTED : 0, UI_TEXT);
		free(clean);
	}
}

const struct pres_mode pres_overview_mode = {
	key_overview, draw_overview, NULL,
};
