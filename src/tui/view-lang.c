/*
 * view-lang.c: the language picker (L), a small box over the current
 * view listing the note's translations; Enter shows the note in the
 * language picked. With exactly two languages, L simply switches.
 */
#include "tui/app.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct langpick {
	char *slug;
	struct doc *t;
	size_t n;
	int sel;
	int switched;		/* two languages: switched straight away */
};

static void *
lp_init(struct app *a)
{
	return xcalloc(1, sizeof(struct langpick));
}

static void
lp_unload(struct langpick *p)
{
	docs_free(p->t, p->n);
	p->t = NULL;
	p->n = 0;
	free(p->slug);
	p->slug = NULL;
}

static void
lp_free(void *st)
{
	struct langpick *p = st;

	if (!p)
		return;
	lp_unload(p);
	free(p);
}

static void
lp_go(struct app *a, struct langpick *p)
{
	char *slug, *lang;

	if (p->n == 0) {
		app_overlay(a, OV_NONE);
		return;
	}
	slug = xstrdup(p->t[p->sel].key);
	lang = xstrdup(p->t[p->sel].lang);
	app_overlay(a, OV_NONE);
	app_open_note(a, slug, lang, NULL);
	app_msg(a, 0, "language: %s", lang);
	free(slug);
	free(lang);
}

static void
lp_open(struct app *a, void *st, const struct place *pl)
{
	struct langpick *p = st;
	const char *cur = pl->lang ? pl->lang : a->lang;
	size_t i;

	lp_unload(p);
	p->sel = 0;
	if (!pl->slug)
		return;
	p->slug = xstrdup(pl->slug);
	index_translations(a->ix, p->slug, &p->t, &p->n);
	for (i = 0; i < p->n; i++)
		if (strcmp(p->t[i].lang, cur) == 0)
			p->sel = (int)i;
	if (p->n == 2) {
		/* Two languages: L switches to the other one. */
		p->sel = !p->sel;
		lp_go(a, p);
	}
}

static void
lp_save(struct app *a, void *st, struct place *pl)
{
}

static enum keymap
lp_keymap(void *st)
{
	return KM_LANG;
}

static int
lp_key(struct app *a, void *st, enum action act, int key)
{
	struct langpick *p = st;

	switch (act) {
	case ACT_DOWN:
		if (p->sel + 1 < (int)p->n)
			p->sel++;
		return 1;
	case ACT_UP:
		if (p->sel > 0)
			p->sel--;
		return 1;
	case ACT_OPEN:
		lp_go(a, p);
		return 1;
	case ACT_CANCEL:
		app_overlay(a, OV_NONE);
		return 1;
	default:
		return 0;
	}
}

static void
lp_resize(struct app *a, void *st)
{
}

static void
lp_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct langpick *p = st;
	struct tline l = TLINE_INIT;
	struct rline rl = {0};
	int w = a->cols - 4, x, r = top + 1, i;

	if (w > 50)
		w = 50;
	x = (a->cols - w) / 2;
	tl_adds(&l, "╭─ ", ST_RULE);
	tl_adds(&l, "Language", ST_STRONG);
	tl_adds(&l, " ", ST_RULE);
	while (l.width < w - 1)
		tl_adds(&l, "─", ST_RULE);
	tl_adds(&l, "╮", ST_RULE);
	tl_take(&l, &rl);
	line_splice(&f->lines[r++], x, w, &rl, 0);
	line_clear(&rl);
	for (i = 0; i < (int)p->n && r < top + n - 1; i++, r++) {
		unsigned sel = i == p->sel ? ST_SELECTED : 0;

		tl_adds(&l, "│ ", ST_RULE);
		tl_adds(&l, i == p->sel ? "▌" : " ", sel);
		tl_printf(&l, ST_STRONG | sel, "%s", p->t[i].lang);
		tl_adds(&l, "  ", sel);
		tl_add_fit(&l, p->t[i].title, sel, -1, w - 10);
		tl_pad(&l, w - 1, 0);
		tl_adds(&l, "│", ST_RULE);
		tl_take(&l, &rl);
		line_splice(&f->lines[r], x, w, &rl, 0);
		line_clear(&rl);
	}
	tl_adds(&l, "╰", ST_RULE);
	while (l.width < w - 1)
		tl_adds(&l, "─", ST_RULE);
	tl_adds(&l, "╯", ST_RULE);
	tl_take(&l, &rl);
	if (r < f->rows)
		line_splice(&f->lines[r], x, w, &rl, 0);
	line_clear(&rl);
}

static void
lp_status(struct app *a, void *st, struct buf *out)
{
	const struct langpick *p = st;

	buf_printf(out, "%zu languages", p->n);
}

static void
lp_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct langpick *p = st;
	int k = y - 3;

	if (w != M_CLICK)
		return;
	if (k < 0 || k >= (int)p->n) {
		app_overlay(a, OV_NONE);
		return;
	}
	p->sel = k;
	lp_go(a, p);
}

static int
lp_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct langpick *p = st;

	if (p->n == 0)
		return 0;
	*slug = p->t[p->sel].key;
	*lang = p->t[p->sel].lang;
	return 1;
}

static void
lp_reload(struct app *a, void *st)
{
	struct langpick *p = st;
	struct place pl = {0};
	char *slug = p->slug ? xstrdup(p->slug) : NULL;

	pl.slug = slug;
	if (slug && p->n != 2)
		lp_open(a, p, &pl);
	free(slug);
}

const struct view_ops overlay_lang = {
	.name = "Language",
	.init = lp_init,
	.free = lp_free,
	.open = lp_open,
	.save = lp_save,
	.keymap = lp_keymap,
	.key = lp_key,
	.resize = lp_resize,
	.draw = lp_draw,
	.status = lp_status,
	.mouse = lp_mouse,
	.focus = lp_focus,
	.reload = lp_reload,
};
