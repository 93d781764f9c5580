/* app.c: the explorer's state, navigation, key dispatch and frame (app.h). */
#include "tui/app.h"
#include "tui/screen.h"
#include "tui/worker.h"
#include "core/util.h"
#include "render/width.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_MAX 200

static const struct view_ops *const views[V_COUNT] = {
	[V_SEARCH] = &view_search,
	[V_NOTE] = &view_note,
	[V_BACKLINKS] = &view_backlinks,
	[V_GRAPH] = &view_graph,
	[V_TAGS] = &view_tags,
	[V_HELP] = &view_help,
	[V_RELATED] = &view_related,
};

static const struct view_ops *const overlays[OV_COUNT] = {
	[OV_QUICKOPEN] = &overlay_quickopen,
	[OV_LANG] = &overlay_lang,
	[OV_PROMPT] = &overlay_prompt,
};

/* The tabs of the top bar, in order. */
static const enum view_id tabs[] = {
	V_SEARCH, V_NOTE, V_BACKLINKS, V_GRAPH, V_TAGS, V_RELATED, V_HELP,
};

void
place_clear(struct place *p)
{
	if (!p)
		return;
	free(p->slug);
	free(p->lang);
	free(p->arg);
	free(p->link_to);
	memset(p, 0, sizeof *p);
}

void
place_copy(struct place *dst, const struct place *src)
{
	*dst = *src;
	dst->slug = src->slug ? xstrdup(src->slug) : NULL;
	dst->lang = src->lang ? xstrdup(src->lang) : NULL;
	dst->arg = src->arg ? xstrdup(src->arg) : NULL;
	dst->link_to = src->link_to ? xstrdup(src->link_to) : NULL;
}

/* A list's selection moves as a scroll does, a page at least one row. */
int
list_move(enum action act, int *sel, int n, int page)
{
	return scroll_action(sel, act, page > 1 ? page : 1, n - 1);
}

int
list_click(int y, int first, int per, int top, int n, int *sel)
{
	int i;

	if (y < first)
		return -1;
	i = top + (y - first) / (per > 0 ? per : 1);
	if (i < 0 || i >= n)
		return -1;
	if (i == *sel)
		return 1;
	*sel = i;
	return 0;
}

void
list_clamp(int *sel, int *top, int n, int per, int h)
{
	int vis = per > 0 ? h / per : h;

	if (vis < 1)
		vis = 1;
	if (n <= 0) {
		*sel = 0;
		*top = 0;
		return;
	}
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + vis)
		*top = *sel - vis + 1;
	if (*top > n - vis)
		*top = n - vis;
	if (*top < 0)
		*top = 0;
}

int
scroll_action(int *top, enum action act, int page, int last)
{
	switch (act) {
	case ACT_DOWN:
		(*top)++;
		break;
	case ACT_UP:
		(*top)--;
		break;
	case ACT_PAGEDOWN:
		*top += page;
		break;
	case ACT_PAGEUP:
		*top -= page;
		break;
	case ACT_TOP:
		*top = 0;
		break;
	case ACT_BOTTOM:
		*top = last;
		break;
	default:
		return 0;
	}
	return 1;
}

struct app *
app_new(struct index *ix, const char *vault, const struct theme *theme,
    const char *lang, const char *query, int rows, int cols)
{
	struct app *a = xcalloc(1, sizeof *a);
	struct place p = {0};
	int i;

	a->ix = ix;
	a->vault = xstrdup(vault ? vault : index_vault(ix));
	a->theme = theme;
	a->lang = xstrdup(lang && *lang ? lang : "en");
	a->ov = OV_NONE;
	a->sumgen = -1;
	a->t_start = now_seconds();
	a->rows = rows;
	a->cols = cols;
	a->too_small = rows < APP_MIN_ROWS || cols < APP_MIN_COLS;
	for (i = 0; i < V_COUNT; i++)
		a->vst[i] = views[i]->init(a);
	for (i = 0; i < OV_COUNT; i++)
		a->ost[i] = overlays[i]->init(a);
	a->cur = V_SEARCH;
	p.view = V_SEARCH;
	p.arg = (char *)(query ? query : "");
	p.sel = 0;
	views[V_SEARCH]->open(a, a->vst[V_SEARCH], &p);
	a->dirty = 1;
	return a;
}

