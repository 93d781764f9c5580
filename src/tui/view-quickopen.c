/*
 * view-quickopen.c: quick open (Ctrl-P or :), a box over the current
 * view: fuzzy matching (fuzzy.h, scored like fzf) over every note's
 * title, aliases and slug, best first; Enter opens the note.
 */
#include "tui/app.h"
#include "tui/fuzzy.h"
#include "core/util.h"
#include "render/width.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KEEP 200	/* matches kept, best first */
#define QO_SHARE 2048	/* the fewest names a thread scores (1 ms of work;
			   a thread starts in 50 us) */
#define QO_PARTS 8	/* the most threads that score */

enum field { F_TITLE, F_ALIAS, F_SLUG };

struct qmatch {
	size_t name;
	int score;
	enum field field;
	size_t alias;		/* which alias, for F_ALIAS */
};

struct quickopen {
	struct docnames names;
	long gen;		/* app gen the names are for */
	int loaded;
	struct buf pat;
	struct qmatch *m;
	size_t nm;
	long total;		/* how many matched in all */
	int sel, top;
	/* Every name the last pattern matched: a pattern that extends it
	 * can only match among them. */
	size_t *cand;
	size_t ncand;
	char *candpat;		/* the pattern cand is for, NULL: none */
	char *focus_key;	/* the note key focus() lent last */
};

static void *
qo_init(struct app *a)
{
	struct quickopen *q = xcalloc(1, sizeof *q);

	q->gen = -1;
	q->m = xcalloc(KEEP, sizeof *q->m);
	return q;
}

static void
qo_free(void *st)
{
	struct quickopen *q = st;

	if (!q)
		return;
	docnames_free(&q->names);
	buf_free(&q->pat);
	free(q->m);
	free(q->cand);
	free(q->candpat);
	free(q->focus_key);
	free(q);
}

/* Is x better than y? Score, then the shorter title, then the order of
 * the names (by title). */
static int
better(const struct quickopen *q, const struct qmatch *x,
    const struct qmatch *y)
{
	size_t lx, ly;

	if (x->score != y->score)
		return x->score > y->score;
	lx = strlen(docname_title(&q->names, x->name));
	ly = strlen(docname_title(&q->names, y->name));
	if (lx != ly)
		return lx < ly;
	return q->names.rank[x->name] < q->names.rank[y->name];
}

/* A share of the names scored against a pattern: those of list (every
 * name when NULL) from lo to hi, what matched in order and the KEEP best
 * of them, sorted. */
struct qpart {
	const struct quickopen *q;
	const char *pat;
	const size_t *list;
	size_t lo, hi;
	size_t *cand;
	size_t ncand, capcand;
	struct qmatch m[KEEP];
	size_t nm;
};

/* Keep the KEEP best of p, sorted, by insertion. */
static void
offer(struct qpart *p, const struct qmatch *c)
{
	size_t lo = 0, hi = p->nm;

	if (p->nm == KEEP && !better(p->q, c, &p->m[KEEP - 1]))
		return;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (better(p->q, c, &p->m[mid]))
			hi = mid;
		else
			lo = mid + 1;
	}
	if (p->nm < KEEP)
		p->nm++;
	memmove(&p->m[lo + 1], &p->m[lo], (p->nm - 1 - lo) * sizeof *p->m);
	p->m[lo] = *c;
}

/* Score p's names (a thread's work: it only reads the quick open). */
static void *
part_run(void *arg)
{
	struct qpart *p = arg;
	const struct docnames *names = &p->q->names;
	struct qmatch c;
	size_t i, k, n;
	int s;

	for (n = p->lo; n < p->hi; n++) {
		i = p->list ? p->list[n] : n;
		memset(&c, 0, sizeof c);
		c.name = i;
		c.score = -1;
		/* The title counts a little more than the rest. */
		if ((s = fuzzy_score(p->pat, docname_title(names, i), NULL, 0,
		    NULL)) >= 0)
			c.score = s + 1;
		for (k = 0; k < names->v[i].naliases; k++) {
			s = fuzzy_score(p->pat, docname_alias(names, i, k),
			    NULL, 0, NULL);
			if (s > c.score) {
				c.score = s;
				c.field = F_ALIAS;
				c.alias = k;
			}
		}
		s = fuzzy_score(p->pat, docname_slug(names, i), NULL, 0, NULL);
		if (s > c.score) {
			c.score = s;
			c.field = F_SLUG;
		}
		if (c.score < 0)
			continue;
		p->cand = xgrow(p->cand, &p->capcand, p->ncand + 1,
		    sizeof *p->cand);
		p->cand[p->ncand++] = i;
		offer(p, &c);
	}
	return NULL;
}

