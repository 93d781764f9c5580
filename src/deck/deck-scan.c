/*
 * deck-scan.c: scanning one slide's lines into parts: code fences and
 * their highlight ranges, HTML comments (presenter notes, presenterm
 * commands), slot markers, the title heading, mdp's centred lines, and
 * the tags in the text between them (deck-steps.c keeps the steps).
 */
#include "deck/deck-int.h"
#include "core/util.h"
#include "render/html.h"
#include "render/render.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add_note(struct scan *sc, const char *s, size_t n)
{
	if (sc->notes.len)
		buf_adds(&sc->notes, "\n\n");
	buf_add(&sc->notes, s, n);
}

static int
command(struct scan *sc, const char *s, size_t n)
{
	struct deck_part *p;
	const char *v;
	size_t vn;
	long num;
	char tmp[32];

#define IS(w) (n >= strlen(w) && memcmp(s, w, strlen(w)) == 0 && \
	(v = s + strlen(w), vn = n - strlen(w), 1))
	if (IS("pause") && vn == 0) {
		sc->base = ++sc->clicks;
		if (sc->incremental)
			sc->inc.item_from = -1;
	} else if (IS("end_slide") && vn == 0) {
		/* a separator, already used by the splitter */
	} else if ((IS("new_lines:") || IS("newlines:"))) {
		v = dk_trim(v, &vn);
		snprintf(tmp, sizeof tmp, "%.*s", (int)(vn < 20 ? vn : 20), v);
		dk_flush(sc, 1);
		if (parse_int(tmp, 0, 200, &num) == 0) {
			p = dk_new_part(sc, PART_SPACE);
			p->md = xstrdup("");
			p->lines = (int)num;
		}
	} else if (IS("jump_to_middle") && vn == 0) {
		dk_flush(sc, 1);
		dk_new_part(sc, PART_MIDDLE)->md = xstrdup("");
	} else if (IS("column_layout:")) {
		int k = 0;
		const char *e = v + vn;

		while (v < e && k < 2) {
			while (v < e && !isdigit((unsigned char)*v))
				v++;
			num = 0;
			while (v < e && isdigit((unsigned char)*v) && num < 100)
				num = num * 10 + (*v++ - '0');
			if (num > 0)
				sc->s->cols[k++] = (int)num;
		}
		dk_flush(sc, 1);
	} else if (IS("column:")) {
		v = dk_trim(v, &vn);
		dk_flush(sc, 1);
		sc->slot = (vn == 1 && *v == '0') ? SLOT_LEFT : SLOT_RIGHT;
	} else if (IS("reset_layout") && vn == 0) {
		dk_flush(sc, 1);
		sc->slot = SLOT_BOTTOM;
	} else if (IS("incremental_lists:")) {
		v = dk_trim(v, &vn);
		sc->incremental = vn == 4 && memcmp(v, "true", 4) == 0;
		memset(&sc->inc, 0, sizeof sc->inc);
		sc->inc.item_from = -1;
		sc->inc.blank = 1;
	} else if (IS("alignment:")) {
		v = dk_trim(v, &vn);
		sc->center = vn == 6 && memcmp(v, "center", 6) == 0;
	} else if (IS("speaker_note:")) {
		v = dk_trim(v, &vn);
		if (vn > 0 && (*v == '|' || *v == '>')) {
			v++;
			vn--;
			v = dk_trim(v, &vn);
		}
		if (vn >= 2 && (*v == '"' || *v == '\'') && v[vn - 1] == *v) {
			v++;
			vn -= 2;
		}
		add_note(sc, v, vn);
	} else if ((IS("no_footer") || IS("skip_slide") || IS("font_size:") ||
	    IS("list_item_newlines:") || IS("include:") ||
	    IS("snippet_output:"))) {
		/* presenterm commands with no terminal meaning here */
	} else {
		return 0;
	}
#undef IS
	return 1;
}

static void
comment(struct scan *sc, const char *s, size_t n)
{
	s = dk_trim(s, &n);
	if (command(sc, s, n))
		return;
	free(sc->last_comment);
	sc->last_comment = xstrndup(s, n);
}

/* ---------------------------------------------------------------- */
/* Lines */

