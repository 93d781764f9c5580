/*
 * frame.c: composing one frame of a presentation as styled lines. Each
 * slot's visible parts are rendered by the one renderer; layouts are then
 * plain composition of those lines: margins, centring, columns, a box
 * for images, block letters for titles, a quote bar, scrolling with
 * "more" marks, and the footer (title, n/N, progress bar, clock).
 */
#include "deck/frame.h"
#include "deck/bigfont.h"
#include "core/util.h"
#include "render/embed.h"
#include "render/image.h"
#include "render/width.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pane {
	struct rline *l;
	size_t n, cap;
};

/* Pictures for the frame being composed (set by slide_frame_compose for
 * the length of the call, per thread): the rows a picture paragraph
 * gets (0: pictures stay "[image: alt]" text) and the deck's folder,
 * which image references are relative to. */
static _Thread_local struct {
	int rows;
	const char *dir;
} pic;

/* The frame being composed, whose links[] the slots add their note links
 * to, and the link to show selected (frame_opts.select_link); set for
 * the length of slide_frame_compose. */
static _Thread_local struct {
	struct slide_frame *f;
	size_t cap;
	int select;
} lk;

/* ---------------------------------------------------------------- */
/* Lines */

static void
rl_free(struct rline *l)
{
	free(l->text);
	free(l->spans);
	memset(l, 0, sizeof *l);
}

static void
rl_span(struct rline *l, size_t off, size_t len, unsigned style, int link)
{
	struct rspan *s;

	if (len == 0 || (style == 0 && link < 0))
		return;
	if (l->nspans > 0) {
		s = &l->spans[l->nspans - 1];
		if (s->off + s->len == off && s->style == style &&
		    s->link == link) {
			s->len += len;
			return;
		}
	}
	l->spans = xrealloc(l->spans, (l->nspans + 1) * sizeof *l->spans);
	s = &l->spans[l->nspans++];
	s->off = off;
	s->len = len;
	s->style = style;
	s->link = link;
}

/* Append n bytes to l's text (struct buf does the growing). */
static size_t
rl_grow(struct rline *l, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t old;

	buf_adds(&b, l->text ? l->text : "");
	old = b.len;
	buf_add(&b, s, n);
	free(l->text);
	l->text = buf_take(&b);
	return old;
}

/* Append n bytes of sanitised text in style. */
static void
rl_add(struct rline *l, const char *s, size_t n, unsigned style)
{
	size_t old = rl_grow(l, s, n);

	rl_span(l, old, n, style, -1);
	l->width += text_width(s, n);
}

static void
rl_pad(struct rline *l, int cols, unsigned style)
{
	char sp[64];
	int k;

	memset(sp, ' ', sizeof sp);
	while (cols > 0) {
		k = cols < (int)sizeof sp ? cols : (int)sizeof sp;
		rl_add(l, sp, (size_t)k, style);
		cols -= k;
	}
}

/* Append src (its spans moved along, extra style added everywhere). */
static void
rl_cat(struct rline *dst, const struct rline *src, unsigned extra)
{
	const char *t = src->text ? src->text : "";
	size_t len = strlen(t), i, at = 0, old = rl_grow(dst, t, len);

	for (i = 0; i < src->nspans; i++) {
		const struct rspan *s = &src->spans[i];

		if (s->off > at)
			rl_span(dst, old + at, s->off - at, extra, -1);
		rl_span(dst, old + s->off, s->len, s->style | extra, s->link);
		at = s->off + s->len;
	}
	if (len > at)
		rl_span(dst, old + at, len - at, extra, -1);
	dst->width += src->width;
}

/* Leading no-break spaces (mdp's kept indentation) made plain spaces, so
 * that a printed frame holds what the screen shows. */
