/*
 * html.c: HTML and Vue components inside slides, read for their text.
 * tag_parse() reads one tag; deck_html_to_md() turns <b>, <ul><li>,
 * <br>, <img alt> and unknown components (their human attributes and
 * content) into Markdown, so the one renderer never meets a raw tag.
 */
#include "deck/deck.h"
#include "deck/tag.h"
#include "core/buf.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int
name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
}

static int
attr_char(int c)
{
	return c && !isspace(c) && c != '=' && c != '>' && c != '/' &&
	    c != '"' && c != '\'' && c != '<';
}

void
tag_clear(struct tag *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nattrs; i++) {
		free(t->attrs[i].key);
		free(t->attrs[i].value);
	}
	free(t->attrs);
	free(t->name);
	memset(t, 0, sizeof *t);
}

int
tag_parse(const char *s, size_t len, struct tag *t)
{
	size_t i = 1, start, cap = 0;
	struct tag_attr *a;

	memset(t, 0, sizeof *t);
	if (len < 3 || s[0] != '<')
		return 0;
	if (s[1] == '/') {
		t->close = 1;
		i = 2;
	}
	if (i >= len || !isalpha((unsigned char)s[i]))
		return 0;
	start = i;
	while (i < len && name_char((unsigned char)s[i]))
		i++;
	t->name = xstrndup(s + start, i - start);
	for (;;) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len)
			goto no;
		if (s[i] == '>') {
			t->len = i + 1;
			return 1;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '>') {
			t->selfclose = 1;
			t->len = i + 2;
			return 1;
		}
		if (t->close || !attr_char((unsigned char)s[i]))
			goto no;
		start = i;
		while (i < len && attr_char((unsigned char)s[i]))
			i++;
		t->attrs = xgrow(t->attrs, &cap, t->nattrs + 1,
		    sizeof *t->attrs);
		a = &t->attrs[t->nattrs++];
		memset(a, 0, sizeof *a);
		if (s[start] == ':') {
			a->bound = 1;
			start++;
		} else if (i - start > 7 && memcmp(s + start, "v-bind:", 7) ==
		    0) {
			a->bound = 1;
			start += 7;
		}
		a->key = xstrndup(s + start, i - start);
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];

				start = i;
				while (i < len && s[i] != q)
					i++;
				if (i >= len)
					goto no;
				a->value = xstrndup(s + start, i - start);
				i++;
			} else {
				start = i;
				while (i < len && attr_char((unsigned char)s[i]))
					i++;
				a->value = xstrndup(s + start, i - start);
			}
		}
	}
no:
	tag_clear(t);
	return 0;
}

int
tag_has(const struct tag *t, const char *key, const char **value)
{
	size_t i;

	for (i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i].key, key) == 0) {
			if (value)
				*value = t->attrs[i].value;
			return 1;
		}
	return 0;
}

const char *
tag_text(const struct tag *t, const char *key)
{
	size_t i, n;
	const char *v;

	for (i = 0; i < t->nattrs; i++) {
		if (strcmp(t->attrs[i].key, key) != 0 || !t->attrs[i].value)
			continue;
		v = t->attrs[i].value;
		if (!t->attrs[i].bound)
			return *v ? v : NULL;
		/* :number="3" or :title="'Pay per use'" only */
		n = strlen(v);
		if (n >= 2 && (v[0] == '\'' || v[0] == '`') && v[n - 1] == v[0])
			return v;	/* quotes stripped by the caller */
		if (n > 0 && strspn(v, "0123456789.-") == n)
			return v;
		return NULL;
	}
	return NULL;
}

int
tag_is_component(const char *name)
{
	if (isupper((unsigned char)name[0]))
		return 1;
	return strchr(name, '-') != NULL;
}

int
tag_is_void(const char *name)
{
	static const char *const v[] = { "br", "img", "hr", "input", "meta",
	    "link", "source", "wbr", "col", "area", "embed", "track", NULL };
	size_t i;

	for (i = 0; v[i]; i++)
		if (str_casecmp(name, v[i]) == 0)
			return 1;
	return 0;
}

/* Conversion state for one piece of Markdown. */
struct conv {
	struct buf out;
	const char *skip;	/* inside <style>/<script>: its name */
	int lists[32];		/* open <ul>/<ol>: -1 bullet, else counter */
	int nlists;
	int item_indent;	/* content column of the open <li> */
	int eat_space;		/* skip blanks after <li> */
};

static const char *const human_attrs[] = { "number", "title", "subtitle",
    "description", "label", "alt", "caption", "name", "text", NULL };

