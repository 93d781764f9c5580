/*
 * scan-cache.h: what the last sync scan learnt of each file (its hash,
 * slug, language, names, links and the edges they gave), kept in the
 * cache folder beside the index ($XDG_CACHE_HOME/stratus/<vault>.scan.db)
 * so that a scan reads only the files that changed: a file is taken from
 * here while its size, mtime, ctime and inode are those recorded. It is
 * a cache: lost or unwritable, every file is read, as without it.
 */
#ifndef STRATUS_SCAN_CACHE_H
#define STRATUS_SCAN_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* A file's row; strings and bytes are borrowed for the call. */
struct scan_fact {
	const char *path;
	int64_t size, mtime, ctime, ino;
	const char *hash, *slug, *lang;
	const char *vis;		/* or NULL */
	int implied;
	uint64_t names;		/* hash of what the resolver takes of it */
	const void *edges;	/* slugs, each ended by NUL */
	size_t nedges;		/* bytes */
	/* only from a full read (scan_cache_each(c, 1, ...)): */
	const char *title;	/* or NULL */
	const char *aliases;	/* one a line, or "" */
	const void *links;	/* kind byte, target, NUL; one after another */
	size_t nlinks;		/* bytes */
};

struct scan_cache;

/*
 * Open the cache of vault (path: its file; NULL: the one in the cache
 * folder). conf names what the rows depend on besides the files (the
 * program, the default and primary languages): rows of another conf are
 * dropped with their table. A file found damaged, here or later, is
 * removed, to be made again, empty. NULL when it cannot be opened: scan
 * without it.
 */
struct scan_cache *scan_cache_open(const char *vault, const char *path,
    const char *conf);
void scan_cache_close(struct scan_cache *c);

/* Every row, to cb; full: with title, aliases and links. 0 or -1. */
int scan_cache_each(struct scan_cache *c, int full,
    void (*cb)(void *arg, const struct scan_fact *f), void *arg);
/* The names hash of the whole vault recorded with the rows (0: none):
 * the edges recorded hold while it is the same. */
uint64_t scan_cache_names(struct scan_cache *c);

/* Read what follows, until read_end or begin, from one snapshot: the
 * rows and names another scan writes meanwhile are not seen. */
void scan_cache_read_begin(struct scan_cache *c);
void scan_cache_read_end(struct scan_cache *c);

/* Between begin and commit (one transaction): put a row (replacing the
 * path's), set a row's edges, drop a path's row. commit records the
 * vault's names hash, or none when the one recorded is no longer had
 * (what this scan read): another scan wrote between. A failure rolls
 * back, leaving the cache as it was (or empty). 0 or -1. */
int scan_cache_begin(struct scan_cache *c);
int scan_cache_put(struct scan_cache *c, const struct scan_fact *f);
int scan_cache_edges(struct scan_cache *c, const char *path,
    const void *edges, size_t nedges);
int scan_cache_drop(struct scan_cache *c, const char *path);
int scan_cache_commit(struct scan_cache *c, uint64_t had, uint64_t names);
/* Drop path's row, in a transaction of its own: a file whose row was
 * found wrong. 0 or -1. */
int scan_cache_forget(struct scan_cache *c, const char *path);

#endif
