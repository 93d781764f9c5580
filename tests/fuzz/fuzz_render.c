/*
 * fuzz_render.c: the renderer on any bytes, at a width taken from the
 * first byte, must keep render.h's promises: every line fits the width,
 * is valid UTF-8 with no control character, its recorded width is its
 * measured width, spans are in order inside the text, links and code rows
 * point inside the document; the plain dump holds no control character.
 * Rendered again in the smallest pieces (render_opts.piece), the lines
 * must be the same. The same bytes also go through the HTML reduction
 * and the theme parser.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"
#include "fuzz.h"

static int
resolve_half(void *arg, const char *target)
{
	(void)arg;
	return strlen(target) % 2;
}

/* Are two renderings the same, line for line, span for span, link for
 * link? */
static int
same_doc(const struct rdoc *a, const struct rdoc *b)
{
	size_t i, k;

	if (a->nlines != b->nlines || a->nlinks != b->nlinks ||
	    a->nanchors != b->nanchors || a->ncodes != b->ncodes ||
	    a->nfolds != b->nfolds)
		return 0;
	for (i = 0; i < a->nlines; i++) {
		const struct rline *x = &a->lines[i], *y = &b->lines[i];

		if (strcmp(x->text, y->text) != 0 || x->nspans != y->nspans)
			return 0;
		for (k = 0; k < x->nspans; k++)
			if (x->spans[k].off != y->spans[k].off ||
			    x->spans[k].len != y->spans[k].len ||
			    x->spans[k].style != y->spans[k].style ||
			    x->spans[k].link != y->spans[k].link)
				return 0;
	}
	for (i = 0; i < a->nlinks; i++)
		if (strcmp(a->links[i].target, b->links[i].target) != 0 ||
		    a->links[i].line != b->links[i].line ||
		    a->links[i].resolved != b->links[i].resolved)
			return 0;
	for (i = 0; i < a->nanchors; i++)
		if (strcmp(a->anchors[i].anchor, b->anchors[i].anchor) != 0 ||
		    a->anchors[i].line != b->anchors[i].line)
			return 0;
	for (i = 0; i < a->ncodes; i++)
		if (a->codes[i].first != b->codes[i].first ||
		    a->codes[i].nrows != b->codes[i].nrows)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct render_opts o;
	struct rdoc *d, *d2;
	struct theme *t = NULL;
	struct buf out = BUF_INIT;
	const struct rline *l;
	const char *md = (const char *)data + (size ? 1 : 0);
	size_t len = size ? size - 1 : 0, i, k, end;
	char *cause = NULL, *html;

	setlocale(LC_CTYPE, "C.UTF-8");
	memset(&o, 0, sizeof o);
	o.width = 10 + (size ? data[0] % 190 : 0);
	o.resolve = resolve_half;
	o.no_wrap_code = size && (data[0] & 0x80);
	d = render_markdown(md, len, &o);
	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		CHECK(l->width <= o.width);
		CHECK(l->width == text_width(l->text, strlen(l->text)));
		CHECK(fuzz_clean(l->text, strlen(l->text), "", 1));
		for (k = 0, end = 0; k < l->nspans; k++) {
			CHECK(l->spans[k].off >= end);
			end = l->spans[k].off + l->spans[k].len;
			CHECK(end <= strlen(l->text));
			CHECK(l->spans[k].link < (int)d->nlinks);
		}
	}
	for (i = 0; i < d->nlinks; i++)
		CHECK(d->links[i].line >= 0 &&
		    (size_t)d->links[i].line <= d->nlines);
	for (i = 0; i < d->nanchors; i++)
		CHECK(d->anchors[i].line >= 0 &&
		    (size_t)d->anchors[i].line <= d->nlines);
	for (i = 0; i < d->ncodes; i++)
		CHECK(d->codes[i].first + d->codes[i].nrows <= d->nlines);
	rdoc_write(d, &out, NULL);
	CHECK(fuzz_clean(buf_str(&out), out.len, "\n", 1));
	buf_free(&out);
	/* Parsed in the smallest pieces it can be cut in, the same lines:
	 * the cuts are where cmark reads the whole as it reads the pieces. */
	o.piece = 1;
	d2 = render_markdown(md, len, &o);
	CHECK(same_doc(d, d2));
	rdoc_free(d2);
	rdoc_free(d);

	html = render_html_to_md(md, len);
	free(html);
	if (theme_parse(md, len, "fuzz.theme", &t, &cause) == 0)
		theme_free(t);
	free(cause);
	return 0;
}
