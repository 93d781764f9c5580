/*
 * worker.h: index work off the explorer's main thread, so that typing
 * never waits for the database. A worker is a thread with its own SQLite
 * connection to the same index (WAL: it reads while another writes) that
 * runs one kind of job: searches (the newest request replaces a pending
 * one and interrupts a running one, which is then thrown away) or
 * updates (requests made while one runs are folded into one more run).
 * When a job is done the worker's descriptor becomes readable; the main
 * loop polls it and takes the result.
 */
#ifndef STRATUS_WORKER_H
#define STRATUS_WORKER_H

#include "core/index.h"

struct worker;

/* What a finished job gives back (owned by the taker: worker_done_clear).
 */
struct worker_done {
	long id;		/* the request number (searches) */
	struct hit *hits;	/* searches */
	size_t n;
	struct index_stats st;	/* updates */
	struct graph_summary sum;	/* updates: the whole graph's counts */
	int have_sum;
	int partial;		/* searches: the first hits; the whole
				 * result follows with the same id */
	int snippets;		/* searches: the snippets the whole result
				 * of this id left out (hits hold doc.id and
				 * snippet only: hits_take_snippets()) */
	double ms;		/* how long the job took */
	char *error;		/* NULL, or why it failed */
};
void worker_done_clear(struct worker_done *d);

/*
 * Start a worker on a second connection to ix's database (lang: the
 * vault's default language, as the main connection was opened with).
 * background: its thread, and the threads it starts, run at a lower
 * priority, so that a long job (the first check of a large vault, which
 * walks it on every core) leaves the CPU to the searches typed meanwhile.
 * Returns 0, or -1 with *cause; the explorer then works in one thread.
 */
int worker_start(struct index *ix, const char *lang, int background,
    struct worker **out, char **cause);
/* Stop the thread (interrupting its job) and free everything. */
void worker_stop(struct worker *w);
/* Readable when a job is done. */
int worker_fd(const struct worker *w);

/* Search for query (at most limit hits); returns the request number.
 * Above a screenful of hits, the first come as a partial result, then
 * all of them, those past the screen without their snippets, which
 * follow (in the result while it waits, else as a result of their own). */
long worker_search(struct worker *w, const char *query, int limit);
/* Bring the index up to date with the changes c (taken: c is emptied;
 * folded into a pending update's), then, when anything changed, count
 * the whole graph (index_graph_summary) for the graph view. Returns the
 * request number, which worker_committed() reaches once the changes are
 * in the index (before the counts). */
struct changes;
long worker_update(struct worker *w, struct changes *c);
/* The number of the last update request committed (0: none yet); *failed
 * when it failed, *st what it applied (each may be NULL). The worker's
 * descriptor becomes readable when it moves. */
long worker_committed(struct worker *w, int *failed, struct index_stats *st);
/* Is a job queued or running? */
int worker_busy(struct worker *w);
/* Take a finished job: 1 and *d filled, or 0 when none is ready. */
int worker_take(struct worker *w, struct worker_done *d);
/* How many partial results (a search's first hits) have been published,
 * taken or not (a newer result replaces one not taken); for the tests. */
long worker_partials(struct worker *w);
/* Wait until the queue is empty and take the last result (0 or 1). */
int worker_wait(struct worker *w, struct worker_done *d);

#endif
