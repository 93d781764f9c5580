/*
 * render-line.c: the renderer's rich text (sanitised text and style runs),
 * the lines built from it, and the container stack that gives each line
 * its rd_prefix (list markers, quote bars, indentation).
 */
#include "render/render-int.h"
#include "render/width.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
rt_reset(struct rtext *rt)
{
	buf_reset(&rt->text);
	rt->nruns = 0;
}

void
rt_free(struct rtext *rt)
{
	buf_free(&rt->text);
	free(rt->runs);
	rt->runs = NULL;
	rt->nruns = rt->cap = 0;
}

static void
rt_run(struct rtext *rt, size_t off, size_t len, unsigned style, int link)
{
	struct rrun *last = rt->nruns ? &rt->runs[rt->nruns - 1] : NULL;

	if (len == 0)
		return;
	if (last && last->off + last->len == off && last->style == style &&
	    last->link == link) {
		last->len += len;
		return;
	}
	rt->runs = xgrow(rt->runs, &rt->cap, rt->nruns + 1, sizeof *rt->runs);
	rt->runs[rt->nruns++] = (struct rrun){ off, len, style, link };
}

/* Append len bytes sanitised: controls become visible replacements in
 * ST_CONTROL, whitespace a space, invalid bytes U+FFFD. */
void
rt_add(struct rtext *rt, const char *s, size_t len, unsigned style, int link)
{
	size_t i = 0, n, start = 0, at;
	uint32_t cp;
	struct buf *b = &rt->text;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!cp_is_control(cp) && !(cp == 0xfffd && n == 1) &&
		    cp != 0x2028 && cp != 0x2029) {
			i += n;
			continue;
		}
		if (i > start) {
			at = b->len;
			text_sanitize_buf(b, s + start, i - start);
			rt_run(rt, at, b->len - at, style, link);
		}
		at = b->len;
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 ||
		    cp == 0x2029) {
			buf_addc(b, ' ');
			rt_run(rt, at, 1, style, link);
		} else if (cp_is_control(cp)) {
			buf_adds(b, cp_control_repr(cp));
			rt_run(rt, at, b->len - at, style | ST_CONTROL, link);
		} else {
			utf8_encode(b, 0xfffd);
			rt_run(rt, at, b->len - at, style, link);
		}
		i += n;
		start = i;
	}
	if (i > start) {
		at = b->len;
		text_sanitize_buf(b, s + start, i - start);
		rt_run(rt, at, b->len - at, style, link);
	}
}

void
rt_adds(struct rtext *rt, const char *s, unsigned style, int link)
{
	rt_add(rt, s, strlen(s), style, link);
}

void
rt_break(struct rtext *rt)
{
	size_t at = rt->text.len;

	buf_addc(&rt->text, '\n');
	rt_run(rt, at, 1, 0, -1);
}

int
rt_ends_space(const struct rtext *rt)
{
	return rt->text.len == 0 || rt->text.ptr[rt->text.len - 1] == ' ' ||
	    rt->text.ptr[rt->text.len - 1] == '\n';
}

/* Append src to dst with extra style bits. */
void
rt_cat(struct rtext *dst, const struct rtext *src, unsigned extra)
{
	size_t base = dst->text.len, i;

	buf_add(&dst->text, src->text.ptr ? src->text.ptr : "", src->text.len);
	for (i = 0; i < src->nruns; i++)
		rt_run(dst, base + src->runs[i].off, src->runs[i].len,
		    src->runs[i].style | extra, src->runs[i].link);
}

/* ---- line building ---- */

void
lb_add(struct lbuild *lb, const char *s, size_t len, unsigned style, int link)
{
	size_t off = lb->text.len;
	struct rspan *last;

	if (len == 0)
		return;
	buf_add(&lb->text, s, len);
	lb->width += text_width(s, len);
	if (!style && link < 0)
		return;
	last = lb->nspans ? &lb->spans[lb->nspans - 1] : NULL;
	if (last && last->off + last->len == off && last->style == style &&
	    last->link == link) {
		last->len += len;
		return;
	}
	lb->spans = xgrow(lb->spans, &lb->cap, lb->nspans + 1,
	    sizeof *lb->spans);
	lb->spans[lb->nspans++] = (struct rspan){ off, len, style, link };
}

