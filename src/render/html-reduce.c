/*
 * html-reduce.c: the HTML in Markdown reduced to Markdown: the one
 * reduction that notes and slides share (render_html_to_md()), and the
 * code fence rules it and the deck splitter follow. Code spans and fenced
 * code are left exactly as written.
 */
#include "render/html.h"
#include "render/html-int.h"
#include "render/render.h"
#include "core/entity.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* List levels tracked; deeper ones indent like the deepest. */
#define MAXLISTS 16
/* A longer run of backticks opens no code span. */
#define MAXTICKS 1000

/* Elements that separate blocks: a paragraph break on either side. */
static const char *const block_elems[] = {
	"p", "div", "section", "article", "header", "footer", "main", "aside",
	"nav", "center", "figure", "figcaption", "details", "table", "thead",
	"tbody", "tfoot", "tr", "blockquote", "dl", "dt", "dd", "form",
	"address", "body", "html", "head", "video", "audio", "picture",
	"iframe", "object", "canvas",
};

/* Elements whose content is not text: dropped with it. */
static const char *const skipped_elems[] = { "script", "style", "svg" };

/* Vue's structural components, shown as their content (Slidev's v-click
 * family is any v-... or V... name, see transparent()). */
static const char *const transparent_components[] = {
	"template", "transition", "transition-group", "keep-alive", "slot",
};

static const struct {
	const char *name;
	const char *md;
} inline_marks[] = {
	{ "b", "**" }, { "strong", "**" }, { "i", "*" }, { "em", "*" },
	{ "s", "~~" }, { "del", "~~" }, { "strike", "~~" }, { "code", "`" },
	{ "kbd", "`" }, { "tt", "`" },
};
#define NMARKS (sizeof inline_marks / sizeof inline_marks[0])

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
in_list(const char *name, size_t nlen, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == nlen &&
		    strncasecmp(names[i], name, nlen) == 0)
			return 1;
	return 0;
}

/* ---- the reduction ---- */

struct reduce {
	struct buf *out;
	const char *s;		/* the input */
	size_t len;
	size_t seg;		/* end of the current run of lines (a blank
				 * or fence line): no tag or code span
				 * crosses it */
	size_t mark_at[NMARKS];	/* out->len after an open mark */
	int mark_open[NMARKS];
	int lists[MAXLISTS];	/* 0 bullet, else next number */
	int nlists;
	int skip_ws;		/* blanks dropped until the next text */
	int space;		/* a space owed before the next text */
	int html;		/* this line is in an HTML block: its
				 * indentation is not Markdown */
	int lead;		/* this input line starts with a tag, and
				 * no text of it went out yet */
	size_t brk;		/* out->len just after our hard break */
	char *href;		/* of the open <a> */
	struct buf seen;	/* the last open component's title and
				 * image alt, "\n"-separated: an <img>
				 * inside with that alt is not repeated */
	/* Where the last run of i backticks was seen; once the current
	 * run of lines was scanned to its end (ticks_seg == seg), a run
	 * with no later one of its length is known to close nothing.
	 * Keeps hostile backticks linear, as in cmark. */
	size_t ticks[MAXTICKS + 1];
	size_t ticks_seg;
};

