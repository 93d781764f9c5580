/*
 * watch.h: notice notes changing on disk while the explorer runs. One
 * inotify instance watches every folder of the vault (recursively,
 * skipping hidden folders and node_modules, adding folders as they
 * appear); its descriptor goes into the explorer's poll() beside the
 * keyboard. Only note files (.md, .markdown, .mdx) and folders count.
 */
#ifndef STRATUS_WATCH_H
#define STRATUS_WATCH_H

struct watch;

/*
 * Start watching root. Returns 0 and *out, or -1 with *cause (inotify
 * unavailable, out of watches): the explorer then runs without live
 * reload and says so.
 */
int watch_open(const char *root, struct watch **out, char **cause);
void watch_close(struct watch *w);
/* The descriptor to poll for POLLIN. */
int watch_fd(const struct watch *w);
/*
 * Read the pending events (never blocks). Returns how many concerned
 * notes or folders (0: nothing that matters), or -1 when the watch broke
 * (the queue overflowed counts as a change, not a failure).
 */
int watch_read(struct watch *w);
/* How many folders are watched. */
int watch_count(const struct watch *w);

#endif
