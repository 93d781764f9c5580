/*
 * view-search.c: the search view. A query line at the top; the results
 * (title, type, tags, language, a snippet with the matches marked) update
 * on every keystroke, the last word prefix-matched, capped at
 * APP_SEARCH_LIMIT so that typing stays quick on a large vault. An empty
 * query lists the hub note and the most recently updated notes.
 */
#include "tui/app.h"
#include "tui/worker.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

#define PER 2		/* rows per result */
#define HEAD 2		/* the query line and the line under it */

struct search {
	struct buf query;
	struct hit *hits;
	size_t nhits;
	int sel, top;
	int focus;		/* 1: the result list, 0: the query line */
	double ms;		/* how long the last search took */
	int failed;
	long pending;		/* request sent to a->searcher, 0: none */
	long shown;		/* the request whose hits these are */
};

static void *
search_init(struct app *a)
{
	struct search *s = xcalloc(1, sizeof *s);

	return s;
}

static void
search_free(void *st)
{
	struct search *s = st;

	if (!s)
		return;
	buf_free(&s->query);
	hits_free(s->hits, s->nhits);
	free(s);
}

static void
take(struct app *a, struct search *s, struct hit *hits, size_t n,
    const char *error)
{
	hits_free(s->hits, s->nhits);
	s->hits = hits;
	s->nhits = n;
	s->failed = error != NULL;
	if (error)
		app_msg(a, 1, "search: %s", error);
	list_clamp(&s->sel, &s->top, (int)s->nhits, PER,
	    app_body_rows(a) - HEAD);
}

/* Search for the query: in the worker when there is one (the results
 * come to search_done), else here. */
static void
run(struct app *a, struct search *s)
{
	struct hit *hits = NULL;
	size_t n = 0;
	char *cause = NULL;
	double t0 = now_seconds();

	if (a->searcher) {
		s->pending = worker_search(a->searcher, buf_str(&s->query),
		    APP_SEARCH_LIMIT);
		return;
	}
	if (index_search(a->ix, buf_str(&s->query), APP_SEARCH_LIMIT,
	    &hits, &n, &cause) < 0 && !cause)
		cause = xstrdup("failed");
	s->ms = (now_seconds() - t0) * 1000;
	take(a, s, hits, n, cause);
	free(cause);
}

/* Does a row on the screen wait for its snippet? */
static int
snippet_waits(struct app *a, const struct search *s)
{
	int i, last = s->top + (app_body_rows(a) - HEAD) / PER;

	for (i = s->top; i <= last && i < (int)s->nhits; i++)
		if (!s->hits[i].snippet)
			return 1;
	return 0;
}

static void
search_done(struct app *a, void *st, struct worker_done *d)
{
	struct search *s = st;

	if (d->snippets) {
		/* repainted only when a row on the screen gains one */
		if (d->id == s->shown) {
			if (snippet_waits(a, s))
				a->dirty = 1;
			hits_take_snippets(s->hits, s->nhits, d->hits, d->n);
		}
		worker_done_clear(d);
		return;
	}
	if (d->id != s->pending) {
		worker_done_clear(d);
		return;
	}
	if (!d->partial)
		s->pending = 0;	/* else the whole result follows */
	s->shown = d->id;
	s->ms = d->ms;
	take(a, s, d->hits, d->n, d->error);
	d->hits = NULL;
	d->n = 0;
	worker_done_clear(d);
}

/* Wait for a search in flight (before acting on its results). */
static void
settle(struct app *a, struct search *s)
{
	struct worker_done d;

	if (s->pending && a->searcher && worker_wait(a->searcher, &d))
		search_done(a, s, &d);
}

static void
search_open(struct app *a, void *st, const struct place *p)
{
	struct search *s = st;

	if (p->arg) {
		buf_reset(&s->query);
		buf_adds(&s->query, p->arg);
		s->sel = p->sel > 0 ? p->sel : 0;
		s->top = p->top;
		s->focus = p->focus;
		run(a, s);
		return;
	}
	/* "s" from elsewhere: the same query, typing again. */
	s->focus = 0;
	run(a, s);
}

