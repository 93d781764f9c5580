/*
 * html.h: HTML and MDX/JSX reduced to what a reader should see. A tag is
 * never shown: <br> becomes a line break, <b>/<i>/<s>/<code> styles,
 * <ul><li> a list, <img alt> "[image: alt]", a component such as
 * <Card number="3" title="Fast"> its human attributes (number, title,
 * subtitle, description, label, alt, caption, heading) and its text;
 * comments, <script> and <style> vanish. The renderer uses the tag parser
 * for inline HTML; render_html_to_md() (render.h) is the block reduction.
 */
#ifndef STRATUS_HTML_H
#define STRATUS_HTML_H

#include <stddef.h>

#include "core/buf.h"

#define HTAG_MAXATTR 32

struct hattr {
	const char *name, *val;	/* into the parsed text; val or NULL */
	size_t nlen, vlen;
	int expr;		/* value was a JSX {expression} */
};

struct htag {
	const char *name;	/* "" for a fragment <> */
	size_t nlen;
	int closing;		/* </x> */
	int selfclose;		/* <x/> */
	int comment;		/* <!-- -->, <!DOCTYPE>, <?pi?>, CDATA */
	int has_expr;		/* some value or spread was {...} */
	struct hattr attrs[HTAG_MAXATTR];
	size_t nattrs;
};

/*
 * Parse the tag at s (s[0] == '<', len bytes available). Returns the bytes
 * it takes, or 0 when s does not start a tag (the '<' is text). An
 * unterminated comment takes the rest of s.
 */
size_t html_tag_parse(const char *s, size_t len, struct htag *t);
/* Is t the tag name (ASCII case-insensitive)? */
int html_tag_is(const struct htag *t, const char *name);
/* Is t a component (a dotted or dashed name, or a capitalised one with a
 * lowercase letter: <Card>, <v-click>, <Foo.Bar>) rather than an HTML
 * element (<div>, <BR>)? */
int html_tag_component(const struct htag *t);
/* Append the value of attribute name, entities decoded; a JSX value only
 * when it is a string or number literal. Returns 1 when appended. */
int html_tag_attr(const struct htag *t, const char *name, struct buf *out);
/*
 * The human attributes of t in reading order: *head gets the number and
 * title ("3. Fast"), *rest the others joined by " - ". Either may stay
 * empty. Text is raw (not Markdown-escaped).
 */
void html_tag_human(const struct htag *t, struct buf *head, struct buf *rest);

#endif
