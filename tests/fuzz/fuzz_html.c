/*
 * fuzz_html.c: the HTML/MDX reducer (render/html.h, render_html_to_md)
 * on any bytes. The tag parser must keep html.h's promises at every '<'
 * of the input: a tag takes at most what is there (and at most 4 KB
 * unless it is a comment), its name and attributes point inside it;
 * html_tag_attr and html_tag_human must not crash on what it found. The
 * reducer must give a string, and for inputs that hold no code (no
 * backtick, tilde, two spaces or tab: nothing it must copy as written)
 * nor escapes (backslash, '&', NUL), no HTML element or component left. The code fence helpers must agree with each
 * other on every line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "render/html.h"
#include "render/render.h"
#include "fuzz.h"

/* Does p (n bytes) lie inside [s, s + len)? */
static int
inside(const char *p, size_t n, const char *s, size_t len)
{
	return p >= s && p + n <= s + len;
}

static void
check_tag(const char *s, size_t len)
{
	struct buf head = BUF_INIT, sub = BUF_INIT, rest = BUF_INIT;
	struct buf val = BUF_INIT;
	struct htag t;
	size_t n, i;

	n = html_tag_parse(s, len, &t);
	CHECK(n <= len);
	if (n == 0)
		return;
	CHECK(t.comment || n <= 4096);
	CHECK(t.nattrs <= HTAG_MAXATTR);
	if (t.nlen > 0)
		CHECK(inside(t.name, t.nlen, s, n));
	for (i = 0; i < t.nattrs; i++) {
		CHECK(inside(t.attrs[i].name, t.attrs[i].nlen, s, n));
		if (t.attrs[i].val)
			CHECK(inside(t.attrs[i].val, t.attrs[i].vlen, s, n));
	}
	if (t.comment)
		return;
	(void)html_tag_is(&t, "br");
	(void)html_tag_component(&t);
	if (t.nattrs > 0)
		CHECK(html_tag_find(&t, "title") == NULL ||
		    html_tag_attr(&t, "title", &val) >= 0);
	html_tag_human(&t, &head, &sub, &rest);
	buf_free(&head);
	buf_free(&sub);
	buf_free(&rest);
	buf_free(&val);
}

/* No element or component tag is left in out (len bytes): each '<' that
 * is not escaped starts no tag, or only a comment-like one. */
static int
no_tag_left(const char *out, size_t len)
{
	struct htag t;
	size_t i;

	for (i = 0; i < len; i++) {
		if (out[i] != '<' || (i > 0 && out[i - 1] == '\\'))
			continue;
		if (html_tag_parse(out + i, len - i, &t) > 0 && !t.comment)
			return 0;
	}
	return 1;
}

static void
check_fences(const char *s, size_t len)
{
	const char *line = s, *nl;
	size_t n, info, open;
	char ch;

	while (line < s + len) {
		nl = memchr(line, '\n', (size_t)(s + len - line));
		n = nl ? (size_t)(nl - line) : (size_t)(s + len - line);
		open = md_fence_open(line, n, &ch, &info);
		if (open) {
			CHECK(open >= 3 && open <= n);
			CHECK(ch == '`' || ch == '~');
			CHECK(info <= n);
		}
		line += n + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	size_t i;
	char *out;

	for (i = 0; i < size; i++)
		if (in[i] == '<')
			check_tag(in + i, size - i);
	check_fences(in, size);
	out = render_html_to_md(in, size);
	CHECK(out != NULL);
	if (!memchr(in, '`', size) && !memchr(in, '~', size) &&
	    !memchr(in, '\\', size) && !memchr(in, '&', size) &&
	    !memchr(in, '\0', size) && !memchr(in, '\t', size) &&
	    !memmem(in, size, "  ", 2))
		CHECK(no_tag_left(out, strlen(out)));
	free(out);
	return 0;
}
