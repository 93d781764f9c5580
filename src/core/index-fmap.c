/*
 * index-fmap.c: the file map of an update (index-int.h): the files the
 * index knows, by path, with their id, size and mtime, so that the walk
 * compares each file it meets without asking SQLite.
 */
#include "core/index-int.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The map's hash of a path: hash_mem, eight bytes at a time (every update
 * looks up each file of the vault, so hash64's byte loop showed in the
 * profile).
 */
static uint64_t
fmap_hash(const char *path)
{
	return hash_mem(path, strlen(path));
}

/* A slot: the high half of the entry's hash, then its number + 1. */
#define SLOT(h, i)	(((h) & 0xffffffff00000000ULL) | (uint64_t)(i))

/* The slot of path in m: its own, or the empty one where it would go.
 * Only an entry whose slot holds the same high bits is compared. */
static uint64_t *
fmap_slot(const struct fmap *m, const char *path, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	uint64_t tag = h & 0xffffffff00000000ULL;
	const struct fentry *e;

	for (; m->slot[i]; i = (i + 1) & (m->cap - 1)) {
		if ((m->slot[i] & 0xffffffff00000000ULL) != tag)
			continue;
		e = &m->e[(m->slot[i] & 0xffffffff) - 1];
		if (e->h == h && strcmp(e->path, path) == 0)
			break;
	}
	return &m->slot[i];
}

/* Make the slots of m room enough for n entries in all. */
static void
fmap_rehash(struct fmap *m, size_t n)
{
	size_t i;

	if (n * 2 <= m->cap)
		return;
	if (!m->cap)
		m->cap = 1024;
	while (n * 2 > m->cap)
		m->cap *= 2;
	free(m->slot);
	m->slot = xcalloc(m->cap, sizeof *m->slot);
	for (i = 0; i < m->n; i++)
		*fmap_slot(m, m->e[i].path, m->e[i].h) = SLOT(m->e[i].h, i + 1);
}

void
idx_fmap_reserve(struct fmap *m, size_t n)
{
	fmap_rehash(m, n);
	m->e = xgrow(m->e, &m->ecap, n, sizeof *m->e);
}

void
idx_fmap_add(struct fmap *m, const char *path, long id, int64_t size,
    int64_t mtime)
{
	struct fentry *e;
	uint64_t *slot, h = fmap_hash(path);

	fmap_rehash(m, m->n + 1);
	slot = fmap_slot(m, path, h);
	if (*slot)
		e = &m->e[(*slot & 0xffffffff) - 1];
	else {
		m->e = xgrow(m->e, &m->ecap, m->n + 1, sizeof *m->e);
		e = &m->e[m->n++];
		e->path = strpool_copy(&m->paths, path);
		e->h = h;
		*slot = SLOT(h, m->n);
	}
	e->id = id;
	e->size = size;
	e->mtime = mtime;
	e->seen = 0;
}

struct fentry *
idx_fmap_find(const struct fmap *m, const char *path)
{
	uint64_t *slot;

	if (m->cap == 0)
		return NULL;
	slot = fmap_slot(m, path, fmap_hash(path));
	return *slot ? &m->e[(*slot & 0xffffffff) - 1] : NULL;
}

void
idx_fmap_free(struct fmap *m)
{
	strpool_free(&m->paths);
	free(m->slot);
	free(m->e);
	memset(m, 0, sizeof *m);
}
