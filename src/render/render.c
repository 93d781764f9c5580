/*
 * render.c: Markdown (cmark-gfm) to styled lines for a width.
 *
 * The tree is walked with cmark's iterator, never recursively, so 10,000
 * nested lists cost a heap stack, not the C stack. Block containers (lists,
 * items, quotes, footnotes) form a stack that gives each line its prefix;
 * past half the width a container stops indenting (its marker still shows)
 * so deep nesting neither overflows the width nor costs quadratic time.
 * Leaf blocks gather their inlines into a rich text (sanitised text plus
 * style runs) that is then wrapped by display width.
 */
#include "render/render.h"
#include "render/highlight.h"
#include "render/html.h"
#include "render/theme.h"
#include "render/width.h"
#include "core/note.h"
#include "core/util.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_OPTS (CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | \
	CMARK_OPT_VALIDATE_UTF8)
#define TAB_STOP 4
#define WIKI_MAX 1024		/* longest [[...]] looked for */
#define TABLE_MINCOL 6		/* narrower columns: rows as records */

static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
	"\xe2\x96\xaa" };	/* U+2022, U+25E6, U+25AA */
static const char *const image_exts[] = { ".png", ".jpg", ".jpeg", ".gif",
	".svg", ".webp", ".bmp", ".avif", ".ico" };

#define BOX_H "\xe2\x94\x80"	/* U+2500 */
#define BOX_V "\xe2\x94\x82"
#define BOX_TL "\xe2\x94\x8c"
#define BOX_TR "\xe2\x94\x90"
#define BOX_BL "\xe2\x94\x94"
#define BOX_BR "\xe2\x94\x98"
#define BOX_T "\xe2\x94\xac"
#define BOX_B "\xe2\x94\xb4"
#define BOX_L "\xe2\x94\x9c"
#define BOX_R "\xe2\x94\xa4"
#define BOX_X "\xe2\x94\xbc"
#define DOUBLE_H "\xe2\x95\x90"	/* U+2550 */

/* Rich text: sanitised UTF-8 ('\n' a hard break) and runs covering it. */
struct rrun {
	size_t off, len;
	unsigned style;
	int link;
};

struct rtext {
	struct buf text;
	struct rrun *runs;
	size_t nruns, cap;
};

/* A line being built. */
struct lbuild {
	struct buf text;
	struct rspan *spans;
	size_t nspans, cap;
	int width;
};

enum cont_type { C_LIST, C_ITEM, C_QUOTE, C_FOOT };

struct cont {
	enum cont_type type;
	int visible;
	int cum;		/* indent through this one (when visible) */
	int width;		/* columns it indents */
	int pending;		/* item: its marker is still to be shown */
	int tight;		/* list, item: a tight list */
	int ordered, number, numw, level;
	char delim;
	char marker[48];
	unsigned mstyle;
};

/* An inline style frame: emphasis, link, image. */
struct frame {
	unsigned style;
	int link;
	size_t at;		/* rich text length when it opened */
};

struct table {
	int ncols;
	char *align;		/* 'l', 'c', 'r' or 0, per column */
	struct rtext *cells;	/* row-major, ncols per row */
	size_t nrows, caprows;
	int col;
	struct rtext scratch;	/* cells past ncols */
};

/* Anchor names already given, for GitHub's "-1", "-2" suffixes. */
struct aslot {
	char *name;
	int count;
};

struct ctx {
	const struct render_opts *o;
	int width, cap;
	struct rdoc *d;
	size_t caplines, caplinks, capanchors, capcodes;
	struct cont *stack;
	size_t depth, stcap, nvis;
	size_t *hpend;		/* hidden items with a pending marker */
	size_t nhpend, hpcap;
	int nquote, nlists;
	int sep, last_blank;
	struct rtext rt;	/* the current leaf's inlines */
	struct rtext *cur;	/* where inlines go: rt or a table cell */
	unsigned leaf_base;
	struct frame *frames;
	size_t nframes, frcap;
	int hmark[4];		/* open <b>, <i>, <s>, <code> */
	int hlink;		/* open <a href>, or -1 */
	int in_heading;
	int alert_ok;		/* first paragraph of a quote: [!NOTE]? */
	struct buf heading_text;
	struct buf run;		/* adjacent text nodes joined */
	struct table tab;
	int in_table;
	int nfoot;
	struct aslot *aslots;
	size_t naslots;		/* power of two, or 0 */
	size_t nanames;
};

/* ---- rich text ---- */

static void
rt_reset(struct rtext *rt)
{
	buf_reset(&rt->text);
	rt->nruns = 0;
}

static void
rt_free(struct rtext *rt)
{
	buf_free(&rt->text);
	free(rt->runs);
	rt->runs = NULL;
	rt->nruns = rt->cap = 0;
}

static void
rt_run(struct rtext *rt, size_t off, size_t len, unsigned style, int link)
{
	struct rrun *last = rt->nruns ? &rt->runs[rt->nruns - 1] : NULL;

	if (len == 0)
		return;
	if (last && last->off + last->len == off && last->style == style &&
	    last->link == link) {
		last->len += len;
		return;
	}
	rt->runs = xgrow(rt->runs, &rt->cap, rt->nruns + 1, sizeof *rt->runs);
	rt->runs[rt->nruns++] = (struct rrun){ off, len, style, link };
}

/* Append len bytes sanitised: controls become visible replacements in
 * ST_CONTROL, whitespace a space, invalid bytes U+FFFD. */
static void
rt_add(struct rtext *rt, const char *s, size_t len, unsigned style, int link)
{
	size_t i = 0, n, start = 0, at;
	uint32_t cp;
	struct buf *b = &rt->text;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!cp_is_control(cp) && !(cp == 0xfffd && n == 1) &&
		    cp != 0x2028 && cp != 0x2029) {
			i += n;
			continue;
		}
		if (i > start) {
			at = b->len;
			text_sanitize_buf(b, s + start, i - start);
			rt_run(rt, at, b->len - at, style, link);
		}
		at = b->len;
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 ||
		    cp == 0x2029) {
			buf_addc(b, ' ');
			rt_run(rt, at, 1, style, link);
		} else if (cp_is_control(cp)) {
			buf_adds(b, cp_control_repr(cp));
			rt_run(rt, at, b->len - at, style | ST_CONTROL, link);
		} else {
			utf8_encode(b, 0xfffd);
			rt_run(rt, at, b->len - at, style, link);
		}
		i += n;
		start = i;
	}
	if (i > start) {
		at = b->len;
		text_sanitize_buf(b, s + start, i - start);
		rt_run(rt, at, b->len - at, style, link);
	}
}

static void
rt_adds(struct rtext *rt, const char *s, unsigned style, int link)
{
	rt_add(rt, s, strlen(s), style, link);
}

static void
rt_break(struct rtext *rt)
{
	size_t at = rt->text.len;

	buf_addc(&rt->text, '\n');
	rt_run(rt, at, 1, 0, -1);
}

static int
rt_ends_space(const struct rtext *rt)
{
	return rt->text.len == 0 || rt->text.ptr[rt->text.len - 1] == ' ' ||
	    rt->text.ptr[rt->text.len - 1] == '\n';
}

/* Append src to dst with extra style bits. */
static void
rt_cat(struct rtext *dst, const struct rtext *src, unsigned extra)
{
	size_t base = dst->text.len, i;

	buf_add(&dst->text, src->text.ptr ? src->text.ptr : "", src->text.len);
	for (i = 0; i < src->nruns; i++)
		rt_run(dst, base + src->runs[i].off, src->runs[i].len,
		    src->runs[i].style | extra, src->runs[i].link);
}

/* ---- line building ---- */

static void
lb_add(struct lbuild *lb, const char *s, size_t len, unsigned style, int link)
{
	size_t off = lb->text.len;
	struct rspan *last;

	if (len == 0)
		return;
	buf_add(&lb->text, s, len);
	lb->width += text_width(s, len);
	if (!style && link < 0)
		return;
	last = lb->nspans ? &lb->spans[lb->nspans - 1] : NULL;
	if (last && last->off + last->len == off && last->style == style &&
	    last->link == link) {
		last->len += len;
		return;
	}
	lb->spans = xgrow(lb->spans, &lb->cap, lb->nspans + 1,
	    sizeof *lb->spans);
	lb->spans[lb->nspans++] = (struct rspan){ off, len, style, link };
}

