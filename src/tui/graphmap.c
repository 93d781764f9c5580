/* graphmap.c: a note's neighbourhood as box-drawing text (see graphmap.h). */
#include "tui/graphmap.h"
#include "tui/line.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

enum { B_U = 1, B_D = 2, B_L = 4, B_R = 8 };

/* Which way a drawn link goes, seen from the node nearer the centre. */
enum { DIR_OUT = 1, DIR_IN = 2 };

struct gcell {
	const char *glyph;	/* an arrow head, or NULL: from bits */
	unsigned char bits;
	int label;		/* placed index + 1 when under a label */
};

struct glabel {
	char *text;		/* sanitised, cut to fit */
	int w;
};

/* The private part: labels, and the centre box for hit tests. */
struct gmap_priv {
	struct glabel *labels;	/* one per placed node */
	int bx, bw, r0;
};

struct ring {
	size_t node;
	int dir;		/* DIR_OUT and/or DIR_IN */
	int parent;		/* ring-1 index for ring 2, -1 for ring 1 */
	int side;		/* -1 left, 1 right */
	const char *title;
};

static const char *
glyph_of(unsigned bits)
{
	switch (bits) {
	case 0:
		return " ";
	case B_U: case B_D: case B_U | B_D:
		return "│";
	case B_L: case B_R: case B_L | B_R:
		return "─";
	case B_D | B_R:
		return "╭";
	case B_D | B_L:
		return "╮";
	case B_U | B_R:
		return "╰";
	case B_U | B_L:
		return "╯";
	case B_U | B_D | B_R:
		return "├";
	case B_U | B_D | B_L:
		return "┤";
	case B_L | B_R | B_D:
		return "┬";
	case B_L | B_R | B_U:
		return "┴";
	default:
		return "┼";
	}
}

static struct gcell *
cell(struct gmap *m, int r, int x)
{
	if (r < 0 || r >= m->rows || x < 0 || x >= m->cols)
		return NULL;
	return &m->cells[(size_t)r * (size_t)m->cols + (size_t)x];
}

static void
hline(struct gmap *m, int r, int x1, int x2)
{
	struct gcell *c;
	int x;

	if (x1 > x2) {
		x = x1;
		x1 = x2;
		x2 = x;
	}
	for (x = x1; x <= x2; x++) {
		if (!(c = cell(m, r, x)))
			continue;
		if (x < x2)
			c->bits |= B_R;
		if (x > x1)
			c->bits |= B_L;
	}
}

static void
vline(struct gmap *m, int x, int r1, int r2)
{
	struct gcell *c;
	int r;

	if (r1 > r2) {
		r = r1;
		r1 = r2;
		r2 = r;
	}
	for (r = r1; r <= r2; r++) {
		if (!(c = cell(m, r, x)))
			continue;
		if (r < r2)
			c->bits |= B_D;
		if (r > r1)
			c->bits |= B_U;
	}
}

/* The three cells between a trunk and a label, read left to right;
 * rightwards: does the link point to the right? */
static void
arrows(struct gmap *m, int r, int x, int dir_right, int dir_left)
{
	struct gcell *c;

	if ((c = cell(m, r, x)) && dir_left)
		c->glyph = "◀";
	if ((c = cell(m, r, x + 2)) && dir_right)
		c->glyph = "▶";
}

