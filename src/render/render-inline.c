/*
 * render-inline.c: inline content into the current rich text: styles,
 * links and heading anchors, wikilinks and embeds, inline HTML tags.
 */
#include "render/render-int.h"
#include "render/html.h"
#include "core/note.h"
#include "core/pct.h"
#include "core/wikilink.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WIKI_MAX 1024		/* longest [[...]] looked for */

static const char *const image_exts[] = { ".png", ".jpg", ".jpeg", ".gif",
	".svg", ".webp", ".bmp", ".avif", ".ico" };

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

/* Record a link; returns its index. */
int
rd_add_link(struct ctx *c, const char *target, size_t tlen, const char *anchor,
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
		char *dec = pct_decode(target, tlen);

		free(l->target);
		l->target = dec;
	}
	l->anchor = anchor ? (wiki ? xstrndup(anchor, alen) :
	    pct_decode(anchor, alen)) : NULL;
	if (l->external || !*l->target || !c->o->resolve)
		l->resolved = 1;
	else
		l->resolved = c->o->resolve(c->o->arg, l->target) ? 1 : 0;
	return (int)d->nlinks++;
}

/* A Markdown link's URL: target and anchor. */
int
rd_add_url_link(struct ctx *c, const char *url)
{
	const char *hash;

	if (!url)
		url = "";
	if (has_scheme(url))
		return rd_add_link(c, url, strlen(url), NULL, 0, 0);
	/* the path without ?query, as the index records it */
	hash = strchr(url, '#');
	return rd_add_link(c, url, link_dest_path_len(url, strlen(url)),
	    hash ? hash + 1 : NULL, hash ? strlen(hash + 1) : 0, 0);
}

unsigned
rd_link_style(const struct ctx *c, int li)
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
			h = hash_mem(old[i].name, strlen(old[i].name)) & mask;
			while (c->aslots[h].name)
				h = (h + 1) & mask;
			c->aslots[h] = old[i];
		}
		free(old);
	}
	mask = c->naslots - 1;
	h = hash_mem(base, strlen(base)) & mask;
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

void
rd_tag_anchor(struct ctx *c, const struct htag *t, int line)
{
	struct buf v = BUF_INIT;

	if (t->closing || t->comment)
		return;
	if ((html_tag_attr(t, "id", &v) || (html_tag_is(t, "a") &&
	    html_tag_attr(t, "name", &v))) && v.len > 0 && v.len <= 256)
		rd_add_anchor(c, buf_str(&v), line);
	buf_free(&v);
}

void
rd_add_anchor(struct ctx *c, const char *text, int line)
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
	if (c->hmark[3] || c->hkbd)
		s |= ST_CODE;
	if (c->mark)
		s |= ST_MARK;
	if (c->hlink >= 0)
		s |= rd_link_style(c, c->hlink);
	return s;
}

static int
cur_link(const struct ctx *c)
{
	if (c->hlink >= 0)
		return c->hlink;
	return c->nframes ? c->frames[c->nframes - 1].link : -1;
}

void
rd_push_frame(struct ctx *c, unsigned add, int link)
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
void
rd_add_text(struct ctx *c, const char *s, size_t len, unsigned extra)
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

/* "100" or "100x145": an embed's size, not its text. */
static int
is_size(const char *s, size_t len)
{
	size_t i, x = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == 'x' && i > 0 && !x)
			x = i;
		else if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return len > 0 && x + 1 != len;
}

/* [[target#anchor|label]] or, with embed, ![[...]], split as the index
 * splits it (wikilink_split() in core/wikilink.h). */
static void
wikilink(struct ctx *c, const struct wikilink *w, int embed)
{
	const char *s = w->target, *anchor = w->anchor, *label = w->label;
	size_t tlen = w->tlen, alen = w->alen, llen = w->llen;
	struct buf show = BUF_INIT;
	int li;

	if (embed && is_size(label, llen))
		llen = 0;	/* ![[a.png|100x80]]: a size */
	if (embed && is_image_name(s, tlen)) {
		buf_adds(&show, "[image: ");
		if (llen)
			buf_add(&show, label, llen);
		else
			buf_add(&show, s, tlen);
		buf_addc(&show, ']');
		rd_add_text(c, show.ptr, show.len, ST_IMAGE);
		buf_free(&show);
		return;
	}
	if (embed && rd_embed(c, s, tlen, anchor, alen))
		return;
	li = rd_add_link(c, s, tlen, anchor, alen, 1);
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
	rt_add(c->cur, show.ptr, show.len, cur_style(c) | rd_link_style(c, li),
	    li);
	if (c->in_heading)
		buf_add(&c->heading_text, show.ptr, show.len);
	buf_free(&show);
}

