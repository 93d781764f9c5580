/*
 * deck-split.c: cutting a deck's text into slides. The syntax is
 * detected (Slidev, presenterm, mdp) and the file cut at its separators,
 * never inside a code fence or an HTML comment; headmatter and each
 * slide's frontmatter are read, src: imports followed (with a depth and
 * cycle guard), and the deck's title, author and duration set.
 */
#include "deck/deck-int.h"
#include "core/util.h"
#include "render/html.h"

#include <stdlib.h>
#include <string.h>

struct chain {
	const char *path;
	const struct chain *up;
};

static void parse_text(struct deck *d, const struct text *t, int depth,
    const struct chain *chain, size_t *cap, int is_main);

/* src: another file's slides, with this slide's frontmatter over the
 * first of them. Returns 1 when it imported (the slide is replaced). */
static int
import(struct deck *d, const char *src, struct frontmatter *fm,
    const struct text *t, int line, int depth, const struct chain *chain,
    size_t *cap)
{
	char *dir, *path, *real, *data, *cause = NULL;
	const struct chain *c;
	struct chain here;
	struct text sub;
	size_t len, first = d->nslides, i, j;

	dir = path_dir(t->name);
	path = src[0] == '/' ? xstrdup(src) : path_join(*dir ? dir : ".",
	    src[0] == '.' && src[1] == '/' ? src + 2 : src);
	free(dir);
	real = path_real(path);
	for (c = chain; c && real; c = c->up)
		if (strcmp(c->path, real) == 0)
			break;
	if (depth >= IMPORT_DEPTH || (real && c)) {
		dk_warn(d, t->name, line, "src: %s imports itself (a cycle or "
		    "more than %d levels); remove the import", src,
		    IMPORT_DEPTH);
		goto fail;
	}
	if (!real || read_file(path, DECK_MAX_BYTES, &data, &len, &cause) < 0) {
		dk_warn(d, t->name, line, "src: %s: %s; fix the path", src,
		    cause ? cause : "no such file");
		goto fail;
	}
	here.path = real;
	here.up = chain;
	dk_text_init(&sub, data, len, path);
	free(data);
	parse_text(d, &sub, depth + 1, &here, cap, 0);
	dk_text_free(&sub);
	if (d->nslides > first) {
		struct slide *s = &d->slides[first];

		for (i = 0; i < fm->nfields; i++) {
			const struct fm_field *f = &fm->fields[i];

			if (strcmp(f->key, "src") == 0)
				continue;
			if (f->kind == FM_SCALAR)
				fm_set_scalar(s->fm, f->key, f->value);
			else if (f->kind == FM_LIST)
				fm_set_list(s->fm, f->key, f->items, f->nitems);
		}
		dk_apply_fm(d, s, first == 0);
	}
	/* slide files and lines point into the imported file: keep them */
	for (j = first; j < d->nslides; j++)
		if (!d->slides[j].file)
			d->slides[j].file = xstrdup(path);
	free(path);
	free(real);
	return 1;
fail:
	free(path);
	free(real);
	free(cause);
	return 0;
}

static void
add_slide(struct deck *d, const struct text *t, size_t a, size_t b,
    struct frontmatter *fm, int depth, const struct chain *chain,
    size_t *cap, int line)
{
	struct slide *s;
	const char *src = fm_scalar(fm, "src");
	int first = d->nslides == 0;

	if (src && *src && import(d, src, fm, t, line, depth, chain, cap)) {
		fm_free(fm);
		return;
	}
	s = dk_new_slide(d, cap);
	s->fm = fm;
	s->file = xstrdup(t->name);
	s->line = line;
	dk_scan_body(d, s, t, a, b);
	dk_apply_fm(d, s, first);
}

/* Are lines a to b (b excluded) all blank? */
static int
lines_blank(const struct text *t, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!dk_blank(t->lines[a].s, t->lines[a].n))
			return 0;
	return 1;
}

/* Add lines a to b (b excluded) as a slide without frontmatter, as the
 * presenterm and mdp syntaxes have, unless they are all blank. */
static void
add_plain_slide(struct deck *d, const struct text *t, size_t a, size_t b,
    size_t *cap)
{
	if (lines_blank(t, a, b))
		return;
	add_slide(d, t, a, b, fm_parse("", 0), 0, NULL, cap,
	    a < t->n ? t->lines[a].no : 1);
}

static int
fence_at(const struct text *t, size_t i, char *ch, size_t *len)
{
	return (*len = md_fence_open(t->lines[i].s, t->lines[i].n, ch,
	    NULL)) > 0;
}

/* Is line i inside a code fence or an HTML comment, given the state so
 * far? Updates the state; returns 1 when the line is "structure-free". */
