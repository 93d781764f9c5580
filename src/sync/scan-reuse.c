/*
 * scan-reuse.c: what a sync scan takes from its cache (scan-cache.h) and
 * gives back: the facts of the files unchanged since they were recorded,
 * their names when a resolver needs them, and, once the scan is done, the
 * files it read.
 */
#include "sync/scan-int.h"
#include "sync/scan.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The format of the cache's rows: made one more when what a scan keeps
 * of a file changes (the program's version changes the conf too). */
#define SCAN_FORMAT	1

/* A file stays uncached while its times are this recent: written again
 * within their granularity, it could keep them, and the cache would take
 * the new text for the old. -1: STRATUS_TEST_SCAN_SETTLE_MS (for the tests
 * that sync files as soon as they write them), else a second. */
static int64_t settle_ns = -1;

void
scan_settle(int64_t ns)
{
	settle_ns = ns;
}

static int64_t
settle(void)
{
	if (settle_ns < 0)
		settle_ns = (int64_t)env_int("STRATUS_TEST_SCAN_SETTLE_MS", 0,
		    3600000, 1000) * 1000000;
	return settle_ns;
}

char *
scan_cache_conf(const char *default_lang, int primary)
{
	return xasprintf("stratus %s, scan %d, %s, primary %s",
	    STRATUS_VERSION, SCAN_FORMAT, default_lang ? default_lang : "en",
	    lang_names[primary]);
}

void
strtab_init(struct strtab *t, size_t n)
{
	for (t->cap = 16; t->cap < 2 * n; t->cap *= 2)
		;
	t->slot = xcalloc(t->cap, sizeof *t->slot);
}

size_t *
strtab_find(struct strtab *t, const char *name,
    const char *(*key)(const void *arg, size_t i), const void *arg)
{
	size_t i = (size_t)hash_mem(name, strlen(name)) & (t->cap - 1);

	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(key(arg, t->slot[i] - 1), name) == 0)
			break;
	return &t->slot[i];
}

const char *
file_key(const void *arg, size_t i)
{
	return ((const struct walk *)arg)->f[i].path;
}

void
names_free(struct file_names *nm)
{
	size_t i;

	if (!nm)
		return;
	free(nm->title);
	for (i = 0; i < nm->naliases; i++)
		free(nm->aliases[i]);
	free(nm->aliases);
	free(nm->links);
	free(nm);
}

void
file_forget(struct file *f)
{
	names_free(f->nm);
	f->nm = NULL;
	if (!f->lent)
		free(f->edges);
	f->lent = 0;
	f->hash = NULL;
	f->slug = f->lang = f->vis = NULL;
	f->edges = NULL;
	f->nedges = 0;
	f->read = f->cached = 0;
}

static void
split_aliases(struct file_names *nm, const char *s)
{
	const char *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		nm->aliases = xrealloc(nm->aliases, (nm->naliases + 1) *
		    sizeof *nm->aliases);
		nm->aliases[nm->naliases++] = nl ?
		    xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
		s = nl ? nl + 1 : NULL;
	}
}

/* Is row r of the file f as the walk saw it (its size, times, inode)? */
static int
same_file(const struct scan_fact *r, const struct file *f)
{
	return r->size == f->size && r->mtime == f->mtime &&
	    r->ctime == f->ctime && r->ino == f->ino;
}

/* The file of the walk row r is of, or NULL (a row of a file gone). */
static struct file *
row_file(struct reuse *u, const struct scan_fact *r)
{
	size_t *slot = strtab_find(&u->paths, r->path, file_key, u->w);

	return *slot ? &u->w->f[*slot - 1] : NULL;
}

/* Is row r the one f was taken from (the same snapshot as the first
 * pass: still, a row is taken only as the file's)? */
static int
same_row(const struct scan_fact *r, const struct file *f)
{
	return same_file(r, f) && hash_is(f->hash, r->hash);
}

/* A row of the cache, first pass: a file of the walk whose size, times
 * and inode are the row's takes its facts; the row of a file gone is to
 * be dropped. */
static void
take_row(void *arg, const struct scan_fact *r)
{
	struct reuse *u = arg;
	struct file *f = row_file(u, r);

	if (!f) {
		u->gone = xgrow(u->gone, &u->gonecap, u->ngone + 1,
		    sizeof *u->gone);
		u->gone[u->ngone++] = xstrdup(r->path);
		return;
	}
	/* (edges not as file_edges makes them: a damaged row, the file
	 * is read instead) */
	if (!same_file(r, f) ||
	    !(f->hash = hash_pool(u->w->pool, r->hash)) ||
	    edges_from_blob(f, u->w->pool, r->edges, r->nedges) < 0)
		return;
	f->slug = strpool_intern(u->w->pool, r->slug);
	f->lang = strpool_intern(u->w->pool, r->lang);
	f->vis = strpool_intern(u->w->pool, r->vis);
	f->implied = (unsigned char)(r->implied != 0);
	f->names = r->names;
	f->read = f->cached = 1;
}

