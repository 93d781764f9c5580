/*
 * view-note.c: the note view. The note is rendered by the one renderer
 * (render_markdown) for the width of the screen and its lines painted as
 * they come; links show as the theme says (unresolved ones differently),
 * Tab and Shift-Tab select them, Enter follows (to the heading when the
 * link names one). Embedded notes (![[x]]) show inline in a frame; a
 * folded callout opens (or an open foldable one folds) on a click on its
 * title, or on Enter when no link is selected (the first on screen).
 * / finds text in the note, n and N repeat. A note over a part
 * (core/notepart.h) is read and rendered a part at a time: paging down at
 * the end of one opens the next, up at the top the one before.
 */
#include "tui/app.h"
#include "core/notepart.h"
#include "core/pct.h"
#include "core/util.h"
#include "render/embed.h"
#include "render/width.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAXWIDTH 100	/* columns of text, for readable lines */
#define MARGIN 2
#define HEAD 2		/* title line and rule */
#define PICTURE_ROWS_MAX 16	/* a picture box's height at most */

struct noteview {
	struct doc doc;		/* id -1: nothing shown */
	char *data;		/* the body, or the part of it shown */
	size_t len;
	char *path;		/* of the file */
	long part;		/* the part shown, from 1 */
	int last;		/* it is the last (or only) part */
	double mb;		/* the file's size in MB */
	struct linkrow *links;	/* the first link of doc to each note */
	size_t nlinks;
	struct doc *trans;	/* its translations */
	size_t ntrans;
	struct rdoc *rd;
	int rwidth;		/* rd was rendered for this width */
	int rpic;		/* and pictures this many rows tall */
	int top;		/* first line shown */
	int sel;		/* selected link, -1: none */
	char *anchor;		/* heading to show once rendered */
	char *link_slug;	/* select the first link to this note */
	int finding;		/* the find prompt is open */
	struct buf find;	/* what is typed there */
	char *needle;		/* what is found, or NULL */
	int match;		/* line of the current match, -1 */
	int mocc;		/* which of that line's matches (0: first) */
	char *error;		/* why the note cannot be shown */
	unsigned char *toggled;	/* foldable callouts turned over */
	size_t ntoggled;
};

static void *
nv_init(struct app *a)
{
	struct noteview *v = xcalloc(1, sizeof *v);

	v->doc.id = -1;
	v->sel = -1;
	v->match = -1;
	return v;
}

static void
unload(struct noteview *v)
{
	doc_clear(&v->doc);
	free(v->data);
	v->data = NULL;
	v->len = 0;
	free(v->path);
	v->path = NULL;
	linkrows_free(v->links, v->nlinks);
	v->links = NULL;
	v->nlinks = 0;
	docs_free(v->trans, v->ntrans);
	v->trans = NULL;
	v->ntrans = 0;
	rdoc_free(v->rd);
	v->rd = NULL;
	v->rwidth = 0;
	free(v->error);
	v->error = NULL;
}

static void
nv_free(void *st)
{
	struct noteview *v = st;

	if (!v)
		return;
	unload(v);
	free(v->anchor);
	free(v->link_slug);
	free(v->needle);
	free(v->toggled);
	buf_free(&v->find);
	free(v);
}

/* A rendered link's target as the index writes targets: decoded, without
 * its '#' part or <angle brackets>. Caller frees. */
static char *
index_form(const char *rendered)
{
	char *d = pct_decode(rendered, strlen(rendered)), *hash;
	size_t n;

	if ((hash = strchr(d, '#')))
		*hash = '\0';
	n = strlen(d);
	if (n >= 2 && d[0] == '<' && d[n - 1] == '>') {
		memmove(d, d + 1, n - 2);
		d[n - 2] = '\0';
	}
	return d;
}

/* The index's row for a rendered link's target (as written, or in the
 * index's form, or that in another case), or NULL. The form is made
 * once per link, not once per row: a note of 50,000 links spent seconds
 * decoding. */
static const struct linkrow *
row_named(const struct noteview *v, const char *rendered)
{
	const struct linkrow *r = NULL;
	char *d = NULL;
	size_t i;

	for (i = 0; i < v->nlinks && !r; i++) {
		const char *t = v->links[i].target;

		if (strcmp(rendered, t) == 0)
			r = &v->links[i];
		else {
			if (!d)
				d = index_form(rendered);
			if (strcmp(d, t) == 0 || str_casecmp(d, t) == 0)
				r = &v->links[i];
		}
	}
	free(d);
	return r;
}

