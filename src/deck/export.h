/*
 * export.h: a deck as one self-contained HTML file: every step of every
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

#endif
