/*
 * index.c: the SQLite index of a vault (see index.h): opening (and
 * rebuilding a database that is corrupt or of another schema), the
 * incremental update (walk, compare size and mtime, then the content
 * hash, parse, write, resolve links: one transaction), and the readers:
 * search, find, translations, links, backlinks, tags, check, graph.
 *
 * Tables: docs (one row per file: metadata, small), body (the indexed
 * text, the content of both full-text tables), fts (unicode61, prefix
 * indexes, bm25 weighted by column), tri (trigram over titles, aliases,
 * tags, headings and the CJK words of the body), tags, links (with the
 * source line and the resolved document), names (the name_key() of each
 * name of a document, indexed by key) and problems.
 */
#include "core/index.h"
#include "core/buf.h"
#include "core/query.h"
#include "core/resolve.h"
#include "core/util.h"
#include "core/vault.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCHEMA_VERSION	5	/* bump on any change to schema_sql */
#define STR(x)		STR_(x)
#define STR_(x)		#x
#define INDEX_MAX_NOTE	(4 << 20)	/* bytes of a note indexed */
#define CONTEXT_MAX	160		/* bytes of a link's line */
#define HUB_SLUG	"start-here"
#define RESOLVE_CHUNK	16384
#define NAMES_MAX	2048	/* more names changed: resolve all links */
#define RESOLVER_ALL	16384	/* documents in one resolver (1 KB each) */
#define SUGGEST_MAX	3
#define SEARCH_LIMIT	20
#define SEARCH_LIMIT_MAX 10000
#define RANK_ALL	1000	/* matches ranked by bm25 in full */
#define GRAPH_DEPTH_MAX	16

static const char schema_sql[] =
	"PRAGMA journal_mode = WAL;"
	"BEGIN;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE docs("
	" id INTEGER PRIMARY KEY,"
	" path TEXT NOT NULL UNIQUE,"
	" size INTEGER NOT NULL, mtime INTEGER NOT NULL,"
	" hash INTEGER NOT NULL,"
	" slug TEXT NOT NULL, lang TEXT NOT NULL, title TEXT NOT NULL,"
	" summary TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL,"
	" created TEXT NOT NULL, updated TEXT NOT NULL,"
	" aliases TEXT NOT NULL);"	/* one per line */
	"CREATE INDEX docs_slug ON docs(slug);"
	"CREATE TABLE tags(tag TEXT NOT NULL, doc INTEGER NOT NULL,"
	" PRIMARY KEY(tag, doc)) WITHOUT ROWID;"
	"CREATE INDEX tags_doc ON tags(doc);"
	/* heading anchors and ^block ids, for links to them */
	"CREATE TABLE anchors(doc INTEGER NOT NULL, anchor TEXT NOT NULL,"
	" PRIMARY KEY(doc, anchor)) WITHOUT ROWID;"
	"CREATE TABLE links("
	" id INTEGER PRIMARY KEY,"
	" src INTEGER NOT NULL, kind INTEGER NOT NULL,"
	" target TEXT NOT NULL, anchor TEXT, label TEXT,"
	" line INTEGER NOT NULL, context TEXT NOT NULL,"
	" dst INTEGER, how INTEGER NOT NULL DEFAULT 0,"
	" ambiguous INTEGER NOT NULL DEFAULT 0,"
	" tkey TEXT NOT NULL);"	/* name_key() of the target */
	"CREATE INDEX links_src ON links(src);"
	"CREATE INDEX links_tkey ON links(tkey);"
	/* name_key() of every name of a document, one row each; names_key
	 * (covering: it holds id) finds the notes a link's key may name */
	"CREATE TABLE names(id INTEGER NOT NULL, key TEXT NOT NULL,"
	" PRIMARY KEY(id, key)) WITHOUT ROWID;"
	"CREATE INDEX names_key ON names(key);"
	/* partial: links are written unresolved, then resolved */
	"CREATE INDEX links_dst ON links(dst) WHERE dst IS NOT NULL;"
	"CREATE TABLE problems("
	" id INTEGER PRIMARY KEY,"
	" doc INTEGER,"		/* NULL: a problem of the file */
	" path TEXT NOT NULL, kind INTEGER NOT NULL,"
	" line INTEGER NOT NULL, message TEXT NOT NULL);"
	"CREATE INDEX problems_doc ON problems(doc);"
	"CREATE INDEX problems_path ON problems(path);"
	"CREATE TABLE body(id INTEGER PRIMARY KEY, title, aliases, tags,"
	" summary, subs, body);"
	"CREATE VIRTUAL TABLE fts USING fts5(title, aliases, tags, summary,"
	" body, content='body', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2', prefix='3');"
	"INSERT INTO fts(fts, rank) VALUES('rank',"
	" 'bm25(10.0, 8.0, 6.0, 3.0, 1.0)');"
	/* fewer, larger segments: half the indexing time for 8 MB */
	"INSERT INTO fts(fts, rank) VALUES('hashsize', 8388608);"
	"INSERT INTO fts(fts, rank) VALUES('automerge', 8);"
	"CREATE VIRTUAL TABLE tri USING fts5(subs, content='body',"
	" content_rowid='id', tokenize='trigram', detail=none);"
	"INSERT INTO tri(tri, rank) VALUES('hashsize', 4194304);"
	"PRAGMA user_version = " STR(SCHEMA_VERSION) ";"
	"COMMIT;";

#define DOC_COLS "d.id, d.path, d.slug, d.lang, d.title, d.summary, " \
	"d.type, d.status, d.created, d.updated"
#define NDOC_COLS 10

enum stmt_id {
	S_META_GET,
	S_META_SET,
	S_FILES,
	S_DOC_OLD,
	S_DOC_TOUCH,
	S_DOC_INSERT,
	S_DOC_UPDATE,
	S_DOC_DELETE,
	S_FTS_DELETE,
	S_TRI_DELETE,
	S_BODY_DELETE,
	S_BODY_INSERT,
	S_FTS_INSERT,
	S_TRI_INSERT,
	S_TAGS_DELETE,
	S_TAG_INSERT,
	S_ANCHORS_DELETE,
	S_ANCHOR_INSERT,
	S_ANCHOR_EXISTS,
	S_LINKS_DELETE,
	S_LINK_INSERT,
	S_LINKS_UNDST,
	S_PROBS_DELETE,
	S_PROB_INSERT,
	S_FPROB_FIND,
	S_FPROB_ALL,
	S_FPROB_DELETE,
	S_KEYS_OF,
	S_DOC_IDS,
	S_NAMES_KEY,
	S_NAMES_OF,
	S_NAMES_SET,
	S_NAMES_DELETE,
	S_LINKS_CHUNK,
	S_LINKS_OF,
	S_LINKS_NAMED,
	S_LINK_SET,
	S_DOC_GET,
	S_DOC_TAGS,
	S_TRANSLATIONS,
	S_TITLES,
	S_LINKS_OUT,
	S_BACKLINKS,
	S_TAG_COUNTS,
	S_SLUG_EXISTS,
	S_NODE_INFO,
	S_NEIGHBOURS,
	S_EDGES_OF,
	S_UNRESOLVED_OF,
	S_MATCH_COUNT,
	S__COUNT
};

static const char *const stmt_sql[S__COUNT] = {
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
	[S_FILES] = "SELECT id, path, size, mtime FROM docs",
	[S_DOC_OLD] = "SELECT hash, path, slug, lang, title, aliases"
	    " FROM docs WHERE id = ?1",
	[S_DOC_TOUCH] = "UPDATE docs SET size = ?2, mtime = ?3 WHERE id = ?1",
	[S_DOC_INSERT] = "INSERT INTO docs(path, size, mtime, hash, slug,"
	    " lang, title, summary, type, status, created, updated, aliases)"
	    " VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_DOC_UPDATE] = "UPDATE docs SET path = ?2, size = ?3, mtime = ?4,"
	    " hash = ?5, slug = ?6, lang = ?7, title = ?8, summary = ?9,"
	    " type = ?10, status = ?11, created = ?12, updated = ?13,"
	    " aliases = ?14 WHERE id = ?1",
	[S_DOC_DELETE] = "DELETE FROM docs WHERE id = ?1",
	[S_FTS_DELETE] = "INSERT INTO fts(fts, rowid, title, aliases, tags,"
	    " summary, body) SELECT 'delete', id, title, aliases, tags,"
	    " summary, body FROM body WHERE id = ?1",
	[S_TRI_DELETE] = "INSERT INTO tri(tri, rowid, subs)"
	    " SELECT 'delete', id, subs FROM body WHERE id = ?1",
	[S_BODY_DELETE] = "DELETE FROM body WHERE id = ?1",
	[S_BODY_INSERT] = "INSERT INTO body(id, title, aliases, tags, summary,"
	    " subs, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_FTS_INSERT] = "INSERT INTO fts(rowid, title, aliases, tags,"
	    " summary, body) VALUES(?1, ?2, ?3, ?4, ?5, ?7)",
	[S_TRI_INSERT] = "INSERT INTO tri(rowid, subs) VALUES(?1, ?6)",
	[S_TAGS_DELETE] = "DELETE FROM tags WHERE doc = ?1",
	[S_TAG_INSERT] = "INSERT OR IGNORE INTO tags(doc, tag) VALUES(?1, ?2)",
	[S_ANCHORS_DELETE] = "DELETE FROM anchors WHERE doc = ?1",
	[S_ANCHOR_INSERT] = "INSERT OR IGNORE INTO anchors(doc, anchor)"
	    " VALUES(?1, ?2)",
	/* in any language of the note: [[x#Mitigation]] from a Spanish
	 * note may resolve to x.es.md, whose heading is translated */
	[S_ANCHOR_EXISTS] = "SELECT 1 FROM anchors a JOIN docs d"
	    " ON d.id = a.doc WHERE d.slug = ?1 AND a.anchor = ?2",
	[S_LINKS_DELETE] = "DELETE FROM links WHERE src = ?1",
	[S_LINK_INSERT] = "INSERT INTO links(src, kind, target, anchor, label,"
	    " line, context, tkey) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_LINKS_UNDST] = "UPDATE links SET dst = NULL, how = 0,"
	    " ambiguous = 0 WHERE dst = ?1",
	[S_PROBS_DELETE] = "DELETE FROM problems WHERE doc = ?1",
	[S_PROB_INSERT] = "INSERT INTO problems(doc, path, kind, line, message)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)",
	[S_FPROB_FIND] = "SELECT id FROM problems WHERE doc IS NULL"
	    " AND path = ?1 AND message = ?2",
	[S_FPROB_ALL] = "SELECT id FROM problems WHERE doc IS NULL",
	[S_FPROB_DELETE] = "DELETE FROM problems WHERE id = ?1",
	[S_KEYS_OF] = "SELECT id, path, slug, lang, title, aliases FROM docs"
	    " WHERE id = ?1",
	[S_DOC_IDS] = "SELECT id FROM docs ORDER BY id",
	[S_NAMES_KEY] = "SELECT id FROM names WHERE key = ?1",
	[S_NAMES_OF] = "SELECT key FROM names WHERE id = ?1",
	[S_NAMES_SET] = "INSERT OR IGNORE INTO names(id, key) VALUES(?1, ?2)",
	[S_NAMES_DELETE] = "DELETE FROM names WHERE id = ?1",
	[S_LINKS_CHUNK] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang, l.tkey FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.id > ?1 AND l.kind != ?2 ORDER BY l.id LIMIT ?3",
	[S_LINKS_OF] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang, l.tkey FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.src = ?1 AND l.kind != ?2 ORDER BY l.id",
	[S_LINKS_NAMED] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang, l.tkey FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.tkey = ?1 AND l.kind != ?2 ORDER BY l.id",
	[S_LINK_SET] = "UPDATE links SET dst = ?2, how = ?3, ambiguous = ?4"
	    " WHERE id = ?1",
	[S_DOC_GET] = "SELECT " DOC_COLS " FROM docs d WHERE d.id = ?1",
	[S_DOC_TAGS] = "SELECT tag FROM tags WHERE doc = ?1 ORDER BY tag",
	[S_TRANSLATIONS] = "SELECT " DOC_COLS " FROM docs d WHERE d.slug = ?1"
	    " ORDER BY d.lang = ?2 DESC, d.lang, d.path",
	[S_TITLES] = "SELECT slug, title, aliases FROM docs"
	    " ORDER BY slug, lang = ?1 DESC, path",
	[S_LINKS_OUT] = "SELECT l.kind, l.target, l.anchor, l.line, l.context,"
	    " l.dst IS NOT NULL, l.ambiguous, " DOC_COLS
	    " FROM links l LEFT JOIN docs d ON d.id = l.dst"
	    " WHERE l.src = ?1 ORDER BY l.line, l.id",
	[S_BACKLINKS] = "SELECT l.kind, l.target, l.anchor, l.line, l.context,"
	    " 1, l.ambiguous, " DOC_COLS
	    " FROM docs t JOIN links l ON l.dst = t.id"
	    " JOIN docs d ON d.id = l.src"
	    " WHERE t.slug = ?1 AND d.slug != ?1"
	    " ORDER BY d.path, l.line, l.id",
	[S_TAG_COUNTS] = "SELECT t.tag, count(DISTINCT d.slug) AS n"
	    " FROM tags t JOIN docs d ON d.id = t.doc"
	    " GROUP BY t.tag ORDER BY n DESC, t.tag",
	[S_SLUG_EXISTS] = "SELECT 1 FROM docs WHERE slug = ?1 LIMIT 1",
	[S_NODE_INFO] = "SELECT title, type FROM docs WHERE slug = ?1"
	    " ORDER BY lang = ?2 DESC, path LIMIT 1",
	[S_NEIGHBOURS] = "SELECT t.slug FROM docs s JOIN links l"
	    " ON l.src = s.id JOIN docs t ON t.id = l.dst"
	    " WHERE s.slug = ?1 AND t.slug != ?1"
	    " UNION SELECT s.slug FROM docs t JOIN links l ON l.dst = t.id"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE t.slug = ?1 AND s.slug != ?1",
	[S_EDGES_OF] = "SELECT t.slug, count(*) FROM docs s JOIN links l"
	    " ON l.src = s.id JOIN docs t ON t.id = l.dst"
	    " WHERE s.slug = ?1 AND t.slug != ?1 GROUP BY t.slug",
	[S_UNRESOLVED_OF] = "SELECT count(*) FROM docs s JOIN links l"
	    " ON l.src = s.id WHERE s.slug = ?1 AND +l.dst IS NULL"
	    " AND l.kind != ?2",
	[S_MATCH_COUNT] = "SELECT count(*) FROM fts WHERE fts MATCH ?1",
};

struct index {
	sqlite3 *db;
	char *vault;
	char *db_path;
	char *default_lang;
	int progress;
	double progress_delay;
	int force_full;		/* the next update rebuilds */
	sqlite3_stmt *st[S__COUNT];
	char *err;		/* the first SQL error of an operation */
	int corrupt;		/* that error said the file is damaged */
	char *corrupt_why;	/* SQLite's words for it */
};

/* A file known to the index, looked up by path during the walk. */
struct fentry {
	char *path;
	uint64_t h;		/* fmap_hash of path */
	long id;
	int64_t size, mtime;
	int seen;
};

struct fmap {
	struct fentry *e;	/* open addressing; path NULL: empty */
	size_t cap, n;
};

/* A file to read during an update. */
struct work {
	char *path;
	int64_t size, mtime;
	long id;		/* 0: new */
};

struct progress {
	int on;
	double start, last, delay;
	int shown;
};

struct update {
	struct index *ix;
	struct index_stats *st;
	struct fmap map;
	struct work *work;
	size_t nwork, capwork;
	long *changed;		/* documents whose links need resolving */
	size_t nchanged, capchanged;
	int keys_changed;	/* paths, slugs, titles or aliases changed */
	char **names;		/* name_key() of the names added or gone */
	size_t nnames, capnames;	/* (their links are resolved again) */
	int relink_all;		/* too many names: resolve every link */
	int full;
	long *fprobs;		/* file problems still there (their ids) */
	size_t nfprobs, capfprobs;
	struct progress prog;
};

/* --- SQL helpers -------------------------------------------------- */

static int
sql_fail(struct index *ix, const char *what)
{
	int code = sqlite3_errcode(ix->db) & 0xff;

	if ((code == SQLITE_CORRUPT || code == SQLITE_NOTADB) &&
	    !ix->corrupt) {
		ix->corrupt = 1;
		free(ix->corrupt_why);
		ix->corrupt_why = xstrdup(sqlite3_errmsg(ix->db));
	}
	if (ix->err)
		return -1;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		ix->err = xasprintf("index %s: %s (while %s): another stratus "
		    "is writing it; try again when it is done", ix->db_path,
		    sqlite3_errmsg(ix->db), what);
	else
		ix->err = xasprintf("index %s: %s (while %s); if it persists, "
		    "delete that file (it is a cache)", ix->db_path,
		    sqlite3_errmsg(ix->db), what);
	return -1;
}

static sqlite3_stmt *
stmt(struct index *ix, enum stmt_id id)
{
	if (!ix->st[id] && sqlite3_prepare_v3(ix->db, stmt_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &ix->st[id], NULL) != SQLITE_OK) {
		sql_fail(ix, "preparing a statement");
		ix->st[id] = NULL;
	}
	return ix->st[id];
}

static void
stmt_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Step a statement that returns no rows, then reset it. 0 or -1. */
static int
run(struct index *ix, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		sql_fail(ix, what);
		stmt_done(s);
		return -1;
	}
	stmt_done(s);
	return 0;
}

