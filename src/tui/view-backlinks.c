/*
 * view-backlinks.c: the notes linking to a note, each with the line the
 * link sits on; Enter goes there with that link selected.
 */
#include "tui/app.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define PER 2
#define HEAD 2

struct backlinks {
	char *slug, *lang;
	char *title;
	struct linkrow *rows;
	size_t n;
	long notes;		/* distinct linking notes */
	int sel, top;
};

static void *
bl_init(struct app *a)
{
	return xcalloc(1, sizeof(struct backlinks));
}

static void
bl_unload(struct backlinks *b)
{
	linkrows_free(b->rows, b->n);
	b->rows = NULL;
	b->n = 0;
	free(b->title);
	b->title = NULL;
}

static void
bl_free(void *st)
{
	struct backlinks *b = st;

	if (!b)
		return;
	bl_unload(b);
	free(b->slug);
	free(b->lang);
	free(b);
}

static void
bl_load(struct app *a, struct backlinks *b)
{
	struct doc d;
	size_t i, j;

	bl_unload(b);
	if (app_doc(a, b->slug, b->lang, &d) == 0) {
		b->title = xstrdup(*d.title ? d.title : d.slug);
		doc_clear(&d);
	} else
		b->title = xstrdup(b->slug);
	if (index_backlinks(a->ix, b->slug, b->lang, &b->rows,
	    &b->n) < 0) {
		app_msg(a, 1, "cannot read the backlinks of %s", b->slug);
		b->rows = NULL;
		b->n = 0;
	}
	b->notes = 0;
	for (i = 0; i < b->n; i++) {
		for (j = 0; j < i; j++)
			if (b->rows[j].other.id == b->rows[i].other.id)
				break;
		if (j == i)
			b->notes++;
	}
	list_clamp(&b->sel, &b->top, (int)b->n, PER, app_body_rows(a) - HEAD);
}

static void
bl_open(struct app *a, void *st, const struct place *p)
{
	struct backlinks *b = st;

	free(b->slug);
	free(b->lang);
	b->slug = xstrdup(p->slug ? p->slug : "");
	b->lang = p->lang ? xstrdup(p->lang) : NULL;
	b->sel = p->sel > 0 ? p->sel : 0;
	b->top = p->top;
	bl_load(a, b);
}

static void
bl_save(struct app *a, void *st, struct place *p)
{
	struct backlinks *b = st;

	p->slug = b->slug ? xstrdup(b->slug) : NULL;
	p->lang = b->lang ? xstrdup(b->lang) : NULL;
	p->sel = b->sel;
	p->top = b->top;
}

static enum keymap
bl_keymap(void *st)
{
	return KM_BACKLINKS;
}

static void
bl_go(struct app *a, struct backlinks *b)
{
	struct place p = {0};
	const struct linkrow *r;

	if (b->n == 0) {
		app_msg(a, 0, "no note links here");
		return;
	}
	r = &b->rows[b->sel];
	p.view = V_NOTE;
	p.slug = xstrdup(r->other.key);
	p.lang = xstrdup(r->other.lang);
	p.link_to = xstrdup(b->slug);
	p.sel = -1;
	app_go(a, &p);
	place_clear(&p);
}

static int
bl_key(struct app *a, void *st, enum action act, int key)
{
	struct backlinks *b = st;
	int page = (app_body_rows(a) - HEAD) / PER;

	if (act == ACT_OPEN) {
		bl_go(a, b);
		return 1;
	}
	if (!list_move(act, &b->sel, (int)b->n, page))
		return 0;
	list_clamp(&b->sel, &b->top, (int)b->n, PER, app_body_rows(a) - HEAD);
	return 1;
}

static void
bl_resize(struct app *a, void *st)
{
	struct backlinks *b = st;

	list_clamp(&b->sel, &b->top, (int)b->n, PER, app_body_rows(a) - HEAD);
}

static void
bl_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct backlinks *b = st;
	struct tline l = TLINE_INIT;
	int i, r, w = a->cols;

	list_clamp(&b->sel, &b->top, (int)b->n, PER, n - HEAD);
	tl_adds(&l, " Backlinks of ", ST_STRONG);
	tl_add_fit(&l, b->title ? b->title : "", ST_H1, -1, w / 2);
	frame_set(f, top, &l, UI_TEXT);
	if (b->n == 0)
		tl_adds(&l, " No note links here yet.", ST_DIM);
	else
		tl_printf(&l, ST_DIM, " %zu link%s from %ld note%s", b->n,
		    b->n == 1 ? "" : "s", b->notes, b->notes == 1 ? "" : "s");
	frame_set(f, top + 1, &l, UI_TEXT);
	for (i = b->top, r = top + HEAD; i < (int)b->n && r + 1 < top + n;
	    i++, r += PER) {
		const struct linkrow *lr = &b->rows[i];
		int sel = i == b->sel;
		struct rline ctx = {0};

		tl_adds(&l, sel ? "▌" : " ", sel ? ST_SELECTED : 0);
		tl_add_fit(&l, *lr->other.title ? lr->other.title :
		    lr->other.path, ST_STRONG | (sel ? ST_SELECTED : 0), -1,
		    w * 2 / 3);
		tl_adds(&l, "  ", 0);
		{
			char *where = xasprintf("%s:%d", lr->other.path,
			    lr->line);

			tl_add_fit(&l, where, ST_DIM, -1, w - l.width - 1);
			free(where);
		}
		frame_set(f, r, &l, UI_TEXT);
		/* The context, the link's target marked. */
		tl_adds(&l, sel ? "▌   " : "    ", sel ? ST_SELECTED : 0);
		{
			struct tline c = TLINE_INIT;

			tl_adds(&c, lr->context ? lr->context : "", 0);
			tl_take(&c, &ctx);
			tl_add_rline_find(&l, &ctx, w - 5, -1, lr->target);
			line_clear(&ctx);
		}
		frame_set(f, r + 1, &l, UI_TEXT);
	}
}

static void
bl_status(struct app *a, void *st, struct buf *out)
{
	const struct backlinks *b = st;

	if (b->n)
		buf_printf(out, "%d/%zu", b->sel + 1, b->n);
}

static void
bl_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct backlinks *b = st;

	if (w != M_CLICK) {
		bl_key(a, b, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	if (list_click(y, 1 + HEAD, PER, b->top, (int)b->n, &b->sel) == 1)
		bl_go(a, b);
}

static int
bl_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct backlinks *b = st;

	if (b->n == 0) {
		if (!b->slug)
			return 0;
		*slug = b->slug;
		*lang = b->lang;
		return 1;
	}
	*slug = b->rows[b->sel].other.key;
	*lang = b->rows[b->sel].other.lang;
	return 1;
}

static void
bl_reload(struct app *a, void *st)
{
	bl_load(a, st);
}

const struct view_ops view_backlinks = {
	.name = "Backlinks",
	.init = bl_init,
	.free = bl_free,
	.open = bl_open,
	.save = bl_save,
	.keymap = bl_keymap,
	.key = bl_key,
	.resize = bl_resize,
	.draw = bl_draw,
	.status = bl_status,
	.mouse = bl_mouse,
	.focus = bl_focus,
	.reload = bl_reload,
};