void
app_free(struct app *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < V_COUNT; i++)
		views[i]->free(a->vst[i]);
	for (i = 0; i < OV_COUNT; i++)
		overlays[i]->free(a->ost[i]);
	for (i = 0; i < a->nback; i++)
		place_clear(&a->back[i]);
	for (i = 0; i < a->nfwd; i++)
		place_clear(&a->fwd[i]);
	free(a->back);
	free(a->fwd);
	buf_free(&a->msg);
	buf_free(&a->edit_cmd);
	free(a->vault);
	free(a->lang);
	free(a);
}

void
app_msg(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&a->msg);
	va_start(ap, fmt);
	buf_vprintf(&a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
	a->dirty = 1;
}

int
app_body_rows(const struct app *a)
{
	return a->rows - 2 > 0 ? a->rows - 2 : 0;
}

int
app_doc(struct app *a, const char *slug, const char *lang, struct doc *d)
{
	struct doc *t = NULL;
	size_t n = 0, i, pick = 0;

	memset(d, 0, sizeof *d);
	d->id = -1;
	if (!slug || index_translations(a->ix, slug, &t, &n) < 0 || n == 0) {
		docs_free(t, n);
		return -1;
	}
	if (!lang)
		lang = a->lang;
	for (i = 0; i < n; i++)
		if (strcmp(t[i].lang, lang) == 0) {
			pick = i;
			break;
		}
	if (i == n)
		for (i = 0; i < n; i++)
			if (strcmp(t[i].lang, a->lang) == 0) {
				pick = i;
				break;
			}
	*d = t[pick];
	memset(&t[pick], 0, sizeof t[pick]);
	docs_free(t, n);
	return 0;
}

static void
push(struct place **v, size_t *n, size_t *cap, struct place *p)
{
	if (*n >= HISTORY_MAX) {
		place_clear(&(*v)[0]);
		memmove(&(*v)[0], &(*v)[1], (*n - 1) * sizeof **v);
		(*n)--;
	}
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = *p;
	memset(p, 0, sizeof *p);
}

static void
save_current(struct app *a, struct place *p)
{
	memset(p, 0, sizeof *p);
	p->view = a->cur;
	p->sel = -1;
	views[a->cur]->save(a, a->vst[a->cur], p);
	p->view = a->cur;
}

/* What takes the keys and the status bar: the open overlay, else the
 * current view; its state in *st. */
static const struct view_ops *
active(struct app *a, void **st)
{
	if (a->ov != OV_NONE) {
		*st = a->ost[a->ov];
		return overlays[a->ov];
	}
	*st = a->vst[a->cur];
	return views[a->cur];
}

static void
show(struct app *a, const struct place *p)
{
	a->ov = OV_NONE;
	a->cur = p->view;
	views[p->view]->open(a, a->vst[p->view], p);
	a->dirty = 1;
}

void
app_go(struct app *a, const struct place *p)
{
	struct place cur;
	size_t i;

	save_current(a, &cur);
	push(&a->back, &a->nback, &a->capback, &cur);
	for (i = 0; i < a->nfwd; i++)
		place_clear(&a->fwd[i]);
	a->nfwd = 0;
	show(a, p);
}

void
app_open_note(struct app *a, const char *slug, const char *lang,
    const char *anchor)
{
	struct place p = {0};

	p.view = V_NOTE;
	p.slug = (char *)slug;
	p.lang = (char *)lang;
	p.arg = (char *)anchor;
	p.sel = -1;
	app_go(a, &p);
}

/* One step through history, back or forward: the place on top of the
 * from stack is shown and the current one is pushed on the to stack.
 * With from empty, says empty instead. */