/* Step a statement that returns rows: 1 row, 0 done, -1 error. */
static int
row(struct index *ix, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sql_fail(ix, what);
	return -1;
}

static int
exec(struct index *ix, const char *sql, const char *what)
{
	if (sqlite3_exec(ix->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sql_fail(ix, what);
	return 0;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!s)
		return;
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void
bind_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (s)
		sqlite3_bind_int64(s, i, v);
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return xstrdup(t ? (const char *)t : "");
}

static const char *
col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Hand the first recorded error to *cause and clear it. */
static int
take_err(struct index *ix, char **cause)
{
	if (ix->err) {
		fail(cause, "%s", ix->err);
		free(ix->err);
		ix->err = NULL;
	} else
		fail(cause, "index %s: unknown error", ix->db_path);
	return -1;
}

static char *
meta_get_str(struct index *ix, const char *key)
{
	sqlite3_stmt *s = stmt(ix, S_META_GET);
	char *v = NULL;

	bind_text(s, 1, key);
	if (row(ix, s, "reading the index metadata") == 1 &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = col_dup(s, 0);
	stmt_done(s);
	return v;
}

static int
meta_set(struct index *ix, const char *key, const char *value)
{
	sqlite3_stmt *s = stmt(ix, S_META_SET);

	bind_text(s, 1, key);
	bind_text(s, 2, value);
	return run(ix, s, "writing the index metadata");
}

/* --- text --------------------------------------------------------- */

/*
 * s (len bytes) as valid UTF-8 without control characters: invalid
 * sequences become U+FFFD, C0/C1 controls and DEL a space; multiline
 * keeps '\n' and '\t'. The snippet markers can then never appear.
 */
static void
clean_into(struct buf *b, const char *s, size_t len, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t k, run = 0;

	buf_grow(b, len);
	buf_add(b, "", 0);	/* buf_grow alone leaves no NUL */
	while (len > 0) {
		if (p[run] >= 0x20 && p[run] < 0x7f) {
			run++;
			len--;
			if (len > 0)
				continue;
			buf_add(b, p, run);
			break;
		}
		buf_add(b, p, run);
		p += run;
		run = 0;
		k = query_utf8_decode(p, len, &c);
		if (k == 0) {
			buf_adds(b, "\xef\xbf\xbd");
			k = 1;
		} else if ((c == '\n' || c == '\t') && multiline)
			buf_addc(b, (int)c);
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
			buf_addc(b, ' ');
		else
			buf_add(b, p, k);
		p += k;
		len -= k;
	}
}

static char *
clean(const char *s, int multiline)
{
	struct buf b = BUF_INIT;

	clean_into(&b, s ? s : "", s ? strlen(s) : 0, multiline);
	return buf_take(&b);
}

static char *
join(char *const *v, size_t n, const char *sep)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, sep);
		clean_into(&b, v[i], strlen(v[i]), 0);
	}
	return buf_take(&b);
}

static char *
lower_ascii(const char *s)
{
	return str_lower(s ? s : "");
}

/* --- the file map -------------------------------------------------- */

/*
 * The map's hash of a path: eight bytes at a time (every update looks up
 * each file of the vault, so hash64's byte loop showed in the profile).
 */
