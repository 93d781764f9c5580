/* html.c: HTML/JSX tags parsed, and HTML blocks reduced to Markdown. */
#include "render/html.h"
#include "render/render.h"
#include "render/width.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A tag longer than this is not one (keeps hostile input linear). */
#define HTAG_MAXLEN 4096

static const char *const human_attrs[] = {
	"subtitle", "description", "label", "alt", "caption", "heading",
};

/* Elements that separate blocks: a paragraph break on either side. */
static const char *const block_elems[] = {
	"p", "div", "section", "article", "header", "footer", "main", "aside",
	"nav", "center", "figure", "figcaption", "details", "table", "thead",
	"tbody", "tfoot", "tr", "blockquote", "dl", "dt", "dd", "form",
	"address", "body", "html", "head", "video", "audio", "picture",
	"iframe", "object", "canvas", "svg",
};

/* Slidev's and Vue's structural components: shown as their content. */
static const char *const transparent_components[] = {
	"v-click", "v-clicks", "v-after", "v-click-hide", "v-switch",
	"v-drag", "v-mark", "template", "transition", "slot",
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
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The end of a quoted or braced run starting at s[i], or 0. */
static size_t
skip_quoted(const char *s, size_t len, size_t i)
{
	char q = s[i];

	for (i++; i < len; i++)
		if (s[i] == q)
			return i + 1;
	return 0;
}

static size_t
skip_braces(const char *s, size_t len, size_t i)
{
	int depth = 0;
	size_t e;

	for (; i < len; i++) {
		if (s[i] == '"' || s[i] == '\'' || s[i] == '`') {
			e = skip_quoted(s, len, i);
			if (!e)
				return 0;
			i = e - 1;
		} else if (s[i] == '{')
			depth++;
		else if (s[i] == '}' && --depth == 0)
			return i + 1;
	}
	return 0;
}

static size_t
find(const char *s, size_t len, size_t from, const char *what)
{
	size_t n = strlen(what);

	for (; from + n <= len; from++)
		if (memcmp(s + from, what, n) == 0)
			return from;
	return len;
}

size_t
html_tag_parse(const char *s, size_t len, struct htag *t)
{
	size_t i = 1, e, n;
	struct hattr *a;

	memset(t, 0, sizeof *t);
	t->name = "";
	if (len < 2 || s[0] != '<')
		return 0;
	/* Comments and declarations run as long as they need to. */
	if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
		t->comment = 1;
		e = find(s, len, 4, "-->");
		return e == len ? len : e + 3;
	}
	if (s[1] == '!' || s[1] == '?') {
		if (len < 3 || !(isalpha((unsigned char)s[2]) || s[2] == '[' ||
		    s[1] == '?'))
			return 0;
		t->comment = 1;
		e = find(s, len, 2, s[2] == '[' ? "]]>" : ">");
		if (e == len)
			return 0;
		return e + (s[2] == '[' ? 3 : 1);
	}
	if (len > HTAG_MAXLEN)
		len = HTAG_MAXLEN;
	if (s[i] == '/') {
		t->closing = 1;
		i++;
	}
	if (i < len && s[i] == '>') {	/* a JSX fragment <> or </> */
		t->name = s + i;
		return i + 1;
	}
	if (i >= len || !isalpha((unsigned char)s[i]))
		return 0;
	t->name = s + i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' ||
	    s[i] == '_' || s[i] == ':' || s[i] == '.'))
		i++;
	t->nlen = (size_t)(s + i - t->name);
	for (;;) {
		while (i < len && is_space((unsigned char)s[i]))
			i++;
		if (i >= len)
			return 0;
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '>') {
			t->selfclose = 1;
			return i + 2;
		}
		if (t->closing)
			return 0;
		if (s[i] == '{') {
			e = skip_braces(s, len, i);
			if (!e)
				return 0;
			t->has_expr = 1;
			i = e;
			continue;
		}
		n = i;
		while (i < len && !is_space((unsigned char)s[i]) &&
		    !strchr("/>=\"'{}<`", s[i]))
			i++;
		if (i == n)
			return 0;
		a = t->nattrs < HTAG_MAXATTR ? &t->attrs[t->nattrs++] : NULL;
		if (a) {
			a->name = s + n;
			a->nlen = i - n;
			a->val = NULL;
			a->vlen = 0;
			a->expr = 0;
		}
		e = i;
		while (e < len && is_space((unsigned char)s[e]))
			e++;
		if (e >= len || s[e] != '=')
			continue;
		i = e + 1;
		while (i < len && is_space((unsigned char)s[i]))
			i++;
		if (i >= len)
			return 0;
		if (s[i] == '"' || s[i] == '\'') {
			e = skip_quoted(s, len, i);
			if (!e)
				return 0;
			if (a) {
				a->val = s + i + 1;
				a->vlen = e - i - 2;
			}
			i = e;
		} else if (s[i] == '{') {
			e = skip_braces(s, len, i);
			if (!e)
				return 0;
			t->has_expr = 1;
			if (a) {
				a->val = s + i + 1;
				a->vlen = e - i - 2;
				a->expr = 1;
			}
			i = e;
		} else {
			n = i;
			while (i < len && !is_space((unsigned char)s[i]) &&
			    !strchr("\"'=<>`", s[i]))
				i++;
			if (i == n)
				return 0;
			if (a) {
				a->val = s + n;
				a->vlen = i - n;
			}
		}
	}
}

