/*
 * render-int.h: the renderer's private header, shared by render.c (the
 * walk and the public API) and the render-*.c files it calls: the walk's
 * context and, per file, the functions the others use. Not for callers
 * outside src/render: render.h is the public interface.
 */
#ifndef STRATUS_RENDER_INT_H
#define STRATUS_RENDER_INT_H

#include "render/render.h"
#include "core/util.h"

#include <cmark-gfm.h>
#include <stddef.h>
#include <stdint.h>

struct htag;

#define BOX_H "\xe2\x94\x80"	/* U+2500 */
#define BOX_V "\xe2\x94\x82"
#define BOX_TL "\xe2\x94\x8c"
#define BOX_TR "\xe2\x94\x90"
#define BOX_BL "\xe2\x94\x94"
#define BOX_BR "\xe2\x94\x98"
#define BOX_T "\xe2\x94\xac"
#define BOX_B "\xe2\x94\xb4"
#define BOX_L "\xe2\x94\x9c"
#define BOX_R "\xe2\x94\xa4"
#define BOX_X "\xe2\x94\xbc"
#define DOUBLE_H "\xe2\x95\x90"	/* U+2550 */

/* Rich text: sanitised UTF-8 ('\n' a hard break) and runs covering it. */
struct rrun {
	size_t off, len;
	unsigned style;
	int link;
};

struct rtext {
	struct buf text;
	struct rrun *runs;
	size_t nruns, cap;
};

/* A line being built. */
struct lbuild {
	struct buf text;
	struct rspan *spans;
	size_t nspans, cap;
	int width;
};

enum cont_type { C_LIST, C_ITEM, C_QUOTE, C_FOOT };

struct cont {
	enum cont_type type;
	int visible;
	int cum;		/* indent through this one (when visible) */
	int width;		/* columns it indents */
	int pending;		/* item: its marker is still to be shown */
	int tight;		/* list, item: a tight list */
	int ordered, number, numw, level;
	char delim;
	char marker[48];
	unsigned mstyle;
	int callout;		/* quote: its enum rcallout, or 0 */
	int folded;		/* quote: a folded callout (body skipped) */
	cmark_node *node;	/* quote: its node */
};

/* An inline style frame: emphasis, link, image. */
struct frame {
	unsigned style;
	int link;
	size_t at;		/* rich text length when it opened */
};

struct table {
	int ncols;
	char *align;		/* 'l', 'c', 'r' or 0, per column */
	struct rtext *cells;	/* row-major, ncols per row */
	size_t nrows, caprows;
	int col;
	struct rtext scratch;	/* cells past ncols */
};

/* Anchor names already given, for GitHub's "-1", "-2" suffixes. */
struct aslot {
	char *name;
	int count;
};

