/* scan-cache.c: the sync scan's cache of file facts (see scan-cache.h). */
#include "sync/scan-cache.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	Q_EACH, Q_FULL, Q_PUT, Q_EDGES, Q_DROP, Q_META_GET, Q_META_SET,
	Q__COUNT
};

#define LIGHT "path, size, mtime, ctime, ino, hash, slug, lang, implied," \
	" vis, names, edges"

static const char *const q_sql[Q__COUNT] = {
	[Q_EACH] = "SELECT " LIGHT " FROM files",
	[Q_FULL] = "SELECT " LIGHT ", title, aliases, links FROM files",
	[Q_PUT] = "INSERT OR REPLACE INTO files(" LIGHT ", title, aliases,"
	    " links) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14, ?15)",
	[Q_EDGES] = "UPDATE files SET edges = ?2 WHERE path = ?1",
	[Q_DROP] = "DELETE FROM files WHERE path = ?1",
	[Q_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[Q_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
};

/* The light columns first: a row's title, aliases and links (which may
 * spill to overflow pages) are read only by a full read. */
#define FILES_TABLE \
    "CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY," \
    " size INTEGER NOT NULL, mtime INTEGER NOT NULL," \
    " ctime INTEGER NOT NULL, ino INTEGER NOT NULL," \
    " hash TEXT NOT NULL, slug TEXT NOT NULL, lang TEXT NOT NULL," \
    " implied INTEGER NOT NULL, vis TEXT, names INTEGER NOT NULL," \
    " edges BLOB, title TEXT, aliases TEXT, links BLOB);"

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);"
    FILES_TABLE;

/* The rows of another conf go with their table: a format that changed
 * its columns starts from a table of its own. */
static const char renew[] =
    "BEGIN IMMEDIATE;"
    "DROP TABLE IF EXISTS files;"
    "DELETE FROM meta;"
    FILES_TABLE;

struct scan_cache {
	sqlite3 *db;
	char *file;
	sqlite3_stmt *q[Q__COUNT];
	int failed;		/* a write failed: the transaction is lost */
	int damaged;		/* SQLite said so: removed when closed */
	int reading;		/* in a read transaction (a snapshot) */
};

/* Note what SQLite's answer rc says of the file. */
static void
saw(struct scan_cache *c, int rc)
{
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		c->damaged = 1;
}

static sqlite3_stmt *
stmt(struct scan_cache *c, int id)
{
	if (!c->q[id] && sqlite3_prepare_v3(c->db, q_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &c->q[id], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(c->q[id]);
	sqlite3_clear_bindings(c->q[id]);
	return c->q[id];
}

/* Step s, a statement of no rows, once; a failure marks c. 0 or -1. */
static int
run(struct scan_cache *c, sqlite3_stmt *s)
{
	int rc = s ? sqlite3_step(s) : SQLITE_ERROR;

	if (s)
		sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		saw(c, rc);
		c->failed = 1;
		return -1;
	}
	return 0;
}

static char *
meta_get(struct scan_cache *c, const char *key)
{
	sqlite3_stmt *s = stmt(c, Q_META_GET);
	char *v = NULL;

	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return v;
}

static int
meta_set(struct scan_cache *c, const char *key, const char *value)
{
	sqlite3_stmt *s = stmt(c, Q_META_SET);

	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return run(c, s);
}

static struct scan_cache *
scan_cache_open_(const char *vault, const char *path, const char *conf,
    int again)
{
	struct scan_cache *c;
	char *file, *have;
	int rc, i;

	file = path ? xstrdup(path) : vault_cache_file(vault, "scan.db", NULL);
	if (!file)
		return NULL;
	c = xcalloc(1, sizeof *c);
	if (sqlite3_open_v2(file, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		goto fail;
	/* two scans at once (a status beside a sync): the second's write
	 * waits for the first's */
	sqlite3_busy_timeout(c->db, 5000);
	rc = sqlite3_exec(c->db, schema, NULL, NULL, NULL);
	if ((rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) && !again) {
		/* damaged: made again, empty (it is a cache) */
		sqlite3_close(c->db);
		c->db = NULL;
		db_remove(file);
		free(file);
		free(c);
		return scan_cache_open_(vault, path, conf, 1);
	}
	if (rc != SQLITE_OK)
		goto fail;
	have = meta_get(c, "conf");
	if (!have || strcmp(have, conf) != 0) {
		/* the statements name the old table: prepared again */
		for (i = 0; i < Q__COUNT; i++) {
			sqlite3_finalize(c->q[i]);
			c->q[i] = NULL;
		}
		if (sqlite3_exec(c->db, renew, NULL, NULL, NULL) !=
		    SQLITE_OK || meta_set(c, "conf", conf) < 0 ||
		    sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			free(have);
			goto fail;
		}
	}
	free(have);
	c->file = file;
	return c;
fail:
	free(file);
	scan_cache_close(c);
	return NULL;
}

struct scan_cache *
scan_cache_open(const char *vault, const char *path, const char *conf)
{
	return scan_cache_open_(vault, path, conf, 0);
}

void
scan_cache_close(struct scan_cache *c)
{
	int i;

	if (!c)
		return;
	scan_cache_read_end(c);
	for (i = 0; i < Q__COUNT; i++)
		sqlite3_finalize(c->q[i]);
	sqlite3_close(c->db);
	if (c->damaged && c->file)
		db_remove(c->file);	/* made again by the next scan */
	free(c->file);
	free(c);
}

void
scan_cache_read_begin(struct scan_cache *c)
{
	if (!c->reading)
		c->reading = sqlite3_exec(c->db, "BEGIN", NULL, NULL,
		    NULL) == SQLITE_OK;
}

void
scan_cache_read_end(struct scan_cache *c)
{
	if (c->reading) {
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
		/* (the pages it cached, 2 MB, are not read again by this
		 * scan: free for the listing that follows) */
		sqlite3_db_release_memory(c->db);
	}
	c->reading = 0;
}

static const char *
text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

int
scan_cache_each(struct scan_cache *c, int full,
    void (*cb)(void *arg, const struct scan_fact *f), void *arg)
{
	sqlite3_stmt *s = stmt(c, full ? Q_FULL : Q_EACH);
	struct scan_fact f;
	int rc;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&f, 0, sizeof f);
		f.path = text(s, 0);
		f.size = sqlite3_column_int64(s, 1);
		f.mtime = sqlite3_column_int64(s, 2);
		f.ctime = sqlite3_column_int64(s, 3);
		f.ino = sqlite3_column_int64(s, 4);
		f.hash = text(s, 5);
		f.slug = text(s, 6);
		f.lang = text(s, 7);
		f.implied = sqlite3_column_int(s, 8);
		f.vis = text(s, 9);
		f.names = (uint64_t)sqlite3_column_int64(s, 10);
		f.edges = sqlite3_column_blob(s, 11);
		f.nedges = (size_t)sqlite3_column_bytes(s, 11);
		if (full) {
			f.title = text(s, 12);
			f.aliases = text(s, 13);
			f.links = sqlite3_column_blob(s, 14);
			f.nlinks = (size_t)sqlite3_column_bytes(s, 14);
		}
		if (!f.path || !f.hash || !f.slug || !f.lang)
			continue;	/* not a row this program wrote */
		cb(arg, &f);
	}
	sqlite3_reset(s);
	saw(c, rc);
	return rc == SQLITE_DONE ? 0 : -1;
}

uint64_t
scan_cache_names(struct scan_cache *c)
{
	char *v = meta_get(c, "names");
	uint64_t n = v ? strtoull(v, NULL, 16) : 0;

	free(v);
	return n;
}

int
scan_cache_begin(struct scan_cache *c)
{
	scan_cache_read_end(c);
	c->failed = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK;
	return c->failed ? -1 : 0;
}

static void
bind_blob(sqlite3_stmt *s, int i, const void *p, size_t n)
{
	if (n)
		sqlite3_bind_blob(s, i, p, (int)n, SQLITE_STATIC);
	else
		sqlite3_bind_zeroblob(s, i, 0);
}

int
scan_cache_put(struct scan_cache *c, const struct scan_fact *f)
{
	sqlite3_stmt *s;

	if (c->failed || !(s = stmt(c, Q_PUT)))
		return -1;
	sqlite3_bind_text(s, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, f->size);
	sqlite3_bind_int64(s, 3, f->mtime);
	sqlite3_bind_int64(s, 4, f->ctime);
	sqlite3_bind_int64(s, 5, f->ino);
	sqlite3_bind_text(s, 6, f->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, f->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, f->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 9, f->implied);
	if (f->vis)
		sqlite3_bind_text(s, 10, f->vis, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, (sqlite3_int64)f->names);
	bind_blob(s, 12, f->edges, f->nedges);
	if (f->title)
		sqlite3_bind_text(s, 13, f->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, f->aliases ? f->aliases : "", -1,
	    SQLITE_STATIC);
	bind_blob(s, 15, f->links, f->nlinks);
	return run(c, s);
}

int
scan_cache_edges(struct scan_cache *c, const char *path, const void *edges,
    size_t nedges)
{
	sqlite3_stmt *s;

	if (c->failed || !(s = stmt(c, Q_EDGES)))
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	bind_blob(s, 2, edges, nedges);
	return run(c, s);
}

int
scan_cache_drop(struct scan_cache *c, const char *path)
{
	sqlite3_stmt *s;

	if (c->failed || !(s = stmt(c, Q_DROP)))
		return -1;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	return run(c, s);
}

/* End the write begun by scan_cache_begin(): committed, or rolled back
 * when a step of it failed. 0 or -1. */
static int
end_write(struct scan_cache *c)
{
	if (c->failed || sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		c->failed = 0;
		return -1;
	}
	return 0;
}

int
scan_cache_commit(struct scan_cache *c, uint64_t had, uint64_t names)
{
	char v[17];

	/* another scan recorded its names since this one read them: the
	 * edges of the rows are of two vaults, and none is taken next time */
	if (scan_cache_names(c) != had)
		names = 0;
	snprintf(v, sizeof v, "%016llx", (unsigned long long)names);
	if (!c->failed)
		meta_set(c, "names", v);
	return end_write(c);
}

int
scan_cache_forget(struct scan_cache *c, const char *path)
{
	if (scan_cache_begin(c) < 0)
		return -1;
	scan_cache_drop(c, path);
	return end_write(c);
}
