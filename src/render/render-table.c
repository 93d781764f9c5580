/*
 * render-table.c: GFM tables: cells gathered as rich text, columns fitted
 * to the width and drawn with box characters, or shown as records when
 * the columns would be too narrow.
 */
#include "render/render-int.h"
#include "render/width.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MINCOL 6		/* narrower columns: rows as records */

void
rd_table_begin(struct ctx *c, cmark_node *n)
{
	struct table *t = &c->tab;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	int k;

	memset(t, 0, sizeof *t);
	t->ncols = cmark_gfm_extensions_get_table_columns(n);
	if (t->ncols < 1)
		t->ncols = 1;
	t->align = xcalloc((size_t)t->ncols, 1);
	for (k = 0; al && k < t->ncols; k++)
		t->align[k] = (char)al[k];
	c->in_table = 1;
}

void
rd_table_row(struct ctx *c)
{
	struct table *t = &c->tab;
	size_t k, ncols = (size_t)t->ncols;

	t->cells = xgrow(t->cells, &t->caprows, t->nrows + 1,
	    ncols * sizeof *t->cells);
	for (k = 0; k < ncols; k++)
		memset(&t->cells[t->nrows * ncols + k], 0, sizeof *t->cells);
	t->nrows++;
	t->col = 0;
}

void
rd_table_cell(struct ctx *c, int header)
{
	struct table *t = &c->tab;

	rd_leaf_begin(c, header ? ST_TH : 0);
	if (t->nrows == 0)
		rd_table_row(c);
	if (t->col < t->ncols)
		c->cur = &t->cells[(t->nrows - 1) * (size_t)t->ncols +
		    (size_t)t->col];
	else {
		rt_reset(&t->scratch);
		c->cur = &t->scratch;
	}
	t->col++;
}

/* Widest unbreakable word of a cell, and its widest hard line. */
static void
cell_widths(const struct rtext *rt, int *minw, int *natw)
{
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t i = 0, j, len = rt->text.len;
	int w;

	*minw = *natw = 0;
	while (i < len) {
		for (j = i; j < len && s[j] != '\n'; j++)
			;
		w = text_width(s + i, j - i);
		if (w > *natw)
			*natw = w;
		i = j + 1;
	}
	for (i = 0; i < len; i = j) {
		while (i < len && (s[i] == ' ' || s[i] == '\n'))
			i++;
		for (j = i; j < len && s[j] != ' ' && s[j] != '\n'; j++)
			;
		w = text_width(s + i, j - i);
		if (w > *minw)
			*minw = w;
	}
	if (*minw > *natw)
		*minw = *natw;
}

/* Column widths that fit avail: natural widths when they fit, else each
 * column gets its longest word if it can, then the rest is shared out to
 * the columns furthest from their natural width. */
static void
fit_columns(int ncols, const int *minw, const int *natw, int avail, int *w)
{
	int k, left = avail, best, more, goal;

	/* Two columns hold any character. */
	for (k = 0; k < ncols; k++) {
		w[k] = natw[k] < 2 ? 1 : 2;
		left -= w[k];
	}
	for (k = 0, more = 0; k < ncols; k++)
		more += natw[k] - w[k] > 0 ? natw[k] - w[k] : 0;
	if (more <= left) {
		for (k = 0; k < ncols; k++)
			w[k] = natw[k] > w[k] ? natw[k] : w[k];
		return;
	}
	do {	/* round robin towards the longest word */
		more = 0;
		for (k = 0; k < ncols && left > 0; k++) {
			goal = minw[k] < natw[k] ? minw[k] : natw[k];
			if (w[k] < goal) {
				w[k]++;
				left--;
				more = 1;
			}
		}
	} while (more && left > 0);
	while (left > 0) {	/* then to the largest shortfall */
		best = -1;
		for (k = 0; k < ncols; k++)
			if (w[k] < natw[k] && (best < 0 ||
			    natw[k] - w[k] > natw[best] - w[best]))
				best = k;
		if (best < 0)
			break;
		w[best]++;
		left--;
	}
}

/* A border line: left, fill, joint, right. */
static void
table_border(struct ctx *c, const int *w, int ncols, const char *l,
    const char *j, const char *r)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	unsigned st = ST_TABLE | (rd_quote_plain(c) ? ST_QUOTE : 0);
	int k;

	rd_prefix(c, &lb, 0);
	lb_add(&lb, l, strlen(l), st, -1);
	for (k = 0; k < ncols; k++) {
		lb_repeat(&lb, BOX_H, w[k] + 2, st);
		lb_add(&lb, k + 1 < ncols ? j : r, strlen(r), st, -1);
	}
	rd_emit(c, &lb);
}

struct cline {
	size_t from, to;
	int width;
};

/* Wrap a cell into at most cap lines of width w. Returns the count. */
static size_t
cell_lines(const struct rtext *rt, int w, struct cline **out, size_t *cap)
{
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t pos = 0, n, next, count = 0;

	while (pos < rt->text.len) {
		n = text_wrap(s + pos, rt->text.len - pos, w, &next);
		*out = xgrow(*out, cap, count + 1, sizeof **out);
		(*out)[count].from = pos;
		(*out)[count].to = pos + n;
		(*out)[count].width = text_width(s + pos, n);
		count++;
		pos += next;
	}
	return count;
}

