/*
 * index-update.c: the incremental update of the index: walk the vault,
 * compare size and mtime, then the content hash, parse and write what
 * changed, remove what is gone, resolve links, all in one transaction;
 * a damaged database is rebuilt and the update tried once more.
 */
#include "core/index-int.h"
#include "core/util.h"
#include "core/vault.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAMES_MAX	2048	/* more names changed: resolve all links */

/* --- progress ------------------------------------------------------- */

static void
progress_init(struct update *u)
{
	struct index *ix = u->ix;

	pline_init(&u->prog, ix->progress > 0 ||
	    (ix->progress < 0 && isatty(STDERR_FILENO)), ix->progress_delay);
}

static void
progress_show(struct update *u, size_t done, int last)
{
	if (last)
		pline_end(&u->prog);
	else
		pline_files(&u->prog, "stratus: indexing", done, u->nwork);
}

/* --- the update ----------------------------------------------------- */

/*
 * A problem of a file (not of a note's content): printed the first time
 * it is seen, kept until it goes away.
 */
static void
file_problem(struct update *u, const char *path, const char *msg)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s = idx_stmt(ix, S_FPROB_FIND);
	long id = 0;
	char *m = idx_clean(msg, 0);

	idx_bind_text(s, 1, path);
	idx_bind_text(s, 2, m);
	if (idx_row(ix, s, "reading problems") == 1)
		id = (long)sqlite3_column_int64(s, 0);
	idx_stmt_done(s);
	if (!id) {
		s = idx_stmt(ix, S_PROB_INSERT);
		idx_bind_text(s, 2, path);
		idx_bind_int(s, 3, PROB_FILE);
		idx_bind_int(s, 4, 0);
		idx_bind_text(s, 5, m);
		if (idx_run(ix, s, "writing problems") == 0)
			id = (long)sqlite3_last_insert_rowid(ix->db);
		warnmsg("%s: %s", path, m);
		u->st->warnings++;
	}
	u->fprobs = xgrow(u->fprobs, &u->capfprobs, u->nfprobs + 1,
	    sizeof *u->fprobs);
	u->fprobs[u->nfprobs++] = id;
	free(m);
}

static int
walk_file(const struct vault_file *f, void *arg)
{
	struct update *u = arg;
	struct fentry *e = idx_fmap_find(&u->map, f->path);
	struct work *w;

	u->st->files++;
	if (e) {
		e->seen = 1;
		if (e->size == f->size && e->mtime == f->mtime_ns) {
			u->st->unchanged++;
			return 0;
		}
	}
	u->work = xgrow(u->work, &u->capwork, u->nwork + 1, sizeof *u->work);
	w = &u->work[u->nwork++];
	w->path = xstrdup(f->path);
	w->size = f->size;
	w->mtime = f->mtime_ns;
	w->id = e ? e->id : 0;
	return 0;
}

static void
walk_warn(const char *path, const char *why, void *arg)
{
	file_problem(arg, path, why);
}

static void
names_add(struct update *u, const char *name)
{
	char *b;
	size_t i;

	if (u->relink_all || !name || !*name)
		return;
	b = xstrdup(name);
	for (i = 0; i < u->nnames; i++)
		if (strcmp(u->names[i], b) == 0) {
			free(b);
			return;
		}
	if (u->nnames >= NAMES_MAX) {
		/* cheaper to resolve everything again */
		free(b);
		u->relink_all = 1;
		return;
	}
	u->names = xgrow(u->names, &u->capnames, u->nnames + 1,
	    sizeof *u->names);
	u->names[u->nnames++] = b;
}

/* Add each of newline-separated keys to the names of the update. */
static void
names_add_keys(struct update *u, const char *keys)
{
	const char *p = keys, *nl;
	char *k;

	for (; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		k = xstrndup(p, (size_t)(nl - p));
		names_add(u, k);
		free(k);
	}
}

/* The names of document id as the index has them. */
static void
names_add_doc(struct update *u, long id)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s = idx_stmt(ix, S_NAMES_OF);

	idx_bind_int(s, 1, id);
	while (idx_row(ix, s, "reading note names") == 1)
		names_add(u, idx_col_str(s, 0));
	idx_stmt_done(s);
}