static int
by_title(const void *a, const void *b)
{
	const struct ring *x = a, *y = b;
	int c = str_casecmp(x->title, y->title);

	if (c != 0)
		return c;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* Place label text for placed node i at (r, x), at most maxw columns;
 * right-aligned within maxw when right is set. Returns the x used. */
static int
put_label(struct gmap *m, size_t i, const char *title, int r, int x,
    int maxw, int right)
{
	struct gmap_priv *p = (struct gmap_priv *)(m + 1);
	struct tline t = TLINE_INIT;
	struct rline rl = {0};
	struct gcell *c;
	int k;

	tl_add_fit(&t, *title ? title : "(untitled)", 0, -1, maxw);
	tl_take(&t, &rl);
	if (right)
		x += maxw - rl.width;
	p->labels[i].text = rl.text;
	p->labels[i].w = rl.width;
	free(rl.spans);
	m->placed[i].row = r;
	m->placed[i].x = x;
	m->placed[i].w = p->labels[i].w;
	for (k = 0; k < p->labels[i].w; k++)
		if ((c = cell(m, r, x + k)))
			c->label = (int)i + 1;
	return x;
}

struct gmap *
gmap_build(const struct graph *g, const char *centre, int depth, int width,
    int height)
{
	struct ring *r1 = NULL, *r2 = NULL;
	size_t n1 = 0, n2 = 0, i, j, e, c = (size_t)-1, budget;
	int *ring1_of = NULL, *dirc = NULL;
	struct gmap *m;
	struct gmap_priv *p;
	int sw, bw, tw, used, off, hl = 0, hr = 0, h, r0, top, row, side;
	int tL1 = 0, tL2 = 0, tR1, tR2, xL1 = 0, xL2 = 0, xR1, xR2, bx;
	int ncols, x, nl = 0, nr = 0, gap = 0;
	long drawn = 0;
	size_t *first_child;
	int *nchild;

	for (i = 0; i < g->nnodes; i++)
		if (strcmp(g->nodes[i].slug, centre) == 0) {
			c = i;
			break;
		}
	if (c == (size_t)-1)
		return NULL;
	if (width < 30)
		width = 30;

	/* Ring 1: the centre's neighbours and which way they link. */
	dirc = xcalloc(g->nnodes, sizeof *dirc);
	ring1_of = xcalloc(g->nnodes, sizeof *ring1_of);
	for (e = 0; e < g->nedges; e++) {
		const struct graph_edge *ed = &g->edges[e];

		if (ed->from == c && ed->to != c && ed->to < g->nnodes)
			dirc[ed->to] |= DIR_OUT;
		else if (ed->to == c && ed->from != c && ed->from < g->nnodes)
			dirc[ed->from] |= DIR_IN;
	}
	budget = GMAP_MAXNODES - 1;
	r1 = xcalloc(g->nnodes + 1, sizeof *r1);
	for (i = 0; i < g->nnodes; i++) {
		if (!dirc[i])
			continue;
		r1[n1].node = i;
		r1[n1].dir = dirc[i];
		r1[n1].parent = -1;
		r1[n1].side = (dirc[i] & DIR_OUT) ? 1 : -1;
		r1[n1].title = g->nodes[i].title ? g->nodes[i].title : "";
		n1++;
	}
	qsort(r1, n1, sizeof *r1, by_title);
	m = xcalloc(1, sizeof *m + sizeof *p);
	p = (struct gmap_priv *)(m + 1);
	if (n1 > budget) {
		m->not_shown += (long)(n1 - budget);
		n1 = budget;
	}
	budget -= n1;
	for (i = 0; i < n1; i++)
		ring1_of[r1[i].node] = (int)i + 1;

	/* Ring 2: each node hangs off the first ring-1 node it links with. */
	r2 = xcalloc(g->nnodes + 1, sizeof *r2);
	if (depth >= 2) {
		int *par = xcalloc(g->nnodes, sizeof *par);

		for (e = 0; e < g->nedges; e++) {
			const struct graph_edge *ed = &g->edges[e];
			size_t a = ed->from, b = ed->to;

			if (a >= g->nnodes || b >= g->nnodes || a == b)
				continue;
			if (ring1_of[a] && !ring1_of[b] && b != c) {
				if (!par[b] || par[b] > ring1_of[a])
					par[b] = ring1_of[a];
			} else if (ring1_of[b] && !ring1_of[a] && a != c) {
				if (!par[a] || par[a] > ring1_of[b])
					par[a] = ring1_of[b];
			}
		}
		for (i = 0; i < g->nnodes; i++) {
			if (!par[i] || dirc[i] || i == c)
				continue;
			if (n2 >= budget) {
				m->not_shown++;
				continue;
			}
			r2[n2].node = i;
			r2[n2].parent = par[i] - 1;
			r2[n2].side = r1[par[i] - 1].side;
			r2[n2].title = g->nodes[i].title ?
			    g->nodes[i].title : "";
			n2++;
		}
		for (e = 0; e < g->nedges; e++) {
			const struct graph_edge *ed = &g->edges[e];

			for (j = 0; j < n2; j++) {
				size_t pn = r1[r2[j].parent].node;

				if (ed->from == pn && ed->to == r2[j].node)
					r2[j].dir |= DIR_OUT;
				if (ed->to == pn && ed->from == r2[j].node)
					r2[j].dir |= DIR_IN;
			}
		}
		/* Children grouped under their parent, by title. */
		qsort(r2, n2, sizeof *r2, by_title);
		free(par);
	}
	nchild = xcalloc(n1 + 1, sizeof *nchild);
	first_child = xcalloc(n1 + 1, sizeof *first_child);
	for (j = 0; j < n2; j++)
		nchild[r2[j].parent]++;

	/* Count the edges drawn; the rest are summarised. */
	for (e = 0; e < g->nedges; e++) {
		const struct graph_edge *ed = &g->edges[e];
		size_t a = ed->from, b = ed->to;
		int ok = 0;

		if (a >= g->nnodes || b >= g->nnodes)
			continue;
		if ((a == c && ring1_of[b]) || (b == c && ring1_of[a]))
			ok = 1;
		for (j = 0; !ok && j < n2; j++) {
			size_t pn = r1[r2[j].parent].node;

			if ((a == pn && b == r2[j].node) ||
			    (b == pn && a == r2[j].node))
				ok = 1;
		}
		if (ok)
			drawn++;
		else if (a != b)
			m->not_drawn++;
	}
	(void)drawn;

	/* Geometry: widths. Only the columns that have nodes take room;
	 * each label column is sw wide plus 6 for its trunk and arrows. */
	{
		int has[4] = {0};	/* left 2, left 1, right 1, right 2 */

		for (i = 0; i < n1; i++)
			has[r1[i].side < 0 ? 1 : 2] = 1;
		for (j = 0; j < n2; j++)
			has[r2[j].side < 0 ? 0 : 3] = 1;
		ncols = has[0] + has[1] + has[2] + has[3];
		tw = text_width(g->nodes[c].title ? g->nodes[c].title : "",
		    strlen(g->nodes[c].title ? g->nodes[c].title : ""));
		if (tw < 8)
			tw = 8;
		if (tw > width / 4)
			tw = width / 4;
		bw = tw + 4;
		sw = ncols ? (width - bw) / ncols - 6 : 4;
		if (sw > 36)
			sw = 36;
		if (sw < 4)
			sw = 4;
		used = bw + ncols * (sw + 6);
		off = width > used ? (width - used) / 2 : 0;
		x = off;
		if (has[0]) {
			xL2 = x;
			tL2 = x + sw + 4;
			x += sw + 6;
		}
		if (has[1]) {
			xL1 = x;
			tL1 = x + sw + 4;
			x += sw + 6;
		}
		bx = x;
		x += bw;
		tR1 = x + 1;
		xR1 = x + 6;
		if (has[2])
			x += sw + 6;
		tR2 = x + 1;
		xR2 = x + 6;
	}

	/* Geometry: rows. Each ring-1 node takes as many rows as it has
	 * children (at least one). */
	for (i = 0; i < n1; i++) {
		int hh = nchild[i] > 0 ? nchild[i] : 1;

		if (r1[i].side < 0) {
			hl += hh;
			nl++;
		} else {
			hr += hh;
			nr++;
		}
	}
	/* A blank row between neighbours when there is room for it. */
	if ((hl + nl - 1 <= height && hr + nr - 1 <= height) &&
	    (nl > 1 || nr > 1)) {
		gap = 1;
		hl += nl > 0 ? nl - 1 : 0;
		hr += nr > 0 ? nr - 1 : 0;
	}
	h = hl > hr ? hl : hr;
	if (h < 3)
		h = 3;
	r0 = (h - 1) / 2;
	if (r0 < 1)
		r0 = 1;
	m->rows = h;
	m->cols = width > used ? width : used;
	m->cells = xcalloc((size_t)m->rows * (size_t)m->cols,
	    sizeof *m->cells);
	m->nplaced = 1 + n1 + n2;
	m->placed = xcalloc(m->nplaced, sizeof *m->placed);
	p->labels = xcalloc(m->nplaced, sizeof *p->labels);

	/* The centre box. */
	m->centre = 0;
	m->placed[0].node = c;
	m->placed[0].col = 0;
	m->placed[0].parent = -1;
	p->bx = bx;
	p->bw = bw;
	p->r0 = r0;
	hline(m, r0 - 1, bx, bx + bw - 1);
	hline(m, r0 + 1, bx, bx + bw - 1);
	vline(m, bx, r0 - 1, r0 + 1);
	vline(m, bx + bw - 1, r0 - 1, r0 + 1);
	put_label(m, 0, g->nodes[c].title ? g->nodes[c].title : "", r0,
	    bx + 2, tw, 0);

	/* Ring 1 and its children, side by side. */
	for (side = -1; side <= 1; side += 2) {
		int hs = side < 0 ? hl : hr, lo = r0, hi = r0, any = 0;
		size_t k = 1;

		top = r0 - (hs - 1) / 2;
		if (top < 0)
			top = 0;
		row = top;
		/* Placed index of ring-1 node i is 1 + i; of ring-2 j is
		 * 1 + n1 + j. */
		for (i = 0; i < n1; i++) {
			int hh = nchild[i] > 0 ? nchild[i] : 1, d = r1[i].dir;
			size_t pi = 1 + i;
			int lx;

			(void)k;
			if (r1[i].side != side)
				continue;
			m->placed[pi].node = r1[i].node;
			m->placed[pi].col = side;
			m->placed[pi].parent = 0;
			any = 1;
			if (row < lo)
				lo = row;
			if (row > hi)
				hi = row;
			if (side > 0) {
				hline(m, row, tR1, tR1 + 3);
				arrows(m, row, tR1 + 1, d & DIR_OUT,
				    d & DIR_IN);
				lx = put_label(m, pi, r1[i].title, row, xR1,
				    sw, 0);
				if (nchild[i]) {
					int from = lx + m->placed[pi].w + 1;

					hline(m, row, from < tR2 ? from :
					    tR2 - 1, tR2);
					vline(m, tR2, row, row + hh - 1);
				}
			} else {
				hline(m, row, tL1 - 3, tL1);
				/* Leftwards in, rightwards out of the centre:
				 * an incoming link points right. */
				arrows(m, row, tL1 - 3, d & DIR_IN,
				    d & DIR_OUT);
				lx = put_label(m, pi, r1[i].title, row, xL1,
				    sw, 1);
				if (nchild[i]) {
					hline(m, row, tL2, lx - 2 > tL2 ?
					    lx - 2 : tL2 + 1);
					vline(m, tL2, row, row + hh - 1);
				}
			}
			first_child[i] = (size_t)row;
			row += hh + gap;
		}
		if (any) {
			int t = side > 0 ? tR1 : tL1;

			vline(m, t, lo, hi);
			if (side > 0)
				hline(m, r0, bx + bw - 1, tR1);
			else
				hline(m, r0, tL1, bx);
		}
	}
	for (i = 0; i < n1; i++)
		nchild[i] = 0;
	for (j = 0; j < n2; j++) {
		int par = r2[j].parent, d = r2[j].dir;
		size_t pj = 1 + n1 + j;
		int rr = (int)first_child[par] + nchild[par]++;

		m->placed[pj].node = r2[j].node;
		m->placed[pj].col = 2 * r2[j].side;
		m->placed[pj].parent = 1 + par;
		if (r2[j].side > 0) {
			hline(m, rr, tR2, tR2 + 3);
			arrows(m, rr, tR2 + 1, d & DIR_OUT, d & DIR_IN);
			put_label(m, pj, r2[j].title, rr, xR2, sw, 0);
		} else {
			hline(m, rr, tL2 - 3, tL2);
			arrows(m, rr, tL2 - 3, d & DIR_IN, d & DIR_OUT);
			put_label(m, pj, r2[j].title, rr, xL2, sw, 1);
		}
	}
	free(nchild);
	free(first_child);
	free(r1);
	free(r2);
	free(dirc);
	free(ring1_of);
	return m;
}

void
gmap_free(struct gmap *m)
{
	struct gmap_priv *p;
	size_t i;

	if (!m)
		return;
	p = (struct gmap_priv *)(m + 1);
	for (i = 0; i < m->nplaced; i++)
		free(p->labels ? p->labels[i].text : NULL);
	free(p->labels);
	free(m->placed);
	free(m->cells);
	free(m);
}

void
gmap_line(const struct gmap *m, int r, size_t sel, struct rline *out)
{
	const struct gmap_priv *p = (const struct gmap_priv *)(m + 1);
	struct tline t = TLINE_INIT;
	int x = 0, end = m->cols;

	memset(out, 0, sizeof *out);
	if (r < 0 || r >= m->rows) {
		tl_take(&t, out);
		return;
	}
	/* Trim trailing blanks. */
	while (end > 0) {
		const struct gcell *c = &m->cells[(size_t)r * (size_t)m->cols +
		    (size_t)end - 1];

		if (c->bits || c->glyph || c->label)
			break;
		end--;
	}
	while (x < end) {
		const struct gcell *c = &m->cells[(size_t)r * (size_t)m->cols +
		    (size_t)x];

		if (c->label) {
			size_t i = (size_t)c->label - 1;
			unsigned st = i == m->centre ? ST_STRONG : ST_LINK;

			if (i == sel)
				st |= ST_SELECTED;
			tl_add(&t, p->labels[i].text,
			    strlen(p->labels[i].text), st, (int)i);
			x += p->labels[i].w > 0 ? p->labels[i].w : 1;
			continue;
		}
		if (c->glyph)
			tl_add(&t, c->glyph, strlen(c->glyph), ST_MARKER, -1);
		else if (c->bits)
			tl_add(&t, glyph_of(c->bits),
			    strlen(glyph_of(c->bits)), ST_RULE, -1);
		else
			tl_add(&t, " ", 1, 0, -1);
		x++;
	}
	tl_take(&t, out);
}

size_t
gmap_move(const struct gmap *m, size_t from, int dx, int dy)
{
	const struct gmap_node *f;
	size_t i, best = from;
	int bestd = 1 << 30, col, d;

	if (from >= m->nplaced)
		return m->centre;
	f = &m->placed[from];
	if (dy != 0) {
		for (i = 0; i < m->nplaced; i++) {
			const struct gmap_node *n = &m->placed[i];

			if (n->col != f->col || i == from)
				continue;
			d = (n->row - f->row) * dy;
			if (d > 0 && d < bestd) {
				bestd = d;
				best = i;
			}
		}
		return best;
	}
	for (col = f->col + dx; col >= -2 && col <= 2; col += dx) {
		for (i = 0; i < m->nplaced; i++) {
			const struct gmap_node *n = &m->placed[i];

			if (n->col != col)
				continue;
			d = abs(n->row - f->row) * 2 + (n->row > f->row);
			if (d < bestd) {
				bestd = d;
				best = i;
			}
		}
		if (best != from)
			return best;
	}
	return from;
}

long
gmap_hit(const struct gmap *m, int row, int x)
{
	const struct gmap_priv *p = (const struct gmap_priv *)(m + 1);
	const struct gcell *c;

	if (row < 0 || row >= m->rows || x < 0 || x >= m->cols)
		return -1;
	if (row >= p->r0 - 1 && row <= p->r0 + 1 && x >= p->bx &&
	    x < p->bx + p->bw)
		return (long)m->centre;
	c = &m->cells[(size_t)row * (size_t)m->cols + (size_t)x];
	return c->label ? c->label - 1 : -1;
}
