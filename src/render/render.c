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
 *
 * This file holds the walk and the public API; the jobs it calls are in
 * render-line.c, render-inline.c, render-block.c and render-table.c,
 * behind render-int.h.
 */
#include "render/render-int.h"
#include "render/html.h"
#include "render/theme.h"
#include "render/width.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_OPTS (CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | \
	CMARK_OPT_VALIDATE_UTF8)

static void walk(struct ctx *c, cmark_node *root, int depth);

/* Walk positions are in src[0, len) from here on; bs: whether it holds
 * a backslash (asked once, not per "[[": 50,000 of them, 2 MB each). */
static void
set_src(struct ctx *c, const char *src, size_t len, int bs)
{
	c->src = src;
	c->srclen = len;
	c->src_line = 0;
	c->src_bs = bs;
}

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
		const char *src = c->src;
		size_t srclen = c->srclen;
		int bs = c->src_bs;

		/* its id= / <a name=> anchors land on the block */
		for (i = 0; i < len; i++)
			if (lit[i] == '<' && (k = html_tag_parse(lit + i,
			    len - i, &t)) > 0) {
				rd_tag_anchor(c, &t, (int)c->d->nlines);
				i += k - 1;
			}
		md = render_html_to_md(lit, len);
		doc = rd_parse(md, strlen(md));
		/* positions are md's now */
		set_src(c, md, strlen(md), strchr(md, '\\') != NULL);
		walk(c, doc, depth + 1);
		set_src(c, src, srclen, bs);
		cmark_node_free(doc);
		free(md);
		return;
	}
	/* What is left at depth 1 is text that looked like HTML. */
	rd_leaf_begin(c, 0);
	for (i = 0; i < len; i++) {
		if (lit[i] == '<' && (k = html_tag_parse(lit + i, len - i,
		    &t)) > 0) {
			i += k - 1;
			continue;
		}
		rt_add(c->cur, lit + i, 1, c->leaf_base, -1);
	}
	rd_leave_paragraph(c);
}

/* Offset in c->src of 1-based line (the cursor makes a walk linear). */
static size_t
src_line_off(struct ctx *c, int line)
{
	const char *nl;

	if (line < c->src_line || c->src_line == 0) {
		c->src_line = 1;
		c->src_off = 0;
	}
	while (c->src_line < line && c->src_off < c->srclen &&
	    (nl = memchr(c->src + c->src_off, '\n',
	    c->srclen - c->src_off)) != NULL) {
		c->src_off = (size_t)(nl - c->src) + 1;
		c->src_line++;
	}
	return c->src_line == line ? c->src_off : c->srclen;
}

/* The "[[" of s[0..n), in order: how many, and in *esc (from bit base on)
 * those with a backslash before them. */
static size_t
count_open(const char *s, size_t n, uint64_t *esc, size_t base)
{
	size_t i, k = 0;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '[' || s[i + 1] != '[')
			continue;
		if (esc && i > 0 && s[i - 1] == '\\' && base + k < 64)
			*esc |= (uint64_t)1 << (base + k);
		k++;
	}
	return k;
}

/*
 * cmark drops the backslash of "\[[x]]", so the joined text cannot tell
 * it from a wikilink: find, from the text node's place in the source,
 * which "[[" were escaped (the index's scanner leaves them text too).
 * Nothing is marked when the source and the text disagree on the count.
 */
static void
text_escapes(struct ctx *c, cmark_node *x, const char *lit, size_t *base)
{
	size_t n = strlen(lit), k = count_open(lit, n, NULL, 0), off, sc, ec;
	uint64_t esc = 0;

	if (k == 0)
		return;
	if (c->src_bs &&
	    cmark_node_get_start_line(x) == cmark_node_get_end_line(x) &&
	    cmark_node_get_start_column(x) > 0) {
		off = src_line_off(c, cmark_node_get_start_line(x));
		sc = (size_t)cmark_node_get_start_column(x) - 1;
		ec = (size_t)cmark_node_get_end_column(x);
		if (off + ec <= c->srclen && sc < ec &&
		    count_open(c->src + off + sc, ec - sc, &esc, *base) == k)
			c->run_esc |= esc;
	}
	*base += k;
}