/* Append s cut to keep the line within lim columns. */
static void
lb_addcut(struct lbuild *lb, const char *s, unsigned style, int lim)
{
	size_t n = strlen(s);

	if (lb->width + text_width(s, n) > lim)
		n = text_fit(s, n, lim - lb->width, NULL);
	lb_add(lb, s, n, style, -1);
}

static void
lb_repeat(struct lbuild *lb, const char *s, int count, unsigned style)
{
	while (count-- > 0)
		lb_add(lb, s, strlen(s), style, -1);
}

/* Add bytes [from, to) of rt, with extra style bits. */
static void
lb_rtext(struct lbuild *lb, const struct rtext *rt, size_t from, size_t to,
    unsigned extra)
{
	size_t lo = 0, hi = rt->nruns, mid, s, e;

	while (lo < hi) {	/* first run ending after from */
		mid = (lo + hi) / 2;
		if (rt->runs[mid].off + rt->runs[mid].len <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rt->nruns && rt->runs[lo].off < to; lo++) {
		s = rt->runs[lo].off > from ? rt->runs[lo].off : from;
		e = rt->runs[lo].off + rt->runs[lo].len;
		if (e > to)
			e = to;
		if (e > s)
			lb_add(lb, rt->text.ptr + s, e - s,
			    rt->runs[lo].style | extra, rt->runs[lo].link);
	}
}

/* Drop trailing spaces (and the spans over them). */
static void
lb_trim(struct lbuild *lb)
{
	size_t n = lb->text.len;
	struct rspan *last;

	while (n > 0 && lb->text.ptr[n - 1] == ' ')
		n--;
	lb->width -= (int)(lb->text.len - n);
	buf_truncate(&lb->text, n);
	while (lb->nspans && lb->spans[lb->nspans - 1].off >= n)
		lb->nspans--;
	last = lb->nspans ? &lb->spans[lb->nspans - 1] : NULL;
	if (last && last->off + last->len > n)
		last->len = n - last->off;
}

static void
doc_push_line(struct rdoc *d, size_t *cap, struct lbuild *lb)
{
	struct rline *l;

	d->lines = xgrow(d->lines, cap, d->nlines + 1, sizeof *d->lines);
	l = &d->lines[d->nlines++];
	l->text = buf_take(&lb->text);
	l->width = lb->width;
	l->nspans = lb->nspans;
	l->spans = lb->nspans ? xrealloc(lb->spans,
	    lb->nspans * sizeof *lb->spans) : NULL;
	if (!lb->nspans)
		free(lb->spans);
	lb->spans = NULL;
	lb->nspans = lb->cap = 0;
	lb->width = 0;
}

static void
emit(struct ctx *c, struct lbuild *lb)
{
	size_t i;
	int li;

	for (i = 0; i < lb->nspans; i++) {
		li = lb->spans[i].link;
		if (li >= 0 && (size_t)li < c->d->nlinks &&
		    c->d->links[li].line < 0)
			c->d->links[li].line = (int)c->d->nlines;
	}
	c->last_blank = lb->text.len == 0;
	doc_push_line(c->d, &c->caplines, lb);
}

/* ---- containers and prefixes ---- */

static struct cont *
top(struct ctx *c)
{
	return c->depth ? &c->stack[c->depth - 1] : NULL;
}

static int
vis_indent(const struct ctx *c)
{
	return c->nvis ? c->stack[c->nvis - 1].cum : 0;
}

static struct cont *
push(struct ctx *c, enum cont_type type, int width)
{
	struct cont *ct;
	int parent = vis_indent(c);

	c->stack = xgrow(c->stack, &c->stcap, c->depth + 1, sizeof *c->stack);
	ct = &c->stack[c->depth];
	memset(ct, 0, sizeof *ct);
	ct->type = type;
	ct->width = width;
	if (c->nvis == c->depth && parent + width <= c->cap) {
		ct->visible = 1;
		ct->cum = parent + width;
		c->nvis++;
	}
	c->depth++;
	if (type == C_QUOTE)
		c->nquote++;
	if (type == C_LIST)
		c->nlists++;
	return ct;
}

/* Mark the new top item (or footnote) as waiting to show its marker. */
static void
set_pending(struct ctx *c)
{
	struct cont *ct = top(c);

	ct->pending = 1;
	if (!ct->visible) {
		c->hpend = xgrow(c->hpend, &c->hpcap, c->nhpend + 1,
		    sizeof *c->hpend);
		c->hpend[c->nhpend++] = c->depth - 1;
	}
}

static void
pop(struct ctx *c)
{
	struct cont *ct = top(c);

	if (!ct)
		return;
	if (ct->type == C_QUOTE)
		c->nquote--;
	if (ct->type == C_LIST)
		c->nlists--;
	if (c->nhpend && c->hpend[c->nhpend - 1] == c->depth - 1)
		c->nhpend--;
	c->depth--;
	if (c->nvis > c->depth)
		c->nvis = c->depth;
}

/* The prefix of the next line: quote bars, markers or their indent. A
 * blank line shows no marker. The prefix leaves two columns for text, so
 * that a wide character always fits. */
static void
prefix(struct ctx *c, struct lbuild *lb, int blank)
{
	struct cont *ct;
	size_t k;
	int lim = c->width - 2;

	for (k = 0; k < c->nvis; k++) {
		ct = &c->stack[k];
		switch (ct->type) {
		case C_QUOTE:
			lb_addcut(lb, "\xe2\x94\x82 ", ST_QUOTE, lim);
			break;
		case C_ITEM:
		case C_FOOT:
			if (ct->pending && !blank) {
				lb_addcut(lb, ct->marker, ct->mstyle, lim);
				ct->pending = 0;
			} else
				lb_repeat(lb, " ", ct->width, 0);
			break;
		case C_LIST:
			break;
		}
	}
	if (!blank && c->nhpend) {
		ct = &c->stack[c->hpend[c->nhpend - 1]];
		lb_addcut(lb, ct->marker, ct->mstyle, lim);
		for (k = 0; k < c->nhpend; k++)
			c->stack[c->hpend[k]].pending = 0;
		c->nhpend = 0;
	}
}

/* Columns the prefix of the next line takes. */
static int
indent_width(const struct ctx *c)
{
	int w = vis_indent(c);

	if (c->nhpend)
		w += text_width(c->stack[c->hpend[c->nhpend - 1]].marker,
		    strlen(c->stack[c->hpend[c->nhpend - 1]].marker));
	return w > c->width - 2 ? c->width - 2 : w;
}

static void
blank_line(struct ctx *c)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };

	if (c->d->nlines == 0 || c->last_blank)
		return;
	prefix(c, &lb, 1);
	lb_trim(&lb);
	emit(c, &lb);
}

static int
in_tight_item(const struct ctx *c)
{
	const struct cont *ct = c->depth ? &c->stack[c->depth - 1] : NULL;

	return ct && ((ct->type == C_ITEM && ct->tight) || ct->type == C_FOOT);
}

static void
block_start(struct ctx *c)
{
	if (c->sep)
		blank_line(c);
	c->sep = 0;
}

static void
block_end(struct ctx *c)
{
	c->sep = !in_tight_item(c);
}

/* Wrap rt to the width under the current prefix and emit it. Returns the
 * widest line's text width. */
static int
emit_wrapped(struct ctx *c, const struct rtext *rt, unsigned extra)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t len = rt->text.len, pos = 0, n, next;
	int avail, w, maxw = 0;

	do {
		prefix(c, &lb, 0);
		avail = c->width - lb.width;
		w = lb.width;
		n = text_wrap(s + pos, len - pos, avail, &next);
		lb_rtext(&lb, rt, pos, pos + n, extra);
		if (lb.width - w > maxw)
			maxw = lb.width - w;
		emit(c, &lb);
		pos += next;
	} while (pos < len);
	return maxw;
}

