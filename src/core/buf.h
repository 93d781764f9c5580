/*
 * buf.h: the one growable byte buffer used for all text in stratus.
 *
 * Invariants: after any append, ptr is NUL-terminated and len counts the
 * bytes before that NUL. A buf initialised with BUF_INIT has ptr == NULL
 * until the first append; buf_str() returns "" for it. The bytes belong to
 * the buf until buf_take() hands them over. Allocation failure aborts the
 * program with a message (see xmalloc in util.h): callers never check.
 *
 * A cap (max > 0) bounds the size of text that comes from outside (the
 * network, a hostile file): an append past it sets overflow and is dropped.
 */
#ifndef STRATUS_BUF_H
#define STRATUS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;	/* 0: no limit */
	int overflow;	/* set when an append was refused by max */
};

#define BUF_INIT {NULL, 0, 0, 0, 0}

/* Make room for extra more bytes (plus the NUL). */
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Shorten to len bytes (len <= b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Empty the buffer, keeping its storage. */
void buf_reset(struct buf *b);
/* Hand the storage to the caller (never NULL; "" when empty) and reset. */
char *buf_take(struct buf *b);
/* Release the storage; b is BUF_INIT afterwards. */
void buf_free(struct buf *b);
/* The text, never NULL. */
const char *buf_str(const struct buf *b);

#endif