static void
step(struct app *a, struct place *from, size_t *nfrom, struct place **to,
    size_t *nto, size_t *capto, const char *empty)
{
	struct place cur, p;

	if (*nfrom == 0) {
		if (from == a->back && a->leave_on_back)
			a->quit = 1;	/* back to what the peek covers */
		else
			app_msg(a, 0, "%s", empty);
		return;
	}
	save_current(a, &cur);
	push(to, nto, capto, &cur);
	p = from[--*nfrom];
	show(a, &p);
	place_clear(&p);
}

void
app_back(struct app *a)
{
	step(a, a->back, &a->nback, &a->fwd, &a->nfwd, &a->capfwd,
	    "nothing to go back to");
}

void
app_forward(struct app *a)
{
	step(a, a->fwd, &a->nfwd, &a->back, &a->nback, &a->capback,
	    "nothing to go forward to");
}

void
app_overlay(struct app *a, enum overlay_id ov)
{
	struct place p = {0};
	const char *slug = NULL, *lang = NULL;

	a->dirty = 1;
	if (ov == OV_NONE) {
		a->ov = OV_NONE;
		return;
	}
	if (views[a->cur]->focus(a, a->vst[a->cur], &slug, &lang)) {
		p.slug = (char *)slug;
		p.lang = (char *)lang;
	}
	p.view = a->cur;
	a->ov = ov;
	overlays[ov]->open(a, a->ost[ov], &p);
}

void
app_request_edit(struct app *a, const char *path)
{
	buf_reset(&a->edit_cmd);
	buf_adds(&a->edit_cmd, path);
}

/* The note the action is about, from the overlay's view. */
static int
focus_note(struct app *a, const char **slug, const char **lang)
{
	*slug = *lang = NULL;
	if (!views[a->cur]->focus(a, a->vst[a->cur], slug, lang) || !*slug) {
		app_msg(a, 1, "no note selected: search (s) or open one "
		    "(Ctrl-P) first");
		return 0;
	}
	return 1;
}

static void
do_lang(struct app *a)
{
	const char *slug, *lang;
	struct doc *t = NULL;
	size_t n = 0;

	if (!focus_note(a, &slug, &lang))
		return;
	if (index_translations(a->ix, slug, &t, &n) < 0 || n < 2) {
		app_msg(a, 0, "this note has no translation (%s only)",
		    n == 1 ? t[0].lang : "one language");
		docs_free(t, n);
		return;
	}
	docs_free(t, n);
	app_overlay(a, OV_LANG);
}

static void
do_edit(struct app *a)
{
	const char *slug, *lang;
	struct doc d;

	if (!focus_note(a, &slug, &lang))
		return;
	if (app_doc(a, slug, lang, &d) < 0) {
		app_msg(a, 1, "%s: not in the index any more", slug);
		return;
	}
	app_request_edit(a, d.path);
	doc_clear(&d);
}

/* Actions no view took. */
static void
app_action(struct app *a, enum action act)
{
	struct place p = {0};
	const char *slug, *lang;

	p.sel = -1;
	switch (act) {
	case ACT_QUIT:
		a->quit = 1;
		break;
	case ACT_HELP:
		if (a->cur == V_HELP)
			break;
		p.view = V_HELP;
		p.sel = 0;
		app_go(a, &p);
		break;
	case ACT_SEARCH:
		p.view = V_SEARCH;
		app_go(a, &p);
		break;
	case ACT_QUICKOPEN:
		app_overlay(a, OV_QUICKOPEN);
		break;
	case ACT_TAGS:
		p.view = V_TAGS;
		app_go(a, &p);
		break;
	case ACT_BACKLINKS:
	case ACT_GRAPH:
	case ACT_RELATED:
		if (!focus_note(a, &slug, &lang))
			break;
		p.view = act == ACT_BACKLINKS ? V_BACKLINKS :
		    act == ACT_RELATED ? V_RELATED : V_GRAPH;
		p.slug = xstrdup(slug);
		p.lang = lang ? xstrdup(lang) : NULL;
		p.depth = 1;
		app_go(a, &p);
		place_clear(&p);
		break;
	case ACT_LANG:
		do_lang(a);
		break;
	case ACT_EDIT:
		do_edit(a);
		break;
	case ACT_NEW:
		app_new_note(a);
		break;
	case ACT_RENAME:
		if (focus_note(a, &slug, &lang))
			app_rename_note(a, slug, lang);
		break;
	case ACT_BACK:
		app_back(a);
		break;
	case ACT_FORWARD:
		app_forward(a);
		break;
	default:
		break;
	}
}