/* ---- links and anchors ---- */

static int
has_scheme(const char *u)
{
	const char *p = u;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return *p == ':' && p - u > 1;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static char *
percent_decode(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;
	int h, l;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			buf_addc(&b, h * 16 + l ? h * 16 + l : ' ');
			i += 2;
		} else
			buf_addc(&b, s[i]);
	}
	return buf_take(&b);
}

/* Record a link; returns its index. */
static int
add_link(struct ctx *c, const char *target, size_t tlen, const char *anchor,
    size_t alen, int wiki)
{
	struct rlink *l;
	struct rdoc *d = c->d;

	d->links = xgrow(d->links, &c->caplinks, d->nlinks + 1,
	    sizeof *d->links);
	l = &d->links[d->nlinks];
	memset(l, 0, sizeof *l);
	l->wiki = wiki;
	l->line = -1;
	l->target = xstrndup(target, tlen);
	l->external = !wiki && has_scheme(l->target);
	if (!l->external && !wiki) {
		char *dec = percent_decode(target, tlen);

		free(l->target);
		l->target = dec;
	}
	l->anchor = anchor ? (wiki ? xstrndup(anchor, alen) :
	    percent_decode(anchor, alen)) : NULL;
	if (l->external || !*l->target || !c->o->resolve)
		l->resolved = 1;
	else
		l->resolved = c->o->resolve(c->o->arg, l->target) ? 1 : 0;
	return (int)d->nlinks++;
}

/* A Markdown link's URL: target and anchor. */
static int
add_url_link(struct ctx *c, const char *url)
{
	const char *hash;

	if (!url)
		url = "";
	if (has_scheme(url))
		return add_link(c, url, strlen(url), NULL, 0, 0);
	hash = strchr(url, '#');
	if (hash)
		return add_link(c, url, (size_t)(hash - url), hash + 1,
		    strlen(hash + 1), 0);
	return add_link(c, url, strlen(url), NULL, 0, 0);
}

static unsigned
link_style(const struct ctx *c, int li)
{
	return ST_LINK | (c->d->links[li].resolved ? 0 : ST_LINK_BROKEN);
}

/* The anchor with GitHub's suffix for repeats: "a", "a-1", "a-2". */
static char *
unique_anchor(struct ctx *c, char *base)
{
	size_t i, mask, h;
	struct aslot *old;
	size_t nold;
	char *name;

	if (c->nanames * 2 >= c->naslots) {
		old = c->aslots;
		nold = c->naslots;
		c->naslots = nold ? nold * 2 : 64;
		c->aslots = xcalloc(c->naslots, sizeof *c->aslots);
		for (i = 0; i < nold; i++) {
			if (!old[i].name)
				continue;
			mask = c->naslots - 1;
			h = hash64(old[i].name, strlen(old[i].name)) & mask;
			while (c->aslots[h].name)
				h = (h + 1) & mask;
			c->aslots[h] = old[i];
		}
		free(old);
	}
	mask = c->naslots - 1;
	h = hash64(base, strlen(base)) & mask;
	while (c->aslots[h].name && strcmp(c->aslots[h].name, base) != 0)
		h = (h + 1) & mask;
	if (!c->aslots[h].name) {
		c->aslots[h].name = base;
		c->nanames++;
		return xstrdup(base);
	}
	name = xasprintf("%s-%d", base, ++c->aslots[h].count);
	free(base);
	return name;
}

static void
add_anchor(struct ctx *c, const char *text, int line)
{
	struct rdoc *d = c->d;

	d->anchors = xgrow(d->anchors, &c->capanchors, d->nanchors + 1,
	    sizeof *d->anchors);
	d->anchors[d->nanchors].anchor = unique_anchor(c,
	    heading_anchor(text));
	d->anchors[d->nanchors].line = line;
	d->nanchors++;
}

/* ---- inline content ---- */

static unsigned
cur_style(const struct ctx *c)
{
	unsigned s = c->nframes ? c->frames[c->nframes - 1].style :
	    c->leaf_base;

	if (c->hmark[0])
		s |= ST_STRONG;
	if (c->hmark[1])
		s |= ST_EMPH;
	if (c->hmark[2])
		s |= ST_STRIKE;
	if (c->hmark[3])
		s |= ST_CODE;
	if (c->hlink >= 0)
		s |= link_style(c, c->hlink);
	return s;
}

static int
cur_link(const struct ctx *c)
{
	if (c->hlink >= 0)
		return c->hlink;
	return c->nframes ? c->frames[c->nframes - 1].link : -1;
}

static void
push_frame(struct ctx *c, unsigned add, int link)
{
	struct frame f;

	f.style = cur_style(c) | add;
	f.link = link >= 0 ? link : cur_link(c);
	f.at = c->cur->text.len;
	c->frames = xgrow(c->frames, &c->frcap, c->nframes + 1,
	    sizeof *c->frames);
	c->frames[c->nframes++] = f;
}

/* Add inline text; outside code, a space that meets a space (where a
 * comment or a tag was dropped) is left out, as HTML would. */
static void
add_text(struct ctx *c, const char *s, size_t len, unsigned extra)
{
	unsigned st = cur_style(c) | extra;

	if (len && s[0] == ' ' && !(st & ST_CODE) && c->cur->text.len &&
	    c->cur->text.ptr[c->cur->text.len - 1] == ' ') {
		s++;
		len--;
	}
	rt_add(c->cur, s, len, st, cur_link(c));
	if (c->in_heading)
		buf_add(&c->heading_text, s, len);
}

static int
is_image_name(const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < sizeof image_exts / sizeof image_exts[0]; i++) {
		n = strlen(image_exts[i]);
		if (len >= n && strncasecmp(s + len - n, image_exts[i], n) == 0)
			return 1;
	}
	return 0;
}

