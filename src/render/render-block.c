/*
 * render-block.c: the block nodes that are not tables: lists and items,
 * paragraphs, headings, rules and highlighted code blocks.
 */
#include "render/render-int.h"
#include "render/highlight.h"
#include "render/width.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TAB_STOP 4

static const char *const bullets[] = { "\xe2\x80\xa2", "\xe2\x97\xa6",
	"\xe2\x96\xaa" };	/* U+2022, U+25E6, U+25AA */

int
rd_list_items(cmark_node *list)
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

void
rd_enter_list(struct ctx *c, cmark_node *n)
{
	struct cont *ct;
	int level = c->nlists, whole = n == c->join_out;

	ct = rd_push(c, C_LIST, 0);
	ct->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	ct->number = cmark_node_get_list_start(n);
	ct->delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' :
	    '.';
	/* a list cut over pieces is as tight and as long as all its parts */
	ct->tight = whole ? c->join_tight : cmark_node_get_list_tight(n);
	ct->level = level;
	if (ct->ordered)
		ct->numw = digits((long)ct->number +
		    (whole ? c->join_items : rd_list_items(n)) - 1);
}

void
rd_enter_item(struct ctx *c, cmark_node *n)
{
	struct cont *list = rd_top(c), *ct;
	char marker[48];
	int w, tight, task = strcmp(cmark_node_get_type_string(n),
	    "tasklist") == 0;

	if (list && list->type != C_LIST)
		list = NULL;
	tight = list ? list->tight : 1;
	if (tight && (cmark_node_previous(n) || c->join_item))
		c->sep = 0;
	c->join_item = 0;
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
	ct = rd_push(c, C_ITEM, w);	/* list is stale from here */
	memcpy(ct->marker, marker, sizeof marker);
	ct->mstyle = ST_MARKER;
	ct->tight = tight;
	rd_set_pending(c);
}

/* Leaving an item or footnote that showed nothing: its marker alone. */
void
rd_leave_item(struct ctx *c)
{
	struct cont *ct = rd_top(c);
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };

	if (ct && ct->pending) {
		rd_block_start(c);
		rd_prefix(c, &lb, 0);
		lb_trim(&lb);
		rd_emit(c, &lb);
	}
	rd_pop(c);
	rd_block_end(c);
}

void
rd_leaf_begin(struct ctx *c, unsigned base)
{
	rt_reset(&c->rt);
	c->cur = &c->rt;
	c->leaf_base = base | (rd_quote_plain(c) ? ST_QUOTE : 0);
	c->nframes = 0;
	c->mark = 0;
	c->hkbd = 0;
	c->title_frame = 0;
	memset(c->hmark, 0, sizeof c->hmark);
	c->hlink = -1;
}

void
rd_leave_paragraph(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->rt.text.len; i++)
		if (c->rt.text.ptr[i] != ' ' && c->rt.text.ptr[i] != '\n')
			break;
	if (i == c->rt.text.len)
		return;
	rd_block_start(c);
	if (c->fold_at >= 0) {	/* a foldable callout's title */
		c->d->folds[c->fold_at].line = (int)c->d->nlines;
		c->fold_at = -1;
	}
	rd_emit_wrapped(c, &c->rt, 0);
	rd_block_end(c);
}

void
rd_enter_heading(struct ctx *c, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n), k;

	rd_leaf_begin(c, level == 1 ? ST_H1 : level == 2 ? ST_H2 : ST_H3);
	c->in_heading = level;
	buf_reset(&c->heading_text);
	if (level >= 3) {
		for (k = 0; k < level; k++)
			rt_adds(c->cur, "#", c->leaf_base, -1);
		rt_adds(c->cur, " ", c->leaf_base, -1);
	}
}

void
rd_leave_heading(struct ctx *c)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	int level = c->in_heading, w, first = (int)c->d->nlines;

	c->in_heading = 0;
	if (c->heading_text.len == 0 && level >= 3)
		return;
	if (c->rt.text.len == 0)
		return;
	rd_block_start(c);
	first = (int)c->d->nlines;
	w = rd_emit_wrapped(c, &c->rt, 0);
	if (level <= 2) {
		rd_prefix(c, &lb, 0);
		if (w > c->width - lb.width)
			w = c->width - lb.width;
		lb_repeat(&lb, level == 1 ? DOUBLE_H : BOX_H, w,
		    c->leaf_base);
		rd_emit(c, &lb);
	}
	rd_add_anchor(c, buf_str(&c->heading_text), first);
	rd_block_end(c);
}

void
rd_rule_line(struct ctx *c, int cols)
{
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	int avail;

	rd_prefix(c, &lb, 0);
	avail = c->width - lb.width;
	lb_repeat(&lb, BOX_H, cols > 0 && cols < avail ? cols : avail,
	    ST_RULE | (rd_quote_plain(c) ? ST_QUOTE : 0));
	rd_emit(c, &lb);
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

void
rd_code_block(struct ctx *c, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n), *lit;
	struct buf code = BUF_INIT, lang = BUF_INIT;
	struct rtext rt = { BUF_INIT, NULL, 0, 0 };
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	unsigned char *cls;
	unsigned base = ST_CODEBLOCK | (rd_quote_plain(c) ? ST_QUOTE : 0);
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
	rd_block_start(c);
	c->d->codes = xgrow(c->d->codes, &c->capcodes, c->d->ncodes + 1,
	    sizeof *c->d->codes);
	rc = &c->d->codes[c->d->ncodes++];
	memset(rc, 0, sizeof *rc);
	rc->lang = buf_take(&lang);
	rc->info = xstrdup(info ? info : "");
	rc->first = c->d->nlines;
	avail = c->width - rd_indent_width(c);
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

			rd_prefix(c, &lb, 0);
			lb_repeat(&lb, " ", pad, base);
			next = text_fit(rt.text.ptr ? rt.text.ptr + pos : "",
			    rt.text.len - pos, inner, &used);
			lb_rtext(&lb, &rt, pos, pos + next, 0);
			lb_repeat(&lb, " ", blockw - used + pad, base);
			rd_emit(c, &lb);
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
	rd_block_end(c);
}
