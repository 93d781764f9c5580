/*
 * present.c: the presenter. Keys are mapped to actions through one key
 * table (which also writes the ? help); handlers change the state and
 * mark it dirty; one redraw per pass composes frames (frame.h) and
 * paints them through the shared curses painter (tui/screen.h). poll() waits on the keyboard, the deck's
 * folder (inotify: saving the file reloads it in place) and the link to
 * the other windows on the same deck (link.h).
 */
#include "deck/present.h"
#include "deck/deck.h"
#include "deck/frame.h"
#include "deck/link.h"
#include "core/buf.h"
#include "core/util.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"
#include "tui/screen.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

enum pact {
	P_NONE,
	P_NEXT,
	P_PREV,
	P_NEXT_SLIDE,
	P_PREV_SLIDE,
	P_FIRST,
	P_LAST,
	P_ENTER,
	P_OVERVIEW,
	P_SEARCH,
	P_SEARCH_NEXT,
	P_RELOAD,
	P_BLANK,
	P_TIMER,
	P_HELP,
	P_QUIT,
	P_CANCEL,
};

/* A curses function key (KEY_*), kept apart from code points. */
#define FN(k) (0x40000000 | (k))

struct pkey {
	int key;
	enum pact act;
	const char *name;
};

/* The one key table: input, and the ? help, both come from it. */
static const struct pkey keytab[] = {
	{ ' ', P_NEXT, "Space" },
	{ FN(KEY_RIGHT), P_NEXT, "Right" },
	{ 'l', P_NEXT, "l" },
	{ 'j', P_NEXT, "j" },
	{ FN(KEY_NPAGE), P_NEXT, "PgDn" },
	{ '\n', P_ENTER, "Enter" },
	{ '\r', P_ENTER, NULL },
	{ FN(KEY_ENTER), P_ENTER, NULL },
	{ FN(KEY_LEFT), P_PREV, "Left" },
	{ 'h', P_PREV, "h" },
	{ 'k', P_PREV, "k" },
	{ FN(KEY_PPAGE), P_PREV, "PgUp" },
	{ FN(KEY_BACKSPACE), P_PREV, "Backspace" },
	{ 127, P_PREV, NULL },
	{ 8, P_PREV, NULL },
	{ FN(KEY_DOWN), P_NEXT_SLIDE, "Down" },
	{ ']', P_NEXT_SLIDE, "]" },
	{ FN(KEY_UP), P_PREV_SLIDE, "Up" },
	{ '[', P_PREV_SLIDE, "[" },
	{ 'g', P_FIRST, "g" },
	{ FN(KEY_HOME), P_FIRST, "Home" },
	{ 'G', P_LAST, "G" },
	{ FN(KEY_END), P_LAST, "End" },
	{ 'o', P_OVERVIEW, "o" },
	{ '/', P_SEARCH, "/" },
	{ 'n', P_SEARCH_NEXT, "n" },
	{ 'r', P_RELOAD, "r" },
	{ 'b', P_BLANK, "b" },
	{ 't', P_TIMER, "t" },
	{ '?', P_HELP, "?" },
	{ 'q', P_QUIT, "q" },
	{ 27, P_CANCEL, "Esc" },
};

static const struct {
	enum pact act;
	const char *help;
} acthelp[] = {
	{ P_NEXT, "next step (scrolls a tall slide first)" },
	{ P_ENTER, "next step; after a number, go to that slide" },
	{ P_PREV, "previous step" },
	{ P_NEXT_SLIDE, "next slide, skipping steps" },
	{ P_PREV_SLIDE, "previous slide" },
	{ P_FIRST, "first slide" },
	{ P_LAST, "last slide" },
	{ P_OVERVIEW, "overview: pick a slide (arrows, Enter)" },
	{ P_SEARCH, "search the slides" },
	{ P_SEARCH_NEXT, "next match" },
	{ P_RELOAD, "reload the deck (saving it reloads too)" },
	{ P_BLANK, "blank the screen" },
	{ P_TIMER, "restart the timer" },
	{ P_HELP, "this help" },
	{ P_CANCEL, "close an overlay, forget a number, unmark matches" },
	{ P_QUIT, "quit" },
};

enum mode { M_SLIDE, M_OVERVIEW, M_HELP, M_SEARCH };

