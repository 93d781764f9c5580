/*
 * note-scan.c: the line scanner of the note parser: the block structure
 * of each line (quotes, lists, code, headings, reference definitions,
 * block ids) and the links, tags and headings it collects on the scan.
 */
#include "core/note-int.h"
#include "core/fence.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Collecting                                                         */
/* ------------------------------------------------------------------ */

void
note_add_link(struct scan *s, enum link_kind kind, char *target, char *anchor,
    char *label, int line)
{
	struct link *l;

	s->links = xgrow(s->links, &s->linkcap, s->nlinks + 1,
	    sizeof *s->links);
	l = &s->links[s->nlinks++];
	l->kind = kind;
	l->target = target;
	l->anchor = anchor;
	l->label = label;
	l->line = line;
}

void
note_add_tag(struct scan *s, char *tag, int line)
{
	s->tags = xgrow(s->tags, &s->tagcap, s->ntags + 1, sizeof *s->tags);
	s->tags[s->ntags].tag = tag;
	s->tags[s->ntags].line = line;
	s->tags[s->ntags].order = s->ntags;
	s->ntags++;
}

static void
add_heading(struct scan *s, int level, const char *text, size_t n, int line)
{
	struct heading *h;

	while (n > 0 && is_blank(text[n - 1]))
		n--;
	while (n > 0 && is_blank(*text)) {
		text++;
		n--;
	}
	s->heads = xgrow(s->heads, &s->headcap, s->nheads + 1,
	    sizeof *s->heads);
	h = &s->heads[s->nheads++];
	h->level = level;
	h->text = note_field_text(text, n);
	h->anchor = heading_anchor(h->text);
	h->line = line;
}

static void
add_block(struct scan *s, const char *id, size_t n)
{
	s->blocks = xgrow(s->blocks, &s->blockcap, s->nblocks + 1,
	    sizeof *s->blocks);
	s->blocks[s->nblocks++] = xstrndup(id, n);
}