static void
rl_plain_lead(struct rline *l)
{
	size_t k = 0, i, len;

	while (l->text && memcmp(l->text + 2 * k, "\xc2\xa0", 2) == 0)
		k++;
	if (k == 0)
		return;
	len = strlen(l->text);
	memset(l->text, ' ', k);
	memmove(l->text + k, l->text + 2 * k, len - 2 * k + 1);
	for (i = 0; i < l->nspans; i++) {
		struct rspan *s = &l->spans[i];
		size_t end = s->off + s->len;

		s->off = s->off < 2 * k ? s->off / 2 : s->off - k;
		end = end < 2 * k ? end / 2 : end - k;
		s->len = end - s->off;
	}
}

/* Cut to at most w columns. */
static void
rl_cut(struct rline *l, int w)
{
	size_t keep, i, n = 0;
	int used;

	if (l->width <= w)
		return;
	keep = text_fit(l->text, strlen(l->text), w < 0 ? 0 : w, &used);
	l->text[keep] = '\0';
	l->width = used;
	for (i = 0; i < l->nspans; i++) {
		struct rspan *s = &l->spans[i];

		if (s->off >= keep)
			continue;
		if (s->off + s->len > keep)
			s->len = keep - s->off;
		l->spans[n++] = *s;
	}
	l->nspans = n;
}

static int
rl_has(const struct rline *l, unsigned style)
{
	size_t i;

	for (i = 0; i < l->nspans; i++)
		if (l->spans[i].style & style)
			return 1;
	return 0;
}

static int
rl_blank(const struct rline *l)
{
	const char *p;

	for (p = l->text ? l->text : ""; *p; p++)
		if (*p != ' ')
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- */
/* Panes: lists of lines */

static struct rline *
pane_add(struct pane *p)
{
	struct rline *l;

	p->l = xgrow(p->l, &p->cap, p->n + 1, sizeof *p->l);
	l = &p->l[p->n++];
	memset(l, 0, sizeof *l);
	l->text = xstrdup("");
	return l;
}

static void
pane_free(struct pane *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		rl_free(&p->l[i]);
	free(p->l);
	memset(p, 0, sizeof *p);
}

static void
pane_blank(struct pane *p, int n)
{
	while (n-- > 0)
		pane_add(p);
}

/* Move src's lines to the end of dst. */
static void
pane_move(struct pane *dst, struct pane *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		dst->l = xgrow(dst->l, &dst->cap, dst->n + 1, sizeof *dst->l);
		dst->l[dst->n++] = src->l[i];
	}
	free(src->l);
	memset(src, 0, sizeof *src);
}

static int
pane_width(const struct pane *p)
{
	size_t i;
	int w = 0;

	for (i = 0; i < p->n; i++)
		if (p->l[i].width > w)
			w = p->l[i].width;
	return w;
}

/* Blank lines at both ends go. */
static void
pane_trim(struct pane *p)
{
	size_t lead = 0, i;

	while (p->n > 0 && rl_blank(&p->l[p->n - 1]))
		rl_free(&p->l[--p->n]);
	while (lead < p->n && rl_blank(&p->l[lead]))
		rl_free(&p->l[lead++]);
	if (lead) {
		for (i = lead; i < p->n; i++)
			p->l[i - lead] = p->l[i];
		p->n -= lead;
	}
}

/* Put left and right side by side, gap columns apart. */
static void
pane_beside(struct pane *out, struct pane *left, int wl, int gap,
    struct pane *right)
{
	size_t i, n = left->n > right->n ? left->n : right->n;
	struct rline *l;

	for (i = 0; i < n; i++) {
		l = pane_add(out);
		if (i < left->n) {
			rl_cut(&left->l[i], wl);
			rl_cat(l, &left->l[i], 0);
		}
		if (i < right->n) {
			rl_pad(l, wl + gap - l->width, 0);
			rl_cat(l, &right->l[i], 0);
		}
	}
	pane_free(left);
	pane_free(right);
}

/* ---------------------------------------------------------------- */
/* Slots */

/* A highlighted code line: a bar in the code block's first column (its
 * padding), so the highlight shows in plain text too. */
