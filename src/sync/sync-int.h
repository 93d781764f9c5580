/*
 * sync-int.h: the private interface between the files of `stratus sync`
 * (sync.c and sync-*.c): the state of a run (struct run) and, in one
 * section per file, what each file offers the others. The public face
 * stays sync.h. The ordering rules that make a run safe to kill are
 * described at the top of sync.c.
 */
#ifndef STRATUS_SYNC_INT_H
#define STRATUS_SYNC_INT_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strpool.h"
#include "sync/plan.h"
#include "sync/scan.h"
#include "sync/state.h"
#include "sync/sync.h"

struct aws;
struct aws_creds;
struct aws_req;

/* The item of no request (see progress_item_of_write). */
#define NO_ITEM SIZE_MAX
/* The journal mark of a node delete in flight. */
#define DELETE_MARK "-delete-"

/*
 * Progress in notes: each request of a phase works for one note (owner[i]
 * the item of request i), or for a batch of 25 items (owner[] per item of
 * the batch writes, request i covering owner[25 i ...]). A note is done
 * when all its requests (or items) of the phase are.
 */
struct progress {
	const char *verb;	/* "pushing", "pulling" */
	const char *what;	/* the step, or NULL */
	const size_t *owner;
	size_t nowner, per;
	size_t total, done;
	int *left;		/* per item */
	char *counted;		/* per item */
	int active;
	double last;
	int shown, width;
};

/* The state of one run (sync, status or resolve), shared by its files. */
struct run {
	const struct sync_opts *o;
	struct sync_result *res;
	struct state *st;
	struct aws *aws;
	struct aws_creds *creds;
	char *table;
	char *api;		/* read API base, no trailing slash */
	/* the strings of the notes and bases: a slug or an edge is one
	 * string, however many hold it */
	struct strpool pool;
	struct scan sc;
	struct scan_cache *scache;	/* what the scan read, or NULL */
	struct remote_entry *remotes;
	size_t nr, rcap;
	/* the bases the plan's items need (run_plan reads the others a
	 * chunk at a time, and lets them go); const: their strings are
	 * the pool's (base_clear would free them), a base to change is a
	 * base_copy */
	const struct sync_base **kept;
	size_t nkept, keptcap;
	size_t nb;		/* bases in all */
	struct sync_conflict *conf;
	size_t nconf;
	char **blocked;
	size_t nblocked, bcap;
	struct plan_item *items;
	size_t nitems;
	struct node *fetched;	/* per item, when fetched */
	int *have;		/* per item: 1 fetched[] is valid, 0 not
				 * fetched, -1 unusable (warned), -2 the
				 * read API says there is no such node */
	char *stamp;		/* for conflict and trash names */
	int wrote_remote;
	const char *lang;	/* vault default */
	int lock_fd;		/* .stratus/sync.lock, held while running */
	struct progress prog;
	char *cache_seen;	/* the cloud's cache version at the last sync */
	char *cache_now;	/* ... read before this run's listing ("" none) */
	int rescan;		/* a node's edges in the cloud may differ from
				 * its base after this run: list them next time */
	char *settled;		/* per item: its base or conflict recorded */
	int primary;		/* [remote] primary_lang: the slot of body.mdx */
	const char *default_vis;	/* [remote] default_visibility */
	int wiki_md;		/* [remote] wikilinks = markdown */
	int token;		/* the read API is asked with a token */
	char *conf_seen;	/* per r->conf: met again this run */
	char **embeds;		/* slugs of the EMBED items, by the Scan */
	char **embeds_at;	/* ... their generated_at ("" none) */
	size_t nembeds, ecap;
	int embeds_known;	/* the Scan listed them all */
};


/**************************************************************************
** Interface to code in sync.c
*/

/* rel (vault-relative) as an absolute path; the caller frees it. */
char *run_abs_path(struct run *r, const char *rel);
/* Read item it's note again (scan_load): 0; or -1, said, its rows of
 * the scan's cache forgotten (the file changed since the scan, or cannot
 * be read). */
int run_load(struct run *r, struct plan_item *it);
/* A GetItem/DeleteItem request for the key (pk, sk) of the table. */
cJSON *run_key_request(struct run *r, const char *pk, const char *sk);
/* Replace *dst with a copy of v (NULL: none). */
void run_set_str(char **dst, const char *v);
/* Free a batch of requests q[0..nq) with q and who (each may be NULL). */
void run_reqs_free(struct aws_req **q, size_t nq, size_t *who);
/* Is s one of the n strings of v? */
int run_has(char *const *v, size_t n, const char *s);
/* The name to show for an item: its changed file, its file, or slug. */
const char *run_note_name(const struct plan_item *it);
/* Plan the run (r->items), the bases read a chunk at a time: 0, or -1
 * with cause. */
int run_plan(struct run *r, const struct plan_opts *po, char **cause);
/* Open state, lock, scan the vault and (online) list the cloud. */
int run_prepare(struct run *r, const struct sync_opts *o, int online,
    char **cause);
/* Free everything a run holds (r itself is the caller's). */
void run_clear(struct run *r);

/**************************************************************************
** End of interface to code in sync.c
*/

