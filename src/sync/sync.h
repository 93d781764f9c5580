/*
 * sync.h: `stratus sync` itself: scan the vault, list the cloud, plan
 * (plan.h), then pull, push and delete as planned, keeping sync.db in step
 * so that a sync stopped at any moment (SIGKILL included) converges on the
 * next run. The rules are documented in man/stratus-sync.7.
 */
#ifndef STRATUS_SYNC_H
#define STRATUS_SYNC_H

#include <stdio.h>

struct config;

struct sync_opts {
	const char *vault;		/* absolute path */
	const struct config *cfg;	/* [remote] settings */
	const char *default_lang;	/* the vault's language, NULL: "en" */
	int dry_run;
	int push, pull;			/* halves to run (both by default) */
	int allow_delete;		/* --allow-delete (or the config's) */
	const char *api;		/* read API base URL (pull only), or NULL */
	int progress;			/* show "pushing n of m notes" on
					 * stderr */
	FILE *out;			/* the plan and the summary */
};

struct sync_result {
	long pushed, pulled, deleted, trashed, adopted, held, conflicts;
	long requests, retries;
	long bodies_skipped;	/* not downloaded again: unchanged (304) */
	long need_embeddings;	/* nodes pushed with a new body: no
				 * embedding until the backend's backfill */
	double seconds;
};

/*
 * Run a sync (or print its plan with dry_run). Returns 0, or -1 with a
 * one-line cause naming the note, the call and what AWS answered; state
 * and notes are left consistent either way. Open conflicts are counted in
 * res->conflicts (the caller exits 1 on them).
 */
int sync_run(const struct sync_opts *o, struct sync_result *res,
    char **cause);

/* `stratus sync status`: last sync, pending local changes, conflicts.
 * Offline. *conflicts gets the number of open conflicts. */
int sync_status(const struct sync_opts *o, long *conflicts, char **cause);

/*
 * `stratus sync resolve NOTE --keep local|remote`: close the conflict of
 * NOTE (a slug or a path). keep_remote: the note becomes the cloud's
 * version (the local one goes to .stratus/trash/); else the local one is
 * pushed over the cloud's at the next sync. Offline.
 */
int sync_resolve(const struct sync_opts *o, const char *note, int keep_remote,
    char **cause);

#endif
