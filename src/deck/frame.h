/*
 * frame.h: one frame of a presentation (a slide at a step, at a screen
 * size) composed headless as styled lines. The presenter paints these
 * lines, `deck print` writes them as text, the golden tests compare
 * them and `stratus check` measures them: one composer for all.
 *
 * Layouts are composition of rendered lines (render.h): centring,
 * columns, boxes, block letters; slide Markdown goes through
 * render_markdown() only.
 */
#ifndef STRATUS_FRAME_H
#define STRATUS_FRAME_H

#include <stddef.h>

#include "core/buf.h"
#include "deck/deck.h"
#include "render/render.h"

/* The smallest screen a slide is drawn on; below, a notice. */
#define FRAME_MIN_W 20
#define FRAME_MIN_H 6

struct frame_opts {
	int width, height;	/* the screen */
	double elapsed;		/* seconds since the start; < 0: no clock */
	int scroll;		/* rows scrolled down within a tall slide */
	const char *mark;	/* text to mark (search), or NULL */
	int no_footer;		/* the whole height for the slide */
	/* 1: a paragraph that is one picture (file found) becomes a box
	 * for a painter to fill (render/image.h); 0: "[image: alt]" text.
	 * Image layouts always give a box. */
	int pictures;
	/* 1-based: the note link (slide_frame.links[select_link - 1])
	 * whose text is drawn selected (ST_SELECTED); 0: none */
	int select_link;
};

/* A link to a note on the frame's slide as written: a wikilink or a
 * Markdown link to a path, never an external URL or a bare #anchor.
 * Strings are the frame's. */
struct frame_link {
	char *target;		/* decoded, without its anchor */
	char *anchor;		/* heading or ^block, or NULL */
	int wiki;		/* [[...]] rather than [..](..) */
};

/* In the rows, a span's link is the image_intern() id (render/image.h)
 * of an external link's URL for ST_LINK spans, of the picture's file for
 * ST_PICTURE spans, and -1 otherwise. */
struct slide_frame {
	struct rline *rows;	/* height rows, none wider than width */
	int width, height;
	int content_rows;	/* rows the slide needs at this width */
	int area_rows;		/* rows it has */
	int max_scroll;		/* 0 when it fits */
	int scroll;		/* the scroll used (clamped) */
	int footer;		/* the last row is the footer */
	/* the progress bar in the footer row's text: bytes [bar_off,
	 * bar_off + bar_done) done, then bar_rest bytes to go */
	size_t bar_off, bar_done, bar_rest;
	/* the note links of the visible parts at this step, in reading
	 * order (slot by slot), those scrolled out of view included */
	struct frame_link *links;
	size_t nlinks;
};

/*
 * Compose slide index (into d->slides) at step. Fills *f (slide_frame_clear
 * it). slide out of range or a screen below the minimum give a frame
 * that says so.
 */
void slide_frame_compose(const struct deck *d, size_t slide, int step,
    const struct frame_opts *o, struct slide_frame *f);
void slide_frame_clear(struct slide_frame *f);
/* Append the frame as plain text: one '\n' per row, trailing blanks
 * dropped. */
void slide_frame_write(const struct slide_frame *f, struct buf *out);
/* The position of slide in the shown order, 1-based, and the count:
 * "n/N" in the footer. */
size_t slide_frame_position(const struct deck *d, size_t slide, size_t *total);

#endif