static uint64_t
fmap_hash(const char *path)
{
	size_t len = strlen(path), i;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, path + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, path + i, len - i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

static struct fentry *
fmap_slot(const struct fmap *m, const char *path, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	while (m->e[i].path && (m->e[i].h != h ||
	    strcmp(m->e[i].path, path) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static void
fmap_add(struct fmap *m, const char *path, long id, int64_t size,
    int64_t mtime)
{
	struct fentry *e, *old = m->e;
	size_t oldcap = m->cap, i;
	uint64_t h = fmap_hash(path);

	if ((m->n + 1) * 2 > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->e = xcalloc(m->cap, sizeof *m->e);
		for (i = 0; i < oldcap; i++)
			if (old[i].path)
				*fmap_slot(m, old[i].path, old[i].h) = old[i];
		free(old);
	}
	e = fmap_slot(m, path, h);
	if (!e->path) {
		e->path = xstrdup(path);
		e->h = h;
		m->n++;
	}
	e->id = id;
	e->size = size;
	e->mtime = mtime;
	e->seen = 0;
}

static struct fentry *
fmap_find(const struct fmap *m, const char *path)
{
	struct fentry *e;

	if (m->cap == 0)
		return NULL;
	e = fmap_slot(m, path, fmap_hash(path));
	return e->path ? e : NULL;
}

static void
fmap_free(struct fmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->e[i].path);
	free(m->e);
	memset(m, 0, sizeof *m);
}

/* --- opening -------------------------------------------------------- */

static void
db_remove(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

static void
db_close(struct index *ix)
{
	size_t i;

	for (i = 0; i < S__COUNT; i++) {
		sqlite3_finalize(ix->st[i]);
		ix->st[i] = NULL;
	}
	sqlite3_close(ix->db);
	ix->db = NULL;
}

/*
 * Open ix->db_path. Returns 0 when usable, 1 when the file must be
 * rebuilt (*why says why), -1 on an error that rebuilding cannot fix.
 */
static int
db_try_open(struct index *ix, char **why, char **cause)
{
	sqlite3_stmt *s = NULL;
	int rc, version = -1, ntables = 0;
	char *vault = NULL;

	rc = sqlite3_open_v2(ix->db_path, &ix->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fail(cause, "index %s: %s", ix->db_path, ix->db ?
		    sqlite3_errmsg(ix->db) : sqlite3_errstr(rc));
		return -1;
	}
	sqlite3_extended_result_codes(ix->db, 0);
	/* a second stratus waits while a first one indexes a big vault */
	sqlite3_busy_timeout(ix->db, 60000);
	rc = sqlite3_prepare_v2(ix->db, "SELECT (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_master)",
	    -1, &s, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		version = sqlite3_column_int(s, 0);
		ntables = sqlite3_column_int(s, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
		*why = xstrdup("it is not a readable SQLite database");
		return 1;
	}
	if (rc != SQLITE_OK) {
		fail(cause, "index %s: %s", ix->db_path,
		    sqlite3_errmsg(ix->db));
		return -1;
	}
	if (version == 0 && ntables == 0) {
		if (exec(ix, schema_sql, "creating the schema") < 0) {
			sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
			if (ix->corrupt) {
				*why = xstrdup(ix->err);
				free(ix->err);
				ix->err = NULL;
				return 1;
			}
			return take_err(ix, cause);
		}
		if (meta_set(ix, "vault", ix->vault) < 0 ||
		    meta_set(ix, "lang", ix->default_lang) < 0)
			return take_err(ix, cause);
		return 0;
	}
	if (version != SCHEMA_VERSION) {
		*why = xasprintf("it has schema version %d, this stratus "
		    "uses %d", version, SCHEMA_VERSION);
		return 1;
	}
	if (exec(ix, "PRAGMA journal_mode = WAL", "setting WAL mode") < 0) {
		if (ix->corrupt) {
			*why = xstrdup(ix->err);
			free(ix->err);
			ix->err = NULL;
			return 1;
		}
		return take_err(ix, cause);
	}
	vault = meta_get_str(ix, "vault");
	if (ix->err) {
		free(vault);
		*why = xstrdup(ix->err);
		free(ix->err);
		ix->err = NULL;
		return 1;
	}
	if (!vault || strcmp(vault, ix->vault) != 0) {
		free(vault);
		*why = xstrdup("it belongs to another vault");
		return 1;
	}
	free(vault);
	vault = meta_get_str(ix, "lang");
	if (!vault || strcmp(vault, ix->default_lang) != 0)
		ix->force_full = 1;
	free(vault);
	return 0;
}

static int
db_open(struct index *ix, char **cause)
{
	char *why = NULL;
	int rc;

	rc = db_try_open(ix, &why, cause);
	if (rc == 1) {
		errmsg("index %s: %s; rebuilding it", ix->db_path, why);
		free(why);
		db_close(ix);
		db_remove(ix->db_path);
		ix->corrupt = 0;
		why = NULL;
		rc = db_try_open(ix, &why, cause);
		if (rc == 1) {
			fail(cause, "index %s: %s; delete it", ix->db_path,
			    why);
			free(why);
			rc = -1;
		}
	}
	if (rc == 0) {
		int one = 1;

		/* keep the -wal file between runs: no unlink and create for
		 * every command */
		sqlite3_file_control(ix->db, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &one);
		exec(ix, "PRAGMA synchronous = NORMAL;"
		    "PRAGMA cache_size = -8192;"
		    "PRAGMA journal_size_limit = 67108864;"
		    "PRAGMA foreign_keys = OFF", "setting pragmas");
		free(ix->err);
		ix->err = NULL;
	}
	return rc;
}

int
index_open(const struct index_opts *o, struct index **out, char **cause)
{
	struct index *ix;
	char *dir;

	*out = NULL;
	if (!o->vault || o->vault[0] != '/')
		return fail(cause, "index: the vault path must be absolute");
	ix = xcalloc(1, sizeof *ix);
	ix->vault = xstrdup(o->vault);
	ix->default_lang = xstrdup(o->default_lang && *o->default_lang ?
	    o->default_lang : "en");
	ix->progress = o->progress;
	ix->progress_delay = o->progress_delay > 0 ? o->progress_delay : 0.5;
	if (o->db_path)
		ix->db_path = xstrdup(o->db_path);
	else {
		dir = xdg_cache_dir();
		if (mkdir_p(dir, cause) < 0) {
			free(dir);
			index_close(ix);
			return -1;
		}
		ix->db_path = xasprintf("%s/%016llx.db", dir,
		    (unsigned long long)hash64(o->vault, strlen(o->vault)));
		free(dir);
	}
	if (db_open(ix, cause) < 0) {
		index_close(ix);
		return -1;
	}
	*out = ix;
	return 0;
}

void
index_close(struct index *ix)
{
	if (!ix)
		return;
	db_close(ix);
	free(ix->vault);
	free(ix->db_path);
	free(ix->default_lang);
	free(ix->err);
	free(ix->corrupt_why);
	free(ix);
}

const char *
index_vault(const struct index *ix)
{
	return ix->vault;
}

struct sqlite3 *
index_db(struct index *ix)
{
	return ix->db;
}

/* --- progress ------------------------------------------------------- */

static void
progress_init(struct update *u)
{
	struct index *ix = u->ix;

	memset(&u->prog, 0, sizeof u->prog);
	u->prog.on = ix->progress > 0 ||
	    (ix->progress < 0 && isatty(STDERR_FILENO));
	u->prog.start = now_seconds();
	u->prog.delay = ix->progress_delay;
}

static void
progress_show(struct update *u, size_t done, int last)
{
	struct progress *p = &u->prog;
	double t, rate;

	if (!p->on)
		return;
	t = now_seconds();
	if (last) {
		if (p->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if (t - p->start < p->delay || (p->shown && t - p->last < 0.1))
		return;
	rate = (double)done / (t - p->start > 0 ? t - p->start : 1e-9);
	fprintf(stderr, "\rstratus: indexing %zu/%zu files (%.0f files/s)"
	    "\033[K", done, u->nwork, rate);
	fflush(stderr);
	p->shown = 1;
	p->last = t;
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
	sqlite3_stmt *s = stmt(ix, S_FPROB_FIND);
	long id = 0;
	char *m = clean(msg, 0);

	bind_text(s, 1, path);
	bind_text(s, 2, m);
	if (row(ix, s, "reading problems") == 1)
		id = (long)sqlite3_column_int64(s, 0);
	stmt_done(s);
	if (!id) {
		s = stmt(ix, S_PROB_INSERT);
		bind_text(s, 2, path);
		bind_int(s, 3, PROB_FILE);
		bind_int(s, 4, 0);
		bind_text(s, 5, m);
		if (run(ix, s, "writing problems") == 0)
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
	struct fentry *e = fmap_find(&u->map, f->path);
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
static char *
name_key(const char *s)
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

/* Append key to the newline-separated list keys unless it is there. */
static void
keys_append(struct buf *keys, char *key)
{
	const char *p = buf_str(keys), *hit;
	size_t n = strlen(key);

	for (hit = strstr(p, key); hit; hit = strstr(hit + 1, key))
		if ((hit == p || hit[-1] == '\n') &&
		    (hit[n] == '\n' || hit[n] == '\0')) {
			free(key);
			return;
		}
	if (keys->len)
		buf_addc(keys, '\n');
	buf_adds(keys, key);
	free(key);
}

/* The keys of every name of a note: path (with and without its
 * language suffix), slug, title and aliases (newline-separated). */
static char *
note_keys(const char *path, const char *slug, const char *title,
    const char *aliases)
{
	struct buf keys = BUF_INIT;
	char *stem = path_stem(path), *a, *p, *nl;

	keys_append(&keys, name_key(path));
	keys_append(&keys, name_key(stem));
	keys_append(&keys, name_key(slug));
	keys_append(&keys, name_key(title));
	a = xstrdup(aliases);
	for (p = a; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p)
			keys_append(&keys, name_key(p));
	}
	free(a);
	free(stem);
	return buf_take(&keys);
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
	sqlite3_stmt *s = stmt(ix, S_NAMES_OF);

	bind_int(s, 1, id);
	while (row(ix, s, "reading note names") == 1)
		names_add(u, col_str(s, 0));
	stmt_done(s);
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
		if ((s = stmt(ix, S_NAMES_SET)) == NULL)
			return;
		bind_int(s, 1, id);
		sqlite3_bind_text(s, 2, p, (int)(nl - p), SQLITE_TRANSIENT);
		run(ix, s, "writing note names");
	}
}

/* Remove every row of document id but docs itself. */
static void
doc_clear_rows(struct index *ix, long id)
{
	static const enum stmt_id order[] = {
		S_FTS_DELETE, S_TRI_DELETE, S_BODY_DELETE, S_TAGS_DELETE,
		S_ANCHORS_DELETE, S_LINKS_DELETE, S_PROBS_DELETE,
		S_NAMES_DELETE,
	};
	sqlite3_stmt *s;
	size_t i;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		s = stmt(ix, order[i]);
		bind_int(s, 1, id);
		if (run(ix, s, "removing a note") < 0)
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
	s = stmt(ix, S_LINKS_UNDST);
	bind_int(s, 1, id);
	run(ix, s, "removing a note");
	s = stmt(ix, S_DOC_DELETE);
	bind_int(s, 1, id);
	run(ix, s, "removing a note");
	u->keys_changed = 1;
	u->st->removed++;
}

/*
 * Read at most INDEX_MAX_NOTE bytes of a regular file. Returns 0 (*big
 * set when there was more), or -1 with *why.
 */
static int
read_note(const char *path, char **data, size_t *len, int *big, char **why)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	char chunk[65536];
	ssize_t n;
	size_t want;
	int fd;

	*big = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fail(why, "cannot read it (%s)", strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fail(why, "not a regular file");
	}
	for (;;) {
		want = sizeof chunk;
		if (b.len + want > INDEX_MAX_NOTE)
			want = INDEX_MAX_NOTE - b.len;
		if (want == 0) {
			/* one more byte tells whether there is more */
			n = read(fd, chunk, 1);
			if (n > 0)
				*big = 1;
			break;
		}
		n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(why, "cannot read it (%s)", strerror(errno));
			close(fd);
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

/* Line starts of data, for link contexts. */
struct lines {
	size_t *off;
	size_t n;
};

static void
lines_index(struct lines *l, const char *data, size_t len)
{
	size_t cap = 0, i;

	l->off = NULL;
	l->n = 0;
	l->off = xgrow(l->off, &cap, 1, sizeof *l->off);
	l->off[l->n++] = 0;
	for (i = 0; i < len; i++) {
		if (data[i] != '\n')
			continue;
		l->off = xgrow(l->off, &cap, l->n + 1, sizeof *l->off);
		l->off[l->n++] = i + 1;
	}
}

/* Move p back to the start of a UTF-8 character (not before lo). */
static size_t
char_start(const char *data, size_t p, size_t lo)
{
	while (p > lo && ((unsigned char)data[p] & 0xc0) == 0x80)
		p--;
	return p;
}

/*
 * The source line of a link (1-based), trimmed and cleaned. A line longer
 * than CONTEXT_MAX bytes (a paragraph written on one line) is cut to a
 * window around the link, found by its target, with "..." where cut.
 */
static char *
line_context(const struct lines *l, const char *data, size_t len, int line,
    const char *target)
{
	struct buf b = BUF_INIT;
	size_t a, z, at, w;
	const char *hit;
	char *copy;

	if (line < 1 || (size_t)line > l->n)
		return xstrdup("");
	a = l->off[line - 1];
	z = (size_t)line < l->n ? l->off[line] : len;
	while (z > a && (data[z - 1] == '\n' || data[z - 1] == '\r' ||
	    data[z - 1] == ' ' || data[z - 1] == '\t'))
		z--;
	while (a < z && (data[a] == ' ' || data[a] == '\t'))
		a++;
	if (z - a <= CONTEXT_MAX) {
		clean_into(&b, data + a, z - a, 0);
		return buf_take(&b);
	}
	copy = xstrndup(data + a, z - a);
	hit = *target ? strstr(copy, target) : NULL;
	at = hit ? (size_t)(hit - copy) + a : a;
	free(copy);
	w = CONTEXT_MAX / 3;
	at = at > a + w ? at - w : a;
	/* start on a word */
	if (at > a) {
		size_t s = at;

		while (s < z && s < at + 16 && data[s] != ' ')
			s++;
		if (s < z && data[s] == ' ')
			at = s + 1;
	}
	at = char_start(data, at, a);
	w = z - at > CONTEXT_MAX ? char_start(data, at + CONTEXT_MAX, at) :
	    z;
	if (at > a)
		buf_adds(&b, "\xe2\x80\xa6");
	clean_into(&b, data + at, w - at, 0);
	if (w < z)
		buf_adds(&b, "\xe2\x80\xa6");
	return buf_take(&b);
}

/* A warning about a line of the frontmatter, or about the block. */
static int
is_frontmatter_warning(const struct note *n, const char *w, int line)
{
	if (line > 0 && line < n->body_line)
		return 1;
	if (n->fm && n->fm->error && strstr(w, n->fm->error))
		return 1;
	return strstr(w, "frontmatter") != NULL;
}

/* Split "line N: message" into N and message. */
static const char *
warning_line(const char *w, int *line)
{
	long v = 0;
	const char *p;

	*line = 0;
	if (strncmp(w, "line ", 5) != 0)
		return w;
	for (p = w + 5; *p >= '0' && *p <= '9' && v < 100000000; p++)
		v = v * 10 + (*p - '0');
	if (p == w + 5 || p[0] != ':')
		return w;
	*line = (int)v;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

static void
note_problem(struct update *u, long id, const char *path, int kind,
    int line, const char *msg)
{
	sqlite3_stmt *s = stmt(u->ix, S_PROB_INSERT);
	char *m = clean(msg, 0);

	bind_int(s, 1, id);
	bind_text(s, 2, path);
	bind_int(s, 3, kind);
	bind_int(s, 4, line);
	bind_text(s, 5, m);
	run(u->ix, s, "writing problems");
	free(m);
}

/* Write the rows of a parsed note (its docs row exists as id). */
static void
note_write(struct update *u, long id, const struct note *n,
    const char *data, size_t len, int big)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;
	struct buf subs = BUF_INIT;
	struct lines lines = { NULL, 0 };
	char *title, *aliases, *tags, *summary, *body, *ctx, *lc;
	const char *first = NULL, *msg;
	size_t i, nwarn = 0;
	int line;

	title = clean(n->title, 0);
	aliases = join(n->aliases, n->naliases, "\n");
	tags = join(n->tags, n->ntags, " ");
	summary = clean(n->summary, 0);
	body = clean(n->text, 1);
	buf_printf(&subs, "%s\n%s\n%s\n", title, aliases, tags);
	for (i = 0; i < n->nheadings; i++) {
		clean_into(&subs, n->headings[i].text,
		    strlen(n->headings[i].text), 0);
		buf_addc(&subs, '\n');
	}
	query_cjk_runs(body, &subs);

	s = stmt(ix, S_BODY_INSERT);
	bind_int(s, 1, id);
	bind_text(s, 2, title);
	bind_text(s, 3, aliases);
	bind_text(s, 4, tags);
	bind_text(s, 5, summary);
	bind_text(s, 6, buf_str(&subs));
	bind_text(s, 7, body);
	run(ix, s, "writing a note");
	s = stmt(ix, S_FTS_INSERT);
	bind_int(s, 1, id);
	bind_text(s, 2, title);
	bind_text(s, 3, aliases);
	bind_text(s, 4, tags);
	bind_text(s, 5, summary);
	bind_text(s, 7, body);
	run(ix, s, "writing the full-text index");
	s = stmt(ix, S_TRI_INSERT);
	bind_int(s, 1, id);
	bind_text(s, 6, buf_str(&subs));
	run(ix, s, "writing the trigram index");
	free(title);
	free(aliases);
	free(tags);
	free(summary);
	free(body);
	buf_free(&subs);

	for (i = 0; i < n->ntags; i++) {
		s = stmt(ix, S_TAG_INSERT);
		lc = clean(n->tags[i], 0);
		bind_int(s, 1, id);
		bind_text(s, 2, lc);
		run(ix, s, "writing tags");
		free(lc);
	}
	for (i = 0; i < n->nheadings + n->nblocks; i++) {
		char *a = i < n->nheadings ? xstrdup(n->headings[i].anchor) :
		    xasprintf("^%s", n->blocks[i - n->nheadings]);

		s = stmt(ix, S_ANCHOR_INSERT);
		bind_int(s, 1, id);
		bind_text(s, 2, a);
		run(ix, s, "writing headings");
		free(a);
	}

	if (n->nlinks > 0)
		lines_index(&lines, data, len);
	for (i = 0; i < n->nlinks && !ix->err; i++) {
		const struct link *k = &n->links[i];
		char *target = clean(k->target, 0);
		char *anchor = k->anchor ? clean(k->anchor, 0) : NULL;
		char *label = k->label ? clean(k->label, 0) : NULL;

		char *tkey = name_key(target);

		ctx = line_context(&lines, data, len, k->line, target);
		s = stmt(ix, S_LINK_INSERT);
		bind_int(s, 1, id);
		bind_int(s, 2, k->kind);
		bind_text(s, 3, target);
		bind_text(s, 4, anchor);
		bind_text(s, 5, label);
		bind_int(s, 6, k->line);
		bind_text(s, 7, ctx);
		bind_text(s, 8, tkey);
		run(ix, s, "writing links");
		free(tkey);
		free(ctx);
		free(target);
		free(anchor);
		free(label);
	}
	free(lines.off);

	/* Problems: collected, stored, and one line printed per file. */
	if (big) {
		msg = "larger than 4 MiB: only the first 4 MiB are indexed";
		note_problem(u, id, n->path, PROB_FILE, 0, msg);
		first = msg;
		nwarn++;
	}
	for (i = 0; i < n->nwarnings; i++) {
		msg = warning_line(n->warnings[i], &line);
		note_problem(u, id, n->path, is_frontmatter_warning(n,
		    n->warnings[i], line) ? PROB_FRONTMATTER : PROB_FILE,
		    line, msg);
		if (!first)
			first = n->warnings[i];
		nwarn++;
	}
	if (first) {
		ctx = clean(first, 0);
		if (nwarn > 1)
			warnmsg("%s: %s (and %zu more: see stratus check)",
			    n->path, ctx, nwarn - 1);
		else
			warnmsg("%s: %s", n->path, ctx);
		free(ctx);
		u->st->warnings++;
	}
}

/* Bind the docs columns ?2..?14 of a parsed note. */
static void
bind_doc(sqlite3_stmt *s, const struct work *w, uint64_t hash,
    const struct note *n, char **own)
{
	const char *created = n->fm ? fm_scalar(n->fm, "created") : NULL;
	const char *updated = n->fm ? fm_scalar(n->fm, "updated") : NULL;

	own[0] = clean(n->title, 0);
	own[1] = clean(n->summary, 0);
	own[2] = lower_ascii(n->type);
	own[3] = lower_ascii(n->status);
	own[4] = clean(created, 0);
	own[5] = clean(updated, 0);
	own[6] = join(n->aliases, n->naliases, "\n");
	own[7] = clean(n->slug, 0);
	own[8] = lower_ascii(n->lang);
	bind_text(s, 2, w->path);
	bind_int(s, 3, w->size);
	bind_int(s, 4, w->mtime);
	bind_int(s, 5, (int64_t)hash);
	bind_text(s, 6, own[7]);
	bind_text(s, 7, own[8]);
	bind_text(s, 8, own[0]);
	bind_text(s, 9, own[1]);
	bind_text(s, 10, own[2]);
	bind_text(s, 11, own[3]);
	bind_text(s, 12, own[4]);
	bind_text(s, 13, own[5]);
	bind_text(s, 14, own[6]);
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

/* Read, and when its content changed parse and write, one file. */
static void
process(struct update *u, const struct work *w)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;
	struct note *n;
	char *abspath, *data = NULL, *why = NULL, *own[9], *al, *keys;
	size_t len = 0, i;
	uint64_t hash;
	int big, same_keys = 0;
	long id = w->id;

	abspath = path_join(ix->vault, w->path);
	if (read_note(abspath, &data, &len, &big, &why) < 0) {
		file_problem(u, w->path, why);
		free(why);
		free(abspath);
		return;
	}
	free(abspath);
	hash = hash64(data, len) ^ (uint64_t)big;
	n = NULL;
	if (id) {
		s = stmt(ix, S_DOC_OLD);
		bind_int(s, 1, id);
		if (row(ix, s, "reading a note") == 1) {
			if ((uint64_t)sqlite3_column_int64(s, 0) == hash) {
				stmt_done(s);
				s = stmt(ix, S_DOC_TOUCH);
				bind_int(s, 1, id);
				bind_int(s, 2, w->size);
				bind_int(s, 3, w->mtime);
				run(ix, s, "writing a note");
				u->st->unchanged++;
				u->st->reread++;
				free(data);
				return;
			}
			n = note_parse(w->path, data, len, ix->default_lang);
			al = join(n->aliases, n->naliases, "\n");
			same_keys = strcmp(col_str(s, 1), w->path) == 0 &&
			    strcmp(col_str(s, 2), n->slug) == 0 &&
			    str_casecmp(col_str(s, 3), n->lang) == 0 &&
			    strcmp(col_str(s, 4), n->title) == 0 &&
			    strcmp(col_str(s, 5), al) == 0;
			free(al);
		}
		stmt_done(s);
		if (ix->err) {
			note_free(n);
			free(data);
			return;
		}
	}
	if (!n)
		n = note_parse(w->path, data, len, ix->default_lang);
	if (id) {
		if (!same_keys) {
			names_add_doc(u, id);	/* the old names */
			u->keys_changed = 1;
		}
		doc_clear_rows(ix, id);
		s = stmt(ix, S_DOC_UPDATE);
		bind_int(s, 1, id);
		bind_doc(s, w, hash, n, own);
		run(ix, s, "writing a note");
		u->st->changed++;
	} else {
		s = stmt(ix, S_DOC_INSERT);
		bind_doc(s, w, hash, n, own);
		if (run(ix, s, "writing a note") == 0)
			id = (long)sqlite3_last_insert_rowid(ix->db);
		u->st->added++;
		u->keys_changed = 1;
	}
	keys = note_keys(w->path, own[7], own[0], own[6]);
	if (!same_keys)
		names_add_keys(u, keys);	/* the new names */
	if (id)
		names_write(ix, id, keys);
	free(keys);
	for (i = 0; i < 9; i++)
		free(own[i]);
	if (id && !ix->err) {
		note_write(u, id, n, data, len, big);
		mark_changed(u, id);
	}
	note_free(n);
	free(data);
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
 * (see name_key()): for links by those keys it answers as a resolver over
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
		s = stmt(ix, S_DOC_IDS);
		while ((rc = row(ix, s, "reading note names")) == 1) {
			ids = xgrow(ids, &cap, nids + 1, sizeof *ids);
			ids[nids++] = (long)sqlite3_column_int64(s, 0);
		}
		stmt_done(s);
	} else {
		/* a search of names_key per key, not a scan of names */
		for (i = 0; i < want->cap && rc >= 0; i++) {
			if (!want->e[i].path)
				continue;
			s = stmt(ix, S_NAMES_KEY);
			bind_text(s, 1, want->e[i].path);
			while ((rc = row(ix, s, "reading note names")) == 1) {
				ids = xgrow(ids, &cap, nids + 1, sizeof *ids);
				ids[nids++] = (long)sqlite3_column_int64(s, 0);
			}
			stmt_done(s);
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
		s = stmt(ix, S_KEYS_OF);
		bind_int(s, 1, ids[i]);
		if (row(ix, s, "reading note names") == 1) {
			aliases = col_dup(s, 5);
			nv = split_lines(aliases, v, 64);
			resolver_add(r, (long)sqlite3_column_int64(s, 0),
			    col_str(s, 1), col_str(s, 2), col_str(s, 3),
			    col_str(s, 4), v, nv);
			free(aliases);
		}
		stmt_done(s);
	}
	free(ids);
	if (ix->err) {
		resolver_free(r);
		return NULL;
	}
	return r;
}

/* A resolver for the one name (a NOTE argument, a links: value). */
static struct resolver *
resolver_for_name(struct index *ix, const char *name, const char *also)
{
	struct fmap want = { NULL, 0, 0 };
	struct resolver *r;
	char *k = name_key(name);

	fmap_add(&want, k, 0, 0, 0);
	free(k);
	if (also) {
		k = name_key(also);
		fmap_add(&want, k, 0, 0, 0);
		free(k);
	}
	r = resolver_for(ix, &want);
	fmap_free(&want);
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
 * ambiguous, source id, path, lang, key) into l; their keys into want.
 * Returns the rows read, or -1.
 */
static long
lrows_read(struct index *ix, sqlite3_stmt *s, struct lrows *l,
    struct fmap *want)
{
	struct lrow *k;
	long n = 0;
	int rc;

	while ((rc = row(ix, s, "reading links")) == 1) {
		l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
		k = &l->v[l->n++];
		k->id = (long)sqlite3_column_int64(s, 0);
		k->target = col_dup(s, 1);
		k->dst = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 :
		    (long)sqlite3_column_int64(s, 2);
		k->how = sqlite3_column_int(s, 3);
		k->ambiguous = sqlite3_column_int(s, 4) != 0;
		k->src = (long)sqlite3_column_int64(s, 5);
		k->path = col_dup(s, 6);
		k->lang = col_dup(s, 7);
		k->key = col_dup(s, 8);
		if (!fmap_find(want, k->key))
			fmap_add(want, k->key, 0, 0, 0);
		n++;
	}
	stmt_done(s);
	return rc < 0 ? -1 : n;
}

static int
lrow_cmp(const void *a, const void *b)
{
	const struct lrow *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Resolve the links of l with r and write those whose answer changed, in
 * the order of the table. 0 or -1. */
static int
lrows_resolve(struct index *ix, struct resolver *r, struct lrows *l)
{
	struct resolution res;
	struct lrow *k;
	sqlite3_stmt *w;
	size_t i;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, lrow_cmp);
	for (i = 0; i < l->n && !ix->err; i++) {
		k = &l->v[i];
		if (i > 0 && k->id == l->v[i - 1].id)
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
		w = stmt(ix, S_LINK_SET);
		bind_int(w, 1, k->id);
		if (res.id >= 0)
			bind_int(w, 2, res.id);
		bind_int(w, 3, (int)res.how);
		bind_int(w, 4, res.ambiguous != 0);
		run(ix, w, "resolving links");
	}
	return ix->err ? -1 : 0;
}

/*
 * Every link, a chunk at a time. Up to RESOLVER_ALL documents, one
 * resolver of them all serves every chunk; beyond (its memory grows with
 * the vault), each chunk gets a resolver of the documents its keys name.
 */
static int
relink_all(struct index *ix)
{
	struct fmap want = { NULL, 0, 0 };
	struct lrows l = { NULL, 0, 0 };
	struct resolver *all = NULL, *r;
	sqlite3_stmt *s;
	long last = 0, n, ndocs = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT count(*) FROM docs", -1, &s,
	    NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		ndocs = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (ndocs <= RESOLVER_ALL && (all = resolver_for(ix, NULL)) == NULL)
		return -1;
	do {
		s = stmt(ix, S_LINKS_CHUNK);
		bind_int(s, 1, last);
		bind_int(s, 2, LINK_EXTERNAL);
		bind_int(s, 3, RESOLVE_CHUNK);
		n = lrows_read(ix, s, &l, &want);
		if (n > 0) {
			last = l.v[l.n - 1].id;
			r = all ? all : resolver_for(ix, &want);
			if (!r || lrows_resolve(ix, r, &l) < 0)
				n = -1;
			if (r != all)
				resolver_free(r);
		}
		lrows_clear(&l);
		fmap_free(&want);
	} while (n == RESOLVE_CHUNK);
	resolver_free(all);
	return n < 0 ? -1 : 0;
}

/*
 * Resolve the links that may have changed: every link after a rebuild or
 * when many names changed; else the links of the documents written and
 * the links by a name that came or went.
 */
static int
resolve_links(struct update *u)
{
	struct index *ix = u->ix;
	struct fmap want = { NULL, 0, 0 };
	struct lrows l = { NULL, 0, 0 };
	struct resolver *r = NULL;
	sqlite3_stmt *s;
	size_t i;
	int rc = -1;

	if (!u->keys_changed && u->nchanged == 0)
		return 0;
	if (u->relink_all)
		return relink_all(ix);
	for (i = 0; i < u->nnames; i++) {
		s = stmt(ix, S_LINKS_NAMED);
		bind_text(s, 1, u->names[i]);
		bind_int(s, 2, LINK_EXTERNAL);
		if (lrows_read(ix, s, &l, &want) < 0)
			goto done;
		if (!fmap_find(&want, u->names[i]))
			fmap_add(&want, u->names[i], 0, 0, 0);
	}
	for (i = 0; i < u->nchanged; i++) {
		s = stmt(ix, S_LINKS_OF);
		bind_int(s, 1, u->changed[i]);
		bind_int(s, 2, LINK_EXTERNAL);
		if (lrows_read(ix, s, &l, &want) < 0)
			goto done;
	}
	if (l.n > 0 && (r = resolver_for(ix, &want)) != NULL)
		rc = lrows_resolve(ix, r, &l);
	else
		rc = l.n > 0 ? -1 : 0;
done:
	resolver_free(r);
	lrows_clear(&l);
	fmap_free(&want);
	return rc;
}

/* Forget the file problems this update did not meet again (no write
 * when there is nothing to forget: a no-op update writes nothing). */
static void
fprobs_sweep(struct update *u)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s = stmt(ix, S_FPROB_ALL);
	long *gone = NULL, id;
	size_t ngone = 0, cap = 0, i;

	while (row(ix, s, "reading problems") == 1) {
		id = (long)sqlite3_column_int64(s, 0);
		for (i = 0; i < u->nfprobs && u->fprobs[i] != id; i++)
			;
		if (i == u->nfprobs) {
			gone = xgrow(gone, &cap, ngone + 1, sizeof *gone);
			gone[ngone++] = id;
		}
	}
	stmt_done(s);
	for (i = 0; i < ngone && !ix->err; i++) {
		s = stmt(ix, S_FPROB_DELETE);
		bind_int(s, 1, gone[i]);
		run(ix, s, "writing problems");
	}
	free(gone);
}

static void
update_free(struct update *u)
{
	size_t i;

	fmap_free(&u->map);
	for (i = 0; i < u->nwork; i++)
		free(u->work[i].path);
	free(u->work);
	free(u->changed);
	free(u->fprobs);
	for (i = 0; i < u->nnames; i++)
		free(u->names[i]);
	free(u->names);
}

static int
load_files(struct update *u)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s = stmt(ix, S_FILES);
	int rc;

	while ((rc = row(ix, s, "reading the file list")) == 1)
		fmap_add(&u->map, col_str(s, 1),
		    (long)sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3));
	stmt_done(s);
	return rc;
}

static int
update_once(struct index *ix, int full, struct index_stats *st,
    char **cause)
{
	struct update u;
	size_t i;
	double t0 = now_seconds();

	memset(st, 0, sizeof *st);
	memset(&u, 0, sizeof u);
	u.ix = ix;
	u.st = st;
	u.full = full || ix->force_full;
	if (exec(ix, "BEGIN IMMEDIATE", "starting the update") < 0)
		return take_err(ix, cause);
	if (u.full) {
		exec(ix, "INSERT INTO fts(fts) VALUES('delete-all');"
		    "INSERT INTO tri(tri) VALUES('delete-all');"
		    "DELETE FROM body; DELETE FROM links; DELETE FROM tags;"
		    "DELETE FROM anchors;"
		    "DELETE FROM problems; DELETE FROM names;"
		    "DELETE FROM docs;", "clearing");
		u.keys_changed = 1;
		u.relink_all = 1;
	} else
		load_files(&u);
	if (ix->err)
		goto fail;
	progress_init(&u);
	if (vault_walk(ix->vault, walk_file, walk_warn, &u, cause) < 0)
		goto fail_cause;
	if (ix->err)
		goto fail;
	for (i = 0; i < u.map.cap; i++) {
		struct fentry *e = &u.map.e[i];

		if (e->path && !e->seen)
			doc_remove(&u, e->id);
		if (ix->err)
			goto fail;
	}
	fmap_free(&u.map);
	for (i = 0; i < u.nwork; i++) {
		process(&u, &u.work[i]);
		free(u.work[i].path);	/* memory stays flat */
		u.work[i].path = NULL;
		if (ix->err)
			goto fail;
		progress_show(&u, i + 1, 0);
	}
	progress_show(&u, u.nwork, 1);
	if (resolve_links(&u) < 0)
		goto fail;
	fprobs_sweep(&u);
	if (u.full && !ix->err) {
		meta_set(ix, "lang", ix->default_lang);
		ix->force_full = 0;
	}
	if (ix->err || exec(ix, "COMMIT", "committing the update") < 0)
		goto fail;
	update_free(&u);
	st->seconds = now_seconds() - t0;
	return 0;
fail:
	take_err(ix, cause);
fail_cause:
	progress_show(&u, u.nwork, 1);
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
	update_free(&u);
	return -1;
}

int
index_update(struct index *ix, int full, struct index_stats *st,
    char **cause)
{
	struct index_stats local;
	char *first = NULL;

	if (!st)
		st = &local;
	ix->corrupt = 0;
	if (update_once(ix, full, st, &first) == 0)
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
	db_close(ix);
	db_remove(ix->db_path);
	ix->corrupt = 0;
	if (db_open(ix, cause) < 0)
		return -1;
	return update_once(ix, 1, st, cause);
}

/* --- readers: documents -------------------------------------------- */

void
doc_clear(struct doc *d)
{
	size_t i;

	if (!d)
		return;
	free(d->path);
	free(d->slug);
	free(d->lang);
	free(d->title);
	free(d->summary);
	free(d->type);
	free(d->status);
	free(d->created);
	free(d->updated);
	for (i = 0; i < d->ntags; i++)
		free(d->tags[i]);
	free(d->tags);
	memset(d, 0, sizeof *d);
	d->id = -1;
}

static void
doc_empty(struct doc *d)
{
	memset(d, 0, sizeof *d);
	d->id = -1;
	d->path = xstrdup("");
	d->slug = xstrdup("");
	d->lang = xstrdup("");
	d->title = xstrdup("");
	d->summary = xstrdup("");
	d->type = xstrdup("");
	d->status = xstrdup("");
	d->created = xstrdup("");
	d->updated = xstrdup("");
}

static void
doc_tags(struct index *ix, struct doc *d)
{
	sqlite3_stmt *s = stmt(ix, S_DOC_TAGS);
	size_t cap = 0;

	bind_int(s, 1, d->id);
	while (row(ix, s, "reading tags") == 1) {
		d->tags = xgrow(d->tags, &cap, d->ntags + 1, sizeof *d->tags);
		d->tags[d->ntags++] = col_dup(s, 0);
	}
	stmt_done(s);
}

/* Fill d from the NDOC_COLS columns starting at col, and its tags. */
static void
doc_read(struct index *ix, sqlite3_stmt *s, int col, struct doc *d)
{
	memset(d, 0, sizeof *d);
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		doc_empty(d);
		return;
	}
	d->id = (long)sqlite3_column_int64(s, col);
	d->path = col_dup(s, col + 1);
	d->slug = col_dup(s, col + 2);
	d->lang = col_dup(s, col + 3);
	d->title = col_dup(s, col + 4);
	d->summary = col_dup(s, col + 5);
	d->type = col_dup(s, col + 6);
	d->status = col_dup(s, col + 7);
	d->created = col_dup(s, col + 8);
	d->updated = col_dup(s, col + 9);
	doc_tags(ix, d);
}

static int
doc_get(struct index *ix, long id, struct doc *d)
{
	sqlite3_stmt *s = stmt(ix, S_DOC_GET);
	int rc;

	bind_int(s, 1, id);
	rc = row(ix, s, "reading a note");
	if (rc == 1) {
		/* doc_read steps another statement: copy first */
		struct doc tmp;

		memset(&tmp, 0, sizeof tmp);
		tmp.id = (long)sqlite3_column_int64(s, 0);
		tmp.path = col_dup(s, 1);
		tmp.slug = col_dup(s, 2);
		tmp.lang = col_dup(s, 3);
		tmp.title = col_dup(s, 4);
		tmp.summary = col_dup(s, 5);
		tmp.type = col_dup(s, 6);
		tmp.status = col_dup(s, 7);
		tmp.created = col_dup(s, 8);
		tmp.updated = col_dup(s, 9);
		stmt_done(s);
		doc_tags(ix, &tmp);
		*d = tmp;
		return 0;
	}
	stmt_done(s);
	return -1;
}

void
docs_free(struct doc *d, size_t n)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < n; i++)
		doc_clear(&d[i]);
	free(d);
}

void
hits_free(struct hit *h, size_t n)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < n; i++) {
		doc_clear(&h[i].doc);
		free(h[i].snippet);
	}
	free(h);
}