static void
trim_span(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* [[target#anchor|label]] or, with embed, ![[...]]. */
static void
wikilink(struct ctx *c, const char *s, size_t len, int embed)
{
	const char *pipe = memchr(s, '|', len), *hash, *label = NULL;
	size_t tlen = pipe ? (size_t)(pipe - s) : len, alen = 0, llen = 0;
	const char *anchor = NULL;
	struct buf show = BUF_INIT;
	int li;

	if (pipe) {
		label = pipe + 1;
		llen = len - tlen - 1;
		trim_span(&label, &llen);
	}
	hash = memchr(s, '#', tlen);
	if (hash) {
		anchor = hash + 1;
		alen = tlen - (size_t)(anchor - s);
		tlen = (size_t)(hash - s);
		trim_span(&anchor, &alen);
	}
	trim_span(&s, &tlen);
	if (embed && is_image_name(s, tlen)) {
		buf_adds(&show, "[image: ");
		if (llen)
			buf_add(&show, label, llen);
		else
			buf_add(&show, s, tlen);
		buf_addc(&show, ']');
		add_text(c, show.ptr, show.len, ST_IMAGE);
		buf_free(&show);
		return;
	}
	li = add_link(c, s, tlen, anchor, alen, 1);
	if (embed)
		buf_adds(&show, "[embed: ");
	if (llen)
		buf_add(&show, label, llen);
	else {
		buf_add(&show, s, tlen);
		if (alen && tlen)
			buf_adds(&show, " > ");
		if (alen)
			buf_add(&show, anchor, alen);
	}
	if (embed)
		buf_addc(&show, ']');
	rt_add(c->cur, show.ptr, show.len, cur_style(c) | link_style(c, li),
	    li);
	if (c->in_heading)
		buf_add(&c->heading_text, show.ptr, show.len);
	buf_free(&show);
}

/* An HTML or JSX tag inside a paragraph. */
static void
inline_tag(struct ctx *c, const struct htag *t)
{
	static const char *const marks[4][3] = {
		{ "b", "strong", NULL }, { "i", "em", NULL },
		{ "s", "del", "strike" }, { "code", "kbd", "tt" },
	};
	struct buf head = BUF_INIT, sub = BUF_INIT, rest = BUF_INIT;
	size_t i;
	int k, j;

	if (t->comment || t->nlen == 0)
		return;
	for (k = 0; k < 4; k++)
		for (j = 0; j < 3 && marks[k][j]; j++)
			if (html_tag_is(t, marks[k][j])) {
				if (t->closing && c->hmark[k] > 0)
					c->hmark[k]--;
				else if (!t->closing && !t->selfclose)
					c->hmark[k]++;
				return;
			}
	if (html_tag_is(t, "br")) {
		rt_break(c->cur);
	} else if (html_tag_is(t, "img") && !t->closing) {
		buf_adds(&head, "[image: ");
		if (!html_tag_attr(t, "alt", &head) || head.len == 8)
			buf_adds(&head, "image");
		buf_addc(&head, ']');
		add_text(c, head.ptr, head.len, ST_IMAGE);
	} else if (html_tag_is(t, "a")) {
		if (t->closing)
			c->hlink = -1;
		else if (c->hlink < 0 && html_tag_attr(t, "href", &head))
			c->hlink = add_url_link(c, head.ptr);
	} else if (html_tag_component(t) && !t->closing) {
		/* as render_html_to_md() shows it inline: **head** *sub* rest */
		html_tag_human(t, &head, &sub, &rest);
		for (i = 0; i < rest.len; i++)
			if (rest.ptr[i] == '\n')
				rest.ptr[i] = ' ';
		if ((head.len || sub.len || rest.len) &&
		    !rt_ends_space(c->cur))
			add_text(c, " ", 1, 0);
		if (head.len)
			add_text(c, head.ptr, head.len, ST_STRONG);
		if (head.len && sub.len)
			add_text(c, " ", 1, 0);
		if (sub.len)
			add_text(c, sub.ptr, sub.len, ST_EMPH);
		if ((head.len || sub.len) && rest.len)
			add_text(c, " ", 1, 0);
		if (rest.len)
			add_text(c, rest.ptr, rest.len, 0);
	}
	buf_free(&head);
	buf_free(&sub);
	buf_free(&rest);
}

static int
tag_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '-' || ch == '/' || ch >= 0x80;
}

/* Length of an inline #tag name at s (after the '#'), or 0. */
static size_t
tag_len(const char *s, size_t len)
{
	size_t n = 0;
	int letter = 0;

	while (n < len && tag_char((unsigned char)s[n])) {
		if (!isdigit((unsigned char)s[n]))
			letter = 1;
		n++;
	}
	while (n > 0 && (s[n - 1] == '-' || s[n - 1] == '/'))
		n--;
	return letter && n > 0 && !isdigit((unsigned char)s[0]) ? n : 0;
}

static size_t
find_close(const char *s, size_t len, size_t from, const char *what)
{
	size_t n = strlen(what), lim = from + WIKI_MAX;

	for (; from + n <= len && from < lim; from++) {
		if (memcmp(s + from, what, n) == 0)
			return from;
		if (s[from] == '\n' || (s[from] == '[' && from + 1 < len &&
		    s[from + 1] == '['))
			return len;
	}
	return len;
}

/* A run of adjacent text: wikilinks, #tags, MDX comments and the JSX tags
 * cmark does not take for HTML (those with {expressions}, fragments)
 * handled, the rest plain. An escaped \\<Card\\> stays text. */
/* GitHub's alerts: "> [!NOTE]" starts a quote with a label line. */
static size_t
alert(struct ctx *c, const char *s, size_t len)
{
	static const char *const kinds[][2] = {
		{ "[!NOTE]", "Note" }, { "[!TIP]", "Tip" },
		{ "[!IMPORTANT]", "Important" }, { "[!WARNING]", "Warning" },
		{ "[!CAUTION]", "Caution" },
	};
	size_t k, n;

	c->alert_ok = 0;
	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		n = strlen(kinds[k][0]);
		if (len >= n && strncasecmp(s, kinds[k][0], n) == 0 &&
		    (len == n || s[n] == ' ')) {
			add_text(c, kinds[k][1], strlen(kinds[k][1]),
			    ST_STRONG);
			while (n < len && s[n] == ' ')
				n++;
			if (n < len)
				rt_break(c->cur);
			return n;
		}
	}
	return 0;
}

static void
text_run(struct ctx *c, const char *s, size_t len)
{
	size_t i = 0, start = 0, e, n;
	struct htag t;
	int embed, word;

	if (c->alert_ok && c->cur->text.len == 0)
		i = start = alert(c, s, len);
	c->alert_ok = 0;

	while (i < len) {
		if ((s[i] == '[' && i + 1 < len && s[i + 1] == '[') ||
		    (s[i] == '!' && i + 2 < len && s[i + 1] == '[' &&
		    s[i + 2] == '[')) {
			embed = s[i] == '!';
			n = i + (embed ? 3 : 2);
			e = find_close(s, len, n, "]]");
			if (e < len && e > n) {
				add_text(c, s + start, i - start, 0);
				wikilink(c, s + n, e - n, embed);
				i = start = e + 2;
				continue;
			}
		}
		if (s[i] == '#' && !c->in_heading) {
			word = i > 0 ? (s[i - 1] == ' ' || s[i - 1] == '(') :
			    rt_ends_space(c->cur) ||
			    c->cur->text.ptr[c->cur->text.len - 1] == '(';
			n = word ? tag_len(s + i + 1, len - i - 1) : 0;
			if (n) {
				add_text(c, s + start, i - start, 0);
				add_text(c, s + i, n + 1, ST_TAG);
				i = start = i + n + 1;
				continue;
			}
		}
		if (s[i] == '<' && i + 1 < len &&
		    (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
		    s[i + 1] == '>')) {
			n = html_tag_parse(s + i, len - i, &t);
			if (n && (t.has_expr || t.nlen == 0)) {
				add_text(c, s + start, i - start, 0);
				inline_tag(c, &t);
				i = start = i + n;
				continue;
			}
		}
		if (s[i] == '{' && i + 2 < len && s[i + 1] == '/' &&
		    s[i + 2] == '*') {
			for (e = i + 3; e + 3 <= len; e++)
				if (memcmp(s + e, "*/}", 3) == 0)
					break;
			if (e + 3 <= len) {
				add_text(c, s + start, i - start, 0);
				i = start = e + 3;
				continue;
			}
		}
		i++;
	}
	add_text(c, s + start, len - start, 0);
}

/* ---- blocks ---- */

static int
count_items(cmark_node *list)
{
	cmark_node *n;
	int k = 0;

	for (n = cmark_node_first_child(list); n; n = cmark_node_next(n))
		k++;
	return k;
}

static int
digits(long v)
{
	int d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

static void
enter_list(struct ctx *c, cmark_node *n)
{
	struct cont *ct;
	int level = c->nlists;

	ct = push(c, C_LIST, 0);
	ct->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	ct->number = cmark_node_get_list_start(n);
	ct->delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' :
	    '.';
	ct->tight = cmark_node_get_list_tight(n);
	ct->level = level;
	if (ct->ordered)
		ct->numw = digits((long)ct->number + count_items(n) - 1);
}

static void
enter_item(struct ctx *c, cmark_node *n)
{
	struct cont *list = top(c), *ct;
	char marker[48];
	int w, tight, task = strcmp(cmark_node_get_type_string(n),
	    "tasklist") == 0;

	if (list && list->type != C_LIST)
		list = NULL;
	tight = list ? list->tight : 1;
	if (tight && cmark_node_previous(n))
		c->sep = 0;
	if (task) {
		snprintf(marker, sizeof marker, "%s ",
		    cmark_gfm_extensions_get_tasklist_item_checked(n) ?
		    "[x]" : "[ ]");
	} else if (list && list->ordered) {
		snprintf(marker, sizeof marker, "%*d%c ", list->numw,
		    list->number, list->delim);
		if (list->number < 999999999)
			list->number++;
	} else {
		snprintf(marker, sizeof marker, "%s ",
		    bullets[(list ? list->level : 0) % 3]);
	}
	w = text_width(marker, strlen(marker));
	ct = push(c, C_ITEM, w);	/* list is stale from here */
	memcpy(ct->marker, marker, sizeof marker);
	ct->mstyle = ST_MARKER;
	ct->tight = tight;
	set_pending(c);
}

/* Leaving an item or footnote that showed nothing: its marker alone. */
static void
leave_item(struct ctx *c)
{
	struct cont *ct = top(c);
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };

	if (ct && ct->pending) {
		block_start(c);
		prefix(c, &lb, 0);
		lb_trim(&lb);
		emit(c, &lb);
	}
	pop(c);
	block_end(c);
}

static void
leaf_begin(struct ctx *c, unsigned base)
{
	rt_reset(&c->rt);
	c->cur = &c->rt;
	c->leaf_base = base | (c->nquote ? ST_QUOTE : 0);
	c->nframes = 0;
	memset(c->hmark, 0, sizeof c->hmark);
	c->hlink = -1;
}

static void
leave_paragraph(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->rt.text.len; i++)
		if (c->rt.text.ptr[i] != ' ' && c->rt.text.ptr[i] != '\n')
			break;
	if (i == c->rt.text.len)
		return;
	block_start(c);
	emit_wrapped(c, &c->rt, 0);
	block_end(c);
}