static void
enter_text(struct ctx *c, cmark_iter *it, cmark_node *n)
{
	cmark_node *last = n, *x, *parent;
	const char *lit;
	/* A callout's title ends at the line's end: keep the break. */
	int soft = !c->alert_ok && !c->title_frame;
	cmark_node_type pt;
	size_t opens = 0;

	buf_reset(&c->run);
	c->run_esc = 0;
	for (x = n; x; x = cmark_node_next(x)) {
		if (cmark_node_get_type(x) == CMARK_NODE_TEXT) {
			lit = cmark_node_get_literal(x);
			text_escapes(c, x, lit ? lit : "", &opens);
			buf_adds(&c->run, lit ? lit : "");
		} else if (cmark_node_get_type(x) == CMARK_NODE_SOFTBREAK &&
		    soft)
			buf_addc(&c->run, ' ');
		else
			break;
		last = x;
	}
	/* An Obsidian block id (" ^abc") ending a paragraph is hidden. */
	parent = cmark_node_parent(last);
	pt = parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE;
	if (!cmark_node_next(last) && (pt == CMARK_NODE_PARAGRAPH ||
	    pt == CMARK_NODE_HEADING))
		c->run.len -= rd_block_id(buf_str(&c->run), c->run.len);
	c->run_next = cmark_node_next(last);
	rd_text_run(c, buf_str(&c->run), c->run.len);
	if (last != n)
		cmark_iter_reset(it, last, CMARK_EVENT_ENTER);
}

static void
enter_link(struct ctx *c, cmark_node *n)
{
	int li = rd_add_url_link(c, cmark_node_get_url(n));

	rd_push_frame(c, rd_link_style(c, li), li);
}

static void
leave_link(struct ctx *c, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (c->nframes && c->cur->text.len == c->frames[c->nframes - 1].at &&
	    url)
		rd_add_text(c, url, strlen(url), 0);
	if (c->nframes)
		c->nframes--;
}

static void
enter_image(struct ctx *c)
{
	rd_push_frame(c, ST_IMAGE, -1);
	rd_add_text(c, "[image: ", 8, 0);
	c->frames[c->nframes - 1].at = c->cur->text.len;
}

static void
leave_image(struct ctx *c, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (c->nframes && c->cur->text.len == c->frames[c->nframes - 1].at) {
		if (url && *url)
			rd_add_text(c, path_base(url), strlen(path_base(url)), 0);
		else
			rd_add_text(c, "image", 5, 0);
	}
	rd_add_text(c, "]", 1, 0);
	if (c->nframes)
		c->nframes--;
}

static void
enter_footnote(struct ctx *c)
{
	struct cont *ct;
	char marker[48];

	if (c->nfoot == 0) {
		rd_block_start(c);
		rd_rule_line(c, 8);
	}
	c->sep = 0;	/* the notes follow each other */
	c->nfoot++;
	snprintf(marker, sizeof marker, "[%d] ", c->nfoot);
	ct = rd_push(c, C_FOOT, text_width(marker, strlen(marker)));
	memcpy(ct->marker, marker, sizeof marker);
	ct->mstyle = ST_FOOTNOTE;
	rd_set_pending(c);
}

