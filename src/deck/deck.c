/*
 * deck.c: reading a deck. The text is normalised (BOM, CRLF, NUL), the
 * syntax detected (Slidev, presenterm, mdp), the file cut into slides
 * (never inside a code fence or an HTML comment), and each slide scanned
 * once into parts that say from which step they show: <v-click>,
 * <v-after>, <v-clicks>, the v-click attribute, presenterm's pause and
 * incremental lists, and code line highlights. Slots, notes, layouts and
 * src: imports are resolved here too. See deck.h for the model.
 */
#include "deck/deck.h"
#include "core/buf.h"
#include "core/util.h"
#include "render/html.h"
#include "render/render.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECK_MAX_BYTES (64u << 20)
#define IMPORT_DEPTH 8
#define MAX_GROUPS 32
#define MAX_OPEN 64

struct line {
	const char *s;
	size_t n;
	int no;			/* 1-based */
};

struct text {
	char *data;
	struct line *lines;
	size_t n;
	const char *name;
};

enum { G_CLICK, G_CLICKS, G_ELEM };

struct group {
	int kind;
	char *elem;		/* G_ELEM: the element's name */
	int nest;		/* G_ELEM: same-name elements open inside */
	int from, until;
	int depth;		/* G_CLICKS: deepest level stepped, 0 all */
	int item_from;		/* G_CLICKS: the current item's step, -1 */
	int indents[16];	/* G_CLICKS: indents of open list levels */
	int nind;
	int blank;		/* G_CLICKS: the last line was blank */
	int line;
};

struct scan {
	struct deck *d;
	struct slide *s;
	const char *file;
	size_t partcap;
	struct buf md;		/* the part being filled */
	enum deck_slot slot;	/* its properties */
	int from, until, center;
	int clicks;		/* the highest step used */
	int base;		/* step of content outside groups (pause) */
	struct group g[MAX_GROUPS];
	int ng;
	int incremental;
	struct group inc;	/* list tracking of incremental_lists */
	enum deck_slot cur_slot;
	int cur_center;
	int line_center;	/* mdp: this line is -> centred <- */
	int has_title;
	struct buf notes;
	char *last_comment;
	char *open[MAX_OPEN];	/* components not closed yet */
	int openline[MAX_OPEN];
	int nopen;
	int lineno;
};

static const char *const known_layouts[] = { "default", "cover", "intro",
    "section", "center", "statement", "fact", "quote", "end", "two-cols",
    "two-cols-header", "image", "image-left", "image-right", "iframe",
    "iframe-left", "iframe-right", "full", "none", NULL };