/* Append input bytes as they are, NUL as U+FFFD. */
static void
add_raw(struct buf *out, const char *s, size_t n)
{
	const char *nul;

	while (n && (nul = memchr(s, '\0', n)) != NULL) {
		buf_add(out, s, (size_t)(nul - s));
		buf_adds(out, "\xef\xbf\xbd");
		n -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	buf_add(out, s, n);
}

/* Is the output's current line empty but for blanks? */
static int
at_line_start(const struct reduce *r)
{
	size_t i = r->out->len;

	while (i > 0 && is_blank((unsigned char)r->out->ptr[i - 1]))
		i--;
	return i == 0 || r->out->ptr[i - 1] == '\n';
}

/* Trailing blanks, and a hard break of ours left at the end, dropped. */
static void
trim_end(struct reduce *r)
{
	struct buf *b = r->out;

	for (;;) {
		while (b->len && is_blank((unsigned char)b->ptr[b->len - 1]))
			buf_truncate(b, b->len - 1);
		if (!r->brk || b->len != r->brk)
			return;
		buf_truncate(b, b->len - 2);	/* "\\\n" */
		r->brk = 0;
	}
}

static void close_mark(struct reduce *, size_t);

/* Start a new output line; emphasis does not go on across it. */
static void
new_line(struct reduce *r)
{
	size_t m;

	for (m = 0; m < NMARKS; m++)
		close_mark(r, m);
	trim_end(r);
	if (r->out->len && r->out->ptr[r->out->len - 1] != '\n')
		buf_addc(r->out, '\n');
	r->space = 0;
}

/* End the current paragraph. */
static void
para_break(struct reduce *r)
{
	new_line(r);
	if (r->out->len && (r->out->len < 2 ||
	    r->out->ptr[r->out->len - 2] != '\n'))
		buf_addc(r->out, '\n');
}

/* Before text: the space owed, if any. */
static void
before_text(struct reduce *r)
{
	if (r->space && r->out->len &&
	    !html_is_space((unsigned char)r->out->ptr[r->out->len - 1]))
		buf_addc(r->out, ' ');
	r->space = 0;
	r->skip_ws = 0;
	r->lead = 0;
}

/*
 * Text that a tag left at the start of an output line ("<p># 1</p>",
 * "<span>- x</span>") is text, not a heading or a list: its first
 * character escaped.
 */
static void
lead_escape(struct reduce *r, char c)
{
	struct buf *b = r->out;

	if (c && r->lead && strchr("#>-+*=~|", c) &&
	    (b->len == 0 || b->ptr[b->len - 1] == '\n'))
		buf_addc(b, '\\');
}

/* Append text Markdown-escaped (attribute values are text, not syntax). */
static void
add_escaped(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
			buf_addc(out, ' ');
			continue;
		}
		if (s[i] && strchr("\\`*_[]<>#!|~&{}", s[i]))
			buf_addc(out, '\\');
		add_raw(out, s + i, 1);
	}
}

/* Append a URL as a link destination: what would end or break it
 * (space, parentheses, angle brackets, controls) percent-encoded. */
static void
add_url(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= ' ' || ch == 0x7f || strchr("()<>\\", ch))
			buf_printf(out, "%%%02X", ch);
		else
			buf_addc(out, (char)ch);
	}
}

static void
open_mark(struct reduce *r, size_t m)
{
	if (r->mark_open[m])
		return;
	before_text(r);
	buf_adds(r->out, inline_marks[m].md);
	r->mark_open[m] = 1;
	r->mark_at[m] = r->out->len;
	r->skip_ws = 1;
}

/* Close mark m before the blanks, or the hard break, that end its text
 * ("**b** "). */
static void
close_mark(struct reduce *r, size_t m)
{
	struct buf tail = BUF_INIT;
	size_t k, n = strlen(inline_marks[m].md);
	int brk;

	if (!r->mark_open[m])
		return;
	r->mark_open[m] = 0;
	if (r->out->len == r->mark_at[m]) {
		buf_truncate(r->out, r->out->len - n);
		return;
	}
	k = r->out->len;
	brk = r->brk && r->brk == k && k >= r->mark_at[m] + 2;
	if (brk)
		k -= 2;		/* "\\\n" */
	while (k > r->mark_at[m] && html_is_space((unsigned char)r->out->ptr[k - 1]))
		k--;
	buf_add(&tail, r->out->ptr + k, r->out->len - k);
	buf_truncate(r->out, k);
	buf_adds(r->out, inline_marks[m].md);
	if (tail.len)
		buf_add(r->out, tail.ptr, tail.len);
	if (brk)
		r->brk = r->out->len;
	buf_free(&tail);
}

static void
list_item(struct reduce *r)
{
	int k, *n;

	new_line(r);
	if (r->nlists == 0) {
		buf_adds(r->out, "- ");
		r->skip_ws = 1;
		return;
	}
	for (k = 0; k < r->nlists - 1 && k < MAXLISTS; k++)
		buf_adds(r->out, r->lists[k] ? "    " : "  ");
	n = &r->lists[r->nlists - 1 < MAXLISTS ? r->nlists - 1 : MAXLISTS - 1];
	if (*n > 0) {
		buf_printf(r->out, "%d. ", *n);
		if (*n < 1000000)
			(*n)++;
	} else
		buf_adds(r->out, "- ");
	r->skip_ws = 1;
}

/* Does only a line end, or another tag, follow s[i]? */
static int
line_ends(const struct reduce *r, size_t i)
{
	while (i < r->len && (is_blank((unsigned char)r->s[i]) ||
	    r->s[i] == '\r'))
		i++;
	return i >= r->len || r->s[i] == '\n' || r->s[i] == '<';
}