/* --- search --------------------------------------------------------- */

struct sqlq {
	struct buf sql;
	const char *vals[80];
	char *own[80];
	int nvals;
};

/* Add a bound value; returns its parameter number (from 3). */
static int
sqlq_val(struct sqlq *q, const char *v, char *owned)
{
	if (q->nvals >= (int)(sizeof q->vals / sizeof q->vals[0])) {
		free(owned);
		return 0;
	}
	q->vals[q->nvals] = owned ? owned : v;
	q->own[q->nvals] = owned;
	return 3 + q->nvals++;
}

static void
sqlq_free(struct sqlq *q)
{
	int i;

	for (i = 0; i < q->nvals; i++)
		free(q->own[i]);
	buf_free(&q->sql);
}

/* The slug a links:/from: value names: a slug, else a note found like a
 * wikilink, else the value itself (which then matches nothing). */
static char *
name_to_slug(struct index *ix, const char *name)
{
	sqlite3_stmt *s = stmt(ix, S_SLUG_EXISTS);
	struct resolver *r;
	struct resolution res;
	struct doc d;
	char *slug = NULL;

	bind_text(s, 1, name);
	if (row(ix, s, "finding a note") == 1)
		slug = xstrdup(name);
	stmt_done(s);
	if (slug)
		return slug;
	r = resolver_for_name(ix, name, NULL);
	if (r) {
		res = resolver_resolve(r, "", name, ix->default_lang);
		resolver_free(r);
		if (res.id >= 0 && doc_get(ix, res.id, &d) == 0) {
			slug = xstrdup(d.slug);
			doc_clear(&d);
			return slug;
		}
	}
	return xstrdup(name);
}

