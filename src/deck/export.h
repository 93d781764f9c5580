/*
 * export.h: a deck as a PDF (export-pdf.c), or as one self-contained HTML
 * file: every step of every
 * shown slide as the presenter's own frames (styled text), inline CSS
 * and script (arrow keys, n for notes), notes present but hidden, and a
 * print style of one slide per page. Nothing in it is fetched.
 */
#ifndef STRATUS_EXPORT_H
#define STRATUS_EXPORT_H

#include "core/buf.h"
#include "deck/deck.h"

struct theme;

#define EXPORT_WIDTH 100
#define EXPORT_HEIGHT 30

/* Append the HTML of d (frames of width x height; colours from theme,
 * NULL: the built-in look) to out. */
void deck_export_html(const struct deck *d, const struct theme *theme,
    int width, int height, struct buf *out);

/*
 * Write d as a PDF to file (cairo + pango): one page per shown slide at
 * its last step, or one per step with steps; frames of width x height
 * cells as the terminal shows them (frame.h), in the theme's colours
 * (NULL: built-in) and a monospace font, pictures drawn into their
 * boxes. Returns 0, or -1 and *cause.
 */
int deck_export_pdf(const struct deck *d, const struct theme *theme,
    int width, int height, int steps, const char *file, char **cause);

#endif
