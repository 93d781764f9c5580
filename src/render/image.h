/*
 * image.h: pictures in notes and slides. Files are decoded by real
 * loaders (gdk-pixbuf for PNG, JPEG and GIF, librsvg for SVG) from bytes
 * already read, so nothing an image names (an SVG's <image href>, a font
 * URL) is ever opened or fetched; libchafa turns the pixels into what the
 * terminal draws (kitty, iTerm2, sixel or Unicode symbols).
 *
 * How a picture reaches the screen (the placeholder design): the renderer
 * and the slide composer only make styled lines. Where a picture goes,
 * they put a box of rows holding its alt text (what `deck print`, `show`
 * to a pipe and the HTML/PDF text keep), each row one span styled
 * ST_PICTURE whose `link` field is the picture's id from image_intern().
 * A painter that can draw pictures (the presenter, the PDF export) finds
 * the boxes in its final rows with picture_find(), after every layout
 * move, and draws the picture over the box; any other consumer just shows
 * the box. The id survives every composition step since it travels in the
 * span.
 */
#ifndef STRATUS_IMAGE_H
#define STRATUS_IMAGE_H

#include <stddef.h>

#include "render/render.h"

/* Files larger than this are not read; images are decoded to at most
 * IMAGE_MAX_SIDE pixels a side and IMAGE_MAX_PIXELS in all (larger
 * headers are refused before any pixel is allocated). */
#define IMAGE_MAX_BYTES (16u << 20)
#define IMAGE_MAX_SIDE 8192
#define IMAGE_MAX_PIXELS (4096 * 4096)
/* SVGs are drawn at their own size, capped to this many pixels a side. */
#define IMAGE_SVG_SIDE 1024

/* Decoded pixels: RGBA, 8 bits each, not premultiplied, rows of
 * stride bytes. */
struct image {
	int width, height, stride;
	unsigned char *pixels;
};

/* Decode len bytes (PNG, JPEG, GIF or SVG, told by their content).
 * Returns NULL and *cause when the data is not such an image, is
 * damaged or is too large. */
struct image *image_decode(const void *data, size_t len, char **cause);
/* Read path (at most IMAGE_MAX_BYTES) and decode it. */
struct image *image_load(const char *path, char **cause);
void image_free(struct image *im);

/*
 * The file an image reference written in a note or deck means, or NULL:
 * src relative to dir (absolute paths as they are); a remote URL
 * (http:, https:, //host) is never fetched, but when its file name
 * exists beside the document as dir/public/NAME or dir/NAME (Slidev's
 * public/ folder), that copy is used. Only existing regular files of a
 * known image type (.png .jpg .jpeg .gif .svg) are returned. Caller
 * frees.
 */
char *image_resolve(const char *dir, const char *src);

/* A process-wide id for path (the same path gives the same id); the
 * ST_PICTURE spans carry it. Thread-safe. */
int image_intern(const char *path);
/* The path of id, or NULL. The string lives as long as the process. */
const char *image_interned(int id);

/* A picture's box as found in painted rows. */
struct picture {
	int id;			/* image_intern() id */
	int row, col;		/* top-left cell */
	int rows, cols;
};

/* Find the boxes in rows[0..nrows): runs of rows whose ST_PICTURE span
 * has the same id and the same column. Returns how many were stored in
 * out (at most max). */
size_t picture_find(const struct rline *rows, size_t nrows,
    struct picture *out, size_t max);

/* Append a box of rows for picture id with text alt centred in it, w
 * columns by h rows (w >= 4, h >= 3), each row one ST_PICTURE span. The
 * rows are appended to d. */
void picture_box(struct rdoc *d, int id, const char *alt, int w, int h);

#endif