static int
skip_line(const struct text *t, size_t i, char *fch, size_t *flen,
    int *in_comment)
{
	const struct line *l = &t->lines[i];
	const char *open, *close;
	char ch;
	size_t len;

	if (*flen) {
		if (md_fence_close(l->s, l->n, *fch, *flen))
			*flen = 0;
		return 1;
	}
	if (*in_comment) {
		if (memmem(l->s, l->n, "-->", 3))
			*in_comment = 0;
		return 1;
	}
	if (fence_at(t, i, &ch, &len)) {
		*fch = ch;
		*flen = len;
		return 1;
	}
	open = memmem(l->s, l->n, "<!--", 4);
	while (open) {
		close = memmem(open + 4, l->n - (size_t)(open + 4 - l->s),
		    "-->", 3);
		if (!close) {
			*in_comment = 1;
			return 0;
		}
		open = memmem(close + 3, l->n - (size_t)(close + 3 - l->s),
		    "<!--", 4);
	}
	return 0;
}

/* Headmatter: "---" on the first line up to the next "---" or "...". */
static size_t
headmatter(const struct text *t, size_t *fa, size_t *fb)
{
	size_t i;

	*fa = *fb = 0;
	if (t->n == 0 || !dk_line_is(&t->lines[0], "---"))
		return 0;
	for (i = 1; i < t->n; i++)
		if (dk_line_is(&t->lines[i], "---") ||
		    dk_line_is(&t->lines[i], "..."))
			break;
	if (i >= t->n || !dk_looks_like_yaml(t, 1, i))
		return 0;
	*fa = 1;
	*fb = i;
	return i + 1;
}

static void
split_slidev(struct deck *d, const struct text *t, int depth,
    const struct chain *chain, size_t *cap, int is_main)
{
	size_t i, j, start, fa, fb, flen = 0;
	int in_comment = 0, any = 0;
	char fch = 0;
	struct frontmatter *fm;

	start = headmatter(t, &fa, &fb);
	if (is_main) {
		fm_free(d->head);
		d->head = dk_parse_fm(t, fa, fb, d);
	}
	for (i = start; i <= t->n; i++) {
		if (i < t->n && (skip_line(t, i, &fch, &flen, &in_comment) ||
		    !dk_dash_rule(&t->lines[i])))
			continue;
		/* a slide ends at i; one with neither frontmatter nor text
		 * (as between "---" lines) is dropped, unless it is the first */
		if (!lines_blank(t, start, i) || fa < fb || !any) {
			fm = dk_parse_fm(t, fa, fb, d);
			add_slide(d, t, start, i, fm, depth, chain, cap,
			    fa < fb ? t->lines[fa - 1].no :
			    start < t->n ? t->lines[start].no : 1);
			any = 1;
		}
		if (i >= t->n)
			break;
		fa = fb = 0;
		start = i + 1;
		/* "---" then a non-blank line: frontmatter up to "---" */
		if (dk_line_is(&t->lines[i], "---") && i + 1 < t->n &&
		    !dk_blank(t->lines[i + 1].s, t->lines[i + 1].n)) {
			for (j = i + 1; j < t->n; j++)
				if (dk_line_is(&t->lines[j], "---"))
					break;
			if (j < t->n && dk_looks_like_yaml(t, i + 1, j)) {
				fa = i + 1;
				fb = j;
				start = j + 1;
				i = j;
			}
		}
	}
}

static void
split_presenterm(struct deck *d, const struct text *t, size_t *cap)
{
	size_t i, start, fa, fb, flen = 0;
	int in_comment = 0;
	char fch = 0;
	const char *title, *sub, *author;

	start = headmatter(t, &fa, &fb);
	fm_free(d->head);
	d->head = dk_parse_fm(t, fa, fb, d);
	title = fm_scalar(d->head, "title");
	if (title && *title) {
		struct slide *s = dk_new_slide(d, cap);
		struct deck_part *p;
		size_t pc = 0;

		s->fm = fm_parse("", 0);
		s->file = xstrdup(t->name);
		s->line = 1;
		free(s->layout);
		s->layout = xstrdup("intro");
		free(s->title);
		s->title = xstrdup(title);
		s->parts = xgrow(NULL, &pc, 2, sizeof *s->parts);
		p = &s->parts[s->nparts++];
		memset(p, 0, sizeof *p);
		p->kind = PART_TITLE;
		p->until = STEP_NEVER;
		p->md = xasprintf("# %s\n", title);
		sub = fm_scalar(d->head, "sub_title");
		author = fm_scalar(d->head, "author");
		if ((sub && *sub) || (author && *author)) {
			p = &s->parts[s->nparts++];
			memset(p, 0, sizeof *p);
			p->until = STEP_NEVER;
			p->md = xasprintf("%s%s%s%s%s\n", sub && *sub ? "*" : "",
			    sub && *sub ? sub : "", sub && *sub ? "*" : "",
			    sub && *sub && author && *author ? "\n\n" : "",
			    author && *author ? author : "");
		}
	}
	for (i = start; i <= t->n; i++) {
		if (i < t->n && (skip_line(t, i, &fch, &flen, &in_comment) ||
		    !dk_comment_is(&t->lines[i], "end_slide")))
			continue;
		add_plain_slide(d, t, start, i, cap);
		start = i + 1;
	}
}

