/*
 * deck-steps.c: the parts of a slide and the steps they show from. Text
 * goes into the part being filled, and a new part starts whenever the
 * visibility, slot or alignment changes; <v-click>, <v-after>,
 * <v-clicks>, elements with a v-click attribute and list items under
 * <v-clicks> or incremental_lists move the step on.
 */
#include "deck/deck-int.h"
#include "core/util.h"
#include "render/html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

struct deck_part *
dk_new_part(struct scan *sc, enum deck_part_kind kind)
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
void
dk_flush(struct scan *sc, int sep)
{
	struct deck_part *p;

	if (dk_blank(buf_str(&sc->md), sc->md.len)) {
		buf_reset(&sc->md);
		return;
	}
	if (sep && !str_ends(buf_str(&sc->md), "\n\n"))
		buf_adds(&sc->md, str_ends(buf_str(&sc->md), "\n") ? "\n" :
		    "\n\n");
	p = dk_new_part(sc, PART_MD);
	p->slot = sc->cur_slot;
	p->from = sc->from;
	p->until = sc->until;
	p->center = sc->cur_center;
	p->md = buf_take(&sc->md);
}

/* Before text goes in: start a new part when the visibility, slot or
 * alignment changed. */
void
dk_ready(struct scan *sc)
{
	int from, until, center = sc->center || sc->line_center;

	vis(sc, &from, &until);
	if (from == sc->from && until == sc->until &&
	    sc->slot == sc->cur_slot && center == sc->cur_center)
		return;
	dk_flush(sc, 0);
	sc->from = from;
	sc->until = until;
	sc->cur_slot = sc->slot;
	sc->cur_center = center;
}

void
dk_put(struct scan *sc, const char *s, size_t n)
{
	if (n == 0)
		return;
	dk_ready(sc);
	buf_add(&sc->md, s, n);
}

/* ---------------------------------------------------------------- */
/* Groups: <v-click>, <v-after>, <v-clicks>, elements with v-click */

static struct group *
push_group(struct scan *sc, int kind)
{
	struct group *g;

	if (sc->ng >= MAX_GROUPS) {
		dk_warn(sc->d, sc->file, sc->lineno, "components nested deeper "
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

void
dk_pop_group(struct scan *sc)
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
int
dk_group_tag(struct scan *sc, const struct htag *t, int alone)
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
			dk_flush(sc, 1);
		if (t->closing) {
			int i;

			for (i = sc->ng - 1; i >= 0; i--)
				if (sc->g[i].kind == (clicks ? G_CLICKS : G_CLICK))
					break;
			if (i < 0) {
				dk_warn(sc->d, sc->file, sc->lineno, "</%.*s> "
				    "closes nothing; remove it", (int)t->nlen,
				    t->name);
				return 1;
			}
			while (sc->ng > i)
				dk_pop_group(sc);
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
			dk_put(sc, "</", 2);
			dk_put(sc, t->name, t->nlen);
			dk_put(sc, ">", 1);
			if (alone)
				dk_flush(sc, 1);
			dk_pop_group(sc);
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
		dk_flush(sc, 1);
	if (!(g = push_group(sc, G_ELEM)))
		return 0;
	g->elem = xstrndup(t->name, t->nlen);
	g->nest = 1;
	click_at(sc, g, t, after, val->val && val->vlen ? val : NULL);
	return 0;	/* the element itself is shown, in the group */
}

/* After the tag text of a self-closing v-click element went out. */
void
dk_group_selfclosed(struct scan *sc, const struct htag *t, int alone)
{
	if (sc->ng > 0 && sc->g[sc->ng - 1].kind == G_ELEM &&
	    same_name(sc->g[sc->ng - 1].elem, t) &&
	    sc->g[sc->ng - 1].nest == 1) {
		if (alone)
			dk_flush(sc, 1);
		dk_pop_group(sc);
	}
}

/* Keep count of components opened and closed, for warnings. */
void
dk_balance(struct scan *sc, const struct htag *t)
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
		dk_warn(sc->d, sc->file, sc->lineno, "</%.*s> closes nothing; "
		    "remove it or open it first", (int)t->nlen, t->name);
		return;
	}
	while (sc->nopen > i) {
		sc->nopen--;
		if (sc->nopen > i)
			dk_warn(sc->d, sc->file, sc->openline[sc->nopen],
			    "<%s> is never closed; add </%s>",
			    sc->open[sc->nopen], sc->open[sc->nopen]);
		free(sc->open[sc->nopen]);
	}
}

/* List item marker at s? Returns the marker's width, 0 when none. */
size_t
dk_list_marker(const char *s, size_t n)
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
void
dk_item_line(struct scan *sc, struct group *g, const char *s, size_t n,
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
	if (dk_list_marker(s + ind, n - ind)) {
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

