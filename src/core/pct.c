/*
 * pct.c: percent-decoding with a fallback to the text as written when
 * the result would be unsafe.
 */
#include "core/pct.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"

int
pct_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
pct_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i, w;
	uint32_t c;

	if (!memchr(s, '%', n))
		return xstrndup(s, n);
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && pct_hexval(s[i + 1]) >= 0 &&
		    pct_hexval(s[i + 2]) >= 0) {
			buf_addc(&b, pct_hexval(s[i + 1]) * 16 +
			    pct_hexval(s[i + 2]));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	for (i = 0; i < b.len; i += w) {
		w = utf8_next(b.ptr + i, b.len - i, &c);
		if (w == 0 || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			buf_free(&b);
			return xstrndup(s, n);
		}
	}
	return buf_take(&b);
}
