/*
 * render-cut.c: a long document cut into pieces that cmark-gfm parses
 * as it parses the whole, so that the renderer holds one piece's tree at
 * a time: a note of 50,000 list items made a tree of 60 MB, 30 times its
 * text.
 *
 * A piece ends before a line at which, in a parse of the whole, nothing
 * is open but the document (a blank line, then a line that begins a new
 * top-level block and cannot continue the one before), or nothing but a
 * top-level list that this line gives its next item. The text finds the
 * candidates; the parse of the piece before says whether its last block
 * is of a kind that ends there, or is that list. cmark reads a piece's
 * lines in the same states as it reads them in the whole, so the pieces'
 * trees are the whole's but for what cmark decides over the whole
 * document, and a document that depends on that is not cut:
 *   - link reference and footnote definitions apply to every block (any
 *     line that may define one keeps the document whole);
 *   - a list's tightness and its item count (for the numbers' width)
 *     are over all its items: this pass adds them up over the list's
 *     parts, and the walk (render.c) enters the list once and leaves it
 *     once.
 */
#include "render/render-int.h"

#include <stdlib.h>
#include <string.h>

enum { CUT_NONE, CUT_TOP, CUT_LIST };

/* Only spaces, tabs and a CR before the line's end. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int
digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * Could the line s[0, n) hold or begin a link reference or footnote
 * definition? Container marks ('>', list markers, indentation) are
 * skipped, then a '[' must open a label that ends in "]:", or does not
 * end on the line (a label may go on over lines); a backslash may escape
 * a bracket, so it counts as a definition too. A superset of cmark's.
 */
static int
may_define(const char *s, size_t n)
{
	size_t i = 0, k;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
			i++;
		for (k = i; k < n && digit(s[k]); k++)
			;
		if (k > i && k < n && (s[k] == '.' || s[k] == ')'))
			i = k + 1;
		else if (i < n && (s[i] == '-' || s[i] == '+' || s[i] == '*'))
			i++;
		else
			break;
	}
	if (i >= n || s[i] != '[')
		return 0;
	for (k = i + 1; k < n; k++) {
		if (s[k] == '\\')
			return 1;
		if (s[k] == '[')
			return 0;	/* a label holds no bracket: "[[x]]:" */
		if (s[k] == ']')
			return k + 1 < n && s[k + 1] == ':';
	}
	return 1;
}

/* May the document be cut at all? Not with a definition (see above),
 * nor with a lone CR, which cmark reads as a line's end. */
static int
cuttable(const char *s, size_t len)
{
	const char *r = s, *end = s + len;
	size_t i, e;

	while ((r = memchr(r, '\r', (size_t)(end - r))) != NULL) {
		if (r + 1 == end || r[1] != '\n')
			return 0;
		r++;
	}
	for (i = 0; i < len; i = e + 1) {
		e = rd_line_end(s, len, i);
		if (may_define(s + i, e - i))
			return 0;
	}
	return 1;
}

/*
 * A list item's marker at the start of the line s[0, n) and text after
 * it: its length, or 0. ("- - -" is a rule, and an item with no text
 * would be a different thing after a paragraph.)
 */
static size_t
item_marker(const char *s, size_t n)
{
	size_t k = 0, i;

	if (n > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*')) {
		k = 1;
		if (s[0] != '+') {	/* a thematic break wins */
			int marks = 0;

			for (i = 0; i < n && (s[i] == s[0] || s[i] == ' ' ||
			    s[i] == '\t' || s[i] == '\r'); i++)
				marks += s[i] == s[0];
			if (i == n && marks >= 3)
				return 0;
		}
	} else {
		while (k < n && k < 9 && digit(s[k]))
			k++;
		if (k == 0 || k >= n || (s[k] != '.' && s[k] != ')'))
			return 0;
		k++;
	}
	if (k >= n || (s[k] != ' ' && s[k] != '\t') || blank(s + k, n - k))
		return 0;
	return k;
}

/*
 * What cut the line s[0, n) offers, after a line that was blank or not:
 * after a blank line, a line at the left margin that cannot go on with a
 * list (nor be a byte-order mark to cmark); after text, a list item.
 */
static int
cut_kind(const char *s, size_t n, int after_blank)
{
	if (after_blank)
		return n > 0 && s[0] > ' ' && s[0] < 0x7f &&
		    !strchr("-+*0123456789", s[0]) ? CUT_TOP : CUT_NONE;
	return item_marker(s, n) ? CUT_LIST : CUT_NONE;
}

/* The first line at or after from that offers a cut: its offset (len
 * when none) and its kind. */
static size_t
next_cut(const char *s, size_t len, size_t from, int *kind)
{
	size_t p = from, q, e;
	int prev_blank;

	while (p < len && s[p - 1] != '\n')
		p++;
	/* was the line before p blank? */
	q = p - 1;
	while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t' ||
	    s[q - 1] == '\r'))
		q--;
	prev_blank = q == 0 || s[q - 1] == '\n';
	for (; p < len; p = e + 1) {
		e = rd_line_end(s, len, p);
		if ((*kind = cut_kind(s + p, e - p, prev_blank)) != CUT_NONE)
			return p;
		prev_blank = blank(s + p, e - p);
	}
	*kind = CUT_NONE;
	return len;
}

