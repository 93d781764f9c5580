/*
 * render.h: the one renderer. Markdown (cmark-gfm, with tables,
 * strikethrough, autolinks, task lists, footnotes; plus [[wikilinks]] and
 * MDX components read for their text) becomes styled lines for a width.
 * The explorer, `stratus show`, the presenter and `deck print` all use it;
 * curses only paints the lines it is handed, so every screen can be
 * produced and tested headless.
 *
 * Line text is UTF-8 with no control characters (render sanitises), and no
 * line is wider than the width asked for (display width, wcwidth).
 */
#ifndef STRATUS_RENDER_H
#define STRATUS_RENDER_H

#include <stddef.h>

#include "core/buf.h"

/* Style bits; a span may carry several (a link inside strong text). The
 * theme decides how each looks (theme.h). */
enum {
	ST_H1 = 1u << 0,
	ST_H2 = 1u << 1,
	ST_H3 = 1u << 2,	/* h3 to h6 */
	ST_EMPH = 1u << 3,
	ST_STRONG = 1u << 4,
	ST_STRIKE = 1u << 5,
	ST_CODE = 1u << 6,	/* inline code */
	ST_CODEBLOCK = 1u << 7,
	ST_LINK = 1u << 8,
	ST_LINK_BROKEN = 1u << 9,	/* with ST_LINK: unresolved */
	ST_QUOTE = 1u << 10,
	ST_MARKER = 1u << 11,	/* list bullets, numbers, task boxes */
	ST_RULE = 1u << 12,
	ST_TABLE = 1u << 13,	/* table borders */
	ST_TH = 1u << 14,	/* table header cells */
	ST_TAG = 1u << 15,
	ST_IMAGE = 1u << 16,
	ST_FOOTNOTE = 1u << 17,
	ST_KEYWORD = 1u << 18,	/* syntax highlighting in code blocks */
	ST_STRING = 1u << 19,
	ST_COMMENT = 1u << 20,
	ST_NUMBER = 1u << 21,
	ST_MATCH = 1u << 22,	/* a search match */
	ST_SELECTED = 1u << 23,	/* the selected link */
	ST_CONTROL = 1u << 24,	/* a visible replacement for a control char */
	ST_DIM = 1u << 25,	/* secondary text: metadata, hints */
	ST_TITLE = 1u << 26,	/* slide titles, big letters */
	ST_MARK = 1u << 27,	/* ==highlighted== text */
};

/* Bits 28 to 31 are not a flag but a number: the kind of Obsidian
 * callout (enum rcallout) whose bar or title a span is, 0 for none. A
 * span carries at most one kind; set it with ST_CALLOUT(), never OR two. */
#define ST_CALLOUT_SHIFT 28
#define ST_CALLOUT_MASK (0xfu << ST_CALLOUT_SHIFT)
#define ST_CALLOUT(k) ((unsigned)(k) << ST_CALLOUT_SHIFT)
#define ST_CALLOUT_KIND(st) ((int)(((st) & ST_CALLOUT_MASK) >> \
	ST_CALLOUT_SHIFT))
/* A picture's placeholder box (image.h): the kind number 15, which no
 * callout has (a picture is never part of a callout's bar or title);
 * span.link is then its image_intern() id, not a link. Not a theme
 * style. Test it with ST_IS_PICTURE(), never with &. */
#define ST_PICTURE ST_CALLOUT(15)
#define ST_IS_PICTURE(st) (((st) & ST_CALLOUT_MASK) == ST_PICTURE)
/* st without the picture mark (a callout's kind is kept). */
#define ST_UNPICTURE(st) (ST_IS_PICTURE(st) ? (st) & ~ST_CALLOUT_MASK : (st))

/* Obsidian's callout types (aliases map to these; unknown types are
 * notes). */
enum rcallout {
	RC_NONE = 0,
	RC_NOTE, RC_ABSTRACT, RC_INFO, RC_TODO, RC_TIP, RC_SUCCESS,
	RC_QUESTION, RC_WARNING, RC_FAILURE, RC_DANGER, RC_BUG, RC_EXAMPLE,
	RC_QUOTE,
	RC_COUNT
};

/* The kind's canonical name ("note", "tip"...), "" for RC_NONE. */
const char *rcallout_name(int kind);
/* The kind a type word names (case-insensitive, with Obsidian's aliases:
 * "tldr" is RC_ABSTRACT, "caution" RC_WARNING...); unknown words give
 * RC_NOTE. */
int rcallout_kind(const char *word, size_t len);

struct rspan {
	size_t off, len;	/* bytes of the line's text */
	unsigned style;
	int link;		/* index into rdoc.links, or -1 */
};

struct rline {
	char *text;
	struct rspan *spans;	/* in order, covering styled parts only */
	size_t nspans;
	int width;		/* display width of text */
};

struct rlink {
	char *target;		/* as written: URL, path, wikilink target */
	char *anchor;		/* heading or ^block, or NULL */
	int wiki;		/* [[...]] rather than [..](..) */
	int external;		/* http(s), mailto... */
	int resolved;		/* from render_opts.resolve; 1 for external */
	int line;		/* first rendered line it appears on */
};