static int
resolve_cb(void *arg, const char *target)
{
	const struct linkrow *r;

	if (*target == '\0' || *target == '#')
		return 1;	/* [[#Heading]]: this note */
	r = row_named(arg, target);
	return r ? r->resolved : 1;
}

static int
text_width_of(const struct app *a)
{
	int w = a->cols - 2 * MARGIN;

	if (w > MAXWIDTH)
		w = MAXWIDTH;
	if (w < 10)
		w = 10;
	return w;
}

static int
body_rows(const struct app *a)
{
	int n = app_body_rows(a) - HEAD;

	return n > 1 ? n : 1;
}

static int
nlines(const struct noteview *v)
{
	return v->rd ? (int)v->rd->nlines : 0;
}

static void
clamp_top(const struct app *a, struct noteview *v)
{
	int max = nlines(v) - body_rows(a);

	if (v->top > max)
		v->top = max;
	if (v->top < 0)
		v->top = 0;
}

/* Scroll so that line shows, a third of the way down when it moves. */
static void
show_line(const struct app *a, struct noteview *v, int line)
{
	int h = body_rows(a);

	if (line < v->top || line >= v->top + h)
		v->top = line - h / 3;
	clamp_top(a, v);
}

/* The rendered line of a heading anchor (as written or GitHub-style), an
 * HTML anchor, or a heading path "H1#H2" (Obsidian's) by its last part. */
static int
anchor_line(const struct noteview *v, const char *anchor)
{
	const char *last;
	char *gh;
	size_t i;
	int line = -1;

	if (!v->rd || !anchor || !*anchor)
		return -1;
	last = anchor[0] != '#' ? strrchr(anchor, '#') : NULL;
	if (last && last[1] && (line = anchor_line(v, last + 1)) >= 0)
		return line;
	gh = heading_anchor(anchor[0] == '#' ? anchor + 1 : anchor);
	for (i = 0; i < v->rd->nanchors; i++)
		if (strcmp(v->rd->anchors[i].anchor, gh) == 0 ||
		    str_casecmp(v->rd->anchors[i].anchor, anchor) == 0) {
			line = v->rd->anchors[i].line;
			break;
		}
	free(gh);
	return line;
}

/* How tall a picture's box is: two thirds of the body, at most
 * PICTURE_ROWS_MAX rows; 0 when no painter draws pictures. */
static int
pic_rows(const struct app *a)
{
	int r = body_rows(a) * 2 / 3;

	if (!a->pictures)
		return 0;
	if (r > PICTURE_ROWS_MAX)
		r = PICTURE_ROWS_MAX;
	return r < 3 ? 3 : r;
}

/* Render for the current width if needed, keeping the place. Pictures
 * are found beside the note (its folder is their base). */
static void
ensure_render(const struct app *a, struct noteview *v)
{
	struct render_opts ro = {0};
	struct embed_src es = {0};
	int w = text_width_of(a), oldn = nlines(v), line, pic = pic_rows(a);
	char *dir;
	size_t i;

	if (!v->data || (v->rd && v->rwidth == w && v->rpic == pic))
		return;
	dir = path_dir(v->path ? v->path : ".");
	ro.picture_rows = pic;
	ro.base_dir = dir;
	ro.width = w;
	ro.resolve = resolve_cb;
	ro.arg = v;
	es.ix = a->ix;
	es.vault = a->vault;
	es.lang = v->doc.lang;
	ro.embed = embed_note;
	ro.embed_arg = &es;
	ro.toggled = v->toggled;
	ro.ntoggled = v->ntoggled;
	rdoc_free(v->rd);
	v->rd = render_markdown(v->data, v->len, &ro);
	free(dir);
	v->rwidth = w;
	v->rpic = pic;
	if (oldn > 0 && nlines(v) > 0)
		v->top = (int)((long)v->top * nlines(v) / oldn);
	if (v->sel >= (int)v->rd->nlinks)
		v->sel = -1;
	if (v->anchor) {
		if ((line = anchor_line(v, v->anchor)) >= 0)
			v->top = line;
		free(v->anchor);
		v->anchor = NULL;
	}
	if (v->link_slug) {
		for (i = 0; i < v->rd->nlinks; i++) {
			const struct linkrow *r = row_named(v,
			    v->rd->links[i].target);

			if (r && r->resolved &&
			    strcmp(r->other.key, v->link_slug) == 0) {
				v->sel = (int)i;
				show_line(a, v, v->rd->links[i].line);
				break;
			}
		}
		free(v->link_slug);
		v->link_slug = NULL;
	}
	clamp_top(a, v);
}

