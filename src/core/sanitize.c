/*
 * sanitize.c: the one sanitiser of text that reaches a terminal or a
 * line-oriented output (see sanitize.h): the visible replacements of control and bidi characters, note text, names
 * and paths on a line, and JSON text.
 */
#include "core/sanitize.h"
#include "core/buf.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Control Pictures for C0 (U+2400 + c) and DEL (U+2421), UTF-8. */
static const char *const c0_repr[32] = {
	"\xe2\x90\x80", "\xe2\x90\x81", "\xe2\x90\x82", "\xe2\x90\x83",
	"\xe2\x90\x84", "\xe2\x90\x85", "\xe2\x90\x86", "\xe2\x90\x87",
	"\xe2\x90\x88", "\xe2\x90\x89", "\xe2\x90\x8a", "\xe2\x90\x8b",
	"\xe2\x90\x8c", "\xe2\x90\x8d", "\xe2\x90\x8e", "\xe2\x90\x8f",
	"\xe2\x90\x90", "\xe2\x90\x91", "\xe2\x90\x92", "\xe2\x90\x93",
	"\xe2\x90\x94", "\xe2\x90\x95", "\xe2\x90\x96", "\xe2\x90\x97",
	"\xe2\x90\x98", "\xe2\x90\x99", "\xe2\x90\x9a", "\xe2\x90\x9b",
	"\xe2\x90\x9c", "\xe2\x90\x9d", "\xe2\x90\x9e", "\xe2\x90\x9f",
};
static const char del_repr[] = "\xe2\x90\xa1";

/* C1 0x80 + x means ESC followed by 0x40 + x: shown as U+241B and that
 * character ("\u241b[" for CSI 0x9b). */
static const char *const c1_repr[32] = {
	"\xe2\x90\x9b@", "\xe2\x90\x9b" "A", "\xe2\x90\x9b" "B",
	"\xe2\x90\x9b" "C", "\xe2\x90\x9b" "D", "\xe2\x90\x9b" "E",
	"\xe2\x90\x9b" "F", "\xe2\x90\x9bG", "\xe2\x90\x9bH", "\xe2\x90\x9bI",
	"\xe2\x90\x9bJ", "\xe2\x90\x9bK", "\xe2\x90\x9bL", "\xe2\x90\x9bM",
	"\xe2\x90\x9bN", "\xe2\x90\x9bO", "\xe2\x90\x9bP", "\xe2\x90\x9bQ",
	"\xe2\x90\x9bR", "\xe2\x90\x9bS", "\xe2\x90\x9bT", "\xe2\x90\x9bU",
	"\xe2\x90\x9bV", "\xe2\x90\x9bW", "\xe2\x90\x9bX", "\xe2\x90\x9bY",
	"\xe2\x90\x9bZ", "\xe2\x90\x9b[", "\xe2\x90\x9b\\", "\xe2\x90\x9b]",
	"\xe2\x90\x9b^", "\xe2\x90\x9b_",
};

/*
 * The bidirectional embeddings, overrides (U+202A..U+202E) and isolates
 * (U+2066..U+2069): they reorder what follows on screen, so text can read
 * otherwise than it is ("Trojan Source"). Shown by their abbreviation in
 * brackets, five columns each.
 */
static const char *const bidi_repr[] = {
	"\xe2\x9f\xa8LRE\xe2\x9f\xa9", "\xe2\x9f\xa8RLE\xe2\x9f\xa9",
	"\xe2\x9f\xa8PDF\xe2\x9f\xa9", "\xe2\x9f\xa8LRO\xe2\x9f\xa9",
	"\xe2\x9f\xa8RLO\xe2\x9f\xa9", "\xe2\x9f\xa8LRI\xe2\x9f\xa9",
	"\xe2\x9f\xa8RLI\xe2\x9f\xa9", "\xe2\x9f\xa8\x46SI\xe2\x9f\xa9",
	"\xe2\x9f\xa8PDI\xe2\x9f\xa9",
};

/* The index of a bidi control in bidi_repr, or -1. */
static int
bidi_index(uint32_t cp)
{
	if (cp >= 0x202a && cp <= 0x202e)
		return (int)(cp - 0x202a);
	if (cp >= 0x2066 && cp <= 0x2069)
		return (int)(cp - 0x2066) + 5;
	return -1;
}

int
cp_is_bidi(uint32_t cp)
{
	return bidi_index(cp) >= 0;
}

int
cp_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || bidi_index(cp) >= 0;
}

const char *
cp_control_repr(uint32_t cp)
{
	if (cp < 0x20)
		return c0_repr[cp];
	if (cp == 0x7f)
		return del_repr;
	if (cp >= 0x80 && cp <= 0x9f)
		return c1_repr[cp - 0x80];
	if (bidi_index(cp) >= 0)
		return bidi_repr[bidi_index(cp)];
	return "";
}

/* Does the terminal have no glyph for cp (in a UTF-8 locale)? Such
 * characters are shown as U+FFFD so that curses and we agree on width. */
static int
cp_unprintable(uint32_t cp)
{
	return cp >= 0xa0 && MB_CUR_MAX > 1 && wcwidth((wchar_t)cp) < 0;
}

/* Append len bytes sanitised: as a name (every control shown, invalid
 * bytes as "\xNN") or as note text (tab, CR, LF a space; invalid bytes
 * U+FFFD). */
static void
sanitize(struct buf *out, const char *s, size_t len, int name)
{
	size_t i = 0, n, start = 0;
	uint32_t cp;

	buf_grow(out, len);
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (!cp_is_control(cp) && !(cp == 0xfffd && n == 1) &&
		    !cp_unprintable(cp)) {
			i += n;
			continue;
		}
		buf_add(out, s + start, i - start);
		if (name && cp == 0xfffd && n == 1)
			buf_printf(out, "\\x%02x", (unsigned char)s[i]);
		else if (!name && (cp == '\t' || cp == '\n' || cp == '\r'))
			buf_addc(out, ' ');
		else if (cp_is_control(cp))
			buf_adds(out, cp_control_repr(cp));
		else
			utf8_encode(out, 0xfffd);
		i += n;
		start = i;
	}
	buf_add(out, s + start, i - start);
}

void
text_sanitize_buf(struct buf *out, const char *s, size_t len)
{
	sanitize(out, s, len, 0);
}

char *
text_sanitize(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	text_sanitize_buf(&b, s, len);
	return buf_take(&b);
}


void
name_sanitize_buf(struct buf *out, const char *s, size_t len)
{
	sanitize(out, s, len, 1);
}

/* The ring of safe_name()'s strings, per thread. */
#define SAFE_RING 8
static _Thread_local struct buf safe_ring[SAFE_RING];
static _Thread_local unsigned safe_next;

const char *
safe_name(const char *s)
{
	struct buf *b = &safe_ring[safe_next++ % SAFE_RING];

	buf_truncate(b, 0);
	if (s)
		name_sanitize_buf(b, s, strlen(s));
	return buf_str(b);
}

void
json_sanitize_buf(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, n, start = 0;
	uint32_t cp;

	buf_grow(out, len);
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1)
			/* PEP 383: byte b as the lone surrogate U+DC00 + b */
			cp = 0xdc00 | (unsigned char)s[i];
		else if (cp < 0x7f || (cp > 0x9f && !cp_is_bidi(cp) &&
		    cp != 0x2028 && cp != 0x2029)) {
			/* ASCII: cJSON escaped C0 in strings; outside them
			 * are its newlines and tabs */
			i += n;
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_printf(out, "\\u%04x", (unsigned)cp);
		i += n;
		start = i;
	}
	buf_add(out, s + start, i - start);
}
