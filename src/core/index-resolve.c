/*
 * index-resolve.c: resolving the index's links: the name keys that tie a
 * link to the notes it may name, resolvers built over just those notes,
 * and resolving every link or only those an update may have changed.
 */
#include "core/index-int.h"
#include "core/resolve.h"
#include "core/util.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* the defaults of index_resolve_bounds() */
#define RESOLVER_ALL	16384	/* documents in one resolver (1 KB each) */
#define RESOLVE_CHUNK	16384	/* links read at a time */
#define LSETS_MAX	262144	/* answers held before writing (4 MB) */
#define RESOLVE_SPLIT	2048	/* links resolved on two threads */

/*
 * The key a link target or a note's name is matched by: the last path
 * part, without a note extension or trailing white space, as a slug
 * (slugify() folds case and punctuation). The resolver can match a link
 * to a note only when the key of the target is the key of one of the
 * note's names (path, file name, slug, title, alias): the reverse need
 * not hold. So a resolver built from the notes sharing a key with some
 * links resolves those links exactly as one built from every note, and
 * when names come or go only the links by their keys need resolving.
 */
char *
idx_name_key(const char *s)
{
	const char *b;
	char *t, *k;
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '/' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		n--;
	t = xstrndup(s, n);
	b = strrchr(t, '/');
	b = b ? b + 1 : t;
	if (is_note_file(b))
		*strrchr(b, '.') = '\0';
	k = slugify(b);
	free(t);
	return k;
}

int64_t
idx_key_hash(const char *key)
{
	/* 31 bits: 4 bytes in the row and in links_tkey, where 64 took 8;
	 * at 100k notes (some 100k keys) a key shares its hash with
	 * another's one time in 20,000 */
	return (int64_t)(hash64(key, strlen(key)) & 0x7fffffff);
}


/* Split a newline-joined list in place into v (at most max). */
static size_t
split_lines(char *s, char **v, size_t max)
{
	size_t n = 0;
	char *nl;

	if (!*s)
		return 0;
	while (n < max) {
		v[n++] = s;
		nl = strchr(s, '\n');
		if (!nl)
			break;
		*nl = '\0';
		s = nl + 1;
	}
	return n;
}

/* qsort() order of document ids. */
static int
id_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/*
 * A resolver over the documents one of whose names has a key in want
 * (see idx_name_key()): for links by those keys it answers as a resolver over
 * every document would, and it stays small. want NULL: every document.
 * The documents are added in id order, as a resolver over all adds them.
 */
static struct resolver *
resolver_for(struct index *ix, const struct fmap *want)
{
	struct resolver *r;
	sqlite3_stmt *s;
	long *ids = NULL;
	size_t nids = 0, cap = 0, i, j, nv;
	char *aliases, *v[64];
	int rc = 0;

	if (!want) {
		s = idx_stmt(ix, S_DOC_IDS);
		while ((rc = idx_row(ix, s, "reading note names")) == 1) {
			ids = xgrow(ids, &cap, nids + 1, sizeof *ids);
			ids[nids++] = (long)sqlite3_column_int64(s, 0);
		}
		idx_stmt_done(s);
	} else {
		/* a search of names_key per key, not a scan of names */
		for (i = 0; i < want->n && rc >= 0; i++) {
			s = idx_stmt(ix, S_NAMES_KEY);
			idx_bind_text(s, 1, want->e[i].path);
			while ((rc = idx_row(ix, s,
			    "reading note names")) == 1) {
				ids = xgrow(ids, &cap, nids + 1, sizeof *ids);
				ids[nids++] = (long)sqlite3_column_int64(s, 0);
			}
			idx_stmt_done(s);
		}
		if (nids > 1)
			qsort(ids, nids, sizeof *ids, id_cmp);
		for (i = j = 0; i < nids; i++)
			if (j == 0 || ids[j - 1] != ids[i])
				ids[j++] = ids[i];
		nids = j;
	}
	if (rc < 0) {
		free(ids);
		return NULL;
	}
	r = resolver_new();
	for (i = 0; i < nids && !ix->err; i++) {
		s = idx_stmt(ix, S_KEYS_OF);
		idx_bind_int(s, 1, ids[i]);
		if (idx_row(ix, s, "reading note names") == 1) {
			aliases = idx_col_dup(s, 5);
			nv = split_lines(aliases, v, 64);
			resolver_add(r, (long)sqlite3_column_int64(s, 0),
			    idx_col_str(s, 1), idx_col_str(s, 2),
			    idx_col_str(s, 3), idx_col_str(s, 4), v, nv);
			free(aliases);
		}
		idx_stmt_done(s);
	}
	free(ids);
	if (ix->err) {
		resolver_free(r);
		return NULL;
	}
	return r;
}