struct ctx {
	const struct render_opts *o;
	int width, cap;
	struct rdoc *d;
	size_t caplines, caplinks, capanchors, capcodes;
	struct cont *stack;
	size_t depth, stcap, nvis;
	size_t *hpend;		/* hidden items with a pending marker */
	size_t nhpend, hpcap;
	int nquote, nlists;
	int sep, last_blank;
	struct rtext rt;	/* the current leaf's inlines */
	struct rtext *cur;	/* where inlines go: rt or a table cell */
	unsigned leaf_base;
	struct frame *frames;
	size_t nframes, frcap;
	int hmark[4];		/* open <b>, <i>, <s>, <code> */
	int hlink;		/* open <a href>, or -1 */
	int in_heading;
	int alert_ok;		/* first paragraph of a quote: [!NOTE]? */
	struct buf heading_text;
	struct buf run;		/* adjacent text nodes joined */
	uint64_t run_esc;	/* bit k: the run's k-th "[[" was written
				 * \[[ in the source: no wikilink */
	const char *src;	/* the Markdown being walked */
	size_t srclen;
	int src_bs;		/* src holds a backslash */
	int src_line;		/* a line of src and its offset: a cursor */
	size_t src_off;
	struct table tab;
	int in_table;
	int nfoot;
	struct aslot *aslots;
	size_t naslots;		/* power of two, or 0 */
	size_t nanames;
	cmark_iter *it;		/* the walk's iterator */
	size_t capfolds;
	size_t nfoldable;	/* foldable callouts seen (toggled[] index) */
	int fold_at;		/* fold whose title line is next, or -1 */
	size_t title_frame;	/* callout title: its frame + 1, or 0 */
	int title_at;		/* rich text length where the title began */
	int title_fold;		/* its fold mark: 0, '+' (open), '-' */
	char title_word[32];	/* the type as written, for a default title */
	int mark;		/* inside ==highlight== */
	int hkbd;		/* open <kbd> */
	cmark_node *run_next;	/* the node after the text run */
	const struct embed_chain *chain;	/* embeds being rendered */
	size_t nembeds;		/* top level: embeds shown, all depths */
	/* A top-level list cut over pieces (render-cut.c): the list node
	 * that goes on from the piece before (entered there), the one that
	 * goes on in the next piece (left there), and the whole list's
	 * tightness and item count, for join_out when it begins the list. */
	cmark_node *join_in, *join_out;
	int join_tight, join_items;
	int join_item;		/* the next item follows one of join_in's */
};

/* A piece of a long document, parsed and walked on its own. */
struct rpiece {
	size_t off, len;	/* its bytes of the document */
	int joins;		/* its first block is the list that ends the
				 * piece before, going on */
	int tight, items;	/* of a list that begins at the end of this
				 * piece and goes on: over all its parts */
};

/* The notes an embed is inside of, innermost first, for depth and
 * cycles. */
struct embed_chain {
	const char *name;
	const char *anchor;
	const struct embed_chain *up;
	int depth;
	size_t *count;		/* embeds shown in the whole document */
};

#define EMBED_MAX_DEPTH 4
#define EMBED_MAX_TOTAL 200	/* a note of many embeds of embeds stops */

/*
** Interface to code in render-picture.c
*/
/* A paragraph that is one picture whose file is there, as a picture box
 * (when o->picture_rows asks for them): 1, else 0 and nothing done. */
int rd_picture_para(struct ctx *c, cmark_node *para);

/*
** Interface to code in render-line.c
*/
void rt_reset(struct rtext *rt);
void rt_free(struct rtext *rt);
void rt_add(struct rtext *rt, const char *s, size_t len, unsigned style,
    int link);
void rt_adds(struct rtext *rt, const char *s, unsigned style, int link);
void rt_break(struct rtext *rt);
int rt_ends_space(const struct rtext *rt);
void rt_cat(struct rtext *dst, const struct rtext *src, unsigned extra);
void lb_add(struct lbuild *lb, const char *s, size_t len, unsigned style,
    int link);
void lb_repeat(struct lbuild *lb, const char *s, int count, unsigned style);
void lb_rtext(struct lbuild *lb, const struct rtext *rt, size_t from,
    size_t to, unsigned extra);
void lb_trim(struct lbuild *lb);
void rd_doc_push_line(struct rdoc *d, size_t *cap, struct lbuild *lb);
void rd_emit(struct ctx *c, struct lbuild *lb);
struct cont *rd_top(struct ctx *c);
struct cont *rd_push(struct ctx *c, enum cont_type type, int width);
void rd_set_pending(struct ctx *c);
void rd_pop(struct ctx *c);
void rd_prefix(struct ctx *c, struct lbuild *lb, int blank);
int rd_indent_width(const struct ctx *c);
void rd_blank_line(struct ctx *c);
void rd_block_start(struct ctx *c);
void rd_block_end(struct ctx *c);
int rd_emit_wrapped(struct ctx *c, const struct rtext *rt, unsigned extra);
/*
** End of interface
*/

