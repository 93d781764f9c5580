/*
 * view-tags.c: the tags with their counts (a bar for each), nested tags
 * (#aws/lambda) as a tree under their parent (shown even when no note
 * has the parent alone); Enter lists the notes of a tag, nested ones
 * included, as `search tag:` does, and Enter there opens one. The two
 * levels are two places, so Back returns from a tag's notes to the tag
 * list.
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

/* A document and the title of its note's first document. */
struct gdoc {
	struct doc d;
	const char *gtitle;
	size_t at;
};

static int
by_title(const void *x, const void *y)
{
	const struct gdoc *a = x, *b = y;
	int c = str_casecmp(a->gtitle, b->gtitle);

	if (!c)
		c = strcmp(a->d.key, b->d.key);
	return c ? c : a->at < b->at ? -1 : a->at > b->at;
}

/* Sort documents that come by note key, the default language first. */
static void
sort_groups(struct doc *docs, size_t n)
{
	struct gdoc *g = xcalloc(n + 1, sizeof *g);
	size_t i, first = 0;

	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(docs[i].key, docs[first].key) != 0)
			first = i;
		g[i].d = docs[i];
		g[i].gtitle = docs[first].title;
		g[i].at = i;
	}
	qsort(g, n, sizeof *g, by_title);
	for (i = 0; i < n; i++)
		docs[i] = g[i].d;
	free(g);
}

/* The count of tag, or -1 when it is not among the first n of t (sorted
 * by name). */
static long
count_of(const struct tagcount *t, size_t n, const char *tag, size_t len)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(t[mid].tag, tag, len);
		if (c == 0 && t[mid].tag[len])
			c = 1;
		if (c == 0)
			return t[mid].count;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(((const struct tagcount *)x)->tag,
	    ((const struct tagcount *)y)->tag);
}

/* A tag and its place in the tree: for each level, the branch's count
 * (the bigger first) and the name, so that sorting the keys puts a
 * parent before its children and branches in order. */
struct tkey {
	char *key;
	struct tagcount tc;
};

static int
by_key(const void *x, const void *y)
{
	return strcmp(((const struct tkey *)x)->key,
	    ((const struct tkey *)y)->key);
}

/* The parent's spelling from a child's: as many '/' parts of shown as
 * key has. */
static char *
shown_prefix(const char *shown, const char *key)
{
	const char *p = shown;
	int parts = 1;

	for (; *key; key++)
		parts += *key == '/';
	while (*p && (*p != '/' || --parts > 0))
		p++;
	return xstrndup(shown, (size_t)(p - shown));
}

/* Add the parents no note carries alone (#aws for #aws/lambda), with
 * the count of what is under them, and order the tags as a tree. */
static void
tag_tree(struct app *a, struct tagsview *v)
{
	struct doc *docs;
	struct tkey *keys;
	char *cause = NULL, *p;
	size_t i, n = v->ntags, cap = v->ntags, nd;
	const char *t;

	qsort(v->tags, v->ntags, sizeof *v->tags, by_name);
	for (i = 0; i < n; i++) {
		const char *full = v->tags[i].tag;	/* moves when sorted */
		const char *shown = v->tags[i].shown;

		for (t = strchr(full, '/'); t; t = strchr(t + 1, '/')) {
			size_t len = (size_t)(t - full);

			if (count_of(v->tags, n, full, len) >= 0)
				continue;
			p = xstrndup(full, len);
			nd = 0;
			if (index_tag_docs(a->ix, p, &docs, &nd, &cause) == 0)
				docs_free(docs, nd);
			free(cause);
			cause = NULL;
			v->tags = xgrow(v->tags, &cap, v->ntags + 1,
			    sizeof *v->tags);
			v->tags[v->ntags].tag = p;
			v->tags[v->ntags].shown = shown_prefix(shown, p);
			v->tags[v->ntags++].count = (long)nd;
			qsort(v->tags, v->ntags, sizeof *v->tags, by_name);
			n = v->ntags;
		}
	}
	keys = xcalloc(v->ntags + 1, sizeof *keys);
	for (i = 0; i < v->ntags; i++) {
		struct buf k = BUF_INIT;
		size_t e, from = 0;

		t = v->tags[i].tag;
		do {
			for (e = from; t[e] && t[e] != '/'; e++)
				;
			buf_printf(&k, "%012ld\x01%.*s\x02", 999999999999L -
			    count_of(v->tags, v->ntags, t, e), (int)(e - from),
			    t + from);
			from = e + 1;
		} while (t[e]);
		keys[i].key = buf_take(&k);
		keys[i].tc = v->tags[i];
	}
	qsort(keys, v->ntags, sizeof *keys, by_key);
	for (i = 0; i < v->ntags; i++) {
		v->tags[i] = keys[i].tc;
		free(keys[i].key);
	}
	free(keys);
}

/* A tag's row label: "#aws", and under it "  /lambda". */
static char *
tag_label(const char *tag)
{
	const char *slash = strrchr(tag, '/');
	int depth = 0;
	const char *p;

	if (!slash)
		return xasprintf("#%s", tag);
	for (p = tag; *p; p++)
		depth += *p == '/';
	return xasprintf("%*s/%s", depth * 2, "", slash + 1);
}

static void
tv_load(struct app *a, struct tagsview *v)
{
	char *cause = NULL;

	tv_unload(v);
	if (!v->tag) {
		if (index_tags(a->ix, &v->tags, &v->ntags) < 0)
			app_msg(a, 1, "cannot read the tags");
	} else if (index_tag_docs(a->ix, v->tag, &v->docs, &v->ndocs,
	    &cause) < 0) {
		app_msg(a, 1, "%s", cause ? cause : "cannot read the tag");
		free(cause);
	} else {
		/* Every document, translations too (as the count and
		 * `search tag:` have them): notes by title, each note's
		 * documents together, its default language first. */
		sort_groups(v->docs, v->ndocs);
	}
	if (!v->tag)
		tag_tree(a, v);
	/* the counts read every tag row: the cache they filled is of no
	 * later use */
	index_release_memory(a->ix);
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
			char *lab = tag_label(v->tags[i].shown);
			int tw = text_width(lab, strlen(lab));

			free(lab);
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
			char *name = tag_label(v->tags[i].shown);

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

	if (w != M_CLICK) {
		tv_key(a, v, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	if (list_click(y, 1 + HEAD, 1, v->top, count(v), &v->sel) == 1)
		tv_enter(a, v);
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