static int
slot_marker(struct scan *sc, const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum deck_slot slot;
	} slots[] = { { "left", SLOT_LEFT }, { "right", SLOT_RIGHT },
	    { "default", SLOT_MAIN }, { "bottom", SLOT_BOTTOM },
	    { "header", SLOT_MAIN }, { "footer", SLOT_BOTTOM } };
	size_t i;

	s = dk_trim(s, &n);
	if (n < 5 || memcmp(s, "::", 2) != 0 || memcmp(s + n - 2, "::", 2) != 0)
		return 0;
	for (i = 2; i < n - 2; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	dk_flush(sc, 1);
	for (i = 0; i < sizeof slots / sizeof slots[0]; i++)
		if (n - 4 == strlen(slots[i].name) &&
		    memcmp(s + 2, slots[i].name, n - 4) == 0) {
			sc->slot = slots[i].slot;
			return 1;
		}
	dk_warn(sc->d, sc->file, sc->lineno, "unknown slot ::%.*s::; use "
	    "::left::, ::right:: or ::bottom::", (int)(n - 4), s + 2);
	sc->slot = SLOT_MAIN;
	return 1;
}

/* Plain text of a heading line: markers, emphasis and tags removed. */
static char *
heading_text(const char *s, size_t n)
{
	char *md, *out, *o;
	const char *p;

	s = dk_trim(s, &n);
	while (n > 0 && *s == '#') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == '#')
		n--;
	s = dk_trim(s, &n);
	md = render_html_to_md(s, n);
	out = o = xmalloc(strlen(md) + 1);
	for (p = md; *p; p++) {
		if (*p == '*' || *p == '`' || *p == '\\' || *p == '\n' ||
		    (*p == '_' && (p == md || p[1] == '\0' || p[-1] == ' ' ||
		    p[1] == ' ')) || (*p == '~' && p[1] == '~'))
			continue;
		if (*p == '~' && p > md && p[-1] == '~')
			continue;
		*o++ = *p;
	}
	*o = '\0';
	free(md);
	n = strlen(out);
	p = dk_trim(out, &n);
	md = xstrndup(p, n);
	free(out);
	return md;
}

static int
atx_heading(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || s[i] != '#')
		return 0;
	while (i < n && s[i] == '#')
		i++;
	return i < n ? s[i] == ' ' || s[i] == '\t' : 1;
}

static int
setext_rule(const struct line *l)
{
	size_t i, n = l->n;

	while (n > 0 && isspace((unsigned char)l->s[n - 1]))
		n--;
	for (i = 0; i < n && l->s[i] == '='; i++)
		;
	return n > 0 && i == n;
}

/* The first heading becomes the slide's title part. */
static void
title_part(struct scan *sc, const char *s, size_t n, int setext)
{
	struct deck_part *p;
	char *md;

	dk_flush(sc, 1);
	p = dk_new_part(sc, PART_TITLE);
	md = xasprintf("%s%.*s\n\n", setext ? "# " : "", (int)n, s);
	p->md = md;
	free(sc->s->title);
	sc->s->title = heading_text(s, n);
	sc->has_title = 1;
}

/* A code fence opening: its highlight ranges split off the info string. */
static void
fence_open(struct scan *sc, const char *s, size_t n, size_t info)
{
	const char *brace = memchr(s + info, '{', n - info), *close = NULL;
	const char *r, *e;
	struct deck_part *p;
	size_t k, cap;

	if (brace)
		close = memchr(brace, '}', (size_t)(s + n - brace));
	if (!brace || !close || close == brace + 1 ||
	    strspn(brace + 1, "0123456789,-| *allnoehid") !=
	    (size_t)(close - brace - 1)) {
		dk_put(sc, s, n);
		dk_put(sc, "\n", 1);
		return;
	}
	dk_flush(sc, 1);
	dk_ready(sc);
	p = dk_new_part(sc, PART_MD);
	p->slot = sc->cur_slot;
	p->from = sc->from;
	p->until = sc->until;
	p->center = sc->cur_center;
	p->hl_from = sc->clicks;
	for (r = brace + 1; r <= close;) {
		e = memchr(r, '|', (size_t)(close - r));
		cap = p->nhl;
		if (!e)
			e = close;
		p->hl = xgrow(p->hl, &cap, p->nhl + 1, sizeof *p->hl);
		k = (size_t)(e - r);
		r = dk_trim(r, &k);
		p->hl[p->nhl++] = xstrndup(r, k);
		r = e + 1;
	}
	sc->clicks += (int)p->nhl - 1;
	k = (size_t)(brace - s);
	while (k > 0 && s[k - 1] == ' ')
		k--;
	buf_add(&sc->md, s, k);
	buf_addc(&sc->md, '\n');
	p->md = NULL;	/* filled when the fence closes */
}

