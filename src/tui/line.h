/*
 * line.h: building the styled lines the explorer's views draw, in the
 * render layer's form (struct rline: UTF-8 text plus ST_* spans), and the
 * frame they are composed into before the screen painter paints it.
 * Everything added is sanitised (render/width.h): a title or snippet
 * holding ESC reaches the terminal as a visible U+241B, never as ESC.
 *
 * A frame is the whole screen as lines, one per row, so that every view
 * can be drawn and asserted headless; curses only paints it.
 */
#ifndef STRATUS_LINE_H
#define STRATUS_LINE_H

#include <stdarg.h>
#include <stddef.h>

#include "core/buf.h"
#include "render/render.h"
#include "render/theme.h"

/* A line under construction. */
struct tline {
	struct buf text;
	struct rspan *spans;
	size_t nspans, cap;
	int width;		/* display width so far */
};
#define TLINE_INIT {BUF_INIT, NULL, 0, 0, 0}

/* Append len bytes sanitised, in style (0: plain), as part of link
 * (-1: none). */
void tl_add(struct tline *l, const char *s, size_t len, unsigned style,
    int link);
void tl_adds(struct tline *l, const char *s, unsigned style);
void tl_printf(struct tline *l, unsigned style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append s cut to at most maxw columns (with "…" when cut). */
void tl_add_fit(struct tline *l, const char *s, unsigned style, int link,
    int maxw);
/* Append a snippet whose matches are wrapped in SNIP_OPEN/SNIP_CLOSE
 * (core/index.h): matches get ST_MATCH on top of style. Newlines become
 * spaces; cut to maxw columns. */
void tl_snippet(struct tline *l, const char *s, unsigned style, int maxw);
/* Append columns [from, from + maxw) of a rendered line, with extra style
 * bits on every span (and on plain text when extra is not 0); spans of
 * link sel_link also get ST_SELECTED. */
void tl_add_rline(struct tline *l, const struct rline *src, int from,
    int maxw, unsigned extra, int sel_link);
/* Append the first maxw columns of a rendered line with the (ASCII
 * case-insensitive) occurrences of needle marked ST_MATCH (needle NULL or
 * "": none) and the spans of link sel_link ST_SELECTED. */
void tl_add_rline_find(struct tline *l, const struct rline *src, int maxw,
    int sel_link, const char *needle);
/* Spaces up to display column col, in style. */
void tl_pad(struct tline *l, int col, unsigned style);
/* Hand the line over (l is empty afterwards). */
void tl_take(struct tline *l, struct rline *out);
void tl_free(struct tline *l);

void line_clear(struct rline *l);
/* Cut l to at most w columns (wide characters are not split). */
void line_cut(struct rline *l, int w);
/* Overlay src on dst at columns [x, x + w): dst keeps what is left and
 * right of the box; the box is src padded with fill style to w. */
void line_splice(struct rline *dst, int x, int w, const struct rline *src,
    unsigned fill);

/* The screen as lines: one per row, each with the UI element it sits on
 * (UI_TEXT for panes, UI_STATUS for the status bar...). */
struct frame {
	int rows, cols;
	struct rline *lines;
	enum ui_elem *base;
	int cur_y, cur_x;	/* where the cursor shows, or -1 */
};
void frame_init(struct frame *f, int rows, int cols);
void frame_clear(struct frame *f);
/* Set row r to the line built in l (l is emptied), cut to the width. */
void frame_set(struct frame *f, int r, struct tline *l, enum ui_elem base);
/* The frame as plain text, one '\n' per row, trailing blanks kept out. */
void frame_text(const struct frame *f, struct buf *out);

#endif