static void
enter(struct ctx *c, cmark_iter *it, cmark_node *n, int depth)
{
	const char *lit, *type;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		rd_enter_quote(c, n);
		break;
	case CMARK_NODE_LIST:
		if (n == c->join_in)	/* entered in the piece before */
			c->join_item = 1;
		else
			rd_enter_list(c, n);
		break;
	case CMARK_NODE_ITEM:
		rd_enter_item(c, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		rd_code_block(c, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
		html_block(c, n, depth);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!c->in_table)
			rd_leaf_begin(c, 0);
		if (rd_picture_para(c, n)) {
			/* drawn as a box: on to its exit, the text empty */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		}
		c->alert_ok = !cmark_node_previous(n) && cmark_node_parent(n) &&
		    cmark_node_get_type(cmark_node_parent(n)) ==
		    CMARK_NODE_BLOCK_QUOTE && rd_top(c) &&
		    rd_top(c)->type == C_QUOTE && rd_top(c)->callout;
		break;
	case CMARK_NODE_HEADING:
		rd_enter_heading(c, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		rd_block_start(c);
		rd_rule_line(c, 0);
		rd_block_end(c);
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		enter_footnote(c);
		break;
	case CMARK_NODE_TEXT:
		enter_text(c, it, n);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		if (c->title_frame) {
			rd_callout_title_end(c);
			if (rd_top(c) && rd_top(c)->folded) {
				rd_leave_paragraph(c);
				rd_skip_folded(c);
			} else
				rt_break(c->cur);
		} else if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
			rd_add_text(c, " ", 1, 0);
		else
			rt_break(c->cur);
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		if (lit)
			rd_add_text(c, lit, strlen(lit), ST_CODE);
		break;
	case CMARK_NODE_HTML_INLINE: {
		struct htag t;

		lit = cmark_node_get_literal(n);
		if (lit && html_tag_parse(lit, strlen(lit), &t))
			rd_inline_tag(c, &t);
		break;
	}
	case CMARK_NODE_EMPH:
		rd_push_frame(c, ST_EMPH, -1);
		break;
	case CMARK_NODE_STRONG:
		rd_push_frame(c, ST_STRONG, -1);
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
		rd_add_text(c, ref, strlen(ref), ST_FOOTNOTE);
		break;
	}
	default:
		type = cmark_node_get_type_string(n);
		if (strcmp(type, "strikethrough") == 0)
			rd_push_frame(c, ST_STRIKE, -1);
		else if (strcmp(type, "table") == 0)
			rd_table_begin(c, n);
		else if (strcmp(type, "table_header") == 0 ||
		    strcmp(type, "table_row") == 0)
			rd_table_row(c);
		else if (strcmp(type, "table_cell") == 0)
			rd_table_cell(c, strcmp(cmark_node_get_type_string(
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
		rd_pop(c);
		rd_block_end(c);
		break;
	case CMARK_NODE_LIST:
		if (n == c->join_out)	/* left in the next piece */
			break;
		rd_pop(c);
		rd_block_end(c);
		break;
	case CMARK_NODE_ITEM:
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		rd_leave_item(c);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (c->in_table)
			break;
		if (c->title_frame) {	/* a title alone: the body follows */
			rd_callout_title_end(c);
			rd_leave_paragraph(c);
			c->sep = 0;
			rd_skip_folded(c);
		} else
			rd_leave_paragraph(c);
		break;
	case CMARK_NODE_HEADING:
		rd_leave_heading(c);
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
			rd_table_end(c);
		else if (strcmp(type, "table_cell") == 0)
			c->cur = &c->rt;
		break;
	}
}

static void
walk(struct ctx *c, cmark_node *root, int depth)
{
	cmark_iter *it = cmark_iter_new(root), *up = c->it;
	cmark_event_type ev;
	cmark_node *n;

	c->it = it;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER)
			enter(c, it, n, depth);
		else if (ev == CMARK_EVENT_EXIT)
			leave(c, n);
	}
	c->it = up;
	cmark_iter_free(it);
}

cmark_node *
rd_parse(const char *md, size_t len)
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
	return rd_render(md, len, o, NULL);
}

/* render_markdown() for a document embedded in the notes of chain. */
struct rdoc *
rd_render(const char *md, size_t len, const struct render_opts *o,
    const struct embed_chain *chain)
{
	struct ctx c;
	struct rpiece *pc;
	cmark_node *doc;
	char *src, *obs, *bs;
	size_t srclen, obslen, i, npc;

	memset(&c, 0, sizeof c);
	c.o = o;
	c.chain = chain;
	c.fold_at = -1;
	c.width = o->width < 10 ? 10 : o->width;
	c.cap = c.width / 2;
	c.d = rdoc_new();
	c.cur = &c.rt;
	c.hlink = -1;
	obs = rd_obsidian_source(md ? md : "", md ? len : 0, &obslen);
	src = strip_esm(obs, obslen, &srclen);
	free(obs);
	npc = rd_cut(src, srclen, o->piece ? o->piece : RENDER_PIECE, &pc);
	bs = memrchr(src, '\\', srclen);	/* the last backslash */
	for (i = 0; i < npc; i++) {
		doc = rd_parse(src + pc[i].off, pc[i].len);
		/* positions are the piece's; the text after it stays in
		 * reach, as in the whole (cmark's columns can pass a line's
		 * end: text_escapes) */
		set_src(&c, src + pc[i].off, srclen - pc[i].off,
		    bs && bs >= src + pc[i].off);
		c.join_in = pc[i].joins ? cmark_node_first_child(doc) : NULL;
		c.join_out = i + 1 < npc && pc[i + 1].joins ?
		    cmark_node_last_child(doc) : NULL;
		c.join_tight = pc[i].tight;
		c.join_items = pc[i].items;
		walk(&c, doc, 0);
		cmark_node_free(doc);
	}
	free(pc);
	free(src);
	for (i = 0; i < c.d->nlinks; i++)
		if (c.d->links[i].line < 0)
			c.d->links[i].line = 0;
	for (i = 0; i < c.d->nfolds; i++)
		if (c.d->folds[i].line < 0)
			c.d->folds[i].line = 0;
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
	free(d->folds);
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
		rd_doc_push_line(d, &cap, &lb);
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
