/*
 * html-attr.c: attribute values as text: character references decoded,
 * Vue-bound JavaScript literals read, and a component's human attributes
 * (number, title, subtitle, description, ...) gathered for display.
 */
#include "render/html.h"
#include "render/html-int.h"
#include "render/width.h"
#include "core/entity.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* "·", between a component's number and its title. */
#define HEAD_SEP " \xc2\xb7 "

static const char *const rest_attrs[] = {
	"description", "label", "alt", "caption", "heading",
};

/*
 * Append the text of a JavaScript string literal ('x', "x", `x` with no
 * ${}) or number literal that is the whole of v (blanks around it
 * allowed). Returns 0, appending nothing, for any other expression.
 */
static int
js_literal(const char *v, size_t n, struct buf *out)
{
	size_t k, at = out->len;
	char q;

	while (n && html_is_space((unsigned char)*v)) {
		v++;
		n--;
	}
	while (n && html_is_space((unsigned char)v[n - 1]))
		n--;
	if (n > 0 && n < 32 && strspn(v, "0123456789.-+%") >= n &&
	    memchr("0123456789.-+", v[0], 13)) {
		buf_add(out, v, n);
		return 1;
	}
	if (n < 2 || (v[0] != '"' && v[0] != '\'' && v[0] != '`') ||
	    v[n - 1] != v[0])
		return 0;
	q = v[0];
	for (k = 1; k < n - 1; k++) {
		/* 'a' + 'b', `${x}`: not a literal */
		if (v[k] == q || (q == '`' && v[k] == '$' && v[k + 1] == '{'))
			break;
		if (v[k] == '\\' && k + 1 < n - 1) {
			k++;
			buf_addc(out, v[k] == 'n' || v[k] == 't' ? ' ' : v[k]);
		} else
			buf_addc(out, v[k]);
	}
	if (k < n - 1) {
		buf_truncate(out, at);
		return 0;
	}
	return 1;
}

int
html_tag_attr(const struct htag *t, const char *name, struct buf *out)
{
	const struct hattr *a = html_tag_find(t, name);
	struct buf v = BUF_INIT;
	int ok;

	if (!a || !a->val)
		return 0;
	if (a->expr)
		return js_literal(a->val, a->vlen, out);
	if (!a->bound) {
		entity_unescape(out, a->val, a->vlen);
		return 1;
	}
	/* Vue: the attribute is HTML text, its decoded value JavaScript. */
	entity_unescape(&v, a->val, a->vlen);
	ok = js_literal(buf_str(&v), v.len, out);
	buf_free(&v);
	return ok;
}

/* Append the value of name with its blanks folded; 1 when not empty. */
static int
human_value(const struct htag *t, const char *name, struct buf *out)
{
	struct buf v = BUF_INIT;
	size_t i, at = out->len;
	int space = 0;

	html_tag_attr(t, name, &v);
	for (i = 0; i < v.len; i++) {
		if (html_is_space((unsigned char)v.ptr[i])) {
			space = 1;
			continue;
		}
		if (space && out->len > at)
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, v.ptr[i]);
	}
	buf_free(&v);
	return out->len > at;
}

void
html_tag_human(const struct htag *t, struct buf *head, struct buf *sub,
    struct buf *rest)
{
	struct buf title = BUF_INIT;
	size_t i, at = head->len;

	human_value(t, "number", head);
	if (human_value(t, "title", &title)) {
		if (head->len > at)
			buf_adds(head, HEAD_SEP);
		buf_add(head, title.ptr, title.len);
	}
	human_value(t, "subtitle", sub);
	for (i = 0; i < sizeof rest_attrs / sizeof rest_attrs[0]; i++) {
		at = rest->len;
		if (at)
			buf_addc(rest, '\n');
		if (!human_value(t, rest_attrs[i], rest))
			buf_truncate(rest, at);
	}
	buf_free(&title);
}