static void
split_mdp(struct deck *d, const struct text *t, size_t *cap)
{
	size_t i, start = 0, flen = 0;
	int in_comment = 0, prev_blank = 1;
	char fch = 0;

	fm_free(d->head);
	d->head = fm_parse("", 0);
	for (i = 0; i < t->n && t->lines[i].n > 0 && t->lines[i].s[0] == '%';
	    i++) {
		const char *s = t->lines[i].s + 1, *colon;
		size_t n = t->lines[i].n - 1;
		char *key, *val;

		if (!(colon = memchr(s, ':', n)))
			continue;
		key = xstrndup(s, (size_t)(colon - s));
		n -= (size_t)(colon + 1 - s);
		s = dk_trim(colon + 1, &n);
		val = xstrndup(s, n);
		fm_set_scalar(d->head, key, val);
		free(key);
		free(val);
	}
	start = i;
	for (; i <= t->n; i++) {
		if (i < t->n) {
			int skipped = skip_line(t, i, &fch, &flen, &in_comment);
			int was_blank = prev_blank;

			prev_blank = dk_blank(t->lines[i].s, t->lines[i].n);
			if (skipped || !was_blank ||
			    !dk_dash_rule(&t->lines[i]))
				continue;
		}
		add_plain_slide(d, t, start, i, cap);
		start = i + 1;
		prev_blank = 1;
	}
}

static enum deck_syntax
detect(const struct text *t)
{
	size_t i, flen = 0;
	int in_comment = 0;
	char fch = 0;

	for (i = 0; i < t->n && dk_blank(t->lines[i].s, t->lines[i].n); i++)
		;
	if (i < t->n && t->lines[i].n > 1 && t->lines[i].s[0] == '%' &&
	    memchr(t->lines[i].s, ':', t->lines[i].n))
		return DECK_MDP;
	for (i = 0; i < t->n; i++)
		if (!skip_line(t, i, &fch, &flen, &in_comment) &&
		    dk_comment_is(&t->lines[i], "end_slide"))
			return DECK_PRESENTERM;
	return DECK_SLIDEV;
}

static void
parse_text(struct deck *d, const struct text *t, int depth,
    const struct chain *chain, size_t *cap, int is_main)
{
	if (is_main)
		d->syntax = detect(t);
	if (is_main && d->syntax == DECK_PRESENTERM)
		split_presenterm(d, t, cap);
	else if (is_main && d->syntax == DECK_MDP)
		split_mdp(d, t, cap);
	else
		split_slidev(d, t, depth, chain, cap, is_main);
}

struct deck *
dk_parse(const char *data, size_t len, const char *name, const char *real)
{
	struct deck *d = xcalloc(1, sizeof *d);
	struct chain top = { real, NULL };
	const char *v;
	struct text t;
	size_t cap = 0, i;

	dk_text_init(&t, data, len, name ? name : "<deck>");
	d->head = fm_parse("", 0);
	parse_text(d, &t, 0, real ? &top : NULL, &cap, 1);
	dk_text_free(&t);
	if (d->nslides == 0) {
		struct slide *s = dk_new_slide(d, &cap);

		s->fm = fm_parse("", 0);
		s->file = xstrdup(name ? name : "<deck>");
		s->line = 1;
	}
	v = fm_scalar(d->head, "title");
	for (i = 0; (!v || !*v) && i < d->nslides; i++)
		if (*d->slides[i].title)
			v = d->slides[i].title;
	if (!v || !*v)
		v = name ? path_base(name) : "Untitled deck";
	d->title = xstrdup(v);
	v = fm_scalar(d->head, "sub_title");
	if (!v)
		v = fm_scalar(d->head, "subtitle");
	d->subtitle = xstrdup(v ? v : "");
	v = fm_scalar(d->head, "author");
	d->author = xstrdup(v ? v : "");
	if ((v = fm_scalar(d->head, "duration")) && *v) {
		d->duration_s = deck_parse_duration(v);
		if (d->duration_s < 0) {
			dk_warn(d, name ? name : "<deck>", 1, "duration '%s' "
			    "is not a duration; write 30min or 1h15m", v);
			d->duration_s = 0;
		}
	}
	return d;
}