static void
table_rows(struct ctx *c, const int *w, size_t r0, size_t r1)
{
	struct table *t = &c->tab;
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	struct cline **lines;
	size_t *nl, *caps, r, h, k, ncols = (size_t)t->ncols;
	unsigned st = ST_TABLE | (rd_quote_plain(c) ? ST_QUOTE : 0);
	int left, right;

	lines = xcalloc(ncols, sizeof *lines);
	nl = xcalloc(ncols, sizeof *nl);
	caps = xcalloc(ncols, sizeof *caps);
	for (r = r0; r < r1; r++) {
		size_t height = 1;

		for (k = 0; k < ncols; k++) {
			nl[k] = cell_lines(&t->cells[r * ncols + k], w[k],
			    &lines[k], &caps[k]);
			if (nl[k] > height)
				height = nl[k];
		}
		for (h = 0; h < height; h++) {
			rd_prefix(c, &lb, 0);
			lb_add(&lb, BOX_V, strlen(BOX_V), st, -1);
			for (k = 0; k < ncols; k++) {
				const struct cline *cl = h < nl[k] ?
				    &lines[k][h] : NULL;
				int cw = cl ? cl->width : 0;

				left = t->align[k] == 'r' ? w[k] - cw :
				    t->align[k] == 'c' ? (w[k] - cw) / 2 : 0;
				right = w[k] - cw - left;
				lb_repeat(&lb, " ", 1 + left, 0);
				if (cl)
					lb_rtext(&lb, &t->cells[r * ncols + k],
					    cl->from, cl->to, 0);
				lb_repeat(&lb, " ", right + 1, 0);
				lb_add(&lb, BOX_V, strlen(BOX_V), st, -1);
			}
			rd_emit(c, &lb);
		}
	}
	for (k = 0; k < ncols; k++)
		free(lines[k]);
	free(lines);
	free(nl);
	free(caps);
}

/* Too many columns for the width (one would be narrower than
 * TABLE_MINCOL): each row as "header: value" lines. */
static void
table_records(struct ctx *c)
{
	struct table *t = &c->tab;
	struct rtext rt = { BUF_INIT, NULL, 0, 0 };
	size_t r, k, ncols = (size_t)t->ncols;

	for (r = 1; r < t->nrows; r++) {
		if (r > 1)
			rd_blank_line(c);
		for (k = 0; k < ncols; k++) {
			rt_reset(&rt);
			rt_cat(&rt, &t->cells[k], ST_TH);
			rt_adds(&rt, ": ", ST_TH, -1);
			rt_cat(&rt, &t->cells[r * ncols + k], 0);
			rd_emit_wrapped(c, &rt, 0);
		}
	}
	if (t->nrows == 1)
		for (k = 0; k < ncols; k++)
			rd_emit_wrapped(c, &t->cells[k], 0);
	rt_free(&rt);
}

void
rd_table_end(struct ctx *c)
{
	struct table *t = &c->tab;
	size_t k, r, ncols = (size_t)t->ncols;
	int *minw, *natw, *w, m, nw, avail, need, tall = 0;

	c->in_table = 0;
	c->cur = &c->rt;
	minw = xcalloc(ncols, sizeof *minw);
	natw = xcalloc(ncols, sizeof *natw);
	w = xcalloc(ncols, sizeof *w);
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < ncols; k++) {
			cell_widths(&t->cells[r * ncols + k], &m, &nw);
			if (m > minw[k])
				minw[k] = m;
			if (nw > natw[k])
				natw[k] = nw;
		}
	rd_block_start(c);
	avail = c->width - rd_indent_width(c) - 3 * t->ncols - 1;
	for (k = 0, need = 0; k < ncols; k++)
		need += natw[k] < TABLE_MINCOL ? (natw[k] > 1 ? natw[k] : 1) :
		    TABLE_MINCOL;
	if (t->nrows == 0) {
		/* nothing */
	} else if (avail < need) {
		table_records(c);
	} else {
		fit_columns(t->ncols, minw, natw, avail, w);
		for (k = 0; k < ncols; k++)
			if (natw[k] > w[k])
				tall = 1;
		table_border(c, w, t->ncols, BOX_TL, BOX_T, BOX_TR);
		table_rows(c, w, 0, 1);
		if (t->nrows > 1)
			table_border(c, w, t->ncols, BOX_L, BOX_X, BOX_R);
		for (r = 1; r < t->nrows; r++) {
			if (r > 1 && tall)
				table_border(c, w, t->ncols, BOX_L, BOX_X,
				    BOX_R);
			table_rows(c, w, r, r + 1);
		}
		table_border(c, w, t->ncols, BOX_BL, BOX_B, BOX_BR);
	}
	rd_block_end(c);
	for (r = 0; r < t->nrows * ncols; r++)
		rt_free(&t->cells[r]);
	rt_free(&t->scratch);
	free(t->cells);
	free(t->align);
	free(minw);
	free(natw);
	free(w);
	memset(t, 0, sizeof *t);
}