static void
enter_heading(struct ctx *c, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n), k;

	leaf_begin(c, level == 1 ? ST_H1 : level == 2 ? ST_H2 : ST_H3);
	c->in_heading = level;
	buf_reset(&c->heading_text);
	if (level >= 3) {
		for (k = 0; k < level; k++)
			rt_adds(c->cur, "#", c->leaf_base, -1);
		rt_adds(c->cur, " ", c->leaf_base, -1);
	}
}

static void
leave_heading(struct ctx *c)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	int level = c->in_heading, w, first = (int)c->d->nlines;

	c->in_heading = 0;
	if (c->heading_text.len == 0 && level >= 3)
		return;
	if (c->rt.text.len == 0)
		return;
	block_start(c);
	first = (int)c->d->nlines;
	w = emit_wrapped(c, &c->rt, 0);
	if (level <= 2) {
		prefix(c, &lb, 0);
		if (w > c->width - lb.width)
			w = c->width - lb.width;
		lb_repeat(&lb, level == 1 ? DOUBLE_H : BOX_H, w,
		    c->leaf_base);
		emit(c, &lb);
	}
	add_anchor(c, buf_str(&c->heading_text), first);
	block_end(c);
}

static void
rule_line(struct ctx *c, int cols)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	int avail;

	prefix(c, &lb, 0);
	avail = c->width - lb.width;
	lb_repeat(&lb, BOX_H, cols > 0 && cols < avail ? cols : avail,
	    ST_RULE | (c->nquote ? ST_QUOTE : 0));
	emit(c, &lb);
}

/* Expand tabs to TAB_STOP columns. */
static void
expand_tabs(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0, n;
	uint32_t cp;
	int col = 0;

	while (i < len) {
		if (s[i] == '\t') {
			buf_add(out, s + start, i - start);
			do {
				buf_addc(out, ' ');
				col++;
			} while (col % TAB_STOP);
			start = ++i;
			continue;
		}
		if (s[i] == '\n') {
			col = 0;
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		col += cp_width(cp);
		i += n;
	}
	buf_add(out, s + start, len - start);
}

static unsigned
hl_style(unsigned char cls)
{
	switch (cls) {
	case HL_KEYWORD:
		return ST_KEYWORD;
	case HL_STRING:
		return ST_STRING;
	case HL_COMMENT:
		return ST_COMMENT;
	case HL_NUMBER:
		return ST_NUMBER;
	}
	return 0;
}

static void
code_block(struct ctx *c, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n), *lit;
	struct buf code = BUF_INIT, lang = BUF_INIT;
	struct rtext rt = { BUF_INIT, NULL, 0, 0 };
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	unsigned char *cls;
	unsigned base = ST_CODEBLOCK | (c->nquote ? ST_QUOTE : 0);
	struct rcode *rc;
	size_t len, i, j, k, pos, next, srccap = 0;
	int avail, inner, pad, blockw = 0, w, srcline = 0;

	lit = cmark_node_get_literal(n);
	if (!lit)
		lit = "";
	len = strlen(lit);
	if (len && lit[len - 1] == '\n')
		len--;
	expand_tabs(&code, lit, len);
	for (i = 0; info && info[i] && !isspace((unsigned char)info[i]) &&
	    info[i] != '{' && info[i] != ','; i++)
		buf_addc(&lang, info[i]);
	cls = highlight(buf_str(&lang), buf_str(&code), code.len);
	block_start(c);
	c->d->codes = xgrow(c->d->codes, &c->capcodes, c->d->ncodes + 1,
	    sizeof *c->d->codes);
	rc = &c->d->codes[c->d->ncodes++];
	memset(rc, 0, sizeof *rc);
	rc->lang = buf_take(&lang);
	rc->info = xstrdup(info ? info : "");
	rc->first = c->d->nlines;
	avail = c->width - indent_width(c);
	pad = avail >= 4 ? 1 : 0;
	inner = avail - 2 * pad;
	for (i = 0; i <= code.len; i = j + 1) {
		for (j = i; j < code.len && code.ptr[j] != '\n'; j++)
			;
		w = text_width(buf_str(&code) + i, j - i);
		if (w > blockw)
			blockw = w;
	}
	if (blockw > inner)
		blockw = inner;
	for (i = 0; i <= code.len; i = j + 1) {
		for (j = i; j < code.len && code.ptr[j] != '\n'; j++)
			;
		srcline++;
		rt_reset(&rt);
		for (k = i; k < j; k = pos) {
			for (pos = k + 1; pos < j && cls[pos] == cls[k]; pos++)
				;
			rt_add(&rt, buf_str(&code) + k, pos - k,
			    base | hl_style(cls[k]), -1);
		}
		pos = 0;
		do {
			int used;

			prefix(c, &lb, 0);
			lb_repeat(&lb, " ", pad, base);
			next = text_fit(rt.text.ptr ? rt.text.ptr + pos : "",
			    rt.text.len - pos, inner, &used);
			lb_rtext(&lb, &rt, pos, pos + next, 0);
			lb_repeat(&lb, " ", blockw - used + pad, base);
			emit(c, &lb);
			rc = &c->d->codes[c->d->ncodes - 1];
			rc->src = xgrow(rc->src, &srccap, rc->nrows + 1,
			    sizeof *rc->src);
			rc->src[rc->nrows++] = srcline;
			pos += next;
		} while (pos < rt.text.len && !c->o->no_wrap_code);
	}
	free(cls);
	rt_free(&rt);
	buf_free(&code);
	buf_free(&lang);
	block_end(c);
}

/* ---- tables ---- */

static void
table_begin(struct ctx *c, cmark_node *n)
{
	struct table *t = &c->tab;
	uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
	int k;

	memset(t, 0, sizeof *t);
	t->ncols = cmark_gfm_extensions_get_table_columns(n);
	if (t->ncols < 1)
		t->ncols = 1;
	t->align = xcalloc((size_t)t->ncols, 1);
	for (k = 0; al && k < t->ncols; k++)
		t->align[k] = (char)al[k];
	c->in_table = 1;
}

static void
table_row(struct ctx *c)
{
	struct table *t = &c->tab;
	size_t k, ncols = (size_t)t->ncols;

	t->cells = xgrow(t->cells, &t->caprows, t->nrows + 1,
	    ncols * sizeof *t->cells);
	for (k = 0; k < ncols; k++)
		memset(&t->cells[t->nrows * ncols + k], 0, sizeof *t->cells);
	t->nrows++;
	t->col = 0;
}

static void
table_cell(struct ctx *c, int header)
{
	struct table *t = &c->tab;

	leaf_begin(c, header ? ST_TH : 0);
	if (t->nrows == 0)
		table_row(c);
	if (t->col < t->ncols)
		c->cur = &t->cells[(t->nrows - 1) * (size_t)t->ncols +
		    (size_t)t->col];
	else {
		rt_reset(&t->scratch);
		c->cur = &t->scratch;
	}
	t->col++;
}