/* One human attribute, in mark: a paragraph, or a word group. */
static void
human_part(struct reduce *r, const char *mark, const char *s, size_t n,
    int block)
{
	buf_adds(r->out, mark);
	add_escaped(r->out, s, n);
	buf_adds(r->out, mark);
	if (block)
		para_break(r);
	else
		buf_addc(r->out, ' ');
}

/*
 * A component's human attributes: as paragraphs of their own (the head
 * in bold, the subtitle in italics) when the tag stands alone on its
 * line, else inline.
 */
static void
component(struct reduce *r, const struct htag *t, size_t end)
{
	struct buf head = BUF_INIT, sub = BUF_INIT, rest = BUF_INIT;
	struct buf alt = BUF_INIT, src = BUF_INIT;
	const char *p, *nl, *e;
	int block;

	html_tag_human(t, &head, &sub, &rest);
	buf_reset(&r->seen);
	if (html_tag_attr(t, "title", &r->seen))
		buf_addc(&r->seen, '\n');
	if (html_tag_image(t, &alt, &src)) {
		buf_add(&r->seen, alt.ptr, alt.len);
		buf_addc(&r->seen, '\n');
	}
	if (!head.len && !sub.len && !rest.len && !alt.len)
		goto fail;
	block = at_line_start(r) && line_ends(r, end);
	if (block)
		para_break(r);
	else {
		before_text(r);
		if (r->out->len &&
		    !html_is_space((unsigned char)r->out->ptr[r->out->len - 1]))
			buf_addc(r->out, ' ');
	}
	if (head.len)
		human_part(r, "**", head.ptr, head.len, block);
	if (sub.len)
		human_part(r, "*", sub.ptr, sub.len, block);
	for (p = buf_str(&rest), e = p + rest.len; p < e; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(e - p))))
			nl = e;
		human_part(r, "", p, (size_t)(nl - p), block);
	}
	if (alt.len) {
		buf_adds(r->out, "![");
		add_escaped(r->out, alt.ptr, alt.len);
		buf_adds(r->out, "](");
		add_url(r->out, src.ptr, src.len);
		buf_addc(r->out, ')');
		if (block)
			para_break(r);
		else
			buf_addc(r->out, ' ');
	}
	trim_end(r);
	if (block) {
		para_break(r);
		r->skip_ws = 1;
	} else
		r->space = 1;
fail:
	buf_free(&head);
	buf_free(&sub);
	buf_free(&rest);
	buf_free(&alt);
	buf_free(&src);
}

/* Did the open component print text equal to the n bytes at s? */
static int
component_said(const struct reduce *r, const char *s, size_t n)
{
	const char *p = buf_str(&r->seen), *e = p + r->seen.len, *nl;

	for (; p < e; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (!nl)
			nl = e;
		if ((size_t)(nl - p) == n && n > 0 && memcmp(p, s, n) == 0)
			return 1;
	}
	return 0;
}

/* <pre>: its text up to </pre>, tags dropped and references decoded, as
 * a fenced code block. Returns where the source goes on. */
static size_t
pre_block(struct reduce *r, size_t i)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	const char *s = r->s;
	struct htag t;
	size_t n, k, fence = 3;

	for (; i < r->len; i++) {
		if (s[i] == '<') {
			n = html_tag_parse(s + i, r->len - i, &t);
			if (n && html_tag_is(&t, "pre") && t.closing) {
				i += n;
				break;
			}
			if (n) {
				i += n - 1;
				continue;
			}
		}
		add_raw(&raw, s + i, 1);
	}
	entity_unescape(&text, buf_str(&raw), raw.len);
	for (k = 0, n = 0; k < text.len; k++) {
		n = text.ptr[k] == '`' ? n + 1 : 0;
		if (n >= fence)
			fence = n + 1;
	}
	para_break(r);
	for (k = 0; k < fence; k++)
		buf_addc(r->out, '`');
	buf_addc(r->out, '\n');
	k = 0;
	while (k < text.len && text.ptr[k] == '\n')
		k++;
	if (k < text.len)
		buf_add(r->out, text.ptr + k, text.len - k);
	if (r->out->ptr[r->out->len - 1] != '\n')
		buf_addc(r->out, '\n');
	for (k = 0; k < fence; k++)
		buf_addc(r->out, '`');
	buf_adds(r->out, "\n\n");
	buf_free(&raw);
	buf_free(&text);
	return i;
}