/**************************************************************************
** Interface to code in sync-progress.c
*/

/* Show the progress line, at most 20 times a second (terminal only). */
void progress_show(struct run *r);
/* Start counting the notes of a phase (see struct progress). */
void progress_begin(struct run *r, const char *verb, const char *what,
    const size_t *owner, size_t nowner, size_t per);
/* Stop counting (the line stays until the run ends). */
void progress_end(struct run *r);
/* The item a batch write request (PutRequest/DeleteRequest) is for, or
 * NO_ITEM. */
size_t progress_item_of_write(struct run *r, const cJSON *w);
/* The aws_set_progress hook: request i of the current phase is done. */
void progress_on_request(void *arg, size_t i, const struct aws_req *q);
/* Run a phase's requests, counting notes: request i is for item who[i]. */
void progress_run_phase(struct run *r, const char *verb, const char *what,
    struct aws_req **q, const size_t *who, size_t nq);

/**************************************************************************
** End of interface to code in sync-progress.c
*/

/**************************************************************************
** Interface to code in sync-list.c
*/

/* List the nodes (META items) of the table into r->remotes. */
int list_ddb(struct run *r, char **cause);
/* List the read API's graph (nodes and their edges) into r->remotes. */
int list_api(struct run *r, char **cause);
/* Every EDGE item of the table as the listed nodes' edges, and the slug
 * and generated_at of every EMBED item (one Scan). */
int list_edges(struct run *r, char **cause);

/**************************************************************************
** End of interface to code in sync-list.c
*/

/**************************************************************************
** Interface to code in sync-embed.c
*/

/*
 * Bring the index's copy of the backend's embeddings in step with the
 * EMBED items the Scan listed: fetch those new or regenerated (one
 * BatchGetItem per 100; none when nothing changed), drop those gone.
 * 0, or -1 with cause.
 */
int embed_pull(struct run *r, char **cause);

/**************************************************************************
** End of interface to code in sync-embed.c
*/

/**************************************************************************
** Interface to code in sync-cache.c
*/

/* Read the cloud's cache version into r->cache_now ("" none). */
int cache_read_version(struct run *r, char **cause);
/* After a sync: bump the cache version when this run wrote, and record
 * the version up to which the cloud's changes have been seen. */
int cache_record_version(struct run *r, char **cause);

/**************************************************************************
** End of interface to code in sync-cache.c
*/

/**************************************************************************
** Interface to code in sync-fetch.c
*/

/* The S3 key of a node's body in lang: body.mdx for the primary
 * language, body.LANG.mdx for the other; the caller frees it. */
char *fetch_body_key(const char *type, const char *slug, int lang,
    int primary);
/* Fetch the nodes of the items flagged in want[] into r->fetched
 * (r->have[] says which could be); 0, or -1 with cause. */
int fetch_nodes(struct run *r, const int *want, char **cause);

/**************************************************************************
** End of interface to code in sync-fetch.c
*/

/**************************************************************************
** Interface to code in sync-pull.c
*/

/* Move a vault file to .stratus/trash/STAMP/path (never unlinked). */
int pull_trash(struct run *r, const char *rel, char **cause);
/* Move the files of a conflict that never completed to the trash. */
int pull_trash_conflict_files(struct run *r, const struct sync_conflict *c,
    char **cause);
/* Write the pulled node of item k into the vault and record its base. */
int pull_apply(struct run *r, size_t k, char **cause);
/* Record the base a local note and a node agree on (same content). */
int pull_adopt(struct run *r, size_t k, const struct node *nd, char **cause);
/* Record a conflict on item k, with the cloud's version nd (or NULL)
 * beside the note. */
int pull_conflict(struct run *r, size_t k, const struct node *nd,
    const char *reason, char **cause);

/**************************************************************************
** End of interface to code in sync-pull.c
*/

/**************************************************************************
** Interface to code in sync-push.c
*/

/* Push the items planned SA_PUSH and SA_PUSH_NEW; lost races become
 * conflicts. */
int push_run(struct run *r, char **cause);
/* BatchWriteItem the requests (taken), 25 at a time, retrying
 * UnprocessedItems; verb: count notes in the progress line, or NULL. */
int push_batch_write(struct run *r, cJSON **reqs, size_t n, const char *verb,
    char **cause);
/* A PutRequest of item (taken). */
cJSON *push_put_req(cJSON *item);
/* A DeleteRequest of the key (pk, sk). */
cJSON *push_delete_req(const char *pk, const char *sk);
/* An AUDIT item for a change of node slug. */
cJSON *push_audit_item(const char *slug, const char *action, const char *when,
    const char *what);

/**************************************************************************
** End of interface to code in sync-push.c
*/

/**************************************************************************
** Interface to code in sync-delete.c
*/

/* After its META is gone: a node's EDGE items, bodies, an audit entry,
 * and its base. Safe to repeat. */
int delete_finish(struct run *r, const char *slug, const char *type,
    char **cause);
/* Delete in the cloud the items planned SA_DELETE_REMOTE. */
int delete_run(struct run *r, char **cause);

/**************************************************************************
** End of interface to code in sync-delete.c
*/

#endif