/* Append attribute text with Markdown punctuation escaped. */
static void
add_escaped(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && (s[0] == '\'' || s[0] == '`') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	for (; n > 0; s++, n--) {
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\*_[]<>`#|~", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

static int
line_has_text(const struct buf *b)
{
	size_t i = b->len;

	while (i > 0 && b->ptr[i - 1] != '\n') {
		if (!isspace((unsigned char)b->ptr[i - 1]))
			return 1;
		i--;
	}
	return 0;
}

static void
new_line(struct conv *c)
{
	if (line_has_text(&c->out))
		buf_addc(&c->out, '\n');
	else
		while (c->out.len > 0 && c->out.ptr[c->out.len - 1] == ' ')
			buf_truncate(&c->out, c->out.len - 1);
}

/* An unknown component: its human attributes, as a block when the tag
 * opens its line, else inline. */
static void
component(struct conv *c, const struct tag *t, int block)
{
	const char *num = tag_text(t, "number"), *title = tag_text(t, "title");
	struct buf head = BUF_INIT;
	size_t i;

	if (num)
		add_escaped(&head, num);
	if (num && title)
		buf_adds(&head, " · ");
	if (title)
		add_escaped(&head, title);
	if (head.len) {
		if (block)
			new_line(c);
		buf_printf(&c->out, "**%s**", buf_str(&head));
		buf_adds(&c->out, block ? "\n\n" : " ");
	}
	buf_free(&head);
	for (i = 2; human_attrs[i]; i++) {
		const char *v = tag_text(t, human_attrs[i]);

		if (!v)
			continue;
		if (block)
			new_line(c);
		if (i == 2) {	/* subtitle */
			buf_adds(&c->out, "*");
			add_escaped(&c->out, v);
			buf_adds(&c->out, "*");
		} else {
			add_escaped(&c->out, v);
		}
		buf_adds(&c->out, block ? "\n\n" : " ");
	}
}

static void
list_item(struct conv *c)
{
	int i, indent = 0;

	new_line(c);
	for (i = 0; i + 1 < c->nlists; i++)
		indent += c->lists[i] < 0 ? 2 : 4;
	for (i = 0; i < indent; i++)
		buf_addc(&c->out, ' ');
	if (c->nlists > 0 && c->lists[c->nlists - 1] >= 0) {
		c->lists[c->nlists - 1]++;
		buf_printf(&c->out, "%d. ", c->lists[c->nlists - 1]);
		c->item_indent = indent + 4;
	} else {
		buf_adds(&c->out, "- ");
		c->item_indent = indent + 2;
	}
	c->eat_space = 1;
}

static void
html_tag(struct conv *c, const struct tag *t, int block)
{
	char name[16];
	size_t i;

	if (tag_is_component(t->name)) {
		if (strncmp(t->name, "v-", 2) == 0 || t->close)
			return;
		component(c, t, block);
		return;
	}
	for (i = 0; t->name[i] && i + 1 < sizeof name; i++)
		name[i] = (char)tolower((unsigned char)t->name[i]);
	name[i] = '\0';
	if (strcmp(name, "style") == 0 || strcmp(name, "script") == 0 ||
	    strcmp(name, "svg") == 0) {
		if (!t->close && !t->selfclose)
			c->skip = strcmp(name, "svg") == 0 ? "svg" :
			    name[1] == 't' ? "style" : "script";
	} else if (strcmp(name, "b") == 0 || strcmp(name, "strong") == 0) {
		buf_adds(&c->out, "**");
	} else if (strcmp(name, "i") == 0 || strcmp(name, "em") == 0) {
		buf_adds(&c->out, "*");
	} else if (strcmp(name, "s") == 0 || strcmp(name, "del") == 0 ||
	    strcmp(name, "strike") == 0) {
		buf_adds(&c->out, "~~");
	} else if (strcmp(name, "code") == 0 || strcmp(name, "kbd") == 0) {
		buf_adds(&c->out, "`");
	} else if (strcmp(name, "br") == 0) {
		if (line_has_text(&c->out))
			buf_adds(&c->out, "\\\n");
		c->eat_space = 1;
	} else if (strcmp(name, "hr") == 0) {
		new_line(c);
		buf_adds(&c->out, "\n***\n\n");
	} else if (strcmp(name, "img") == 0) {
		const char *alt = tag_text(t, "alt"), *src = tag_text(t, "src");

		if (!alt && src)
			alt = path_base(src);
		if (alt) {
			buf_adds(&c->out, "\\[image: ");
			add_escaped(&c->out, alt);
			buf_adds(&c->out, "\\]");
		}
	} else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
		if (t->close) {
			if (c->nlists > 0)
				c->nlists--;
			new_line(c);
			if (c->nlists == 0)
				buf_addc(&c->out, '\n');
		} else if (!t->selfclose &&
		    (size_t)c->nlists < sizeof c->lists / sizeof c->lists[0]) {
			new_line(c);
			c->lists[c->nlists++] = name[0] == 'o' ? 0 : -1;
		}
	} else if (strcmp(name, "li") == 0) {
		if (!t->close)
			list_item(c);
	} else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    !name[2]) {
		if (!t->close) {
			new_line(c);
			for (i = 0; i < (size_t)(name[1] - '0'); i++)
				buf_addc(&c->out, '#');
			buf_addc(&c->out, ' ');
			c->eat_space = 1;
		} else {
			buf_adds(&c->out, "\n\n");
		}
	} else if (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 ||
	    strcmp(name, "section") == 0 || strcmp(name, "blockquote") == 0) {
		if (!block && t->close && c->nlists == 0)
			buf_adds(&c->out, "\n\n");
	}
	/* Anything else (span, a, small, template...): the tag goes, the
	 * text stays. */
}