int
html_tag_is(const struct htag *t, const char *name)
{
	return strlen(name) == t->nlen && t->nlen > 0 &&
	    strncasecmp(t->name, name, t->nlen) == 0;
}

int
html_tag_component(const struct htag *t)
{
	size_t i;

	if (t->nlen == 0)
		return 0;
	if (memchr(t->name, '-', t->nlen) || memchr(t->name, '.', t->nlen))
		return 1;
	if (!isupper((unsigned char)t->name[0]))
		return 0;
	for (i = 1; i < t->nlen; i++)	/* <Figure> yes, <BR> no */
		if (islower((unsigned char)t->name[i]))
			return 1;
	return 0;
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "mdash", "\xe2\x80\x94" },
	{ "ndash", "\xe2\x80\x93" }, { "hellip", "\xe2\x80\xa6" },
	{ "copy", "\xc2\xa9" }, { "rarr", "\xe2\x86\x92" },
	{ "larr", "\xe2\x86\x90" },
};

/* Append s with character references decoded. */
static void
add_decoded(struct buf *out, const char *s, size_t len)
{
	size_t i, j, k;
	long v;

	for (i = 0; i < len; i++) {
		if (s[i] != '&') {
			buf_addc(out, s[i]);
			continue;
		}
		for (j = i + 1; j < len && j < i + 12 && s[j] != ';'; j++)
			;
		if (j >= len || s[j] != ';') {
			buf_addc(out, '&');
			continue;
		}
		if (s[i + 1] == '#') {
			char num[12];
			int hex = i + 2 < j &&
			    (s[i + 2] == 'x' || s[i + 2] == 'X');
			char *end;

			memcpy(num, s + i + 2 + hex, j - i - 2 - (size_t)hex);
			num[j - i - 2 - (size_t)hex] = '\0';
			v = strtol(num, &end, hex ? 16 : 10);
			if (*num && !*end && v > 0 && v <= 0x10ffff) {
				utf8_encode(out, (uint32_t)v);
				i = j;
				continue;
			}
		} else {
			for (k = 0; k < sizeof entities / sizeof entities[0];
			    k++)
				if (strlen(entities[k].name) == j - i - 1 &&
				    memcmp(entities[k].name, s + i + 1,
				    j - i - 1) == 0)
					break;
			if (k < sizeof entities / sizeof entities[0]) {
				buf_adds(out, entities[k].text);
				i = j;
				continue;
			}
		}
		buf_addc(out, '&');
	}
}

int
html_tag_attr(const struct htag *t, const char *name, struct buf *out)
{
	const struct hattr *a;
	const char *v;
	size_t i, n;

	for (i = 0; i < t->nattrs; i++) {
		a = &t->attrs[i];
		if (a->nlen != strlen(name) ||
		    strncasecmp(a->name, name, a->nlen) != 0 || !a->val)
			continue;
		if (!a->expr) {
			add_decoded(out, a->val, a->vlen);
			return 1;
		}
		v = a->val;
		n = a->vlen;
		while (n && is_space((unsigned char)*v)) {
			v++;
			n--;
		}
		while (n && is_space((unsigned char)v[n - 1]))
			n--;
		if (n >= 2 && (v[0] == '"' || v[0] == '\'' || v[0] == '`') &&
		    v[n - 1] == v[0] && !memchr(v + 1, v[0], n - 2)) {
			buf_add(out, v + 1, n - 2);
			return 1;
		}
		if (n > 0 && n < 32 && strspn(v, "0123456789.-+%") >= n) {
			buf_add(out, v, n);
			return 1;
		}
		return 0;
	}
	return 0;
}

void
html_tag_human(const struct htag *t, struct buf *head, struct buf *rest)
{
	struct buf v = BUF_INIT;
	size_t i;
	int numeric;

	if (html_tag_attr(t, "number", &v) && v.len) {
		numeric = strspn(v.ptr, "0123456789") == v.len;
		buf_add(head, v.ptr, v.len);
		if (numeric)
			buf_addc(head, '.');
	}
	buf_reset(&v);
	if (html_tag_attr(t, "title", &v) && v.len) {
		if (head->len)
			buf_addc(head, ' ');
		buf_add(head, v.ptr, v.len);
	}
	for (i = 0; i < sizeof human_attrs / sizeof human_attrs[0]; i++) {
		buf_reset(&v);
		if (!html_tag_attr(t, human_attrs[i], &v) || !v.len)
			continue;
		if (rest->len)
			buf_adds(rest, " - ");
		buf_add(rest, v.ptr, v.len);
	}
	buf_free(&v);
}