/* Write the newline-separated keys as the names of document id. */
static void
names_write(struct index *ix, long id, const char *keys)
{
	const char *p = keys, *nl;
	sqlite3_stmt *s;

	for (; *p && !ix->err; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl == p)
			continue;
		if ((s = idx_stmt(ix, S_NAMES_SET)) == NULL)
			return;
		idx_bind_int(s, 1, id);
		sqlite3_bind_text(s, 2, p, (int)(nl - p), SQLITE_TRANSIENT);
		idx_run(ix, s, "writing note names");
	}
}

/* Remove every row of document id but docs itself. */
static void
doc_clear_rows(struct index *ix, long id)
{
	static const enum stmt_id order[] = {
		S_FTS_DELETE, S_TITLES_DELETE, S_TRI_DELETE, S_BODY_DELETE,
		S_TAGS_DELETE,
		S_ANCHORS_DELETE, S_LINKS_DELETE, S_PROBS_DELETE,
		S_NAMES_DELETE,
	};
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		s = idx_stmt(ix, order[i]);
		idx_bind_int(s, 1, id);
		if (idx_run(ix, s, "removing a note") < 0)
			return;
	}
}

static void
doc_remove(struct update *u, long id)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;

	names_add_doc(u, id);
	doc_clear_rows(ix, id);
	s = idx_stmt(ix, S_LINKS_UNDST);
	idx_bind_int(s, 1, id);
	idx_run(ix, s, "removing a note");
	s = idx_stmt(ix, S_DOC_DELETE);
	idx_bind_int(s, 1, id);
	idx_run(ix, s, "removing a note");
	u->keys_changed = 1;
	u->st->removed++;
}

/* Bind the docs columns ?2..?15 of a note, made as t. */
static void
bind_doc(sqlite3_stmt *s, const struct work *w, uint64_t hash,
    const struct note_text *t)
{
	static const int col[DCOL__COUNT] = {
		[DCOL_SLUG] = 6, [DCOL_LANG] = 7, [DCOL_TITLE] = 8,
		[DCOL_SUMMARY] = 9, [DCOL_TYPE] = 10, [DCOL_STATUS] = 11,
		[DCOL_CREATED] = 12, [DCOL_UPDATED] = 13, [DCOL_ALIASES] = 14,
		[DCOL_NOTE] = 15,
	};
	int i;

	idx_bind_text(s, 2, w->path);
	idx_bind_int(s, 3, w->size);
	idx_bind_int(s, 4, w->mtime);
	idx_bind_int(s, 5, (int64_t)hash);
	for (i = 0; i < DCOL__COUNT; i++)
		idx_bind_text(s, col[i], t->cols[i]);
}

static void
mark_changed(struct update *u, long id)
{
	if (u->relink_all) {
		/* every link is resolved again anyway */
		free(u->changed);
		u->changed = NULL;
		u->nchanged = u->capchanged = 0;
		return;
	}
	u->changed = xgrow(u->changed, &u->capchanged, u->nchanged + 1,
	    sizeof *u->changed);
	u->changed[u->nchanged++] = id;
}

/* When its content changed, parse and write one file, read as p. */
static void
process(struct update *u, const struct work *w, struct prep *p)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;
	struct note *n;
	struct note_text *t;
	int same_keys = 0;
	long id = w->id;

	if (p->why) {
		file_problem(u, w->path, p->why);
		return;
	}
	if (p->deck) {
		/* a deck in slides/: presented, not a note */
		if (id)
			doc_remove(u, id);
		return;
	}
	if (id) {
		s = idx_stmt(ix, S_DOC_OLD);
		idx_bind_int(s, 1, id);
		if (idx_row(ix, s, "reading a note") == 1) {
			if ((uint64_t)sqlite3_column_int64(s, 0) == p->hash) {
				idx_stmt_done(s);
				s = idx_stmt(ix, S_DOC_TOUCH);
				idx_bind_int(s, 1, id);
				idx_bind_int(s, 2, w->size);
				idx_bind_int(s, 3, w->mtime);
				idx_run(ix, s, "writing a note");
				u->st->unchanged++;
				u->st->reread++;
				return;
			}
			t = idx_prep_parse(ix, w, p, NULL);
			n = p->n;
			same_keys = strcmp(idx_col_str(s, 1), w->path) == 0 &&
			    strcmp(idx_col_str(s, 2), n->slug) == 0 &&
			    str_casecmp(idx_col_str(s, 3), n->lang) == 0 &&
			    strcmp(idx_col_str(s, 4), n->title) == 0 &&
			    strcmp(idx_col_str(s, 5),
			    t->cols[DCOL_ALIASES]) == 0;
		}
		idx_stmt_done(s);
		if (ix->err)
			return;
	}
	t = idx_prep_parse(ix, w, p, NULL);
	n = p->n;
	if (id) {
		if (!same_keys) {
			names_add_doc(u, id);	/* the old names */
			u->keys_changed = 1;
		}
		doc_clear_rows(ix, id);
		s = idx_stmt(ix, S_DOC_UPDATE);
		idx_bind_int(s, 1, id);
		bind_doc(s, w, p->hash, t);
		idx_run(ix, s, "writing a note");
		u->st->changed++;
	} else {
		s = idx_stmt(ix, S_DOC_INSERT);
		bind_doc(s, w, p->hash, t);
		if (idx_run(ix, s, "writing a note") == 0)
			id = (long)sqlite3_last_insert_rowid(ix->db);
		u->st->added++;
		u->keys_changed = 1;
	}
	if (!same_keys)
		names_add_keys(u, t->keys);	/* the new names */
	if (id)
		names_write(ix, id, t->keys);
	if (id && !ix->err) {
		idx_note_write(u, id, n, t, p->big);
		mark_changed(u, id);
	}
}