/* A resolver for the one name (a NOTE argument, a links: value). */
struct resolver *
idx_resolver_for_name(struct index *ix, const char *name, const char *also)
{
	struct fmap want = FMAP_INIT;
	struct resolver *r;
	char *k = idx_name_key(name);

	idx_fmap_add(&want, k, 0, 0, 0);
	free(k);
	if (also) {
		k = idx_name_key(also);
		idx_fmap_add(&want, k, 0, 0, 0);
		free(k);
	}
	r = resolver_for(ix, &want);
	idx_fmap_free(&want);
	return r;
}

/* A link to resolve, read into memory. */
struct lrow {
	long id, src, dst;	/* dst -1: unresolved */
	int how, ambiguous;
	char *target, *path, *lang, *key;	/* path, lang: the source's */
};

struct lrows {
	struct lrow *v;
	size_t n, cap;
};

/* A link whose answer changed, to write. */
struct lset {
	int64_t id;
	int32_t dst;		/* -1: unresolved */
	int16_t how, ambiguous;
};

struct lsets {
	struct lset *v;
	size_t n, cap;
};

static void
lrows_clear(struct lrows *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].target);
		free(l->v[i].path);
		free(l->v[i].lang);
		free(l->v[i].key);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/*
 * Read the links a statement yields (columns: link id, target, dst, how,
 * ambiguous, source id, path, lang) into l, at most max of them (0: all);
 * their keys into want (NULL: a resolver of every note needs none). The
 * statement is done with once it has no more rows. Returns the rows
 * read, or -1.
 */
static long
lrows_read(struct index *ix, sqlite3_stmt *s, struct lrows *l,
    struct fmap *want, long max)
{
	struct lrow *k;
	long n = 0;
	int rc = 1;

	while ((max == 0 || n < max) &&
	    (rc = idx_row(ix, s, "reading links")) == 1) {
		l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
		k = &l->v[l->n++];
		k->id = (long)sqlite3_column_int64(s, 0);
		k->target = idx_col_dup(s, 1);
		k->dst = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 :
		    (long)sqlite3_column_int64(s, 2);
		k->how = sqlite3_column_int(s, 3);
		k->ambiguous = sqlite3_column_int(s, 4) != 0;
		k->src = (long)sqlite3_column_int64(s, 5);
		k->path = idx_col_dup(s, 6);
		k->lang = idx_col_dup(s, 7);
		k->key = NULL;
		if (want) {
			k->key = idx_name_key(k->target);
			if (!idx_fmap_find(want, k->key))
				idx_fmap_add(want, k->key, 0, 0, 0);
		}
		n++;
	}
	if (rc != 1)
		idx_stmt_done(s);
	return rc < 0 ? -1 : n;
}

