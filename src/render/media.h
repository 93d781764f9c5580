/*
 * media.h: the heavy half of pictures and of the PDF export, in a module
 * of its own, stratus-media.so, opened the first time it is needed.
 *
 * Decoding pictures (gdk-pixbuf, librsvg, cairo), encoding them for the
 * terminal (libchafa) and drawing PDF pages (cairo, pango, fontconfig)
 * need some seventy shared libraries, with glib under all of them.
 * Linked into the binary they were loaded and relocated by every run:
 * two thirds of the 84 libraries of `stratus --version`, and most of its
 * start time. Only a picture on screen, an HTML export's picture check
 * or a PDF needs them, so the binary links none of them and opens the
 * module through dlopen (core/dynlib.h) on the first such call. The
 * module holds only what calls those libraries, on plain data (struct
 * image, cells and colours); finding the pictures, composing slides and
 * the caches stay in the binary. A module that cannot be loaded (not
 * installed, or one of its libraries missing) is a one-line cause:
 * pictures keep their alt-text boxes and a PDF export fails with it.
 *
 * The module is looked for in $STRATUS_LIBDIR when that is set, else
 * beside the binary (a build tree), in ../LIBDIR/stratus from it (an
 * installed tree, wherever DESTDIR put it), then where `make install`
 * puts it and in the build tree (for the tests' programs).
 *
 * The module calls back only xmalloc, xcalloc, xstrndup and fail
 * (core/util.h): every program that links libstratus exports those
 * (media.sym).
 */
#ifndef STRATUS_MEDIA_H
#define STRATUS_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "render/image-term.h"

/* Bumped whenever struct media_api, struct image or the meaning of an
 * entry changes: a module from another build is refused. */
#define MEDIA_ABI 1
#define MEDIA_MODULE "stratus-media.so"
/* The one symbol the module exports: returns its table. */
#define MEDIA_ENTRY "stratus_media_api"

/* A PDF being written (the module's). */
struct media_pdf;

struct media_api {
	int abi;		/* MEDIA_ABI */
	/* Decode len bytes of type "png", "jpeg", "gif" (gdk-pixbuf) or
	 * "svg" (librsvg), as image_decode() promises, or NULL and
	 * *cause. */
	struct image *(*decode)(const void *data, size_t len,
	    const char *type, char **cause);
	/* image_to_term() (image-term.h). */
	char **(*to_term)(const struct image *im, enum image_proto p,
	    int cols, int rows, int *out_cols, int *out_rows);
	/* A PDF at file whose pages are width x height cells of a
	 * monospace font, or NULL and *cause. */
	struct media_pdf *(*pdf_open)(const char *file, int width,
	    int height, char **cause);
	/* Start a page, filled with bg (0xRRGGBB). */
	void (*pdf_page)(struct media_pdf *p, uint32_t bg);
	/* n bytes of text, cols cells wide, at cell (row, col) of the
	 * page, in fg on bg (bg is filled only where it differs from the
	 * page's), with TA_* attributes (render/theme.h). */
	void (*pdf_text)(struct media_pdf *p, int row, int col, int cols,
	    const char *s, size_t n, uint32_t fg, uint32_t bg,
	    unsigned attrs);
	/* im inside the box of rows x cols cells at (row, col), aspect
	 * kept and centred, on the page's background. */
	void (*pdf_image)(struct media_pdf *p, int row, int col, int rows,
	    int cols, const struct image *im);
	/* End the page started last. */
	void (*pdf_page_end)(struct media_pdf *p);
	/* Finish the file and free p: 0, or -1 and *cause. */
	int (*pdf_close)(struct media_pdf *p, char **cause);
};

/* The module's table, loaded by the first call; NULL and *cause
 * ("pictures need stratus-media.so: ...") when it cannot be. Later
 * calls answer with the first one's result. Thread-safe. */
const struct media_api *media_get(char **cause);
/* Why the module could not be loaded, or NULL when it was not needed or
 * is loaded: what a command that showed pictures tells at its end. */
const char *media_error(void);

#endif
