/*
 * vault.h: the folder of notes. Walks it for note files (.md, .markdown,
 * .mdx), skipping hidden folders, node_modules, what .stratusignore
 * names and symlinks out of the vault, surviving symlink loops, unreadable folders and files that vanish
 * mid-walk (each a warning through the callback, never an error).
 */
#ifndef STRATUS_VAULT_H
#define STRATUS_VAULT_H

#include <stdint.h>
#include <sys/types.h>

struct vault_file {
	const char *path;	/* vault-relative */
	const char *abspath;
	int64_t size;
	int64_t mtime_ns;
	int64_t ctime_ns;	/* with ino: a file replaced or touched back */
	int64_t ino;
};

/* Called for each note file; return non-zero to stop the walk. */
typedef int (*vault_file_cb)(const struct vault_file *f, void *arg);
/* Called for each problem: path (vault-relative) and a reason. */
typedef void (*vault_warn_cb)(const char *path, const char *why, void *arg);

/* Follow symlinks whose target is outside the vault (on: [core]
 * follow_external_links = true)? Off by default: such a link is skipped
 * with a warning. For the whole process; set once at start. */
void vault_follow_external(int on);

/*
 * Walk root. Returns 0, or -1 with *cause when root itself cannot be read.
 * Files come in a stable (sorted) order.
 */
int vault_walk(const char *root, vault_file_cb cb, vault_warn_cb warn,
    void *arg, char **cause);
/*
 * The same walk limited to what is at each of the n vault paths: a
 * folder (everything below it) or one file, with what the whole walk
 * would say about it (a path hidden, ignored or gone: nothing at all).
 * A path inside another is walked twice: pass neither twice.
 */
int vault_walk_paths(const char *root, const char *const *paths, size_t n,
    vault_file_cb cb, vault_warn_cb warn, void *arg, char **cause);

/*
 * The same walk on several threads (the index's freshness check):
 * vault_scan_start() starts reading root's folders and stating its files
 * in the background and returns at once, so the caller can do other work
 * meanwhile; vault_scan_finish() lends the calling thread to the walk,
 * waits for it, then calls cb and warn on the calling thread with exactly
 * the files and warnings vault_walk() would give, in its order, and frees
 * the scan. The callbacks come after the walk: a file a callback removes
 * is not reported as vanished. cb and warn may be NULL (the scan is only
 * stopped and freed). threads: how many threads walk, the caller's
 * included; 0 for one per CPU (at most 4).
 */
struct vault_scan;

int vault_scan_start(const char *root, int threads, struct vault_scan **out,
    char **cause);
void vault_scan_finish(struct vault_scan *s, vault_file_cb cb,
    vault_warn_cb warn, void *arg);

#endif
