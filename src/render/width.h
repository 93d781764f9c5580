/*
 * width.h: display width and wrapping by it, so that what reaches the
 * terminal (sanitised by core/sanitize.h) is printable and measured
 * the way curses and the terminal measure it (wcwidth).
 *
 * Widths follow wcwidth() of the current LC_CTYPE, which must be a UTF-8
 * locale for wide and combining characters to be measured (see
 * width_locale_init). Under a non-UTF-8 locale every non-ASCII character
 * counts as one column.
 *
 * Sanitising (and UTF-8 decoding) is core/sanitize.h's, included here.
 */
#ifndef STRATUS_WIDTH_H
#define STRATUS_WIDTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/sanitize.h"

/* Set LC_CTYPE from the environment, falling back to C.UTF-8 when that is
 * not a UTF-8 locale. Returns 1 when the result is UTF-8, else 0. Call once
 * from main() (and from tests) before measuring. */
int width_locale_init(void);

/* Columns cp takes once sanitised: 0 (combining, zero-width), 1 or 2;
 * controls count as their replacement. */
int cp_width(uint32_t cp);

/* Display width of len bytes as they would be shown once sanitised. */
int text_width(const char *s, size_t len);
/*
 * For sanitised text: the longest prefix of s that fits in width columns,
 * never splitting a character from the zero-width marks that follow it.
 * Returns its length in bytes and its width in *used (may be NULL).
 */
size_t text_fit(const char *s, size_t len, int width, int *used);

/*
 * Wrapping by display width, for sanitised text in which '\n' is a hard
 * line break. Returns the byte length of the first line of s (spaces at
 * the break dropped) and sets *next to the offset where the next line
 * starts (== len at the end). Lines break at spaces and next to wide
 * characters; a word wider than width is cut. width < 1 counts as 1.
 */
size_t text_wrap(const char *s, size_t len, int width, size_t *next);

#endif
