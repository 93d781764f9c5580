/*
 * items.h: the items of a DynamoDB answer (Scan, Query) taken out of it as
 * it arrives, so that a page is never held whole, as text or as a tree.
 *
 * cJSON parses a whole text only; a page of a Scan is up to 1 MB of it,
 * some 4 MB once parsed, and the edge Scan of a large table has 16 pages
 * in flight at once (12 MB of a no-op sync's 59 MB at 100,000 notes).
 * This only finds where each element of the answer's top-level "Items"
 * array begins and ends (strings and nesting followed, nothing decoded);
 * each is handed over as it closes, for the caller to parse with cJSON,
 * and cut out of the text with the comma after it, so that the text left
 * is always what the answer is without the items handed over: at the
 * end, the answer with its Items empty, for the caller to parse for the
 * rest (LastEvaluatedKey); and where the reader gives up (below), the
 * answer from there on, whole, for the parser to read or refuse.
 */
#ifndef STRATUS_ITEMS_H
#define STRATUS_ITEMS_H

#include <stddef.h>

#include "core/buf.h"

/* How deep a text is followed: deeper, and no item is taken from it any
 * more (the whole text is left to the parser, which says what it is). */
#define ITEMS_DEPTH	64

struct items {
	size_t pos;		/* bytes of the text read */
	size_t open;		/* just after the Items array's '[' (0: not
				 * met yet) */
	size_t item;		/* where the element being read began */
	size_t key;		/* where the last string of the top-level
				 * object began, + 1 (0: none) */
	unsigned depth;
	unsigned char str, esc;	/* in a string; after its backslash */
	unsigned char gave_up;	/* too deep, or not an answer's shape:
				 * nothing taken from here on */
	unsigned char closed;	/* the Items array has ended */
	unsigned char began;	/* the answer's object has */
	unsigned char comma;	/* an element was cut: its comma is next */
	char kind[ITEMS_DEPTH];	/* '{' or '[' of each level */
};

/* Ready for a new answer (all zeros will do). */
void items_reset(struct items *s);

/*
 * Read what b holds beyond what was read, and hand each element of the
 * top-level Items array that closes to cb (n bytes at p: one JSON value,
 * not ended by NUL), then cut it out of b (and the comma after it, once
 * it comes).
 */
void items_take(struct items *s, struct buf *b,
    void (*cb)(void *arg, const char *p, size_t n), void *arg);

#endif