/* Past the element t opened at end: to the end of its closing tag. */
static size_t
skip_element(const struct reduce *r, const struct htag *t, size_t end)
{
	const char *s = r->s;
	size_t close;

	if (t->selfclose)
		return end;
	for (close = end; close < r->len; close++)
		if (s[close] == '<' && close + 2 + t->nlen <= r->len &&
		    s[close + 1] == '/' &&
		    strncasecmp(s + close + 2, t->name, t->nlen) == 0)
			break;
	while (close < r->len && s[close] != '>')
		close++;
	return close < r->len ? close + 1 : r->len;
}

/* Slidev's <v-click>, <VClick>... and Vue's <template>, <transition>. */
static int
transparent(const struct htag *t)
{
	if (t->nlen > 2 && (strncmp(t->name, "v-", 2) == 0 ||
	    (t->name[0] == 'V' && isupper((unsigned char)t->name[1]))))
		return 1;
	return in_list(t->name, t->nlen, transparent_components,
	    sizeof transparent_components / sizeof transparent_components[0]);
}

/* <br>: a hard break after text; a second one ends the paragraph. */
static void
line_break(struct reduce *r)
{
	if (r->brk && r->out->len == r->brk) {
		para_break(r);
		return;
	}
	if (at_line_start(r) || r->skip_ws)
		return;
	trim_end(r);
	buf_adds(r->out, "\\\n");
	r->brk = r->out->len;
	r->space = 0;
	r->skip_ws = 1;
}

static void
image(struct reduce *r, const struct htag *t)
{
	struct buf v = BUF_INIT;

	if (html_tag_attr(t, "alt", &v) && component_said(r, v.ptr, v.len)) {
		buf_free(&v);
		return;
	}
	buf_reset(&v);
	before_text(r);
	if (!at_line_start(r) &&
	    !html_is_space((unsigned char)r->out->ptr[r->out->len - 1]))
		buf_addc(r->out, ' ');
	buf_adds(r->out, "![");
	if (html_tag_attr(t, "alt", &v))
		add_escaped(r->out, v.ptr, v.len);
	buf_adds(r->out, "](");
	buf_reset(&v);
	if (html_tag_attr(t, "src", &v))
		add_url(r->out, v.ptr, v.len);
	buf_addc(r->out, ')');
	buf_free(&v);
}

static void
anchor(struct reduce *r, const struct htag *t)
{
	struct buf v = BUF_INIT;

	if (!t->closing && !t->selfclose && !r->href &&
	    html_tag_attr(t, "href", &v)) {
		before_text(r);
		buf_addc(r->out, '[');
		r->href = buf_take(&v);
		r->skip_ws = 1;
	} else if (t->closing && r->href) {
		while (r->out->len && r->out->ptr[r->out->len - 1] == ' ')
			buf_truncate(r->out, r->out->len - 1);
		buf_adds(r->out, "](");
		add_url(r->out, r->href, strlen(r->href));
		buf_addc(r->out, ')');
		free(r->href);
		r->href = NULL;
	}
	buf_free(&v);
}

static void
list_tag(struct reduce *r, const struct htag *t)
{
	if (t->closing) {
		if (r->nlists > 0)
			r->nlists--;
		if (r->nlists == 0)
			para_break(r);
		else
			new_line(r);
	} else if (!t->selfclose) {
		if (r->nlists == 0)
			para_break(r);
		if (r->nlists < MAXLISTS)
			r->lists[r->nlists] = html_tag_is(t, "ol");
		r->nlists++;
	}
}