/* Read part n of the open note; 0, or -1 with a message (the part shown
 * stays). */
static int
load_part(struct app *a, struct noteview *v, long n)
{
	struct notepart np;
	char *cause = NULL;

	if (notepart_read(v->path, n, &np, &cause) < 0) {
		app_msg(a, 1, "%s", cause);
		free(cause);
		return -1;
	}
	free(v->data);
	v->data = np.data;
	v->len = np.len;
	v->part = n;
	v->last = np.last;
	v->mb = (double)np.size / 1e6;
	rdoc_free(v->rd);
	v->rd = NULL;
	v->rwidth = 0;
	if (n > 1 || !v->last)
		app_msg(a, 0, "part %ld%s of a %.1f MB note: page down at the "
		    "end for the next, up at the top for the one before", n,
		    v->last ? " (the last)" : "", v->mb);
	return 0;
}

/* Page past the end of a part into the next, or before its top into the
 * one before. 1 when act did that. */
static int
page_parts(struct app *a, struct noteview *v, enum action act)
{
	int down = act == ACT_DOWN || act == ACT_PAGEDOWN;
	int up = act == ACT_UP || act == ACT_PAGEUP;

	if (!v->path || (!down && !up))
		return 0;
	if (down && !v->last && v->top >= nlines(v) - body_rows(a)) {
		if (load_part(a, v, v->part + 1) == 0) {
			v->top = 0;
			v->sel = v->match = -1;
		}
		return 1;
	}
	if (up && v->part > 1 && v->top <= 0) {
		if (load_part(a, v, v->part - 1) == 0) {
			v->sel = v->match = -1;
			ensure_render(a, v);
			v->top = nlines(v);
			clamp_top(a, v);
		}
		return 1;
	}
	return 0;
}

/* Read the note (slug, lang) from disk (its first part) and the index. */
static int
load(struct app *a, struct noteview *v, const char *slug, const char *lang)
{

	unload(v);
	if (app_doc(a, slug, lang, &v->doc) < 0) {
		v->error = xasprintf("“%s” is not in the vault", slug);
		return -1;
	}
	v->path = path_join(a->vault, v->doc.path);
	if (load_part(a, v, 1) < 0) {
		v->error = xasprintf("%s cannot be read", v->doc.path);
		return -1;
	}
	/* Only the rows that resolve a rendered link (the first to each
	 * target): a note of 50,000 links to 1,000 notes held 40 MB of
	 * rows and looked each link up among all of them. */
	index_links_first(a->ix, v->doc.id, LINK_EXTERNAL, &v->links,
	    &v->nlinks);
	index_translations(a->ix, v->doc.key, &v->trans, &v->ntrans);
	return 0;
}

static void
nv_open(struct app *a, void *st, const struct place *p)
{
	struct noteview *v = st;
	int same = v->doc.id >= 0 && p->slug &&
	    strcmp(v->doc.key, p->slug) == 0 &&
	    (!p->lang || strcmp(v->doc.lang, p->lang) == 0);
	/* p may point into what load() frees: copy first. */
	char *anchor = p->arg && *p->arg ? xstrdup(p->arg) : NULL;
	char *link_to = p->link_to ? xstrdup(p->link_to) : NULL;
	char *slug = xstrdup(p->slug ? p->slug : "");
	char *lang = p->lang ? xstrdup(p->lang) : NULL;

	v->finding = 0;
	v->top = p->top;
	v->sel = p->sel;
	if (!same) {
		free(v->needle);
		v->needle = NULL;
		v->match = -1;
		free(v->toggled);
		v->toggled = NULL;
		v->ntoggled = 0;
		if (load(a, v, slug, lang) < 0)
			app_msg(a, 1, "%s", v->error);
	}
	free(slug);
	free(lang);
	free(v->anchor);
	v->anchor = anchor;
	free(v->link_slug);
	v->link_slug = link_to;
	if (v->rd && (v->anchor || v->link_slug)) {
		/* Already rendered: apply them now. */
		v->rwidth = -1;
		ensure_render(a, v);
	}
}

