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

/* What gmap_build works out, one step after another. */
struct layout {
	const struct graph *g;
	size_t c;		/* the centre's node index */
	struct ring *r1, *r2;	/* the two rings, by title */
	size_t n1, n2;
	int *dirc;		/* per node: DIR_* of its centre link */
	int *ring1_of;		/* per node: its ring-1 index + 1, or 0 */
	int *nchild;		/* per ring-1 node: how many children */
	size_t *first_child;	/* per ring-1 node: its first child's row */
	int sw, bw, tw;		/* label, box and centre title widths */
	int used;		/* the columns all of it takes */
	int bx;			/* the centre box's column */
	int tL1, tL2, tR1, tR2;	/* trunk columns, left and right */
	int xL1, xL2, xR1, xR2;	/* label columns, left and right */
	int wL1, wL2, wR1, wR2;	/* their room: sw, or to the canvas's edge
				 * for the outermost on each side */
	int hl, hr, nl, nr;	/* rows and ring-1 nodes on each side */
	int gap;		/* a blank row between neighbours */
	int r0;			/* the centre's row */
};

/* The index of the node whose slug is centre, (size_t)-1 when none. */
static size_t
find_centre(const struct graph *g, const char *centre)
{
	size_t i;

	for (i = 0; i < g->nnodes; i++)
		if (strcmp(g->nodes[i].key, centre) == 0)
			return i;
	return (size_t)-1;
}

/* Ring 1: the centre's neighbours and which way they link, by title, at
 * most *budget of them (the rest counted in m->not_shown; *budget is
 * lowered by those placed). */
static void
ring1(struct layout *L, struct gmap *m, size_t *budget)
{
	const struct graph *g = L->g;
	size_t i, e, c = L->c;

	L->dirc = xcalloc(g->nnodes, sizeof *L->dirc);
	L->ring1_of = xcalloc(g->nnodes, sizeof *L->ring1_of);
	for (e = 0; e < g->nedges; e++) {
		const struct graph_edge *ed = &g->edges[e];

		if (ed->from == c && ed->to != c && ed->to < g->nnodes)
			L->dirc[ed->to] |= DIR_OUT;
		else if (ed->to == c && ed->from != c && ed->from < g->nnodes)
			L->dirc[ed->from] |= DIR_IN;
	}
	L->r1 = xcalloc(g->nnodes + 1, sizeof *L->r1);
	for (i = 0; i < g->nnodes; i++) {
		struct ring *r = &L->r1[L->n1];

		if (!L->dirc[i])
			continue;
		r->node = i;
		r->dir = L->dirc[i];
		r->parent = -1;
		r->side = (L->dirc[i] & DIR_OUT) ? 1 : -1;
		r->title = g->nodes[i].title ? g->nodes[i].title : "";
		L->n1++;
	}
	qsort(L->r1, L->n1, sizeof *L->r1, by_title);
	if (L->n1 > *budget) {
		m->not_shown += (long)(L->n1 - *budget);
		L->n1 = *budget;
	}
	*budget -= L->n1;
	for (i = 0; i < L->n1; i++)
		L->ring1_of[L->r1[i].node] = (int)i + 1;
}

/* Ring 2 (depth >= 2): each node hangs off the first ring-1 node it
 * links with, at most budget of them (the rest counted in m->not_shown);
 * then each ring-1 node's children are counted. */
static void
ring2(struct layout *L, struct gmap *m, size_t budget, int depth)
{
	const struct graph *g = L->g;
	struct ring *r1 = L->r1, *r2;
	size_t i, j, e, c = L->c, n2 = 0;
	int *ring1_of = L->ring1_of;

	r2 = L->r2 = xcalloc(g->nnodes + 1, sizeof *L->r2);
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
			if (!par[i] || L->dirc[i] || i == c)
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
	L->n2 = n2;
	L->nchild = xcalloc(L->n1 + 1, sizeof *L->nchild);
	L->first_child = xcalloc(L->n1 + 1, sizeof *L->first_child);
	for (j = 0; j < n2; j++)
		L->nchild[r2[j].parent]++;
}

/* Count the edges not drawn (m->not_drawn); they are summarised. */
static void
count_undrawn(const struct layout *L, struct gmap *m)
{
	const struct graph *g = L->g;
	size_t j, e, c = L->c;

	for (e = 0; e < g->nedges; e++) {
		const struct graph_edge *ed = &g->edges[e];
		size_t a = ed->from, b = ed->to;
		int ok = 0;

		if (a >= g->nnodes || b >= g->nnodes)
			continue;
		if ((a == c && L->ring1_of[b]) || (b == c && L->ring1_of[a]))
			ok = 1;
		for (j = 0; !ok && j < L->n2; j++) {
			size_t pn = L->r1[L->r2[j].parent].node;

			if ((a == pn && b == L->r2[j].node) ||
			    (b == pn && a == L->r2[j].node))
				ok = 1;
		}
		if (!ok && a != b)
			m->not_drawn++;
	}
}