/* Append s cut to keep the line within lim columns. */
static void
lb_addcut(struct lbuild *lb, const char *s, unsigned style, int lim)
{
	size_t n = strlen(s);

	if (lb->width + text_width(s, n) > lim)
		n = text_fit(s, n, lim - lb->width, NULL);
	lb_add(lb, s, n, style, -1);
}

void
lb_repeat(struct lbuild *lb, const char *s, int count, unsigned style)
{
	while (count-- > 0)
		lb_add(lb, s, strlen(s), style, -1);
}

/* Add bytes [from, to) of rt, with extra style bits. */
void
lb_rtext(struct lbuild *lb, const struct rtext *rt, size_t from, size_t to,
    unsigned extra)
{
	size_t lo = 0, hi = rt->nruns, mid, s, e;

	while (lo < hi) {	/* first run ending after from */
		mid = (lo + hi) / 2;
		if (rt->runs[mid].off + rt->runs[mid].len <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rt->nruns && rt->runs[lo].off < to; lo++) {
		s = rt->runs[lo].off > from ? rt->runs[lo].off : from;
		e = rt->runs[lo].off + rt->runs[lo].len;
		if (e > to)
			e = to;
		if (e > s)
			lb_add(lb, rt->text.ptr + s, e - s,
			    rt->runs[lo].style | extra, rt->runs[lo].link);
	}
}

/* Drop trailing spaces (and the spans over them). */
void
lb_trim(struct lbuild *lb)
{
	size_t n = lb->text.len;
	struct rspan *last;

	while (n > 0 && lb->text.ptr[n - 1] == ' ')
		n--;
	lb->width -= (int)(lb->text.len - n);
	buf_truncate(&lb->text, n);
	while (lb->nspans && lb->spans[lb->nspans - 1].off >= n)
		lb->nspans--;
	last = lb->nspans ? &lb->spans[lb->nspans - 1] : NULL;
	if (last && last->off + last->len > n)
		last->len = n - last->off;
}

void
rd_doc_push_line(struct rdoc *d, size_t *cap, struct lbuild *lb)
{
	struct rline *l;

	d->lines = xgrow(d->lines, cap, d->nlines + 1, sizeof *d->lines);
	l = &d->lines[d->nlines++];
	l->text = buf_take(&lb->text);
	l->width = lb->width;
	l->nspans = lb->nspans;
	l->spans = lb->nspans ? xrealloc(lb->spans,
	    lb->nspans * sizeof *lb->spans) : NULL;
	if (!lb->nspans)
		free(lb->spans);
	lb->spans = NULL;
	lb->nspans = lb->cap = 0;
	lb->width = 0;
}

void
rd_emit(struct ctx *c, struct lbuild *lb)
{
	size_t i;
	int li;

	for (i = 0; i < lb->nspans; i++) {
		li = lb->spans[i].link;
		if (li >= 0 && (size_t)li < c->d->nlinks &&
		    c->d->links[li].line < 0)
			c->d->links[li].line = (int)c->d->nlines;
	}
	c->last_blank = lb->text.len == 0;
	rd_doc_push_line(c->d, &c->caplines, lb);
}

/* ---- containers and prefixes ---- */

struct cont *
rd_top(struct ctx *c)
{
	return c->depth ? &c->stack[c->depth - 1] : NULL;
}

static int
vis_indent(const struct ctx *c)
{
	return c->nvis ? c->stack[c->nvis - 1].cum : 0;
}

struct cont *
rd_push(struct ctx *c, enum cont_type type, int width)
{
	struct cont *ct;
	int parent = vis_indent(c);

	c->stack = xgrow(c->stack, &c->stcap, c->depth + 1, sizeof *c->stack);
	ct = &c->stack[c->depth];
	memset(ct, 0, sizeof *ct);
	ct->type = type;
	ct->width = width;
	if (c->nvis == c->depth && parent + width <= c->cap) {
		ct->visible = 1;
		ct->cum = parent + width;
		c->nvis++;
	}
	c->depth++;
	if (type == C_QUOTE)
		c->nquote++;
	if (type == C_LIST)
		c->nlists++;
	return ct;
}

/* Mark the new top item (or footnote) as waiting to show its marker. */
void
rd_set_pending(struct ctx *c)
{
	struct cont *ct = rd_top(c);

	ct->pending = 1;
	if (!ct->visible) {
		c->hpend = xgrow(c->hpend, &c->hpcap, c->nhpend + 1,
		    sizeof *c->hpend);
		c->hpend[c->nhpend++] = c->depth - 1;
	}
}

void
rd_pop(struct ctx *c)
{
	struct cont *ct = rd_top(c);

	if (!ct)
		return;
	if (ct->type == C_QUOTE)
		c->nquote--;
	if (ct->type == C_LIST)
		c->nlists--;
	if (c->nhpend && c->hpend[c->nhpend - 1] == c->depth - 1)
		c->nhpend--;
	c->depth--;
	if (c->nvis > c->depth)
		c->nvis = c->depth;
}

/* The prefix of the next line: quote bars, markers or their indent. A
 * blank line shows no marker. The prefix leaves two columns for text, so
 * that a wide character always fits. */
void
rd_prefix(struct ctx *c, struct lbuild *lb, int blank)
{
	struct cont *ct;
	size_t k;
	int lim = c->width - 2;

	for (k = 0; k < c->nvis; k++) {
		ct = &c->stack[k];
		switch (ct->type) {
		case C_QUOTE:
			lb_addcut(lb, "\xe2\x94\x82 ",
			    rd_quote_bar_style(c, ct), lim);
			break;
		case C_ITEM:
		case C_FOOT:
			if (ct->pending && !blank) {
				lb_addcut(lb, ct->marker, ct->mstyle, lim);
				ct->pending = 0;
			} else
				lb_repeat(lb, " ", ct->width, 0);
			break;
		case C_LIST:
			break;
		}
	}
	if (!blank && c->nhpend) {
		ct = &c->stack[c->hpend[c->nhpend - 1]];
		lb_addcut(lb, ct->marker, ct->mstyle, lim);
		for (k = 0; k < c->nhpend; k++)
			c->stack[c->hpend[k]].pending = 0;
		c->nhpend = 0;
	}
}

/* Columns the prefix of the next line takes. */
int
rd_indent_width(const struct ctx *c)
{
	int w = vis_indent(c);

	if (c->nhpend)
		w += text_width(c->stack[c->hpend[c->nhpend - 1]].marker,
		    strlen(c->stack[c->hpend[c->nhpend - 1]].marker));
	return w > c->width - 2 ? c->width - 2 : w;
}

void
rd_blank_line(struct ctx *c)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };

	if (c->d->nlines == 0 || c->last_blank)
		return;
	rd_prefix(c, &lb, 1);
	lb_trim(&lb);
	rd_emit(c, &lb);
}

static int
in_tight_item(const struct ctx *c)
{
	const struct cont *ct = c->depth ? &c->stack[c->depth - 1] : NULL;

	return ct && ((ct->type == C_ITEM && ct->tight) || ct->type == C_FOOT);
}

void
rd_block_start(struct ctx *c)
{
	if (c->sep)
		rd_blank_line(c);
	c->sep = 0;
}

void
rd_block_end(struct ctx *c)
{
	c->sep = !in_tight_item(c);
}

/* Wrap rt to the width under the current prefix and emit it. Returns the
 * widest line's text width. */
int
rd_emit_wrapped(struct ctx *c, const struct rtext *rt, unsigned extra)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t len = rt->text.len, pos = 0, n, next;
	int avail, w, maxw = 0;

	do {
		rd_prefix(c, &lb, 0);
		avail = c->width - lb.width;
		w = lb.width;
		n = text_wrap(s + pos, len - pos, avail, &next);
		lb_rtext(&lb, rt, pos, pos + n, extra);
		if (lb.width - w > maxw)
			maxw = lb.width - w;
		rd_emit(c, &lb);
		pos += next;
	} while (pos < len);
	return maxw;
}