/* The state of one reduction. */
struct reduce {
	struct buf *out;
	size_t mark_at[NMARKS];	/* out->len after an open mark, or 0 */
	int mark_open[NMARKS];
	int lists[16];		/* 0 bullet, else next number */
	int nlists;
	int skip_ws;
	char *href;		/* of the open <a> */
};

static int
at_line_start(const struct buf *b)
{
	return b->len == 0 || b->ptr[b->len - 1] == '\n';
}

/* End the current paragraph. */
static void
para_break(struct reduce *r)
{
	while (r->out->len && r->out->ptr[r->out->len - 1] == ' ')
		buf_truncate(r->out, r->out->len - 1);
	if (r->out->len == 0)
		return;
	if (r->out->ptr[r->out->len - 1] != '\n')
		buf_addc(r->out, '\n');
	if (r->out->len < 2 || r->out->ptr[r->out->len - 2] != '\n')
		buf_addc(r->out, '\n');
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
		if (strchr("\\`*_[]<>#!|~&{}", s[i]) && s[i])
			buf_addc(out, '\\');
		buf_addc(out, s[i]);
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
	buf_adds(r->out, inline_marks[m].md);
	r->mark_open[m] = 1;
	r->mark_at[m] = r->out->len;
	r->skip_ws = 1;
}

static void
close_mark(struct reduce *r, size_t m)
{
	size_t spaces = 0, n = strlen(inline_marks[m].md);

	if (!r->mark_open[m])
		return;
	r->mark_open[m] = 0;
	if (r->out->len == r->mark_at[m]) {
		buf_truncate(r->out, r->out->len - n);
		return;
	}
	while (r->out->len > r->mark_at[m] &&
	    is_space((unsigned char)r->out->ptr[r->out->len - 1])) {
		buf_truncate(r->out, r->out->len - 1);
		spaces++;
	}
	buf_adds(r->out, inline_marks[m].md);
	while (spaces--)
		buf_addc(r->out, ' ');
}

static void
list_item(struct reduce *r)
{
	int k;

	if (!at_line_start(r->out))
		buf_addc(r->out, '\n');
	if (r->nlists == 0) {
		buf_adds(r->out, "- ");
		return;
	}
	for (k = 0; k < r->nlists - 1 && k < 16; k++)
		buf_adds(r->out, r->lists[k] ? "    " : "  ");
	if (r->lists[r->nlists - 1 < 16 ? r->nlists - 1 : 15] > 0) {
		int *n = &r->lists[r->nlists - 1 < 16 ? r->nlists - 1 : 15];

		buf_printf(r->out, "%d. ", *n);
		if (*n < 1000000)
			(*n)++;
	} else
		buf_adds(r->out, "- ");
	r->skip_ws = 1;
}

/* A component's human attributes, as a paragraph of its own when the tag
 * stands at the start of a line, else inline. */
static void
component(struct reduce *r, const struct htag *t)
{
	struct buf head = BUF_INIT, rest = BUF_INIT;
	int block = at_line_start(r->out);

	html_tag_human(t, &head, &rest);
	if (head.len || rest.len) {
		if (block)
			para_break(r);
		else if (r->out->len &&
		    !is_space((unsigned char)r->out->ptr[r->out->len - 1]))
			buf_addc(r->out, ' ');
		if (head.len) {
			buf_adds(r->out, "**");
			add_escaped(r->out, head.ptr, head.len);
			buf_adds(r->out, "**");
		}
		if (rest.len) {
			if (head.len)
				buf_adds(r->out, block ? "\n\n" : " ");
			add_escaped(r->out, rest.ptr, rest.len);
		}
		if (block)
			para_break(r);
		else
			buf_addc(r->out, ' ');
	}
	buf_free(&head);
	buf_free(&rest);
}

/* <pre>: its text up to </pre>, tags dropped and references decoded, as
 * a fenced code block. Returns where the source goes on. */