/* Geometry: widths, for a canvas width columns wide. Only the columns
 * that have nodes take room; each label column is sw wide plus 6 for its
 * trunk and arrows. */
static void
widths(struct layout *L, int width)
{
	const struct graph *g = L->g;
	const char *title = g->nodes[L->c].title ? g->nodes[L->c].title : "";
	int has[4] = {0};	/* left 2, left 1, right 1, right 2 */
	int ncols, off, x, need;
	size_t i, j;

	for (i = 0; i < L->n1; i++)
		has[L->r1[i].side < 0 ? 1 : 2] = 1;
	for (j = 0; j < L->n2; j++)
		has[L->r2[j].side < 0 ? 0 : 3] = 1;
	ncols = has[0] + has[1] + has[2] + has[3];
	L->tw = text_width(title, strlen(title));
	if (L->tw < 8)
		L->tw = 8;
	if (L->tw > width / 3)
		L->tw = width / 3;
	L->bw = L->tw + 4;
	/* Labels as wide as the widest needs, if there is the room. */
	for (i = 0, need = 4; i < L->n1 + L->n2; i++) {
		const char *t = i < L->n1 ? L->r1[i].title :
		    L->r2[i - L->n1].title;
		int tw = t && *t ? text_width(t, strlen(t)) :
		    (int)strlen("(untitled)");

		if (tw > need)
			need = tw;
	}
	L->sw = ncols ? (width - L->bw) / ncols - 6 : 4;
	if (L->sw > need)
		L->sw = need;
	if (L->sw < 4)
		L->sw = 4;
	L->used = L->bw + ncols * (L->sw + 6);
	off = width > L->used ? (width - L->used) / 2 : 0;
	x = off;
	if (has[0]) {
		L->xL2 = x;
		L->tL2 = x + L->sw + 4;
		x += L->sw + 6;
	}
	if (has[1]) {
		L->xL1 = x;
		L->tL1 = x + L->sw + 4;
		x += L->sw + 6;
	}
	L->bx = x;
	x += L->bw;
	L->tR1 = x + 1;
	L->xR1 = x + 6;
	if (has[2])
		x += L->sw + 6;
	L->tR2 = x + 1;
	L->xR2 = x + 6;
	L->wL2 = L->wL1 = L->wR1 = L->wR2 = L->sw;
	/* The outermost labels may run to the edge (right-aligned ones
	 * grow leftwards: their column moves to 0). */
	if (has[0]) {
		L->wL2 = L->xL2 + L->sw;
		L->xL2 = 0;
	} else if (has[1]) {
		L->wL1 = L->xL1 + L->sw;
		L->xL1 = 0;
	}
	if (width < L->used)
		width = L->used;	/* the canvas is never narrower */
	if (has[3])
		L->wR2 = width - L->xR2;
	else if (has[2])
		L->wR1 = width - L->xR1;
}

/* Geometry: rows. Each ring-1 node takes as many rows as it has
 * children (at least one); a blank row goes between neighbours when
 * there is room for it in height. Returns the canvas's rows. */
static int
rows(struct layout *L, int height)
{
	size_t i;
	int h;

	for (i = 0; i < L->n1; i++) {
		int hh = L->nchild[i] > 0 ? L->nchild[i] : 1;

		if (L->r1[i].side < 0) {
			L->hl += hh;
			L->nl++;
		} else {
			L->hr += hh;
			L->nr++;
		}
	}
	if ((L->hl + L->nl - 1 <= height && L->hr + L->nr - 1 <= height) &&
	    (L->nl > 1 || L->nr > 1)) {
		L->gap = 1;
		L->hl += L->nl > 0 ? L->nl - 1 : 0;
		L->hr += L->nr > 0 ? L->nr - 1 : 0;
	}
	h = L->hl > L->hr ? L->hl : L->hr;
	if (h < 3)
		h = 3;
	L->r0 = (h - 1) / 2;
	if (L->r0 < 1)
		L->r0 = 1;
	return h;
}

/* The centre box, placed node 0. */
static void
draw_centre(const struct layout *L, struct gmap *m)
{
	struct gmap_priv *p = (struct gmap_priv *)(m + 1);
	const struct graph *g = L->g;
	int bx = L->bx, bw = L->bw, r0 = L->r0;

	m->centre = 0;
	m->placed[0].node = L->c;
	m->placed[0].col = 0;
	m->placed[0].parent = -1;
	p->bx = bx;
	p->bw = bw;
	p->r0 = r0;
	hline(m, r0 - 1, bx, bx + bw - 1);
	hline(m, r0 + 1, bx, bx + bw - 1);
	vline(m, bx, r0 - 1, r0 + 1);
	vline(m, bx + bw - 1, r0 - 1, r0 + 1);
	put_label(m, 0, g->nodes[L->c].title ? g->nodes[L->c].title : "",
	    r0, bx + 2, L->tw, 0);
}

/* Ring 1 on one side (-1 left, 1 right) with the trunks to its
 * children, and the line to the centre; each node's first child row is
 * kept in first_child. Placed index of ring-1 node i is 1 + i. */