/* Widest unbreakable word of a cell, and its widest hard line. */
static void
cell_widths(const struct rtext *rt, int *minw, int *natw)
{
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t i = 0, j, len = rt->text.len;
	int w;

	*minw = *natw = 0;
	while (i < len) {
		for (j = i; j < len && s[j] != '\n'; j++)
			;
		w = text_width(s + i, j - i);
		if (w > *natw)
			*natw = w;
		i = j + 1;
	}
	for (i = 0; i < len; i = j) {
		while (i < len && (s[i] == ' ' || s[i] == '\n'))
			i++;
		for (j = i; j < len && s[j] != ' ' && s[j] != '\n'; j++)
			;
		w = text_width(s + i, j - i);
		if (w > *minw)
			*minw = w;
	}
	if (*minw > *natw)
		*minw = *natw;
}

/* Column widths that fit avail: natural widths when they fit, else each
 * column gets its longest word if it can, then the rest is shared out to
 * the columns furthest from their natural width. */
static void
fit_columns(int ncols, const int *minw, const int *natw, int avail, int *w)
{
	int k, left = avail, best, more, goal;

	/* Two columns hold any character. */
	for (k = 0; k < ncols; k++) {
		w[k] = natw[k] < 2 ? 1 : 2;
		left -= w[k];
	}
	for (k = 0, more = 0; k < ncols; k++)
		more += natw[k] - w[k] > 0 ? natw[k] - w[k] : 0;
	if (more <= left) {
		for (k = 0; k < ncols; k++)
			w[k] = natw[k] > w[k] ? natw[k] : w[k];
		return;
	}
	do {	/* round robin towards the longest word */
		more = 0;
		for (k = 0; k < ncols && left > 0; k++) {
			goal = minw[k] < natw[k] ? minw[k] : natw[k];
			if (w[k] < goal) {
				w[k]++;
				left--;
				more = 1;
			}
		}
	} while (more && left > 0);
	while (left > 0) {	/* then to the largest shortfall */
		best = -1;
		for (k = 0; k < ncols; k++)
			if (w[k] < natw[k] && (best < 0 ||
			    natw[k] - w[k] > natw[best] - w[best]))
				best = k;
		if (best < 0)
			break;
		w[best]++;
		left--;
	}
}

/* A border line: left, fill, joint, right. */
static void
table_border(struct ctx *c, const int *w, int ncols, const char *l,
    const char *j, const char *r)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	unsigned st = ST_TABLE | (c->nquote ? ST_QUOTE : 0);
	int k;

	prefix(c, &lb, 0);
	lb_add(&lb, l, strlen(l), st, -1);
	for (k = 0; k < ncols; k++) {
		lb_repeat(&lb, BOX_H, w[k] + 2, st);
		lb_add(&lb, k + 1 < ncols ? j : r, strlen(r), st, -1);
	}
	emit(c, &lb);
}

struct cline {
	size_t from, to;
	int width;
};

/* Wrap a cell into at most cap lines of width w. Returns the count. */
static size_t
cell_lines(const struct rtext *rt, int w, struct cline **out, size_t *cap)
{
	const char *s = rt->text.ptr ? rt->text.ptr : "";
	size_t pos = 0, n, next, count = 0;

	while (pos < rt->text.len) {
		n = text_wrap(s + pos, rt->text.len - pos, w, &next);
		*out = xgrow(*out, cap, count + 1, sizeof **out);
		(*out)[count].from = pos;
		(*out)[count].to = pos + n;
		(*out)[count].width = text_width(s + pos, n);
		count++;
		pos += next;
	}
	return count;
}

static void
table_rows(struct ctx *c, const int *w, size_t r0, size_t r1)
{
	struct table *t = &c->tab;
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	struct cline **lines;
	size_t *nl, *caps, r, h, k, ncols = (size_t)t->ncols;
	unsigned st = ST_TABLE | (c->nquote ? ST_QUOTE : 0);
	int left, right;

	lines = xcalloc(ncols, sizeof *lines);
	nl = xcalloc(ncols, sizeof *nl);
	caps = xcalloc(ncols, sizeof *caps);
	for (r = r0; r < r1; r++) {
		size_t height = 1;

		for (k = 0; k < ncols; k++) {
			nl[k] = cell_lines(&t->cells[r * ncols + k], w[k],
			    &lines[k], &caps[k]);
			if (nl[k] > height)
				height = nl[k];
		}
		for (h = 0; h < height; h++) {
			prefix(c, &lb, 0);
			lb_add(&lb, BOX_V, strlen(BOX_V), st, -1);
			for (k = 0; k < ncols; k++) {
				const struct cline *cl = h < nl[k] ?
				    &lines[k][h] : NULL;
				int cw = cl ? cl->width : 0;

				left = t->align[k] == 'r' ? w[k] - cw :
				    t->align[k] == 'c' ? (w[k] - cw) / 2 : 0;
				right = w[k] - cw - left;
				lb_repeat(&lb, " ", 1 + left, 0);
				if (cl)
					lb_rtext(&lb, &t->cells[r * ncols + k],
					    cl->from, cl->to, 0);
				lb_repeat(&lb, " ", right + 1, 0);
				lb_add(&lb, BOX_V, strlen(BOX_V), st, -1);
			}
			emit(c, &lb);
		}
	}
	for (k = 0; k < ncols; k++)
		free(lines[k]);
	free(lines);
	free(nl);
	free(caps);
}

/* Too many columns for the width (one would be narrower than
 * TABLE_MINCOL): each row as "header: value" lines. */
static void
table_records(struct ctx *c)
{
	struct table *t = &c->tab;
	struct rtext rt = { BUF_INIT, NULL, 0, 0 };
	size_t r, k, ncols = (size_t)t->ncols;

	for (r = 1; r < t->nrows; r++) {
		if (r > 1)
			blank_line(c);
		for (k = 0; k < ncols; k++) {
			rt_reset(&rt);
			rt_cat(&rt, &t->cells[k], ST_TH);
			rt_adds(&rt, ": ", ST_TH, -1);
			rt_cat(&rt, &t->cells[r * ncols + k], 0);
			emit_wrapped(c, &rt, 0);
		}
	}
	if (t->nrows == 1)
		for (k = 0; k < ncols; k++)
			emit_wrapped(c, &t->cells[k], 0);
	rt_free(&rt);
}

static void
table_end(struct ctx *c)
{
	struct table *t = &c->tab;
	size_t k, r, ncols = (size_t)t->ncols;
	int *minw, *natw, *w, m, nw, avail, need, tall = 0;

	c->in_table = 0;
	c->cur = &c->rt;
	minw = xcalloc(ncols, sizeof *minw);
	natw = xcalloc(ncols, sizeof *natw);
	w = xcalloc(ncols, sizeof *w);
	for (r = 0; r < t->nrows; r++)
		for (k = 0; k < ncols; k++) {
			cell_widths(&t->cells[r * ncols + k], &m, &nw);
			if (m > minw[k])
				minw[k] = m;
			if (nw > natw[k])
				natw[k] = nw;
		}
	block_start(c);
	avail = c->width - indent_width(c) - 3 * t->ncols - 1;
	for (k = 0, need = 0; k < ncols; k++)
		need += natw[k] < TABLE_MINCOL ? (natw[k] > 1 ? natw[k] : 1) :
		    TABLE_MINCOL;
	if (t->nrows == 0) {
		/* nothing */
	} else if (avail < need) {
		table_records(c);
	} else {
		fit_columns(t->ncols, minw, natw, avail, w);
		for (k = 0; k < ncols; k++)
			if (natw[k] > w[k])
				tall = 1;
		table_border(c, w, t->ncols, BOX_TL, BOX_T, BOX_TR);
		table_rows(c, w, 0, 1);
		if (t->nrows > 1)
			table_border(c, w, t->ncols, BOX_L, BOX_X, BOX_R);
		for (r = 1; r < t->nrows; r++) {
			if (r > 1 && tall)
				table_border(c, w, t->ncols, BOX_L, BOX_X,
				    BOX_R);
			table_rows(c, w, r, r + 1);
		}
		table_border(c, w, t->ncols, BOX_BL, BOX_B, BOX_BR);
	}
	block_end(c);
	for (r = 0; r < t->nrows * ncols; r++)
		rt_free(&t->cells[r]);
	rt_free(&t->scratch);
	free(t->cells);
	free(t->align);
	free(minw);
	free(natw);
	free(w);
	memset(t, 0, sizeof *t);
}

