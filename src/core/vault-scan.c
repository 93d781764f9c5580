/*
 * vault-scan.c: the vault walk on several threads. A stack of jobs, shared
 * under one mutex: "list folder F" (open it from its parent's fd, check
 * for a loop, read and sort its entries, queue its subfolders) and "stat
 * files i..j of folder F" (a folder of many files is stated in chunks, so
 * that one folder of 100,000 notes is shared too). Every result is kept in
 * a tree of folders, each with its sorted entries, and delivered from it
 * afterwards in the serial walk's order, warnings included. A folder's fd
 * stays open while a job needs it (its listing, its chunks, its
 * subfolders' opening) and no longer, so open files stay few.
 */
#include "core/vault-int.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK		512	/* files stated per job */
#define THREADS_MAX	4

enum res_kind { RES_SKIP, RES_FILE, RES_WARN, RES_DIR };

/* What became of one entry of a folder. */
struct vscan_res {
	enum res_kind kind;
	int64_t size, mtime_ns, ctime_ns, ino;	/* RES_FILE */
	char *why;			/* RES_WARN */
	struct vscan_dir *child;	/* RES_DIR */
};

struct vscan_warn {
	char *path, *why;
};

struct vscan_dir {
	struct vscan_dir *parent;
	char *rel;		/* vault path, "" at the root */
	char *name;		/* its last part */
	dev_t dev;
	ino_t ino;
	DIR *d;			/* open while refs > 0 */
	int fd;
	int refs;		/* jobs that need fd (under the mutex) */
	char *fail;		/* it could not be read: why */
	struct vscan_warn *warns;	/* met while reading it, in order */
	size_t nwarns, capwarns;
	struct entries es;
	struct vscan_res *res;	/* one per entry of es */
};

struct job {
	struct vscan_dir *dir;
	size_t from, to;	/* files to stat; from == to: list dir */
};

struct vault_scan {
	struct walk base;	/* root and patterns: read-only once started */
	struct vscan_dir *root;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job *jobs;	/* a stack: the deepest folders first */
	size_t njobs, capjobs;
	int busy;		/* jobs running */
	pthread_t th[THREADS_MAX];
	int nth;
};

void
vscan_keep_warning(struct vscan_dir *d, const char *path, const char *why)
{
	d->warns = xgrow(d->warns, &d->capwarns, d->nwarns + 1,
	    sizeof *d->warns);
	d->warns[d->nwarns].path = xstrdup(path);
	d->warns[d->nwarns].why = xstrdup(why);
	d->nwarns++;
}

static struct vscan_dir *
dir_new(struct vscan_dir *parent, const char *name, size_t len)
{
	struct vscan_dir *d = xcalloc(1, sizeof *d);

	d->parent = parent;
	d->name = xstrndup(name, len);
	d->fd = -1;
	d->refs = 1;		/* its listing */
	if (!parent || !*parent->rel)
		d->rel = xstrdup(d->name);
	else
		d->rel = xasprintf("%s/%s", parent->rel, d->name);
	return d;
}

static void
dir_free(struct vscan_dir *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; d->res && i < d->es.n; i++) {
		free(d->res[i].why);
		dir_free(d->res[i].child);
	}
	for (i = 0; i < d->nwarns; i++) {
		free(d->warns[i].path);
		free(d->warns[i].why);
	}
	if (d->d)
		closedir(d->d);
	free(d->warns);
	free(d->res);
	vw_entries_free(&d->es);
	free(d->fail);
	free(d->rel);
	free(d->name);
	free(d);
}

/* Under the mutex: a job is done with d's fd. */
static void
dir_release(struct vscan_dir *d)
{
	if (--d->refs == 0 && d->d) {
		closedir(d->d);
		d->d = NULL;
		d->fd = -1;
	}
}