static void
nv_save(struct app *a, void *st, struct place *p)
{
	struct noteview *v = st;

	if (v->doc.id >= 0) {
		p->slug = xstrdup(v->doc.key);
		p->lang = xstrdup(v->doc.lang);
	}
	p->top = v->top;
	p->sel = v->sel;
}

static enum keymap
nv_keymap(void *st)
{
	const struct noteview *v = st;

	return v->finding ? KM_FIND : KM_NOTE;
}

/* How many times needle is in line text (ASCII case-insensitive, not
 * overlapping). */
static int
line_count(const struct rline *l, const char *needle)
{
	const char *p = l->text;
	size_t n = needle ? strlen(needle) : 0;
	int k = 0;

	if (n == 0)
		return 0;
	while ((p = strcasestr(p, needle)) != NULL) {
		k++;
		p += n;
	}
	return k;
}

/* Find the next (dir 1) or previous (-1) line holding the needle, from
 * after (or before) line from, wrapping around. */
static int
find_from(struct app *a, struct noteview *v, int from, int dir)
{
	int n = nlines(v), i, line;

	if (!v->needle || !*v->needle || n == 0)
		return -1;
	for (i = 1; i <= n; i++) {
		line = ((from + dir * i) % n + n) % n;
		if (line_count(&v->rd->lines[line], v->needle)) {
			if ((dir > 0 && line <= from) ||
			    (dir < 0 && line >= from))
				app_msg(a, 0, "search wrapped around");
			return line;
		}
	}
	return -1;
}

/* The current match's number (1-based) and the number of matches. */
static void
match_of(const struct noteview *v, int *num, int *total)
{
	int i, k;

	*num = *total = 0;
	for (i = 0; v->needle && i < nlines(v); i++) {
		k = line_count(&v->rd->lines[i], v->needle);
		if (i == v->match)
			*num = *total + v->mocc + 1;
		*total += k;
	}
}

/* To the next (dir 1) or previous (-1) match: on the same line when it
 * has another, else on the next line that has one. The match moves
 * even when it is already on the screen (the margin and the status bar
 * show which it is). */
static void
find_go(struct app *a, struct noteview *v, int from, int dir)
{
	int line, k = v->match >= 0 && v->match < nlines(v) ?
	    line_count(&v->rd->lines[v->match], v->needle) : 0;

	if (v->match == from && v->mocc + dir >= 0 && v->mocc + dir < k) {
		v->mocc += dir;
		return;
	}
	line = find_from(a, v, from, dir);
	if (line < 0) {
		app_msg(a, 1, "“%s” is not in this note",
		    v->needle ? v->needle : "");
		return;
	}
	v->match = line;
	v->mocc = dir > 0 ? 0 :
	    line_count(&v->rd->lines[line], v->needle) - 1;
	show_line(a, v, line);
}

static int
find_key(struct app *a, struct noteview *v, enum action act, int key)
{
	if (input_edit(&v->find, act, key))
		act = ACT_TEXT;
	switch (act) {
	case ACT_TEXT:
		break;
	case ACT_CANCEL:
		v->finding = 0;
		return 1;
	case ACT_OPEN:
		v->finding = 0;
		if (v->find.len == 0)
			return 1;
		free(v->needle);
		v->needle = xstrdup(buf_str(&v->find));
		v->match = -1;
		find_go(a, v, v->top - 1, 1);
		return 1;
	default:
		return 1;
	}
	/* Incremental: show the first match from where the find began. */
	free(v->needle);
	v->needle = v->find.len ? xstrdup(buf_str(&v->find)) : NULL;
	if (v->needle) {
		int line = find_from(a, v, v->top - 1, 1);

		buf_reset(&a->msg);
		if (line >= 0) {
			v->match = line;
			v->mocc = 0;
			show_line(a, v, line);
		}
	}
	return 1;
}

/* The text rendered link k shows (its spans, over the lines it takes). */
static char *
link_text(const struct noteview *v, int k)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	buf_adds(&b, "");
	for (i = (size_t)v->rd->links[k].line; i < v->rd->nlines; i++) {
		const struct rline *l = &v->rd->lines[i];
		int seen = 0;

		for (j = 0; j < l->nspans; j++)
			if (l->spans[j].link == k) {
				if (b.len && !seen)
					buf_addc(&b, ' ');
				buf_add(&b, l->text + l->spans[j].off,
				    l->spans[j].len);
				seen = 1;
			}
		if (!seen && i > (size_t)v->rd->links[k].line)
			break;
	}
	return buf_take(&b);
}

