/*
 * scan.h: the vault as sync sees it: every note file read, hashed and
 * parsed (or, unchanged, taken from the scan's cache), grouped by slug
 * into its Spanish and English files, with its
 * outgoing edges (frontmatter concepts, and links in the text resolved
 * to other notes' slugs). The files' text and parse are not kept:
 * scan_load() reads them again for the notes a sync acts on.
 */
#ifndef STRATUS_SCAN_H
#define STRATUS_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "sync/map.h"
#include "sync/scan-cache.h"

struct strpool;

struct scan {
	struct local_note *notes;	/* sorted by slug */
	size_t n;
	char **blocked;		/* slugs not to touch this run (bad files) */
	size_t nblocked, blocked_cap;
	long files;
	long read;	/* files read this time, not taken from the cache */
};

/*
 * Scan vault. Files that cannot be read or mapped are warned about (one
 * line each) and their slug is blocked, so that a problem is never taken
 * for a deletion. Conflict copies (*.conflict-*) are skipped. known (n
 * slugs, sorted) are the nodes the cloud is known to have: a link that
 * resolves to no note but names one of them by slug is still an edge (its
 * note may be deleted here with the delete held).
 * Languages: a file's lang: field, else its name's suffix (a.es.md), else
 * an .mdx file is in primary (the site's own a.mdx is Spanish), else the
 * vault's default_lang; and a file whose language nothing said, beside a
 * file of the same slug in that language, is in the other one (the
 * site's a.mdx beside a.en.mdx). A name that is not a cloud slug as it is
 * (señal.md) gets the backend's slug (senal).
 * With a cache (scan-cache.h; NULL: none), a file whose size, times and
 * inode are those it recorded is not read: its hash, slug, language and
 * (while no file's names changed) edges come from there; what was read
 * goes back to it. The notes' strings (slug, paths, hashes, visibilities,
 * edges) are put in pool, the slugs interned: the caller's, to be freed
 * after scan_clear(s). 0 or -1.
 */
int scan_vault(const char *vault, const char *default_lang, int primary,
    char *const *known, size_t nknown, struct scan_cache *cache,
    struct strpool *pool, struct scan *s, char **cause);
/* The conf of scan_vault's cache rows (caller frees): the program, the
 * format of the rows, the default and primary languages. */
char *scan_cache_conf(const char *default_lang, int primary);

/* For the tests: how old a file's times must be for it to be cached
 * (default 1 s: a file written again within their granularity could
 * keep them; STRATUS_TEST_SCAN_SETTLE_MS sets it for a whole process). */
void scan_settle(int64_t ns);
/* Show the scan's progress on stderr ("stratus sync: reading 5200/110000
 * files") when it takes longer than half a second (a terminal; off by
 * default). STRATUS_TEST_PROGRESS_DELAY_MS sets the delay. */
void scan_show_progress(int on);
void scan_clear(struct scan *s);
/*
 * Fill ln's text (its files read again and parsed as the scan did). 0, or
 * -1 with cause when a file changed since the scan (its hash differs) or
 * cannot be read. local_note_unload() (map.h) frees it again.
 */
int scan_load(struct local_note *ln, const char *vault, char **cause);
/* Are ln's files still those the scan hashed (read again now)? */
int scan_unchanged(const struct local_note *ln, const char *vault);
/* Block slug for this run (copied). */
void scan_block(struct scan *s, const char *slug);
/* Is this the name of a conflict copy? */
int is_conflict_copy(const char *path);

#endif