static void
mark_line(struct rline *l)
{
	struct rline n = {0};

	n.text = xstrdup("");
	rl_add(&n, "▌", 3, ST_CODEBLOCK | ST_MARKER);
	l->width--;
	memmove(l->text, l->text + 1, strlen(l->text));
	{
		size_t i;

		for (i = 0; i < l->nspans; i++) {
			if (l->spans[i].off > 0) {
				l->spans[i].off--;
			} else if (l->spans[i].len > 0) {
				l->spans[i].len--;
			}
		}
	}
	rl_cat(&n, l, 0);
	rl_free(l);
	*l = n;
}

/* Add doc's note links to the frame's (lk); note[k] gets the frame's
 * number of doc link k, -1 for an external or anchor-only one. */
static void
note_links(const struct rdoc *doc, long *note)
{
	struct slide_frame *f = lk.f;
	size_t k;

	for (k = 0; k < doc->nlinks; k++) {
		const struct rlink *rl = &doc->links[k];
		struct frame_link *fl;

		note[k] = -1;
		if (!f || rl->external || !*rl->target)
			continue;
		f->links = xgrow(f->links, &lk.cap, f->nlinks + 1,
		    sizeof *f->links);
		fl = &f->links[f->nlinks];
		fl->target = xstrdup(rl->target);
		fl->anchor = rl->anchor ? xstrdup(rl->anchor) : NULL;
		fl->wiki = rl->wiki;
		note[k] = (long)f->nlinks++;
	}
}

/* A link span's index points into doc, which is about to go: make it
 * the image_intern() id of an external target (frame.h), else -1; the
 * selected note link's spans (note[] from note_links) get ST_SELECTED. */
static void
link_ids(struct rline *l, const struct rdoc *doc, const long *note)
{
	size_t i;

	for (i = 0; i < l->nspans; i++) {
		struct rspan *sp = &l->spans[i];

		if (ST_IS_PICTURE(sp->style))
			continue;
		if (sp->link >= 0 && (size_t)sp->link < doc->nlinks &&
		    lk.select > 0 && note[sp->link] == lk.select - 1)
			sp->style |= ST_SELECTED;
		if (sp->link >= 0 && (size_t)sp->link < doc->nlinks &&
		    doc->links[sp->link].external)
			sp->link = image_intern(doc->links[sp->link].target);
		else
			sp->link = -1;
	}
}

/* Render Markdown of slide s at width into p; lines centred when center
 * is 1, right-aligned when 2; a code part's lines outside its highlight
 * ranges dimmed. ![[x]] embeds x.md from the slide's folder. */
static void
render_into(struct pane *p, const struct slide *s, const char *md, int width,
    int center, const char *ranges)
{
	struct render_opts ro;
	struct embed_src es = {0};
	struct pane tmp = {0};
	struct rdoc *doc;
	char *dir = path_dir(s->file && *s->file ? s->file : ".");
	long *note;
	size_t i;
	int code = 0;

	memset(&ro, 0, sizeof ro);
	ro.width = width < 10 ? 10 : width;
	es.dir = dir;
	ro.embed = embed_note;
	ro.embed_arg = &es;
	ro.picture_rows = pic.rows;
	ro.base_dir = pic.dir;
	doc = render_markdown(md, strlen(md), &ro);
	free(dir);
	note = xcalloc(doc->nlinks + 1, sizeof *note);
	note_links(doc, note);
	for (i = 0; i < doc->nlines; i++) {
		struct rline *l = pane_add(&tmp);

		rl_cat(l, &doc->lines[i], 0);
		rl_plain_lead(l);
		link_ids(l, doc, note);
		rl_cut(l, width);
		if (ranges && rl_has(l, ST_CODEBLOCK)) {
			if (!deck_line_in_ranges(ranges, ++code))
				rline_mark(l, 0, strlen(l->text), ST_DIM);
			else if (!deck_line_in_ranges(ranges, INT_MAX) &&
			    l->text[0] == ' ')
				mark_line(l);
		}
		if (center && l->width < width)
			rline_pad_left(l, center == 2 ? width - l->width :
			    (width - l->width) / 2);
	}
	free(note);
	rdoc_free(doc);
	pane_trim(&tmp);
	if (tmp.n && p->n && !rl_blank(&p->l[p->n - 1]))
		pane_add(p);
	pane_move(p, &tmp);
}