static int
lrow_cmp(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Resolve the links v[from..to) with r (v sorted by id; a link read twice
 * is resolved once); those whose answer changed go to out. */
static void
lrows_resolve_range(const struct resolver *r, const struct lrow *v,
    size_t from, size_t to, struct lsets *out)
{
	struct resolution res;
	const struct lrow *k;
	struct lset *w;
	size_t i;

	for (i = from; i < to; i++) {
		k = &v[i];
		if (i > 0 && k->id == v[i - 1].id)
			continue;	/* read twice (by key, by source) */
		if (!*k->target) {
			res.id = k->src;
			res.how = RESOLVE_PATH;
			res.ambiguous = 0;
		} else
			res = resolver_resolve(r, k->path, k->target, k->lang);
		if (res.id < 0)
			res.id = -1;
		if (res.id == k->dst && (int)res.how == k->how &&
		    (res.ambiguous != 0) == k->ambiguous)
			continue;
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		w = &out->v[out->n++];
		w->id = k->id;
		w->dst = (int32_t)res.id;
		w->how = (int16_t)res.how;
		w->ambiguous = res.ambiguous != 0;
	}
}

/* The second half of a chunk, resolved on a thread of its own. */
struct rhalf {
	const struct resolver *r;
	const struct lrow *v;
	size_t from, to;
	struct lsets out;
};

static void *
rhalf_run(void *arg)
{
	struct rhalf *h = arg;

	lrows_resolve_range(h->r, h->v, h->from, h->to, &h->out);
	return NULL;
}

/*
 * Resolve the links of l with r; those whose answer changed go to out.
 * Resolving is pure work on r, read only: from RESOLVE_SPLIT links on,
 * a second thread takes half of them (resolving was a tenth of a full
 * index's writer thread at 10k notes, with the second core idle).
 */
static void
lrows_resolve(struct index *ix, struct resolver *r, struct lrows *l,
    struct lsets *out)
{
	size_t split = ix->res_split ? (size_t)ix->res_split : RESOLVE_SPLIT;
	struct rhalf h;
	pthread_t th;
	size_t half = l->n / 2;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, lrow_cmp);
	memset(&h, 0, sizeof h);
	h.r = r;
	h.v = l->v;
	h.from = half;
	h.to = l->n;
	if (l->n < split ||
	    pthread_create(&th, NULL, rhalf_run, &h) != 0) {
		lrows_resolve_range(r, l->v, 0, l->n, out);
		return;
	}
	lrows_resolve_range(r, l->v, 0, half, out);
	pthread_join(th, NULL);
	out->v = xgrow(out->v, &out->cap, out->n + h.out.n + 1,
	    sizeof *out->v);
	if (h.out.n)
		memcpy(out->v + out->n, h.out.v, h.out.n * sizeof *out->v);
	out->n += h.out.n;
	free(h.out.v);
}