/* Link k names a note not written yet: offer to make it. */
static void
unwritten(struct app *a, struct noteview *v, int k)
{
	const struct rlink *rl = &v->rd->links[k];
	char *text = link_text(v, k);

	app_create_linked(a, &v->doc, rl->target, rl->wiki, text);
	free(text);
}

/* Follow rendered link k. */
static void
follow(struct app *a, struct noteview *v, int k)
{
	const struct rlink *rl = &v->rd->links[k];
	const struct linkrow *r;
	struct doc d = {0};
	char *cause = NULL, *slug, *lang;
	int line;

	if (rl->external) {
		app_msg(a, 0, "external link (not opened): %s", rl->target);
		return;
	}
	if (*rl->target == '\0') {
		if ((line = anchor_line(v, rl->anchor)) < 0) {
			app_msg(a, 1, "no heading “%s” in this note",
			    rl->anchor ? rl->anchor : "");
			return;
		}
		slug = xstrdup(v->doc.key);
		lang = xstrdup(v->doc.lang);
		app_open_note(a, slug, lang, rl->anchor);
		free(slug);
		free(lang);
		return;
	}
	r = row_named(v, rl->target);
	if ((r && !r->resolved) || !rl->resolved) {
		unwritten(a, v, k);
		return;
	}
	if (r && r->other.id >= 0) {
		slug = xstrdup(r->other.key);
		lang = xstrdup(r->other.lang);
	} else if (index_find(a->ix, rl->target, v->doc.lang, &d,
	    &cause) == 0) {
		slug = xstrdup(d.key);
		lang = xstrdup(d.lang);
		doc_clear(&d);
	} else {
		doc_clear(&d);
		free(cause);
		unwritten(a, v, k);
		return;
	}
	app_open_note(a, slug, lang, rl->anchor);
	free(slug);
	free(lang);
}

/* Fold or unfold the k-th foldable callout, keeping its title where it
 * is on the screen. */
static void
toggle_fold(struct app *a, struct noteview *v, size_t k)
{
	int row = v->rd->folds[k].line - v->top;

	if (k >= v->ntoggled) {
		v->toggled = xrealloc(v->toggled, k + 1);
		memset(v->toggled + v->ntoggled, 0, k + 1 - v->ntoggled);
		v->ntoggled = k + 1;
	}
	v->toggled[k] = !v->toggled[k];
	v->rwidth = -1;
	ensure_render(a, v);
	if (k < v->rd->nfolds)
		v->top = v->rd->folds[k].line - row;
	v->sel = -1;
	clamp_top(a, v);
}

/* Enter with no link selected: the first fold title on the screen. */
static int
toggle_visible_fold(struct app *a, struct noteview *v)
{
	size_t k;
	int h = body_rows(a);

	for (k = 0; v->rd && k < v->rd->nfolds; k++)
		if (v->rd->folds[k].line >= v->top &&
		    v->rd->folds[k].line < v->top + h) {
			toggle_fold(a, v, k);
			return 1;
		}
	return 0;
}

/* Select the next (dir 1) or previous (-1) link. */
static void
select_link(struct app *a, struct noteview *v, int dir)
{
	int n = v->rd ? (int)v->rd->nlinks : 0, k, h = body_rows(a);

	if (n == 0) {
		app_msg(a, 0, "this note has no links");
		return;
	}
	if (v->sel < 0 || v->rd->links[v->sel].line < v->top ||
	    v->rd->links[v->sel].line >= v->top + h) {
		/* Start from what is on screen. */
		for (k = dir > 0 ? 0 : n - 1; k >= 0 && k < n; k += dir) {
			int line = v->rd->links[k].line;

			if (dir > 0 ? line >= v->top : line < v->top + h)
				break;
		}
		if (k < 0 || k >= n)
			k = dir > 0 ? n - 1 : 0;
	} else {
		k = v->sel + dir;
		if (k < 0 || k >= n) {
			app_msg(a, 0, dir > 0 ? "the last link" :
			    "the first link");
			return;
		}
	}
	v->sel = k;
	show_line(a, v, v->rd->links[k].line);
}

