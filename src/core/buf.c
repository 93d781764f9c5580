/* buf.c: the growable byte buffer (see buf.h for its invariants). */
#include "core/buf.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (b->len + extra + 1 < b->len)
		die("buffer size overflow");
	need = b->len + extra + 1;
	if (need > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < need)
			cap = cap * 2 < cap ? need : cap * 2;
		b->ptr = xrealloc(b->ptr, cap);
		b->cap = cap;
	}
	/* The invariant holds even for a buffer only grown, never added to. */
	b->ptr[b->len] = '\0';
}

static int
buf_refuse(struct buf *b, size_t extra)
{
	if (b->max && b->len + extra > b->max) {
		b->overflow = 1;
		return 1;
	}
	return 0;
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (buf_refuse(b, len))
		return;
	buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	char ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_refuse(b, (size_t)n))
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *
buf_take(struct buf *b)
{
	char *p;

	if (!b->ptr)
		return xstrdup("");
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->overflow = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->overflow = 0;
}

const char *
buf_str(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}