static int
has_like_wildcard(const char *s)
{
	return strchr(s, '%') || strchr(s, '_') || strchr(s, '\\');
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Substrings that must all occur (the fallback of a word search). */
struct query_sub {
	char *const *subs;
	size_t n;
};

/* SQL conditions for the filters, each starting with " AND ". */
static void
filters_sql(struct index *ix, const struct query *q,
    const struct query_sub *extra, struct sqlq *sq)
{
	static const char *const cols[] = {
		[QF_TYPE] = "d.type", [QF_STATUS] = "d.status",
		[QF_LANG] = "d.lang",
	};
	struct buf *b = &sq->sql;
	const struct qfilter *f;
	size_t i, j;
	int p, any;
	enum qf_kind k;

	/* type:, status:, lang:: alternatives within a kind */
	for (k = QF_TYPE; k <= QF_LANG; k++) {
		any = 0;
		for (i = 0; i < q->nfilters; i++) {
			f = &q->filters[i];
			if (f->kind != k || f->neg)
				continue;
			p = sqlq_val(sq, f->value, NULL);
			if (!p)
				continue;
			buf_printf(b, "%s%s = ?%d", any ? " OR " : " AND (",
			    cols[k], p);
			any = 1;
		}
		if (any)
			buf_adds(b, ")");
	}
	for (i = 0; i < q->nfilters; i++) {
		f = &q->filters[i];
		if (f->kind == QF_TYPE || f->kind == QF_STATUS ||
		    f->kind == QF_LANG) {
			if (!f->neg || !(p = sqlq_val(sq, f->value, NULL)))
				continue;
			buf_printf(b, " AND %s != ?%d", cols[f->kind], p);
			continue;
		}
		if (f->kind == QF_LINKS || f->kind == QF_FROM)
			p = sqlq_val(sq, NULL, name_to_slug(ix, f->value));
		else if (f->kind == QF_SUBSTR && utf8_chars(f->value) >= 3 &&
		    !has_like_wildcard(f->value))
			p = sqlq_val(sq, NULL, xasprintf("%%%s%%", f->value));
		else
			p = sqlq_val(sq, f->value, NULL);
		if (!p)
			continue;
		buf_printf(b, " AND d.id %sIN (", f->neg ? "NOT " : "");
		switch (f->kind) {
		case QF_TAG:
			if (f->prefix)
				buf_printf(b, "SELECT doc FROM tags WHERE "
				    "tag >= ?%d AND tag < ?%d || char(1114111)",
				    p, p);
			else
				buf_printf(b, "SELECT doc FROM tags WHERE "
				    "tag = ?%d OR (tag > ?%d || '/' AND "
				    "tag < ?%d || '0')", p, p, p);
			break;
		case QF_LINKS:
			buf_printf(b, "SELECT l.src FROM docs t JOIN links l "
			    "ON l.dst = t.id WHERE t.slug = ?%d", p);
			break;
		case QF_FROM:
			buf_printf(b, "SELECT t.id FROM docs s JOIN links l "
			    "ON l.src = s.id JOIN docs u ON u.id = l.dst "
			    "JOIN docs t ON t.slug = u.slug "
			    "WHERE s.slug = ?%d", p);
			break;
		case QF_SUBSTR:
			if (utf8_chars(f->value) >= 3 &&
			    !has_like_wildcard(f->value))
				buf_printf(b, "SELECT rowid FROM tri WHERE "
				    "subs LIKE ?%d", p);
			else
				buf_printf(b, "SELECT id FROM body WHERE "
				    "instr(subs, ?%d) > 0", p);
			break;
		default:
			break;
		}
		buf_adds(b, ")");
	}
	for (j = 0; extra && j < extra->n; j++) {
		const char *v = extra->subs[j];

		if (!has_like_wildcard(v)) {
			p = sqlq_val(sq, NULL, xasprintf("%%%s%%", v));
			if (p)
				buf_printf(b, " AND d.id IN (SELECT rowid "
				    "FROM tri WHERE subs LIKE ?%d)", p);
		} else if ((p = sqlq_val(sq, v, NULL)) != 0)
			buf_printf(b, " AND d.id IN (SELECT id FROM body "
			    "WHERE instr(subs, ?%d) > 0)", p);
	}
	if (q->exclude && (p = sqlq_val(sq, q->exclude, NULL)))
		buf_printf(b, " AND d.id NOT IN (SELECT rowid FROM fts "
		    "WHERE fts MATCH ?%d)", p);
}

/* Flatten a snippet to one line. */
static void
snippet_flatten(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r')
			*s = ' ';
}

/* How a search statement orders what it finds. */
enum order {
	ORDER_RANK,	/* MATCH, by bm25 */
	ORDER_INDEX,	/* MATCH, unranked (index order: cheap) */
	ORDER_RECENT,	/* no MATCH: the hub, then the latest updated */
};

/* Results gathered over several statements. */
struct hits {
	struct hit *v;
	size_t n, cap;
};

/*
 * One search statement, its hits appended to hs (at most limit). match
 * is the FTS5 expression (ORDER_RANK, ORDER_INDEX); documents already in
 * hs are left out.
 */
static int
search_run(struct index *ix, const struct query *q, const char *match,
    const struct query_sub *extra, enum order order, int limit,
    struct hits *hs)
{
	struct sqlq sq;
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	memset(&sq, 0, sizeof sq);
	if (order != ORDER_RECENT)
		buf_adds(&sq.sql, "SELECT " DOC_COLS ", fts.rank, "
		    "snippet(fts, 4, char(2), char(3), '\xe2\x80\xa6', 16) "
		    "FROM fts CROSS JOIN docs d ON d.id = fts.rowid "
		    "WHERE fts MATCH ?1");
	else
		buf_adds(&sq.sql, "SELECT " DOC_COLS ", 0.0, NULL "
		    "FROM docs d WHERE ?1 IS NULL");
	filters_sql(ix, q, extra, &sq);
	if (hs->n > 0) {
		buf_adds(&sq.sql, " AND d.id NOT IN (");
		for (i = 0; i < hs->n; i++)
			buf_printf(&sq.sql, "%s%ld", i ? "," : "",
			    hs->v[i].doc.id);
		buf_adds(&sq.sql, ")");
	}
	if (order == ORDER_RANK)
		buf_adds(&sq.sql, " ORDER BY fts.rank");
	else if (order == ORDER_RECENT)
		buf_adds(&sq.sql, " ORDER BY d.slug = '" HUB_SLUG "' DESC, "
		    "CASE WHEN d.updated != '' THEN d.updated ELSE "
		    "strftime('%Y-%m-%d', d.mtime / 1000000000, 'unixepoch') "
		    "END DESC, d.mtime DESC, d.path");
	buf_adds(&sq.sql, " LIMIT ?2");
	if (ix->err)
		goto done;
	if (sqlite3_prepare_v2(ix->db, buf_str(&sq.sql), -1, &s, NULL) !=
	    SQLITE_OK) {
		sql_fail(ix, "preparing a search");
		goto done;
	}
	if (order != ORDER_RECENT)
		bind_text(s, 1, match);
	bind_int(s, 2, limit);
	for (i = 0; i < (size_t)sq.nvals; i++)
		bind_text(s, 3 + (int)i, sq.vals[i]);
	while ((rc = row(ix, s, "searching")) == 1) {
		struct hit *x;

		hs->v = xgrow(hs->v, &hs->cap, hs->n + 1, sizeof *hs->v);
		x = &hs->v[hs->n++];
		doc_read(ix, s, 0, &x->doc);
		x->score = order == ORDER_RANK ?
		    sqlite3_column_double(s, NDOC_COLS) : 0.0;
		if (sqlite3_column_type(s, NDOC_COLS + 1) != SQLITE_NULL &&
		    (strchr(col_str(s, NDOC_COLS + 1), SNIP_OPEN) ||
		    !*x->doc.summary))
			x->snippet = col_dup(s, NDOC_COLS + 1);
		else
			x->snippet = xstrdup(x->doc.summary);
		snippet_flatten(x->snippet);
	}
done:
	sqlite3_finalize(s);
	sqlq_free(&sq);
	return ix->err ? -1 : 0;
}

/* How many documents an FTS5 expression matches (filters aside). */
static long
match_count(struct index *ix, const char *match)
{
	sqlite3_stmt *s = stmt(ix, S_MATCH_COUNT);
	long n = -1;

	bind_text(s, 1, match);
	if (row(ix, s, "searching") == 1)
		n = (long)sqlite3_column_int64(s, 0);
	stmt_done(s);
	return n;
}

/*
 * A word query. bm25 costs a few microseconds for every document that
 * matches, so a query matching more than RANK_ALL documents ranks only
 * those that match it in their title or aliases (few, and the best), and
 * the rest follow unranked, in index order.
 */
static int
search_words(struct index *ix, const struct query *q, int limit,
    struct hits *hs)
{
	char *m;
	long total;
	int rc;

	total = match_count(ix, q->match);
	if (total < 0)
		return -1;
	if (total <= RANK_ALL)
		return search_run(ix, q, q->match, NULL, ORDER_RANK, limit, hs);
	/* without a NOT, matching in the title implies matching at all */
	if (q->negated)
		m = xasprintf("{title aliases} : (%s) AND (%s)", q->match,
		    q->match);
	else
		m = xasprintf("{title aliases} : (%s)", q->match);
	rc = search_run(ix, q, m, NULL, ORDER_RANK, limit, hs);
	free(m);
	if (rc == 0 && hs->n < (size_t)limit)
		rc = search_run(ix, q, q->match, NULL, ORDER_INDEX,
		    limit - (int)hs->n, hs);
	return rc;
}

int
index_searchn(struct index *ix, const char *text, size_t len, int limit,
    struct hit **out, size_t *n, char **cause)
{
	struct query *q = query_parse(text, len, 1);
	struct query_sub subs;
	struct hits hs = { NULL, 0, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if (limit <= 0)
		limit = SEARCH_LIMIT;
	if (limit > SEARCH_LIMIT_MAX)
		limit = SEARCH_LIMIT_MAX;
	if (q->match) {
		rc = search_words(ix, q, limit, &hs);
		if (rc == 0 && hs.n == 0 && q->nsubs > 0) {
			subs.subs = q->subs;
			subs.n = q->nsubs;
			rc = search_run(ix, q, NULL, &subs, ORDER_RECENT, limit,
			    &hs);
		}
	} else
		rc = search_run(ix, q, NULL, NULL, ORDER_RECENT, limit, &hs);
	query_free(q);
	if (rc < 0) {
		hits_free(hs.v, hs.n);
		return take_err(ix, cause);
	}
	*out = hs.v;
	*n = hs.n;
	return 0;
}

int
index_search(struct index *ix, const char *query, int limit,
    struct hit **out, size_t *n, char **cause)
{
	return index_searchn(ix, query ? query : "", query ? strlen(query) :
	    0, limit, out, n, cause);
}

/* --- find ------------------------------------------------------------ */

#define LEV_MAX 64

/* Edit distance of a and b (ASCII-lowercased, cut at LEV_MAX bytes). */
static int
levenshtein(const char *a, const char *b)
{
	int row0[LEV_MAX + 1], row1[LEV_MAX + 1], *prev = row0, *cur = row1;
	int *t, i, j, la, lb, cost, v;

	la = (int)strnlen(a, LEV_MAX);
	lb = (int)strnlen(b, LEV_MAX);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;
			v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			cur[j] = v;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

struct suggestion {
	double score;
	char *slug, *title;
};

/* Edit distance of name and c, relative to the longer of the two. */
static double
distance(const char *name, const char *c, size_t n)
{
	size_t lname = strlen(name), m = lname > n ? lname : n;
	char *cut;
	int d;

	if (m == 0)
		return 1.0;
	cut = xstrndup(c, n);
	d = levenshtein(name, cut);
	free(cut);
	if (m > LEV_MAX)
		m = LEV_MAX;
	return (double)d / (double)m;
}

/*
 * How far name is from a note: the least relative edit distance to its
 * title, slug, aliases and the words of its title; 0 when one of these
 * contains name.
 */
static double
note_distance(const char *lname, const char *slug, const char *title,
    const char *aliases)
{
	char *lt = str_lower(title), *la = str_lower(aliases), *p, *w;
	double best = distance(lname, slug, strlen(slug)), d;
	size_t n;

	if (*lname && (strstr(lt, lname) || strstr(slug, lname) ||
	    strstr(la, lname)))
		best = 0.0;
	if ((d = distance(lname, lt, strlen(lt))) < best)
		best = d;
	for (p = la; *p; p += n + (p[n] != '\0')) {
		n = strcspn(p, "\n");
		if ((d = distance(lname, p, n)) < best)
			best = d;
	}
	for (p = lt; *p; p += n) {
		n = strspn(p, " -_/");
		p += n;
		n = strcspn(p, " -_/");
		w = p;
		if (n >= 3 && (d = distance(lname, w, n)) < best)
			best = d;
	}
	free(lt);
	free(la);
	return best;
}

/* "; closest: "A" (a), "B" (b), "C" (c)": the notes nearest to name. */
static void
suggest(struct index *ix, const char *name, struct buf *out)
{
	struct suggestion best[SUGGEST_MAX];
	sqlite3_stmt *s = stmt(ix, S_TITLES);
	char *lname = str_lower(name), *last = NULL;
	size_t nbest = 0, i, j;
	double score;

	bind_text(s, 1, ix->default_lang);
	while (row(ix, s, "reading titles") == 1) {
		const char *slug = col_str(s, 0), *title = col_str(s, 1);

		if (last && strcmp(last, slug) == 0)
			continue;	/* a translation: one per note */
		free(last);
		last = xstrdup(slug);
		score = note_distance(lname, slug, title, col_str(s, 2));
		for (i = 0; i < nbest; i++)
			if (score < best[i].score)
				break;
		if (i >= SUGGEST_MAX)
			continue;
		if (nbest == SUGGEST_MAX) {
			free(best[nbest - 1].slug);
			free(best[nbest - 1].title);
			nbest--;
		}
		for (j = nbest; j > i; j--)
			best[j] = best[j - 1];
		best[i].score = score;
		best[i].slug = xstrdup(slug);
		best[i].title = xstrdup(title);
		nbest++;
	}
	stmt_done(s);
	free(last);
	free(lname);
	if (nbest == 0) {
		buf_adds(out, " (the vault has no notes)");
		return;
	}
	buf_adds(out, "; closest: ");
	for (i = 0; i < nbest; i++) {
		buf_printf(out, "%s\"%s\" (%s)", i ? ", " : "", best[i].title,
		    best[i].slug);
		free(best[i].slug);
		free(best[i].title);
	}
}

/* A file system path inside the vault, as a vault-relative path. */
static char *
vault_relative(struct index *ix, const char *name)
{
	char *real = path_real(name), *rel = NULL;
	size_t n = strlen(ix->vault);

	if (real && strncmp(real, ix->vault, n) == 0 && real[n] == '/')
		rel = xstrdup(real + n + 1);
	free(real);
	return rel;
}

int
index_find(struct index *ix, const char *name, const char *prefer_lang,
    struct doc *d, char **cause)
{
	struct resolver *r;
	struct resolution res;
	struct buf msg = BUF_INIT;
	char *rel, *shown;
	const char *lang = prefer_lang && *prefer_lang ? prefer_lang :
	    ix->default_lang;

	doc_empty(d);
	rel = vault_relative(ix, name);
	r = resolver_for_name(ix, name, rel);
	if (!r) {
		free(rel);
		return take_err(ix, cause);
	}
	res = resolver_resolve(r, "", name, lang);
	if (res.id < 0 && rel)
		res = resolver_resolve(r, "", rel, lang);
	resolver_free(r);
	free(rel);
	if (res.id >= 0) {
		doc_clear(d);
		if (doc_get(ix, res.id, d) == 0)
			return 0;
		doc_empty(d);
		if (ix->err)
			return take_err(ix, cause);
	}
	shown = clean(name, 0);
	buf_printf(&msg, "no note \"%s\" (by path, slug, alias or title)",
	    shown);
	free(shown);
	suggest(ix, name, &msg);
	fail(cause, "%s", buf_str(&msg));
	buf_free(&msg);
	free(ix->err);
	ix->err = NULL;
	return -1;
}

static int
docs_collect(struct index *ix, sqlite3_stmt *s, struct doc **out, size_t *n)
{
	struct doc *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = row(ix, s, "reading notes")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		doc_read(ix, s, 0, &v[(*n)++]);
	}
	stmt_done(s);
	*out = v;
	if (rc < 0) {
		docs_free(v, *n);
		*out = NULL;
		*n = 0;
		free(ix->err);
		ix->err = NULL;
		return -1;
	}
	return 0;
}

int
index_translations(struct index *ix, const char *slug, struct doc **out,
    size_t *n)
{
	sqlite3_stmt *s = stmt(ix, S_TRANSLATIONS);

	bind_text(s, 1, slug);
	bind_text(s, 2, ix->default_lang);
	return docs_collect(ix, s, out, n);
}

/* --- links ------------------------------------------------------------ */

void
linkrows_free(struct linkrow *l, size_t n)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < n; i++) {
		doc_clear(&l[i].other);
		free(l[i].target);
		free(l[i].anchor);
		free(l[i].context);
	}
	free(l);
}