static int
nv_key(struct app *a, void *st, enum action act, int key)
{
	struct noteview *v = st;
	int h = body_rows(a);

	if (v->finding)
		return find_key(a, v, act, key);
	ensure_render(a, v);
	if (page_parts(a, v, act))
		return 1;
	if (scroll_action(&v->top, act, h > 2 ? h - 2 : 1, nlines(v))) {
		clamp_top(a, v);
		return 1;
	}
	switch (act) {
	case ACT_NEXTLINK:
		select_link(a, v, 1);
		return 1;
	case ACT_PREVLINK:
		select_link(a, v, -1);
		return 1;
	case ACT_OPEN:
		if ((v->sel < 0 || !v->rd || v->sel >= (int)v->rd->nlinks) &&
		    !toggle_visible_fold(a, v))
			app_msg(a, 0, "Tab selects a link, Enter follows it");
		else if (v->sel >= 0 && v->sel < (int)v->rd->nlinks)
			follow(a, v, v->sel);
		return 1;
	case ACT_FIND:
		v->finding = 1;
		buf_reset(&v->find);
		return 1;
	case ACT_FINDNEXT:
	case ACT_FINDPREV:
		if (!v->needle && act == ACT_FINDNEXT)
			return 0;	/* n: a new note (keys.h) */
		if (!v->needle) {
			app_msg(a, 0, "/ to find text first");
			return 1;
		}
		find_go(a, v, v->match >= 0 ? v->match : v->top,
		    act == ACT_FINDNEXT ? 1 : -1);
		return 1;
	default:
		return 0;
	}
}

static void
nv_resize(struct app *a, void *st)
{
	struct noteview *v = st;

	ensure_render(a, v);
	clamp_top(a, v);
}

static void
header(struct app *a, struct noteview *v, struct frame *f, int row)
{
	struct tline l = TLINE_INIT;
	struct buf meta = BUF_INIT;
	size_t i;

	tl_adds(&l, " ", 0);
	tl_add_fit(&l, *v->doc.title ? v->doc.title : v->doc.path, ST_H1,
	    -1, a->cols * 2 / 3);
	if (*v->doc.type)
		buf_printf(&meta, "%s", v->doc.type);
	if (*v->doc.status)
		buf_printf(&meta, "%s%s", meta.len ? " · " : "",
		    v->doc.status);
	for (i = 0; i < v->doc.ntags; i++)
		buf_printf(&meta, "%s#%s", i ? " " : (meta.len ? " · " : ""),
		    v->doc.tags[i]);
	if (v->ntrans > 1) {
		buf_printf(&meta, "%s", meta.len ? " · " : "");
		for (i = 0; i < v->ntrans; i++)
			buf_printf(&meta, "%s%s%s%s", i ? " " : "",
			    strcmp(v->trans[i].lang, v->doc.lang) == 0 ?
			    "[" : "", v->trans[i].lang,
			    strcmp(v->trans[i].lang, v->doc.lang) == 0 ?
			    "]" : "");
	} else if (*v->doc.lang)
		buf_printf(&meta, "%s%s", meta.len ? " · " : "", v->doc.lang);
	if (v->part > 1 || !v->last)
		buf_printf(&meta, " · part %ld%s of %.1f MB", v->part,
		    v->last ? " (last)" : "", v->mb);
	tl_adds(&l, "  ", 0);
	tl_add_fit(&l, buf_str(&meta), ST_DIM, -1, a->cols - l.width - 1);
	frame_set(f, row, &l, UI_TEXT);
	buf_free(&meta);
}

static void
nv_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct noteview *v = st;
	struct tline l = TLINE_INIT;
	int i, w = text_width_of(a), rows = n - HEAD;

	if (v->doc.id < 0 && !v->error) {
		tl_adds(&l, " No note open: search (s) or quick open "
		    "(Ctrl-P) one.", ST_DIM);
		frame_set(f, top + 1, &l, UI_TEXT);
		return;
	}
	if (v->error && !v->data) {
		tl_adds(&l, " ", 0);
		tl_add_fit(&l, v->error, 0, -1, a->cols - 2);
		frame_set(f, top + 1, &l, UI_ERROR);
		return;
	}
	ensure_render(a, v);
	header(a, v, f, top);
	tl_adds(&l, " ", 0);
	for (i = 0; i < a->cols - 2; i++)
		tl_adds(&l, "─", ST_RULE | ST_DIM);
	frame_set(f, top + 1, &l, UI_BORDER);
	if (nlines(v) == 0) {
		tl_adds(&l, "  (this note is empty)", ST_DIM);
		frame_set(f, top + HEAD, &l, UI_TEXT);
	}
	for (i = 0; i < rows && v->top + i < nlines(v); i++) {
		const struct rline *rl = &v->rd->lines[v->top + i];

		if (v->needle && v->top + i == v->match)
			tl_adds(&l, "\xe2\x80\xba", ST_MATCH); /* › */
		tl_pad(&l, MARGIN, 0);
		tl_add_rline_find(&l, rl, w, v->sel, v->needle);
		frame_set(f, top + HEAD + i, &l, UI_TEXT);
	}
	if (v->finding) {
		int r = top + n - 1;

		tl_adds(&l, " Find: ", ST_STRONG);
		tl_add_fit(&l, buf_str(&v->find), 0, -1, a->cols - 9);
		f->cur_y = r;
		f->cur_x = l.width;
		frame_set(f, r, &l, UI_PROMPT);
	}
}