/* ---- the walk ---- */

static void walk(struct ctx *c, cmark_node *root, int depth);
static cmark_node *parse(const char *md, size_t len);

static void
html_block(struct ctx *c, cmark_node *n, int depth)
{
	const char *lit = cmark_node_get_literal(n);
	struct htag t;
	cmark_node *doc;
	char *md;
	size_t i, len, k;

	if (!lit)
		return;
	len = strlen(lit);
	if (depth == 0) {
		md = render_html_to_md(lit, len);
		doc = parse(md, strlen(md));
		walk(c, doc, depth + 1);
		cmark_node_free(doc);
		free(md);
		return;
	}
	/* What is left at depth 1 is text that looked like HTML. */
	leaf_begin(c, 0);
	for (i = 0; i < len; i++) {
		if (lit[i] == '<' && (k = html_tag_parse(lit + i, len - i,
		    &t)) > 0) {
			i += k - 1;
			continue;
		}
		rt_add(c->cur, lit + i, 1, c->leaf_base, -1);
	}
	leave_paragraph(c);
}

static void
enter_text(struct ctx *c, cmark_iter *it, cmark_node *n)
{
	cmark_node *last = n, *x;
	const char *lit;

	buf_reset(&c->run);
	for (x = n; x; x = cmark_node_next(x)) {
		if (cmark_node_get_type(x) == CMARK_NODE_TEXT) {
			lit = cmark_node_get_literal(x);
			buf_adds(&c->run, lit ? lit : "");
		} else if (cmark_node_get_type(x) == CMARK_NODE_SOFTBREAK)
			buf_addc(&c->run, ' ');
		else
			break;
		last = x;
	}
	text_run(c, buf_str(&c->run), c->run.len);
	if (last != n)
		cmark_iter_reset(it, last, CMARK_EVENT_ENTER);
}

static void
enter_link(struct ctx *c, cmark_node *n)
{
	int li = add_url_link(c, cmark_node_get_url(n));

	push_frame(c, link_style(c, li), li);
}

static void
leave_link(struct ctx *c, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (c->nframes && c->cur->text.len == c->frames[c->nframes - 1].at &&
	    url)
		add_text(c, url, strlen(url), 0);
	if (c->nframes)
		c->nframes--;
}

static void
enter_image(struct ctx *c)
{
	push_frame(c, ST_IMAGE, -1);
	add_text(c, "[image: ", 8, 0);
	c->frames[c->nframes - 1].at = c->cur->text.len;
}

static void
leave_image(struct ctx *c, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (c->nframes && c->cur->text.len == c->frames[c->nframes - 1].at) {
		if (url && *url)
			add_text(c, path_base(url), strlen(path_base(url)), 0);
		else
			add_text(c, "image", 5, 0);
	}
	add_text(c, "]", 1, 0);
	if (c->nframes)
		c->nframes--;
}

static void
enter_footnote(struct ctx *c)
{
	struct cont *ct;
	char marker[48];

	if (c->nfoot == 0) {
		block_start(c);
		rule_line(c, 8);
	}
	c->sep = 0;	/* the notes follow each other */
	c->nfoot++;
	snprintf(marker, sizeof marker, "[%d] ", c->nfoot);
	ct = push(c, C_FOOT, text_width(marker, strlen(marker)));
	memcpy(ct->marker, marker, sizeof marker);
	ct->mstyle = ST_FOOTNOTE;
	set_pending(c);
}

static void
enter(struct ctx *c, cmark_iter *it, cmark_node *n, int depth)
{
	const char *lit, *type;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		block_start(c);	/* the blank line before has no bar */
		push(c, C_QUOTE, 2);
		break;
	case CMARK_NODE_LIST:
		enter_list(c, n);
		break;
	case CMARK_NODE_ITEM:
		enter_item(c, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		code_block(c, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
		html_block(c, n, depth);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!c->in_table)
			leaf_begin(c, 0);
		c->alert_ok = !cmark_node_previous(n) && cmark_node_parent(n) &&
		    cmark_node_get_type(cmark_node_parent(n)) ==
		    CMARK_NODE_BLOCK_QUOTE;
		break;
	case CMARK_NODE_HEADING:
		enter_heading(c, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		block_start(c);
		rule_line(c, 0);
		block_end(c);
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		enter_footnote(c);
		break;
	case CMARK_NODE_TEXT:
		enter_text(c, it, n);
		break;
	case CMARK_NODE_SOFTBREAK:
		add_text(c, " ", 1, 0);
		break;
	case CMARK_NODE_LINEBREAK:
		rt_break(c->cur);
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		if (lit)
			add_text(c, lit, strlen(lit), ST_CODE);
		break;
	case CMARK_NODE_HTML_INLINE: {
		struct htag t;

		lit = cmark_node_get_literal(n);
		if (lit && html_tag_parse(lit, strlen(lit), &t))
			inline_tag(c, &t);
		break;
	}
	case CMARK_NODE_EMPH:
		push_frame(c, ST_EMPH, -1);
		break;
	case CMARK_NODE_STRONG:
		push_frame(c, ST_STRONG, -1);
		break;
	case CMARK_NODE_LINK:
		enter_link(c, n);
		break;
	case CMARK_NODE_IMAGE:
		enter_image(c);
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE: {
		char ref[32];

		lit = cmark_node_get_literal(n);
		snprintf(ref, sizeof ref, "[%.20s]", lit ? lit : "?");
		add_text(c, ref, strlen(ref), ST_FOOTNOTE);
		break;
	}
	default:
		type = cmark_node_get_type_string(n);
		if (strcmp(type, "strikethrough") == 0)
			push_frame(c, ST_STRIKE, -1);
		else if (strcmp(type, "table") == 0)
			table_begin(c, n);
		else if (strcmp(type, "table_header") == 0 ||
		    strcmp(type, "table_row") == 0)
			table_row(c);
		else if (strcmp(type, "table_cell") == 0)
			table_cell(c, strcmp(cmark_node_get_type_string(
			    cmark_node_parent(n)), "table_header") == 0);
		break;
	}
}

static void
leave(struct ctx *c, cmark_node *n)
{
	const char *type;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		pop(c);
		block_end(c);
		break;
	case CMARK_NODE_LIST:
		pop(c);
		block_end(c);
		break;
	case CMARK_NODE_ITEM:
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		leave_item(c);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!c->in_table)
			leave_paragraph(c);
		break;
	case CMARK_NODE_HEADING:
		leave_heading(c);
		break;
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
		if (c->nframes)
			c->nframes--;
		break;
	case CMARK_NODE_LINK:
		leave_link(c, n);
		break;
	case CMARK_NODE_IMAGE:
		leave_image(c, n);
		break;
	default:
		type = cmark_node_get_type_string(n);
		if (strcmp(type, "strikethrough") == 0) {
			if (c->nframes)
				c->nframes--;
		} else if (strcmp(type, "table") == 0)
			table_end(c);
		else if (strcmp(type, "table_cell") == 0)
			c->cur = &c->rt;
		break;
	}
}

static void
walk(struct ctx *c, cmark_node *root, int depth)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER)
			enter(c, it, n, depth);
		else if (ev == CMARK_EVENT_EXIT)
			leave(c, n);
	}
	cmark_iter_free(it);
}