static void
fence_close(struct scan *sc)
{
	struct deck_part *p = sc->s->nparts ? &sc->s->parts[sc->s->nparts - 1] :
	    NULL;

	if (p && p->nhl && !p->md) {
		p->md = buf_take(&sc->md);
		return;
	}
}

/* Text of one line outside fences and comments: tags and comments. */
static void
scan_text(struct scan *sc, const char *s, size_t n, int *in_comment,
    struct buf *cbuf)
{
	size_t i = 0, k, run, lead, tlen;
	int alone, shown = 0, grouped = 0;
	struct htag t;

	for (lead = 0; lead < n && isspace((unsigned char)s[lead]); lead++)
		;
	while (i < n) {
		if (s[i] == '`') {
			for (run = 0; i + run < n && s[i + run] == '`'; run++)
				;
			for (k = i + run; k < n; k++) {
				size_t r2;

				for (r2 = 0; k + r2 < n && s[k + r2] == '`'; r2++)
					;
				if (r2 == run)
					break;
				if (r2)
					k += r2 - 1;
			}
			k = k < n ? k + run : i + run;
			dk_put(sc, s + i, k - i);
			shown = 1;
			i = k;
			continue;
		}
		if (s[i] == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
			for (k = i + 4; k + 2 < n; k++)
				if (memcmp(s + k, "-->", 3) == 0)
					break;
			if (k + 2 < n) {
				comment(sc, s + i + 4, k - i - 4);
				i = k + 3;
			} else {
				*in_comment = sc->lineno;
				buf_reset(cbuf);
				buf_add(cbuf, s + i + 4, n - i - 4);
				buf_addc(cbuf, '\n');
				i = n;
			}
			grouped = 1;
			continue;
		}
		if (s[i] == '<' && (tlen = html_tag_parse(s + i, n - i,
		    &t)) > 0 && !t.comment && t.nlen > 0) {
			for (k = i + tlen; k < n &&
			    isspace((unsigned char)s[k]); k++)
				;
			alone = i == lead && k == n;
			dk_balance(sc, &t);
			if (dk_group_tag(sc, &t, alone)) {
				grouped = 1;
			} else {
				dk_put(sc, s + i, tlen);
				shown = 1;
				if (t.selfclose)
					dk_group_selfclosed(sc, &t, alone);
			}
			i += tlen;
			continue;
		}
		for (k = i; k < n && s[k] != '<' && s[k] != '`'; k++)
			;
		if (k == i)
			k++;
		if (!dk_blank(s + i, k - i))
			shown = 1;
		dk_put(sc, s + i, k - i);
		i = k;
	}
	if (shown || !grouped)
		dk_put(sc, "\n", 1);
}

/* ---------------------------------------------------------------- */
/* A slide */

struct slide *
dk_new_slide(struct deck *d, size_t *cap)
{
	struct slide *s;

	d->slides = xgrow(d->slides, cap, d->nslides + 1, sizeof *d->slides);
	s = &d->slides[d->nslides++];
	memset(s, 0, sizeof *s);
	s->cols[0] = s->cols[1] = 1;
	s->title = xstrdup("");
	s->notes = xstrdup("");
	s->layout = xstrdup("default");
	s->nsteps = 1;
	return s;
}

static int
truthy(const char *v)
{
	return v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0);
}

/* Layout, hidden flag and title from the slide's frontmatter. */
void
dk_apply_fm(struct deck *d, struct slide *s, int first)
{
	const char *layout = fm_scalar(s->fm, "layout"), *title;
	size_t i;

	free(s->layout);
	if (layout && *layout) {
		s->layout = str_lower(layout);
		if (!deck_layout_known(s->layout))
			dk_warn(d, s->file, s->line, "unknown layout '%s'; "
			    "drawn as default (see stratus-present(1))",
			    layout);
	} else {
		s->layout = xstrdup(first && d->syntax == DECK_SLIDEV ?
		    "cover" : "default");
	}
	s->hidden = truthy(fm_scalar(s->fm, "hide")) ||
	    truthy(fm_scalar(s->fm, "disabled"));
	if ((title = fm_scalar(s->fm, "title")) && *title && !*s->title) {
		free(s->title);
		s->title = xstrdup(title);
	}
	if (strcmp(s->layout, "two-cols") == 0)
		for (i = 0; i < s->nparts; i++)
			if (s->parts[i].slot == SLOT_MAIN)
				s->parts[i].slot = SLOT_LEFT;
}

