/*
 * present-search.c: the presenter's search mode: the query typed on the
 * last row, then the next slide whose text holds it (wrapping), its
 * matches marked until Esc; n searches again.
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

/* Find the search text in a slide after the current one (wrapping). */
void
pres_search(struct pres *p)
{
	size_t i, k;

	if (!p->search || !*p->search)
		return;
	for (k = 1; k <= p->nshown; k++) {
		size_t at = (p->cur + k) % p->nshown;
		char *text;

		i = p->shown[at];
		text = deck_slide_text(&p->deck->slides[i]);
		if (strcasestr(text, p->search)) {
			free(text);
			pres_go(p, at, INT_MAX);
			snprintf(p->msg, sizeof p->msg, "/%s: slide %zu",
			    p->search, at + 1);
			return;
		}
		free(text);
	}
	snprintf(p->msg, sizeof p->msg, "/%s: no match in any slide",
	    p->search);
	p->dirty = 1;
}


static void
key_search(struct pres *p, int key, enum action a)
{
	(void)a;
	if (key == 27) {
		p->mode = M_SLIDE;
	} else if (key == '\n' || key == '\r' || key == FN(KEY_ENTER)) {
		p->mode = M_SLIDE;
		if (p->input.len) {
			free(p->search);
			p->search = xstrdup(buf_str(&p->input));
			p->marking = 1;
			pres_search(p);
		}
	} else if (key == FN(KEY_BACKSPACE) || key == 127 || key == 8) {
		while (p->input.len > 0 &&
		    ((unsigned char)p->input.ptr[p->input.len - 1] & 0xc0) ==
		    0x80)
			buf_truncate(&p->input, p->input.len - 1);
		if (p->input.len > 0)
			buf_truncate(&p->input, p->input.len - 1);
	} else if (key >= 32 && key != 127 && key < 0x110000 &&
	    !(key >= 0xd800 && key < 0xe000) && p->input.len < 200) {
		utf8_encode(&p->input, (uint32_t)key);
	}
	p->dirty = 1;
}

/* The query being typed, on the last row, the cursor after it. */
static void
prompt_search(struct pres *p)
{
	char *q = xasprintf("/%s", buf_str(&p->input));

	pres_paint_text(p, p->rows - 1, 0, p->cols, q, UI_PROMPT);
	free(q);
	screen_cursor(p->scr, p->rows - 1, 1 + text_width(p->input.ptr ?
	    p->input.ptr : "", p->input.len));
}

const struct pres_mode pres_search_mode = {
	key_search, NULL, prompt_search,
};