static void
draw_ring1(struct layout *L, struct gmap *m, int side)
{
	int hs = side < 0 ? L->hl : L->hr, lo = L->r0, hi = L->r0, any = 0;
	int top, row;
	size_t i;

	top = L->r0 - (hs - 1) / 2;
	if (top < 0)
		top = 0;
	row = top;
	for (i = 0; i < L->n1; i++) {
		int hh = L->nchild[i] > 0 ? L->nchild[i] : 1, d = L->r1[i].dir;
		size_t pi = 1 + i;
		int lx;

		if (L->r1[i].side != side)
			continue;
		m->placed[pi].node = L->r1[i].node;
		m->placed[pi].col = side;
		m->placed[pi].parent = 0;
		any = 1;
		if (row < lo)
			lo = row;
		if (row > hi)
			hi = row;
		if (side > 0) {
			hline(m, row, L->tR1, L->tR1 + 3);
			arrows(m, row, L->tR1 + 1, d & DIR_OUT, d & DIR_IN);
			lx = put_label(m, pi, L->r1[i].title, row, L->xR1,
			    L->wR1, 0);
			if (L->nchild[i]) {
				int from = lx + m->placed[pi].w + 1;

				hline(m, row, from < L->tR2 ? from :
				    L->tR2 - 1, L->tR2);
				vline(m, L->tR2, row, row + hh - 1);
			}
		} else {
			hline(m, row, L->tL1 - 3, L->tL1);
			/* Leftwards in, rightwards out of the centre: an
			 * incoming link points right. */
			arrows(m, row, L->tL1 - 3, d & DIR_IN, d & DIR_OUT);
			lx = put_label(m, pi, L->r1[i].title, row, L->xL1,
			    L->wL1, 1);
			if (L->nchild[i]) {
				hline(m, row, L->tL2, lx - 2 > L->tL2 ?
				    lx - 2 : L->tL2 + 1);
				vline(m, L->tL2, row, row + hh - 1);
			}
		}
		L->first_child[i] = (size_t)row;
		row += hh + L->gap;
	}
	if (any) {
		int t = side > 0 ? L->tR1 : L->tL1;

		vline(m, t, lo, hi);
		if (side > 0)
			hline(m, L->r0, L->bx + L->bw - 1, L->tR1);
		else
			hline(m, L->r0, L->tL1, L->bx);
	}
}

/* Ring 2, each child on its own row under its parent. Placed index of
 * ring-2 node j is 1 + n1 + j. */
static void
draw_ring2(struct layout *L, struct gmap *m)
{
	size_t i, j;

	for (i = 0; i < L->n1; i++)
		L->nchild[i] = 0;
	for (j = 0; j < L->n2; j++) {
		const struct ring *r = &L->r2[j];
		int par = r->parent, d = r->dir;
		size_t pj = 1 + L->n1 + j;
		int rr = (int)L->first_child[par] + L->nchild[par]++;

		m->placed[pj].node = r->node;
		m->placed[pj].col = 2 * r->side;
		m->placed[pj].parent = 1 + par;
		if (r->side > 0) {
			hline(m, rr, L->tR2, L->tR2 + 3);
			arrows(m, rr, L->tR2 + 1, d & DIR_OUT, d & DIR_IN);
			put_label(m, pj, r->title, rr, L->xR2, L->wR2, 0);
		} else {
			hline(m, rr, L->tL2 - 3, L->tL2);
			arrows(m, rr, L->tL2 - 3, d & DIR_IN, d & DIR_OUT);
			put_label(m, pj, r->title, rr, L->xL2, L->wL2, 1);
		}
	}
}

struct gmap *
gmap_build(const struct graph *g, const char *centre, int depth, int width,
    int height)
{
	struct layout L;
	struct gmap *m;
	struct gmap_priv *p;
	size_t budget = GMAP_MAXNODES - 1;

	memset(&L, 0, sizeof L);
	L.g = g;
	if ((L.c = find_centre(g, centre)) == (size_t)-1)
		return NULL;
	if (width < 30)
		width = 30;
	m = xcalloc(1, sizeof *m + sizeof *p);
	p = (struct gmap_priv *)(m + 1);
	ring1(&L, m, &budget);
	ring2(&L, m, budget, depth);
	count_undrawn(&L, m);
	widths(&L, width);
	m->rows = rows(&L, height);
	m->cols = width > L.used ? width : L.used;
	m->cells = xcalloc((size_t)m->rows * (size_t)m->cols,
	    sizeof *m->cells);
	m->nplaced = 1 + L.n1 + L.n2;
	m->placed = xcalloc(m->nplaced, sizeof *m->placed);
	p->labels = xcalloc(m->nplaced, sizeof *p->labels);
	draw_centre(&L, m);
	draw_ring1(&L, m, -1);
	draw_ring1(&L, m, 1);
	draw_ring2(&L, m);
	free(L.nchild);
	free(L.first_child);
	free(L.r1);
	free(L.r2);
	free(L.dirc);
	free(L.ring1_of);
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
