/*
 * render-embed.c: Obsidian's note embeds (![[Note]], ![[Note#Heading]],
 * ![[Note#^block]]) shown inline: the caller's render_opts.embed gives
 * the note's Markdown, this file cuts out the section or block asked for,
 * renders it narrower and frames it under a line naming its source.
 * Embeds inside embeds go EMBED_MAX_DEPTH deep, EMBED_MAX_TOTAL in all;
 * a note already being embedded further out is not embedded again (a
 * cycle), it stays a link.
 */
#include "render/render-int.h"
#include "render/html.h"
#include "render/width.h"
#include "core/note.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FRAME_TOP "\xe2\x94\x8c\xe2\x94\x80 "	/* "┌─ " */
#define FRAME_BAR "\xe2\x94\x82 "		/* "│ " */
#define FRAME_END "\xe2\x94\x94\xe2\x94\x80"	/* "└─" */
#define SECTION_SEP " \xe2\x80\xba "		/* " › " */


/* An ATX heading line: its level (0: not one) and text. */
static int
atx_heading(const char *s, size_t n, const char **text, size_t *tlen)
{
	size_t i = 0, lv;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	for (lv = 0; i + lv < n && s[i + lv] == '#'; lv++)
		;
	if (lv == 0 || lv > 6 || (i + lv < n && s[i + lv] != ' ' &&
	    s[i + lv] != '\t'))
		return 0;
	i += lv;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\r' ||
	    s[n - 1] == '#' || s[n - 1] == '\t'))
		n--;
	*text = s + i;
	*tlen = n - i;
	return (int)lv;
}

/* Does heading text name the anchor part (as written, any case, or by
 * its GitHub anchor)? */
static int
heading_is(const char *text, size_t tlen, const char *want, size_t wlen)
{
	char *t, *w, *ta, *wa;
	int same;

	if (tlen == wlen && strncasecmp(text, want, tlen) == 0)
		return 1;
	t = xstrndup(text, tlen);
	w = xstrndup(want, wlen);
	ta = heading_anchor(t);
	wa = heading_anchor(w);
	same = strcmp(ta, w) == 0 || strcmp(ta, wa) == 0;
	free(t);
	free(w);
	free(ta);
	free(wa);
	return same;
}

/* A heading path ("A#B": B under A) in [from, to): the section of its
 * last heading, heading line included. */
static int
find_heading(const char *md, size_t from, size_t to, const char *path,
    size_t *off, size_t *n)
{
	const char *part = path, *hash = strchr(path, '#'), *t;
	size_t plen = hash ? (size_t)(hash - path) : strlen(path);
	size_t i, e, tlen, fence_len = 0;
	char fence = 0;
	int lv, found = 0;

	for (i = from; i < to; i = e + 1) {
		e = rd_line_end(md, to, i);
		if (rd_fenced(md + i, e - i, &fence, &fence_len))
			continue;
		lv = atx_heading(md + i, e - i, &t, &tlen);
		if (!lv)
			continue;
		if (found && lv <= found) {
			*n = i - *off;
			goto fail;
		}
		if (!found && heading_is(t, tlen, part, plen)) {
			found = lv;
			*off = i;
		}
	}
	if (!found)
		return -1;
	*n = to - *off;
fail:
	if (!hash)
		return 0;
	/* The next part is looked for under this heading. */
	i = rd_line_end(md, *off + *n, *off);
	return find_heading(md, i, *off + *n, hash + 1, off, n);
}

/* Does the line [i, k) end with "^id" (after a space, or alone)? */
static int
ends_with_id(const char *md, size_t i, size_t k, const char *id,
    size_t idl)
{
	size_t at;

	if (k - i < idl + 1 || strncmp(md + k - idl, id, idl) != 0 ||
	    md[k - idl - 1] != '^')
		return 0;
	at = k - idl - 1;
	while (at > i && (md[at - 1] == ' ' || md[at - 1] == '\t'))
		at--;
	return at == i || md[k - idl - 2] == ' ' || md[k - idl - 2] == '\t';
}

