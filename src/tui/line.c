/* line.c: styled line building, splicing and frames (see line.h). */
#include "tui/line.h"
#include "core/index.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

static void
add_span(struct tline *l, size_t off, size_t len, unsigned style, int link)
{
	struct rspan *last;

	if (len == 0 || (style == 0 && link < 0))
		return;
	last = l->nspans ? &l->spans[l->nspans - 1] : NULL;
	if (last && last->style == style && last->link == link &&
	    last->off + last->len == off) {
		last->len += len;
		return;
	}
	l->spans = xgrow(l->spans, &l->cap, l->nspans + 1, sizeof *l->spans);
	l->spans[l->nspans].off = off;
	l->spans[l->nspans].len = len;
	l->spans[l->nspans].style = style;
	l->spans[l->nspans].link = link;
	l->nspans++;
}

void
tl_add(struct tline *l, const char *s, size_t len, unsigned style, int link)
{
	size_t off = l->text.len;

	text_sanitize_buf(&l->text, s, len);
	l->width += text_width(l->text.ptr + off, l->text.len - off);
	add_span(l, off, l->text.len - off, style, link);
}

void
tl_adds(struct tline *l, const char *s, unsigned style)
{
	tl_add(l, s, strlen(s), style, -1);
}

void
tl_printf(struct tline *l, unsigned style, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	tl_add(l, buf_str(&b), b.len, style, -1);
	buf_free(&b);
}

void
tl_add_fit(struct tline *l, const char *s, unsigned style, int link,
    int maxw)
{
	char *clean;
	size_t n, len;
	int used;

	if (maxw <= 0)
		return;
	clean = text_sanitize(s, strlen(s));
	len = strlen(clean);
	if (text_width(clean, len) <= maxw) {
		tl_add(l, clean, len, style, link);
	} else {
		n = text_fit(clean, len, maxw - 1, &used);
		tl_add(l, clean, n, style, link);
		tl_add(l, "…", strlen("…"), style, link);
	}
	free(clean);
}

#define SNIPPET_MATCH_ROOM 12	/* columns of a match that must show */

/*
 * Where a snippet of maxw columns starts so that its first match shows:
 * at s, or (the text before the match leaves less than
 * SNIPPET_MATCH_ROOM columns) at a word about a quarter of the width
 * before the match, after an ellipsis.
 */
static const char *
snippet_start(struct tline *l, const char *s, unsigned style, int maxw)
{
	const char *m = strchr(s, SNIP_OPEN);
	size_t skip;
	int w, used;

	if (!m || maxw < 8)
		return s;
	w = text_width(s, (size_t)(m - s));
	if (w + SNIPPET_MATCH_ROOM <= maxw)
		return s;
	skip = text_fit(s, (size_t)(m - s), w - maxw / 4, &used);
	/* from the start of a word */
	while (s + skip < m && s[skip] != ' ')
		skip++;
	while (s + skip < m && s[skip] == ' ')
		skip++;
	tl_add(l, "…", strlen("…"), style, -1);
	return s + skip;
}

void
tl_snippet(struct tline *l, const char *s, unsigned style, int maxw)
{
	const char *p, *q;
	int in = 0, room = maxw;
	char *clean;
	size_t len, n;
	int used;

	p = snippet_start(l, s, style, maxw);
	if (p != s)
		room--;

	while (*p && room > 0) {
		for (q = p; *q && *q != SNIP_OPEN && *q != SNIP_CLOSE; q++)
			;
		if (q > p) {
			clean = text_sanitize(p, (size_t)(q - p));
			len = strlen(clean);
			n = text_fit(clean, len, room, &used);
			if (n < len && used >= room && room > 1)
				n = text_fit(clean, len, room - 1, &used);
			tl_add(l, clean, n, in ? style | ST_MATCH : style,
			    -1);
			room -= used;
			if (n < len) {
				if (room > 0)
					tl_add(l, "…", strlen("…"), style, -1);
				free(clean);
				return;
			}
			free(clean);
		}
		if (*q == SNIP_OPEN)
			in = 1;
		else if (*q == SNIP_CLOSE)
			in = 0;
		p = *q ? q + 1 : q;
	}
}

/* Byte ranges of the needle's occurrences in text (ASCII case-folded). */
static size_t
find_ranges(const char *text, const char *needle, size_t **out)
{
	size_t n = 0, cap = 0, nl, off = 0;
	const char *p;

	*out = NULL;
	if (!needle || !*needle)
		return 0;
	nl = strlen(needle);
	while ((p = strcasestr(text + off, needle))) {
		*out = xgrow(*out, &cap, n + 2, sizeof **out);
		(*out)[n++] = (size_t)(p - text);
		(*out)[n++] = (size_t)(p - text) + nl;
		off = (size_t)(p - text) + nl;
	}
	return n / 2;
}