static void
search_save(struct app *a, void *st, struct place *p)
{
	struct search *s = st;

	p->arg = xstrdup(buf_str(&s->query));
	p->sel = s->sel;
	p->top = s->top;
	p->focus = s->focus;
}

static enum keymap
search_keymap(void *st)
{
	const struct search *s = st;

	return s->focus ? KM_RESULTS : KM_SEARCH;
}

static int
move(struct app *a, struct search *s, enum action act)
{
	int page = (app_body_rows(a) - HEAD) / PER;

	if (page < 1)
		page = 1;
	switch (act) {
	case ACT_DOWN:
		s->sel++;
		break;
	case ACT_UP:
		s->sel--;
		break;
	case ACT_PAGEDOWN:
		s->sel += page;
		break;
	case ACT_PAGEUP:
		s->sel -= page;
		break;
	case ACT_TOP:
		s->sel = 0;
		break;
	case ACT_BOTTOM:
		s->sel = (int)s->nhits - 1;
		break;
	default:
		return 0;
	}
	list_clamp(&s->sel, &s->top, (int)s->nhits, PER,
	    app_body_rows(a) - HEAD);
	return 1;
}

static void
open_selected(struct app *a, struct search *s)
{
	char *slug, *lang;

	settle(a, s);
	if (s->nhits == 0) {
		app_msg(a, 0, "no result to open");
		return;
	}
	slug = xstrdup(s->hits[s->sel].doc.key);
	lang = xstrdup(s->hits[s->sel].doc.lang);
	app_open_note(a, slug, lang, NULL);
	free(slug);
	free(lang);
}

static int
search_key(struct app *a, void *st, enum action act, int key)
{
	struct search *s = st;

	switch (act) {
	case ACT_TEXT:
		utf8_encode(&s->query, (uint32_t)key);
		s->sel = s->top = 0;
		s->focus = 0;
		run(a, s);
		return 1;
	case ACT_DELCHAR:
		input_del_char(&s->query);
		s->sel = s->top = 0;
		run(a, s);
		return 1;
	case ACT_DELWORD:
		input_del_word(&s->query);
		s->sel = s->top = 0;
		run(a, s);
		return 1;
	case ACT_CLEAR:
		buf_reset(&s->query);
		s->sel = s->top = 0;
		run(a, s);
		return 1;
	case ACT_CANCEL:
		if (s->query.len == 0) {
			s->focus = 1;
			return 1;
		}
		buf_reset(&s->query);
		s->sel = s->top = 0;
		run(a, s);
		return 1;
	case ACT_FOCUS:
		s->focus = !s->focus;
		return 1;
	case ACT_OPEN:
		open_selected(a, s);
		return 1;
	default:
		return move(a, s, act);
	}
}

static void
search_resize(struct app *a, void *st)
{
	struct search *s = st;

	list_clamp(&s->sel, &s->top, (int)s->nhits, PER,
	    app_body_rows(a) - HEAD);
}

/* "concept · #aws #lambda · es" */
static void
meta_line(struct tline *l, const struct doc *d, int maxw)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (*d->type)
		buf_adds(&b, d->type);
	for (i = 0; i < d->ntags; i++)
		buf_printf(&b, "%s#%s", i == 0 ? (b.len ? " · " : "") : " ",
		    d->tags[i]);
	if (*d->lang)
		buf_printf(&b, "%s%s", b.len ? " · " : "", d->lang);
	tl_add_fit(l, buf_str(&b), ST_DIM, -1, maxw);
	buf_free(&b);
}


/* Does another hit (another note) have hit i's title? */
static int
title_collides(const struct search *s, size_t i)
{
	size_t k;

	for (k = 0; k < s->nhits; k++)
		if (k != i && strcmp(s->hits[k].doc.key,
		    s->hits[i].doc.key) != 0 && str_casecmp(
		    s->hits[k].doc.title, s->hits[i].doc.title) == 0)
			return 1;
	return 0;
}

