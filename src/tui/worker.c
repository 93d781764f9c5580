/* worker.c: a thread with its own index connection (see worker.h). */
#include "tui/worker.h"
#include "tui/watch.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#define WORKER_PROGRESS_OPS 1000	/* VM steps between two looks */
#define WORKER_FIRST_HITS 40		/* a screen of hits, published first */
#define WORKER_NICE	10		/* a background worker's nice value */

enum job { JOB_NONE, JOB_SEARCH, JOB_UPDATE };

struct worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct index *ix;	/* the worker's own connection */
	int efd;
	int stop;
	int background;		/* worker_start() */

	/* The queue: one pending search (the newest) or update. */
	enum job want;
	struct changes want_changes;	/* updates: what to apply */
	char *want_query;
	int want_limit;
	long want_id;
	long seq;

	enum job running;
	long running_id;

	long committed;		/* the last update applied (or failed) */
	int commit_failed;
	struct index_stats commit_st;
	int have_done;		/* a result waits in done */
	atomic_int cancel;	/* the running search is superseded */
	struct worker_done done;
	long partials;		/* worker_partials() */
};

void
worker_done_clear(struct worker_done *d)
{
	if (!d)
		return;
	hits_free(d->hits, d->n);
	free(d->error);
	memset(d, 0, sizeof *d);
}

/* Make the worker's descriptor readable (a full counter is readable
 * already). */
static void
wake(struct worker *w)
{
	uint64_t one = 1;

	if (write(w->efd, &one, sizeof one) < 0 && errno != EAGAIN)
		return;
}

static void
publish(struct worker *w, struct worker_done *d)
{
	worker_done_clear(&w->done);
	w->done = *d;
	memset(d, 0, sizeof *d);
	w->have_done = 1;
	wake(w);
}

/*
 * SQLite's progress handler on the worker's connection: a search that a
 * newer one superseded stops within WORKER_PROGRESS_OPS virtual machine
 * steps, whichever statement it is in (index_interrupt() alone misses
 * the statements a search starts after it was called).
 */
static int
superseded(void *arg)
{
	struct worker *w = arg;

	return atomic_load_explicit(&w->cancel, memory_order_relaxed);
}

/* What early_hits() publishes for. */
struct early {
	struct worker *w;
	long id;
	double t;		/* when the search started */
};

/*
 * The first WORKER_FIRST_HITS hits of a search (index_search_early()),
 * published as partial, enough to fill the screen, while the search goes
 * on to the whole list: the screen does not wait for the rows below it,
 * and the list does not cost a second search. Not when a newer search
 * superseded this one.
 */
static void
early_hits(void *arg, const struct hit *v, size_t n)
{
	struct early *e = arg;
	struct worker *w = e->w;
	struct worker_done d;

	memset(&d, 0, sizeof d);
	pthread_mutex_lock(&w->mu);
	if (w->want != JOB_SEARCH) {
		d.id = e->id;
		d.hits = hits_copy(v, n);
		d.n = n;
		d.partial = 1;
		d.ms = (now_seconds() - e->t) * 1000;
		publish(w, &d);
		w->partials++;
	}
	pthread_mutex_unlock(&w->mu);
}

/*
 * The snippets the whole result of search id left out (those of the m
 * notes ids, past the first screen of hits), made now that it is
 * published: into the result itself while it waits to be taken, else as
 * a result of their own (struct worker_done's snippets). Returns with the
 * lock held.
 */
