/*
 * view-related.c: the notes related to a note (index_related), each with
 * its score and why; Enter opens one.
 */
#include "tui/app.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define PER 2
#define HEAD 2

struct relview {
	char *slug, *lang;
	char *title;
	struct related *rows;
	size_t n;
	int sel, top;
};

static void *
rel_init(struct app *a)
{
	return xcalloc(1, sizeof(struct relview));
}

static void
rel_unload(struct relview *v)
{
	related_free(v->rows, v->n);
	v->rows = NULL;
	v->n = 0;
	free(v->title);
	v->title = NULL;
}

static void
rel_free(void *st)
{
	struct relview *v = st;

	if (!v)
		return;
	rel_unload(v);
	free(v->slug);
	free(v->lang);
	free(v);
}

static void
rel_load(struct app *a, struct relview *v)
{
	struct doc d;
	char *cause = NULL;

	rel_unload(v);
	if (app_doc(a, v->slug, v->lang, &d) == 0) {
		v->title = xstrdup(*d.title ? d.title : d.slug);
		doc_clear(&d);
	} else
		v->title = xstrdup(v->slug);
	if (index_related(a->ix, v->slug, 50, &v->rows, &v->n, &cause) < 0) {
		app_msg(a, 1, "cannot find the notes related to %s: %s",
		    v->slug, cause);
		free(cause);
		v->rows = NULL;
		v->n = 0;
	}
	list_clamp(&v->sel, &v->top, (int)v->n, PER, app_body_rows(a) - HEAD);
}

static void
rel_open(struct app *a, void *st, const struct place *p)
{
	struct relview *v = st;

	free(v->slug);
	free(v->lang);
	v->slug = xstrdup(p->slug ? p->slug : "");
	v->lang = p->lang ? xstrdup(p->lang) : NULL;
	v->sel = p->sel > 0 ? p->sel : 0;
	v->top = p->top;
	rel_load(a, v);
}

static void
rel_save(struct app *a, void *st, struct place *p)
{
	struct relview *v = st;

	p->slug = v->slug ? xstrdup(v->slug) : NULL;
	p->lang = v->lang ? xstrdup(v->lang) : NULL;
	p->sel = v->sel;
	p->top = v->top;
}

static enum keymap
rel_keymap(void *st)
{
	return KM_RELATED;
}

static void
rel_go(struct app *a, struct relview *v)
{
	struct place p = {0};
	const struct related *r;

	if (v->n == 0) {
		app_msg(a, 0, "no related note");
		return;
	}
	r = &v->rows[v->sel];
	p.view = V_NOTE;
	p.slug = xstrdup(r->doc.key);
	p.lang = xstrdup(r->doc.lang);
	app_go(a, &p);
	place_clear(&p);
}

static int
rel_key(struct app *a, void *st, enum action act, int key)
{
	struct relview *v = st;
	int page = (app_body_rows(a) - HEAD) / PER;

	if (act == ACT_OPEN) {
		rel_go(a, v);
		return 1;
	}
	if (!list_move(act, &v->sel, (int)v->n, page))
		return 0;
	list_clamp(&v->sel, &v->top, (int)v->n, PER, app_body_rows(a) - HEAD);
	return 1;
}

static void
rel_resize(struct app *a, void *st)
{
	struct relview *v = st;

	list_clamp(&v->sel, &v->top, (int)v->n, PER, app_body_rows(a) - HEAD);
}

static void
rel_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct relview *v = st;
	struct tline l = TLINE_INIT;
	int i, r, w = a->cols;

	list_clamp(&v->sel, &v->top, (int)v->n, PER, n - HEAD);
	tl_adds(&l, " Related to ", ST_STRONG);
	tl_add_fit(&l, v->title ? v->title : "", ST_H1, -1, w / 2);
	frame_set(f, top, &l, UI_TEXT);
	if (v->n == 0)
		tl_adds(&l, " No note shares links, tags or words with it.",
		    ST_DIM);
	else
		tl_printf(&l, ST_DIM, " %zu note%s, by links, tags and words",
		    v->n, v->n == 1 ? "" : "s");
	frame_set(f, top + 1, &l, UI_TEXT);
	for (i = v->top, r = top + HEAD; i < (int)v->n && r + 1 < top + n;
	    i++, r += PER) {
		const struct related *rr = &v->rows[i];
		int sel = i == v->sel;
		char *s;

		tl_adds(&l, sel ? "▌" : " ", sel ? ST_SELECTED : 0);
		tl_add_fit(&l, *rr->doc.title ? rr->doc.title : rr->doc.path,
		    ST_STRONG | (sel ? ST_SELECTED : 0), -1, w * 2 / 3);
		s = xasprintf("  %.2f  %s", rr->score, rr->doc.path);
		tl_add_fit(&l, s, ST_DIM, -1, w - l.width - 1);
		free(s);
		frame_set(f, r, &l, UI_TEXT);
		tl_adds(&l, sel ? "▌   " : "    ", sel ? ST_SELECTED : 0);
		s = related_reason(rr);
		tl_add_fit(&l, s, 0, -1, w - 5);
		free(s);
		frame_set(f, r + 1, &l, UI_TEXT);
	}
}

static void
rel_status(struct app *a, void *st, struct buf *out)
{
	const struct relview *v = st;

	if (v->n)
		buf_printf(out, "%d/%zu", v->sel + 1, v->n);
}

static void
rel_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct relview *v = st;

	if (w != M_CLICK) {
		rel_key(a, v, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	if (list_click(y, 1 + HEAD, PER, v->top, (int)v->n, &v->sel) == 1)
		rel_go(a, v);
}

static int
rel_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct relview *v = st;

	if (v->n == 0) {
		if (!v->slug)
			return 0;
		*slug = v->slug;
		*lang = v->lang;
		return 1;
	}
	*slug = v->rows[v->sel].doc.key;
	*lang = v->rows[v->sel].doc.lang;
	return 1;
}

static void
rel_reload(struct app *a, void *st)
{
	rel_load(a, st);
}

const struct view_ops view_related = {
	.name = "Related",
	.init = rel_init,
	.free = rel_free,
	.open = rel_open,
	.save = rel_save,
	.keymap = rel_keymap,
	.key = rel_key,
	.resize = rel_resize,
	.draw = rel_draw,
	.status = rel_status,
	.mouse = rel_mouse,
	.focus = rel_focus,
	.reload = rel_reload,
};