static int
big_layout(const char *layout)
{
	static const char *const big[] = { "cover", "intro", "section",
	    "statement", "fact", "end", NULL };
	size_t i;

	for (i = 0; big[i]; i++)
		if (strcmp(big[i], layout) == 0)
			return 1;
	return 0;
}

/* The title in block letters when it can be, else as its heading. */
static void
title_into(struct pane *p, const struct slide *s, const struct deck_part *tp,
    int width, int max_rows)
{
	struct buf b = BUF_INIT;
	const char *line, *nl;
	struct rline *l;
	size_t first, k;
	int w = 0, n;

	if (bigfont_draw(s->title, width, max_rows, &b) <= 0) {
		render_into(p, s, tp->md, width, 1, NULL);
		buf_free(&b);
		return;
	}
	if (p->n && !rl_blank(&p->l[p->n - 1]))
		pane_add(p);
	first = p->n;
	for (line = buf_str(&b); *line; line = nl + 1) {
		nl = strchr(line, '\n');
		n = (int)(nl - line);
		while (n > 0 && line[n - 1] == ' ')
			n--;
		l = pane_add(p);
		rl_add(l, line, (size_t)n, ST_TITLE);
		if (l->width > w)
			w = l->width;
	}
	/* centred as one block, so the letters stay aligned */
	for (k = first; k < p->n; k++)
		rline_pad_left(&p->l[k], (width - w) / 2);
	buf_free(&b);
}

/*
 * The visible parts of slot at step, rendered into p at width: runs of
 * parts with the same alignment are rendered together (so a list cut
 * into steps stays one list). *middle gets the line where presenterm's
 * jump_to_middle was, or -1.
 */
static void
slot_into(struct pane *p, const struct slide *s, enum deck_slot slot,
    int step, int width, int big, int title_rows, int *middle)
{
	struct buf md = BUF_INIT;
	int center = -1;
	size_t i;

	for (i = 0; i < s->nparts; i++) {
		const struct deck_part *pt = &s->parts[i];
		int c = pt->center ? pt->center : big;

		if (pt->slot != slot || !deck_part_visible(pt, step))
			continue;
		if (md.len && (c != center || pt->kind != PART_MD ||
		    pt->nhl)) {
			render_into(p, s, buf_str(&md), width, center, NULL);
			buf_reset(&md);
		}
		center = c;
		switch (pt->kind) {
		case PART_TITLE:
			if (big) {
				title_into(p, s, pt, width, title_rows);
				continue;
			}
			buf_adds(&md, pt->md);
			break;
		case PART_SPACE:
			pane_blank(p, pt->lines);
			break;
		case PART_MIDDLE:
			if (middle)
				*middle = (int)p->n;
			break;
		case PART_MD:
			if (pt->nhl)
				render_into(p, s, pt->md, width, c,
				    deck_part_highlight(pt, step));
			else
				buf_adds(&md, pt->md);
			break;
		}
	}
	if (md.len)
		render_into(p, s, buf_str(&md), width, center, NULL);
	buf_free(&md);
}

static int
has_slot(const struct slide *s, enum deck_slot slot)
{
	size_t i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].slot == slot)
			return 1;
	return 0;
}