void
app_key(struct app *a, int key)
{
	const struct view_ops *ops;
	void *st;
	enum action act, any;

	a->dirty = 1;
	if (a->too_small) {
		if (key == 'q' || key == KC_CTRL('c'))
			a->quit = 1;
		return;
	}
	buf_reset(&a->msg);
	ops = active(a, &st);
	act = key_action(ops->keymap(st), key);
	if (act == ACT_NONE)
		return;
	if (ops->key(a, st, act, key))
		return;
	if (a->ov != OV_NONE) {
		if (act == ACT_QUIT)
			a->quit = 1;
		return;
	}
	/* A binding of the view's own that it declined: the key does what
	 * it does everywhere. */
	if ((any = key_fallback(ops->keymap(st), key)) != ACT_NONE)
		act = any;
	app_action(a, act);
}

/* Which tab is at column x of the top bar, or -1. */
static int
tab_at(const struct app *a, int x, struct tline *draw)
{
	int col = 0, i, hit = -1, w;

	if (draw)
		tl_adds(draw, " stratus ", ST_STRONG);
	col = 9;
	for (i = 0; i < (int)(sizeof tabs / sizeof tabs[0]); i++) {
		const char *name = views[tabs[i]]->name;

		w = (int)strlen(name) + 2;
		if (x >= col && x < col + w)
			hit = (int)tabs[i];
		if (draw) {
			tl_adds(draw, " ", 0);
			tl_adds(draw, name, a->cur == tabs[i] ?
			    ST_SELECTED | ST_STRONG : 0);
			tl_adds(draw, " ", 0);
		}
		col += w;
	}
	return hit;
}

void
app_mouse(struct app *a, enum mouse_what w, int y, int x)
{
	int t;

	a->dirty = 1;
	if (a->too_small)
		return;
	buf_reset(&a->msg);
	if (a->ov != OV_NONE) {
		overlays[a->ov]->mouse(a, a->ost[a->ov], w, y, x);
		return;
	}
	if (y == 0 && w == M_CLICK) {
		static const enum action tab_action[V_COUNT] = {
			[V_SEARCH] = ACT_SEARCH, [V_NOTE] = ACT_NONE,
			[V_BACKLINKS] = ACT_BACKLINKS, [V_GRAPH] = ACT_GRAPH,
			[V_TAGS] = ACT_TAGS, [V_HELP] = ACT_HELP,
			[V_RELATED] = ACT_RELATED,
		};
		const char *slug, *lang;

		t = tab_at(a, x, NULL);
		if (t < 0 || t == (int)a->cur)
			return;
		if (t == V_NOTE) {
			if (focus_note(a, &slug, &lang)) {
				char *s = xstrdup(slug);
				char *l = lang ? xstrdup(lang) : NULL;

				app_open_note(a, s, l, NULL);
				free(s);
				free(l);
			}
			return;
		}
		app_action(a, tab_action[t]);
		return;
	}
	if (y >= 1 && y < a->rows - 1)
		views[a->cur]->mouse(a, a->vst[a->cur], w, y, x);
}

void
app_screen_mouse(struct app *a, int what, int y, int x)
{
	switch ((enum screen_mouse)what) {
	case SMOUSE_WHEEL_UP:
		app_mouse(a, M_WHEEL_UP, y, x);
		break;
	case SMOUSE_WHEEL_DOWN:
		app_mouse(a, M_WHEEL_DOWN, y, x);
		break;
	case SMOUSE_CLICK:
		app_mouse(a, M_CLICK, y, x);
		break;
	case SMOUSE_NONE:
		break;
	}
}