/* Set sc up to scan slide s of deck d, read from the file name. */
static void
scan_start(struct scan *sc, struct deck *d, struct slide *s,
    const char *name)
{
	memset(sc, 0, sizeof *sc);
	sc->d = d;
	sc->s = s;
	sc->file = name;
	sc->inc.item_from = -1;
	sc->inc.blank = 1;
	sc->until = STEP_NEVER;
}

/* A line inside a code fence, kept as it is. Returns 1 when it closes
 * the fence that opened with flen times fch. */
static int
fenced_line(struct scan *sc, const char *l, size_t n, char fch,
    size_t flen)
{
	buf_add(&sc->md, l, n);
	buf_addc(&sc->md, '\n');
	if (md_fence_close(l, n, fch, flen)) {
		fence_close(sc);
		return 1;
	}
	return 0;
}

/* A line inside an HTML comment opened on an earlier line: collected in
 * cbuf up to "-->", after which the rest of the line is scanned. */
static void
comment_line(struct scan *sc, const char *l, size_t n, int *in_comment,
    struct buf *cbuf)
{
	const char *start = l, *e = NULL;
	size_t j;

	for (j = 0; j + 2 < n + 0 && !e; j++)
		if (memcmp(l + j, "-->", 3) == 0)
			e = l + j;
	if (!e) {
		buf_add(cbuf, l, n);
		buf_addc(cbuf, '\n');
		return;
	}
	buf_add(cbuf, l, (size_t)(e - l));
	comment(sc, buf_str(cbuf), cbuf->len);
	*in_comment = 0;
	l = e + 3;
	n -= (size_t)(l - start);
	if (!dk_blank(l, n))
		scan_text(sc, l, n, in_comment, cbuf);
}

/* A blank line: it ends the paragraph of a list item being stepped. */
static void
blank_line(struct scan *sc)
{
	int k;

	for (k = 0; k < sc->ng; k++)
		if (sc->g[k].kind == G_CLICKS)
			sc->g[k].blank = 1;
	sc->inc.blank = 1;
	buf_addc(&sc->md, '\n');
}

/* Steps per item: the innermost <v-clicks>, else presenterm's
 * incremental lists. A line of v- tags is not an item. */
static void
item_steps(struct scan *sc, const char *l, size_t n)
{
	size_t tn = n;
	const char *tl = dk_trim(l, &tn);

	if (tn > 3 && (memcmp(tl, "<v-", 3) == 0 ||
	    memcmp(tl, "</v-", 4) == 0))
		return;
	if (sc->ng > 0 && sc->g[sc->ng - 1].kind == G_CLICKS)
		dk_item_line(sc, &sc->g[sc->ng - 1], l, n, 0);
	else if (sc->incremental)
		dk_item_line(sc, &sc->inc, l, n, 1);
}

/* The slide's first heading at line i of t: ATX, or setext with its rule
 * on line i + 1 (< b). Returns the lines it took, 0 when it is none. */
static size_t
title_line(struct scan *sc, const struct text *t, size_t i, size_t b)
{
	const char *l = t->lines[i].s;
	size_t n = t->lines[i].n;

	if (!sc->has_title && atx_heading(l, n)) {
		title_part(sc, l, n, 0);
		return 1;
	}
	if (!sc->has_title && i + 1 < b && setext_rule(&t->lines[i + 1]) &&
	    !dk_list_marker(l, n) && l[0] != '<' && l[0] != ' ') {
		title_part(sc, l, n, 1);
		return 2;
	}
	return 0;
}

/* mdp: a "-> text <-" line is centred. Returns 1 when l was one. */
static int
mdp_centred(struct scan *sc, const char *l, size_t n, int *in_comment,
    struct buf *cbuf)
{
	size_t m = n;
	const char *c = dk_trim(l, &m);

	if (!(m >= 4 && memcmp(c, "->", 2) == 0 &&
	    memcmp(c + m - 2, "<-", 2) == 0))
		return 0;
	sc->line_center = 1;
	c += 2;
	m -= 4;
	c = dk_trim(c, &m);
	if (!sc->has_title && atx_heading(c, m)) {
		title_part(sc, c, m, 0);
		sc->s->parts[sc->s->nparts - 1].center = 1;
	} else {
		scan_text(sc, c, m, in_comment, cbuf);
	}
	return 1;
}