/* A box holding the image's alt text, w by h. */
static void
image_box(struct pane *p, const struct slide *s, int w, int h)
{
	const char *alt = fm_scalar(s->fm, "alt"), *img, *t;
	struct pane text = {0};
	struct rline *l;
	size_t len, next;
	char *clean, *what, *path;
	int i, top;

	img = fm_scalar(s->fm, "image");
	if (!img)
		img = fm_scalar(s->fm, "url");
	if (!alt || !*alt)
		alt = fm_scalar(s->fm, "caption");
	what = xstrdup(alt && *alt ? alt : img && *img ? path_base(img) :
	    "image");
	clean = text_sanitize(what, strlen(what));
	free(what);
	if (w < 8)
		w = 8;
	if (h < 3)
		h = 3;
	if (img && (path = image_resolve(pic.dir, img)) != NULL) {
		/* the file is there: a box a painter can fill (image.h) */
		struct rdoc box = {0};

		picture_box(&box, image_intern(path), clean, w, h);
		for (i = 0; i < (int)box.nlines; i++) {
			rl_cat(pane_add(p), &box.lines[i], 0);
			free(box.lines[i].text);
			free(box.lines[i].spans);
		}
		free(box.lines);
		free(path);
		free(clean);
		return;
	}
	for (t = clean, len = strlen(clean); len > 0;) {
		size_t n = text_wrap(t, len, w - 4, &next);

		rl_add(pane_add(&text), t, n, ST_IMAGE);
		t += next;
		len -= next;
	}
	free(clean);
	l = pane_add(p);
	rl_add(l, "┌", 3, ST_DIM);
	for (i = 0; i < w - 2; i++)
		rl_add(l, "─", 3, ST_DIM);
	rl_add(l, "┐", 3, ST_DIM);
	top = (h - 2 - (int)text.n) / 2;
	for (i = 0; i < h - 2; i++) {
		int k = i - top;

		l = pane_add(p);
		rl_add(l, "│", 3, ST_DIM);
		if (k >= 0 && k < (int)text.n) {
			rl_pad(l, (w - 2 - text.l[k].width) / 2, 0);
			rl_cat(l, &text.l[k], 0);
		}
		rl_pad(l, w - 1 - l->width, 0);
		rl_add(l, "│", 3, ST_DIM);
	}
	l = pane_add(p);
	rl_add(l, "└", 3, ST_DIM);
	for (i = 0; i < w - 2; i++)
		rl_add(l, "─", 3, ST_DIM);
	rl_add(l, "┘", 3, ST_DIM);
	pane_free(&text);
}

static int
is_layout(const struct slide *s, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		if (strcmp(s->layout, names[i]) == 0)
			return 1;
	return 0;
}

/* The slide's content at width aw (ah rows to fill); *vcenter says
 * whether it sits in the middle of the area. */