void
app_resize(struct app *a, int rows, int cols)
{
	int i;

	a->rows = rows;
	a->cols = cols;
	a->too_small = rows < APP_MIN_ROWS || cols < APP_MIN_COLS;
	for (i = 0; i < V_COUNT; i++)
		views[i]->resize(a, a->vst[i]);
	for (i = 0; i < OV_COUNT; i++)
		overlays[i]->resize(a, a->ost[i]);
	a->dirty = 1;
}

int
app_index_now(struct app *a)
{
	struct index_stats st;
	char *cause = NULL;

	if (index_update(a->ix, 0, &st, &cause) < 0) {
		app_msg(a, 1, "re-indexing failed: %s", cause ? cause :
		    "unknown error");
		free(cause);
		return -1;
	}
	app_reload(a);
	return 0;
}

void
app_reload(struct app *a)
{
	a->gen++;
	views[a->cur]->reload(a, a->vst[a->cur]);
	if (a->ov != OV_NONE)
		overlays[a->ov]->reload(a, a->ost[a->ov]);
	a->dirty = 1;
}

static void
compose_small(struct app *a, struct frame *f)
{
	struct tline l = TLINE_INIT;
	int r = f->rows / 2 - 1;

	if (r < 0)
		r = 0;
	tl_adds(&l, "terminal too small", ST_STRONG);
	frame_set(f, r, &l, UI_ERROR);
	tl_printf(&l, 0, "%dx%d: need %dx%d", a->cols, a->rows,
	    APP_MIN_COLS, APP_MIN_ROWS);
	frame_set(f, r + 1, &l, UI_TEXT);
	tl_adds(&l, "enlarge it, or q to quit", ST_DIM);
	frame_set(f, r + 2, &l, UI_TEXT);
}

static void
compose_status(struct app *a, struct frame *f)
{
	struct tline l = TLINE_INIT;
	struct buf right = BUF_INIT, hints = BUF_INIT;
	const struct view_ops *ops;
	void *st;
	int rw, room;

	ops = active(a, &st);
	ops->status(a, st, &right);
	rw = text_width(buf_str(&right), right.len);
	room = a->cols - rw - 4;
	tl_adds(&l, " ", 0);
	if (a->msg.len) {
		tl_add_fit(&l, buf_str(&a->msg), 0, -1, room);
	} else {
		key_hints_fit(ops->keymap(st), room, &hints);
		tl_add_fit(&l, buf_str(&hints), 0, -1, room);
	}
	if (rw > 0 && rw < a->cols - 2) {
		tl_pad(&l, a->cols - rw - 1, 0);
		tl_adds(&l, buf_str(&right), 0);
	}
	frame_set(f, f->rows - 1, &l, a->msg.len && a->msg_error ?
	    UI_ERROR : UI_STATUS);
	buf_free(&right);
	buf_free(&hints);
}

void
app_search_done(struct app *a, struct worker_done *d)
{
	int merge = d->snippets;	/* the view says when it shows */

	views[V_SEARCH]->done(a, a->vst[V_SEARCH], d);
	if (!merge && (a->cur == V_SEARCH || a->ov != OV_NONE))
		a->dirty = 1;
}

void
app_compose(struct app *a, struct frame *f)
{
	struct tline l = TLINE_INIT;
	const char *name;
	int w;

	frame_clear(f);
	frame_init(f, a->rows, a->cols);
	if (a->too_small) {
		compose_small(a, f);
		return;
	}
	tab_at(a, -1, &l);
	name = path_base(a->vault);
	w = text_width(name, strlen(name));
	if (l.width + w + 2 < a->cols) {
		tl_pad(&l, a->cols - w - 1, 0);
		tl_add(&l, name, strlen(name), ST_DIM, -1);
	}
	frame_set(f, 0, &l, UI_TITLE);
	views[a->cur]->draw(a, a->vst[a->cur], f, 1, app_body_rows(a));
	if (a->ov != OV_NONE)
		overlays[a->ov]->draw(a, a->ost[a->ov], f, 1,
		    app_body_rows(a));
	compose_status(a, f);
	a->dirty = 0;
}