static int
links_collect(struct index *ix, sqlite3_stmt *s, struct linkrow **out,
    size_t *n)
{
	struct linkrow *v = NULL, *k;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = row(ix, s, "reading links")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		k = &v[(*n)++];
		k->kind = (enum link_kind)sqlite3_column_int(s, 0);
		k->target = col_dup(s, 1);
		k->anchor = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL :
		    col_dup(s, 2);
		k->line = sqlite3_column_int(s, 3);
		k->context = col_dup(s, 4);
		k->resolved = sqlite3_column_int(s, 5);
		k->ambiguous = sqlite3_column_int(s, 6);
		doc_read(ix, s, 7, &k->other);
	}
	stmt_done(s);
	*out = v;
	if (rc < 0) {
		linkrows_free(v, *n);
		*out = NULL;
		*n = 0;
		free(ix->err);
		ix->err = NULL;
		return -1;
	}
	return 0;
}

int
index_links(struct index *ix, long doc_id, struct linkrow **out, size_t *n)
{
	sqlite3_stmt *s = stmt(ix, S_LINKS_OUT);

	bind_int(s, 1, doc_id);
	return links_collect(ix, s, out, n);
}

int
index_backlinks(struct index *ix, const char *slug, struct linkrow **out,
    size_t *n)
{
	sqlite3_stmt *s = stmt(ix, S_BACKLINKS);

	bind_text(s, 1, slug);
	return links_collect(ix, s, out, n);
}