static void
body_into(struct pane *body, const struct slide *s, int step, int aw,
    int ah, int *vcenter, int *middle)
{
	static const char *const images[] = { "image", "image-left",
	    "image-right", "iframe", "iframe-left", "iframe-right", NULL };
	static const char *const centred[] = { "center", "quote",
	    "statement", "fact", NULL };
	int big = big_layout(s->layout), quote = strcmp(s->layout, "quote") == 0;
	int trows = ah >= 18 ? ah / 3 : BIGFONT_ROWS;
	struct pane a = {0}, b = {0};
	size_t i;

	*middle = -1;
	*vcenter = big || is_layout(s, centred);
	if (quote)
		aw -= 2;
	if (is_layout(s, images)) {
		int side = strcmp(s->layout, "image") != 0 &&
		    strcmp(s->layout, "iframe") != 0;
		int bw = side ? (aw - 3) / 2 : aw, tw = side ? aw - 3 - bw : aw;
		int bh = side ? (ah < 7 ? ah : ah * 2 / 3) : (ah < 9 ? 3 : ah / 2);

		image_box(&a, s, bw, bh);
		slot_into(&b, s, SLOT_MAIN, step, tw, 0, trows, NULL);
		slot_into(&b, s, SLOT_LEFT, step, tw, 0, trows, NULL);
		slot_into(&b, s, SLOT_RIGHT, step, tw, 0, trows, NULL);
		slot_into(&b, s, SLOT_BOTTOM, step, tw, 0, trows, NULL);
		if (!side) {
			pane_move(body, &a);
			if (b.n)
				pane_add(body);
			pane_move(body, &b);
		} else if (strstr(s->layout, "left")) {
			pane_beside(body, &a, bw, 3, &b);
		} else {
			pane_beside(body, &b, tw, 3, &a);
		}
		*vcenter = 1;
	} else if (has_slot(s, SLOT_LEFT) || has_slot(s, SLOT_RIGHT)) {
		int c0 = s->cols[0] > 0 ? s->cols[0] : 1;
		int c1 = s->cols[1] > 0 ? s->cols[1] : 1;
		int wl = (aw - 3) * c0 / (c0 + c1), wr = aw - 3 - wl;

		slot_into(body, s, SLOT_MAIN, step, aw, big, trows, NULL);
		slot_into(&a, s, SLOT_LEFT, step, wl, 0, trows, NULL);
		slot_into(&b, s, SLOT_RIGHT, step, wr, 0, trows, NULL);
		if (body->n && (a.n || b.n))
			pane_add(body);
		{
			struct pane cols = {0};

			pane_beside(&cols, &a, wl, 3, &b);
			pane_move(body, &cols);
		}
		slot_into(&a, s, SLOT_BOTTOM, step, aw, big, trows, NULL);
		if (a.n && body->n)
			pane_add(body);
		pane_move(body, &a);
	} else {
		slot_into(body, s, SLOT_MAIN, step, aw, big, trows, middle);
		slot_into(body, s, SLOT_BOTTOM, step, aw, big, trows, NULL);
	}
	if (quote)
		for (i = 0; i < body->n; i++) {
			struct rline l = {0};

			l.text = xstrdup("");
			rl_add(&l, "│ ", 4, ST_QUOTE);
			rl_cat(&l, &body->l[i], ST_QUOTE);
			rl_free(&body->l[i]);
			body->l[i] = l;
		}
	if (quote || strcmp(s->layout, "center") == 0) {
		int w = pane_width(body);

		for (i = 0; i < body->n; i++)
			rline_pad_left(&body->l[i], (aw + 2 * quote - w) / 2);
	}
}