/* An HTML or JSX tag inside a paragraph. */
void
rd_inline_tag(struct ctx *c, const struct htag *t)
{
	static const char *const marks[4][3] = {
		{ "b", "strong", NULL }, { "i", "em", NULL },
		{ "s", "del", "strike" }, { "code", "tt", NULL },
	};
	struct buf head = BUF_INIT, sub = BUF_INIT, rest = BUF_INIT;
	size_t i;
	int k, j;

	if (t->comment || t->nlen == 0)
		return;
	rd_tag_anchor(c, t, (int)c->d->nlines);
	for (k = 0; k < 4; k++)
		for (j = 0; j < 3 && marks[k][j]; j++)
			if (html_tag_is(t, marks[k][j])) {
				if (t->closing && c->hmark[k] > 0)
					c->hmark[k]--;
				else if (!t->closing && !t->selfclose)
					c->hmark[k]++;
				return;
			}
	if (html_tag_is(t, "kbd")) {	/* a key: [Ctrl] */
		if (t->closing && c->hkbd > 0) {
			rd_add_text(c, "]", 1, 0);
			c->hkbd--;
		} else if (!t->closing && !t->selfclose) {
			c->hkbd++;
			rd_add_text(c, "[", 1, 0);
		}
	} else if (html_tag_is(t, "br")) {
		rt_break(c->cur);
	} else if (html_tag_is(t, "img") && !t->closing) {
		buf_adds(&head, "[image: ");
		if (!html_tag_attr(t, "alt", &head) || head.len == 8)
			buf_adds(&head, "image");
		buf_addc(&head, ']');
		rd_add_text(c, head.ptr, head.len, ST_IMAGE);
	} else if (html_tag_is(t, "a")) {
		if (t->closing)
			c->hlink = -1;
		else if (c->hlink < 0 && html_tag_attr(t, "href", &head))
			c->hlink = rd_add_url_link(c, head.ptr);
	} else if (html_tag_component(t) && !t->closing) {
		/* as render_html_to_md() has it inline: **head** *sub* rest */
		html_tag_human(t, &head, &sub, &rest);
		for (i = 0; i < rest.len; i++)
			if (rest.ptr[i] == '\n')
				rest.ptr[i] = ' ';
		if ((head.len || sub.len || rest.len) &&
		    !rt_ends_space(c->cur))
			rd_add_text(c, " ", 1, 0);
		if (head.len)
			rd_add_text(c, head.ptr, head.len, ST_STRONG);
		if (head.len && sub.len)
			rd_add_text(c, " ", 1, 0);
		if (sub.len)
			rd_add_text(c, sub.ptr, sub.len, ST_EMPH);
		if ((head.len || sub.len) && rest.len)
			rd_add_text(c, " ", 1, 0);
		if (rest.len)
			rd_add_text(c, rest.ptr, rest.len, 0);
		buf_reset(&rest);
		buf_adds(&rest, "[image: ");
		if (html_tag_image(t, &rest, &sub)) {
			buf_addc(&rest, ']');
			if (!rt_ends_space(c->cur))
				rd_add_text(c, " ", 1, 0);
			rd_add_text(c, rest.ptr, rest.len, ST_IMAGE);
		}
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

/* Was the "[[" at s + i written \[[ (see text_escapes in render.c)? */
static int
escaped_open(const struct ctx *c, const char *s, size_t i)
{
	size_t j, k = 0;

	if (!c->run_esc)
		return 0;
	for (j = 0; j < i; j++)
		if (s[j] == '[' && s[j + 1] == '[')
			k++;
	return k < 64 && ((c->run_esc >> k) & 1);
}


/* A run of adjacent text: wikilinks, #tags, ==highlights==, MDX
 * comments and the JSX tags cmark does not take for HTML (those with
 * {expressions}, fragments) handled, the rest plain; a callout's
 * "[!type]" taken off its start. An escaped \\<Card\\> stays text. */
void
rd_text_run(struct ctx *c, const char *s, size_t len)
{
	size_t i = 0, start = 0, e, n;
	struct htag t;
	int embed, word;

	if (c->alert_ok && c->cur->text.len == 0)
		i = start = rd_callout_title(c, s, len);
	c->alert_ok = 0;

	while (i < len) {
		if ((s[i] == '[' && i + 1 < len && s[i + 1] == '[') ||
		    (s[i] == '!' && i + 2 < len && s[i + 1] == '[' &&
		    s[i + 2] == '[')) {
			embed = s[i] == '!';
			n = i + (embed ? 3 : 2);
			e = find_close(s, len, n, "]]");
			if (e < len && e > n && !escaped_open(c, s, n - 2)) {
				struct wikilink w;

				if (wikilink_split(s + n, e - n, &w) == 0) {
					rd_add_text(c, s + start, i - start,
					    0);
					wikilink(c, &w, embed);
					i = start = e + 2;
					continue;
				}
			}
		}
		if (s[i] == '=' && (n = rd_mark_toggle(c, s, len, i,
		    c->run_next)) > 0) {
			rd_add_text(c, s + start, i - start, 0);
			c->mark = !c->mark;
			i = start = i + n;
			continue;
		}
		if (s[i] == '#' && !c->in_heading) {
			word = i > 0 ? (s[i - 1] == ' ' || s[i - 1] == '(') :
			    rt_ends_space(c->cur) ||
			    c->cur->text.ptr[c->cur->text.len - 1] == '(';
			n = word ? tag_len(s + i + 1, len - i - 1) : 0;
			if (n) {
				rd_add_text(c, s + start, i - start, 0);
				rd_add_text(c, s + i, n + 1, ST_TAG);
				i = start = i + n + 1;
				continue;
			}
		}
		if (s[i] == '<' && i + 1 < len &&
		    (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' ||
		    s[i + 1] == '>')) {
			n = html_tag_parse(s + i, len - i, &t);
			if (n && (t.has_expr || t.nlen == 0)) {
				rd_add_text(c, s + start, i - start, 0);
				rd_inline_tag(c, &t);
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
				rd_add_text(c, s + start, i - start, 0);
				i = start = e + 3;
				continue;
			}
		}
		i++;
	}
	rd_add_text(c, s + start, len - start, 0);
}