/* Under the mutex. */
static void
push(struct vault_scan *s, struct vscan_dir *d, size_t from, size_t to)
{
	s->jobs = xgrow(s->jobs, &s->capjobs, s->njobs + 1, sizeof *s->jobs);
	s->jobs[s->njobs].dir = d;
	s->jobs[s->njobs].from = from;
	s->jobs[s->njobs].to = to;
	s->njobs++;
}

/* Stat the files among entries from..to of d. */
static void
stat_files(struct walk *w, struct vscan_dir *d, size_t from, size_t to)
{
	struct entry *e;
	struct vscan_res *r;
	struct stat st;
	size_t i;
	int rc;

	for (i = from; i < to; i++) {
		e = &d->es.v[i];
		r = &d->res[i];
		if (e->dir)
			continue;
		rc = vw_file_check(w, d->fd, e->key, e->st >= 0 ?
		    &d->es.sts[e->st] : NULL, &st, &r->why);
		if (rc < 0)
			r->kind = RES_WARN;
		else if (rc == 0) {
			r->kind = RES_FILE;
			r->size = (int64_t)st.st_size;
			r->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
			    st.st_mtim.tv_nsec;
			r->ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 +
			    st.st_ctim.tv_nsec;
			r->ino = (int64_t)st.st_ino;
		}
	}
}

/* Open d from its parent: 0, or -1 with d->fail. */
static int
dir_open(struct vault_scan *s, struct vscan_dir *d)
{
	struct vscan_dir *a;
	struct stat st;
	int fd;

	if (d == s->root)
		return 0;	/* opened by vault_scan_start() */
	fd = vw_dir_open(d->parent->fd, d->name, &st, &d->fail);
	pthread_mutex_lock(&s->mu);
	dir_release(d->parent);
	pthread_mutex_unlock(&s->mu);
	if (fd < 0)
		return -1;
	for (a = d->parent; a; a = a->parent)
		if (a->dev == st.st_dev && a->ino == st.st_ino) {
			d->fail = xstrdup("symbolic link loop (a link back "
			    "to a folder above it): skipped");
			close(fd);
			return -1;
		}
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	d->fd = fd;
	return 0;
}

/* List folder d: its entries, its subfolders and big chunks queued. */
static void
list_dir(struct vault_scan *s, struct walk *w, struct vscan_dir *d)
{
	size_t i, n, from;

	if (dir_open(s, d) < 0)
		return;
	if (!(d->d = fdopendir(d->fd))) {
		d->fail = xasprintf("folder cannot be read: %s",
		    strerror(errno));
		close(d->fd);
		d->fd = -1;
		return;
	}
	buf_truncate(&w->path, w->relstart);
	buf_adds(&w->path, d->rel);
	w->rec = d;
	vw_read_entries(w, d->fd, d->d, &d->es);
	w->rec = NULL;
	n = d->es.n;
	d->res = xcalloc(n ? n : 1, sizeof *d->res);
	pthread_mutex_lock(&s->mu);
	for (i = n; i-- > 0;)
		if (d->es.v[i].dir) {
			d->res[i].kind = RES_DIR;
			/* the key ends in '/': the name is len long */
			d->res[i].child = dir_new(d, d->es.v[i].key,
			    d->es.v[i].len);
			push(s, d->res[i].child, 0, 0);
			d->refs++;
		}
	for (from = CHUNK; from < n; from += CHUNK) {
		push(s, d, from, from + CHUNK < n ? from + CHUNK : n);
		d->refs++;
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	stat_files(w, d, 0, n < CHUNK ? n : CHUNK);
}

/* Run jobs until there are none left and none running. */
static void
run_jobs(struct vault_scan *s, struct walk *w)
{
	struct job j;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->njobs == 0 && s->busy > 0)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->njobs == 0)
			break;
		j = s->jobs[--s->njobs];
		s->busy++;
		pthread_mutex_unlock(&s->mu);
		if (j.from == j.to)
			list_dir(s, w, j.dir);
		else
			stat_files(w, j.dir, j.from, j.to);
		pthread_mutex_lock(&s->mu);
		dir_release(j.dir);
		s->busy--;
		if (s->njobs == 0 && s->busy == 0)
			pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