static void
search_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct search *s = st;
	struct tline l = TLINE_INIT;
	int i, r, w = a->cols, tw;

	list_clamp(&s->sel, &s->top, (int)s->nhits, PER, n - HEAD);
	tl_adds(&l, " Search › ", ST_STRONG);
	tl_add_fit(&l, buf_str(&s->query), 0, -1, w - 12);
	if (!s->focus && a->ov == OV_NONE) {
		f->cur_y = top;
		f->cur_x = l.width < w ? l.width : w - 1;
	}
	frame_set(f, top, &l, UI_PROMPT);

	if (s->pending)
		tl_adds(&l, " searching…", ST_DIM);
	else if (s->query.len == 0 && s->nhits &&
	    strcmp(s->hits[0].doc.slug, "start-here") == 0)
		tl_adds(&l, " Start here, and the notes updated most "
		    "recently", ST_DIM);	/* the index puts the hub first */
	else if (s->query.len == 0)
		tl_adds(&l, " The notes updated most recently", ST_DIM);
	else if (s->nhits == 0 && !s->failed)
		tl_printf(&l, ST_DIM, " No note matches “%s”: try fewer "
		    "words, or a prefix such as lamb*", buf_str(&s->query));
	else
		tl_printf(&l, ST_DIM, " %zu%s result%s", s->nhits,
		    s->nhits >= APP_SEARCH_LIMIT ? "+" : "",
		    s->nhits == 1 ? "" : "s");
	frame_set(f, top + 1, &l, UI_TEXT);

	for (i = s->top, r = top + HEAD; i < (int)s->nhits &&
	    r + PER - 1 < top + n; i++, r += PER) {
		const struct hit *h = &s->hits[i];
		int sel = i == s->sel;
		const char *snip = h->snippet && *h->snippet ? h->snippet :
		    h->doc.summary;

		tl_adds(&l, sel ? "▌" : " ", sel ? ST_SELECTED : 0);
		tw = text_width(h->doc.title, strlen(h->doc.title));
		if (tw > w * 2 / 3)
			tw = w * 2 / 3;
		tl_add_fit(&l, *h->doc.title ? h->doc.title : h->doc.path,
		    ST_STRONG | (sel ? ST_SELECTED : 0), -1, tw);
		if (title_collides(s, (size_t)i)) {
			/* two notes of one title: say which folder */
			char *dir = path_dir(h->doc.path);

			tl_adds(&l, "  ", 0);
			tl_add_fit(&l, *dir ? dir : "/", ST_DIM, -1, w / 4);
			free(dir);
		}
		tl_adds(&l, "  ", 0);
		meta_line(&l, &h->doc, w - l.width - 1);
		frame_set(f, r, &l, UI_TEXT);
		tl_adds(&l, sel ? "▌  " : "   ", sel ? ST_SELECTED : 0);
		tl_snippet(&l, snip ? snip : "", ST_DIM, w - 4);
		frame_set(f, r + 1, &l, UI_TEXT);
	}
}

static void
search_status(struct app *a, void *st, struct buf *out)
{
	const struct search *s = st;

	if (s->nhits)
		buf_printf(out, "%d/%zu", s->sel + 1, s->nhits);
}

static void
search_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct search *s = st;

	if (w == M_WHEEL_UP || w == M_WHEEL_DOWN) {
		move(a, s, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN);
		return;
	}
	if (y == 1) {
		s->focus = 0;
		return;
	}
	switch (list_click(y, 1 + HEAD, PER, s->top, (int)s->nhits,
	    &s->sel)) {
	case 1:
		open_selected(a, s);
		break;
	case 0:
		s->focus = 1;
		break;
	}
}

static int
search_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	struct search *s = st;

	settle(a, s);
	if (s->nhits == 0)
		return 0;
	*slug = s->hits[s->sel].doc.key;
	*lang = s->hits[s->sel].doc.lang;
	return 1;
}

static void
search_reload(struct app *a, void *st)
{
	run(a, st);
}

const struct view_ops view_search = {
	.name = "Search",
	.init = search_init,
	.free = search_free,
	.open = search_open,
	.save = search_save,
	.keymap = search_keymap,
	.key = search_key,
	.resize = search_resize,
	.draw = search_draw,
	.status = search_status,
	.mouse = search_mouse,
	.focus = search_focus,
	.reload = search_reload,
	.done = search_done,
};
