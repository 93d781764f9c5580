/*
 * fresh.h: freshness served by a watcher. A process that watches the
 * vault (stratus watch, the explorer) holds the index fresh and says so
 * on a Unix socket beside the index database, <db>.sock, owned through an
 * exclusive flock of <db>.serve (which also holds its pid): only one
 * process serves an index, and a socket left by one that was killed is
 * found dead (nobody listens) and replaced by the next.
 *
 * A command asks before it would walk the vault: it sends one line (the
 * protocol's version, the schema, the vault's default language and the
 * vault) and waits for one line back. The server reads the request, then
 * drains its inotify queue (every write that finished before the command
 * started is in it), applies those changes to the index, commits and
 * answers "ok": the command then skips its walk. Anything else (no
 * server, a dead or stopped one, a timeout, another vault, schema or
 * language, an answer "no") leaves the command to walk as it always did.
 */
#ifndef STRATUS_FRESH_H
#define STRATUS_FRESH_H

#include "core/index.h"

#include <sys/types.h>

#define FRESH_TIMEOUT_MS 3000	/* a command waits this long for ok */

/* What the server said. */
struct fresh_reply {
	long added, changed, removed;	/* what it applied for this ask */
	long pid;			/* the server's process */
};

/*
 * Ask the process serving ix's index (if any) to bring it up to date.
 * 0 and *r when it did; -1 with *why (for -v: the caller walks).
 * timeout_ms <= 0: FRESH_TIMEOUT_MS, or $STRATUS_FRESH_TIMEOUT_MS.
 */
int fresh_ask(struct index *ix, int timeout_ms, struct fresh_reply *r,
    char **why);

struct fresh_server;

/*
 * Serve the freshness of ix's index: take <db>.serve, replace a dead
 * <db>.sock and listen on it. 0 and *out; 1 when another process serves
 * it (*pid: which, 0 if unknown); -1 with *cause.
 */
int fresh_serve(struct index *ix, struct fresh_server **out, long *pid,
    char **cause);
/* Stop serving: remove the socket, release the lock. NULL is fine. */
void fresh_server_close(struct fresh_server *s);
/* The listening descriptor, readable when a command asks. */
int fresh_server_fd(const struct fresh_server *s);
/*
 * Take one waiting command and read its request. Returns a descriptor to
 * answer with fresh_answer() when the request is for this index; -1 when
 * none was waiting or it was answered "no" already (another vault,
 * schema or language; a garbled request).
 */
int fresh_accept(struct fresh_server *s);
/* Answer a request: ok with what was applied (st), or no (st NULL) and
 * why; closes fd. */
void fresh_answer(int fd, const struct index_stats *st, const char *why);
/*
 * Is the database file still the one the server opened? A stratus of
 * another schema (or a damaged file) rebuilds it as a new file, which the
 * server's connection does not see: it must stop serving (and answers no
 * meanwhile).
 */
int fresh_server_valid(struct fresh_server *s);

#endif
