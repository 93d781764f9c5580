/*
 * view-tags.c: the tags with their counts (a bar for each); Enter lists
 * the notes of a tag, and Enter there opens one. The two levels are two
 * places, so Back returns from a tag's notes to the tag list.
 */
#include "tui/app.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

#define HEAD 2
#define BARW 20

struct tagsview {
	struct tagcount *tags;
	size_t ntags;
	char *tag;		/* NULL: the tag list; else its notes */
	struct doc *docs;
	size_t ndocs;
	int sel, top;
};

static void *
tv_init(struct app *a)
{
	return xcalloc(1, sizeof(struct tagsview));
}

static void
tv_unload(struct tagsview *v)
{
	tagcounts_free(v->tags, v->ntags);
	v->tags = NULL;
	v->ntags = 0;
	docs_free(v->docs, v->ndocs);
	v->docs = NULL;
	v->ndocs = 0;
}

static void
tv_free(void *st)
{
	struct tagsview *v = st;

	if (!v)
		return;
	tv_unload(v);
	free(v->tag);
	free(v);
}

static int
count(const struct tagsview *v)
{
	return v->tag ? (int)v->ndocs : (int)v->ntags;
}

static int
by_title(const void *x, const void *y)
{
	const struct doc *a = x, *b = y;
	int c = str_casecmp(a->title, b->title);

	return c ? c : strcmp(a->key, b->key);
}

static void
tv_load(struct app *a, struct tagsview *v)
{
	char *cause = NULL;
	size_t i, k;

	tv_unload(v);
	if (!v->tag) {
		if (index_tags(a->ix, &v->tags, &v->ntags) < 0)
			app_msg(a, 1, "cannot read the tags");
	} else if (index_tag_docs(a->ix, v->tag, &v->docs, &v->ndocs,
	    &cause) < 0) {
		app_msg(a, 1, "%s", cause ? cause : "cannot read the tag");
		free(cause);
	} else {
		/* One row per note (its first language), by title. */
		for (i = 0, k = 0; i < v->ndocs; i++) {
			if (k > 0 && strcmp(v->docs[k - 1].key,
			    v->docs[i].key) == 0) {
				doc_clear(&v->docs[i]);
				continue;
			}
			if (k != i) {
				v->docs[k] = v->docs[i];
				memset(&v->docs[i], 0, sizeof v->docs[i]);
			}
			k++;
		}
		v->ndocs = k;
		qsort(v->docs, v->ndocs, sizeof *v->docs, by_title);
	}
	list_clamp(&v->sel, &v->top, count(v), 1, app_body_rows(a) - HEAD);
}

static void
tv_open(struct app *a, void *st, const struct place *p)
{
	struct tagsview *v = st;

	free(v->tag);
	v->tag = p->arg && *p->arg ? xstrdup(p->arg) : NULL;
	v->sel = p->sel > 0 ? p->sel : 0;
	v->top = p->top;
	tv_load(a, v);
}

static void
tv_save(struct app *a, void *st, struct place *p)
{
	struct tagsview *v = st;

	p->arg = v->tag ? xstrdup(v->tag) : NULL;
	p->sel = v->sel;
	p->top = v->top;
}

static enum keymap
tv_keymap(void *st)
{
	return KM_TAGS;
}

static void
tv_enter(struct app *a, struct tagsview *v)
{
	struct place p = {0};
	char *slug, *lang;

	if (count(v) == 0)
		return;
	if (v->tag) {
		slug = xstrdup(v->docs[v->sel].key);
		lang = xstrdup(v->docs[v->sel].lang);
		app_open_note(a, slug, lang, NULL);
		free(slug);
		free(lang);
		return;
	}
	p.view = V_TAGS;
	p.arg = xstrdup(v->tags[v->sel].tag);
	app_go(a, &p);
	place_clear(&p);
}

static int
tv_key(struct app *a, void *st, enum action act, int key)
{
	struct tagsview *v = st;
	int page = app_body_rows(a) - HEAD - 1;

	if (page < 1)
		page = 1;
	switch (act) {
	case ACT_DOWN:
		v->sel++;
		break;
	case ACT_UP:
		v->sel--;
		break;
	case ACT_PAGEDOWN:
		v->sel += page;
		break;
	case ACT_PAGEUP:
		v->sel -= page;
		break;
	case ACT_TOP:
		v->sel = 0;
		break;
	case ACT_BOTTOM:
		v->sel = count(v) - 1;
		break;
	case ACT_OPEN:
		tv_enter(a, v);
		return 1;
	default:
		return 0;
	}
	list_clamp(&v->sel, &v->top, count(v), 1, app_body_rows(a) - HEAD);
	return 1;
}

