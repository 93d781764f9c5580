/*
 * view-graph.c: the neighbourhood of a note drawn in text (graphmap.h):
 * depth 1, or 2 with d; the arrows move a selection between the nodes,
 * Enter recentres on the selected one (on the centre: opens it). Above
 * it, the summary of the whole graph: notes, links, orphans, unresolved.
 */
#include "tui/app.h"
#include "tui/graphmap.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define HEAD 3		/* title, summary, blank */

struct graphview {
	char *slug;
	int depth;
	struct graph g;
	struct gmap *m;
	int mwidth, mheight;	/* m was laid out for this screen */
	size_t sel;		/* placed node */
	int top;		/* first canvas row shown */
	struct graph_summary sum;
	long sumgen;		/* app gen the summary is for, -1: none */
	int loaded;
};

static void *
gv_init(struct app *a)
{
	struct graphview *v = xcalloc(1, sizeof *v);

	v->depth = 1;
	v->sumgen = -1;
	return v;
}

static void
gv_unload(struct graphview *v)
{
	gmap_free(v->m);
	v->m = NULL;
	graph_clear(&v->g);
	v->loaded = 0;
}

static void
gv_free(void *st)
{
	struct graphview *v = st;

	if (!v)
		return;
	gv_unload(v);
	free(v->slug);
	free(v);
}

static int
canvas_rows(const struct app *a)
{
	int n = app_body_rows(a) - HEAD;

	return n > 1 ? n : 1;
}

/* Keep the selected node on screen. */
static void
gv_scroll(const struct app *a, struct graphview *v)
{
	int h = canvas_rows(a), row;

	if (!v->m)
		return;
	if (v->m->rows <= h) {
		v->top = 0;
		return;
	}
	row = v->m->placed[v->sel].row;
	if (row < v->top)
		v->top = row;
	if (row >= v->top + h)
		v->top = row - h + 1;
	if (v->top > v->m->rows - h)
		v->top = v->m->rows - h;
	if (v->top < 0)
		v->top = 0;
}

static void
gv_layout(const struct app *a, struct graphview *v)
{
	const char *keep = NULL;
	size_t i;

	if (!v->loaded || (v->m && v->mwidth == a->cols &&
	    v->mheight == a->rows))
		return;
	if (v->m && v->sel < v->m->nplaced)
		keep = v->g.nodes[v->m->placed[v->sel].node].key;
	{
		struct gmap *m = gmap_build(&v->g, v->slug, v->depth,
		    a->cols - 2, canvas_rows(a));

		v->sel = 0;
		if (m && keep)
			for (i = 0; i < m->nplaced; i++)
				if (strcmp(v->g.nodes[m->placed[i].node].key,
				    keep) == 0) {
					v->sel = i;
					break;
				}
		gmap_free(v->m);
		v->m = m;
	}
	v->mwidth = a->cols;
	v->mheight = a->rows;
	if (v->m)
		gv_scroll(a, v);
}

static void
gv_load(struct app *a, struct graphview *v)
{
	char *cause = NULL;

	gv_unload(v);
	if (index_graph(a->ix, v->slug, v->depth, &v->g, &cause) < 0) {
		app_msg(a, 1, "graph: %s", cause ? cause : "failed");
		free(cause);
		return;
	}
	v->loaded = 1;
	v->mwidth = 0;
	if (a->sumgen == a->gen) {
		/* Counted by the updater, off the main thread. */
		v->sum = a->sum;
		v->sumgen = a->gen;
	} else if (v->sumgen != a->gen && !a->searcher) {
		if (index_graph_summary(a->ix, &v->sum, &cause) < 0) {
			app_msg(a, 1, "graph: %s", cause ? cause : "failed");
			free(cause);
		} else
			v->sumgen = a->gen;
	}
	gv_layout(a, v);
}

static void
gv_open(struct app *a, void *st, const struct place *p)
{
	struct graphview *v = st;

	free(v->slug);
	v->slug = xstrdup(p->slug ? p->slug : "");
	v->depth = p->depth == 2 ? 2 : 1;
	gv_load(a, v);
	if (v->m && p->sel > 0 && (size_t)p->sel < v->m->nplaced)
		v->sel = (size_t)p->sel;
	gv_scroll(a, v);
}

static void
gv_save(struct app *a, void *st, struct place *p)
{
	struct graphview *v = st;

	p->slug = v->slug ? xstrdup(v->slug) : NULL;
	p->depth = v->depth;
	p->sel = (int)v->sel;
	p->top = v->top;
}

static enum keymap
gv_keymap(void *st)
{
	return KM_GRAPH;
}

static const char *
sel_slug(const struct graphview *v)
{
	if (!v->m || v->sel >= v->m->nplaced)
		return NULL;
	return v->g.nodes[v->m->placed[v->sel].node].key;
}

static void
gv_enter(struct app *a, struct graphview *v)
{
	struct place p = {0};
	char *slug;

	if (!v->m) {
		app_msg(a, 1, "no graph to move in");
		return;
	}
	slug = xstrdup(sel_slug(v));
	if (v->sel == v->m->centre) {
		app_open_note(a, slug, NULL, NULL);
		free(slug);
		return;
	}
	p.view = V_GRAPH;
	p.slug = slug;
	p.depth = v->depth;
	p.sel = 0;
	app_go(a, &p);
	place_clear(&p);
}

