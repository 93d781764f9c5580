/*
 * watch.h: notice notes changing on disk while the explorer (or stratus
 * watch, or the presenter) runs. One inotify instance watches every
 * folder below a root (recursively, skipping hidden folders and
 * node_modules, adding folders as they appear); its descriptor goes into
 * a poll() beside the keyboard. Only note files (.md, .markdown, .mdx)
 * and folders count.
 *
 * A vault's watch (watch_open_vault) also keeps what changed: the vault
 * paths of the files and folders the events named, for
 * index_update_paths(). Whatever it cannot follow exactly (the queue
 * overflowed, watches ran out, .stratusignore changed, the vault holds
 * symbolic or hard links, whose other names see no event) makes the
 * change "all": the whole vault is walked, so nothing is ever missed.
 */
#ifndef STRATUS_WATCH_H
#define STRATUS_WATCH_H

#include <stddef.h>

struct index;
struct index_stats;

/* What changed since it was last taken. */
struct changes {
	char **paths;		/* vault-relative, each once */
	size_t n, cap;
	int all;		/* the whole vault: walk it all */
};
/* Add what from has to into and empty from. */
void changes_merge(struct changes *into, struct changes *from);
void changes_clear(struct changes *c);
int changes_empty(const struct changes *c);
/* Bring ix up to date for the changes (index_update_paths, or
 * index_update when all). 0, or -1 with *cause. */
int changes_apply(struct index *ix, const struct changes *c,
    struct index_stats *st, char **cause);

struct watch;

/*
 * Start watching root. Returns 0 and *out, or -1 with *cause (inotify
 * unavailable, out of watches): the explorer then runs without live
 * reload and says so.
 */
int watch_open(const char *root, struct watch **out, char **cause);
/* The same for a vault whose changes are kept for watch_take(). */
int watch_open_vault(const char *root, struct watch **out, char **cause);
void watch_close(struct watch *w);
/* The descriptor to poll for POLLIN. */
int watch_fd(const struct watch *w);
/*
 * Read the pending events (never blocks). Returns how many concerned
 * notes or folders (0: nothing that matters), or -1 when the watch broke
 * (the queue overflowed counts as a change, not a failure).
 */
int watch_read(struct watch *w);
/* Move what changed (as read so far) into c. */
void watch_take(struct watch *w, struct changes *c);
/* Can a vault's changes be told from its events alone? 0 when its
 * folder is on a network or FUSE file system, whose changes made
 * elsewhere make no event here. */
int watch_exact(const struct watch *w);
/* How many folders are watched. */
int watch_count(const struct watch *w);

#endif