static void
search_snippets(struct worker *w, const char *query, long id,
    const long *ids, size_t m)
{
	struct worker_done d;
	char **out = xcalloc(m + 1, sizeof *out);
	size_t i;

	memset(&d, 0, sizeof d);
	if (index_snippets(w->ix, query, ids, m, out, &d.error) < 0) {
		free(d.error);
		free(out);
		pthread_mutex_lock(&w->mu);
		return;	/* superseded: the summaries stand in */
	}
	d.id = id;
	d.snippets = 1;
	d.hits = xcalloc(m, sizeof *d.hits);
	for (i = 0; i < m; i++) {
		d.hits[i].doc.id = ids[i];
		d.hits[i].snippet = out[i];
	}
	d.n = m;
	free(out);
	pthread_mutex_lock(&w->mu);
	if (w->want == JOB_SEARCH)
		worker_done_clear(&d);
	else if (w->have_done && w->done.id == id && !w->done.snippets) {
		hits_take_snippets(w->done.hits, w->done.n, d.hits, d.n);
		worker_done_clear(&d);
	} else
		publish(w, &d);
}

/* Apply the changes of update request id, then say it is committed
 * (before the graph's counts, which commands that asked do not wait
 * for). 0 or -1 (d->error). */
static int
update(struct worker *w, const struct changes *ch, long id,
    struct worker_done *d)
{
	int rc;

	rc = changes_apply(w->ix, ch, &d->st, &d->error);
	if (rc < 0 && !d->error)
		d->error = xstrdup("update failed");
	pthread_mutex_lock(&w->mu);
	w->committed = id;
	w->commit_failed = rc < 0;
	w->commit_st = d->st;
	wake(w);
	pthread_mutex_unlock(&w->mu);
	return rc;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct worker_done d;
	struct changes ch;
	enum job job;
	char *query = NULL;
	int limit = 0;
	long id = 0, *later = NULL;
	size_t i, nlater, later_cap = 0;
	double t;

	memset(&ch, 0, sizeof ch);
	/* (on Linux the nice value is the thread's, and the threads it
	 * starts inherit it: the walk's too; not being let lower it is no
	 * reason to stop) */
	if (w->background)
		(void)setpriority(PRIO_PROCESS, 0, WORKER_NICE);

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->stop && w->want == JOB_NONE)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop)
			break;
		job = w->want;
		query = w->want_query;
		limit = w->want_limit;
		id = w->want_id;
		w->want = JOB_NONE;
		w->want_query = NULL;
		changes_merge(&ch, &w->want_changes);
		w->running = job;
		w->running_id = id;
		atomic_store(&w->cancel, 0);
		pthread_mutex_unlock(&w->mu);

		memset(&d, 0, sizeof d);
		d.id = id;
		t = now_seconds();
		nlater = 0;
		if (job == JOB_SEARCH) {
			struct early e = { w, id, t };

			/* the first screen of hits comes first; the rows
			 * below it without their snippets, made once they
			 * are out */
			if (limit > WORKER_FIRST_HITS) {
				index_search_early(w->ix, WORKER_FIRST_HITS,
				    early_hits, &e);
				index_search_snippets(w->ix,
				    WORKER_FIRST_HITS);
			}
			if (index_search(w->ix, query, limit, &d.hits, &d.n,
			    &d.error) < 0 && !d.error)
				d.error = xstrdup("search failed");
			index_search_early(w->ix, 0, NULL, NULL);
			index_search_snippets(w->ix, -1);
			later = xgrow(later, &later_cap, d.n + 1,
			    sizeof *later);
			for (i = 0; i < d.n; i++)
				if (!d.hits[i].snippet)
					later[nlater++] = d.hits[i].doc.id;
		} else if (update(w, &ch, id, &d) == 0 && (ch.all ||
		    d.st.added + d.st.changed + d.st.removed > 0)) {
			char *why = NULL;

			d.have_sum = index_graph_summary(w->ix, &d.sum,
			    &why) == 0;
			free(why);
		}
		/* updates come seldom, and the first walks every note */
		if (job == JOB_UPDATE)
			index_release_memory(w->ix);
		changes_clear(&ch);
		d.ms = (now_seconds() - t) * 1000;

		pthread_mutex_lock(&w->mu);
		/* A search overtaken by a newer one is thrown away. */
		if (job == JOB_SEARCH && w->want == JOB_SEARCH)
			worker_done_clear(&d);
		else {
			publish(w, &d);
			if (nlater > 0) {
				pthread_mutex_unlock(&w->mu);
				search_snippets(w, query, id, later, nlater);
			}
		}
		w->running = JOB_NONE;
		w->running_id = 0;
		free(query);
		query = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	free(later);
	return NULL;
}