struct pres {
	const struct present_opts *o;
	const struct theme *theme;
	struct theme *own_theme;
	struct deck *deck;
	size_t *shown;		/* indexes of the shown slides */
	size_t nshown;
	size_t cur;		/* into shown */
	int step;
	int scroll, max_scroll, page;
	double t0;		/* timer start, seconds since the epoch */
	enum mode mode;
	int blank;
	size_t ov_sel;
	int ov_top;
	struct buf input;	/* the search being typed */
	char *search;		/* the last search */
	int marking;		/* its matches are marked (until Esc) */
	long number;		/* digits typed before Enter */
	int ndigits;
	char msg[200];
	int dirty, quit;
	int rows, cols;
	struct link *link;
	int ifd;		/* inotify, -1 */
	char *dirname, *basename;
	double reload_at;	/* 0: none pending */
	long last_tick;
	struct screen *scr;
	int sfd;		/* signalfd: TERM, HUP, INT end the show */
};

static double
wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static enum pact
lookup(int key)
{
	size_t i;

	for (i = 0; i < sizeof keytab / sizeof keytab[0]; i++)
		if (keytab[i].key == key)
			return keytab[i].act;
	return P_NONE;
}

void
present_key_help(struct buf *out)
{
	size_t i, k;
	int any;

	for (i = 0; i < sizeof acthelp / sizeof acthelp[0]; i++) {
		struct buf keys = BUF_INIT;

		any = 0;
		for (k = 0; k < sizeof keytab / sizeof keytab[0]; k++) {
			if (keytab[k].act != acthelp[i].act || !keytab[k].name)
				continue;
			buf_printf(&keys, "%s%s", any ? ", " : "",
			    keytab[k].name);
			any = 1;
		}
		if (acthelp[i].act == P_ENTER)
			buf_adds(&keys, "; 0-9 then Enter");
		buf_printf(out, "  %-32s %s\n", buf_str(&keys), acthelp[i].help);
		buf_free(&keys);
	}
}

/* ---------------------------------------------------------------- */
/* Position */

static const struct slide *
cur_slide(const struct pres *p)
{
	return &p->deck->slides[p->shown[p->cur]];
}

static void
share(struct pres *p)
{
	struct link_pos pos;

	if (!p->link || p->nshown == 0)
		return;
	pos.slide = (long)p->shown[p->cur];
	pos.step = p->step;
	pos.t0 = p->t0;
	link_send(p->link, &pos);
}

static void
go(struct pres *p, size_t cur, int step)
{
	if (p->nshown == 0)
		return;
	if (cur >= p->nshown)
		cur = p->nshown - 1;
	p->cur = cur;
	if (step >= cur_slide(p)->nsteps)
		step = cur_slide(p)->nsteps - 1;
	p->step = step < 0 ? 0 : step;
	p->scroll = 0;
	p->dirty = 1;
	share(p);
}

static void
next_step(struct pres *p)
{
	if (p->scroll < p->max_scroll) {
		p->scroll += p->page > 1 ? p->page - 1 : 1;
		p->dirty = 1;
		return;
	}
	if (p->step + 1 < cur_slide(p)->nsteps)
		go(p, p->cur, p->step + 1);
	else if (p->cur + 1 < p->nshown)
		go(p, p->cur + 1, 0);
}

static void
prev_step(struct pres *p)
{
	if (p->scroll > 0) {
		p->scroll -= p->page > 1 ? p->page - 1 : 1;
		if (p->scroll < 0)
			p->scroll = 0;
		p->dirty = 1;
		return;
	}
	if (p->step > 0)
		go(p, p->cur, p->step - 1);
	else if (p->cur > 0)
		go(p, p->cur - 1, INT_MAX);
}

/* A peer moved: follow without telling anyone. */
static void
follow(struct pres *p, const struct link_pos *pos)
{
	size_t i, cur = 0;

	for (i = 0; i < p->nshown; i++)
		if ((long)p->shown[i] <= pos->slide)
			cur = i;
	p->cur = cur;
	p->step = pos->step;
	if (p->nshown && p->step >= cur_slide(p)->nsteps)
		p->step = cur_slide(p)->nsteps - 1;
	p->scroll = 0;
	if (pos->t0 > 0)
		p->t0 = pos->t0;
	p->dirty = 1;
}

static void
set_shown(struct pres *p)
{
	free(p->shown);
	p->nshown = deck_shown(p->deck, &p->shown);
}

