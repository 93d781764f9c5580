/*
 * utf8.c: UTF-8 decoding, encoding and validation, and case folding
 * through cmark-gfm's copy of the utf8proc case-folding table.
 */
#include "core/utf8.h"

#include <cmark-gfm.h>
#include <cmark-gfm/buffer.h>
#include <cmark-gfm/utf8.h>

size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
		min = 0x80;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
		min = 0x800;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t w = utf8_next(s, len, cp);

	if (w == 0) {
		*cp = 0xfffd;
		return 1;
	}
	return w;
}

void
utf8_encode(struct buf *b, uint32_t cp)
{
	char s[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		s[0] = (char)cp;
		buf_add(b, s, 1);
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, s, 4);
	}
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, w;
	uint32_t c;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		w = utf8_next(s + i, n - i, &c);
		if (w == 0)
			return 0;
		i += w;
	}
	return 1;
}

/* Fold the run s[0..n) of well-formed multi-byte characters through
 * cmark-gfm's utf8proc table. */
static void
fold_run(struct buf *out, const char *s, size_t n)
{
	cmark_strbuf sb;

	/* not CMARK_BUF_INIT: its initbuf is data a PIE cannot relocate */
	cmark_strbuf_init(cmark_get_default_mem_allocator(), &sb, 0);
	cmark_utf8proc_case_fold(&sb, (const uint8_t *)s, (bufsize_t)n);
	buf_add(out, sb.ptr, (size_t)sb.size);
	cmark_strbuf_free(&sb);
}

void
utf8_fold(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, run, w;
	uint32_t c;

	buf_grow(out, n);
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x80) {
			buf_addc(out, ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			i++;
			continue;
		}
		for (run = i; run < n && (unsigned char)s[run] >= 0x80 &&
		    run - i < (1u << 30); run += w)
			if ((w = utf8_next(s + run, n - run, &c)) == 0)
				break;
		if (run > i) {
			fold_run(out, s + i, run - i);
			i = run;
		} else {
			buf_addc(out, ch);	/* not UTF-8: kept as is */
			i++;
		}
	}
}

uint32_t
utf8_fold_cp(uint32_t cp)
{
	uint8_t in[4];
	cmark_strbuf sb;
	uint32_t f = cp, g;
	size_t n, w;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return cp;
	if (cp < 0x800) {
		in[0] = (uint8_t)(0xc0 | (cp >> 6));
		n = 2;
	} else if (cp < 0x10000) {
		in[0] = (uint8_t)(0xe0 | (cp >> 12));
		in[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		n = 3;
	} else {
		in[0] = (uint8_t)(0xf0 | (cp >> 18));
		in[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
		in[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
		n = 4;
	}
	in[n - 1] = (uint8_t)(0x80 | (cp & 0x3f));
	cmark_strbuf_init(cmark_get_default_mem_allocator(), &sb, 8);
	cmark_utf8proc_case_fold(&sb, in, (bufsize_t)n);
	w = utf8_next((const char *)sb.ptr, (size_t)sb.size, &g);
	if (w > 0 && w == (size_t)sb.size)
		f = g;		/* one character: the simple fold */
	cmark_strbuf_free(&sb);
	return f;
}
