/*
 * image-term.h: pictures as terminal output (libchafa): the protocol to
 * use, the encoding of a decoded image for a box of cells, and a cache
 * per (file, size, protocol). See image.h for how the boxes are found.
 */
#ifndef STRATUS_IMAGE_TERM_H
#define STRATUS_IMAGE_TERM_H

#include <stddef.h>

#include "render/image.h"

/* --images / [core] images */
enum image_mode { IMAGES_AUTO, IMAGES_SYMBOLS, IMAGES_OFF };

/* What the terminal draws pictures with. PROTO_NONE: no pictures (the
 * alt-text boxes stay). */
enum image_proto { PROTO_NONE, PROTO_SYMBOLS, PROTO_SIXEL, PROTO_KITTY,
    PROTO_ITERM };

/* "auto", "symbols", "off" into *out: 0, or -1 for anything else. */
int image_mode_parse(const char *s, enum image_mode *out);
/* The protocol the environment names: kitty ($TERM xterm-kitty, ghostty,
 * or $KITTY_WINDOW_ID set: kitty_window), iTerm2 ($TERM_PROGRAM
 * iTerm.app or WezTerm), sixel (mlterm, foot, contour), else symbols.
 * term and term_program may be NULL. */
enum image_proto image_proto_from_env(const char *term,
    const char *term_program, int kitty_window);
/* Does a reply to the primary device attributes query (ESC [ c) list
 * attribute 4, sixel graphics? */
int image_da1_sixel(const char *reply, size_t len);

/*
 * The image drawn in at most cols x rows cells (aspect kept, cells taken
 * as twice as tall as wide), in protocol p (not PROTO_NONE). Returns a
 * NULL-terminated array: for symbols one string per row (to be written
 * at the start of each row of the box), for the pixel protocols one
 * string (written at the box's top-left). *out_cols, *out_rows: the
 * cells used. Free with image_lines_free().
 */
char **image_to_term(const struct image *im, enum image_proto p, int cols,
    int rows, int *out_cols, int *out_rows);
void image_lines_free(char **lines);

struct image_out {
	char **lines;
	size_t nlines;
	int cols, rows;		/* cells used */
};

struct image_cache;
struct image_cache *image_cache_new(void);
void image_cache_free(struct image_cache *c);
/* The decoded image at path (decoded once; NULL when it cannot be). */
const struct image *image_cache_image(struct image_cache *c,
    const char *path);
/* The terminal output of path for a box, computed once per (path, cols,
 * rows, p); NULL when the file cannot be decoded. Owned by the cache. */
const struct image_out *image_cache_term(struct image_cache *c,
    const char *path, enum image_proto p, int cols, int rows);

#endif
