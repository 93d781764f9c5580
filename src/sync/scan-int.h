/*
 * scan-int.h: what scan.c (the scan) and scan-reuse.c (what a scan takes
 * from its cache and gives back) share.
 */
#ifndef STRATUS_SCAN_INT_H
#define STRATUS_SCAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "sync/scan-cache.h"

/*
 * A file as the scan keeps it once read: what grouping, the plan and the
 * edges need, not its text nor its parse (those are read again for the
 * notes a sync touches, scan_load()), so that a vault of 100,000 notes
 * is not held in memory.
 */
struct file {
	char *path;
	int64_t size, mtime, ctime, ino;	/* as the walk saw it */
	char *hash;
	char *slug;	/* the note's (a cloud slug when it can be) */
	char *lang;	/* the note's, after the .mdx rule */
	char *vis;	/* its frontmatter's visibility, or NULL */
	struct buf links;	/* kind byte, target, NUL; one after another */
	struct buf edges;	/* the slugs its links give, sorted, each
				 * ended by NUL */
	char *title;	/* its names, until the resolver has them */
	char **aliases;
	size_t naliases;
	uint64_t names;	/* hash of slug, language and names */
	char *why;	/* why it could not be read, or NULL */
	int implied;	/* nothing but the default gave it its language */
	int read;	/* read and parsed, or taken from the cache */
	int cached;	/* taken from the cache (not read this time) */
	int named;	/* title and aliases known (read, or a full read
			 * of the cache) */
};

struct walk {
	struct file *f;
	size_t n, cap;
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

/* Free what f holds but its path and why, as before it was read. */
void file_forget(struct file *f);

/* What the cache gives a scan, and keeps until it is saved. */
struct reuse {
	struct scan_cache *c;
	struct walk *w;
	struct strtab paths;	/* the files of w by path */
	char **gone;		/* rows of files the walk no longer found */
	size_t ngone, gonecap;
	uint64_t had;		/* the vault names it recorded (0: none) */
	int64_t began;		/* when the scan began (ns since 1970) */
	int full, links;	/* the pass: names, and links */
};

/* The files of w whose size, times and inode are those c recorded take
 * its facts (and edges): read and cached set. */
void reuse_take(struct reuse *u, struct scan_cache *c, struct walk *w);
/* The names of the cached files (links too: their edges are made again)
 * from c; a file whose row is gone since reuse_take() is to be read
 * again (its cached and read flags cleared). The number of those. */
size_t reuse_names(struct reuse *u, int links);
/* Record what the scan read (the files that settled), the edges that
 * changed (changed[i] for file i), the rows of files gone, and the vault's
 * names; nothing when nothing changed. */
void reuse_save(struct reuse *u, const unsigned char *changed,
    uint64_t names);
/* Drop what the cache gave every file: they are read instead. */
void reuse_forget_all(struct reuse *u);
void reuse_free(struct reuse *u);

#endif