/*
** Interface to code in render-inline.c
*/
int rd_add_link(struct ctx *c, const char *target, size_t tlen,
    const char *anchor, size_t alen, int wiki);
int rd_add_url_link(struct ctx *c, const char *url);
unsigned rd_link_style(const struct ctx *c, int li);
void rd_add_anchor(struct ctx *c, const char *text, int line);
/* The anchor an HTML tag names (any element's id=, <a name=>), at line. */
void rd_tag_anchor(struct ctx *c, const struct htag *t, int line);
void rd_push_frame(struct ctx *c, unsigned add, int link);
void rd_add_text(struct ctx *c, const char *s, size_t len, unsigned extra);
void rd_inline_tag(struct ctx *c, const struct htag *t);
void rd_text_run(struct ctx *c, const char *s, size_t len);
/*
** End of interface
*/

/*
** Interface to code in render-block.c
*/
/* How many items list has. */
int rd_list_items(cmark_node *list);
void rd_enter_list(struct ctx *c, cmark_node *n);
void rd_enter_item(struct ctx *c, cmark_node *n);
void rd_leave_item(struct ctx *c);
void rd_leaf_begin(struct ctx *c, unsigned base);
void rd_leave_paragraph(struct ctx *c);
void rd_enter_heading(struct ctx *c, cmark_node *n);
void rd_leave_heading(struct ctx *c);
void rd_rule_line(struct ctx *c, int cols);
void rd_code_block(struct ctx *c, cmark_node *n);
/*
** End of interface
*/

/*
** Interface to code in render-callout.c
*/
int rd_callout_head(cmark_node *quote, char *fold);
void rd_enter_quote(struct ctx *c, cmark_node *n);
size_t rd_callout_title(struct ctx *c, const char *s, size_t len);
void rd_callout_title_end(struct ctx *c);
int rd_quote_plain(const struct ctx *c);
unsigned rd_quote_bar_style(const struct ctx *c, const struct cont *ct);
void rd_skip_folded(struct ctx *c);
char *rd_obsidian_source(const char *md, size_t len, size_t *outlen);
size_t rd_block_id(const char *s, size_t len);
size_t rd_line_end(const char *s, size_t len, size_t i);
int rd_fenced(const char *s, size_t n, char *fence, size_t *flen);
size_t rd_mark_toggle(struct ctx *c, const char *s, size_t len, size_t i,
    cmark_node *after);
/*
** End of interface
*/

/*
** Interface to code in render.c
*/
struct rdoc *rd_render(const char *md, size_t len,
    const struct render_opts *o, const struct embed_chain *chain);
/* cmark-gfm's tree of md with the renderer's options and extensions. */
cmark_node *rd_parse(const char *md, size_t len);
/*
** End of interface
*/

/*
** Interface to code in render-cut.c
*/
/* RENDER_PIECE is the default size. */
#define RENDER_PIECE ((size_t)64 * 1024)
/* Cut src into pieces of about piece bytes or more, each ending where
 * cmark-gfm reads the whole document as it reads the pieces (one piece
 * when there is no such place, or when a definition may apply across
 * pieces). Returns how many (at least one); *out is the caller's. */
size_t rd_cut(const char *src, size_t len, size_t piece,
    struct rpiece **out);
/*
** End of interface
*/

/*
** Interface to code in render-embed.c
*/
int rd_embed(struct ctx *c, const char *target, size_t tlen,
    const char *anchor, size_t alen);
int rd_embed_section(const char *md, size_t len, const char *anchor,
    size_t *off, size_t *n);
/*
** End of interface
*/

/*
** Interface to code in render-table.c
*/
void rd_table_begin(struct ctx *c, cmark_node *n);
void rd_table_row(struct ctx *c);
void rd_table_cell(struct ctx *c, int header);
void rd_table_end(struct ctx *c);
/*
** End of interface
*/

#endif