/* A row, full pass for names: a cached file's title and aliases. */
static void
name_row(void *arg, const struct scan_fact *r)
{
	struct file *f = row_file(arg, r);

	if (!f || !f->cached || f->nm || !same_row(r, f))
		return;
	f->nm = xcalloc(1, sizeof *f->nm);
	f->nm->title = xstrdup_or_null(r->title);
	split_aliases(f->nm, r->aliases);
}

/* A row, full pass for links: a cached or stored file's, to on_links. */
static void
link_row(void *arg, const struct scan_fact *r)
{
	struct reuse *u = arg;
	struct file *f = row_file(u, r);

	if (!f || (!f->cached && !f->stored) || f->relinked ||
	    !same_row(r, f))
		return;
	/* (a NUL after: a damaged row's last target may lack its own) */
	buf_reset(&u->links);
	buf_add(&u->links, r->links, r->nlinks);
	buf_addc(&u->links, '\0');
	f->relinked = 1;
	u->on_links(u->arg, f, u->links.ptr, r->nlinks);
}

static int64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
reuse_take(struct reuse *u, struct scan_cache *c, struct walk *w)
{
	size_t i;

	memset(u, 0, sizeof *u);
	u->began = wall_ns();
	u->w = w;
	if (!(u->c = c))
		return;
	strtab_init(&u->paths, w->n);
	for (i = 0; i < w->n; i++)
		*strtab_find(&u->paths, w->f[i].path, file_key, w) = i + 1;
	/* the names and every row from one snapshot, the full pass too */
	scan_cache_read_begin(c);
	u->had = scan_cache_names(c);
	if (scan_cache_each(c, 0, take_row, u) < 0)
		u->had = 0;	/* the rows it gave stand, not their edges */
	u->took = u->had;
}

void
reuse_forget_all(struct reuse *u)
{
	size_t i;

	for (i = 0; i < u->w->n; i++)
		if (u->w->f[i].cached)
			file_forget(&u->w->f[i]);
}

size_t
reuse_names(struct reuse *u)
{
	size_t i, n = 0;

	if (!u->c)
		return 0;
	scan_cache_each(u->c, 1, name_row, u);
	for (i = 0; i < u->w->n; i++)
		if (u->w->f[i].cached && !u->w->f[i].nm) {
			file_forget(&u->w->f[i]);
			n++;
		}
	return n;
}

size_t
reuse_links(struct reuse *u, void (*cb)(void *arg, struct file *f,
    const char *links, size_t n), void *arg)
{
	size_t i, n = 0;

	if (!u->c)
		return 0;
	u->on_links = cb;
	u->arg = arg;
	/* (STRATUS_TEST_SCAN_LINKS_FAIL: as if the cache failed here) */
	if (!env_int("STRATUS_TEST_SCAN_LINKS_FAIL", 0, 1, 0))
		scan_cache_each(u->c, 1, link_row, u);
	u->on_links = NULL;
	buf_free(&u->links);
	for (i = 0; i < u->w->n; i++)
		n += (u->w->f[i].cached || u->w->f[i].stored) &&
		    !u->w->f[i].relinked;
	return n;
}

int
edges_from_blob(struct file *f, struct strpool *pool, const char *p,
    size_t n)
{
	const char *end = p + n, *q, *prev = NULL;
	size_t i = 0;

	free(f->edges);
	f->edges = NULL;
	f->nedges = 0;
	if (!p || !n)
		return 0;
	if (end[-1] != '\0')
		return -1;
	for (q = p; q < end; q += strlen(q) + 1)
		f->nedges++;
	f->edges = xcalloc(f->nedges, sizeof *f->edges);
	for (q = p; q < end; q += strlen(q) + 1) {
		if (!slug_valid(q) || (prev && strcmp(prev, q) >= 0)) {
			free(f->edges);
			f->edges = NULL;
			f->nedges = 0;
			return -1;
		}
		f->edges[i++] = strpool_intern(pool, q);
		prev = q;
	}
	return 0;
}

void
edges_to_blob(const struct file *f, struct buf *b)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < f->nedges; i++)
		buf_add(b, f->edges[i], strlen(f->edges[i]) + 1);
}