/* Handle one tag that ends at end; returns where the source goes on. */
static size_t
reduce_tag(struct reduce *r, const struct htag *t, size_t end)
{
	size_t m;
	int level;

	if (t->comment || t->nlen == 0)
		return end;
	if (!t->closing && in_list(t->name, t->nlen, skipped_elems,
	    sizeof skipped_elems / sizeof skipped_elems[0]))
		return skip_element(r, t, end);
	if (html_tag_component(t)) {
		if (transparent(t))
			return end;
		if (!t->closing)
			component(r, t, end);
		else
			buf_reset(&r->seen);
		if (t->closing && (end >= r->len || r->s[end] == '\n' ||
		    r->s[end] == '\r') && (r->html || at_line_start(r)))
			para_break(r);	/* </Card> ends its paragraph */
		return end;
	}
	for (m = 0; m < NMARKS; m++)
		if (html_tag_is(t, inline_marks[m].name)) {
			if (t->closing)
				close_mark(r, m);
			else if (!t->selfclose)
				open_mark(r, m);
			return end;
		}
	if (html_tag_is(t, "br")) {
		line_break(r);
	} else if (t->nlen == 2 && (t->name[0] == 'h' || t->name[0] == 'H') &&
	    t->name[1] >= '1' && t->name[1] <= '6') {
		para_break(r);
		if (!t->closing) {
			for (level = t->name[1] - '0'; level > 0; level--)
				buf_addc(r->out, '#');
			buf_addc(r->out, ' ');
			r->skip_ws = 1;
		}
	} else if (html_tag_is(t, "hr")) {
		para_break(r);
		buf_adds(r->out, "***\n\n");
	} else if (html_tag_is(t, "ul") || html_tag_is(t, "ol")) {
		list_tag(r, t);
	} else if (html_tag_is(t, "li")) {
		if (!t->closing)
			list_item(r);
	} else if (html_tag_is(t, "img")) {
		if (!t->closing)
			image(r, t);
	} else if (html_tag_is(t, "a")) {
		anchor(r, t);
	} else if (html_tag_is(t, "summary")) {
		if (!t->closing) {
			para_break(r);
			open_mark(r, 0);
		} else {
			close_mark(r, 0);
			para_break(r);
		}
	} else if (html_tag_is(t, "pre")) {
		if (!t->closing && !t->selfclose)
			end = pre_block(r, end);
	} else if (html_tag_is(t, "td") || html_tag_is(t, "th")) {
		if (!t->closing && !at_line_start(r))
			buf_adds(r->out, " | ");
	} else if (in_list(t->name, t->nlen, block_elems,
	    sizeof block_elems / sizeof block_elems[0])) {
		/* inside a list item a block only starts a line */
		if (r->nlists == 0)
			para_break(r);
		else if (!r->skip_ws)
			new_line(r);
	}
	return end;
}

/* The end of line i (its '\n' or the end of the input). */
static size_t
line_end(const struct reduce *r, size_t i)
{
	const char *nl = memchr(r->s + i, '\n', r->len - i);

	return nl ? (size_t)(nl - r->s) : r->len;
}

/* Is line [i, e) blank? Sets *k past its indentation. */
static int
blank_line(const struct reduce *r, size_t i, size_t e, size_t *k)
{
	while (i < e && (is_blank((unsigned char)r->s[i]) || r->s[i] == '\r'))
		i++;
	*k = i;
	return i == e;
}

/* Does the line from k (past its indentation: list items indent their
 * fences deeper than CommonMark's 3 columns) to e open a fence? */
static size_t
fence_line(const struct reduce *r, size_t k, size_t e, char *ch)
{
	return md_fence_open(r->s + k, e - k, ch, NULL);
}

/* Where the run of lines after line i ends: at the next blank or fence
 * line. */
static size_t
seg_end(const struct reduce *r, size_t i)
{
	size_t e = line_end(r, i), k;
	char ch;

	while (e < r->len) {
		i = e + 1;
		e = line_end(r, i);
		if (blank_line(r, i, e, &k) || fence_line(r, k, e, &ch))
			return i;
	}
	return r->len;
}

/*
 * At the start of input line i: a fenced code block is copied as it is
 * (up to its closing line, or the end); a blank line ends an HTML block;
 * indentation is kept where it is Markdown, dropped in an HTML block and
 * before a tag. Returns where the source goes on.
 */
static size_t
line_start(struct reduce *r, size_t i)
{
	size_t e = line_end(r, i), k, flen, n;
	struct htag t;
	char ch;

	if (blank_line(r, i, e, &k)) {	/* the paragraph ends */
		r->html = 0;
		para_break(r);
		r->skip_ws = 0;
		return k;
	}
	if ((flen = fence_line(r, k, e, &ch)) > 0) {
		new_line(r);
		for (;;) {
			add_raw(r->out, r->s + i, e - i);
			buf_addc(r->out, '\n');
			if (e + 1 >= r->len)
				break;
			i = e + 1;
			e = line_end(r, i);
			blank_line(r, i, e, &k);
			if (md_fence_close(r->s + k, e - k, ch, flen)) {
				add_raw(r->out, r->s + i, e - i);
				buf_addc(r->out, '\n');
				break;
			}
		}
		r->html = 0;
		r->skip_ws = 0;
		r->space = 0;
		return e < r->len ? e + 1 : r->len;
	}
	n = r->s[k] == '<' ? html_tag_parse(r->s + k, r->seg - k, &t) : 0;
	if (n)
		r->html = 1;
	r->lead = n > 0;
	if (!n && !r->html && !r->skip_ws && at_line_start(r))
		add_raw(r->out, r->s + i, k - i);
	return k;
}

