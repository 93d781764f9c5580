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

#endif