static void
add_rline(struct tline *l, const struct rline *src, int from, int maxw,
    unsigned extra, int sel_link, const char *needle)
{
	size_t i = 0, len = strlen(src->text), k, sp = 0, *rg, nrg, r = 0;
	int col = 0, w;
	uint32_t cp;

	nrg = find_ranges(src->text, needle, &rg);
	while (i < len && col < from + maxw) {
		unsigned style = extra;
		int link = -1;

		while (r < nrg && rg[2 * r + 1] <= i)
			r++;
		if (r < nrg && rg[2 * r] <= i)
			style |= ST_MATCH;

		k = utf8_decode(src->text + i, len - i, &cp);
		w = cp_width(cp);
		while (sp < src->nspans &&
		    src->spans[sp].off + src->spans[sp].len <= i)
			sp++;
		if (sp < src->nspans && src->spans[sp].off <= i) {
			style |= src->spans[sp].style;
			link = src->spans[sp].link;
			/* a picture's link field is its image id */
			if (link >= 0 && link == sel_link &&
			    !ST_IS_PICTURE(style))
				style |= ST_SELECTED;
		}
		/* Swallow the zero-width marks after this character. */
		while (i + k < len) {
			uint32_t next;
			size_t kk = utf8_decode(src->text + i + k, len - i - k,
			    &next);

			if (cp_width(next) != 0)
				break;
			k += kk;
		}
		if (col >= from && col + w <= from + maxw)
			tl_add(l, src->text + i, k, style, link);
		else if (col < from && col + w > from)
			tl_add(l, " ", 1, style, link);
		col += w;
		i += k;
	}
	free(rg);
}

void
tl_add_rline(struct tline *l, const struct rline *src, int from, int maxw,
    unsigned extra, int sel_link)
{
	add_rline(l, src, from, maxw, extra, sel_link, NULL);
}

void
tl_add_rline_find(struct tline *l, const struct rline *src, int maxw,
    int sel_link, const char *needle)
{
	add_rline(l, src, 0, maxw, 0, sel_link, needle);
}

void
tl_pad(struct tline *l, int col, unsigned style)
{
	while (l->width < col)
		tl_add(l, " ", 1, style, -1);
}

void
tl_take(struct tline *l, struct rline *out)
{
	out->text = buf_take(&l->text);
	out->spans = l->spans;
	out->nspans = l->nspans;
	out->width = l->width;
	l->spans = NULL;
	l->nspans = l->cap = 0;
	l->width = 0;
}

void
tl_free(struct tline *l)
{
	buf_free(&l->text);
	free(l->spans);
	l->spans = NULL;
	l->nspans = l->cap = 0;
	l->width = 0;
}

void
line_clear(struct rline *l)
{
	if (!l)
		return;
	free(l->text);
	free(l->spans);
	memset(l, 0, sizeof *l);
}

void
line_cut(struct rline *l, int w)
{
	struct tline t = TLINE_INIT;

	if (!l->text || l->width <= w)
		return;
	tl_add_rline(&t, l, 0, w, 0, -1);
	line_clear(l);
	tl_take(&t, l);
}

void
line_splice(struct rline *dst, int x, int w, const struct rline *src,
    unsigned fill)
{
	struct tline t = TLINE_INIT;
	static const struct rline empty = { (char *)"", NULL, 0, 0 };
	const struct rline *d = dst->text ? dst : &empty;

	tl_add_rline(&t, d, 0, x, 0, -1);
	tl_pad(&t, x, 0);
	tl_add_rline(&t, src, 0, w, 0, -1);
	tl_pad(&t, x + w, fill);
	if (d->width > x + w)
		tl_add_rline(&t, d, x + w, d->width - (x + w), 0, -1);
	line_clear(dst);
	tl_take(&t, dst);
}

void
frame_init(struct frame *f, int rows, int cols)
{
	int i;

	f->rows = rows;
	f->cols = cols;
	f->lines = xcalloc((size_t)rows, sizeof *f->lines);
	f->base = xcalloc((size_t)rows, sizeof *f->base);
	for (i = 0; i < rows; i++)
		f->base[i] = UI_TEXT;
	f->cur_y = f->cur_x = -1;
}

void
frame_clear(struct frame *f)
{
	int i;

	if (!f->lines)
		return;
	for (i = 0; i < f->rows; i++)
		line_clear(&f->lines[i]);
	free(f->lines);
	free(f->base);
	f->lines = NULL;
	f->base = NULL;
	f->rows = f->cols = 0;
}

void
frame_set(struct frame *f, int r, struct tline *l, enum ui_elem base)
{
	if (r < 0 || r >= f->rows) {
		tl_free(l);
		return;
	}
	line_clear(&f->lines[r]);
	tl_take(l, &f->lines[r]);
	line_cut(&f->lines[r], f->cols);
	f->base[r] = base;
}

void
frame_text(const struct frame *f, struct buf *out)
{
	int i;

	for (i = 0; i < f->rows; i++) {
		const char *t = f->lines[i].text ? f->lines[i].text : "";
		size_t n = strlen(t);

		while (n > 0 && t[n - 1] == ' ')
			n--;
		buf_add(out, t, n);
		buf_addc(out, '\n');
	}
}
