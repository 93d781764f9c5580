/* strpool.c: pooled and interned strings (see strpool.h). */
#include "core/strpool.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Blocks of 64 KB: a vault of 100,000 notes takes some 300 of them for its
 * paths and hashes, with no header of their own (16 bytes a malloc). A
 * string over a quarter of that gets a block of its own, put behind the
 * one being filled. */
#define BLOCK	((size_t)64 << 10)

struct strpool_block {
	struct strpool_block *prev;
	char text[];
};

const char *
strpool_copyn(struct strpool *p, const char *s, size_t len)
{
	struct strpool_block *b;
	char *at;

	if (len + 1 > BLOCK / 4) {
		b = xmalloc(sizeof *b + len + 1);
		if (p->block) {
			b->prev = p->block->prev;
			p->block->prev = b;
		} else {	/* the first block, and full */
			b->prev = NULL;
			p->block = b;
			p->used = p->size = len + 1;
		}
		at = b->text;
	} else {
		if (!p->block || p->used + len + 1 > p->size) {
			b = xmalloc(sizeof *b + BLOCK);
			b->prev = p->block;
			p->block = b;
			p->used = 0;
			p->size = BLOCK;
		}
		at = p->block->text + p->used;
		p->used += len + 1;
	}
	memcpy(at, s, len);
	at[len] = '\0';
	return at;
}

const char *
strpool_copy(struct strpool *p, const char *s)
{
	return s ? strpool_copyn(p, s, strlen(s)) : NULL;
}

/* Where s (len bytes) is in the table, or the empty slot where it would
 * go. */
static const char **
find(const struct strpool *p, const char *s, size_t len)
{
	size_t i = (size_t)hash_mem(s, len) & (p->cap - 1);

	while (p->slot[i] && (strncmp(p->slot[i], s, len) != 0 ||
	    p->slot[i][len] != '\0'))
		i = (i + 1) & (p->cap - 1);
	return &p->slot[i];
}

const char *
strpool_internn(struct strpool *p, const char *s, size_t len)
{
	const char **at, **old;
	size_t oldcap, i;

	len = strnlen(s, len);	/* (the table's strings end at their NUL) */
	/* at most half full */
	if (2 * (p->n + 1) > p->cap) {
		old = p->slot;
		oldcap = p->cap;
		p->cap = p->cap ? 2 * p->cap : 256;
		p->slot = xcalloc(p->cap, sizeof *p->slot);
		for (i = 0; i < oldcap; i++)
			if (old[i])
				*find(p, old[i], strlen(old[i])) = old[i];
		free(old);
	}
	at = find(p, s, len);
	if (!*at) {
		*at = strpool_copyn(p, s, len);
		p->n++;
	}
	return *at;
}

const char *
strpool_intern(struct strpool *p, const char *s)
{
	return s ? strpool_internn(p, s, strlen(s)) : NULL;
}

size_t
strpool_uniq(const char **v, size_t n)
{
	size_t i, k;

	if (n < 2)
		return n;
	qsort(v, n, sizeof *v, cmp_strp);
	for (i = 1, k = 1; i < n; i++)
		if (v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

char *
strpool_put(struct strpool *p, const char *s, int intern)
{
	return (char *)(intern ? strpool_intern(p, s) : strpool_copy(p, s));
}

void
strpool_free(struct strpool *p)
{
	struct strpool_block *b, *prev;

	if (!p)
		return;
	for (b = p->block; b; b = prev) {
		prev = b->prev;
		free(b);
	}
	free(p->slot);
	memset(p, 0, sizeof *p);
}