/* Does list (a top-level list of the piece seg) take the item whose
 * marker starts line? Same type, and the same bullet or delimiter. */
static int
same_list(cmark_node *list, const char *seg, size_t seglen,
    const char *line)
{
	int ln = cmark_node_get_start_line(list), col;
	size_t i = 0;

	if (digit(line[0]) != (cmark_node_get_list_type(list) ==
	    CMARK_ORDERED_LIST))
		return 0;
	if (digit(line[0])) {
		while (digit(*line))
			line++;
		return (*line == ')') == (cmark_node_get_list_delim(list) ==
		    CMARK_PAREN_DELIM);
	}
	for (; ln > 1 && i < seglen; ln--)
		i = rd_line_end(seg, seglen, i) + 1;
	col = cmark_node_get_start_column(list);
	return col > 0 && i + (size_t)col - 1 < seglen &&
	    seg[i + (size_t)col - 1] == line[0];
}

/* Is a cut of kind right after the piece seg[0, n), parsed as doc,
 * before the line at next? */
static int
cut_ok(cmark_node *doc, const char *seg, size_t n, const char *next,
    int kind)
{
	cmark_node *last = cmark_node_last_child(doc);

	if (!last)
		return kind == CUT_TOP;
	switch (cmark_node_get_type(last)) {
	case CMARK_NODE_LIST:
		return kind == CUT_TOP || same_list(last, seg, n, next);
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
	case CMARK_NODE_THEMATIC_BREAK:
	case CMARK_NODE_BLOCK_QUOTE:
		/* a blank line closed each of these (not code, HTML or a
		 * table, which a blank line may not end) */
		return kind == CUT_TOP;
	default:
		return 0;
	}
}

/* Count part, the next part of a list cut over pieces, in what head (the
 * list's first piece) records for the whole list. */
static void
add_part(struct rpiece *head, cmark_node *part)
{
	head->tight = head->tight && cmark_node_get_list_tight(part);
	head->items += rd_list_items(part);
}

/*
 * Where the piece from start ends: the first cut the parse of the piece
 * before it takes, at least piece bytes on (the kind in *kind, the parse
 * in *doc), or len (CUT_NONE, *doc NULL). Past a cut refused, the next
 * try is at least twice as far, so that a run of refusals (list items in
 * a fence) costs a few parses, not one per line.
 */
static size_t
cut_after(const char *src, size_t len, size_t start, size_t piece,
    int *kind, cmark_node **doc)
{
	size_t want = piece, end;

	for (;;) {
		if (len - start <= want)
			break;
		end = next_cut(src, len, start + want, kind);
		if (end == len)
			break;
		*doc = rd_parse(src + start, end - start);
		if (cut_ok(*doc, src + start, end - start, src + end, *kind))
			return end;
		cmark_node_free(*doc);
		want = want * 2 > end - start + 1 ? want * 2 : end - start + 1;
	}
	*kind = CUT_NONE;
	*doc = NULL;
	return len;
}

size_t
rd_cut(const char *src, size_t len, size_t piece, struct rpiece **out)
{
	struct rpiece *v = xcalloc(1, sizeof *v);
	size_t n = 0, cap = 1, start = 0, end, head = 0;
	int kind, joins = 0;
	cmark_node *doc, *first, *last;

	if (piece == 0)
		piece = 1;
	if (len <= piece || !cuttable(src, len))
		goto whole;
	for (; start < len; start = end, n++) {
		end = cut_after(src, len, start, piece, &kind, &doc);
		if (!doc && joins)	/* the last piece: its part counts */
			doc = rd_parse(src + start, end - start);
		v = xgrow(v, &cap, n + 1, sizeof *v);
		memset(&v[n], 0, sizeof v[n]);
		v[n].off = start;
		v[n].len = end - start;
		v[n].joins = joins;
		first = doc ? cmark_node_first_child(doc) : NULL;
		last = doc ? cmark_node_last_child(doc) : NULL;
		if (joins) {
			if (!first || cmark_node_get_type(first) !=
			    CMARK_NODE_LIST) {
				cmark_node_free(doc);
				goto whole;	/* not what the text said */
			}
			add_part(&v[head], first);
		}
		if (kind == CUT_LIST && !(joins && first == last)) {
			head = n;	/* a list begins that goes on */
			v[n].tight = 1;
			add_part(&v[n], last);
		}
		joins = kind == CUT_LIST;
		if (doc)
			cmark_node_free(doc);
	}
	*out = v;
	return n;
whole:
	memset(v, 0, sizeof *v);
	v->len = len;
	*out = v;
	return 1;
}