/* How many shares to score nfrom names in: one a core, each of at least
 * QO_SHARE names, at most QO_PARTS. */
static size_t
parts_for(size_t nfrom)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = nfrom / QO_SHARE;

	if (cpus < 1)
		cpus = 1;
	if (n > (size_t)cpus)
		n = (size_t)cpus;
	if (n > QO_PARTS)
		n = QO_PARTS;
	return n < 1 ? 1 : n;
}

/*
 * Score every name against the pattern (only the last matches when the
 * pattern grew). Many names are scored in shares side by side, one a
 * core, as fzf does: at 100k notes the second key took 70 ms on one.
 * Names never tie (better() ends on their order), so the best of the
 * shares merge into what one pass would have kept.
 */
static void
qo_match(struct quickopen *q)
{
	const char *pat = buf_str(&q->pat);
	struct qpart *part, *bp;
	pthread_t th[QO_PARTS];
	int started[QO_PARTS];
	size_t i, k, np, *from = NULL, nfrom, *at;

	q->nm = 0;
	q->total = 0;
	q->sel = 0;
	q->top = 0;
	if (!*pat) {
		/* Every note, by title. */
		for (i = 0; i < q->names.n && q->nm < KEEP; i++) {
			memset(&q->m[q->nm], 0, sizeof q->m[0]);
			q->m[q->nm++].name = q->names.by_title[i];
		}
		q->total = (long)q->names.n;
		free(q->candpat);
		q->candpat = NULL;
		return;
	}
	if (q->candpat && str_starts(pat, q->candpat)) {
		from = q->cand;
		nfrom = q->ncand;
		q->cand = NULL;
	} else
		nfrom = q->names.n;
	np = parts_for(nfrom);
	part = xcalloc(np, sizeof *part);
	at = xcalloc(np, sizeof *at);
	for (i = 0; i < np; i++) {
		part[i].q = q;
		part[i].pat = pat;
		part[i].list = from;
		part[i].lo = nfrom * i / np;
		part[i].hi = nfrom * (i + 1) / np;
		started[i] = i > 0 && pthread_create(&th[i], NULL, part_run,
		    &part[i]) == 0;
	}
	for (i = 0; i < np; i++)
		if (!started[i])
			part_run(&part[i]);
	for (i = 1; i < np; i++)
		if (started[i])
			pthread_join(th[i], NULL);

	/* the matches in the order of the names, the best of every share */
	free(q->cand);
	for (i = 0, q->ncand = 0; i < np; i++)
		q->ncand += part[i].ncand;
	q->cand = xmalloc((q->ncand ? q->ncand : 1) * sizeof *q->cand);
	for (i = 0, k = 0; i < np; k += part[i].ncand, i++)
		if (part[i].ncand)
			memcpy(q->cand + k, part[i].cand,
			    part[i].ncand * sizeof *q->cand);
	q->total = (long)q->ncand;
	while (q->nm < KEEP) {
		for (i = 0, bp = NULL; i < np; i++)
			if (at[i] < part[i].nm && (!bp || better(q,
			    &part[i].m[at[i]], &bp->m[at[bp - part]])))
				bp = &part[i];
		if (!bp)
			break;
		q->m[q->nm++] = bp->m[at[bp - part]++];
	}
	for (i = 0; i < np; i++)
		free(part[i].cand);
	free(part);
	free(at);
	free(from);
	free(q->candpat);
	q->candpat = xstrdup(pat);
}

static void
qo_open(struct app *a, void *st, const struct place *p)
{
	struct quickopen *q = st;
	char *cause = NULL;

	if (!q->loaded || q->gen != a->gen) {
		docnames_free(&q->names);
		if (index_names(a->ix, &q->names, &cause) < 0) {
			app_msg(a, 1, "quick open: %s", cause ? cause :
			    "cannot read the notes");
			free(cause);
		}
		/* that read every note's row, which filled the cache of
		 * the connection to no later use */
		index_release_memory(a->ix);
		q->gen = a->gen;
		q->loaded = 1;
		free(q->candpat);
		q->candpat = NULL;
	}
	buf_reset(&q->pat);
	qo_match(q);
}

static void
qo_save(struct app *a, void *st, struct place *p)
{
}

static enum keymap
qo_keymap(void *st)
{
	return KM_QUICKOPEN;
}

static int
box_rows(const struct app *a)
{
	int h = app_body_rows(a) - 2;

	if (h > 18)
		h = 18;
	return h - 3 > 1 ? h - 3 : 1;	/* minus borders and prompt */
}