/* A thread's own copy of the walk: its path buffer, no callbacks. */
static void
walk_copy(const struct vault_scan *s, struct walk *w)
{
	*w = s->base;
	memset(&w->path, 0, sizeof w->path);
	buf_add(&w->path, s->base.path.ptr, s->base.relstart);
	w->cb = NULL;
	w->warn = NULL;
	w->rec = NULL;
	w->open = NULL;
	w->nopen = w->opencap = 0;
}

static void *
worker(void *arg)
{
	struct vault_scan *s = arg;
	struct walk w;

	walk_copy(s, &w);
	run_jobs(s, &w);
	buf_free(&w.path);
	return NULL;
}

static int
cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > THREADS_MAX ? THREADS_MAX : (int)n;
}

int
vault_scan_start(const char *root, int threads, struct vault_scan **out,
    char **cause)
{
	struct vault_scan *s = xcalloc(1, sizeof *s);
	struct stat st;
	int fd, i;

	*out = NULL;
	s->root = dir_new(NULL, "", 0);
	/* a .stratusignore that cannot be read is the root's warning */
	s->base.rec = s->root;
	if (vw_init(&s->base, root, &fd, &st, cause) < 0) {
		vw_done(&s->base);
		dir_free(s->root);
		free(s);
		return -1;
	}
	s->base.rec = NULL;
	s->root->fd = fd;
	s->root->dev = st.st_dev;
	s->root->ino = st.st_ino;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	push(s, s->root, 0, 0);
	if (threads <= 0)
		threads = cpus();
	if (threads > THREADS_MAX)
		threads = THREADS_MAX;
	for (i = 0; i < threads - 1; i++)
		if (pthread_create(&s->th[s->nth], NULL, worker, s) == 0)
			s->nth++;
	*out = s;
	return 0;
}

/* Deliver folder d (at the path of w) as the serial walk would. */
static void
deliver(struct walk *w, struct vscan_dir *d)
{
	struct vault_file f;
	struct vscan_res *r;
	struct entry *e;
	size_t i, old;

	for (i = 0; i < d->nwarns; i++)
		if (w->warn)
			w->warn(d->warns[i].path, d->warns[i].why, w->arg);
	for (i = 0; i < d->es.n && !w->stop; i++) {
		e = &d->es.v[i];
		r = &d->res[i];
		old = vw_push(w, e->key, e->len);
		if (r->kind == RES_FILE && w->cb) {
			f.path = vw_rel(w);
			f.abspath = buf_str(&w->path);
			f.size = r->size;
			f.mtime_ns = r->mtime_ns;
			f.ctime_ns = r->ctime_ns;
			f.ino = r->ino;
			if (w->cb(&f, w->arg) != 0)
				w->stop = 1;
		} else if (r->kind == RES_WARN && w->warn)
			w->warn(vw_rel(w), r->why, w->arg);
		else if (r->kind == RES_DIR && r->child->fail) {
			if (w->warn)
				w->warn(vw_rel(w), r->child->fail, w->arg);
		} else if (r->kind == RES_DIR)
			deliver(w, r->child);
		buf_truncate(&w->path, old);
	}
}

void
vault_scan_finish(struct vault_scan *s, vault_file_cb cb,
    vault_warn_cb warn, void *arg)
{
	struct walk w;
	int i;

	if (!s)
		return;
	walk_copy(s, &w);
	run_jobs(s, &w);
	for (i = 0; i < s->nth; i++)
		pthread_join(s->th[i], NULL);
	buf_truncate(&w.path, w.relstart);	/* a listing left its folder */
	w.cb = cb;
	w.warn = warn;
	w.arg = arg;
	if (s->root->fail) {
		if (warn)
			warn(".", s->root->fail, arg);
	} else
		deliver(&w, s->root);
	buf_free(&w.path);
	dir_free(s->root);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->jobs);
	vw_done(&s->base);
	free(s);
}