/* Is the vault path within the update's scope? */
static int
in_scope(const struct update *u, const char *path)
{
	size_t i, n;

	for (i = 0; i < u->nscope; i++) {
		n = strlen(u->scope[i]);
		if (strncmp(path, u->scope[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return 1;
	}
	return 0;
}

/* Forget the file problems this update did not meet again (no write
 * when there is nothing to forget: a no-op update writes nothing). */
static void
fprobs_sweep(struct update *u)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s = idx_stmt(ix, S_FPROB_ALL);
	long *gone = NULL, id;
	size_t ngone = 0, cap = 0, i;

	while (idx_row(ix, s, "reading problems") == 1) {
		id = (long)sqlite3_column_int64(s, 0);
		if (u->scope && !in_scope(u, idx_col_str(s, 1)))
			continue;	/* not looked at: still there */
		for (i = 0; i < u->nfprobs && u->fprobs[i] != id; i++)
			;
		if (i == u->nfprobs) {
			gone = xgrow(gone, &cap, ngone + 1, sizeof *gone);
			gone[ngone++] = id;
		}
	}
	idx_stmt_done(s);
	for (i = 0; i < ngone && !ix->err; i++) {
		s = idx_stmt(ix, S_FPROB_DELETE);
		idx_bind_int(s, 1, gone[i]);
		idx_run(ix, s, "writing problems");
	}
	free(gone);
}

static void
update_free(struct update *u)
{
	size_t i;

	idx_fmap_free(&u->map);
	for (i = 0; i < u->nwork; i++)
		free(u->work[i].path);
	free(u->work);
	free(u->changed);
	free(u->fprobs);
	for (i = 0; i < u->nnames; i++)
		free(u->names[i]);
	free(u->names);
}

/* The files the index knows (within the scope, when it has one). */
static int
load_files(struct update *u)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;
	size_t i;
	int rc = 0;

	if (!u->scope)
		idx_scan_begin(ix);
	for (i = 0; i < (u->scope ? u->nscope : 1) && rc == 0; i++) {
		s = idx_stmt(ix, u->scope ? S_FILES_UNDER : S_FILES);
		if (u->scope)
			idx_bind_text(s, 1, u->scope[i]);
		while ((rc = idx_row(ix, s, "reading the file list")) == 1) {
			/* S_FILES' 5th column, max(id): the map is sized once */
			if (!u->scope && u->map.cap == 0 &&
			    sqlite3_column_int64(s, 4) > 0 &&
			    sqlite3_column_int64(s, 4) < 100000000)
				idx_fmap_reserve(&u->map,
				    (size_t)sqlite3_column_int64(s, 4));
			idx_fmap_add(&u->map, idx_col_str(s, 1),
			    (long)sqlite3_column_int64(s, 0),
			    sqlite3_column_int64(s, 2),
			    sqlite3_column_int64(s, 3));
		}
		idx_stmt_done(s);
	}
	if (!u->scope)
		idx_scan_end(ix);
	return rc;
}

/*
 * Give the file back its free pages when they are more than an eighth of
 * it: a load into an empty index leaves a third of the file free (FTS5's
 * merged segments, the links indexes built after the links), which
 * SQLite would only reuse, never return. The database is made with
 * auto_vacuum = INCREMENTAL, so this moves pages rather than rewriting
 * the file as VACUUM would. A failure costs only disk space: not said.
 */
static void
release_free_pages(struct index *ix)
{
	sqlite3_int64 nfree = 0, npages = 0;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(ix->db, "SELECT freelist_count, page_count"
	    " FROM pragma_freelist_count, pragma_page_count", -1, &s,
	    NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(s) == SQLITE_ROW) {
		nfree = sqlite3_column_int64(s, 0);
		npages = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (nfree > 256 && nfree > npages / 8)
		sqlite3_exec(ix->db, "PRAGMA incremental_vacuum", NULL, NULL,
		    NULL);
}

static int
update_once(struct index *ix, int full, const char *const *scope,
    size_t nscope, struct index_stats *st, char **cause)
{
	struct update u;
	struct vault_scan *scan;
	struct prefetch *pf = NULL;
	struct prep p;
	size_t i;
	int empty;
	double t0 = now_seconds();

	memset(st, 0, sizeof *st);
	memset(&u, 0, sizeof u);
	u.ix = ix;
	u.st = st;
	u.full = full || ix->force_full;
	if (!u.full) {
		u.scope = scope;
		u.nscope = nscope;
	}
	/* the whole walk runs on other threads while this one reads the
	 * index; a scoped one (what a watcher saw change) is small */
	scan = NULL;
	if (!u.scope && vault_scan_start(ix->vault, 0, &scan, cause) < 0)
		return -1;
	if (idx_exec(ix, "BEGIN IMMEDIATE", "starting the update") < 0) {
		if (scan)
			vault_scan_finish(scan, NULL, NULL, NULL);
		return idx_take_err(ix, cause);
	}
	if (u.full) {
		idx_exec(ix, "INSERT INTO fts(fts) VALUES('delete-all');"
		    "INSERT INTO titles(titles) VALUES('delete-all');"
		    "INSERT INTO tri(tri) VALUES('delete-all');"
		    "DELETE FROM bodyz; DELETE FROM links; DELETE FROM tags;"
		    "DELETE FROM anchors;"
		    "DELETE FROM problems; DELETE FROM names;"
		    "DELETE FROM docs;", "clearing");
		u.keys_changed = 1;
		u.relink_all = 1;
	} else
		load_files(&u);
	/* (an error here is seen once the walk is collected: the scan
	 * must be finished either way) */
	empty = !u.scope && !ix->err && u.map.n == 0;
	progress_init(&u);
	if (u.scope && !ix->err) {
		char *why = NULL;

		/* the vault's root gone: said as the index's error */
		if (vault_walk_paths(ix->vault, u.scope, u.nscope, walk_file,
		    walk_warn, &u, &why) < 0 && !ix->err)
			ix->err = why;
		else
			free(why);
	} else if (scan)
		vault_scan_finish(scan, ix->err ? NULL : walk_file,
		    ix->err ? NULL : walk_warn, &u);
	if (ix->err)
		goto fail;
	for (i = 0; i < u.map.n; i++) {
		struct fentry *e = &u.map.e[i];

		if (!e->seen)
			doc_remove(&u, e->id);
		if (ix->err)
			goto fail;
	}
	idx_fmap_free(&u.map);
	if ((u.full || empty) && u.nwork > 0) {
		/* every link is new: resolve them all, index them after */
		u.bulk = 1;
		u.relink_all = 1;
		if (idx_links_indexes(ix, 0) < 0)
			goto fail;
		/* into an empty index nothing reads these before the end:
		 * built then by sorting, not kept row by row (a full index
		 * at 10k notes 6 % faster; at 100k the same) */
		if (empty && idx_load_indexes(ix, 0) < 0)
			goto fail;
	}
	pf = idx_prefetch_start(ix, u.work, u.nwork);
	for (i = 0; i < u.nwork; i++) {
		if (pf)
			idx_prefetch_take(pf, i, &p);
		else
			idx_prep_read(ix, &u.work[i], &p);
		process(&u, &u.work[i], &p);
		if (pf)
			idx_prefetch_give(pf, i, &p);
		else
			idx_prep_free(&p);
		/* memory stays flat (the worker is past item i) */
		free(u.work[i].path);
		u.work[i].path = NULL;
		if (ix->err)
			goto fail;
		progress_show(&u, i + 1, 0);
	}
	idx_prefetch_stop(pf);
	pf = NULL;
	progress_show(&u, u.nwork, 1);
	/* FTS5 writes out the terms it holds (12 MB) at a savepoint, which
	 * frees them before resolving takes memory of its own */
	if (u.bulk && idx_exec(ix, "SAVEPOINT flush; RELEASE flush",
	    "writing the full-text index") < 0)
		goto fail;
	/* resolving reads names_key */
	if (u.bulk && empty && idx_load_indexes(ix, 1) < 0)
		goto fail;
	if (idx_resolve_links(&u) < 0)
		goto fail;
	if (u.bulk && idx_links_indexes(ix, 1) < 0)
		goto fail;

	fprobs_sweep(&u);
	if (u.full && !ix->err) {
		idx_meta_set(ix, "lang", ix->default_lang);
		ix->force_full = 0;
	}
	if (ix->err || idx_exec(ix, "COMMIT", "committing the update") < 0)
		goto fail;
	/* (removed notes free pages too, with nothing to read) */
	if (u.nwork > 0 || u.full || st->removed > 0)
		release_free_pages(ix);
	/* (an error here is no error of the update's, which is done) */
	if (idx_wal(ix) < 0)
		idx_take_err(ix, NULL);
	update_free(&u);
	st->seconds = now_seconds() - t0;
	return 0;
fail:
	idx_prefetch_stop(pf);
	idx_take_err(ix, cause);
	progress_show(&u, u.nwork, 1);
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
	idx_body_forget(ix);	/* a dictionary it made is gone */

	update_free(&u);
	return -1;
}

/* Update ix (all of it: scope NULL); a damaged database is rebuilt. */
static int
update(struct index *ix, int full, const char *const *scope, size_t nscope,
    struct index_stats *st, char **cause)
{
	struct index_stats local;
	char *first = NULL;

	if (!st)
		st = &local;
	ix->corrupt = 0;
	if (update_once(ix, full, scope, nscope, st, &first) == 0)
		return 0;
	if (!ix->corrupt) {
		fail(cause, "%s", first);
		free(first);
		return -1;
	}
	/* A damaged database is a cache: rebuild it and try once more. */
	errmsg("index %s is damaged (%s); rebuilding it", ix->db_path,
	    ix->corrupt_why ? ix->corrupt_why : "unreadable");
	free(first);
	idx_db_close(ix);
	db_remove(ix->db_path);
	ix->corrupt = 0;
	if (idx_db_open(ix, cause) < 0)
		return -1;
	return update_once(ix, 1, NULL, 0, st, cause);
}

int
index_update(struct index *ix, int full, struct index_stats *st,
    char **cause)
{
	return update(ix, full, NULL, 0, st, cause);
}

static int
scope_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
index_update_paths(struct index *ix, const char *const *paths, size_t n,
    struct index_stats *st, char **cause)
{
	const char **v, **keep;
	const char *slash;
	size_t i, k;
	int rc;

	if (n == 0) {
		if (st)
			memset(st, 0, sizeof *st);
		return 0;
	}
	/* each once, and none inside another: a file or folder whose
	 * folder (or a folder above) is there too goes */
	v = xcalloc(n, sizeof *v);
	memcpy(v, paths, n * sizeof *v);
	qsort(v, n, sizeof *v, scope_cmp);
	keep = xcalloc(n, sizeof *keep);
	for (i = k = 0; i < n; i++) {
		if (!*v[i]) {
			free(keep);
			free(v);
			return update(ix, 0, NULL, 0, st, cause);
		}
		if (i > 0 && strcmp(v[i], v[i - 1]) == 0)
			continue;
		for (slash = strchr(v[i], '/'); slash;
		    slash = strchr(slash + 1, '/')) {
			char *up = xstrndup(v[i], (size_t)(slash - v[i]));
			int inside = bsearch(&up, v, n, sizeof *v,
			    scope_cmp) != NULL;

			free(up);
			if (inside)
				break;
		}
		if (!slash)
			keep[k++] = v[i];
	}
	rc = update(ix, 0, keep, k, st, cause);
	free(keep);
	free(v);
	return rc;
}
