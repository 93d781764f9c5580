/*
 * html.h: HTML and MDX/JSX or Vue tags read for what a reader should see.
 * A tag is never shown: <br> becomes a line break, <b>/<i>/<s>/<code>
 * styles, <ul><li> a list, <img alt> "[image: alt]", a component such as
 * <Card number="3" :title="'Fast'"> its human attributes (number, title,
 * subtitle, description, label, alt, caption, heading) and its text;
 * comments, <script>, <style> and <svg> vanish. The renderer uses the tag
 * parser for inline HTML and render_html_to_md() (render.h) for blocks;
 * the deck parser uses both, and the code fence helpers, on slides.
 */
#ifndef STRATUS_HTML_H
#define STRATUS_HTML_H

#include <stddef.h>

#include "core/buf.h"
#include "core/fence.h"	/* md_fence_open(), md_fence_close() */

#define HTAG_MAXATTR 32

struct hattr {
	const char *name, *val;	/* into the parsed text; val or NULL */
	size_t nlen, vlen;	/* name without a Vue ':' or 'v-bind:' */
	int expr;		/* value was a JSX {expression} */
	int bound;		/* Vue :name or v-bind:name: the value is an
				 * expression */
};

struct htag {
	const char *name;	/* "" for a fragment <> */
	size_t nlen;
	int closing;		/* </x> */
	int selfclose;		/* <x/> */
	int comment;		/* <!-- -->, <!DOCTYPE>, <?pi?>, CDATA */
	int has_expr;		/* some value or spread was {...} */
	struct hattr attrs[HTAG_MAXATTR];	/* the first ones */
	size_t nattrs;
};

/*
 * Parse the tag at s (s[0] == '<', len bytes available). Returns the bytes
 * it takes, or 0 when s does not start a tag (the '<' is text). An
 * unterminated comment takes the rest of s; any other tag is at most 4 KB.
 */
size_t html_tag_parse(const char *s, size_t len, struct htag *t);
/* Is t the tag name (ASCII case-insensitive)? */
int html_tag_is(const struct htag *t, const char *name);
/* Is t a component (a dotted or dashed name, or a capitalised one with a
 * lowercase letter: <Card>, <v-click>, <Foo.Bar>) rather than an HTML
 * element (<div>, <BR>)? */
int html_tag_component(const struct htag *t);
/* The attribute name of t (case-insensitive; name, :name or v-bind:name),
 * or NULL. Its value is as written (borrowed, not NUL-terminated). */
const struct hattr *html_tag_find(const struct htag *t, const char *name);
/*
 * Append the value of attribute name (html_tag_find), entities decoded.
 * A JSX {value} or a Vue-bound value is an expression: appended only when
 * it is a string or number literal, without its quotes (:title="'Fast'"
 * gives Fast); anything else (card.title, a + b) appends nothing. Returns
 * 1 when appended.
 */
int html_tag_attr(const struct htag *t, const char *name, struct buf *out);
/*
 * The human attributes of t, raw text (entities decoded, blanks folded to
 * one space, not Markdown-escaped): *head gets the number and the title
 * ("3 · Fast", or either alone), *sub the subtitle, *rest the description,
 * label, alt, caption and heading, one per line. Any may stay empty.
 */
void html_tag_human(const struct htag *t, struct buf *head, struct buf *sub,
    struct buf *rest);

#endif