static int
gv_key(struct app *a, void *st, enum action act, int key)
{
	struct graphview *v = st;
	int h = canvas_rows(a);

	gv_layout(a, v);
	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_LEFT:
	case ACT_RIGHT:
		if (!v->m)
			return 1;
		v->sel = gmap_move(v->m, v->sel,
		    act == ACT_LEFT ? -1 : act == ACT_RIGHT ? 1 : 0,
		    act == ACT_UP ? -1 : act == ACT_DOWN ? 1 : 0);
		gv_scroll(a, v);
		return 1;
	case ACT_PAGEDOWN:
	case ACT_PAGEUP:
		v->top += act == ACT_PAGEDOWN ? h - 1 : -(h - 1);
		if (v->m && v->top > v->m->rows - h)
			v->top = v->m->rows - h;
		if (v->top < 0)
			v->top = 0;
		return 1;
	case ACT_TOP:
		v->sel = v->m ? v->m->centre : 0;
		gv_scroll(a, v);
		return 1;
	case ACT_OPEN:
		gv_enter(a, v);
		return 1;
	case ACT_DEPTH:
		v->depth = v->depth == 1 ? 2 : 1;
		gv_load(a, v);
		app_msg(a, 0, "depth %d", v->depth);
		return 1;
	default:
		return 0;
	}
}

static void
gv_resize(struct app *a, void *st)
{
	struct graphview *v = st;

	gv_layout(a, v);
	gv_scroll(a, v);
}

static void
gv_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct graphview *v = st;
	struct tline l = TLINE_INIT;
	struct rline line;
	int r, h = n - HEAD, pad = 0;
	long shown;

	gv_layout(a, v);
	tl_adds(&l, " Graph of ", ST_STRONG);
	if (v->m) {
		const struct graph_node *c =
		    &v->g.nodes[v->m->placed[v->m->centre].node];

		tl_add_fit(&l, *c->title ? c->title : c->slug, ST_H1, -1,
		    a->cols / 2);
		shown = (long)v->m->nplaced - 1;
		tl_printf(&l, ST_DIM, "  depth %d · %ld note%s around it",
		    v->depth, shown, shown == 1 ? "" : "s");
		if (v->m->not_shown)
			tl_printf(&l, ST_DIM, " (+%ld not shown)",
			    v->m->not_shown);
		if (v->m->not_drawn)
			tl_printf(&l, ST_DIM, " · %ld more link%s not drawn",
			    v->m->not_drawn, v->m->not_drawn == 1 ? "" : "s");
	} else
		tl_add_fit(&l, v->slug ? v->slug : "", ST_H1, -1, a->cols / 2);
	frame_set(f, top, &l, UI_TEXT);
	if (v->sumgen != a->gen && a->sumgen == a->gen) {
		v->sum = a->sum;
		v->sumgen = a->gen;
	}
	if (v->sumgen >= 0)
		tl_printf(&l, ST_DIM, " Whole graph: %ld notes · %ld links · "
		    "%ld orphan%s · %ld unresolved", v->sum.notes,
		    v->sum.links, v->sum.orphans,
		    v->sum.orphans == 1 ? "" : "s", v->sum.unresolved);
	else
		tl_adds(&l, " Whole graph: counting…", ST_DIM);
	frame_set(f, top + 1, &l, UI_TEXT);
	if (!v->m) {
		tl_adds(&l, " This note is not in the graph.", ST_DIM);
		frame_set(f, top + HEAD, &l, UI_TEXT);
		return;
	}
	if (v->m->nplaced == 1) {
		tl_adds(&l, " No links in or out: an orphan.", ST_DIM);
		frame_set(f, top + 2, &l, UI_TEXT);
	}
	if (v->m->rows < h)
		pad = (h - v->m->rows) / 2;
	for (r = 0; r < h && v->top + r < v->m->rows; r++) {
		gmap_line(v->m, v->top + r, v->sel, &line);
		tl_adds(&l, " ", 0);
		tl_add_rline(&l, &line, 0, a->cols - 1, 0, -1);
		line_clear(&line);
		frame_set(f, top + HEAD + pad + r, &l, UI_TEXT);
	}
}

static void
gv_status(struct app *a, void *st, struct buf *out)
{
	const struct graphview *v = st;

	if (!v->m || v->sel >= v->m->nplaced)
		return;
	buf_printf(out, "%s", v->g.nodes[v->m->placed[v->sel].node].key);
}

static void
gv_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct graphview *v = st;
	int h = canvas_rows(a), pad = 0;
	long hit;

	if (!v->m)
		return;
	if (w != M_CLICK) {
		gv_key(a, v, w == M_WHEEL_UP ? ACT_PAGEUP : ACT_PAGEDOWN, 0);
		return;
	}
	if (v->m->rows < h)
		pad = (h - v->m->rows) / 2;
	hit = gmap_hit(v->m, y - 1 - HEAD - pad + v->top, x - 1);
	if (hit < 0)
		return;
	if ((size_t)hit == v->sel)
		gv_enter(a, v);
	else
		v->sel = (size_t)hit;
}

static int
gv_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct graphview *v = st;

	*slug = sel_slug(v);
	*lang = NULL;
	return *slug != NULL;
}

static void
gv_reload(struct app *a, void *st)
{
	struct graphview *v = st;
	size_t sel = v->sel;

	gv_load(a, v);
	if (v->m && sel < v->m->nplaced)
		v->sel = sel;
}

const struct view_ops view_graph = {
	.name = "Graph",
	.init = gv_init,
	.free = gv_free,
	.open = gv_open,
	.save = gv_save,
	.keymap = gv_keymap,
	.key = gv_key,
	.resize = gv_resize,
	.draw = gv_draw,
	.status = gv_status,
	.mouse = gv_mouse,
	.focus = gv_focus,
	.reload = gv_reload,
};
