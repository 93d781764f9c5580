/*
 * width.h: UTF-8 decoding, display width and control-character
 * sanitising, so that what reaches the terminal is printable and measured
 * the way curses and the terminal measure it (wcwidth).
 *
 * Widths follow wcwidth() of the current LC_CTYPE, which must be a UTF-8
 * locale for wide and combining characters to be measured (see
 * width_locale_init). Under a non-UTF-8 locale every non-ASCII character
 * counts as one column.
 *
 * Sanitised text is valid UTF-8 with no C0 or C1 control, no DEL and no
 * bidirectional embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069, which can make text read otherwise than it is): each is
 * shown as a visible replacement (ESC as U+241B, BEL as U+2407, C1 0x9b as
 * U+241B '[', U+202E as "⟨RLO⟩" ...), invalid bytes as U+FFFD.
 */
#ifndef STRATUS_WIDTH_H
#define STRATUS_WIDTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/utf8.h"	/* utf8_decode(), utf8_encode() */

/* Set LC_CTYPE from the environment, falling back to C.UTF-8 when that is
 * not a UTF-8 locale. Returns 1 when the result is UTF-8, else 0. Call once
 * from main() (and from tests) before measuring. */
int width_locale_init(void);

/* C0 (below 0x20), DEL, C1 (0x80..0x9f), or a bidi embedding, override
 * or isolate (U+202A..U+202E, U+2066..U+2069)? */
int cp_is_control(uint32_t cp);
/* The visible replacement shown for a control character (borrowed,
 * static): "\u241b" for ESC, "\u241b[" for C1 CSI, "\u27e8RLO\u27e9"
 * for U+202E... */
const char *cp_control_repr(uint32_t cp);
/* Columns cp takes once sanitised: 0 (combining, zero-width), 1 or 2;
 * controls count as their replacement. */
int cp_width(uint32_t cp);

/* Display width of len bytes as they would be shown once sanitised. */
int text_width(const char *s, size_t len);
/* Append len bytes sanitised: controls replaced, invalid bytes as U+FFFD,
 * tab, CR and LF as a space. */
void text_sanitize_buf(struct buf *out, const char *s, size_t len);
/* The same into a new string (caller frees). */
char *text_sanitize(const char *s, size_t len);

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