/* The row of file f, read (hex, aliases and edges: room for its hash
 * and buffers for the rest). */
static void
fact_of(const struct file *f, struct scan_fact *r, char *hex,
    struct buf *aliases, struct buf *edges)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->path = f->path;
	r->size = f->size;
	r->mtime = f->mtime;
	r->ctime = f->ctime;
	r->ino = f->ino;
	r->hash = hash_hex(f->hash, hex);
	r->slug = f->slug;
	r->lang = f->lang;
	r->vis = f->vis;
	r->implied = f->implied;
	r->names = f->names;
	edges_to_blob(f, edges);
	r->edges = edges->ptr;
	r->nedges = edges->len;
	r->title = f->nm->title;
	buf_reset(aliases);
	for (i = 0; i < f->nm->naliases; i++) {
		if (i)
			buf_addc(aliases, '\n');
		buf_adds(aliases, f->nm->aliases[i]);
	}
	r->aliases = buf_str(aliases);
	r->links = f->nm->links;
	r->nlinks = f->nm->nlinks;
}

/* A file read this time whose row may be recorded: its times are older
 * than the settling time. */
static int
settled(const struct reuse *u, const struct file *f)
{
	int64_t t = u->began - settle();

	return f->read && !f->cached && f->mtime < t && f->ctime < t;
}

/* ... and whose row is not recorded yet. */
static int
to_store(const struct reuse *u, const struct file *f)
{
	return !f->stored && settled(u, f);
}

void
reuse_store(struct reuse *u)
{
	struct walk *w = u->w;
	struct buf aliases = BUF_INIT, edges = BUF_INIT;
	struct scan_fact r;
	char hex[2 * HASH_LEN + 1];
	size_t i, n = 0;
	int ok;

	for (i = 0; u->c && i < w->n; i++)
		n += to_store(u, &w->f[i]);
	if (n == 0)
		return;
	if (scan_cache_begin(u->c) < 0) {
		scan_cache_read_begin(u->c);	/* (begin ended it) */
		return;
	}
	for (i = 0; i < w->n; i++)
		if (to_store(u, &w->f[i])) {
			fact_of(&w->f[i], &r, hex, &aliases, &edges);
			scan_cache_put(u->c, &r);
		}
	/* (a failed put makes the commit fail: nothing stored) */
	ok = scan_cache_commit(u->c, u->had, 0) == 0;
	u->had = 0;
	scan_cache_read_begin(u->c);	/* the passes to come */
	for (i = 0; ok && i < w->n; i++) {
		struct file *f = &w->f[i];

		if (!to_store(u, f))
			continue;
		f->stored = 1;
		free(f->nm->links);
		f->nm->links = NULL;
		f->nm->nlinks = 0;
	}
	buf_free(&aliases);
	buf_free(&edges);
}

void
reuse_save(struct reuse *u, const unsigned char *changed, uint64_t names)
{
	struct walk *w = u->w;
	struct buf aliases = BUF_INIT, edges = BUF_INIT;
	struct scan_fact r;
	char hex[2 * HASH_LEN + 1];
	size_t i, n = u->ngone;

	if (!u->c)
		return;
	for (i = 0; i < w->n; i++)
		n += (w->f[i].read && !w->f[i].cached) || changed[i];
	if ((n == 0 && names == u->had) || scan_cache_begin(u->c) < 0)
		return;
	for (i = 0; i < w->n; i++) {
		const struct file *f = &w->f[i];

		if (f->stored || (f->cached && changed[i])) {
			edges_to_blob(f, &edges);
			scan_cache_edges(u->c, f->path, edges.ptr, edges.len);
		} else if (f->read && !f->cached) {
			if (!settled(u, f))
				scan_cache_drop(u->c, f->path);
			else {
				fact_of(f, &r, hex, &aliases, &edges);
				scan_cache_put(u->c, &r);
			}
		}
	}
	for (i = 0; i < u->ngone; i++)
		scan_cache_drop(u->c, u->gone[i]);
	scan_cache_commit(u->c, u->had, names);
	buf_free(&aliases);
	buf_free(&edges);
}

void
reuse_read_end(struct reuse *u)
{
	if (u->c)
		scan_cache_read_end(u->c);
	free(u->paths.slot);
	u->paths.slot = NULL;
}

void
reuse_free(struct reuse *u)
{
	size_t i;

	reuse_read_end(u);
	for (i = 0; i < u->ngone; i++)
		free(u->gone[i]);
	free(u->gone);
	memset(u, 0, sizeof *u);
}