int
worker_start(struct index *ix, const char *lang, int background,
    struct worker **out, char **cause)
{
	struct worker *w = xcalloc(1, sizeof *w);
	struct index_opts o = {0};
	const char *db = index_path(ix);
	sigset_t all, old;
	int rc;

	o.vault = index_vault(ix);
	o.db_path = db && *db ? db : NULL;
	o.default_lang = lang;
	o.progress = 0;
	if (index_open(&o, &w->ix, cause) < 0) {
		free(w);
		return -1;
	}
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->efd < 0) {
		index_close(w->ix);
		free(w);
		return fail(cause, "eventfd: %s", strerror(errno));
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	atomic_init(&w->cancel, 0);
	w->background = background;
	index_progress(w->ix, WORKER_PROGRESS_OPS,
	    superseded, w);
	/* The thread takes no signal: they are the main loop's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->th, NULL, work, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		close(w->efd);
		index_close(w->ix);
		free(w);
		return fail(cause, "cannot start a thread");
	}
	*out = w;
	return 0;
}

void
worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	if (w->running == JOB_SEARCH) {
		atomic_store(&w->cancel, 1);
		index_interrupt(w->ix);
	}
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->want_query);
	changes_clear(&w->want_changes);
	worker_done_clear(&w->done);
	close(w->efd);
	index_close(w->ix);
	free(w);
}

int
worker_fd(const struct worker *w)
{
	return w ? w->efd : -1;
}

long
worker_search(struct worker *w, const char *query, int limit)
{
	long id;

	pthread_mutex_lock(&w->mu);
	free(w->want_query);
	w->want = JOB_SEARCH;
	w->want_query = xstrdup(query);
	w->want_limit = limit;
	id = w->want_id = ++w->seq;
	if (w->running == JOB_SEARCH) {
		atomic_store(&w->cancel, 1);
		index_interrupt(w->ix);
	}
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return id;
}

long
worker_update(struct worker *w, struct changes *c)
{
	long id;

	pthread_mutex_lock(&w->mu);
	w->want = JOB_UPDATE;
	changes_merge(&w->want_changes, c);
	id = w->want_id = ++w->seq;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return id;
}

long
worker_committed(struct worker *w, int *failed, struct index_stats *st)
{
	long id;

	pthread_mutex_lock(&w->mu);
	id = w->committed;
	if (failed)
		*failed = w->commit_failed;
	if (st)
		*st = w->commit_st;
	pthread_mutex_unlock(&w->mu);
	return id;
}

int
worker_busy(struct worker *w)
{
	int busy;

	pthread_mutex_lock(&w->mu);
	busy = w->want != JOB_NONE || w->running != JOB_NONE;
	pthread_mutex_unlock(&w->mu);
	return busy;
}

int
worker_take(struct worker *w, struct worker_done *d)
{
	uint64_t n;
	int got;

	if (read(w->efd, &n, sizeof n) < 0 && errno != EAGAIN)
		return 0;
	pthread_mutex_lock(&w->mu);
	got = w->have_done;
	if (got) {
		*d = w->done;
		memset(&w->done, 0, sizeof w->done);
		w->have_done = 0;
	}
	pthread_mutex_unlock(&w->mu);
	return got;
}

long
worker_partials(struct worker *w)
{
	long n;

	pthread_mutex_lock(&w->mu);
	n = w->partials;
	pthread_mutex_unlock(&w->mu);
	return n;
}

int
worker_wait(struct worker *w, struct worker_done *d)
{
	while (worker_busy(w))
		usleep(2000);
	return worker_take(w, d);
}