static void
reload(struct pres *p)
{
	struct deck *d;
	char *cause = NULL;

	p->reload_at = 0;
	if (deck_load(p->o->path, &d, &cause) < 0) {
		snprintf(p->msg, sizeof p->msg, "not reloaded: %s", cause);
		free(cause);
		p->dirty = 1;
		return;
	}
	deck_free(p->deck);
	p->deck = d;
	set_shown(p);
	if (p->nshown == 0) {
		snprintf(p->msg, sizeof p->msg, "every slide is hidden");
		p->dirty = 1;
		return;
	}
	p->cur = p->cur < p->nshown ? p->cur : p->nshown - 1;
	if (p->step >= cur_slide(p)->nsteps)
		p->step = cur_slide(p)->nsteps - 1;
	if (p->ov_sel >= p->nshown)
		p->ov_sel = p->nshown - 1;
	snprintf(p->msg, sizeof p->msg, "reloaded %s", path_base(p->o->path));
	p->dirty = 1;
}

/* Find the search text in a slide after the current one (wrapping). */
static void
search(struct pres *p)
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
			go(p, at, INT_MAX);
			snprintf(p->msg, sizeof p->msg, "/%s: slide %zu",
			    p->search, at + 1);
			return;
		}
		free(text);
	}
	snprintf(p->msg, sizeof p->msg, "/%s: not found", p->search);
	p->dirty = 1;
}

/* ---------------------------------------------------------------- */
/* Keys */

static int
ov_cols(const struct pres *p)
{
	int c = (p->cols - 2) / 28;

	return c < 1 ? 1 : c;
}