/* --- tags --------------------------------------------------------------- */

int
index_tags(struct index *ix, struct tagcount **out, size_t *n)
{
	sqlite3_stmt *s = stmt(ix, S_TAG_COUNTS);
	struct tagcount *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = row(ix, s, "reading tags")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[*n].tag = col_dup(s, 0);
		v[*n].count = (long)sqlite3_column_int64(s, 1);
		(*n)++;
	}
	stmt_done(s);
	*out = v;
	if (rc < 0) {
		tagcounts_free(v, *n);
		*out = NULL;
		*n = 0;
		free(ix->err);
		ix->err = NULL;
		return -1;
	}
	return 0;
}

void
tagcounts_free(struct tagcount *t, size_t n)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < n; i++)
		free(t[i].tag);
	free(t);
}

/* --- check ----------------------------------------------------------- */

void
problems_free(struct problem *p, size_t n)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < n; i++) {
		free(p[i].path);
		free(p[i].message);
	}
	free(p);
}

struct problems {
	struct problem *v;
	size_t n, cap;
};

static void
problem_add(struct problems *ps, enum problem_kind kind, const char *path,
    int line, char *message)
{
	struct problem *p;

	ps->v = xgrow(ps->v, &ps->cap, ps->n + 1, sizeof *ps->v);
	p = &ps->v[ps->n++];
	p->kind = kind;
	p->path = xstrdup(path);
	p->line = line;
	p->message = message;
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static const char *
link_written(enum link_kind kind, const char *target, struct buf *b)
{
	buf_reset(b);
	switch (kind) {
	case LINK_WIKI:
		buf_printf(b, "[[%s]]", target);
		break;
	case LINK_EMBED:
		buf_printf(b, "![[%s]]", target);
		break;
	case LINK_MARKDOWN:
		buf_printf(b, "(%s)", target);
		break;
	case LINK_CONCEPT:
		buf_printf(b, "concepts: %s", target);
		break;
	default:
		buf_adds(b, target);
		break;
	}
	return buf_str(b);
}

static const char check_broken_sql[] =
	"SELECT s.path, l.line, l.kind, l.target FROM links l"
	" JOIN docs s ON s.id = l.src WHERE l.dst IS NULL AND l.kind != ?1";
static const char check_ambiguous_sql[] =
	"SELECT s.path, l.line, l.kind, l.target, t.path FROM links l"
	" JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	" WHERE l.ambiguous != 0";
static const char check_orphans_sql[] =
	"WITH e(a, b) AS (SELECT s.slug, t.slug FROM links l"
	"  JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	"  WHERE s.slug != t.slug),"
	" c(slug) AS (SELECT a FROM e UNION SELECT b FROM e)"
	" SELECT min(path) FROM docs WHERE slug NOT IN (SELECT slug FROM c)"
	" GROUP BY slug";
/* Links to a heading or block, with the slug of the note they reach
 * (their own for [[#Heading]]). */
static const char check_anchors_sql[] =
	"SELECT s.path, l.line, l.kind, l.target, l.anchor,"
	" coalesce(t.slug, s.slug) FROM links l"
	" JOIN docs s ON s.id = l.src LEFT JOIN docs t ON t.id = l.dst"
	" WHERE l.anchor IS NOT NULL AND l.anchor != '' AND l.kind != ?1"
	" AND (l.dst IS NOT NULL OR l.target = '')";
static const char check_problems_sql[] =
	"SELECT path, line, kind, message FROM problems";

int
index_check(struct index *ix, struct problem **out, size_t *n)
{
	struct problems ps = { NULL, 0, 0 };
	struct buf w = BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, check_broken_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		goto fail;
	bind_int(s, 1, LINK_EXTERNAL);
	while ((rc = row(ix, s, "checking links")) == 1)
		problem_add(&ps, PROB_BROKEN, col_str(s, 0),
		    sqlite3_column_int(s, 1), xasprintf("link %s leads "
		    "nowhere: no note has that path, slug, alias or title; "
		    "write the note or fix the link", link_written(
		    (enum link_kind)sqlite3_column_int(s, 2), col_str(s, 3),
		    &w)));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_ambiguous_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = row(ix, s, "checking links")) == 1)
		problem_add(&ps, PROB_AMBIGUOUS, col_str(s, 0),
		    sqlite3_column_int(s, 1), xasprintf("link %s matches "
		    "several notes and goes to %s; write a path to choose",
		    link_written((enum link_kind)sqlite3_column_int(s, 2),
		    col_str(s, 3), &w), col_str(s, 4)));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_anchors_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	bind_int(s, 1, LINK_EXTERNAL);
	while ((rc = row(ix, s, "checking headings")) == 1) {
		const char *anchor = col_str(s, 4);
		char *want = anchor[0] == '^' ? xstrdup(anchor) :
		    heading_anchor(anchor);
		sqlite3_stmt *e = stmt(ix, S_ANCHOR_EXISTS);
		int found;

		bind_text(e, 1, col_str(s, 5));
		bind_text(e, 2, want);
		found = sqlite3_step(e) == SQLITE_ROW;
		sqlite3_reset(e);
		if (!found)
			problem_add(&ps, PROB_BROKEN, col_str(s, 0),
			    sqlite3_column_int(s, 1), xasprintf("link %s "
			    "reaches its note, but it has no %s \"%s\"; fix "
			    "the link or write the %s",
			    link_written((enum link_kind)sqlite3_column_int(s,
			    2), col_str(s, 3), &w), anchor[0] == '^' ?
			    "block" : "heading", anchor, anchor[0] == '^' ?
			    "block" : "heading"));
		free(want);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_orphans_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = row(ix, s, "checking orphans")) == 1)
		problem_add(&ps, PROB_ORPHAN, col_str(s, 0), 1,
		    xstrdup("no link to or from another note; "
		    "link it from a related note"));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_problems_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = row(ix, s, "reading problems")) == 1)
		problem_add(&ps, (enum problem_kind)sqlite3_column_int(s, 2),
		    col_str(s, 0), sqlite3_column_int(s, 1), col_dup(s, 3));
	if (rc < 0)
		goto fail;
	sqlite3_finalize(s);
	buf_free(&w);
	if (ps.n > 1)
		qsort(ps.v, ps.n, sizeof *ps.v, problem_cmp);
	*out = ps.v;
	*n = ps.n;
	return 0;