static void
nv_status(struct app *a, void *st, struct buf *out)
{
	struct noteview *v = st;
	int n = nlines(v), h = body_rows(a), end;

	if (!v->rd)
		return;
	end = v->top + h < n ? v->top + h : n;
	if (v->needle && v->match >= 0) {
		int num, total;

		match_of(v, &num, &total);
		buf_printf(out, "match %d/%d · ", num, total);
	}
	if (v->sel >= 0 && v->sel < (int)v->rd->nlinks)
		buf_printf(out, "link %d/%zu · ", v->sel + 1,
		    v->rd->nlinks);
	buf_printf(out, "%d-%d/%d", n ? v->top + 1 : 0, end, n);
	if (n > h)
		buf_printf(out, " %d%%", n ? end * 100 / n : 100);
}

static void
nv_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct noteview *v = st;
	const struct rline *rl;
	size_t i, k;
	int line, col = 0, cw;
	uint32_t cp;

	if (!v->rd)
		return;
	if (w == M_WHEEL_UP || w == M_WHEEL_DOWN) {
		v->top += w == M_WHEEL_UP ? -3 : 3;
		clamp_top(a, v);
		return;
	}
	line = v->top + (y - 1 - HEAD);
	if (y < 1 + HEAD || line < 0 || line >= nlines(v))
		return;
	rl = &v->rd->lines[line];
	for (k = 0; k < v->rd->nfolds; k++)
		if (v->rd->folds[k].line == line) {	/* a callout's title */
			toggle_fold(a, v, k);
			return;
		}
	x -= MARGIN;
	/* The byte under column x, then the link span holding it. */
	for (i = 0; rl->text[i]; i += k) {
		k = utf8_decode(rl->text + i, strlen(rl->text + i), &cp);
		cw = cp_width(cp);
		if (x >= col && x < col + (cw ? cw : 1))
			break;
		col += cw;
	}
	if (!rl->text[i])
		return;
	for (k = 0; k < rl->nspans; k++)
		if (rl->spans[k].link >= 0 &&
		    !ST_IS_PICTURE(rl->spans[k].style) &&
		    rl->spans[k].off <= i &&
		    i < rl->spans[k].off + rl->spans[k].len) {
			v->sel = rl->spans[k].link;
			follow(a, v, v->sel);
			return;
		}
}

static int
nv_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	const struct noteview *v = st;

	if (v->doc.id < 0)
		return 0;
	*slug = v->doc.key;
	*lang = v->doc.lang;
	return 1;
}

static void
nv_reload(struct app *a, void *st)
{
	struct noteview *v = st;
	char *slug, *lang;
	int top = v->top, sel = v->sel;

	if (v->doc.id < 0 && !v->error)
		return;
	slug = xstrdup(v->doc.key ? v->doc.key : "");
	lang = xstrdup(v->doc.lang ? v->doc.lang : "");
	if (load(a, v, slug, *lang ? lang : NULL) < 0)
		app_msg(a, 1, "%s", v->error);
	v->top = top;
	v->sel = sel;
	ensure_render(a, v);
	clamp_top(a, v);
	free(slug);
	free(lang);
}

const struct view_ops view_note = {
	.name = "Note",
	.init = nv_init,
	.free = nv_free,
	.open = nv_open,
	.save = nv_save,
	.keymap = nv_keymap,
	.key = nv_key,
	.resize = nv_resize,
	.draw = nv_draw,
	.status = nv_status,
	.mouse = nv_mouse,
	.focus = nv_focus,
	.reload = nv_reload,
};