struct ranchor {
	char *anchor;		/* heading anchor (see heading_anchor) */
	int line;		/* rendered line of the heading */
};

/* A code block as rendered, for the presenter's line highlights
 * ({2,3|5-7}): rows [first, first + nrows) of the document show it, and
 * row first + i shows line src[i] (1-based) of the code; a wrapped line
 * repeats its number. */
struct rcode {
	char *lang;		/* the fence's first word, "" when none */
	char *info;		/* the whole info string: "ts {2,3|5}" */
	size_t first, nrows;
	int *src;		/* nrows entries */
};

/* A foldable callout ("> [!tip]-" or "[!tip]+"): its title's line, and
 * whether it is shown open. */
struct rfold {
	int line;
	int open;
};

struct rdoc {
	struct rline *lines;
	size_t nlines;
	struct rlink *links;
	size_t nlinks;
	struct ranchor *anchors;
	size_t nanchors;
	struct rcode *codes;
	size_t ncodes;
	struct rfold *folds;	/* in document order */
	size_t nfolds;
};

struct render_opts {
	int width;		/* columns, >= 10 */
	/* Is target (a wikilink or relative Markdown link) a known note?
	 * NULL: every link counts as resolved. */
	int (*resolve)(void *arg, const char *target);
	void *arg;
	int no_wrap_code;	/* 1: long code lines are cut, not wrapped */
	/* The Markdown of an embedded note (![[target]]): append its body
	 * (frontmatter removed) to text and a name to show for it (its
	 * title or path; also what tells two notes apart for cycles) to
	 * name, and return 0; -1 when there is no such note. NULL: embeds
	 * show as "[embed: target]" links. (render/embed.h has one that
	 * reads the vault through the index.) The renderer cuts the heading's
	 * section or the ^block out of the text itself. */
	int (*embed)(void *embed_arg, const char *target, struct buf *text,
	    struct buf *name);
	void *embed_arg;
	/* Foldable callouts whose default is turned over (folded ones
	 * shown open, open ones folded): toggled[i] for the i-th foldable
	 * callout of the document, i < ntoggled. */
	const unsigned char *toggled;
	size_t ntoggled;
	/* > 2: a paragraph that is one picture whose file exists (relative
	 * to base_dir, see image_resolve) becomes a box this many rows tall
	 * for a painter to fill (image.h); 0: pictures are "[image: alt]"
	 * text, as for `show` and `deck print`. */
	int picture_rows;
	const char *base_dir;	/* NULL: the current folder */
	/* Bytes of Markdown parsed at a time (0: 64 KiB). A long note is
	 * parsed and walked in pieces, cut where the parse of the whole
	 * would read the same, so that only a piece's tree is held (30
	 * times its text); the lines are the same for any size, which the
	 * tests check with tiny pieces. */
	size_t piece;
};

/* Render len bytes of Markdown (frontmatter already removed). Never NULL. */
struct rdoc *render_markdown(const char *md, size_t len,
    const struct render_opts *o);
void rdoc_free(struct rdoc *d);

struct theme;
/* Append the document as text: plain when theme is NULL (trailing spaces
 * dropped), else with ANSI SGR sequences for the theme's styles over the
 * terminal's own colours; no other escape is ever written. One '\n' per
 * line. */
void rdoc_write(const struct rdoc *d, struct buf *out,
    const struct theme *theme);

/*
 * Reduce the HTML, MDX/JSX and Vue components in Markdown to Markdown with
 * no tag left, for notes (every HTML block) and slides (the deck parser,
 * after it has read <v-click> and friends). Code spans and fenced code
 * blocks are copied exactly as written. <br> becomes a hard break,
 * <b>/<strong> **, <i>/<em> *, <ul>/<ol><li> a list, <img alt="x"> an
 * image (shown "[image: x]"), <a href> a link, <h1>..<h6> a heading,
 * <pre> a code block; a component such as <Card number="3" :title="'Fast'"
 * subtitle="s">text</Card> gives its human attributes (html_tag_human:
 * "**3 · Fast**", "*s*", then description, label, alt...; as paragraphs
 * when the tag stands alone on its line, else inline) and its text, a
 * JSX or Vue-bound value only when it is a literal. Comments, <script>,
 * <style> and <svg> are dropped; Slidev's <v-click> family and Vue's
 * <template> show their content. Indentation is kept where it is
 * Markdown and dropped inside an HTML block. Caller frees.
 */
char *render_html_to_md(const char *html, size_t len);

/* Headless screen building for the explorer and the presenter. */
/* An empty document (to add lines to). */
struct rdoc *rdoc_new(void);
/* Append text (sanitised: controls shown visibly) wrapped to width (>= 2),
 * every line in style; '\n' in text starts a new line. Returns the number
 * of lines added. */
size_t rdoc_add_text(struct rdoc *d, const char *text, size_t len, int width,
    unsigned style);
/* Add style over the bytes [off, off + len) of l's text (e.g. ST_MATCH). */
void rline_mark(struct rline *l, size_t off, size_t len, unsigned style);
/* Put cols spaces before l's text (centring); spans move along. */
void rline_pad_left(struct rline *l, int cols);

#endif
