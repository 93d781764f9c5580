/* worker.c: a thread with its own index connection (see worker.h). */
#include "tui/worker.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum job { JOB_NONE, JOB_SEARCH, JOB_UPDATE };

struct worker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct index *ix;	/* the worker's own connection */
	int efd;
	int stop;

	/* The queue: one pending search (the newest) or update. */
	enum job want;
	char *want_query;
	int want_limit;
	long want_id;
	long seq;

	enum job running;
	long running_id;

	int have_done;		/* a result waits in done */
	struct worker_done done;
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

static void
publish(struct worker *w, struct worker_done *d)
{
	uint64_t one = 1;

	worker_done_clear(&w->done);
	w->done = *d;
	memset(d, 0, sizeof *d);
	w->have_done = 1;
	if (write(w->efd, &one, sizeof one) < 0 && errno != EAGAIN)
		return;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct worker_done d;
	enum job job;
	char *query = NULL;
	int limit = 0;
	long id = 0;
	double t;

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
		w->running = job;
		w->running_id = id;
		pthread_mutex_unlock(&w->mu);

		memset(&d, 0, sizeof d);
		d.id = id;
		t = now_seconds();
		if (job == JOB_SEARCH) {
			if (index_search(w->ix, query, limit, &d.hits, &d.n,
			    &d.error) < 0 && !d.error)
				d.error = xstrdup("search failed");
		} else if (index_update(w->ix, 0, &d.st, &d.error) < 0) {
			if (!d.error)
				d.error = xstrdup("update failed");
		} else {
			char *why = NULL;

			d.have_sum = index_graph_summary(w->ix, &d.sum,
			    &why) == 0;
			free(why);
		}
		d.ms = (now_seconds() - t) * 1000;
		free(query);
		query = NULL;

		pthread_mutex_lock(&w->mu);
		w->running = JOB_NONE;
		w->running_id = 0;
		/* A search overtaken by a newer one is thrown away. */
		if (job == JOB_SEARCH && w->want == JOB_SEARCH)
			worker_done_clear(&d);
		else
			publish(w, &d);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int
worker_start(struct index *ix, const char *lang, struct worker **out,
    char **cause)
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
	if (w->running == JOB_SEARCH)
		index_interrupt(w->ix);
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->want_query);
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
	if (w->running == JOB_SEARCH)
		index_interrupt(w->ix);
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return id;
}

void
worker_update(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->want = JOB_UPDATE;
	w->want_id = ++w->seq;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
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

int
worker_wait(struct worker *w, struct worker_done *d)
{
	while (worker_busy(w))
		usleep(2000);
	return worker_take(w, d);
}