/* The block ending in " ^id": the paragraph it ends, the one list item
 * it is on, or for "^id" on a line of its own, the block just before. */
static int
find_block(const char *md, size_t len, const char *id, size_t *off,
    size_t *n)
{
	size_t i, e, k, start = 0, pstart = 0, pend = 0, idl = strlen(id);
	size_t fence_len = 0;
	char fence = 0;

	for (i = 0; i < len; i = e + 1) {
		e = rd_line_end(md, len, i);
		if (rd_fenced(md + i, e - i, &fence, &fence_len))
			continue;
		k = e;
		while (k > i && (md[k - 1] == ' ' || md[k - 1] == '\r'))
			k--;
		if (k == i) {		/* blank: a block ended */
			if (start < i) {
				pstart = start;
				pend = i;
			}
			start = e + 1;
			continue;
		}
		if (!ends_with_id(md, i, k, id, idl))
			continue;
		for (k = i; k < e && (md[k] == ' ' || md[k] == '\t'); k++)
			;
		if (md[k] == '^') {	/* on its own line */
			*off = start < i ? start : pstart;
			*n = (start < i ? i : pend) - *off;
			return *n ? 0 : -1;
		}
		if (k + 1 < e && (md[k] == '-' || md[k] == '*' ||
		    md[k] == '+' || isdigit((unsigned char)md[k])))
			start = i;	/* a list item: that line */
		*off = start;
		*n = e - start;
		return 0;
	}
	return -1;
}

/*
 * The part of a note's Markdown an embed's anchor names: a heading's
 * section ("Heading", or a path "A#B"), or a block ("^id"). 0 with
 * [*off, *off + *n), or -1 when there is no such part.
 */
int
rd_embed_section(const char *md, size_t len, const char *anchor,
    size_t *off, size_t *n)
{
	*off = 0;
	*n = len;
	if (!anchor || !*anchor)
		return 0;
	if (anchor[0] == '^')
		return find_block(md, len, anchor + 1, off, n);
	return find_heading(md, 0, len, anchor, off, n);
}

/* Is name (with anchor) being embedded further out? */
static int
in_chain(const struct embed_chain *ch, const char *name, const char *anchor)
{
	for (; ch; ch = ch->up)
		if (strcmp(ch->name, name) == 0 &&
		    strcmp(ch->anchor, anchor) == 0)
			return 1;
	return 0;
}

/* Copy a rendered line of the embedded document after the frame's bar;
 * its links are those of the document numbered from base. */
static void
copy_line(struct lbuild *lb, const struct rline *l, int base)
{
	size_t pos = 0, k, len = strlen(l->text);
	const struct rspan *sp;

	for (k = 0; k < l->nspans; k++) {
		sp = &l->spans[k];
		if (sp->off > pos)
			lb_add(lb, l->text + pos, sp->off - pos, 0, -1);
		lb_add(lb, l->text + sp->off, sp->len, sp->style,
		    sp->link >= 0 ? sp->link + base : -1);
		pos = sp->off + sp->len;
	}
	if (len > pos)
		lb_add(lb, l->text + pos, len - pos, 0, -1);
}

/* The paragraph so far is shown before the embed's frame. */
static void
flush_paragraph(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->cur->text.len; i++)
		if (c->cur->text.ptr[i] != ' ' && c->cur->text.ptr[i] != '\n')
			break;
	if (i < c->cur->text.len) {
		rd_block_start(c);
		rd_emit_wrapped(c, c->cur, 0);
		rd_block_end(c);
	}
	rt_reset(c->cur);
	for (i = 0; i < c->nframes; i++)
		c->frames[i].at = 0;
}