/* At the end of the slide (from the file name): a code fence (flen
 * times fch, opened at fence_line), an HTML comment (opened at line
 * in_comment, text in cbuf), groups and components still open are warned
 * about and closed. */
static void
close_open(struct scan *sc, const char *name, size_t flen, char fch,
    int fence_line, int in_comment, struct buf *cbuf)
{
	struct deck *d = sc->d;

	if (flen) {
		dk_warn(d, name, fence_line, "code fence is never closed; "
		    "add a closing %c%c%c line", fch, fch, fch);
		fence_close(sc);
	}
	if (in_comment) {
		dk_warn(d, name, in_comment, "HTML comment is never closed; "
		    "add -->");
		comment(sc, buf_str(cbuf), cbuf->len);
	}
	while (sc->ng > 0) {
		struct group *g = &sc->g[sc->ng - 1];

		dk_warn(d, name, g->line, "<%s> is never closed; add </%s>",
		    g->kind == G_CLICKS ? "v-clicks" : g->kind == G_ELEM ?
		    g->elem : "v-click", g->kind == G_CLICKS ? "v-clicks" :
		    g->kind == G_ELEM ? g->elem : "v-click");
		dk_pop_group(sc);
	}
	while (sc->nopen > 0) {
		sc->nopen--;
		dk_warn(d, name, sc->openline[sc->nopen], "<%s> is never "
		    "closed; add </%s>", sc->open[sc->nopen],
		    sc->open[sc->nopen]);
		free(sc->open[sc->nopen]);
	}
}

/* The last part flushed, every part's HTML blocks made Markdown, the
 * step count and the notes set on the slide; sc's buffers freed. */
static void
scan_finish(struct scan *sc)
{
	struct slide *s = sc->s;
	size_t i;

	dk_flush(sc, 0);
	for (i = 0; i < s->nparts; i++) {
		struct deck_part *p = &s->parts[i];
		char *md;

		if (!p->md)
			p->md = xstrdup("");
		if (p->kind != PART_MD && p->kind != PART_TITLE)
			continue;
		md = render_html_to_md(p->md, strlen(p->md));
		free(p->md);
		p->md = md;
	}
	s->nsteps = sc->clicks + 1;
	if (sc->notes.len == 0 && sc->last_comment &&
	    sc->d->syntax != DECK_PRESENTERM)
		buf_adds(&sc->notes, sc->last_comment);
	free(s->notes);
	s->notes = buf_take(&sc->notes);
	free(sc->last_comment);
	buf_free(&sc->md);
}

void
dk_scan_body(struct deck *d, struct slide *s, const struct text *t,
    size_t a, size_t b)
{
	struct scan sc;
	struct buf cbuf = BUF_INIT;
	size_t i, info, flen = 0, took;
	char fch = 0;
	int in_comment = 0, fence_line = 0;

	scan_start(&sc, d, s, t->name);
	for (i = a; i < b; i++) {
		const char *l = t->lines[i].s;
		size_t n = t->lines[i].n;

		sc.lineno = t->lines[i].no;
		sc.line_center = 0;
		if (flen) {
			if (fenced_line(&sc, l, n, fch, flen))
				flen = 0;
			continue;
		}
		if (in_comment) {
			comment_line(&sc, l, n, &in_comment, &cbuf);
			continue;
		}
		if (dk_blank(l, n)) {
			blank_line(&sc);
			continue;
		}
		if (slot_marker(&sc, l, n))
			continue;
		item_steps(&sc, l, n);
		if ((flen = md_fence_open(l, n, &fch, &info)) > 0) {
			fence_line = sc.lineno;
			fence_open(&sc, l, n, info);
			continue;
		}
		if ((took = title_line(&sc, t, i, b)) > 0) {
			i += took - 1;
			continue;
		}
		if (d->syntax == DECK_MDP &&
		    mdp_centred(&sc, l, n, &in_comment, &cbuf))
			continue;
		scan_text(&sc, l, n, &in_comment, &cbuf);
	}
	close_open(&sc, t->name, flen, fch, fence_line, in_comment, &cbuf);
	scan_finish(&sc);
	buf_free(&cbuf);
}
