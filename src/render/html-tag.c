/*
 * html-tag.c: the HTML, JSX and Vue tag lexer: a tag's name and its
 * attributes as written, and the questions asked of them (this element?
 * a component? which attribute?).
 */
#include "render/html.h"
#include "render/html-int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* A tag longer than this is not one (keeps hostile input linear). */
#define HTAG_MAXLEN 4096

int
html_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The end of a quoted or braced run starting at s[i], or 0. */
static size_t
skip_quoted(const char *s, size_t len, size_t i)
{
	const char *e = memchr(s + i + 1, s[i], len - i - 1);

	return e ? (size_t)(e - s) + 1 : 0;
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
	const char *p;

	while (from + n <= len &&
	    (p = memchr(s + from, what[0], len - n + 1 - from)) != NULL) {
		from = (size_t)(p - s);
		if (memcmp(p, what, n) == 0)
			return from;
		from++;
	}
	return len;
}

/* Record attribute name s[n..i) in t (the first HTAG_MAXATTR only). */
static struct hattr *
add_attr(struct htag *t, const char *s, size_t n, size_t i)
{
	struct hattr *a;

	if (t->nattrs >= HTAG_MAXATTR)
		return NULL;
	a = &t->attrs[t->nattrs++];
	memset(a, 0, sizeof *a);
	a->name = s + n;
	a->nlen = i - n;
	if (a->nlen > 1 && a->name[0] == ':') {
		a->bound = 1;
		a->name++;
		a->nlen--;
	} else if (a->nlen > 7 && memcmp(a->name, "v-bind:", 7) == 0) {
		a->bound = 1;
		a->name += 7;
		a->nlen -= 7;
	}
	return a;
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
	/* Comments run as long as they need to. */
	if (len >= 4 && memcmp(s, "<!--", 4) == 0) {
		t->comment = 1;
		e = find(s, len, 4, "-->");
		return e == len ? len : e + 3;
	}
	if (len > HTAG_MAXLEN)
		len = HTAG_MAXLEN;
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
		while (i < len && html_is_space((unsigned char)s[i]))
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
		while (i < len && !html_is_space((unsigned char)s[i]) &&
		    !strchr("/>=\"'{}<`", s[i]))
			i++;
		if (i == n)
			return 0;
		a = add_attr(t, s, n, i);
		e = i;
		while (e < len && html_is_space((unsigned char)s[e]))
			e++;
		if (e >= len || s[e] != '=')
			continue;
		i = e + 1;
		while (i < len && html_is_space((unsigned char)s[i]))
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
			while (i < len && !html_is_space((unsigned char)s[i]) &&
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

const struct hattr *
html_tag_find(const struct htag *t, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < t->nattrs; i++)
		if (t->attrs[i].nlen == n &&
		    strncasecmp(t->attrs[i].name, name, n) == 0)
			return &t->attrs[i];
	return NULL;
}