size_t
md_fence_open(const char *s, size_t n, char *ch, size_t *info)
{
	size_t i = 0, k;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	if (i >= 4 || i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	for (k = i; k < n && s[k] == s[i]; k++)
		;
	if (k - i < 3)
		return 0;
	if (s[i] == '`' && memchr(s + k, '`', n - k))
		return 0;
	*ch = s[i];
	if (info)
		*info = k;
	return k - i;
}

int
md_fence_close(const char *s, size_t n, char ch, size_t len)
{
	size_t i = 0, k;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	if (i >= 4)
		return 0;
	for (k = i; k < n && s[k] == ch; k++)
		;
	if (k - i < len)
		return 0;
	for (; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t')
			return 0;
	return 1;
}

static void
conv_line(struct conv *c, const char *s, size_t n)
{
	size_t i = 0, k, run;
	struct tag t;
	int start = 1;

	if (c->nlists > 0 && !c->skip) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && s[i] != '<' && !line_has_text(&c->out) &&
		    !c->eat_space)
			for (k = 0; k < (size_t)c->item_indent; k++)
				buf_addc(&c->out, ' ');
	}
	while (i < n) {
		if (c->skip) {
			if (s[i] == '<' && tag_parse(s + i, n - i, &t)) {
				if (t.close && str_casecmp(t.name, c->skip) == 0)
					c->skip = NULL;
				i += t.len;
				tag_clear(&t);
			} else {
				i++;
			}
			continue;
		}
		if (c->eat_space && (s[i] == ' ' || s[i] == '\t')) {
			i++;
			continue;
		}
		if (s[i] == '`') {
			for (run = 0; i + run < n && s[i + run] == '`'; run++)
				;
			for (k = i + run; k < n; k++) {
				size_t r2;

				for (r2 = 0; k + r2 < n && s[k + r2] == '`'; r2++)
					;
				if (r2 == run)
					break;
				if (r2)
					k += r2 - 1;
			}
			k = k < n ? k + run : i + run;
			buf_add(&c->out, s + i, k - i);
			i = k;
			c->eat_space = 0;
			start = 0;
			continue;
		}
		if (s[i] == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
			const char *end = NULL;

			for (k = i + 4; k + 2 < n; k++)
				if (memcmp(s + k, "-->", 3) == 0) {
					end = s + k + 3;
					break;
				}
			i = end ? (size_t)(end - s) : n;
			continue;
		}
		if (s[i] == '<' && tag_parse(s + i, n - i, &t)) {
			int block = start;

			for (k = i + t.len; k < n && isspace((unsigned char)s[k]);
			    k++)
				;
			if (k < n)
				block = 0;
			html_tag(c, &t, block);
			i += t.len;
			tag_clear(&t);
			continue;
		}
		if (!isspace((unsigned char)s[i]))
			start = 0;
		c->eat_space = 0;
		buf_addc(&c->out, s[i]);
		i++;
	}
}

char *
deck_html_to_md(const char *md, size_t len)
{
	struct conv c = { BUF_INIT, NULL, {0}, 0, 0, 0 };
	const char *p = md, *end = md + len, *nl;
	size_t flen = 0, n;
	char fch = 0;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (flen) {
			buf_add(&c.out, p, n);
			if (md_fence_close(p, n, fch, flen))
				flen = 0;
		} else if (!c.skip &&
		    (flen = md_fence_open(p, n, &fch, NULL)) > 0) {
			new_line(&c);
			buf_add(&c.out, p, n);
		} else {
			conv_line(&c, p, n);
		}
		if (nl && !(c.skip && !line_has_text(&c.out)) &&
		    !(c.eat_space && c.nlists > 0))
			buf_addc(&c.out, '\n');
		p = nl ? nl + 1 : end;
	}
	return buf_take(&c.out);
}