static void
clock_text(struct buf *b, long s)
{
	if (s >= 3600)
		buf_printf(b, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		buf_printf(b, "%ld:%02ld", s / 60, s % 60);
}

size_t
slide_frame_position(const struct deck *d, size_t slide, size_t *total)
{
	size_t i, pos = 0, n = 0;

	for (i = 0; i < d->nslides; i++) {
		if (d->slides[i].hidden)
			continue;
		n++;
		if (i <= slide)
			pos = n;
	}
	*total = n;
	return pos;
}

/* The deck's title for the footer in *l, at most maxw columns (cut with
 * "…"): presenterm titles are inline Markdown (_x_, **x**, `x`). */
static void
footer_title(const struct deck *d, int maxw, struct rline *l)
{
	char *title = text_sanitize(d->title, strlen(d->title));
	struct render_opts ro;
	struct rdoc *doc = NULL;

	if (d->syntax == DECK_PRESENTERM) {
		memset(&ro, 0, sizeof ro);
		ro.width = 1000;
		doc = render_markdown(title, strlen(title), &ro);
	}
	if (doc && doc->nlines > 0)
		rl_cat(l, &doc->lines[0], 0);
	else
		rl_add(l, title, strlen(title), 0);
	if (l->width > maxw) {
		rl_cut(l, maxw > 1 ? maxw - 1 : 0);
		rl_add(l, "…", 3, 0);
	}
	if (doc)
		rdoc_free(doc);
	free(title);
}

/* The last row: deck title, progress bar, clock, n/N. */
static void
footer(struct slide_frame *f, const struct deck *d, size_t slide,
    const struct frame_opts *o)
{
	struct rline *l = &f->rows[f->height - 1], title = { 0 };
	struct buf right = BUF_INIT;
	size_t pos, total, off, i;
	int bar, done, tw, rw;

	pos = slide_frame_position(d, slide, &total);
	if (o->elapsed >= 0) {
		clock_text(&right, (long)o->elapsed);
		if (d->duration_s > 0) {
			long left = d->duration_s - (long)o->elapsed;

			buf_adds(&right, left >= 0 ? " · " : " · over ");
			clock_text(&right, left >= 0 ? left : -left);
			if (left >= 0)
				buf_adds(&right, " left");
		}
		buf_adds(&right, "  ");
	}
	buf_printf(&right, "%zu/%zu ", pos, total);
	rw = text_width(right.ptr, right.len);
	footer_title(d, f->width / 3, &title);
	tw = title.width;
	bar = f->width - 1 - tw - 2 - 2 - rw;
	if (bar < 8) {
		rl_free(&title);
		memset(&title, 0, sizeof title);
		tw = 0;
		bar = f->width - 1 - 2 - 2 - rw;	/* a gap each side */
	}
	rl_add(l, " ", 1, 0);
	rl_cat(l, &title, 0);
	if (bar >= 4) {
		rl_pad(l, 2, 0);
		done = total ? (int)((size_t)bar * pos / total) : 0;
		off = strlen(l->text);
		for (i = 0; i < (size_t)done; i++)
			rl_add(l, "━", 3, 0);
		for (i = (size_t)done; i < (size_t)bar; i++)
			rl_add(l, "─", 3, 0);
		f->bar_off = off;
		f->bar_done = (size_t)done * 3;
		f->bar_rest = (size_t)(bar - done) * 3;
	}
	rl_pad(l, f->width - rw - l->width, 0);
	rl_add(l, right.ptr, right.len, 0);
	rl_cut(l, f->width);
	f->footer = 1;
	buf_free(&right);
	rl_free(&title);
}

static void
notice(struct slide_frame *f, const char *msg)
{
	struct rline *l = &f->rows[f->height / 2];
	int w = text_width(msg, strlen(msg));

	rl_pad(l, (f->width - w) / 2, 0);
	rl_add(l, msg, strlen(msg), ST_DIM);
	rl_cut(l, f->width);
}

static void
mark(struct slide_frame *f, const char *what)
{
	size_t n = strlen(what), *offs = NULL, k, cap = 0, count;
	const char *p;
	int r;

	if (n == 0)
		return;
	for (r = 0; r < f->height - f->footer; r++) {
		/* offsets first: marking rebuilds the line's text */
		count = 0;
		for (p = strcasestr(f->rows[r].text, what); p;
		    p = strcasestr(p + n, what)) {
			offs = xgrow(offs, &cap, count + 1, sizeof *offs);
			offs[count++] = (size_t)(p - f->rows[r].text);
		}
		for (k = 0; k < count; k++)
			rline_mark(&f->rows[r], offs[k], n, ST_MATCH);
	}
	free(offs);
}

void
slide_frame_compose(const struct deck *d, size_t slide, int step,
    const struct frame_opts *o, struct slide_frame *f)
{
	struct pane body = {0};
	int mx, aw, ah, top, vcenter, middle, off = 0, r, i;
	char msg[80], *dir;

	memset(f, 0, sizeof *f);
	f->width = o->width > 0 ? o->width : 1;
	f->height = o->height > 0 ? o->height : 1;
	f->rows = xcalloc((size_t)f->height, sizeof *f->rows);
	for (r = 0; r < f->height; r++)
		f->rows[r].text = xstrdup("");
	if (f->width < FRAME_MIN_W || f->height < FRAME_MIN_H) {
		snprintf(msg, sizeof msg, "too small: %dx%d at least",
		    FRAME_MIN_W, FRAME_MIN_H);
		notice(f, msg);
		return;
	}
	if (slide >= d->nslides) {
		notice(f, "no such slide");
		return;
	}
	mx = f->width >= 100 ? 4 : f->width >= 60 ? 2 : 1;
	aw = f->width - 2 * mx;
	top = f->height >= 12 ? 1 : 0;
	ah = f->height - (o->no_footer ? 0 : 1) - 2 * top;
	dir = d->path ? path_dir(d->path) : NULL;
	pic.dir = dir && *dir ? dir : ".";
	pic.rows = o->pictures ? (ah * 2 / 3 < 3 ? 3 : ah * 2 / 3) : 0;
	lk.f = f;
	lk.cap = 0;
	lk.select = o->select_link;
	body_into(&body, &d->slides[slide], step, aw, ah, &vcenter, &middle);
	lk.f = NULL;
	pic.dir = NULL;
	pic.rows = 0;
	free(dir);
	f->content_rows = (int)body.n;
	f->area_rows = ah;
	if ((int)body.n < ah) {
		if (middle >= 0) {
			int rest = (int)body.n - middle;
			int want = (ah - rest) / 2;

			if (want > middle) {
				struct pane tail = {0};

				for (i = middle; i < (int)body.n; i++) {
					tail.l = xgrow(tail.l, &tail.cap,
					    tail.n + 1, sizeof *tail.l);
					tail.l[tail.n++] = body.l[i];
				}
				body.n = (size_t)middle;
				pane_blank(&body, want - middle);
				pane_move(&body, &tail);
			}
		} else if (vcenter) {
			off = (ah - (int)body.n) / 2;
		}
	}
	f->max_scroll = (int)body.n > ah ? (int)body.n - ah : 0;
	f->scroll = o->scroll < 0 ? 0 : o->scroll > f->max_scroll ?
	    f->max_scroll : o->scroll;
	for (r = 0; r < ah; r++) {
		int src = r + f->scroll - off;
		struct rline *l = &f->rows[top + r];

		if (src < 0 || src >= (int)body.n)
			continue;
		rl_cut(&body.l[src], aw);
		rl_pad(l, mx, 0);
		rl_cat(l, &body.l[src], 0);
	}
	if (f->scroll > 0) {
		struct rline *l = &f->rows[top ? 0 : 0];

		rl_free(l);
		l->text = xstrdup("");
		rl_pad(l, f->width - 8, 0);
		rl_add(l, "▲ more ", strlen("▲ more "), ST_DIM);
	}
	if (f->scroll < f->max_scroll) {
		struct rline *l = &f->rows[top + ah - (top ? 0 : 1)];

		rl_free(l);
		l->text = xstrdup("");
		rl_pad(l, f->width - 8, 0);
		rl_add(l, "▼ more ", strlen("▼ more "), ST_DIM);
	}
	pane_free(&body);
	if (!o->no_footer)
		footer(f, d, slide, o);
	if (o->mark)
		mark(f, o->mark);
}

void
slide_frame_clear(struct slide_frame *f)
{
	size_t i;
	int r;

	if (!f)
		return;
	for (i = 0; i < f->nlinks; i++) {
		free(f->links[i].target);
		free(f->links[i].anchor);
	}
	free(f->links);
	if (!f->rows) {
		memset(f, 0, sizeof *f);
		return;
	}
	for (r = 0; r < f->height; r++)
		rl_free(&f->rows[r]);
	free(f->rows);
	memset(f, 0, sizeof *f);
}

void
slide_frame_write(const struct slide_frame *f, struct buf *out)
{
	int r;
	size_t n;

	for (r = 0; r < f->height; r++) {
		const char *t = f->rows[r].text ? f->rows[r].text : "";

		n = strlen(t);
		while (n > 0 && t[n - 1] == ' ')
			n--;
		buf_add(out, t, n);
		buf_addc(out, '\n');
	}
}