static cmark_node *
parse(const char *md, size_t len)
{
	static const char *const exts[] = { "table", "strikethrough",
		"autolink", "tasklist" };
	cmark_parser *p;
	cmark_syntax_extension *e;
	cmark_node *doc;
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(PARSE_OPTS);
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if ((e = cmark_find_syntax_extension(exts[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	cmark_parser_feed(p, md, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!doc)
		die("cmark-gfm could not parse a document");
	return doc;
}

/* MDX: is this line the start of an import/export statement? */
static int
esm_line(const char *s, size_t len)
{
	static const char *const exports[] = { "const ", "let ", "var ",
		"function ", "function*", "default ", "class ", "async ",
		"type ", "interface ", "{", "*", "enum " };
	size_t i;

	if (len > 7 && memcmp(s, "import", 6) == 0 &&
	    (s[6] == ' ' || s[6] == '{' || s[6] == '*')) {
		for (i = 6; i < len; i++)
			if (s[i] == '\'' || s[i] == '"' || s[i] == '{' ||
			    s[i] == '*')
				return 1;
		return len > 12 && memmem(s, len, " from ", 6) != NULL;
	}
	if (len > 7 && memcmp(s, "export ", 7) == 0) {
		for (i = 0; i < sizeof exports / sizeof exports[0]; i++)
			if (len - 7 >= strlen(exports[i]) &&
			    memcmp(s + 7, exports[i], strlen(exports[i])) == 0)
				return 1;
	}
	return 0;
}

/* The Markdown with MDX import/export blocks (up to a blank line) left
 * out; code fences are respected. */
static char *
strip_esm(const char *md, size_t len, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t i = 0, e, n, fence_len = 0;
	char fence = 0;
	int in_esm = 0;

	while (i < len) {
		for (e = i; e < len && md[e] != '\n'; e++)
			;
		n = e - i;
		if (fence && md_fence_close(md + i, n, fence, fence_len))
			fence = 0;
		else if (!fence && !in_esm)
			fence_len = md_fence_open(md + i, n, &fence, NULL);
		if (in_esm && (n == 0 || (n == 1 && md[i] == '\r')))
			in_esm = 0;
		else if (!fence && !in_esm && esm_line(md + i, n))
			in_esm = 1;
		if (!in_esm)
			buf_add(&b, md + i, n);
		if (e < len && !in_esm)
			buf_addc(&b, '\n');
		i = e + 1;
	}
	*outlen = b.len;
	return buf_take(&b);
}

struct rdoc *
rdoc_new(void)
{
	return xcalloc(1, sizeof(struct rdoc));
}

struct rdoc *
render_markdown(const char *md, size_t len, const struct render_opts *o)
{
	struct ctx c;
	cmark_node *doc;
	char *src;
	size_t srclen, i;

	memset(&c, 0, sizeof c);
	c.o = o;
	c.width = o->width < 10 ? 10 : o->width;
	c.cap = c.width / 2;
	c.d = rdoc_new();
	c.cur = &c.rt;
	c.hlink = -1;
	src = strip_esm(md ? md : "", md ? len : 0, &srclen);
	doc = parse(src, srclen);
	walk(&c, doc, 0);
	cmark_node_free(doc);
	free(src);
	for (i = 0; i < c.d->nlinks; i++)
		if (c.d->links[i].line < 0)
			c.d->links[i].line = 0;
	while (c.d->nlines && c.d->lines[c.d->nlines - 1].text[0] == '\0') {
		c.d->nlines--;
		free(c.d->lines[c.d->nlines].text);
		free(c.d->lines[c.d->nlines].spans);
	}
	for (i = 0; i < c.d->ncodes; i++) {	/* rows trimmed just above */
		struct rcode *rc = &c.d->codes[i];

		if (rc->first > c.d->nlines)
			rc->first = c.d->nlines;
		if (rc->first + rc->nrows > c.d->nlines)
			rc->nrows = c.d->nlines - rc->first;
	}
	rt_free(&c.rt);
	rt_free(&c.tab.scratch);
	buf_free(&c.heading_text);
	buf_free(&c.run);
	free(c.stack);
	free(c.hpend);
	free(c.frames);
	for (i = 0; i < c.naslots; i++)
		free(c.aslots[i].name);
	free(c.aslots);
	return c.d;
}

void
rdoc_free(struct rdoc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nlines; i++) {
		free(d->lines[i].text);
		free(d->lines[i].spans);
	}
	for (i = 0; i < d->nlinks; i++) {
		free(d->links[i].target);
		free(d->links[i].anchor);
	}
	for (i = 0; i < d->nanchors; i++)
		free(d->anchors[i].anchor);
	for (i = 0; i < d->ncodes; i++) {
		free(d->codes[i].lang);
		free(d->codes[i].info);
		free(d->codes[i].src);
	}
	free(d->codes);
	free(d->lines);
	free(d->links);
	free(d->anchors);
	free(d);
}

size_t
rdoc_add_text(struct rdoc *d, const char *text, size_t len, int width,
    unsigned style)
{
	struct rtext rt = { BUF_INIT, NULL, 0, 0 };
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	size_t i, start = 0, pos, n, next, added = 0, cap = d->nlines;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		rt_add(&rt, text + start, i - start, style, -1);
		if (i < len)
			rt_break(&rt);
		start = i + 1;
	}
	pos = 0;
	do {
		n = text_wrap(rt.text.ptr ? rt.text.ptr + pos : "",
		    rt.text.len - pos, width, &next);
		lb_rtext(&lb, &rt, pos, pos + n, 0);
		doc_push_line(d, &cap, &lb);
		added++;
		pos += next;
	} while (pos < rt.text.len);
	rt_free(&rt);
	/* Leave the array exactly sized: its capacity is its length. */
	if (d->nlines)
		d->lines = xrealloc(d->lines, d->nlines * sizeof *d->lines);
	return added;
}

void
rline_mark(struct rline *l, size_t off, size_t len, unsigned style)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	size_t tlen = strlen(l->text), k = 0, pos = 0, e, cut;
	size_t end = off + len > tlen ? tlen : off + len;
	unsigned st;
	int link;

	if (off >= end)
		return;
	/* Walk the line in pieces cut at span and mark boundaries. */
	while (pos < tlen) {
		while (k < l->nspans &&
		    l->spans[k].off + l->spans[k].len <= pos)
			k++;
		if (k < l->nspans && l->spans[k].off <= pos) {
			e = l->spans[k].off + l->spans[k].len;
			st = l->spans[k].style;
			link = l->spans[k].link;
		} else {
			e = k < l->nspans ? l->spans[k].off : tlen;
			st = 0;
			link = -1;
		}
		cut = pos < off ? off : end;
		if (cut > pos && cut < e)
			e = cut;
		if (pos >= off && pos < end)
			st |= style;
		lb_add(&lb, l->text + pos, e - pos, st, link);
		pos = e;
	}
	free(l->text);
	free(l->spans);
	l->text = buf_take(&lb.text);
	l->spans = lb.spans;
	l->nspans = lb.nspans;
}

void
rline_pad_left(struct rline *l, int cols)
{
	size_t len = strlen(l->text), i;
	char *t;

	if (cols <= 0)
		return;
	t = xmalloc(len + (size_t)cols + 1);
	memset(t, ' ', (size_t)cols);
	memcpy(t + cols, l->text, len + 1);
	free(l->text);
	l->text = t;
	for (i = 0; i < l->nspans; i++)
		l->spans[i].off += (size_t)cols;
	l->width += cols;
}

void
rdoc_write(const struct rdoc *d, struct buf *out, const struct theme *theme)
{
	const struct rline *l;
	struct tstyle ts;
	size_t i, k, pos, len;

	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		len = strlen(l->text);
		if (!theme) {
			while (len > 0 && l->text[len - 1] == ' ')
				len--;
			buf_add(out, l->text, len);
			buf_addc(out, '\n');
			continue;
		}
		pos = 0;
		for (k = 0; k <= l->nspans; k++) {
			size_t s = k < l->nspans ? l->spans[k].off : len;

			if (s > pos)
				buf_add(out, l->text + pos, s - pos);
			if (k == l->nspans)
				break;
			ts = theme_style(theme, UI_PLAIN, l->spans[k].style);
			theme_sgr(theme, &ts, out);
			buf_add(out, l->text + s, l->spans[k].len);
			buf_adds(out, "\033[0m");
			pos = s + l->spans[k].len;
		}
		buf_addc(out, '\n');
	}
}