static void
warn(struct deck *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
warn(struct deck *d, const char *file, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	size_t cap = d->nwarnings;
	va_list ap;

	buf_printf(&b, "%s:%d: ", file, line);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->warnings = xgrow(d->warnings, &cap, d->nwarnings + 1,
	    sizeof *d->warnings);
	d->warnings[d->nwarnings++] = buf_take(&b);
}

/* BOM, CRLF and lone CR, NUL (to U+FFFD); then the lines. */
static void
text_init(struct text *t, const char *data, size_t len, const char *name)
{
	struct buf b = BUF_INIT;
	size_t i, cap = 0;
	char *p;
	int no = 1;

	memset(t, 0, sizeof *t);
	t->name = name;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	buf_adds(&b, "");	/* terminated even when data is empty */
	buf_grow(&b, len + 1);
	for (i = 0; i < len; i++) {
		if (data[i] == '\r') {
			buf_addc(&b, '\n');
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else if (data[i] == '\0') {
			buf_adds(&b, "\xef\xbf\xbd");
		} else {
			buf_addc(&b, data[i]);
		}
	}
	t->data = buf_take(&b);
	for (p = t->data; *p;) {
		char *nl = strchr(p, '\n');

		t->lines = xgrow(t->lines, &cap, t->n + 1, sizeof *t->lines);
		t->lines[t->n].s = p;
		t->lines[t->n].n = nl ? (size_t)(nl - p) : strlen(p);
		t->lines[t->n].no = no++;
		t->n++;
		p = nl ? nl + 1 : p + strlen(p);
	}
}

static void
text_free(struct text *t)
{
	free(t->data);
	free(t->lines);
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

/* s with blanks trimmed at both ends: *n adjusted, start returned. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)*s)) {
		s++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

static int
line_is(const struct line *l, const char *what)
{
	size_t n = l->n;

	while (n > 0 && isspace((unsigned char)l->s[n - 1]))
		n--;
	return n == strlen(what) && memcmp(l->s, what, n) == 0;
}

/* ---, ----...: a Slidev separator (no leading blanks). */
static int
dash_rule(const struct line *l)
{
	size_t i = 0, n = l->n;

	while (n > 0 && isspace((unsigned char)l->s[n - 1]))
		n--;
	while (i < n && l->s[i] == '-')
		i++;
	return i >= 3 && i == n;
}

/* The comment command on line l: "<!-- NAME -->" gives NAME's text. */
static int
comment_is(const struct line *l, const char *cmd)
{
	size_t n = l->n, k = strlen(cmd);
	const char *s = trim(l->s, &n);

	if (n < 7 || memcmp(s, "<!--", 4) != 0 ||
	    memcmp(s + n - 3, "-->", 3) != 0)
		return 0;
	s += 4;
	n -= 7;
	s = trim(s, &n);
	return n == k && memcmp(s, cmd, k) == 0;
}

/* Is lines [a, b) a YAML mapping (key: value lines)? */
static int
looks_like_yaml(const struct text *t, size_t a, size_t b)
{
	int keys = 0;
	size_t i, k;

	for (i = a; i < b; i++) {
		const char *s = t->lines[i].s;
		size_t n = t->lines[i].n;

		if (blank(s, n) || s[0] == '#' || s[0] == ' ' || s[0] == '\t')
			continue;
		if (n >= 2 && s[0] == '-' && s[1] == ' ')
			continue;
		for (k = 0; k < n && (isalnum((unsigned char)s[k]) ||
		    s[k] == '_' || s[k] == '-' || s[k] == '.'); k++)
			;
		if (k == 0 || k >= n || s[k] != ':' ||
		    (k + 1 < n && s[k + 1] != ' ' && s[k + 1] != '\t'))
			return 0;
		keys++;
	}
	return keys > 0;
}

static struct frontmatter *
parse_fm(const struct text *t, size_t a, size_t b, struct deck *d)
{
	struct frontmatter *fm;

	if (a >= b)
		return fm_parse("", 0);
	fm = fm_parse(t->lines[a].s,
	    (size_t)(t->lines[b - 1].s + t->lines[b - 1].n - t->lines[a].s));
	if (fm->error)
		warn(d, t->name, t->lines[a].no, "frontmatter: %s; fix the "
		    "YAML", fm->error);
	return fm;
}

/* ---------------------------------------------------------------- */
/* Building parts */

static void
vis(const struct scan *sc, int *from, int *until)
{
	int i;

	*from = sc->base;
	*until = STEP_NEVER;
	for (i = 0; i < sc->ng; i++) {
		const struct group *g = &sc->g[i];

		if (g->from > *from)
			*from = g->from;
		if (g->until < *until)
			*until = g->until;
		if (g->kind == G_CLICKS && g->item_from > *from)
			*from = g->item_from;
	}
	if (sc->incremental && sc->inc.item_from > *from)
		*from = sc->inc.item_from;
}

static struct deck_part *
new_part(struct scan *sc, enum deck_part_kind kind)
{
	struct slide *s = sc->s;
	struct deck_part *p;

	s->parts = xgrow(s->parts, &sc->partcap, s->nparts + 1,
	    sizeof *s->parts);
	p = &s->parts[s->nparts++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->slot = sc->slot;
	vis(sc, &p->from, &p->until);
	p->center = sc->center;
	return p;
}

/* End the part being filled; with sep, make sure it ends with a blank
 * line so that the next part starts a new block. */
static void
flush(struct scan *sc, int sep)
{
	struct deck_part *p;

	if (blank(buf_str(&sc->md), sc->md.len)) {
		buf_reset(&sc->md);
		return;
	}
	if (sep && !str_ends(buf_str(&sc->md), "\n\n"))
		buf_adds(&sc->md, str_ends(buf_str(&sc->md), "\n") ? "\n" :
		    "\n\n");
	p = new_part(sc, PART_MD);
	p->slot = sc->cur_slot;
	p->from = sc->from;
	p->until = sc->until;
	p->center = sc->cur_center;
	p->md = buf_take(&sc->md);
}

/* Before text goes in: start a new part when the visibility, slot or
 * alignment changed. */
static void
ready(struct scan *sc)
{
	int from, until, center = sc->center || sc->line_center;

	vis(sc, &from, &until);
	if (from == sc->from && until == sc->until &&
	    sc->slot == sc->cur_slot && center == sc->cur_center)
		return;
	flush(sc, 0);
	sc->from = from;
	sc->until = until;
	sc->cur_slot = sc->slot;
	sc->cur_center = center;
}

static void
put(struct scan *sc, const char *s, size_t n)
{
	if (n == 0)
		return;
	ready(sc);
	buf_add(&sc->md, s, n);
}

/* ---------------------------------------------------------------- */
/* Groups: <v-click>, <v-after>, <v-clicks>, elements with v-click */

static struct group *
push_group(struct scan *sc, int kind)
{
	struct group *g;

	if (sc->ng >= MAX_GROUPS) {
		warn(sc->d, sc->file, sc->lineno, "components nested deeper "
		    "than %d; flatten them", MAX_GROUPS);
		return NULL;
	}
	g = &sc->g[sc->ng++];
	memset(g, 0, sizeof *g);
	g->kind = kind;
	g->until = STEP_NEVER;
	g->item_from = -1;
	g->line = sc->lineno;
	vis(sc, &g->from, &g->until);
	g->until = STEP_NEVER;
	return g;
}

static void
pop_group(struct scan *sc)
{
	if (sc->ng > 0) {
		free(sc->g[sc->ng - 1].elem);
		sc->ng--;
	}
}

/* Is t named name, exactly (Slidev's names are case-sensitive)? */
static int
tag_named(const struct htag *t, const char *name)
{
	return t->nlen == strlen(name) && memcmp(t->name, name, t->nlen) == 0;
}

/* Is s (NUL-terminated) the name of t? */
static int
same_name(const char *s, const struct htag *t)
{
	return strlen(s) == t->nlen && memcmp(s, t->name, t->nlen) == 0;
}

/* The value of attribute a into v (size n), "" when there is none or it
 * is too long to be a number; NULL when a is NULL. */
static const char *
attr_value(const struct hattr *a, char *v, size_t n)
{
	if (!a)
		return NULL;
	if (!a->val || a->vlen >= n)
		v[0] = '\0';
	else {
		memcpy(v, a->val, a->vlen);
		v[a->vlen] = '\0';
	}
	return v;
}

/* Elements that never have a closing tag. */
static int
void_element(const struct htag *t)
{
	static const char *const v[] = { "br", "img", "hr", "input", "meta",
	    "link", "source", "wbr", "col", "area", "embed", "track" };
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (html_tag_is(t, v[i]))
			return 1;
	return 0;
}

/* The visibility that a v-click or v-after (tag or attribute) asks for;
 * attr is the attribute with a value (v-click="3"), else NULL. */
static void
click_at(struct scan *sc, struct group *g, const struct htag *t, int after,
    const struct hattr *attr)
{
	char buf[24];
	const char *at;
	int outer = g->from;
	long v;

	at = attr_value(attr ? attr : html_tag_find(t, "at"), buf, sizeof buf);
	if (after) {
		g->from = sc->clicks > g->from ? sc->clicks : g->from;
	} else if (at && *at == '+' && parse_int(at + 1, 0, 1000, &v) == 0) {
		sc->clicks += (int)v;
		g->from = sc->clicks;
	} else if (at && parse_int(at, 0, 1000, &v) == 0) {
		g->from = (int)v;
		if (sc->clicks < (int)v)
			sc->clicks = (int)v;
	} else {
		g->from = ++sc->clicks;
	}
	if (html_tag_find(t, "hide") || html_tag_find(t, "v-click.hide")) {
		g->until = g->from;
		g->from = outer;
	}
}

/* A tag of the v-click family or with a v-click attribute. Returns 1 when
 * it was one (and its text must not be shown). */
static int
group_tag(struct scan *sc, const struct htag *t, int alone)
{
	struct group *g;
	const struct hattr *val;
	int after;

	if (tag_named(t, "v-click") || tag_named(t, "v-after") ||
	    tag_named(t, "v-clicks") || tag_named(t, "VClick") ||
	    tag_named(t, "VClicks") || tag_named(t, "VAfter")) {
		int clicks = tag_named(t, "v-clicks") ||
		    tag_named(t, "VClicks");

		if (alone)
			flush(sc, 1);
		if (t->closing) {
			int i;

			for (i = sc->ng - 1; i >= 0; i--)
				if (sc->g[i].kind == (clicks ? G_CLICKS : G_CLICK))
					break;
			if (i < 0) {
				warn(sc->d, sc->file, sc->lineno, "</%.*s> "
				    "closes nothing; remove it", (int)t->nlen,
				    t->name);
				return 1;
			}
			while (sc->ng > i)
				pop_group(sc);
			return 1;
		}
		if (t->selfclose)
			return 1;
		if (!(g = push_group(sc, clicks ? G_CLICKS : G_CLICK)))
			return 1;
		if (clicks) {
			char buf[24];
			const char *depth;
			long v;

			depth = attr_value(html_tag_find(t, "depth"), buf,
			    sizeof buf);
			if (depth && parse_int(depth, 1, 16, &v) == 0)
				g->depth = (int)v;
			g->blank = 1;
		} else {
			click_at(sc, g, t, tag_named(t, "v-after") ||
			    tag_named(t, "VAfter"), NULL);
		}
		return 1;
	}
	if (t->closing) {
		if (sc->ng > 0 && sc->g[sc->ng - 1].kind == G_ELEM &&
		    same_name(sc->g[sc->ng - 1].elem, t) &&
		    --sc->g[sc->ng - 1].nest == 0) {
			put(sc, "</", 2);
			put(sc, t->name, t->nlen);
			put(sc, ">", 1);
			if (alone)
				flush(sc, 1);
			pop_group(sc);
			return 1;
		}
		return 0;
	}
	if (sc->ng > 0 && sc->g[sc->ng - 1].kind == G_ELEM &&
	    same_name(sc->g[sc->ng - 1].elem, t) && !t->selfclose)
		sc->g[sc->ng - 1].nest++;
	val = html_tag_find(t, "v-after");
	after = val != NULL;
	if (!val && !(val = html_tag_find(t, "v-click")) &&
	    !(val = html_tag_find(t, "v-click.hide")))
		return 0;
	if (alone)
		flush(sc, 1);
	if (!(g = push_group(sc, G_ELEM)))
		return 0;
	g->elem = xstrndup(t->name, t->nlen);
	g->nest = 1;
	click_at(sc, g, t, after, val->val && val->vlen ? val : NULL);
	return 0;	/* the element itself is shown, in the group */
}

/* After the tag text of a self-closing v-click element went out. */
static void
group_selfclosed(struct scan *sc, const struct htag *t, int alone)
{
	if (sc->ng > 0 && sc->g[sc->ng - 1].kind == G_ELEM &&
	    same_name(sc->g[sc->ng - 1].elem, t) &&
	    sc->g[sc->ng - 1].nest == 1) {
		if (alone)
			flush(sc, 1);
		pop_group(sc);
	}
}

/* Keep count of components opened and closed, for warnings. */
static void
balance(struct scan *sc, const struct htag *t)
{
	int i;

	if (t->selfclose || void_element(t) || t->name[0] == 'V' ||
	    (t->nlen >= 2 && memcmp(t->name, "v-", 2) == 0) ||
	    (!html_tag_component(t) && !html_tag_is(t, "div") &&
	    !html_tag_is(t, "template")))
		return;
	if (!t->closing) {
		if (sc->nopen < MAX_OPEN) {
			sc->open[sc->nopen] = xstrndup(t->name, t->nlen);
			sc->openline[sc->nopen++] = sc->lineno;
		}
		return;
	}
	for (i = sc->nopen - 1; i >= 0; i--)
		if (same_name(sc->open[i], t))
			break;
	if (i < 0) {
		warn(sc->d, sc->file, sc->lineno, "</%.*s> closes nothing; "
		    "remove it or open it first", (int)t->nlen, t->name);
		return;
	}
	while (sc->nopen > i) {
		sc->nopen--;
		if (sc->nopen > i)
			warn(sc->d, sc->file, sc->openline[sc->nopen],
			    "<%s> is never closed; add </%s>",
			    sc->open[sc->nopen], sc->open[sc->nopen]);
		free(sc->open[sc->nopen]);
	}
}

/* List item marker at s? Returns the marker's width, 0 when none. */
static size_t
list_marker(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    (s[1] == ' ' || s[1] == '\t'))
		return 2;
	if (n == 1 && (s[0] == '-' || s[0] == '*' || s[0] == '+'))
		return 1;
	while (i < n && i < 9 && isdigit((unsigned char)s[i]))
		i++;
	if (i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/* One step per list item (and per paragraph outside lists): the
 * bookkeeping of <v-clicks> and incremental_lists for a content line. */
static void
item_line(struct scan *sc, struct group *g, const char *s, size_t n,
    int lists_only)
{
	size_t ind = 0;
	int level;

	while (ind < n && (s[ind] == ' ' || s[ind] == '\t'))
		ind++;
	if (ind == n) {
		g->blank = 1;
		return;
	}
	if (list_marker(s + ind, n - ind)) {
		while (g->nind > 0 && g->indents[g->nind - 1] > (int)ind)
			g->nind--;
		if (g->nind == 0 || g->indents[g->nind - 1] < (int)ind) {
			if (g->nind < 16)
				g->indents[g->nind++] = (int)ind;
		}
		level = g->nind;
		if (g->depth == 0 || level <= g->depth)
			g->item_from = ++sc->clicks;
	} else if (g->blank && ind == 0) {
		g->nind = 0;
		if (lists_only) {
			if (g->item_from >= 0) {
				sc->base = sc->clicks;
				g->item_from = -1;
			}
		} else {
			g->item_from = ++sc->clicks;
		}
	}
	g->blank = 0;
}

/* ---------------------------------------------------------------- */
/* Comments: presenter notes and presenterm commands */

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
		v = trim(v, &vn);
		snprintf(tmp, sizeof tmp, "%.*s", (int)(vn < 20 ? vn : 20), v);
		flush(sc, 1);
		if (parse_int(tmp, 0, 200, &num) == 0) {
			p = new_part(sc, PART_SPACE);
			p->md = xstrdup("");
			p->lines = (int)num;
		}
	} else if (IS("jump_to_middle") && vn == 0) {
		flush(sc, 1);
		new_part(sc, PART_MIDDLE)->md = xstrdup("");
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
		flush(sc, 1);
	} else if (IS("column:")) {
		v = trim(v, &vn);
		flush(sc, 1);
		sc->slot = (vn == 1 && *v == '0') ? SLOT_LEFT : SLOT_RIGHT;
	} else if (IS("reset_layout") && vn == 0) {
		flush(sc, 1);
		sc->slot = SLOT_BOTTOM;
	} else if (IS("incremental_lists:")) {
		v = trim(v, &vn);
		sc->incremental = vn == 4 && memcmp(v, "true", 4) == 0;
		memset(&sc->inc, 0, sizeof sc->inc);
		sc->inc.item_from = -1;
		sc->inc.blank = 1;
	} else if (IS("alignment:")) {
		v = trim(v, &vn);
		sc->center = vn == 6 && memcmp(v, "center", 6) == 0;
	} else if (IS("speaker_note:")) {
		v = trim(v, &vn);
		if (vn > 0 && (*v == '|' || *v == '>')) {
			v++;
			vn--;
			v = trim(v, &vn);
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
	s = trim(s, &n);
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

	s = trim(s, &n);
	if (n < 5 || memcmp(s, "::", 2) != 0 || memcmp(s + n - 2, "::", 2) != 0)
		return 0;
	for (i = 2; i < n - 2; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return 0;
	flush(sc, 1);
	for (i = 0; i < sizeof slots / sizeof slots[0]; i++)
		if (n - 4 == strlen(slots[i].name) &&
		    memcmp(s + 2, slots[i].name, n - 4) == 0) {
			sc->slot = slots[i].slot;
			return 1;
		}
	warn(sc->d, sc->file, sc->lineno, "unknown slot ::%.*s::; use "
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

	s = trim(s, &n);
	while (n > 0 && *s == '#') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == '#')
		n--;
	s = trim(s, &n);
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
	p = trim(out, &n);
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

	flush(sc, 1);
	p = new_part(sc, PART_TITLE);
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
		put(sc, s, n);
		put(sc, "\n", 1);
		return;
	}
	flush(sc, 1);
	ready(sc);
	p = new_part(sc, PART_MD);
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
		r = trim(r, &k);
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
			put(sc, s + i, k - i);
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
			balance(sc, &t);
			if (group_tag(sc, &t, alone)) {
				grouped = 1;
			} else {
				put(sc, s + i, tlen);
				shown = 1;
				if (t.selfclose)
					group_selfclosed(sc, &t, alone);
			}
			i += tlen;
			continue;
		}
		for (k = i; k < n && s[k] != '<' && s[k] != '`'; k++)
			;
		if (k == i)
			k++;
		if (!blank(s + i, k - i))
			shown = 1;
		put(sc, s + i, k - i);
		i = k;
	}
	if (shown || !grouped)
		put(sc, "\n", 1);
}

/* ---------------------------------------------------------------- */
/* A slide */

static struct slide *
new_slide(struct deck *d, size_t *cap)
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
static void
apply_fm(struct deck *d, struct slide *s, int first)
{
	const char *layout = fm_scalar(s->fm, "layout"), *title;
	size_t i;

	free(s->layout);
	if (layout && *layout) {
		s->layout = str_lower(layout);
		if (!deck_layout_known(s->layout))
			warn(d, s->file, s->line, "unknown layout '%s'; "
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

static void
scan_body(struct deck *d, struct slide *s, const struct text *t, size_t a,
    size_t b)
{
	struct scan sc;
	struct buf cbuf = BUF_INIT;
	size_t i, info, flen = 0, tn;
	const char *tl;
	char fch = 0;
	int in_comment = 0, fence_line = 0, k;

	memset(&sc, 0, sizeof sc);
	sc.d = d;
	sc.s = s;
	sc.file = t->name;
	sc.inc.item_from = -1;
	sc.inc.blank = 1;
	sc.until = STEP_NEVER;
	for (i = a; i < b; i++) {
		const char *l = t->lines[i].s;
		size_t n = t->lines[i].n;

		sc.lineno = t->lines[i].no;
		sc.line_center = 0;
		if (flen) {
			buf_add(&sc.md, l, n);
			buf_addc(&sc.md, '\n');
			if (md_fence_close(l, n, fch, flen)) {
				flen = 0;
				fence_close(&sc);
			}
			continue;
		}
		if (in_comment) {
			const char *e = NULL;
			size_t j;

			for (j = 0; j + 2 < n + 0 && !e; j++)
				if (memcmp(l + j, "-->", 3) == 0)
					e = l + j;
			if (!e) {
				buf_add(&cbuf, l, n);
				buf_addc(&cbuf, '\n');
				continue;
			}
			buf_add(&cbuf, l, (size_t)(e - l));
			comment(&sc, buf_str(&cbuf), cbuf.len);
			in_comment = 0;
			l = e + 3;
			n -= (size_t)(l - t->lines[i].s);
			if (!blank(l, n))
				scan_text(&sc, l, n, &in_comment, &cbuf);
			continue;
		}
		if (blank(l, n)) {
			for (k = 0; k < sc.ng; k++)
				if (sc.g[k].kind == G_CLICKS)
					sc.g[k].blank = 1;
			sc.inc.blank = 1;
			buf_addc(&sc.md, '\n');
			continue;
		}
		if (slot_marker(&sc, l, n))
			continue;
		/* steps per item: the innermost <v-clicks>, else presenterm */
		tn = n;
		tl = trim(l, &tn);
		if (!(tn > 3 && (memcmp(tl, "<v-", 3) == 0 ||
		    memcmp(tl, "</v-", 4) == 0))) {
			if (sc.ng > 0 && sc.g[sc.ng - 1].kind == G_CLICKS)
				item_line(&sc, &sc.g[sc.ng - 1], l, n, 0);
			else if (sc.incremental)
				item_line(&sc, &sc.inc, l, n, 1);
		}
		if ((flen = md_fence_open(l, n, &fch, &info)) > 0) {
			fence_line = sc.lineno;
			fence_open(&sc, l, n, info);
			continue;
		}
		if (!sc.has_title && atx_heading(l, n)) {
			title_part(&sc, l, n, 0);
			continue;
		}
		if (!sc.has_title && i + 1 < b && setext_rule(&t->lines[i + 1]) &&
		    !list_marker(l, n) && l[0] != '<' && l[0] != ' ') {
			title_part(&sc, l, n, 1);
			i++;
			continue;
		}
		if (d->syntax == DECK_MDP) {
			size_t m = n;
			const char *c = trim(l, &m);

			if (m >= 4 && memcmp(c, "->", 2) == 0 &&
			    memcmp(c + m - 2, "<-", 2) == 0) {
				sc.line_center = 1;
				c += 2;
				m -= 4;
				c = trim(c, &m);
				if (!sc.has_title && atx_heading(c, m)) {
					title_part(&sc, c, m, 0);
					s->parts[s->nparts - 1].center = 1;
				} else {
					scan_text(&sc, c, m, &in_comment, &cbuf);
				}
				continue;
			}
		}
		scan_text(&sc, l, n, &in_comment, &cbuf);
	}
	if (flen) {
		warn(d, t->name, fence_line, "code fence is never closed; add "
		    "a closing %c%c%c line", fch, fch, fch);
		fence_close(&sc);
	}
	if (in_comment) {
		warn(d, t->name, in_comment, "HTML comment is never closed; "
		    "add -->");
		comment(&sc, buf_str(&cbuf), cbuf.len);
	}
	while (sc.ng > 0) {
		struct group *g = &sc.g[sc.ng - 1];

		warn(d, t->name, g->line, "<%s> is never closed; add </%s>",
		    g->kind == G_CLICKS ? "v-clicks" : g->kind == G_ELEM ?
		    g->elem : "v-click", g->kind == G_CLICKS ? "v-clicks" :
		    g->kind == G_ELEM ? g->elem : "v-click");
		pop_group(&sc);
	}
	while (sc.nopen > 0) {
		sc.nopen--;
		warn(d, t->name, sc.openline[sc.nopen], "<%s> is never "
		    "closed; add </%s>", sc.open[sc.nopen], sc.open[sc.nopen]);
		free(sc.open[sc.nopen]);
	}
	flush(&sc, 0);
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
	s->nsteps = sc.clicks + 1;
	if (sc.notes.len == 0 && sc.last_comment && d->syntax != DECK_PRESENTERM)
		buf_adds(&sc.notes, sc.last_comment);
	free(s->notes);
	s->notes = buf_take(&sc.notes);
	free(sc.last_comment);
	buf_free(&sc.md);
	buf_free(&cbuf);
}

/* ---------------------------------------------------------------- */
/* Files */

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
		warn(d, t->name, line, "src: %s imports itself (a cycle or "
		    "more than %d levels); remove the import", src,
		    IMPORT_DEPTH);
		goto fail;
	}
	if (!real || read_file(path, DECK_MAX_BYTES, &data, &len, &cause) < 0) {
		warn(d, t->name, line, "src: %s: %s; fix the path", src,
		    cause ? cause : "no such file");
		goto fail;
	}
	here.path = real;
	here.up = chain;
	text_init(&sub, data, len, path);
	free(data);
	parse_text(d, &sub, depth + 1, &here, cap, 0);
	text_free(&sub);
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
		apply_fm(d, s, first == 0);
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
	s = new_slide(d, cap);
	s->fm = fm;
	s->file = xstrdup(t->name);
	s->line = line;
	scan_body(d, s, t, a, b);
	apply_fm(d, s, first);
}

/* Are lines a to b (b excluded) all blank? */
static int
lines_blank(const struct text *t, size_t a, size_t b)
{
	for (; a < b; a++)
		if (!blank(t->lines[a].s, t->lines[a].n))
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
	if (t->n == 0 || !line_is(&t->lines[0], "---"))
		return 0;
	for (i = 1; i < t->n; i++)
		if (line_is(&t->lines[i], "---") || line_is(&t->lines[i], "..."))
			break;
	if (i >= t->n || !looks_like_yaml(t, 1, i))
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
		d->head = parse_fm(t, fa, fb, d);
	}
	for (i = start; i <= t->n; i++) {
		if (i < t->n && (skip_line(t, i, &fch, &flen, &in_comment) ||
		    !dash_rule(&t->lines[i])))
			continue;
		/* a slide ends at i; one with neither frontmatter nor text
		 * (as between "---" lines) is dropped, unless it is the first */
		if (!lines_blank(t, start, i) || fa < fb || !any) {
			fm = parse_fm(t, fa, fb, d);
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
		if (line_is(&t->lines[i], "---") && i + 1 < t->n &&
		    !blank(t->lines[i + 1].s, t->lines[i + 1].n)) {
			for (j = i + 1; j < t->n; j++)
				if (line_is(&t->lines[j], "---"))
					break;
			if (j < t->n && looks_like_yaml(t, i + 1, j)) {
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
	d->head = parse_fm(t, fa, fb, d);
	title = fm_scalar(d->head, "title");
	if (title && *title) {
		struct slide *s = new_slide(d, cap);
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
		    !comment_is(&t->lines[i], "end_slide")))
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
		s = trim(colon + 1, &n);
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

			prev_blank = blank(t->lines[i].s, t->lines[i].n);
			if (skipped || !was_blank || !dash_rule(&t->lines[i]))
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

	for (i = 0; i < t->n && blank(t->lines[i].s, t->lines[i].n); i++)
		;
	if (i < t->n && t->lines[i].n > 1 && t->lines[i].s[0] == '%' &&
	    memchr(t->lines[i].s, ':', t->lines[i].n))
		return DECK_MDP;
	for (i = 0; i < t->n; i++)
		if (!skip_line(t, i, &fch, &flen, &in_comment) &&
		    comment_is(&t->lines[i], "end_slide"))
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

static struct deck *
parse(const char *data, size_t len, const char *name, const char *real)
{
	struct deck *d = xcalloc(1, sizeof *d);
	struct chain top = { real, NULL };
	const char *v;
	struct text t;
	size_t cap = 0, i;

	text_init(&t, data, len, name ? name : "<deck>");
	d->head = fm_parse("", 0);
	parse_text(d, &t, 0, real ? &top : NULL, &cap, 1);
	text_free(&t);
	if (d->nslides == 0) {
		struct slide *s = new_slide(d, &cap);

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
			warn(d, name ? name : "<deck>", 1, "duration '%s' is "
			    "not a duration; write 30min or 1h15m", v);
			d->duration_s = 0;
		}
	}
	return d;
}

struct deck *
deck_parse(const char *data, size_t len, const char *name)
{
	struct deck *d;
	char *real = name ? path_real(name) : NULL;

	d = parse(data, len, name, real);
	free(real);
	return d;
}

int
deck_load(const char *path, struct deck **out, char **cause)
{
	char *data;
	size_t len;

	if (read_file(path, DECK_MAX_BYTES, &data, &len, cause) < 0)
		return -1;
	*out = deck_parse(data, len, path);
	(*out)->path = xstrdup(path);
	free(data);
	return 0;
}

void
deck_free(struct deck *d)
{
	size_t i, j, k;

	if (!d)
		return;
	for (i = 0; i < d->nslides; i++) {
		struct slide *s = &d->slides[i];

		for (j = 0; j < s->nparts; j++) {
			free(s->parts[j].md);
			for (k = 0; k < s->parts[j].nhl; k++)
				free(s->parts[j].hl[k]);
			free(s->parts[j].hl);
		}
		free(s->parts);
		free(s->layout);
		fm_free(s->fm);
		free(s->title);
		free(s->notes);
		free(s->file);
	}
	free(d->slides);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	fm_free(d->head);
	free(d->path);
	free(d->title);
	free(d->subtitle);
	free(d->author);
	free(d);
}

/* ---------------------------------------------------------------- */
/* Queries */

int
deck_part_visible(const struct deck_part *p, int step)
{
	return step >= p->from && step < p->until;
}

const char *
deck_part_highlight(const struct deck_part *p, int step)
{
	int k;

	if (p->nhl == 0)
		return NULL;
	k = step - p->hl_from;
	if (k < 0)
		k = 0;
	if ((size_t)k >= p->nhl)
		k = (int)p->nhl - 1;
	return p->hl[k];
}

int
deck_line_in_ranges(const char *ranges, int n)
{
	const char *p = ranges;
	long a, b;
	char *end;

	if (!ranges || !*ranges || strcmp(ranges, "all") == 0 ||
	    strcmp(ranges, "*") == 0)
		return 1;
	if (strcmp(ranges, "none") == 0 || strcmp(ranges, "hide") == 0)
		return 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		a = strtol(p, &end, 10);
		b = a;
		p = end;
		if (*p == '-' && isdigit((unsigned char)p[1])) {
			b = strtol(p + 1, &end, 10);
			p = end;
		}
		if (n >= a && n <= b)
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

size_t
deck_shown(const struct deck *d, size_t **idx)
{
	size_t i, n = 0;

	*idx = xcalloc(d->nslides + 1, sizeof **idx);
	for (i = 0; i < d->nslides; i++)
		if (!d->slides[i].hidden)
			(*idx)[n++] = i;
	return n;
}

char *
deck_step_markdown(const struct slide *s, enum deck_slot slot, int step)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].slot == slot &&
		    deck_part_visible(&s->parts[i], step))
			buf_adds(&b, s->parts[i].md);
	return buf_take(&b);
}

char *
deck_slide_text(const struct slide *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, s->title);
	buf_addc(&b, '\n');
	for (i = 0; i < s->nparts; i++) {
		buf_adds(&b, s->parts[i].md);
		buf_addc(&b, '\n');
	}
	buf_adds(&b, s->notes);
	return buf_take(&b);
}

long
deck_parse_duration(const char *s)
{
	long total = 0, v;
	const char *p = s;
	char *end;
	int any = 0;

	while (*p == ' ')
		p++;
	if (strchr(p, ':')) {	/* h:mm:ss or mm:ss */
		long parts[3];
		int n = 0;

		while (*p && n < 3) {
			if (!isdigit((unsigned char)*p))
				return -1;
			parts[n++] = strtol(p, &end, 10);
			p = end;
			if (*p == ':')
				p++;
			else if (*p)
				return -1;
		}
		if (*p || n < 2)
			return -1;
		return n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] :
		    parts[0] * 60 + parts[1];
	}
	while (*p) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = strtol(p, &end, 10);
		if (v > 100000)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == 'h') {
			total += v * 3600;
			p++;
			if (strncmp(p, "ours", 4) == 0)
				p += 4;
			else if (strncmp(p, "our", 3) == 0)
				p += 3;
			else if (*p == 'r')
				p++;
		} else if (*p == 's') {
			total += v;
			p++;
			if (strncmp(p, "ec", 2) == 0)
				p += 2;
			if (strncmp(p, "onds", 4) == 0)
				p += 4;
			else if (*p == 's')
				p++;
		} else if (*p == 'm') {
			total += v * 60;
			p++;
			if (strncmp(p, "inutes", 6) == 0)
				p += 6;
			else if (strncmp(p, "inute", 5) == 0)
				p += 5;
			else if (strncmp(p, "ins", 3) == 0)
				p += 3;
			else if (strncmp(p, "in", 2) == 0)
				p += 2;
		} else if (*p == '\0') {
			total += v * 60;	/* a bare number: minutes */
		} else {
			return -1;
		}
		any = 1;
		while (*p == ' ')
			p++;
	}
	return any ? total : -1;
}

int
deck_layout_known(const char *name)
{
	size_t i;

	for (i = 0; known_layouts[i]; i++)
		if (strcmp(known_layouts[i], name) == 0)
			return 1;
	return 0;
}

char *
deck_default_path(void)
{
	return path_join(data_dir(), "slides/serverless-first.md");
}