static void
qo_go(struct app *a, struct quickopen *q)
{
	char *slug, *lang;

	if (q->nm == 0) {
		app_msg(a, 0, "no note matches “%s”", buf_str(&q->pat));
		return;
	}
	slug = docname_key(&q->names, q->m[q->sel].name);
	lang = xstrdup(docname_lang(&q->names, q->m[q->sel].name));
	app_overlay(a, OV_NONE);
	app_open_note(a, slug, lang, NULL);
	free(slug);
	free(lang);
}

static int
qo_key(struct app *a, void *st, enum action act, int key)
{
	struct quickopen *q = st;

	if (input_edit(&q->pat, act, key)) {
		qo_match(q);
		return 1;
	}
	switch (act) {
	case ACT_CANCEL:
		app_overlay(a, OV_NONE);
		return 1;
	case ACT_DOWN:
		q->sel++;
		break;
	case ACT_UP:
		q->sel--;
		break;
	case ACT_OPEN:
		qo_go(a, q);
		return 1;
	default:
		return 0;
	}
	list_clamp(&q->sel, &q->top, (int)q->nm, 1, box_rows(a));
	return 1;
}

static void
qo_resize(struct app *a, void *st)
{
	struct quickopen *q = st;

	list_clamp(&q->sel, &q->top, (int)q->nm, 1, box_rows(a));
}

/* text with the matched characters of pat marked. */
static void
add_marked(struct tline *l, const char *pat, const char *text,
    unsigned style, int maxw)
{
	size_t pos[FUZZY_MAXPAT], np = 0, i, k;
	struct tline t = TLINE_INIT;
	struct rline rl;
	uint32_t cp;
	char *clean = text_sanitize(text, strlen(text));
	size_t len = strlen(clean);

	if (*pat)
		fuzzy_score(pat, clean, pos, FUZZY_MAXPAT, &np);
	for (i = 0, k = 0; i < len;) {
		size_t n = utf8_decode(clean + i, len - i, &cp);
		int hit = k < np && pos[k] == i;

		tl_add(&t, clean + i, n, style | (hit ? ST_MATCH : 0), -1);
		if (hit)
			k++;
		i += n;
	}
	tl_take(&t, &rl);
	if (rl.width > maxw) {
		line_cut(&rl, maxw - 1);
		tl_add_rline(l, &rl, 0, maxw - 1, 0, -1);
		tl_adds(l, "…", style);
	} else
		tl_add_rline(l, &rl, 0, maxw, 0, -1);
	line_clear(&rl);
	free(clean);
}

static void
box_line(struct frame *f, int row, int x, int w, struct tline *in)
{
	struct tline l = TLINE_INIT;
	struct rline content = {0}, boxed = {0};

	tl_adds(&l, "│ ", ST_RULE);
	tl_take(in, &content);
	tl_add_rline(&l, &content, 0, w - 4, 0, -1);
	tl_pad(&l, w - 2, 0);
	tl_adds(&l, " │", ST_RULE);
	tl_take(&l, &boxed);
	if (row >= 0 && row < f->rows)
		line_splice(&f->lines[row], x, w, &boxed, 0);
	line_clear(&content);
	line_clear(&boxed);
}

static void
border(struct frame *f, int row, int x, int w, const char *title,
    const char *right, int top)
{
	struct tline l = TLINE_INIT;
	struct rline rl = {0};

	tl_adds(&l, top ? "╭─" : "╰─", ST_RULE);
	if (title) {
		tl_adds(&l, " ", ST_RULE);
		tl_adds(&l, title, ST_STRONG);
		tl_adds(&l, " ", ST_RULE);
	}
	while (l.width < w - 2 - (right ? text_width(right,
	    strlen(right)) + 2 : 0))
		tl_adds(&l, "─", ST_RULE);
	if (right) {
		tl_adds(&l, " ", ST_RULE);
		tl_adds(&l, right, ST_DIM);
		tl_adds(&l, " ", ST_RULE);
	}
	tl_adds(&l, top ? "─╮" : "─╯", ST_RULE);
	tl_take(&l, &rl);
	if (row >= 0 && row < f->rows)
		line_splice(&f->lines[row], x, w, &rl, 0);
	line_clear(&rl);
}


/*
 * Does another note have the title of name i? By title (case-insensitive),
 * the others of one title are its neighbours; translations (one note
 * key) do not count.
 */
static int
title_collides(const struct quickopen *q, size_t i)
{
	const struct docnames *d = &q->names;
	const char *title = docname_title(d, i);
	size_t k, o;

	for (k = d->rank[i]; k-- > 0;) {
		o = d->by_title[k];
		if (str_casecmp(docname_title(d, o), title) != 0)
			break;
		if (!docname_same_note(d, o, i))
			return 1;
	}
	for (k = d->rank[i] + 1; k < d->n; k++) {
		o = d->by_title[k];
		if (str_casecmp(docname_title(d, o), title) != 0)
			break;
		if (!docname_same_note(d, o, i))
			return 1;
	}
	return 0;
}