static size_t
pre_block(struct reduce *r, const char *s, size_t len, size_t i)
{
	struct buf raw = BUF_INIT, text = BUF_INIT;
	struct htag t;
	size_t n, k, fence = 3;

	for (; i < len; i++) {
		if (s[i] == '<') {
			n = html_tag_parse(s + i, len - i, &t);
			if (n && html_tag_is(&t, "pre") && t.closing) {
				i += n;
				break;
			}
			if (n) {
				i += n - 1;
				continue;
			}
		}
		buf_addc(&raw, s[i] ? s[i] : ' ');
	}
	add_decoded(&text, raw.ptr ? raw.ptr : "", raw.len);
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
	if (!at_line_start(r->out))
		buf_addc(r->out, '\n');
	for (k = 0; k < fence; k++)
		buf_addc(r->out, '`');
	buf_adds(r->out, "\n\n");
	buf_free(&raw);
	buf_free(&text);
	return i;
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

/* Handle one tag; returns how far to skip past it in s (for <script>). */
static size_t
reduce_tag(struct reduce *r, const struct htag *t, const char *s, size_t len,
    size_t end)
{
	struct buf v = BUF_INIT;
	size_t m, close;
	int level;

	if (t->comment || t->nlen == 0)
		return end;
	if (!t->closing && (html_tag_is(t, "script") ||
	    html_tag_is(t, "style"))) {
		if (t->selfclose)
			return end;
		for (close = end; close < len; close++)
			if (s[close] == '<' && close + 2 + t->nlen <= len &&
			    s[close + 1] == '/' &&
			    strncasecmp(s + close + 2, t->name, t->nlen) == 0)
				break;
		while (close < len && s[close] != '>')
			close++;
		return close < len ? close + 1 : len;
	}
	if (html_tag_component(t)) {
		if (in_list(t->name, t->nlen, transparent_components,
		    sizeof transparent_components /
		    sizeof transparent_components[0]))
			return end;
		if (!t->closing)
			component(r, t);
		else if (end >= len || s[end] == '\n' || s[end] == '\r')
			para_break(r);
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
		buf_adds(r->out, at_line_start(r->out) ? "\n" : "  \n");
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
		if (t->closing) {
			if (r->nlists > 0)
				r->nlists--;
			if (r->nlists == 0)
				para_break(r);
			else if (!at_line_start(r->out))
				buf_addc(r->out, '\n');
		} else if (!t->selfclose) {
			if (r->nlists == 0)
				para_break(r);
			if (r->nlists < 16)
				r->lists[r->nlists] = html_tag_is(t, "ol");
			r->nlists++;
		}
	} else if (html_tag_is(t, "li")) {
		if (!t->closing)
			list_item(r);
	} else if (html_tag_is(t, "img")) {
		if (!at_line_start(r->out) &&
		    !is_space((unsigned char)r->out->ptr[r->out->len - 1]))
			buf_addc(r->out, ' ');
		buf_adds(r->out, "![");
		if (html_tag_attr(t, "alt", &v))
			add_escaped(r->out, v.ptr, v.len);
		buf_adds(r->out, "](");
		buf_reset(&v);
		if (html_tag_attr(t, "src", &v))
			add_url(r->out, v.ptr, v.len);
		buf_addc(r->out, ')');
	} else if (html_tag_is(t, "a")) {
		if (!t->closing && !t->selfclose && !r->href &&
		    html_tag_attr(t, "href", &v)) {
			buf_addc(r->out, '[');
			r->href = buf_take(&v);
			r->skip_ws = 1;
		} else if (t->closing && r->href) {
			while (r->out->len &&
			    r->out->ptr[r->out->len - 1] == ' ')
				buf_truncate(r->out, r->out->len - 1);
			buf_adds(r->out, "](");
			add_url(r->out, r->href, strlen(r->href));
			buf_addc(r->out, ')');
			free(r->href);
			r->href = NULL;
		}
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
			end = pre_block(r, s, len, end);
	} else if (html_tag_is(t, "td") || html_tag_is(t, "th")) {
		if (!t->closing && !at_line_start(r->out))
			buf_adds(r->out, " | ");
	} else if (in_list(t->name, t->nlen, block_elems,
	    sizeof block_elems / sizeof block_elems[0])) {
		para_break(r);
	}
	buf_free(&v);
	return end;
}

char *
render_html_to_md(const char *html, size_t len)
{
	struct buf out = BUF_INIT;
	struct reduce r;
	struct htag t;
	size_t i = 0, n, m;

	memset(&r, 0, sizeof r);
	r.out = &out;
	while (i < len) {
		if (html[i] == '<') {
			n = html_tag_parse(html + i, len - i, &t);
			if (n) {
				i = reduce_tag(&r, &t, html, len, i + n);
				continue;
			}
		}
		if ((html[i] == ' ' || html[i] == '\t' || html[i] == '\r') &&
		    (at_line_start(&out) || r.skip_ws)) {
			i++;
			continue;
		}
		r.skip_ws = 0;
		buf_addc(&out, html[i] ? html[i] : ' ');
		i++;
	}
	for (m = 0; m < NMARKS; m++)
		close_mark(&r, m);
	free(r.href);
	return buf_take(&out);
}
