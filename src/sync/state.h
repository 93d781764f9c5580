/*
 * state.h: the vault's sync state, .stratus/sync.db (SQLite): for every
 * node agreed with the cloud, the hashes, paths and S3 ETags of its files
 * as last synced, the remote updated_at last seen, the base edge set, a
 * META write in flight (the journal that makes a killed sync converge),
 * the open conflicts (each recorded before its files are written), and
 * small values (last sync, the cloud's cache version last seen). Not a
 * cache: it lives with the notes.
 */
#ifndef STRATUS_STATE_H
#define STRATUS_STATE_H

#include <stddef.h>

struct strpool;

/* Slots of a note's two languages, Spanish first as in the bucket. */
enum { LANG_ES = 0, LANG_EN = 1, NLANGS = 2 };

struct sync_base {
	char *slug;
	char *node_type;
	char *remote_updated;	/* the updated_at agreed, NULL: none yet */
	char *pending;		/* updated_at values of META writes in flight,
				 * space-separated (a killed sync may leave
				 * one that lands later) */
	char *hash[NLANGS];	/* SHA-256 of each file as synced, or NULL */
	char *path[NLANGS];	/* vault-relative, or NULL */
	char *etag[NLANGS];	/* of each body in S3, or NULL */
	char **edges;		/* base edge targets, sorted */
	size_t nedges;
};

struct sync_conflict {
	char *slug;
	char *reason;
	char *remote_updated;	/* the remote's updated_at, "" when deleted */
	char *path[NLANGS];	/* the local files, or NULL */
	char *conflict_path[NLANGS];	/* the remote's version beside them */
	char *created;		/* UTC */
	int complete;		/* 0: recorded, its files perhaps not all
				 * written yet (a sync stopped while writing
				 * them); not yet an open conflict */
};

struct state;

/* Open vault/.stratus/sync.db. create: make it when missing; else a
 * missing one opens as an empty state in memory, and nothing is written
 * to the vault (for --dry-run and status). */
int state_open(const char *vault, int create, struct state **out,
    char **cause);
/* Is this state only in memory (no sync.db yet)? */
int state_is_memory(const struct state *st);
void state_close(struct state *st);

int state_begin(struct state *st, char **cause);
int state_commit(struct state *st, char **cause);
void state_rollback(struct state *st);

/* The slugs of every base, sorted, interned in pool, in a new array
 * (the caller frees it, not them): what a scan needs of the bases before
 * they are all read. */
int state_slugs(struct state *st, struct strpool *pool, char ***out,
    size_t *n, char **cause);
/* The bases whose slug comes after after (NULL: from the first), sorted
 * by slug, at most limit of them (0: every one), in a new array
 * (bases_free). Their strings are pool's (the slug, node type and edge
 * targets interned: the same as the scan's notes have, when it shares
 * the pool). A sync reads them a chunk at a time (plan_bases), each in a
 * pool of its own: a vault of 100,000 notes need not hold every base. */
int state_bases(struct state *st, struct strpool *pool, const char *after,
    size_t limit, const struct sync_base **out, size_t *n, char **cause);
/* The base of slug, as state_bases gives it: 1, or 0 and none (*out
 * NULL) when there is none, or -1 with cause. */
int state_base(struct state *st, struct strpool *pool, const char *slug,
    const struct sync_base **out, char **cause);
/* Insert or replace a base with its edges. */
int state_put(struct state *st, const struct sync_base *b, char **cause);
int state_delete(struct state *st, const char *slug, char **cause);
/* Record a META write in flight, added to those recorded (a base row is
 * created when missing); pending NULL clears them. */
int state_set_pending(struct state *st, const char *slug,
    const char *node_type, const char *pending, char **cause);
void base_clear(struct sync_base *b);
/* Free what state_bases gave (not the pool's strings). */
void bases_free(const struct sync_base *b, size_t n);
/* Deep copy (base_clear frees it). */
void base_copy(struct sync_base *dst, const struct sync_base *src);
/* The same, its strings in pool (the slug, node type and edge targets
 * interned), its edges array its own (bases_free frees that). */
void base_copy_in(struct sync_base *dst, const struct sync_base *src,
    struct strpool *pool);

/* Every conflict recorded, complete or not, sorted by slug. */
int state_conflicts(struct state *st, struct sync_conflict **out, size_t *n,
    char **cause);
int state_conflict_put(struct state *st, const struct sync_conflict *c,
    char **cause);
int state_conflict_delete(struct state *st, const char *slug, char **cause);
void conflicts_free(struct sync_conflict *c, size_t n);

/* Small named values: last_sync, last_summary, cache_version. Returned
 * string is the caller's (NULL when unset). */
char *state_get(struct state *st, const char *key);
int state_set(struct state *st, const char *key, const char *value,
    char **cause);

#endif
