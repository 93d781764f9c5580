/*
 * strpool.h: strings made by the thousand and freed together (a sync
 * scan's paths, hashes, slugs and edges): copies packed into large blocks,
 * with no allocation of their own, and interned strings, one copy of each
 * distinct text, so that equal strings share one pointer (an edge to a
 * note is its slug, not a copy of it).
 *
 * A string from a pool is borrowed: valid, unchanged, until strpool_free.
 * A pool is not shared between threads.
 */
#ifndef STRATUS_STRPOOL_H
#define STRATUS_STRPOOL_H

#include <stddef.h>

struct strpool {
	struct strpool_block *block;	/* the one being filled */
	size_t used, size;		/* of its text */
	const char **slot;	/* interned strings (open addressing) */
	size_t cap, n;
};

#define STRPOOL_INIT {NULL, 0, 0, NULL, 0, 0}

/* A copy of s (of len bytes, then a NUL); strpool_copy of NULL is NULL. */
const char *strpool_copyn(struct strpool *p, const char *s, size_t len);
const char *strpool_copy(struct strpool *p, const char *s);
/* The pool's one copy of s (len bytes, or up to a NUL before), made at
 * the first call; strpool_intern of NULL is NULL. */
const char *strpool_internn(struct strpool *p, const char *s, size_t len);
const char *strpool_intern(struct strpool *p, const char *s);
/* Sort v (n strings interned in one pool) and drop repeats (the same
 * pointer); the count left. */
size_t strpool_uniq(const char **v, size_t n);
/* s in p, interned (intern) or copied, typed char * for the structs whose
 * fields are char * but whose strings a pool owns (a sync's bases and
 * remote entries): never to be freed but by strpool_free. */
char *strpool_put(struct strpool *p, const char *s, int intern);
/* Every string of p goes; p is STRPOOL_INIT again. Accepts NULL. */
void strpool_free(struct strpool *p);

#endif
