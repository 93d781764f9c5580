/*
 * bigfont.h: block letters for slide titles, a built-in figlet-style font
 * (5 pixels high, drawn 3 rows high with half blocks) for printable
 * ASCII. Text it cannot draw, or that would not fit, is left to the
 * caller to show in plain bold.
 */
#ifndef STRATUS_BIGFONT_H
#define STRATUS_BIGFONT_H

#include "core/buf.h"

#define BIGFONT_ROWS 3

/* Can every character of text be drawn (ASCII letters, digits, common
 * punctuation)? */
int bigfont_can(const char *text);
/* Columns text takes in block letters on one line. */
int bigfont_width(const char *text);
/*
 * Draw text word-wrapped into at most width columns and max_rows rows
 * (a blank row between lines of letters): each row of letters appended
 * to out followed by '\n'. Returns the rows written, or -1 (out
 * untouched) when it cannot be drawn or does not fit.
 */
int bigfont_draw(const char *text, int width, int max_rows, struct buf *out);

#endif
