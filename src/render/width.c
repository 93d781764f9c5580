/* width.c: UTF-8 decoding, display width, sanitising and wrapping. */
#include "render/width.h"
#include "core/util.h"

#include <langinfo.h>
#include <locale.h>
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
#define BIDI_WIDTH 5

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

static int
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (str_casecmp(cs, "UTF-8") == 0 ||
	    str_casecmp(cs, "utf8") == 0);
}

int
width_locale_init(void)
{
	if (setlocale(LC_CTYPE, "") && locale_is_utf8())
		return 1;
	if (setlocale(LC_CTYPE, "C.UTF-8") && locale_is_utf8())
		return 1;
	return 0;
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

int
cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1;
	if (cp < 0x7f)
		return 1;
	if (cp <= 0x9f)
		return 2;
	if (bidi_index(cp) >= 0)
		return BIDI_WIDTH;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
text_width(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int w = 0;

	while (i < len) {
		i += utf8_decode(s + i, len - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

void
text_sanitize_buf(struct buf *out, const char *s, size_t len)
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
		if (cp == '\t' || cp == '\n' || cp == '\r')
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

char *
text_sanitize(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	text_sanitize_buf(&b, s, len);
	return buf_take(&b);
}

/* The bytes of the character at s and the zero-width marks after it, and
 * the width of the whole. */
static size_t
cluster(const char *s, size_t len, uint32_t *first, int *width)
{
	size_t n, m;
	uint32_t cp;

	n = utf8_decode(s, len, first);
	*width = cp_width(*first);
	while (n < len) {
		m = utf8_decode(s + n, len - n, &cp);
		if (cp == '\n' || cp_width(cp) != 0)
			break;
		n += m;
	}
	return n;
}

size_t
text_fit(const char *s, size_t len, int width, int *used)
{
	size_t i = 0, n;
	uint32_t cp;
	int col = 0, w;

	while (i < len) {
		n = cluster(s + i, len - i, &cp, &w);
		if (col + w > width)
			break;
		col += w;
		i += n;
	}
	if (used)
		*used = col;
	return i;
}

/* The end of a line that stops at end: trailing spaces dropped. */
static size_t
trim_end(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

/* Where the next line starts after a soft break at i: spaces skipped, and
 * one hard break that the soft break made redundant. */
static size_t
skip_gap(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '\n')
		i++;
	return i;
}

size_t
text_wrap(const char *s, size_t len, int width, size_t *next)
{
	size_t i = 0, n, brk_end = 0, brk_next = 0;
	int has_brk = 0, col = 0, w;
	uint32_t cp;

	if (width < 1)
		width = 1;
	while (i < len) {
		if (s[i] == '\n') {
			*next = i + 1;
			return trim_end(s, i);
		}
		if (s[i] == ' ') {
			if (col + 1 > width) {
				*next = skip_gap(s, len, i);
				return trim_end(s, i);
			}
			brk_end = i;
			brk_next = i;
			has_brk = 1;
			col++;
			i++;
			continue;
		}
		n = cluster(s + i, len - i, &cp, &w);
		if (w == 2 && col > 0) {
			brk_end = i;
			brk_next = i;
			has_brk = 1;
		}
		if (col + w > width) {
			if (has_brk && trim_end(s, brk_end) > 0) {
				*next = skip_gap(s, len, brk_next);
				return trim_end(s, brk_end);
			}
			if (col == 0) {
				*next = skip_gap(s, len, i + n);
				return i + n;
			}
			*next = i;
			return i;
		}
		col += w;
		i += n;
		if (w == 2) {
			brk_end = i;
			brk_next = i;
			has_brk = 1;
		}
	}
	*next = len;
	return trim_end(s, len);
}