/* A code span from the backtick run at i: copied as it is. An unmatched
 * run is literal backticks, escaped so that no tag taken away around it
 * can make it a code span or a fence. Returns where the source goes
 * on. */
static size_t
code_span(struct reduce *r, size_t i)
{
	const char *s = r->s, *p;
	size_t run, k, m;

	for (run = 0; i + run < r->seg && s[i + run] == '`'; run++)
		;
	k = run > MAXTICKS || (r->ticks_seg == r->seg && r->ticks[run] <= i) ?
	    r->seg : i + run;
	for (; k < r->seg; k = m) {
		if (!(p = memchr(s + k, '`', r->seg - k))) {
			r->ticks_seg = r->seg;
			k = r->seg;
			break;
		}
		k = (size_t)(p - s);
		for (m = k; m < r->seg && s[m] == '`'; m++)
			;
		if (m - k <= MAXTICKS && k > r->ticks[m - k])
			r->ticks[m - k] = k;	/* the last one seen */
		if (m - k == run)
			break;
		if (m >= r->seg)
			r->ticks_seg = r->seg;
	}
	before_text(r);
	if (k < r->seg) {
		add_raw(r->out, s + i, k + run - i);
		return k + run;
	}
	for (k = 0; k < run; k++)	/* literal, and must stay so */
		buf_adds(r->out, "\\`");
	return i + run;
}

/* Text: a newline or one character. */
static void
text(struct reduce *r, char c)
{
	struct buf *b = r->out;

	if (c == '\n') {
		r->space = 0;
		if (r->skip_ws || b->len == 0 || (r->brk && b->len == r->brk))
			return;
		if (r->html)
			trim_end(r);
		if (b->len >= 2 && b->ptr[b->len - 1] == '\n' &&
		    b->ptr[b->len - 2] == '\n')
			return;
		buf_addc(b, '\n');
		return;
	}
	if (c == ' ' || c == '\t' || c == '\r') {
		/* (indentation is line_start()'s: these follow a tag) */
		if (!r->skip_ws && !r->space && b->len &&
		    b->ptr[b->len - 1] != '\n')
			buf_addc(b, c == '\t' ? '\t' : ' ');
		return;
	}
	lead_escape(r, c);
	before_text(r);
	if (c == '\0')
		buf_adds(b, "\xef\xbf\xbd");
	else
		buf_addc(b, c);
}

char *
render_html_to_md(const char *html, size_t len)
{
	struct buf out = BUF_INIT;
	struct reduce r;
	struct htag t;
	size_t i = 0, n, m, bol = (size_t)-1, lim;

	memset(&r, 0, sizeof r);
	r.out = &out;
	r.s = html;
	r.len = len;
	while (i < len) {
		if (i >= r.seg)	/* past a comment, <pre> or <script> */
			r.seg = seg_end(&r, i);
		if ((i == 0 || html[i - 1] == '\n') && bol != i) {
			bol = i;
			i = line_start(&r, i);
			continue;
		}
		if (html[i] == '\\' && i + 1 < len &&
		    ispunct((unsigned char)html[i + 1])) {
			before_text(&r);
			buf_add(&out, html + i, 2);
			i += 2;
			continue;
		}
		if (html[i] == '`') {
			i = code_span(&r, i);
			continue;
		}
		if (html[i] == '<') {
			/* comments and declarations may span blank lines */
			lim = i + 1 < len && (html[i + 1] == '!' ||
			    html[i + 1] == '?') ? len : r.seg;
			n = html_tag_parse(html + i, lim - i, &t);
			if (n) {
				i = reduce_tag(&r, &t, i + n);
				continue;
			}
			/* A '<' that starts no tag but is not followed by a
			 * blank, a digit or '=' is escaped, so that the text
			 * on its two sides, joined once a tag between them is
			 * gone, cannot form one ("<<span>b>" must not become
			 * "<b>"); "a < b" stays as written. */
			if (i + 1 < len && !isspace((unsigned char)html[i + 1]) &&
			    !isdigit((unsigned char)html[i + 1]) &&
			    html[i + 1] != '=') {
				before_text(&r);
				buf_addc(&out, '\\');
			}
		}
		text(&r, html[i]);
		i++;
	}
	for (m = 0; m < NMARKS; m++)
		close_mark(&r, m);
	trim_end(&r);
	free(r.href);
	buf_free(&r.seen);
	return buf_take(&out);
}
