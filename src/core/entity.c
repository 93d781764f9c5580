/*
 * entity.c: HTML character references through cmark-gfm's houdini
 * decoder and its table of every HTML5 entity name.
 */
#include "core/entity.h"

#include <stdint.h>

#include <cmark-gfm.h>
#include <cmark-gfm/buffer.h>
#include <cmark-gfm/houdini.h>

#include "core/utf8.h"

/* Longest reference worth trying: "&CounterClockwiseContourIntegral;"
 * is 33 bytes, "&#x0010FFFF;" 12. */
#define ENTITY_MAX	40

size_t
entity_decode(const char *s, size_t n, struct buf *out)
{
	cmark_strbuf sb;
	bufsize_t used;
	uint32_t cp;
	size_t w;

	if (n < 3 || s[0] != '&')
		return 0;
	if (n > ENTITY_MAX)
		n = ENTITY_MAX;
	cmark_strbuf_init(cmark_get_default_mem_allocator(), &sb, 0);
	used = houdini_unescape_ent(&sb, (const uint8_t *)s + 1,
	    (bufsize_t)(n - 1));
	if (used <= 0) {
		cmark_strbuf_free(&sb);
		return 0;
	}
	if (s[1] == '#' && (w = utf8_next((const char *)sb.ptr,
	    (size_t)sb.size, &cp)) > 0 &&
	    (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)))
		utf8_encode(out, 0xfffd);
	else
		buf_add(out, sb.ptr, (size_t)sb.size);
	cmark_strbuf_free(&sb);
	return (size_t)used + 1;
}

void
entity_unescape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0, start = 0, w;

	while (i < n) {
		if (s[i] != '&') {
			i++;
			continue;
		}
		buf_add(out, s + start, i - start);
		w = entity_decode(s + i, n - i, out);
		if (w == 0) {
			buf_addc(out, '&');
			w = 1;
		}
		i += w;
		start = i;
	}
	buf_add(out, s + start, i - start);
}
