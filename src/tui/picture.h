/*
 * picture.h: drawing pictures over the boxes the renderer left in a
 * screen's lines (render/image.h). Curses paints the lines, alt text in
 * a box; after each flush the painter writes chafa's output for every
 * box straight to the terminal, at the box's place. Curses does not know
 * those cells changed, so when the set of pictures on screen changes the
 * painter makes the next flush repaint every cell (and deletes kitty's
 * placements) before drawing the new set.
 */
#ifndef STRATUS_PICTURE_H
#define STRATUS_PICTURE_H

#include <stddef.h>

#include "render/image-term.h"
#include "render/render.h"

struct screen;
struct painter;

/* The protocol for mode: none for IMAGES_OFF, symbols for
 * IMAGES_SYMBOLS; for IMAGES_AUTO what $TERM, $TERM_PROGRAM and
 * $KITTY_WINDOW_ID name, else sixel when the terminal's answer to the
 * device attributes query (asked on /dev/tty, waiting at most
 * timeout_ms) lists it, else symbols. Call before curses starts. */
enum image_proto picture_detect(enum image_mode mode, int timeout_ms);

/* A painter drawing with proto (PROTO_NONE: it never draws). */
struct painter *painter_new(enum image_proto proto);
void painter_free(struct painter *pp);
/* The protocol it draws with. */
enum image_proto painter_proto(const struct painter *pp);
/* Before the screen's flush: the rows about to be shown at (y, x). Call
 * once per row block (a painter keeps up to 16 pictures a screen);
 * painter_begin starts a new screen. */
void painter_begin(struct painter *pp);
void painter_add(struct painter *pp, const struct rline *rows, size_t nrows,
    int y, int x);
/* Between the lines and the flush: when the pictures differ from those
 * on screen, ask s for a full repaint. */
void painter_prepare(struct painter *pp, struct screen *s);
/* After the flush: draw the pictures that are not yet on screen. */
void painter_draw(struct painter *pp);
/* The screen was cleared behind the painter's back (a resize, Ctrl-L,
 * curses resumed after an editor): the next draw paints every picture
 * again. */
void painter_forget(struct painter *pp);

#endif