static int
lset_cmp(const void *a, const void *b)
{
	const struct lset *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Write the answers of w in the order of the table (in one pass over its
 * pages, however they were found), and empty w. 0 or -1. */
static int
lsets_write(struct index *ix, struct lsets *w)
{
	sqlite3_stmt *s;
	size_t i;

	if (w->n > 1)
		qsort(w->v, w->n, sizeof *w->v, lset_cmp);
	for (i = 0; i < w->n && !ix->err; i++) {
		s = idx_stmt(ix, S_LINK_SET);
		idx_bind_int(s, 1, w->v[i].id);
		if (w->v[i].dst >= 0)
			idx_bind_int(s, 2, w->v[i].dst);
		idx_bind_int(s, 3, w->v[i].how);
		idx_bind_int(s, 4, w->v[i].ambiguous);
		idx_run(ix, s, "resolving links");
	}
	free(w->v);
	memset(w, 0, sizeof *w);
	return ix->err ? -1 : 0;
}

/*
 * Every link, a chunk at a time. Up to RESOLVER_ALL documents, one
 * resolver of them all serves every chunk, read in id order; beyond (its
 * memory grows with the vault), each chunk gets a resolver of the
 * documents its keys name, and the links come in the order of their keys,
 * so that a chunk names few documents and each document is read for few
 * chunks (in id order, a chunk at 100k notes named most of the vault: a
 * third of the full index's time went to building those resolvers).
 * That order is made by SQLite's sorter over one scan of the table:
 * walked through links_tkey, every row was a seek into a table larger
 * than the cache (12 s of a 60 s full index at 100k notes), and so was
 * every write (12 s more), which is why the answers are held and written
 * in id order, LSETS_MAX at a time: each batch is one pass over the
 * table (three at 100k notes), and memory stays bounded.
 */
static int
relink_all(struct index *ix)
{
	struct fmap want = FMAP_INIT;
	struct lrows l = { NULL, 0, 0 };
	struct lsets w = { NULL, 0, 0 };
	struct resolver *all = NULL, *r;
	sqlite3_stmt *s;
	long last = 0, n, ndocs = 0;
	long chunk = ix->res_chunk ? ix->res_chunk : RESOLVE_CHUNK;
	size_t held = ix->res_held ? (size_t)ix->res_held : LSETS_MAX;

	if (sqlite3_prepare_v2(ix->db, "SELECT count(*) FROM docs", -1, &s,
	    NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		ndocs = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (ndocs <= (ix->res_all ? ix->res_all : RESOLVER_ALL) &&
	    (all = resolver_for(ix, NULL)) == NULL)
		return -1;
	if (!all) {
		/* the sorter takes as much memory as the cache may */
		idx_scan_begin(ix);
		s = idx_stmt(ix, S_LINKS_KEYED);
		idx_bind_int(s, 1, LINK_EXTERNAL);
	}
	do {
		if (all) {
			s = idx_stmt(ix, S_LINKS_CHUNK);
			idx_bind_int(s, 1, last);
			idx_bind_int(s, 2, LINK_EXTERNAL);
			idx_bind_int(s, 3, chunk);
		}
		n = lrows_read(ix, s, &l, all ? NULL : &want,
		    all ? 0 : chunk);
		if (n > 0) {
			/* the last row read (lrows_resolve sorts by id) */
			last = l.v[l.n - 1].id;
			r = all ? all : resolver_for(ix, &want);
			if (!r)
				n = -1;
			else
				lrows_resolve(ix, r, &l, &w);
			if (r != all)
				resolver_free(r);
			if (w.n >= held && n > 0 && lsets_write(ix, &w) < 0)
				n = -1;
		}
		lrows_clear(&l);
		idx_fmap_free(&want);
	} while (n == chunk);
	if (!all) {
		idx_stmt_done(s);
		idx_scan_end(ix);
	}
	resolver_free(all);
	if (n >= 0 && lsets_write(ix, &w) < 0)
		n = -1;
	free(w.v);
	return n < 0 ? -1 : 0;
}

/*
 * Resolve the links that may have changed: every link after a rebuild or
 * when many names changed; else the links of the documents written and
 * the links by a name that came or went.
 */
int
idx_resolve_links(struct update *u)
{
	struct index *ix = u->ix;
	struct fmap want = FMAP_INIT;
	struct lrows l = { NULL, 0, 0 };
	struct lsets w = { NULL, 0, 0 };
	struct resolver *r = NULL;
	sqlite3_stmt *s;
	size_t i;
	int rc = -1;

	if (!u->keys_changed && u->nchanged == 0)
		return 0;
	if (u->relink_all)
		return relink_all(ix);
	for (i = 0; i < u->nnames; i++) {
		s = idx_stmt(ix, S_LINKS_NAMED);
		idx_bind_int(s, 1, idx_key_hash(u->names[i]));

		idx_bind_int(s, 2, LINK_EXTERNAL);
		if (lrows_read(ix, s, &l, &want, 0) < 0)
			goto fail;
		if (!idx_fmap_find(&want, u->names[i]))
			idx_fmap_add(&want, u->names[i], 0, 0, 0);
	}
	for (i = 0; i < u->nchanged; i++) {
		s = idx_stmt(ix, S_LINKS_OF);
		idx_bind_int(s, 1, u->changed[i]);
		idx_bind_int(s, 2, LINK_EXTERNAL);
		if (lrows_read(ix, s, &l, &want, 0) < 0)
			goto fail;
	}
	if (l.n > 0 && (r = resolver_for(ix, &want)) != NULL) {
		lrows_resolve(ix, r, &l, &w);
		rc = lsets_write(ix, &w);
	} else
		rc = l.n > 0 ? -1 : 0;
fail:
	resolver_free(r);
	lrows_clear(&l);
	idx_fmap_free(&want);
	return rc;
}

void
index_resolve_bounds(struct index *ix, long all, long chunk, long held,
    long split)
{
	ix->res_split = split;
	ix->res_all = all;
	ix->res_chunk = chunk;
	ix->res_held = held;
}