char *
note_trimdup(const char *p, size_t n)
{
	while (n > 0 && (is_blank(p[n - 1]) || p[n - 1] == '\n'))
		n--;
	while (n > 0 && is_blank(*p)) {
		p++;
		n--;
	}
	return xstrndup(p, n);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                             */
/* ------------------------------------------------------------------ */

/* Columns of leading blanks (tabs to the next multiple of 4) from p,
 * starting at column col; *q is set to the first other byte. */
static size_t
indent_of(const char *p, const char *end, size_t col, const char **q)
{
	size_t c = col;

	while (p < end && is_blank(*p)) {
		c = *p == '\t' ? (c / 4 + 1) * 4 : c + 1;
		p++;
	}
	*q = p;
	return c - col;
}

/* Where the line's longest tail made of one of '-', '*', '_' and blanks
 * begins: no thematic break can start before it. */
static const char *
thematic_tail(const char *p, const char *end)
{
	const char *q = end;
	char c = 0;

	while (q > p) {
		if (is_blank(q[-1])) {
			q--;
		} else if ((q[-1] == '-' || q[-1] == '*' || q[-1] == '_') &&
		    (c == 0 || q[-1] == c)) {
			c = q[-1];
			q--;
		} else {
			break;
		}
	}
	return q;
}

static int
is_thematic(const char *p, const char *end)
{
	int n = 0;
	char c = *p;

	if (c != '-' && c != '*' && c != '_')
		return 0;
	for (; p < end; p++) {
		if (*p == c)
			n++;
		else if (!is_blank(*p))
			return 0;
	}
	return n >= 3;
}

/* A setext underline: a run of '=' or '-' then blanks. */
static int
is_setext(const char *p, const char *end)
{
	char c = *p;

	if (c != '=' && c != '-')
		return 0;
	while (p < end && *p == c)
		p++;
	while (p < end && is_blank(*p))
		p++;
	return p == end;
}

static int
is_table_rule(const char *p, const char *end)
{
	int pipe = 0, dash = 0;

	for (; p < end; p++) {
		if (*p == '|')
			pipe = 1;
		else if (*p == '-')
			dash = 1;
		else if (*p != ':' && !is_blank(*p))
			return 0;
	}
	return pipe && dash;
}

/* A list marker at p: its width in bytes, or 0. */
static size_t
list_marker(const char *p, const char *end)
{
	const char *q = p;

	if (p < end && (*p == '-' || *p == '*' || *p == '+'))
		q = p + 1;
	else {
		while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
			q++;
		if (q == p || q >= end || (*q != '.' && *q != ')'))
			return 0;
		q++;
	}
	if (q < end && !is_blank(*q))
		return 0;
	return (size_t)(q - p);
}

/* "^id" at the end of [p, *end): record it and cut it off. */
static void
block_id(struct scan *s, const char *p, const char **end)
{
	const char *e = *end, *q;

	while (e > p && is_blank(e[-1]))
		e--;
	for (q = e; q > p && (is_alnum((unsigned char)q[-1]) || q[-1] == '-');
	    q--)
		;
	if (q == e || q == p || q[-1] != '^')
		return;
	q--;
	if (q > p && !is_blank(q[-1]))
		return;
	add_block(s, q + 1, (size_t)(e - q - 1));
	*end = q;
}

/* "[label]: dest" reference definition at p: 1 when it was one. */
static int
ref_def(struct scan *s, const char *p, const char *end)
{
	const char *q, *d;

	if (*p != '[' || p + 1 >= end || p[1] == '^')
		return 0;
	for (q = p + 1; q < end && *q != ']' && *q != '['; q++)
		if (*q == '\\')
			q++;
	if (q >= end || *q != ']' || q == p + 1 || q + 1 >= end || q[1] != ':')
		return 0;
	q += 2;
	while (q < end && is_blank(*q))
		q++;
	if (q >= end)
		return 0;
	if (*q == '<') {
		d = ++q;
		while (q < end && *q != '>')
			q++;
		if (q >= end)
			return 0;
		note_link_dest(s, d, (size_t)(q - d), NULL, s->line);
		return 1;
	}
	d = q;
	while (q < end && !is_blank(*q))
		q++;
	note_link_dest(s, d, (size_t)(q - d), NULL, s->line);
	return 1;
}

static void
drop_tags_of_line(struct scan *s, size_t from, int line)
{
	size_t i, k = from;

	for (i = from; i < s->ntags; i++) {
		if (s->tags[i].line == line)
			free(s->tags[i].tag);
		else
			s->tags[k++] = s->tags[i];
	}
	s->ntags = k;
}

static void
push_list(struct scan *s, size_t col)
{
	s->lists = xgrow(s->lists, &s->listcap, s->nlists + 1,
	    sizeof *s->lists);
	s->lists[s->nlists++] = col;
}

/* End a line of the text (the buffer was reserved: mostly no call). */
static void
endline(struct scan *s)
{
	struct buf *b = &s->text;

	if (b->len + 2 <= b->cap) {
		b->ptr[b->len++] = '\n';
		b->ptr[b->len] = '\0';
	} else {
		buf_addc(b, '\n');
	}
}

/* Text after a comment or tag ended mid-line: read as paragraph text. */
static void
rest_of_line(struct scan *s, const char *p, const char *end)
{
	if (p < end) {
		note_prep_line(s, p, end);
		note_inl(s, p, end, INL_TAGS | INL_LINKS);
	}
	endline(s);
}

/*
 * A line that continues an HTML comment, a multi-line tag or an MDX
 * import/export block: 1 when it was read whole, 0 when the block ended
 * and the line is read as usual from its start.
 */
static int
continue_block(struct scan *s, const char *p, const char *end)
{
	const char *q;

	if (s->comment) {
		for (q = p; q + 2 < end; q++)
			if (q[0] == '-' && q[1] == '-' && q[2] == '>')
				break;
		if (q + 2 >= end) {
			endline(s);
			return 1;
		}
		s->comment = 0;
		rest_of_line(s, q + 3, end);
		return 1;
	}
	if (s->tag) {
		s->base = p;
		q = p;
		switch (note_tag_attrs(s, &q, end)) {
		case 0:
			endline(s);
			return 1;
		case 1:
			s->tag = 0;
			rest_of_line(s, q, end);
			return 1;
		default:
			s->tag = 0;
			s->tagbrace = 0;
			break;
		}
	}
	if (s->esm) {
		indent_of(p, end, 0, &q);
		if (q == end) {
			s->esm = 0;
		} else if (*p != '#' && *p != '<') {
			endline(s);
			return 1;
		}
		s->esm = 0;
	}
	return 0;
}

/* The block quote markers at the start of a line: their number; *pp
 * moves past them. */
static int
quote_markers(const char **pp, const char *end)
{
	const char *p = *pp, *q;
	int quote = 0;

	for (;;) {
		if (indent_of(p, end, 0, &q) > 3 || q >= end || *q != '>')
			break;
		p = q + 1;
		if (p < end && is_blank(*p))
			p++;
		quote++;
	}
	*pp = p;
	return quote;
}

/*
 * A line from p (after quote block quote markers) while a fenced code
 * block is open: 1 when it was read whole (code, or the closing fence),
 * 0 when the fence's container ended and the line is read as usual.
 */
static int
fence_line(struct scan *s, const char *p, const char *end, int quote)
{
	const char *q;
	size_t col;

	col = indent_of(p, end, 0, &q);
	if (quote < s->fquote || (q < end && col < s->fbase)) {
		s->fence = 0;	/* its container ended */
		return 0;
	}
	/* a closing fence: at most three columns into its container */
	if (q < end && col - s->fbase < 4 &&
	    md_fence_close(q, (size_t)(end - q), s->fch, s->flen)) {
		s->fence = 0;
		endline(s);
		return 1;
	}
	buf_add(&s->text, p, (size_t)(end - p));
	endline(s);
	return 1;
}

/* An opening code fence at q (in a container whose content
 * starts at column base, quote deep): 1 when it was one. */
static int
fence_open(struct scan *s, const char *q, const char *end, size_t base,
    int quote)
{
	size_t len;
	char ch;

	if ((len = md_fence_open(q, (size_t)(end - q), &ch, NULL)) == 0)
		return 0;
	s->fence = 1;
	s->fch = ch;
	s->flen = len;
	s->fbase = base;
	s->fquote = quote;
	s->para = 0;
	endline(s);
	return 1;
}

/*
 * Thematic breaks and list item markers at *qp (column *colp): each
 * marker opens a list item and moves *qp and *colp past it and past a
 * task box "[ ]"; *item is set when there was one. 1 when the line was
 * read whole (a thematic break, or an item with nothing after it).
 */
static int
list_items(struct scan *s, const char **qp, const char *end, size_t *colp,
    int *item)
{
	const char *q = *qp, *t, *tail;
	size_t col = *colp, w, h;

	tail = thematic_tail(q, end);
	for (;;) {
		if (q >= tail && is_thematic(q, end)) {
			s->para = 0;
			endline(s);
			return 1;
		}
		w = list_marker(q, end);
		if (!w)
			break;
		t = q + w;
		h = indent_of(t, end, col + w, &t);
		if (t == end || h > 4 || h == 0)
			h = 1;
		push_list(s, col + w + h);
		q += w;
		if (q < end)
			q++;
		col += w + 1;
		col += indent_of(q, end, col, &q);
		s->para = 0;
		*item = 1;
		if (q == end) {
			endline(s);
			return 1;
		}
		if (end - q >= 3 && q[0] == '[' && (q[1] == ' ' ||
		    q[1] == 'x' || q[1] == 'X') && q[2] == ']' &&
		    (end - q == 3 || is_blank(q[3]))) {
			q += 3;
			indent_of(q, end, 0, &q);
		}
	}
	*qp = q;
	*colp = col;
	return 0;
}

/* An ATX heading ("## Text ##") at q: 1 when it was one, recorded. */
static int
atx_heading(struct scan *s, const char *q, const char *end)
{
	const char *hs, *he, *t;
	size_t h, start;

	if (*q != '#')
		return 0;
	for (h = 0; q + h < end && q[h] == '#' && h < 7; h++)
		;
	if (h > 6 || (q + h != end && !is_blank(q[h])))
		return 0;
	hs = q + h;
	he = end;
	while (hs < he && is_blank(*hs))
		hs++;
	while (he > hs && is_blank(he[-1]))
		he--;
	for (t = he; t > hs && t[-1] == '#'; t--)
		;
	if (t == hs || is_blank(t[-1]))
		he = t;
	while (he > hs && is_blank(he[-1]))
		he--;
	start = s->text.len;
	note_prep_line(s, hs, he);
	note_inl(s, hs, he, INL_LINKS);
	add_heading(s, (int)h, s->text.ptr ? s->text.ptr + start : "",
	    s->text.len - start, s->line);
	s->para = 0;
	endline(s);
	return 1;
}

/*
 * A line of paragraph text from q to end (item: it opened a list item):
 * a footnote label and a trailing block id are cut off, the rest is read
 * as inline text and kept as the paragraph's last line.
 */
static void
para_line(struct scan *s, const char *q, const char *end, int item)
{
	const char *t, *l;
	int flags;

	/* footnote definition: drop the "[^x]:" */
	if (*q == '[' && q + 1 < end && q[1] == '^') {
		for (t = q + 2; t < end && *t != ']'; t++)
			;
		if (t + 1 < end && t[1] == ':')
			indent_of(t + 2, end, 0, &q);
	}
	t = end;
	block_id(s, q, &t);
	if (q >= t) {
		endline(s);
		return;
	}
	flags = INL_TAGS | INL_LINKS;
	l = t;
	while (l > q && is_blank(l[-1]))
		l--;
	if (*q == '|' || (l > q && l[-1] == '|'))
		flags |= INL_PIPES;
	if (s->para) {
		s->para_lines++;
	} else {
		s->para = 1;
		s->para_lines = 1;
	}
	s->prev_start = s->text.len;
	s->prev_tags = s->ntags;
	s->prev_line = s->line;
	s->prev_item = item;
	note_prep_line(s, q, t);
	note_inl(s, q, t, flags);
	s->prev_end = s->text.len;
	endline(s);
}

/* One line [line, end) of the body: its block structure, then its
 * inline text. */
static void
scan_line(struct scan *s, const char *line, const char *end)
{
	const char *p = line, *q;
	size_t col, rel, base;
	int quote, item = 0;

	s->lstart = line;
	if (continue_block(s, p, end))
		return;
	quote = quote_markers(&p, end);
	if (s->fence && fence_line(s, p, end, quote))
		return;
	if (quote != s->quote)
		s->nlists = 0;
	s->quote = quote;

	col = indent_of(p, end, 0, &q);
	if (q == end) {
		s->para = 0;
		s->para_lines = 0;
		endline(s);
		return;
	}
	while (s->nlists > 0 && col < s->lists[s->nlists - 1])
		s->nlists--;
	base = s->nlists ? s->lists[s->nlists - 1] : 0;
	rel = col - base;

	/* indented code */
	if (rel >= 4 && !s->para) {
		buf_add(&s->text, q, (size_t)(end - q));
		endline(s);
		return;
	}
	/* fenced code */
	if (rel <= 3 && fence_open(s, q, end, base, quote))
		return;
	/* setext underline */
	if (rel <= 3 && s->para && s->para_lines == 1 && !s->prev_item &&
	    is_setext(q, end)) {
		drop_tags_of_line(s, s->prev_tags, s->prev_line);
		add_heading(s, *q == '=' ? 1 : 2, s->text.ptr + s->prev_start,
		    s->prev_end - s->prev_start, s->prev_line);
		s->para = 0;
		endline(s);
		return;
	}
	if (list_items(s, &q, end, &col, &item))
		return;
	if (atx_heading(s, q, end))
		return;
	if (is_table_rule(q, end)) {
		endline(s);
		return;
	}
	/* MDX import/export */
	if (s->mdx && col == 0 && quote == 0 && !s->para &&
	    (str_starts(q, "import ") || str_starts(q, "export ") ||
	    str_starts(q, "import{") || str_starts(q, "export{"))) {
		s->esm = 1;
		endline(s);
		return;
	}
	if (!s->para && rel <= 3 && ref_def(s, q, end)) {
		endline(s);
		return;
	}
	para_line(s, q, end, item);
}

/* Scan the body, clean text of len bytes; lines count from first_line. */
void
note_scan_body(struct scan *s, const char *body, size_t len, int first_line)
{
	const char *p = body, *end = body + len, *nl;

	s->line = first_line;
	buf_grow(&s->text, len + 1);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		scan_line(s, p, nl);
		s->line++;
		p = nl + 1;
	}
}

void
note_scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++) {
		free(s->links[i].target);
		free(s->links[i].anchor);
		free(s->links[i].label);
	}
	free(s->links);
	for (i = 0; i < s->nheads; i++) {
		free(s->heads[i].text);
		free(s->heads[i].anchor);
	}
	free(s->heads);
	for (i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	free(s->blocks);
	for (i = 0; i < s->nids; i++)
		free(s->ids[i]);
	free(s->ids);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i].tag);
	free(s->tags);
	free(s->lists);
	free(s->spans);
	free(s->pairs);
	free(s->runs);
	free(s->stack);
	free(s->bylen);
	buf_free(&s->text);
}