static void
tv_resize(struct app *a, void *st)
{
	struct tagsview *v = st;

	list_clamp(&v->sel, &v->top, count(v), 1, app_body_rows(a) - HEAD);
}

static void
tv_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct tagsview *v = st;
	struct tline l = TLINE_INIT;
	long max = 1;
	int i, r, namew = 10, w = a->cols, k, bar;

	list_clamp(&v->sel, &v->top, count(v), 1, n - HEAD);
	if (v->tag) {
		tl_adds(&l, " Notes tagged ", ST_STRONG);
		tl_printf(&l, ST_TAG | ST_STRONG, "#%s", v->tag);
		frame_set(f, top, &l, UI_TEXT);
		tl_printf(&l, ST_DIM, " %zu note%s", v->ndocs,
		    v->ndocs == 1 ? "" : "s");
	} else {
		tl_adds(&l, " Tags", ST_STRONG);
		frame_set(f, top, &l, UI_TEXT);
		tl_printf(&l, ST_DIM, " %zu tag%s · Enter lists a tag's notes",
		    v->ntags, v->ntags == 1 ? "" : "s");
	}
	frame_set(f, top + 1, &l, UI_TEXT);
	if (count(v) == 0) {
		tl_adds(&l, v->tag ? " No note has this tag any more." :
		    " No note has a tag yet.", ST_DIM);
		frame_set(f, top + HEAD, &l, UI_TEXT);
		return;
	}
	if (!v->tag) {
		for (i = 0; i < (int)v->ntags; i++) {
			int tw = text_width(v->tags[i].tag,
			    strlen(v->tags[i].tag)) + 1;

			if (v->tags[i].count > max)
				max = v->tags[i].count;
			if (tw > namew)
				namew = tw;
		}
		if (namew > w / 2)
			namew = w / 2;
	}
	for (i = v->top, r = top + HEAD; i < count(v) && r < top + n;
	    i++, r++) {
		int sel = i == v->sel;
		unsigned st_sel = sel ? ST_SELECTED : 0;

		tl_adds(&l, sel ? "▌" : " ", st_sel);
		if (v->tag) {
			const struct doc *d = &v->docs[i];

			tl_add_fit(&l, *d->title ? d->title : d->path,
			    ST_STRONG | st_sel, -1, w * 2 / 3);
			tl_adds(&l, "  ", 0);
			tl_printf(&l, ST_DIM, "%s%s%s", d->type,
			    *d->type ? " · " : "", d->path);
		} else {
			char *name = xasprintf("#%s", v->tags[i].tag);

			tl_add_fit(&l, name, ST_TAG | st_sel, -1, namew);
			free(name);
			tl_pad(&l, namew + 3, 0);
			bar = (int)((v->tags[i].count * BARW + max - 1) / max);
			for (k = 0; k < bar; k++)
				tl_adds(&l, "█", ST_MARKER);
			tl_printf(&l, 0, " %ld", v->tags[i].count);
		}
		frame_set(f, r, &l, UI_TEXT);
	}
}

static void
tv_status(struct app *a, void *st, struct buf *out)
{
	const struct tagsview *v = st;

	if (count(v))
		buf_printf(out, "%d/%d", v->sel + 1, count(v));
}

static void
tv_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct tagsview *v = st;
	int i;

	if (w != M_CLICK) {
		tv_key(a, v, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	i = v->top + (y - 1 - HEAD);
	if (y < 1 + HEAD || i >= count(v))
		return;
	if (i == v->sel)
		tv_enter(a, v);
	else
		v->sel = i;
}

static int
tv_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct tagsview *v = st;

	if (!v->tag || v->ndocs == 0)
		return 0;
	*slug = v->docs[v->sel].key;
	*lang = v->docs[v->sel].lang;
	return 1;
}

static void
tv_reload(struct app *a, void *st)
{
	tv_load(a, st);
}

const struct view_ops view_tags = {
	.name = "Tags",
	.init = tv_init,
	.free = tv_free,
	.open = tv_open,
	.save = tv_save,
	.keymap = tv_keymap,
	.key = tv_key,
	.resize = tv_resize,
	.draw = tv_draw,
	.status = tv_status,
	.mouse = tv_mouse,
	.focus = tv_focus,
	.reload = tv_reload,
};
