/*
 * present-draw.c: painting the presenter's screen. Frames composed by
 * frame.h are painted through the shared curses painter (tui/screen.h):
 * the slide alone, or the presenter view (slide, next step, notes and
 * clocks), the overview of slide titles, the key help, and the prompt or
 * message line over them.
 */
#include "deck/deck-int.h"
#include "deck/present.h"
#include "deck/deck.h"
#include "deck/frame.h"
#include "deck/link.h"
#include "core/buf.h"
#include "core/util.h"
#include "render/embed.h"
#include "render/render.h"
#include "render/width.h"
#include "tui/peek.h"
#include "tui/picture.h"
#include "tui/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bytes [from, to) of l as a line of their own. */
static void
sub_line(const struct rline *l, size_t from, size_t to, struct rline *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	out->text = xstrndup(l->text + from, to - from);
	out->width = text_width(out->text, to - from);
	out->spans = xcalloc(l->nspans + 1, sizeof *out->spans);
	for (i = 0; i < l->nspans; i++) {
		size_t a = l->spans[i].off, b = a + l->spans[i].len;

		if (b <= from || a >= to)
			continue;
		out->spans[out->nspans] = l->spans[i];
		out->spans[out->nspans].off = (a > from ? a : from) - from;
		out->spans[out->nspans].len = (b < to ? b : to) -
		    (a > from ? a : from);
		out->nspans++;
	}
}

static void
paint_line(struct pres *p, int y, int x, int w, const struct rline *l,
    enum ui_elem base)
{
	if (y >= 0 && y < p->rows)
		screen_paint_line(p->scr, y, x, w, l, 0, base);
}

void
pres_paint_text(struct pres *p, int y, int x, int w, const char *s,
    enum ui_elem base)
{
	if (y >= 0 && y < p->rows)
		screen_paint_str(p->scr, y, x, w, s, 0, base);
}

/* Bytes [from, to) of the footer l at column x + their offset. */
static int
paint_piece(struct pres *p, int y, int x, const struct rline *l,
    size_t from, size_t to, int w, enum ui_elem base)
{
	struct rline piece;

	sub_line(l, from, to, &piece);
	if (w < 0)
		w = piece.width;
	screen_paint_line(p->scr, y, x, w, &piece, 0, base);
	x += piece.width;
	free(piece.text);
	free(piece.spans);
	return x;
}

/* A composed frame at (y, x): slide rows, then the footer and its bar. */
static void
paint_frame(struct pres *p, const struct slide_frame *f, int y, int x)
{
	const struct rline *fl;
	size_t len, b0, b1, b2;
	int r, cx;

	for (r = 0; r < f->height - f->footer; r++)
		paint_line(p, y + r, x, f->width, &f->rows[r], UI_SLIDE_TEXT);
	if (!f->footer)
		return;
	fl = &f->rows[f->height - 1];
	y += f->height - 1;
	if (f->bar_done + f->bar_rest == 0) {
		paint_line(p, y, x, f->width, fl, UI_FOOTER);
		return;
	}
	len = strlen(fl->text);
	b0 = f->bar_off;
	b1 = b0 + f->bar_done;
	b2 = b1 + f->bar_rest;
	cx = paint_piece(p, y, x, fl, 0, b0, -1, UI_FOOTER);
	cx = paint_piece(p, y, cx, fl, b0, b1, -1, UI_PROGRESS);
	cx = paint_piece(p, y, cx, fl, b1, b2, -1, UI_PROGRESS_REST);
	paint_piece(p, y, cx, fl, b2, len, x + f->width - cx, UI_FOOTER);
}

