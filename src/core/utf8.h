/*
 * utf8.h: the one UTF-8 module of stratus: decoding (strict and lenient),
 * encoding, validation, and Unicode case folding through the utf8proc
 * tables that cmark-gfm carries (complete CaseFolding.txt data).
 * Every layer decodes through here; no other file decodes UTF-8 by hand.
 */
#ifndef STRATUS_UTF8_H
#define STRATUS_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Decode the character at s (n bytes available). Returns its length
 * (1..4) and sets *cp, or 0 (leaving *cp alone) when n is 0 or the bytes
 * are not a well-formed sequence: invalid lead byte, missing continuation,
 * overlong form, surrogate, above U+10FFFF or truncated. */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/* Lenient decoding for display: like utf8_next(), but an invalid or
 * truncated sequence gives U+FFFD and takes 1 byte. len must be > 0. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Append cp as UTF-8; above U+10FFFF or a surrogate appends U+FFFD. */
void utf8_encode(struct buf *b, uint32_t cp);
/* The characters of the string s: its bytes that do not continue a
 * sequence. */
size_t utf8_chars(const char *s);
/* Is s (n bytes) well-formed UTF-8 throughout? NUL bytes are valid. */
int utf8_valid(const char *s, size_t n);
/* Append s (n bytes) case-folded (Unicode full case folding: "Điện"
 * and "ĐIỆN" fold alike, "Straße" like "STRASSE"). Bytes that are not
 * valid UTF-8 are copied as they are. */
void utf8_fold(struct buf *out, const char *s, size_t n);
/* The simple case folding of one code point: its single-character fold,
 * or cp itself when it has none or folds to several characters. */
uint32_t utf8_fold_cp(uint32_t cp);

#endif