fail:
	if (!ix->err)
		sql_fail(ix, "checking");
	sqlite3_finalize(s);
	buf_free(&w);
	problems_free(ps.v, ps.n);
	free(ix->err);
	ix->err = NULL;
	return -1;
}

/* --- graph ----------------------------------------------------------- */

void
graph_clear(struct graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].slug);
		free(g->nodes[i].title);
		free(g->nodes[i].type);
	}
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof *g);
}

struct gbuild {
	struct graph *g;
	struct fmap map;	/* slug -> node index (as id) */
	size_t capn, cape;
};

static size_t
gnode_add(struct gbuild *b, const char *slug, const char *title,
    const char *type, int depth)
{
	struct graph_node *nd;

	b->g->nodes = xgrow(b->g->nodes, &b->capn, b->g->nnodes + 1,
	    sizeof *b->g->nodes);
	nd = &b->g->nodes[b->g->nnodes];
	nd->slug = xstrdup(slug);
	nd->title = xstrdup(title);
	nd->type = xstrdup(type);
	nd->depth = depth;
	fmap_add(&b->map, slug, (long)b->g->nnodes, 0, 0);
	return b->g->nnodes++;
}

static void
gedge_add(struct gbuild *b, size_t from, size_t to, int count)
{
	struct graph_edge *e;

	b->g->edges = xgrow(b->g->edges, &b->cape, b->g->nedges + 1,
	    sizeof *b->g->edges);
	e = &b->g->edges[b->g->nedges++];
	e->from = from;
	e->to = to;
	e->count = count;
}

static void
graph_orphans(struct graph *g)
{
	unsigned char *deg = xcalloc(g->nnodes ? g->nnodes : 1, 1);
	size_t i;

	for (i = 0; i < g->nedges; i++) {
		deg[g->edges[i].from] = 1;
		deg[g->edges[i].to] = 1;
	}
	g->orphans = 0;
	for (i = 0; i < g->nnodes; i++)
		if (!deg[i])
			g->orphans++;
	free(deg);
}

static const char graph_nodes_sql[] =
	"SELECT slug, title, type FROM docs"
	" ORDER BY slug, lang = ?1 DESC, path";
static const char graph_edges_sql[] =
	"SELECT s.slug, t.slug, count(*) FROM links l"
	" JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	" WHERE s.slug != t.slug GROUP BY s.slug, t.slug";
static const char graph_unresolved_sql[] =
	"SELECT count(*) FROM links WHERE dst IS NULL AND kind != ?1";

static int
graph_whole(struct index *ix, struct gbuild *b)
{
	sqlite3_stmt *s = NULL;
	struct fentry *x, *y;
	char *last = NULL;
	int rc;

	if (sqlite3_prepare_v2(ix->db, graph_nodes_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return sql_fail(ix, "reading the graph");
	bind_text(s, 1, ix->default_lang);
	while ((rc = row(ix, s, "reading the graph")) == 1) {
		if (last && strcmp(last, col_str(s, 0)) == 0)
			continue;
		free(last);
		last = col_dup(s, 0);
		gnode_add(b, col_str(s, 0), col_str(s, 1), col_str(s, 2), 0);
	}
	free(last);
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, graph_edges_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = row(ix, s, "reading the graph")) == 1) {
		x = fmap_find(&b->map, col_str(s, 0));
		y = fmap_find(&b->map, col_str(s, 1));
		if (x && y)
			gedge_add(b, (size_t)x->id, (size_t)y->id,
			    sqlite3_column_int(s, 2));
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, graph_unresolved_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	bind_int(s, 1, LINK_EXTERNAL);
	if (row(ix, s, "reading the graph") == 1)
		b->g->unresolved = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return ix->err ? -1 : 0;
fail:
	if (!ix->err)
		sql_fail(ix, "reading the graph");
	sqlite3_finalize(s);
	return -1;
}

static int
graph_around(struct index *ix, struct gbuild *b, const char *centre,
    int depth)
{
	struct graph *g = b->g;
	sqlite3_stmt *s;
	struct fentry *y;
	size_t i;

	s = stmt(ix, S_NODE_INFO);
	bind_text(s, 1, centre);
	bind_text(s, 2, ix->default_lang);
	if (row(ix, s, "reading the graph") == 1)
		gnode_add(b, centre, col_str(s, 0), col_str(s, 1), 0);
	stmt_done(s);
	/* Breadth first: nodes are appended in depth order. */
	for (i = 0; i < g->nnodes && !ix->err; i++) {
		char *slug;
		int d = g->nodes[i].depth;

		if (d >= depth)
			continue;
		slug = xstrdup(g->nodes[i].slug);
		s = stmt(ix, S_NEIGHBOURS);
		bind_text(s, 1, slug);
		while (row(ix, s, "reading the graph") == 1) {
			if (fmap_find(&b->map, col_str(s, 0)))
				continue;
			gnode_add(b, col_str(s, 0), "", "", d + 1);
		}
		stmt_done(s);
		free(slug);
	}
	for (i = 0; i < g->nnodes && !ix->err; i++) {
		s = stmt(ix, S_NODE_INFO);
		bind_text(s, 1, g->nodes[i].slug);
		bind_text(s, 2, ix->default_lang);
		if (i > 0 && row(ix, s, "reading the graph") == 1) {
			free(g->nodes[i].title);
			free(g->nodes[i].type);
			g->nodes[i].title = col_dup(s, 0);
			g->nodes[i].type = col_dup(s, 1);
		}
		stmt_done(s);
		s = stmt(ix, S_EDGES_OF);
		bind_text(s, 1, g->nodes[i].slug);
		while (row(ix, s, "reading the graph") == 1)
			if ((y = fmap_find(&b->map, col_str(s, 0))) != NULL)
				gedge_add(b, i, (size_t)y->id,
				    sqlite3_column_int(s, 1));
		stmt_done(s);
		s = stmt(ix, S_UNRESOLVED_OF);
		bind_text(s, 1, g->nodes[i].slug);
		bind_int(s, 2, LINK_EXTERNAL);
		if (row(ix, s, "reading the graph") == 1)
			g->unresolved += (long)sqlite3_column_int64(s, 0);
		stmt_done(s);
	}
	return ix->err ? -1 : 0;
}

int
index_graph(struct index *ix, const char *slug, int depth, struct graph *g,
    char **cause)
{
	struct gbuild b;
	struct doc d;
	sqlite3_stmt *s;
	char *centre = NULL;
	int rc, found = 0;

	memset(g, 0, sizeof *g);
	memset(&b, 0, sizeof b);
	b.g = g;
	if (slug && *slug) {
		s = stmt(ix, S_SLUG_EXISTS);
		bind_text(s, 1, slug);
		found = row(ix, s, "reading the graph") == 1;
		stmt_done(s);
		if (found)
			centre = xstrdup(slug);
		else if (index_find(ix, slug, NULL, &d, cause) == 0) {
			centre = xstrdup(d.slug);
			doc_clear(&d);
		} else {
			doc_clear(&d);
			return -1;
		}
		if (depth < 0)
			depth = 1;
		if (depth > GRAPH_DEPTH_MAX)
			depth = GRAPH_DEPTH_MAX;
		rc = graph_around(ix, &b, centre, depth);
		free(centre);
	} else
		rc = graph_whole(ix, &b);
	fmap_free(&b.map);
	if (rc < 0) {
		graph_clear(g);
		return take_err(ix, cause);
	}
	graph_orphans(g);
	return 0;
}

/* --- additions for the explorer (src/tui) ------------------------------
 * Kept in one block by the explorer's engineer, the smallest additions:
 * every note's names for quick open, a tag's notes, and the counts of the
 * graph summary (cheap enough for 100k notes, unlike a whole graph).
 */

void
docnames_free(struct docname *d, size_t n)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < n; i++) {
		free(d[i].slug);
		free(d[i].lang);
		free(d[i].title);
		free(d[i].path);
		for (j = 0; j < d[i].naliases; j++)
			free(d[i].aliases[j]);
		free(d[i].aliases);
	}
	free(d);
}

int
index_names(struct index *ix, struct docname **out, size_t *n, char **cause)
{
	static const char sql[] = "SELECT id, slug, lang, title, path, aliases"
	    " FROM docs ORDER BY title COLLATE NOCASE, slug, lang";
	sqlite3_stmt *s = NULL;
	struct docname *v = NULL, *d;
	size_t cap = 0, acap;
	const char *al, *nl;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sql_fail(ix, "reading the note names");
		return take_err(ix, cause);
	}
	while ((rc = row(ix, s, "reading the note names")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		d = &v[(*n)++];
		memset(d, 0, sizeof *d);
		d->id = (long)sqlite3_column_int64(s, 0);
		d->slug = col_dup(s, 1);
		d->lang = col_dup(s, 2);
		d->title = col_dup(s, 3);
		d->path = col_dup(s, 4);
		acap = 0;
		for (al = col_str(s, 5); *al; al = *nl ? nl + 1 : nl) {
			nl = strchr(al, '\n');
			if (!nl)
				nl = al + strlen(al);
			if (nl == al)
				continue;
			d->aliases = xgrow(d->aliases, &acap, d->naliases + 1,
			    sizeof *d->aliases);
			d->aliases[d->naliases++] = xstrndup(al,
			    (size_t)(nl - al));
		}
	}
	sqlite3_finalize(s);
	if (rc < 0) {
		docnames_free(v, *n);
		*n = 0;
		return take_err(ix, cause);
	}
	*out = v;
	return 0;
}

int
index_tag_docs(struct index *ix, const char *tag, struct doc **out,
    size_t *n, char **cause)
{
	static const char sql[] = "SELECT " DOC_COLS " FROM docs d"
	    " JOIN tags t ON t.doc = d.id WHERE t.tag = ?1"
	    " ORDER BY d.slug, d.lang = ?2 DESC, d.path";
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK) {
		sql_fail(ix, "reading a tag's notes");
		return take_err(ix, cause);
	}
	bind_text(s, 1, tag);
	bind_text(s, 2, ix->default_lang);
	rc = docs_collect(ix, s, out, n);
	sqlite3_finalize(s);
	if (rc < 0)
		return fail(cause, "index %s: cannot read the notes tagged %s",
		    ix->db_path, tag);
	return 0;
}

int
index_graph_summary(struct index *ix, struct graph_summary *gs,
    char **cause)
{
	static const char *const sql[4] = {
		"SELECT count(DISTINCT slug) FROM docs",
		"SELECT count(*) FROM links WHERE dst IS NOT NULL",
		/* notes all of whose documents have no resolved link in or
		 * out: index probes only, 0.1 s at 100k notes */
		"SELECT count(*) FROM (SELECT d.slug FROM docs d"
		" WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.dst = d.id)"
		" AND NOT EXISTS (SELECT 1 FROM links l WHERE l.src = d.id"
		" AND l.dst IS NOT NULL) GROUP BY d.slug"
		" HAVING count(*) = (SELECT count(*) FROM docs x"
		" WHERE x.slug = d.slug))",
		"SELECT count(*) FROM links WHERE dst IS NULL AND kind != ?1",
	};
	long *dst[4];
	sqlite3_stmt *s;
	int i;

	memset(gs, 0, sizeof *gs);
	dst[0] = &gs->notes;
	dst[1] = &gs->links;
	dst[2] = &gs->orphans;
	dst[3] = &gs->unresolved;
	for (i = 0; i < 4; i++) {
		s = NULL;
		if (sqlite3_prepare_v2(ix->db, sql[i], -1, &s, NULL) !=
		    SQLITE_OK) {
			sql_fail(ix, "counting the graph");
			return take_err(ix, cause);
		}
		if (i == 3)
			bind_int(s, 1, LINK_EXTERNAL);
		if (row(ix, s, "counting the graph") == 1)
			*dst[i] = (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (ix->err)
			return take_err(ix, cause);
	}
	return 0;
}
int
index_empty(struct index *ix)
{
	sqlite3_stmt *s = NULL;
	int empty = 1;

	if (sqlite3_prepare_v2(ix->db, "SELECT EXISTS (SELECT 1 FROM docs)",
	    -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		empty = sqlite3_column_int(s, 0) == 0;
	sqlite3_finalize(s);
	return empty;
}
/* --- end of the explorer's additions ---------------------------------- */