static void
emit_frame(struct ctx *c, const struct rdoc *sub, const char *name,
    const char *anchor, int li)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	struct buf head = BUF_INIT;
	size_t i, base = c->d->nlinks;
	struct rlink *l;
	const char *p, *e;

	rd_block_start(c);
	buf_adds(&head, name);
	for (p = anchor; *anchor && p; p = strchr(p, '#')) {	/* A › B */
		if (*p == '#')
			p++;
		e = strchr(p, '#');
		buf_adds(&head, SECTION_SEP);
		buf_add(&head, p, e ? (size_t)(e - p) : strlen(p));
	}
	rd_prefix(c, &lb, 0);
	lb_add(&lb, FRAME_TOP, strlen(FRAME_TOP), ST_DIM, -1);
	i = text_fit(head.ptr, head.len, c->width - lb.width, NULL);
	lb_add(&lb, head.ptr, i, rd_link_style(c, li), li);
	rd_emit(c, &lb);
	buf_free(&head);
	for (i = 0; i < sub->nlinks; i++) {	/* links carried over */
		c->d->links = xgrow(c->d->links, &c->caplinks,
		    c->d->nlinks + 1, sizeof *c->d->links);
		l = &c->d->links[c->d->nlinks++];
		*l = sub->links[i];
		l->target = xstrdup(sub->links[i].target);
		l->anchor = sub->links[i].anchor ?
		    xstrdup(sub->links[i].anchor) : NULL;
		l->line = -1;
	}
	for (i = 0; i < sub->nlines; i++) {
		rd_prefix(c, &lb, 0);
		lb_add(&lb, FRAME_BAR, strlen(FRAME_BAR), ST_DIM, -1);
		copy_line(&lb, &sub->lines[i], (int)base);
		lb_trim(&lb);
		rd_emit(c, &lb);
	}
	rd_prefix(c, &lb, 0);
	lb_add(&lb, FRAME_END, strlen(FRAME_END), ST_DIM, -1);
	rd_emit(c, &lb);
	rd_block_end(c);
}

/*
 * ![[target#anchor]] as a framed block, when the caller can give the
 * note and this is not a table cell or heading. Returns 1 when shown, 0
 * when the caller should show it as a link (no resolver, no such note or
 * section, too deep, a cycle).
 */
int
rd_embed(struct ctx *c, const char *target, size_t tlen, const char *anchor,
    size_t alen)
{
	struct buf text = BUF_INIT, name = BUF_INIT;
	struct embed_chain link;
	struct render_opts so;
	struct rdoc *sub = NULL;
	char *t = NULL, *a = NULL;
	size_t off, n;
	int depth = c->chain ? c->chain->depth : 0, avail, li, shown = 0;
	size_t *count = c->chain ? c->chain->count : &c->nembeds;

	if (!c->o->embed || c->in_table || c->in_heading || tlen == 0 ||
	    depth >= EMBED_MAX_DEPTH || *count >= EMBED_MAX_TOTAL)
		return 0;
	avail = c->width - rd_indent_width(c) - 2;
	if (avail < 10)
		return 0;
	t = xstrndup(target, tlen);
	a = xstrndup(anchor ? anchor : "", anchor ? alen : 0);
	if (c->o->embed(c->o->embed_arg, t, &text, &name) != 0)
		goto fail;
	if (name.len == 0)
		buf_adds(&name, t);
	if (in_chain(c->chain, buf_str(&name), a))
		goto fail;
	if (rd_embed_section(buf_str(&text), text.len, a, &off, &n) < 0)
		goto fail;
	link.name = buf_str(&name);
	link.anchor = a;
	link.up = c->chain;
	link.depth = depth + 1;
	link.count = count;
	(*count)++;
	so = *c->o;
	so.width = avail;
	so.toggled = NULL;
	so.ntoggled = 0;
	sub = rd_render(buf_str(&text) + off, n, &so, &link);
	flush_paragraph(c);
	li = rd_add_link(c, target, tlen, anchor, anchor ? alen : 0, 1);
	emit_frame(c, sub, buf_str(&name), a, li);
	shown = 1;
fail:
	rdoc_free(sub);
	buf_free(&text);
	buf_free(&name);
	free(t);
	free(a);
	return shown;
}
