/* width.c: display width and wrapping (decoding and sanitising are in
 * core/sanitize.c). */
#include "render/width.h"
#include "core/util.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

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
cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1;
	if (cp < 0x7f)
		return 1;
	if (cp <= 0x9f)
		return 2;
	if (cp_is_bidi(cp))
		return 5;	/* "\u27e8RLO\u27e9" */
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
