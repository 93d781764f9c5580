/* state.c: the vault's .stratus/sync.db (see state.h). */
#include "sync/state.h"
#include "core/strpool.h"
#include "core/util.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 2

struct state {
	sqlite3 *db;
	char *path;
	int memory;
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS nodes("
    " slug TEXT PRIMARY KEY, node_type TEXT NOT NULL,"
    " remote_updated TEXT, pending TEXT,"
    " hash_es TEXT, hash_en TEXT, path_es TEXT, path_en TEXT,"
    " etag_es TEXT, etag_en TEXT);"
    "CREATE TABLE IF NOT EXISTS edges(slug TEXT NOT NULL, target TEXT NOT NULL,"
    " PRIMARY KEY(slug, target));"
    "CREATE TABLE IF NOT EXISTS conflicts("
    " slug TEXT PRIMARY KEY, reason TEXT NOT NULL, remote_updated TEXT,"
    " path_es TEXT, path_en TEXT, conflict_es TEXT, conflict_en TEXT,"
    " created TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 1);";

/* Schema 1 to 2: a conflict is recorded before its files are written
 * (complete = 0) and completed after. */
static const char upgrade_1[] =
    "ALTER TABLE conflicts ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;";

static int
sql_fail(struct state *st, char **cause, const char *what)
{
	return fail(cause, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int
exec(struct state *st, const char *sql, char **cause)
{
	char *err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fail(cause, "%s: %s", st->path, err ? err : "error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
state_is_memory(const struct state *st)
{
	return st->memory;
}

int
state_open(const char *vault, int create, struct state **out, char **cause)
{
	struct state *st = xcalloc(1, sizeof *st);
	char *dir = path_join(vault, ".stratus"), *v;
	struct stat sb;
	long ver = 0;

	st->path = path_join(dir, "sync.db");
	if (!create && stat(st->path, &sb) < 0) {
		st->memory = 1;
	} else if (mkdir_p(dir, cause) < 0) {
		free(dir);
		state_close(st);
		return -1;
	} else {
		/* sync state is the user's alone: 0600 in a 0700 folder,
		 * made so before the database exists */
		int fd;

		chmod(dir, 0700);
		fd = open(st->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0) {
			fchmod(fd, 0600);
			close(fd);
		}
	}
	free(dir);
	if (sqlite3_open_v2(st->memory ? ":memory:" : st->path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sql_fail(st, cause, "cannot open");
		state_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
	    cause) < 0 || exec(st, schema, cause) < 0) {
		state_close(st);
		return -1;
	}
	v = state_get(st, "schema");
	if (v && (parse_int(v, 0, 1000, &ver) < 0 || ver > SCHEMA_VERSION)) {
		fail(cause, "%s: written by a newer stratus (schema %s); "
		    "upgrade stratus", st->path, v);
		free(v);
		state_close(st);
		return -1;
	}
	if (v && ver == 1 && (exec(st, upgrade_1, cause) < 0 ||
	    state_set(st, "schema", "2", cause) < 0)) {
		free(v);
		state_close(st);
		return -1;
	}
	if (!v && state_set(st, "schema", "2", cause) < 0) {
		state_close(st);
		return -1;
	}
	free(v);
	*out = st;
	return 0;
}

void
state_close(struct state *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
state_begin(struct state *st, char **cause)
{
	return exec(st, "BEGIN IMMEDIATE", cause);
}

int
state_commit(struct state *st, char **cause)
{
	return exec(st, "COMMIT", cause);
}

void
state_rollback(struct state *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static char *
col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrdup((const char *)t) : NULL;
}

/* Column i of s in pool, interned or copied (strpool_put). */
static char *
pool_col(struct strpool *pool, sqlite3_stmt *s, int i, int intern)
{
	return strpool_put(pool, (const char *)sqlite3_column_text(s, i),
	    intern);
}

static void
bind(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

int
state_slugs(struct state *st, struct strpool *pool, char ***out, size_t *n,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT slug FROM nodes ORDER BY slug",
	    -1, &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = pool_col(pool, s, 0, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return sql_fail(st, cause, "cannot read");
	}
	return 0;
}

/* The base of the row s is on, its edges read with e; strings in pool. */
static void
base_row(struct strpool *pool, sqlite3_stmt *s, sqlite3_stmt *e,
    struct sync_base *b)
{
	size_t ecap = 0;

	memset(b, 0, sizeof *b);
	b->slug = pool_col(pool, s, 0, 1);
	b->node_type = pool_col(pool, s, 1, 1);
	b->remote_updated = pool_col(pool, s, 2, 0);
	b->pending = pool_col(pool, s, 3, 0);
	b->hash[LANG_ES] = pool_col(pool, s, 4, 0);
	b->hash[LANG_EN] = pool_col(pool, s, 5, 0);
	b->path[LANG_ES] = pool_col(pool, s, 6, 0);
	b->path[LANG_EN] = pool_col(pool, s, 7, 0);
	b->etag[LANG_ES] = pool_col(pool, s, 8, 0);
	b->etag[LANG_EN] = pool_col(pool, s, 9, 0);
	sqlite3_reset(e);
	sqlite3_bind_text(e, 1, b->slug, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(e) == SQLITE_ROW) {
		b->edges = xgrow(b->edges, &ecap, b->nedges + 1,
		    sizeof *b->edges);
		b->edges[b->nedges++] = pool_col(pool, e, 0, 1);
	}
	if (b->nedges)	/* (perhaps held for the whole sync: no spare room) */
		b->edges = xrealloc(b->edges, b->nedges * sizeof *b->edges);
}

/* Read the bases of the query where (bound to key, when not NULL) into a
 * new array, at most limit of them (0: no limit). */
static int
read_bases(struct state *st, struct strpool *pool, const char *where,
    const char *key, size_t limit, const struct sync_base **out,
    size_t *n, char **cause)
{
	sqlite3_stmt *s = NULL, *e = NULL;
	struct sync_base *v = NULL;
	size_t cap = 0, i = 0;
	char *sql;
	int rc;

	*out = NULL;
	*n = 0;
	sql = xasprintf("SELECT slug, node_type, remote_updated, pending, "
	    "hash_es, hash_en, path_es, path_en, etag_es, etag_en FROM nodes "
	    "%s ORDER BY slug LIMIT ?2", where);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK || sqlite3_prepare_v2(st->db, "SELECT target "
	    "FROM edges WHERE slug = ? ORDER BY target", -1, &e,
	    NULL) != SQLITE_OK) {
		sql_fail(st, cause, "cannot read");
		sqlite3_finalize(s);
		return -1;
	}
	if (key)
		bind(s, 1, key);
	sqlite3_bind_int64(s, 2, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xgrow(v, &cap, i + 1, sizeof *v);
		base_row(pool, s, e, &v[i++]);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(e);
	if (rc != SQLITE_DONE) {
		bases_free(v, i);
		return sql_fail(st, cause, "cannot read");
	}
	*out = v;
	*n = i;
	return 0;
}

int
state_bases(struct state *st, struct strpool *pool, const char *after,
    size_t limit, const struct sync_base **out, size_t *n, char **cause)
{
	return read_bases(st, pool, after ? "WHERE slug > ?1" : "", after,
	    limit, out, n, cause);
}

int
state_base(struct state *st, struct strpool *pool, const char *slug,
    const struct sync_base **out, char **cause)
{
	size_t n;

	if (read_bases(st, pool, "WHERE slug = ?1", slug, 1, out, &n,
	    cause) < 0)
		return -1;
	return n == 1;
}

int
state_put(struct state *st, const struct sync_base *b, char **cause)
{
	sqlite3_stmt *s = NULL;
	size_t i;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO nodes(slug, "
	    "node_type, remote_updated, pending, hash_es, hash_en, path_es, "
	    "path_en, etag_es, etag_en) VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &s,
	    NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, b->slug);
	bind(s, 2, b->node_type ? b->node_type : "concept");
	bind(s, 3, b->remote_updated);
	bind(s, 4, b->pending);
	bind(s, 5, b->hash[LANG_ES]);
	bind(s, 6, b->hash[LANG_EN]);
	bind(s, 7, b->path[LANG_ES]);
	bind(s, 8, b->path[LANG_EN]);
	bind(s, 9, b->etag[LANG_ES]);
	bind(s, 10, b->etag[LANG_EN]);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_finalize(s);
		return sql_fail(st, cause, "cannot write");
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "DELETE FROM edges WHERE slug = ?", -1,
	    &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, b->slug);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO edges(slug, "
	    "target) VALUES (?, ?)", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	for (i = 0; i < b->nedges; i++) {
		sqlite3_reset(s);
		bind(s, 1, b->slug);
		bind(s, 2, b->edges[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return sql_fail(st, cause, "cannot write");
		}
	}
	sqlite3_finalize(s);
	return 0;
}

static int
delete_where(struct state *st, const char *sql, const char *slug,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, slug);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(st, cause, "cannot write");
	return 0;
}

int
state_delete(struct state *st, const char *slug, char **cause)
{
	if (delete_where(st, "DELETE FROM nodes WHERE slug = ?", slug,
	    cause) < 0)
		return -1;
	return delete_where(st, "DELETE FROM edges WHERE slug = ?", slug,
	    cause);
}

int
state_set_pending(struct state *st, const char *slug, const char *node_type,
    const char *pending, char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO nodes(slug, node_type, "
	    "pending) VALUES (?,?,?) ON CONFLICT(slug) DO UPDATE SET "
	    "pending = CASE WHEN excluded.pending IS NULL OR pending IS NULL "
	    "OR length(pending) > 400 THEN excluded.pending "
	    "ELSE pending || ' ' || excluded.pending END", -1, &s,
	    NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, slug);
	bind(s, 2, node_type);
	bind(s, 3, pending);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(st, cause, "cannot write");
	return 0;
}

void
base_clear(struct sync_base *b)
{
	size_t i;

	if (!b)
		return;
	free(b->slug);
	free(b->node_type);
	free(b->remote_updated);
	free(b->pending);
	for (i = 0; i < NLANGS; i++) {
		free(b->hash[i]);
		free(b->path[i]);
		free(b->etag[i]);
	}
	for (i = 0; i < b->nedges; i++)
		free(b->edges[i]);
	free(b->edges);
	memset(b, 0, sizeof *b);
}

/* A copy of s: in pool (interned when intern), or its own (pool NULL). */
static char *
dup_in(struct strpool *pool, const char *s, int intern)
{
	return pool ? strpool_put(pool, s, intern) : xstrdup_or_null(s);
}

void
base_copy_in(struct sync_base *d, const struct sync_base *s,
    struct strpool *pool)
{
	size_t i;

	memset(d, 0, sizeof *d);
	d->slug = dup_in(pool, s->slug, 1);
	d->node_type = dup_in(pool, s->node_type, 1);
	d->remote_updated = dup_in(pool, s->remote_updated, 0);
	d->pending = dup_in(pool, s->pending, 0);
	for (i = 0; i < NLANGS; i++) {
		d->hash[i] = dup_in(pool, s->hash[i], 0);
		d->path[i] = dup_in(pool, s->path[i], 0);
		d->etag[i] = dup_in(pool, s->etag[i], 0);
	}
	d->edges = xcalloc(s->nedges + 1, sizeof *d->edges);
	for (i = 0; i < s->nedges; i++)
		d->edges[i] = dup_in(pool, s->edges[i], 1);
	d->nedges = s->nedges;
}

void
base_copy(struct sync_base *d, const struct sync_base *s)
{
	base_copy_in(d, s, NULL);
}

void
bases_free(const struct sync_base *b, size_t n)
{
	size_t i;

	for (i = 0; b && i < n; i++)
		free(b[i].edges);
	free((void *)b);
}

int
state_conflicts(struct state *st, struct sync_conflict **out, size_t *n,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	struct sync_conflict *v = NULL;
	size_t cap = 0, i = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT slug, reason, remote_updated, "
	    "path_es, path_en, conflict_es, conflict_en, created, complete "
	    "FROM conflicts ORDER BY slug", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct sync_conflict *c;

		v = xgrow(v, &cap, i + 1, sizeof *v);
		c = &v[i++];
		c->slug = col(s, 0);
		c->reason = col(s, 1);
		c->remote_updated = col(s, 2);
		c->path[LANG_ES] = col(s, 3);
		c->path[LANG_EN] = col(s, 4);
		c->conflict_path[LANG_ES] = col(s, 5);
		c->conflict_path[LANG_EN] = col(s, 6);
		c->created = col(s, 7);
		c->complete = sqlite3_column_int(s, 8);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		conflicts_free(v, i);
		return sql_fail(st, cause, "cannot read");
	}
	*out = v;
	*n = i;
	return 0;
}

int
state_conflict_put(struct state *st, const struct sync_conflict *c,
    char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO conflicts("
	    "slug, reason, remote_updated, path_es, path_en, conflict_es, "
	    "conflict_en, created, complete) VALUES (?,?,?,?,?,?,?,?,?)", -1,
	    &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, c->slug);
	bind(s, 2, c->reason);
	bind(s, 3, c->remote_updated);
	bind(s, 4, c->path[LANG_ES]);
	bind(s, 5, c->path[LANG_EN]);
	bind(s, 6, c->conflict_path[LANG_ES]);
	bind(s, 7, c->conflict_path[LANG_EN]);
	bind(s, 8, c->created);
	sqlite3_bind_int(s, 9, c->complete);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(st, cause, "cannot write");
	return 0;
}

int
state_conflict_delete(struct state *st, const char *slug, char **cause)
{
	return delete_where(st, "DELETE FROM conflicts WHERE slug = ?", slug,
	    cause);
}

void
conflicts_free(struct sync_conflict *c, size_t n)
{
	size_t i, j;

	for (i = 0; c && i < n; i++) {
		free(c[i].slug);
		free(c[i].reason);
		free(c[i].remote_updated);
		for (j = 0; j < NLANGS; j++) {
			free(c[i].path[j]);
			free(c[i].conflict_path[j]);
		}
		free(c[i].created);
	}
	free(c);
}

char *
state_get(struct state *st, const char *key)
{
	sqlite3_stmt *s = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM kv WHERE key = ?",
	    -1, &s, NULL) != SQLITE_OK)
		return NULL;
	bind(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = col(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
state_set(struct state *st, const char *key, const char *value, char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO kv(key, value) "
	    "VALUES (?, ?)", -1, &s, NULL) != SQLITE_OK)
		return sql_fail(st, cause, "cannot write");
	bind(s, 1, key);
	bind(s, 2, value);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_fail(st, cause, "cannot write");
	return 0;
}
