/*
 * scan-int.h: what scan.c (the scan) and scan-reuse.c (what a scan takes
 * from its cache and gives back) share.
 */
#ifndef STRATUS_SCAN_INT_H
#define STRATUS_SCAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/strpool.h"
#include "sync/scan-cache.h"

/*
 * A file as the scan keeps it once read: what grouping, the plan and the
 * edges need, not its text nor its parse (those are read again for the
 * notes a sync touches, scan_load()), so that a vault of 100,000 notes
 * is not held in memory. Its strings are in the walk's pool (slug,
 * language, visibility and edge targets interned: an edge is the slug
 * of the note it names, not a copy), where the notes take them from.
 */
struct file {
	const char *path;
	int64_t size, mtime, ctime, ino;	/* as the walk saw it */
	const unsigned char *hash;	/* HASH_LEN bytes (map.h) */
	const char *slug;	/* the note's (a cloud slug when it can be) */
	const char *lang;	/* the note's, after the .mdx rule */
	const char *vis;	/* its frontmatter's visibility, or NULL */
	const char **edges;	/* the slugs its links give, sorted, unique
				 * (the array is the file's, or its note's
				 * once taken) */
	size_t nedges;
	struct file_names *nm;	/* when read, or a full read of the cache */
	uint64_t names;	/* hash of slug, language and names */
	char *why;	/* why it could not be read, or NULL */
	unsigned char implied;	/* nothing but the default gave it its
				 * language */
	unsigned char read;	/* read and parsed, or taken from the cache */
	unsigned char cached;	/* taken from the cache (not read this time) */
	unsigned char slot;	/* its language slot in its note, once */
	unsigned char grouped;	/* ... it has one (it can be synced) */
	unsigned char relinked;	/* its links met again (reuse_links) */
	unsigned char stored;	/* read, its row (links and names, no edges
				 * yet) recorded by reuse_store */
	unsigned char lent;	/* its edges are its note's, borrowed
				 * until the cache records them */
};

/* What the resolver takes of a file and what its edges are made of: held
 * only for the files read (those the cache gives have their names taken
 * while the resolver is made, their links one at a time after). */
struct file_names {
	char *title;
	char **aliases;
	size_t naliases;
	char *links;	/* kind byte, target, NUL; one after another;
			 * then a NUL */
	size_t nlinks;	/* bytes, that last NUL not counted */
};

struct walk {
	struct file *f;
	size_t n, cap;
	struct strpool *pool;	/* the scan's */
};

/*
 * Strings by name in an open-addressing table of indexes + 1, a power of
 * 2 at least twice the entries: the notes by slug, so that grouping costs
 * one lookup a file (it was a pass over the notes met so far: quadratic,
 * 85 s for a vault of 100,000 notes), and the files by path, for the
 * cache's rows.
 */
struct strtab {
	size_t *slot;
	size_t cap;
};
void strtab_init(struct strtab *t, size_t n);
/* The slot of name: holding its index + 1, or 0 where it would go;
 * key(arg, i) is the name of entry i. */
size_t *strtab_find(struct strtab *t, const char *name,
    const char *(*key)(const void *arg, size_t i), const void *arg);
/* The path of file i of a walk (arg), as a strtab key. */
const char *file_key(const void *arg, size_t i);

/* Free nm, the whole of it (NULL accepted). */
void names_free(struct file_names *nm);
/* Free what f holds but its path and why, as before it was read (its
 * pooled strings stay in the pool). */
void file_forget(struct file *f);
/* Set f's edges from a cache row's (n bytes: slugs, sorted, unique, each
 * ended by NUL), interned in pool: 0, or -1 and none when they are not
 * that (a damaged row). And the other way, into b (reset first). */
int edges_from_blob(struct file *f, struct strpool *pool, const char *p,
    size_t n);
void edges_to_blob(const struct file *f, struct buf *b);

/* What the cache gives a scan, and keeps until it is saved. */
struct reuse {
	struct scan_cache *c;
	struct walk *w;
	struct strtab paths;	/* the files of w by path */
	char **gone;		/* rows of files the walk no longer found */
	size_t ngone, gonecap;
	uint64_t took;		/* the vault names it had recorded when
				 * taken (0: none): its edges stand while
				 * the vault's names are the same */
	uint64_t had;		/* ... and has now, as this scan left it */
	int64_t began;		/* when the scan began (ns since 1970) */
	/* the pass of links: to whom */
	void (*on_links)(void *arg, struct file *f, const char *links,
	    size_t n);
	void *arg;
	struct buf links;	/* a row's, and a NUL */
};

/* The files of w whose size, times and inode are those c recorded take
 * its facts (and edges): read and cached set. */
void reuse_take(struct reuse *u, struct scan_cache *c, struct walk *w);
/* The names of the cached files from c; a file whose row is gone since
 * reuse_take() is to be read again (its cached and read flags cleared).
 * The number of those. */
size_t reuse_names(struct reuse *u);
/* Record now the rows of the files read that settled and are not yet,
 * with their links and no edges yet, and let their links go (f->stored):
 * reuse_links gives them back a file at a time, so that a vault read for
 * the first time does not hold every link while its names are gathered
 * (and the next files are read). The names hash recorded is none until
 * reuse_save. Nothing stored when the cache cannot be written (the links
 * stay). */
void reuse_store(struct reuse *u);
/* The links of every cached (or stored) file (n bytes: kind byte,
 * target, NUL; one after another; a NUL after) to cb, a row at a time,
 * so that a vault's edges are made again without all its links held;
 * each file met is marked relinked. The number of those files not met
 * (the cache failed since reuse_take(); STRATUS_TEST_SCAN_LINKS_FAIL=1
 * makes it so). */
size_t reuse_links(struct reuse *u, void (*cb)(void *arg, struct file *f,
    const char *links, size_t n), void *arg);
/* Record what the scan read (the files that settled), the edges that
 * changed (changed[i] for file i), the rows of files gone, and the vault's
 * names; nothing when nothing changed. */
void reuse_save(struct reuse *u, const unsigned char *changed,
    uint64_t names);
/* Done with the rows (the snapshot ends; the table of paths goes). */
void reuse_read_end(struct reuse *u);
/* Drop what the cache gave every file: they are read instead. */
void reuse_forget_all(struct reuse *u);
void reuse_free(struct reuse *u);

#endif