static void
key_overview(struct pres *p, int key, enum pact a)
{
	size_t n = p->nshown, c = (size_t)ov_cols(p);

	switch (a) {
	case P_NEXT:
		if (key == FN(KEY_RIGHT) || key == 'l')
			p->ov_sel = p->ov_sel + 1 < n ? p->ov_sel + 1 : p->ov_sel;
		break;
	case P_PREV:
		if (key == FN(KEY_LEFT) || key == 'h')
			p->ov_sel = p->ov_sel > 0 ? p->ov_sel - 1 : 0;
		break;
	case P_NEXT_SLIDE:
		p->ov_sel = p->ov_sel + c < n ? p->ov_sel + c : n - 1;
		break;
	case P_PREV_SLIDE:
		p->ov_sel = p->ov_sel >= c ? p->ov_sel - c : 0;
		break;
	case P_FIRST:
		p->ov_sel = 0;
		break;
	case P_LAST:
		p->ov_sel = n - 1;
		break;
	case P_ENTER:
		p->mode = M_SLIDE;
		go(p, p->ov_sel, 0);
		break;
	case P_OVERVIEW:
	case P_CANCEL:
		p->mode = M_SLIDE;
		break;
	case P_QUIT:
		p->quit = 1;
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
key_search(struct pres *p, int key)
{
	if (key == 27) {
		p->mode = M_SLIDE;
	} else if (key == '\n' || key == '\r' || key == FN(KEY_ENTER)) {
		p->mode = M_SLIDE;
		if (p->input.len) {
			free(p->search);
			p->search = xstrdup(buf_str(&p->input));
			p->marking = 1;
			search(p);
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

static void
key(struct pres *p, int key)
{
	enum pact a = lookup(key);

	p->msg[0] = '\0';
	if (p->mode == M_SEARCH) {
		key_search(p, key);
		return;
	}
	if (p->mode == M_HELP) {
		p->mode = M_SLIDE;
		p->dirty = 1;
		if (a == P_QUIT)
			p->quit = 1;
		return;
	}
	if (p->mode == M_OVERVIEW) {
		key_overview(p, key, a);
		return;
	}
	if (p->blank && a != P_QUIT) {
		p->blank = 0;
		p->dirty = 1;
		if (a == P_BLANK)
			return;
	}
	if (key >= '0' && key <= '9') {
		if (p->ndigits < 6) {
			p->number = p->number * 10 + (key - '0');
			p->ndigits++;
		}
		p->dirty = 1;
		return;
	}
	if (a != P_ENTER && a != P_NONE && p->ndigits) {
		p->ndigits = 0;
		p->number = 0;
	}
	switch (a) {
	case P_NEXT:
		next_step(p);
		break;
	case P_ENTER:
		if (p->ndigits) {
			if (p->number < 1 || (size_t)p->number > p->nshown)
				snprintf(p->msg, sizeof p->msg, "no slide %ld "
				    "(1-%zu)", p->number, p->nshown);
			else
				go(p, (size_t)p->number - 1, 0);
			p->ndigits = 0;
			p->number = 0;
			p->dirty = 1;
		} else {
			next_step(p);
		}
		break;
	case P_PREV:
		prev_step(p);
		break;
	case P_NEXT_SLIDE:
		if (p->cur + 1 < p->nshown)
			go(p, p->cur + 1, 0);
		break;
	case P_PREV_SLIDE:
		if (p->cur > 0)
			go(p, p->cur - 1, 0);
		break;
	case P_FIRST:
		go(p, 0, 0);
		break;
	case P_LAST:
		go(p, p->nshown - 1, 0);
		break;
	case P_OVERVIEW:
		p->mode = M_OVERVIEW;
		p->ov_sel = p->cur;
		p->dirty = 1;
		break;
	case P_SEARCH:
		p->mode = M_SEARCH;
		buf_reset(&p->input);
		p->dirty = 1;
		break;
	case P_SEARCH_NEXT:
		search(p);
		break;
	case P_RELOAD:
		reload(p);
		break;
	case P_BLANK:
		p->blank = 1;
		p->dirty = 1;
		break;
	case P_TIMER:
		p->t0 = wall();
		snprintf(p->msg, sizeof p->msg, "timer restarted");
		p->dirty = 1;
		share(p);
		break;
	case P_HELP:
		p->mode = M_HELP;
		p->dirty = 1;
		break;
	case P_QUIT:
		p->quit = 1;
		break;
	case P_CANCEL:
		p->ndigits = 0;
		p->number = 0;
		p->marking = 0;
		p->dirty = 1;
		break;
	case P_NONE:
		if (key == FN(KEY_RESIZE)) {
			screen_resized(p->scr);
			p->dirty = 1;
		}
		break;
	}
}

/* A key or a mouse event from the screen. */
static void
input(struct pres *p, int k)
{
	int y, x;

	if (k != FN(KEY_MOUSE)) {
		key(p, k);
		return;
	}
	switch (screen_mouse(p->scr, &y, &x)) {
	case SMOUSE_CLICK:
	case SMOUSE_WHEEL_DOWN:
		key(p, p->mode == M_SLIDE ? ' ' : 0);
		break;
	case SMOUSE_WHEEL_UP:
		key(p, p->mode == M_SLIDE ? 'k' : 0);
		break;
	case SMOUSE_NONE:
		break;
	}
}

/* ---------------------------------------------------------------- */
/* Painting */

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

static void
paint_text(struct pres *p, int y, int x, int w, const char *s,
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
	o.elapsed = footer ? wall() - p->t0 : -1;
	o.scroll = scroll;
	o.mark = p->marking ? p->search : NULL;
	o.no_footer = !footer;
	slide_frame_compose(p->deck, slide, step, &o, f);
}

static void
draw_presenter(struct pres *p)
{
	struct slide_frame f;
	const struct slide *s = cur_slide(p);
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
	paint_text(p, 0, 0, p->cols, buf, UI_STATUS);
	compose(p, p->shown[p->cur], p->step, lw, p->rows - 2, p->scroll, 1,
	    &f);
	p->max_scroll = f.max_scroll;
	p->page = f.area_rows;
	p->scroll = f.scroll;
	paint_frame(p, &f, 1, 0);
	slide_frame_clear(&f);
	for (y = 1; y < p->rows - 1; y++)
		paint_text(p, y, lw, 1, "│", UI_BORDER);
	if (nstep >= s->nsteps) {
		nx = p->cur + 1;
		nstep = 0;
		what = "Next slide";
	}
	ph = (p->rows - 2) * 2 / 5;
	if (nx < p->nshown) {
		paint_text(p, 1, lw + 1, rw, what, UI_TITLE);
		compose(p, p->shown[nx], nstep, rw, ph, 0, 0, &f);
		paint_frame(p, &f, 2, lw + 1);
		slide_frame_clear(&f);
	} else {
		paint_text(p, 1, lw + 1, rw, "End of the deck", UI_TITLE);
	}
	y = 2 + ph;
	paint_text(p, y++, lw + 1, rw, "Notes", UI_TITLE);
	if (*s->notes) {
		struct render_opts ro;
		struct rdoc *doc;

		memset(&ro, 0, sizeof ro);
		ro.width = rw - 1 < 10 ? 10 : rw - 1;
		doc = render_markdown(s->notes, strlen(s->notes), &ro);
		for (r = 0; r < (int)doc->nlines && y < p->rows - 1; r++)
			if (doc->lines[r].width <= rw)
				paint_line(p, y++, lw + 1, rw, &doc->lines[r],
				    UI_TEXT);
		rdoc_free(doc);
	} else {
		paint_text(p, y++, lw + 1, rw, "(no notes)", UI_TEXT);
	}
	clock_str(el, sizeof el, (long)(wall() - p->t0));
	if (p->deck->duration_s > 0) {
		long rest = p->deck->duration_s - (long)(wall() - p->t0);

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
	paint_text(p, p->rows - 1, 0, p->cols, buf, UI_STATUS);
}

static void
draw_overview(struct pres *p)
{
	int c = ov_cols(p), cw = (p->cols - 2) / c, per, rows = p->rows - 2;
	size_t i;
	int y, x;

	paint_text(p, 0, 0, p->cols, " Overview: arrows move, Enter opens, "
	    "o or Esc closes", UI_STATUS);
	per = rows * c;
	if ((int)p->ov_sel / c < p->ov_top)
		p->ov_top = (int)p->ov_sel / c;
	if ((int)p->ov_sel / c >= p->ov_top + rows)
		p->ov_top = (int)p->ov_sel / c - rows + 1;
	for (y = 1; y < p->rows - 1; y++)
		paint_text(p, y, 0, p->cols, "", UI_TEXT);
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
		clean[n] = '\0';
		l.text = clean;
		y = 1 + (int)(i / (size_t)c) - p->ov_top;
		x = 1 + (int)(i % (size_t)c) * cw;
		screen_paint_line(p->scr, y, x, cw - 1, &l, i == p->ov_sel ?
		    ST_SELECTED : 0, UI_TEXT);
		free(clean);
	}
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
		paint_text(p, y++, 2, w, one, UI_TEXT);
		free(one);
	}
	buf_free(&b);
}

static void
draw(struct pres *p)
{
	struct slide_frame f;

	int y;

	p->rows = screen_rows(p->scr);
	p->cols = screen_cols(p->scr);
	for (y = 0; y < p->rows; y++)
		screen_clear_eol(p->scr, y, 0, -1, UI_SLIDE_TEXT);
	screen_cursor(p->scr, -1, 0);
	if (p->blank || p->nshown == 0) {
		screen_flush(p->scr);
		return;
	}
	if (p->mode == M_OVERVIEW) {
		draw_overview(p);
	} else if (p->mode == M_HELP) {
		draw_help(p);
	} else if (p->o->presenter && p->cols >= 60 && p->rows >= 12) {
		draw_presenter(p);
	} else {
		compose(p, p->shown[p->cur], p->step, p->cols, p->rows,
		    p->scroll, 1, &f);
		p->max_scroll = f.max_scroll;
		p->page = f.area_rows;
		p->scroll = f.scroll;
		paint_frame(p, &f, 0, 0);
		slide_frame_clear(&f);
	}
	if (p->mode == M_SEARCH) {
		char *q = xasprintf("/%s", buf_str(&p->input));

		paint_text(p, p->rows - 1, 0, p->cols, q, UI_PROMPT);
		free(q);
		screen_cursor(p->scr, p->rows - 1, 1 + text_width(p->input.ptr ?
		    p->input.ptr : "", p->input.len));
	} else if (p->ndigits) {
		char q[64];

		snprintf(q, sizeof q, " go to slide %ld (Enter)", p->number);
		paint_text(p, p->rows - 1, 0, p->cols, q, UI_PROMPT);
	} else if (p->msg[0]) {
		/* on the top row (the margin), so the footer stays in view */
		char *q = xasprintf(" %s", p->msg);

		paint_text(p, 0, 0, p->cols, q, UI_STATUS);
		free(q);
	}
	screen_flush(p->scr);
}

/* ---------------------------------------------------------------- */
/* The loop */

static void
watch_deck(struct pres *p)
{
	char *real = path_real(p->o->path);

	p->ifd = -1;
	if (!real)
		return;
	p->dirname = path_dir(real);
	p->basename = xstrdup(path_base(real));
	free(real);
	p->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (p->ifd < 0)
		return;
	if (inotify_add_watch(p->ifd, *p->dirname ? p->dirname : "/",
	    IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		close(p->ifd);
		p->ifd = -1;
	}
}

static void
watch_read(struct pres *p)
{
	char ev[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	char *at;

	while ((n = read(p->ifd, ev, sizeof ev)) > 0) {
		for (at = ev; at < ev + n;) {
			struct inotify_event *e = (struct inotify_event *)at;

			if (e->len && strcmp(e->name, p->basename) == 0)
				p->reload_at = now_seconds() + 0.05;
			at += sizeof *e + e->len;
		}
	}
}

static void
loop(struct pres *p)
{
	struct pollfd pfds[3 + LINK_MAX_FDS];
	struct link_pos mine, pos;
	int n, nl = 0, ch, fn, timeout;
	double now;

	while (!p->quit) {
		if (p->dirty) {
			p->dirty = 0;
			draw(p);
		}
		n = 0;
		pfds[n].fd = STDIN_FILENO;
		pfds[n++].events = POLLIN;
		pfds[n].fd = p->ifd;
		pfds[n++].events = POLLIN;
		pfds[n].fd = p->sfd;
		pfds[n++].events = POLLIN;
		if (p->link)
			nl = link_pollfds(p->link, pfds + n);
		now = wall();
		timeout = 1000 - (int)((now - (long)now) * 1000) + 5;
		if (p->reload_at > 0)
			timeout = 60;
		if (poll(pfds, (nfds_t)(n + (p->link ? nl : 0)), timeout) < 0 &&
		    errno != EINTR)
			break;
		while (!p->quit && (ch = screen_getkey(p->scr, 0, &fn)) != -1)
			input(p, fn ? FN(ch) : ch);
		if (p->ifd >= 0 && (pfds[1].revents & POLLIN))
			watch_read(p);
		if (p->sfd >= 0 && (pfds[2].revents & POLLIN))
			p->quit = 1;	/* cleaned up like q */
		if (p->reload_at > 0 && now_seconds() >= p->reload_at)
			reload(p);
		if (p->link && p->nshown) {
			mine.slide = (long)p->shown[p->cur];
			mine.step = p->step;
			mine.t0 = p->t0;
			if (link_service(p->link, pfds + n, nl, &mine, &pos))
				follow(p, &pos);
		}
		if ((long)wall() != p->last_tick) {
			p->last_tick = (long)wall();
			p->dirty = 1;	/* the clocks */
		}
	}
}

int
present_run(const struct present_opts *o, char **cause)
{
	struct pres p;
	char *why = NULL;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.o = o;
	p.ifd = p.sfd = -1;
	p.theme = o->theme;
	if (!p.theme)
		p.theme = p.own_theme = theme_builtin();
	if (deck_load(o->path, &p.deck, cause) < 0)
		goto done;
	set_shown(&p);
	if (p.nshown == 0) {
		fail(cause, "%s: every slide is hidden", o->path);
		goto done;
	}
	if (o->start > 0)
		p.cur = (size_t)o->start - 1 < p.nshown ?
		    (size_t)o->start - 1 : p.nshown - 1;
	p.t0 = wall();
	watch_deck(&p);
	if (link_open(o->path, &p.link, &why) < 0) {
		/* presenting alone works; say why there is no link */
		snprintf(p.msg, sizeof p.msg, "no presenter link: %s", why);
		free(why);
		p.link = NULL;
	}
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		sigaddset(&set, SIGINT);
		sigprocmask(SIG_BLOCK, &set, NULL);
		p.sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	}
	if (screen_open(&p.scr, p.theme, cause) < 0)
		goto done;
	p.dirty = 1;
	if (p.link && !link_is_hub(p.link) && o->start > 0)
		share(&p);
	loop(&p);
	screen_close(p.scr);
	rc = 0;
done:
	link_close(p.link);
	if (p.ifd >= 0)
		close(p.ifd);
	if (p.sfd >= 0)
		close(p.sfd);
	free(p.dirname);
	free(p.basename);
	free(p.shown);
	free(p.search);
	buf_free(&p.input);
	deck_free(p.deck);
	theme_free(p.own_theme);
	return rc;
}
