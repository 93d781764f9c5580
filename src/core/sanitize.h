/*
 * sanitize.h: the one sanitiser of what reaches a terminal or a
 * line-oriented output (note text, titles, snippets, file names, paths,
 * warnings) and of the strings of JSON output (decoding with
 * core/utf8.h).
 *
 * Sanitised text is valid UTF-8 with no C0 or C1 control, no DEL and no
 * bidirectional embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069, which can make text read otherwise than it is): each is
 * shown as a visible replacement (ESC as U+241B, BEL as U+2407, C1 0x9b as
 * U+241B '[', U+202E as "⟨RLO⟩" ...). In note text invalid bytes become
 * U+FFFD; in names they are shown escaped ("\xff"), so that two names
 * that differ are shown differently.
 */
#ifndef STRATUS_SANITIZE_H
#define STRATUS_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/utf8.h"	/* utf8_decode(), utf8_encode() */

/* A bidi embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069)? */
int cp_is_bidi(uint32_t cp);
/* C0 (below 0x20), DEL, C1 (0x80..0x9f), or a bidi control? */
int cp_is_control(uint32_t cp);
/* The visible replacement shown for a control character (borrowed,
 * static): "\u241b" for ESC, "\u241b[" for C1 CSI, "\u27e8RLO\u27e9"
 * for U+202E... */
const char *cp_control_repr(uint32_t cp);

/* Append len bytes of note text sanitised: controls replaced, invalid
 * bytes as U+FFFD, tab, CR and LF as a space. */
void text_sanitize_buf(struct buf *out, const char *s, size_t len);
/* The same into a new string (caller frees). */
char *text_sanitize(const char *s, size_t len);

/* Append len bytes of a name or path for one line of output: every
 * control (tab and newline too) shown by its replacement, invalid bytes
 * as "\xNN". */
void name_sanitize_buf(struct buf *out, const char *s, size_t len);
/* s (NUL-terminated; NULL gives "") sanitised as a name, for printf
 * arguments: the string is this thread's, valid until its eighth next
 * call. */
const char *safe_name(const char *s);

/* Append len bytes of JSON text (cJSON's output, which escapes C0 in
 * strings) with what it leaves raw escaped: DEL, C1, bidi controls, U+2028 and U+2029 as \uXXXX, and each
 * invalid byte b as the lone surrogate \udcXX (U+DC00 + b, as Python's
 * surrogateescape reads it back), so the exact name is recoverable. Only
 * valid in JSON text, where any non-ASCII byte is inside a string. */
void json_sanitize_buf(struct buf *out, const char *s, size_t len);

#endif
