/*
 * index-prep.c: what an update needs of a file before it touches the
 * database (read it, hash it, parse it, clean and pack its text), made
 * ahead on a second thread for a large update. SQLite takes one thread;
 * at 10k notes reading, parsing and deflating were a third of the full
 * index's time on that same thread, so a worker does them for the files
 * the writer will take next, in the order it takes them.
 *
 * The worker touches no database and no update state: it reads the work
 * list (built before it starts, never changed while it runs) and writes
 * one prep per item into a ring of PREFETCH_AHEAD slots, so memory stays
 * bounded whatever the vault. The writer gives each prep back when done
 * with it, and the worker frees it before it fills the slot again: the
 * frees (3 % of the writer's time at 10k notes) leave the writer too.
 * It packs the bodies with its own deflater, in the writer's order, so
 * the dictionary it learns on an empty index is the one the writer
 * would have learned.
 */
#include "core/index-int.h"
#include "core/note.h"
#include "core/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PREFETCH_MIN	64	/* fewer files: not worth a thread */
#define PREFETCH_AHEAD	64	/* preps made ahead of the writer */

/* Read, and hash, the file of w into p. */
void
idx_prep_read(const struct index *ix, const struct work *w, struct prep *p)
{
	char *abspath = path_join(ix->vault, w->path);

	memset(p, 0, sizeof *p);
	if (idx_read_note(abspath, &p->data, &p->len, &p->big, &p->why) < 0) {
		free(abspath);
		return;
	}
	free(abspath);
	p->deck = note_is_deck(w->path, p->data, p->len);
	p->hash = hash64(p->data, p->len) ^ (uint64_t)p->big;
}

/* Parse p's text and make its rows, once; the body packed by d (NULL:
 * when written). */
struct note_text *
idx_prep_parse(const struct index *ix, const struct work *w, struct prep *p,
    struct zdef *d)
{
	if (!p->n) {
		p->n = note_parse(w->path, p->data, p->len, ix->default_lang);
		idx_note_text(p->n, d, &p->text);
	}
	return &p->text;
}

void
idx_prep_free(struct prep *p)
{
	if (p->n)
		idx_note_text_free(&p->text);
	free(p->data);
	free(p->why);
	note_free(p->n);
	memset(p, 0, sizeof *p);
}

struct prefetch {
	const struct index *ix;
	const struct work *work;
	size_t n;
	struct zdef *zd;
	struct prep ring[PREFETCH_AHEAD];
	/* items made, taken and given back so far; a slot holds an item
	 * made and not taken, or one given back (freed before its reuse) */
	size_t made, taken, given;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	pthread_t th;
};

static void *
worker(void *arg)
{
	struct prefetch *pf = arg;
	struct prep p;
	size_t i;
	int stop;

	for (i = 0; i < pf->n; i++) {
		pthread_mutex_lock(&pf->mu);
		while (!pf->stop && i - pf->given >= PREFETCH_AHEAD)
			pthread_cond_wait(&pf->room, &pf->mu);
		stop = pf->stop;
		pthread_mutex_unlock(&pf->mu);
		if (stop)
			break;
		/* the item given back from this slot: the writer is past it */
		idx_prep_free(&pf->ring[i % PREFETCH_AHEAD]);
		idx_prep_read(pf->ix, &pf->work[i], &p);
		if (!p.why && !p.deck)
			idx_prep_parse(pf->ix, &pf->work[i], &p, pf->zd);
		pthread_mutex_lock(&pf->mu);
		pf->ring[i % PREFETCH_AHEAD] = p;
		pf->made = i + 1;
		pthread_cond_signal(&pf->ready);
		pthread_mutex_unlock(&pf->mu);
	}
	return NULL;
}

/* Free pf, its thread joined or never started. */
static void
prefetch_free(struct prefetch *pf)
{
	pthread_mutex_destroy(&pf->mu);
	pthread_cond_destroy(&pf->ready);
	pthread_cond_destroy(&pf->room);
	idx_zdef_free(pf->zd);
	free(pf);
}

struct prefetch *
idx_prefetch_start(struct index *ix, const struct work *work, size_t n)
{
	struct prefetch *pf;

	if (n < PREFETCH_MIN)
		return NULL;
	pf = xcalloc(1, sizeof *pf);
	pf->ix = ix;
	pf->work = work;
	pf->n = n;
	pf->zd = idx_zdef_new(ix);	/* (reads the database: here) */
	pthread_mutex_init(&pf->mu, NULL);
	pthread_cond_init(&pf->ready, NULL);
	pthread_cond_init(&pf->room, NULL);
	if (pthread_create(&pf->th, NULL, worker, pf) != 0) {
		/* no thread: the writer reads the files itself */
		prefetch_free(pf);
		return NULL;
	}
	return pf;
}

void
idx_prefetch_take(struct prefetch *pf, size_t i, struct prep *p)
{
	pthread_mutex_lock(&pf->mu);
	while (pf->made <= i)
		pthread_cond_wait(&pf->ready, &pf->mu);
	*p = pf->ring[i % PREFETCH_AHEAD];
	memset(&pf->ring[i % PREFETCH_AHEAD], 0, sizeof *p);
	pf->taken = i + 1;
	pthread_mutex_unlock(&pf->mu);
}

void
idx_prefetch_give(struct prefetch *pf, size_t i, struct prep *p)
{
	pthread_mutex_lock(&pf->mu);
	pf->ring[i % PREFETCH_AHEAD] = *p;
	pf->given = i + 1;
	pthread_cond_signal(&pf->room);
	pthread_mutex_unlock(&pf->mu);
	memset(p, 0, sizeof *p);
}

void
idx_prefetch_stop(struct prefetch *pf)
{
	size_t i;

	if (!pf)
		return;
	pthread_mutex_lock(&pf->mu);
	pf->stop = 1;
	pthread_cond_signal(&pf->room);
	pthread_mutex_unlock(&pf->mu);
	pthread_join(pf->th, NULL);
	/* those not taken and those given back (a slot is empty while its
	 * item is with the writer) */
	for (i = 0; i < PREFETCH_AHEAD; i++)
		idx_prep_free(&pf->ring[i]);
	prefetch_free(pf);
}