static void
clock_str(char *out, size_t n, long s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

static void
compose(struct pres *p, size_t slide, int step, int w, int h, int scroll,
    int footer, struct slide_frame *f)
{
	struct frame_opts o;

	memset(&o, 0, sizeof o);
	o.width = w;
	o.height = h;
	o.elapsed = footer ? pres_wall() - p->t0 : -1;
	o.scroll = scroll;
	o.mark = p->marking ? p->search : NULL;
	o.no_footer = !footer;
	o.pictures = p->painter && painter_proto(p->painter) != PROTO_NONE;
	if (p->nshown && slide == p->shown[p->cur] && step == p->step)
		o.select_link = p->lk.sel;
	slide_frame_compose(p->deck, slide, step, &o, f);
}

/* The current slide's note links in the presenter view, from row y in
 * w columns at x, at most max rows: its title when it is a note, else
 * the link as written and why it leads nowhere. Returns the next row. */
static int
draw_links(struct pres *p, int y, int x, int w, int max)
{
	struct pres_links *lk = &p->lk;
	char line[300];
	size_t i;
	unsigned st;

	if (lk->n == 0)
		return y;
	if (lk->ix_tried)
		pres_links_resolve(p);
	else
		lk->want_ix = 1;	/* after this frame: see loop() */
	snprintf(line, sizeof line, "Linked notes (%zu) · Tab, Enter",
	    lk->n);
	pres_paint_text(p, y++, x, w, line, UI_TITLE);
	for (i = 0; i < lk->n && max > 1 && y < p->rows - 1; i++, max--) {
		const struct pres_link *l = &lk->v[i];

		if (max == 2 && i + 1 < lk->n) {
			snprintf(line, sizeof line, " … %zu more", lk->n - i);
			screen_paint_str(p->scr, y++, x, w, line, ST_DIM,
			    UI_TEXT);
			break;
		}
		if (l->found == 1)
			snprintf(line, sizeof line, " → %s", l->title);
		else if (l->found == 0)
			snprintf(line, sizeof line, " ✗ %s (no such note)",
			    l->target);
		else
			snprintf(line, sizeof line, " · %s (%s)", l->target,
			    lk->ix_tried ? "no index to look it up" :
			    "looking up…");
		st = l->found == 1 ? ST_LINK : ST_LINK | ST_LINK_BROKEN;
		if ((size_t)lk->sel == i + 1)
			st |= ST_SELECTED;
		screen_paint_str(p->scr, y++, x, w, line, st, UI_TEXT);
	}
	return y + 1;
}

/*
 * After a step forward on a slide taller than the screen (f, composed at
 * scroll 0): the scroll that brings the first line the step revealed into
 * view, or f's own when it is in view already.
 */
static int
reveal_scroll(struct pres *p, const struct slide_frame *f)
{
	struct slide_frame a, b;
	int h = f->content_rows + f->height, r, first = -1;

	if (p->reveal < 0 || f->max_scroll == 0)
		return f->scroll;
	compose(p, p->shown[p->cur], p->reveal, f->width, h, 0, 0, &a);
	compose(p, p->shown[p->cur], p->step, f->width, h, 0, 0, &b);
	for (r = 0; r < a.height && r < b.height && first < 0; r++)
		if (strcmp(a.rows[r].text ? a.rows[r].text : "",
		    b.rows[r].text ? b.rows[r].text : "") != 0)
			first = r;
	slide_frame_clear(&a);
	slide_frame_clear(&b);
	if (first < 0 || first < f->scroll + f->area_rows - 1)
		return f->scroll;
	/* the revealed line near the top, one line of context above */
	return first > 2 ? first - 2 : 0;
}

static void
draw_presenter(struct pres *p)
{
	struct slide_frame f;
	const struct slide *s = pres_cur_slide(p);
	int lw = p->cols * 3 / 5, rw = p->cols - lw - 1, ph, y, r;
	char buf[256], el[32], left[32], now[16];
	size_t nx = p->cur;
	int nstep = p->step + 1;
	const char *what = "Next step";
	time_t t = time(NULL);
	struct tm tm;

	snprintf(buf, sizeof buf, " PRESENTER  slide %zu/%zu  step %d/%d  "
	    "%s", p->cur + 1, p->nshown, p->step + 1, s->nsteps,
	    p->link ? (link_is_hub(p->link) ? "· leading" : "· linked") :
	    "");
	pres_paint_text(p, 0, 0, p->cols, buf, UI_STATUS);
	compose(p, p->shown[p->cur], p->step, lw, p->rows - 2, p->scroll, 1,
	    &f);
	p->max_scroll = f.max_scroll;
	p->page = f.area_rows;
	p->scroll = f.scroll;
	paint_frame(p, &f, 1, 0);
	painter_add(p->painter, f.rows, (size_t)(f.height - f.footer), 1, 0);
	pres_links_take(p, &f);
	slide_frame_clear(&f);
	for (y = 1; y < p->rows - 1; y++)
		pres_paint_text(p, y, lw, 1, "│", UI_BORDER);
	if (nstep >= s->nsteps) {
		nx = p->cur + 1;
		nstep = 0;
		what = "Next slide";
	}
	ph = (p->rows - 2) * 2 / 5;
	if (nx < p->nshown) {
		pres_paint_text(p, 1, lw + 1, rw, what, UI_TITLE);
		compose(p, p->shown[nx], nstep, rw, ph, 0, 0, &f);
		paint_frame(p, &f, 2, lw + 1);
		slide_frame_clear(&f);
	} else {
		pres_paint_text(p, 1, lw + 1, rw, "End of the deck", UI_TITLE);
	}
	y = draw_links(p, 2 + ph, lw + 1, rw, (p->rows - 2) / 4);
	pres_paint_text(p, y++, lw + 1, rw, "Notes", UI_TITLE);
	if (*s->notes) {
		struct render_opts ro;
		struct embed_src es = {0};
		struct rdoc *doc;
		char *dir = path_dir(s->file && *s->file ? s->file : ".");

		memset(&ro, 0, sizeof ro);
		ro.width = rw - 1 < 10 ? 10 : rw - 1;
		es.dir = dir;	/* ![[x]]: x.md beside the slide */
		ro.embed = embed_note;
		ro.embed_arg = &es;
		doc = render_markdown(s->notes, strlen(s->notes), &ro);
		free(dir);
		for (r = 0; r < (int)doc->nlines && y < p->rows - 1; r++)
			if (doc->lines[r].width <= rw)
				paint_line(p, y++, lw + 1, rw, &doc->lines[r],
				    UI_TEXT);
		rdoc_free(doc);
	} else {
		pres_paint_text(p, y++, lw + 1, rw, "(no notes)", UI_TEXT);
	}
	clock_str(el, sizeof el, (long)(pres_wall() - p->t0));
	if (p->deck->duration_s > 0) {
		long rest = p->deck->duration_s - (long)(pres_wall() - p->t0);

		clock_str(left, sizeof left, rest < 0 ? -rest : rest);
		if (rest < 0) {
			memmove(left + 5, left, strlen(left) + 1);
			memcpy(left, "over ", 5);
		}
	} else {
		snprintf(left, sizeof left, "-");
	}
	localtime_r(&t, &tm);
	strftime(now, sizeof now, "%H:%M", &tm);
	snprintf(buf, sizeof buf, " elapsed %s   left %s   clock %s", el,
	    left, now);
	pres_paint_text(p, p->rows - 1, 0, p->cols, buf, UI_STATUS);
}

/* The lines, then the pictures over their boxes (tui/picture.h). */
static void
flush(struct pres *p)
{
	painter_prepare(p->painter, p->scr);
	screen_flush(p->scr);
	painter_draw(p->painter);
}

/* A note opened from a link, over the slide; its top row says where the
 * talk is and how long it has run. */
static void
draw_peek(struct pres *p)
{
	char el[32], corner[80];

	clock_str(el, sizeof el, (long)(pres_wall() - p->t0));
	snprintf(corner, sizeof corner, " ▶ slide %zu/%zu · %s ", p->cur + 1,
	    p->nshown, el);
	painter_begin(p->painter);
	painter_prepare(p->painter, p->scr);	/* the slide's pictures go */
	peek_paint(p->peek, p->scr, corner);
	painter_draw(p->painter);
}

void
pres_draw(struct pres *p)
{
	struct slide_frame f;

	int y;

	p->rows = screen_rows(p->scr);
	p->cols = screen_cols(p->scr);
	if (p->peek) {
		draw_peek(p);
		return;
	}
	painter_begin(p->painter);
	for (y = 0; y < p->rows; y++)
		screen_clear_eol(p->scr, y, 0, -1, UI_SLIDE_TEXT);
	screen_cursor(p->scr, -1, 0);
	if (p->blank || p->nshown == 0) {
		flush(p);
		return;
	}
	if (pres_modes[p->mode] && pres_modes[p->mode]->draw) {
		pres_modes[p->mode]->draw(p);
	} else if (p->o->presenter && p->cols >= 60 && p->rows >= 12) {
		draw_presenter(p);
	} else {
		compose(p, p->shown[p->cur], p->step, p->cols, p->rows,
		    p->scroll, 1, &f);
		if (p->reveal >= 0 && (y = reveal_scroll(p, &f)) != f.scroll) {
			slide_frame_clear(&f);
			compose(p, p->shown[p->cur], p->step, p->cols,
			    p->rows, y, 1, &f);
		}
		p->reveal = -1;
		p->max_scroll = f.max_scroll;
		p->page = f.area_rows;
		p->scroll = f.scroll;
		paint_frame(p, &f, 0, 0);
		painter_add(p->painter, f.rows, (size_t)(f.height - f.footer),
		    0, 0);
		pres_links_take(p, &f);
		slide_frame_clear(&f);
	}
	if (pres_modes[p->mode] && pres_modes[p->mode]->prompt) {
		pres_modes[p->mode]->prompt(p);
	} else if (p->ndigits) {
		char q[64];

		snprintf(q, sizeof q, " go to slide %ld (Enter)", p->number);
		pres_paint_text(p, p->rows - 1, 0, p->cols, q, UI_PROMPT);
	} else if (p->msg[0] && p->msg_at > 0 &&
	    pres_wall() - p->msg_at >= MSG_SECONDS) {
		p->msg[0] = '\0';	/* the footer again */
		p->msg_at = 0;
	} else if (p->msg[0]) {
		/* in the footer, over the title and bar: n/N stays in view */
		if (p->msg_at == 0)
			p->msg_at = pres_wall();
		char *q = xasprintf(" %s ", p->msg);
		int right = p->cols > 60 ? 24 : 8;

		pres_paint_text(p, p->rows - 1, 0, p->cols - right, q, UI_STATUS);
		free(q);
	}
	flush(p);
}