static void
qo_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct quickopen *q = st;
	struct tline l = TLINE_INIT;
	int w = a->cols - 4, h = box_rows(a), x, r, i, inner;
	char count[64];

	if (w > 76)
		w = 76;
	x = (a->cols - w) / 2;
	inner = w - 4;
	list_clamp(&q->sel, &q->top, (int)q->nm, 1, h);
	r = top + 1;
	snprintf(count, sizeof count, "%ld/%zu", q->total, q->names.n);
	border(f, r++, x, w, "Open", count, 1);
	tl_adds(&l, "› ", ST_STRONG);
	tl_add_fit(&l, buf_str(&q->pat), 0, -1, inner - 3);
	f->cur_y = r;
	f->cur_x = x + 2 + l.width;
	box_line(f, r++, x, w, &l);
	for (i = 0; i < h; i++, r++) {
		int k = q->top + i;

		if (k < (int)q->nm) {
			const struct qmatch *m = &q->m[k];
			const char *title = docname_title(&q->names, m->name);
			unsigned sel = k == q->sel ? ST_SELECTED : 0;
			const char *pat = buf_str(&q->pat);
			int tw = inner - 6;

			tl_adds(&l, k == q->sel ? "▌" : " ", sel);
			if (m->field == F_TITLE && title_collides(q,
			    m->name)) {
				/* two notes of one title: say which folder */
				const char *dir = docname_dir(&q->names,
				    m->name);

				add_marked(&l, pat, title, ST_STRONG | sel,
				    tw * 2 / 3);
				tl_adds(&l, "  ", ST_DIM);
				tl_add_fit(&l, *dir ? dir : "/", ST_DIM, -1,
				    inner - l.width - 4);
			} else if (m->field == F_TITLE) {
				add_marked(&l, pat, title, ST_STRONG | sel,
				    tw);
			} else {
				tl_add_fit(&l, title, ST_STRONG | sel, -1,
				    tw / 2);
				tl_adds(&l, m->field == F_ALIAS ? "  alias " :
				    "  ", ST_DIM);
				add_marked(&l, pat, m->field == F_ALIAS ?
				    docname_alias(&q->names, m->name, m->alias) :
				    docname_slug(&q->names, m->name), ST_DIM,
				    inner - l.width - 4);
			}
			tl_pad(&l, inner - 3, 0);
			tl_adds(&l, docname_lang(&q->names, m->name), ST_DIM);
		} else if (k == 0 && q->nm == 0)
			tl_adds(&l, "no note matches", ST_DIM);
		box_line(f, r, x, w, &l);
	}
	border(f, r, x, w, NULL, "Enter open · Esc close", 0);
}

static void
qo_status(struct app *a, void *st, struct buf *out)
{
	const struct quickopen *q = st;

	if (q->nm)
		buf_printf(out, "%d/%ld", q->sel + 1, q->total);
}

static void
qo_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct quickopen *q = st;
	int k;

	if (w == M_WHEEL_UP || w == M_WHEEL_DOWN) {
		qo_key(a, q, w == M_WHEEL_UP ? ACT_UP : ACT_DOWN, 0);
		return;
	}
	/* Rows: border at 2, prompt at 3, matches from 4. */
	k = q->top + (y - 4);
	if (y < 4 || k >= (int)q->nm) {
		if (y < 2 || y > 4 + box_rows(a))
			app_overlay(a, OV_NONE);
		return;
	}
	q->sel = k;
	qo_go(a, q);
}

static int
qo_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	struct quickopen *q = st;

	if (q->nm == 0)
		return 0;
	free(q->focus_key);
	q->focus_key = docname_key(&q->names, q->m[q->sel].name);
	*slug = q->focus_key;
	*lang = docname_lang(&q->names, q->m[q->sel].name);
	return 1;
}

static void
qo_reload(struct app *a, void *st)
{
	struct quickopen *q = st;
	char *pat = xstrdup(buf_str(&q->pat));
	struct place p = {0};

	q->loaded = 0;
	qo_open(a, q, &p);
	buf_adds(&q->pat, pat);
	qo_match(q);
	free(pat);
}

const struct view_ops overlay_quickopen = {
	.name = "Open",
	.init = qo_init,
	.free = qo_free,
	.open = qo_open,
	.save = qo_save,
	.keymap = qo_keymap,
	.key = qo_key,
	.resize = qo_resize,
	.draw = qo_draw,
	.status = qo_status,
	.mouse = qo_mouse,
	.focus = qo_focus,
	.reload = qo_reload,
};
