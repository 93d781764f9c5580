/*
 * index.c: the SQLite index of a vault (see index.h): the schema and the
 * prepared statements, the SQL and text helpers that the
 * other index-*.c files share (index-int.h), and opening (rebuilding a
 * database that is corrupt or of another schema) and closing it.
 *
 * Tables: docs (one row per file: metadata, small), bodyz (the indexed
 * text, the body compressed: index-body.c) under the view body, the
 * content of both full-text tables (title and summary come from docs),
 * fts (unicode61, prefix indexes, bm25 weighted by column), tri (trigram
 * over titles, aliases, tags, headings and the CJK words of the body),
 * tags, links (with the source line, whose text is read from the file
 * when shown, and the resolved document), names (the idx_name_key() of
 * each name of a document, indexed by key), problems and embeds (the
 * backend's vectors, written by a sync, not by an update).
 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/utf8.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#define SCHEMA_VERSION	16	/* bump on any change to schema_sql, or to
				 * the text stored: 6 folds names with the
				 * full Unicode table and decodes every
				 * HTML5 entity; 7 keeps tags' case; 9 note
				 * keys; 10 both; 11 embeds; 12 the body
				 * compressed, no link contexts, hashed
				 * link keys; 13 docs_recent; 14 auto_vacuum;
				 * 15 docs_type, docs_status, docs_lang;
				 * 16 titles */
/*
 * The indexes of links. A load into an empty index drops them, writes
 * every link, resolves them (in key order, through a sort of the table:
 * index-resolve.c), then builds them: sorting is faster than growing
 * three b-trees a row at a time (and the dst index is not rewritten as
 * each link is resolved), and the result is packed. The same is done
 * with the indexes of docs, tags and names (LOAD_INDEXES): 6 % of a full
 * index at 10k notes; at 100k what the load saves the build costs.
 */
#define LINKS_INDEXES \
	"CREATE INDEX IF NOT EXISTS links_tkey ON links(tkey);" \
	"CREATE INDEX IF NOT EXISTS links_src ON links(src);" \
	/* partial: links are written unresolved, then resolved */ \
	"CREATE INDEX IF NOT EXISTS links_dst ON links(dst)" \
	" WHERE dst IS NOT NULL;"
/* indexes that a load into an empty index never reads: built after it,
 * by sorting, rather than a row at a time (idx_load_indexes()) */
#define LOAD_INDEXES \
	"CREATE INDEX IF NOT EXISTS docs_note ON docs(note);" \
	/* a search without words lists the latest notes from it */ \
	"CREATE INDEX IF NOT EXISTS docs_recent ON docs(" RECENT_ORDER ");" \
	/* a search counts the notes of a type:, status: or lang: value, \
	 * and lists those of a rare one from here (index-filter.c) */ \
	"CREATE INDEX IF NOT EXISTS docs_type ON docs(type);" \
	"CREATE INDEX IF NOT EXISTS docs_status ON docs(status);" \
	"CREATE INDEX IF NOT EXISTS docs_lang ON docs(lang);" \
	"CREATE INDEX IF NOT EXISTS tags_doc ON tags(doc);" \
	/* covering (it holds id): the notes a link's key may name */ \
	"CREATE INDEX IF NOT EXISTS names_key ON names(key);"
#define STR(x)		STR_(x)
#define STR_(x)		#x

static const char schema_sql[] =
	/* set before the first table: free pages can then be given back
	 * without rewriting the file (release_free_pages(), index-update.c) */
	"PRAGMA auto_vacuum = INCREMENTAL;"
	/* WAL once the first update is done (idx_wal()): the load into
	 * a new file journals only the few pages it had, where a WAL writes
	 * every page twice (a fifth of a full index at 100k notes) */
	"PRAGMA journal_mode = DELETE;"
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
	" aliases TEXT NOT NULL,"	/* one per line */
	/* the note key: folder/slug (slug at the root); translations in
	 * one folder share it, same names in two folders do not */
	" note TEXT NOT NULL);"
	/* tag: folded, for matching; shown: as that document wrote it */
	"CREATE TABLE tags(tag TEXT NOT NULL, doc INTEGER NOT NULL,"
	" shown TEXT NOT NULL,"
	" PRIMARY KEY(tag, doc)) WITHOUT ROWID;"
	/* heading anchors and ^block ids, for links to them */
	"CREATE TABLE anchors(doc INTEGER NOT NULL, anchor TEXT NOT NULL,"
	" PRIMARY KEY(doc, anchor)) WITHOUT ROWID;"
	"CREATE TABLE links("
	" id INTEGER PRIMARY KEY,"
	" src INTEGER NOT NULL, kind INTEGER NOT NULL,"
	" target TEXT NOT NULL, anchor TEXT, label TEXT,"
	" line INTEGER NOT NULL,"
	" dst INTEGER, how INTEGER NOT NULL DEFAULT 0,"
	" ambiguous INTEGER NOT NULL DEFAULT 0,"
	" tkey INTEGER NOT NULL);"	/* idx_key_hash() of its key */
	LINKS_INDEXES
	/* idx_name_key() of every name of a document, one row each */
	"CREATE TABLE names(id INTEGER NOT NULL, key TEXT NOT NULL,"
	" PRIMARY KEY(id, key)) WITHOUT ROWID;"
	LOAD_INDEXES
	"CREATE TABLE problems("
	" id INTEGER PRIMARY KEY,"
	" doc INTEGER,"		/* NULL: a problem of the file */
	" path TEXT NOT NULL, kind INTEGER NOT NULL,"
	" line INTEGER NOT NULL, message TEXT NOT NULL);"
	"CREATE INDEX problems_doc ON problems(doc);"
	"CREATE INDEX problems_path ON problems(path);"
	/* heads: the headings and CJK words that end subs (title, aliases
	 * and tags start it); z: the body (index-body.c) */
	"CREATE TABLE bodyz(id INTEGER PRIMARY KEY, aliases TEXT NOT NULL,"
	" tags TEXT NOT NULL, heads TEXT NOT NULL, z);"
	"CREATE VIEW body(id, title, aliases, tags, summary, subs, body) AS"
	" SELECT b.id, d.title, b.aliases, b.tags, d.summary,"
	" d.title || char(10) || b.aliases || char(10) || b.tags || char(10)"
	" || b.heads, stratus_body(b.z) FROM bodyz b JOIN docs d"
	" ON d.id = b.id;"
	"CREATE VIRTUAL TABLE fts USING fts5(title, aliases, tags, summary,"
	" body, content='body', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2', prefix='" STR(FTS_PREFIX)
	"');"
	"INSERT INTO fts(fts, rank) VALUES('rank',"
	" 'bm25(10.0, 8.0, 6.0, 3.0, 1.0)');"
	/* fewer, larger segments: half the indexing time for 8 MB */
	"INSERT INTO fts(fts, rank) VALUES('hashsize', 8388608);"
	"INSERT INTO fts(fts, rank) VALUES('automerge', 8);"
	/* the names alone, for the title step of a common word's search
	 * (index-search.c): its titles found and ranked without reading
	 * the word's positions in every body (2 % of the index) */
	"CREATE VIRTUAL TABLE titles USING fts5(title, aliases, tags,"
	" content='body', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2', prefix='" STR(FTS_PREFIX)
	"');"
	"CREATE VIRTUAL TABLE tri USING fts5(subs, content='body',"
	" content_rowid='id', tokenize='trigram', detail=none);"
	"INSERT INTO tri(tri, rank) VALUES('hashsize', 4194304);"
	/* the backend's embeddings (EMBED items) pulled by a sync, by cloud
	 * slug: float32 vectors in machine order, generated_at as stamp */
	"CREATE TABLE embeds(slug TEXT PRIMARY KEY, generated TEXT NOT NULL,"
	" model TEXT NOT NULL, vec BLOB NOT NULL);"
	"PRAGMA user_version = " STR(SCHEMA_VERSION) ";"
	"COMMIT;";

/* A link going out and the note it resolves to (S_LINKS_OUT's rows). */
#define LINK_OUT_COLS "l.kind, l.target, l.anchor, l.line," \
	" (SELECT s.path FROM docs s WHERE s.id = l.src)," \
	" l.dst IS NOT NULL, l.ambiguous, " DOC_COLS

static const char *const stmt_sql[S__COUNT] = {
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
	/* max(id), computed once, bounds the count: the map is sized once */
	[S_FILES] = "SELECT id, path, size, mtime,"
	    " (SELECT max(id) FROM docs) FROM docs",
	/* the file ?1 or the files below the folder ?1 ('0' follows '/') */
	[S_FILES_UNDER] = "SELECT id, path, size, mtime FROM docs"
	    " WHERE path = ?1 OR (path > ?1 || '/' AND path < ?1 || '0')",
	[S_DOC_OLD] = "SELECT hash, path, slug, lang, title, aliases"
	    " FROM docs WHERE id = ?1",
	[S_DOC_TOUCH] = "UPDATE docs SET size = ?2, mtime = ?3 WHERE id = ?1",
	[S_DOC_INSERT] = "INSERT INTO docs(path, size, mtime, hash, slug,"
	    " lang, title, summary, type, status, created, updated, aliases,"
	    " note) VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15)",
	[S_DOC_UPDATE] = "UPDATE docs SET path = ?2, size = ?3, mtime = ?4,"
	    " hash = ?5, slug = ?6, lang = ?7, title = ?8, summary = ?9,"
	    " type = ?10, status = ?11, created = ?12, updated = ?13,"
	    " aliases = ?14, note = ?15 WHERE id = ?1",
	[S_DOC_DELETE] = "DELETE FROM docs WHERE id = ?1",
	[S_FTS_DELETE] = "INSERT INTO fts(fts, rowid, title, aliases, tags,"
	    " summary, body) SELECT 'delete', id, title, aliases, tags,"
	    " summary, body FROM body WHERE id = ?1",
	[S_TITLES_DELETE] = "INSERT INTO titles(titles, rowid, title,"
	    " aliases, tags) SELECT 'delete', id, title, aliases, tags"
	    " FROM body WHERE id = ?1",
	[S_TRI_DELETE] = "INSERT INTO tri(tri, rowid, subs)"
	    " SELECT 'delete', id, subs FROM body WHERE id = ?1",
	[S_BODY_DELETE] = "DELETE FROM bodyz WHERE id = ?1",
	[S_BODY_INSERT] = "INSERT INTO bodyz(id, aliases, tags, heads, z)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)",
	[S_FTS_INSERT] = "INSERT INTO fts(rowid, title, aliases, tags,"
	    " summary, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[S_TITLES_INSERT] = "INSERT INTO titles(rowid, title, aliases, tags)"
	    " VALUES(?1, ?2, ?3, ?4)",
	[S_TRI_INSERT] = "INSERT INTO tri(rowid, subs) VALUES(?1, ?2)",
	[S_TAGS_DELETE] = "DELETE FROM tags WHERE doc = ?1",
	[S_TAG_INSERT] = "INSERT OR IGNORE INTO tags(doc, tag, shown)"
	    " VALUES(?1, ?2, ?3)",
	[S_ANCHORS_DELETE] = "DELETE FROM anchors WHERE doc = ?1",
	[S_ANCHOR_INSERT] = "INSERT OR IGNORE INTO anchors(doc, anchor)"
	    " VALUES(?1, ?2)",
	/* in any language of the note: [[x#Mitigation]] from a Spanish
	 * note may resolve to x.es.md, whose heading is translated */
	[S_LINKS_DELETE] = "DELETE FROM links WHERE src = ?1",
	[S_LINK_INSERT] = "INSERT INTO links(src, kind, target, anchor, label,"
	    " line, tkey) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_LINKS_UNDST] = "UPDATE links SET dst = NULL, how = 0,"
	    " ambiguous = 0 WHERE dst = ?1",
	[S_PROBS_DELETE] = "DELETE FROM problems WHERE doc = ?1",
	[S_PROB_INSERT] = "INSERT INTO problems(doc, path, kind, line, message)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)",
	[S_FPROB_FIND] = "SELECT id FROM problems WHERE doc IS NULL"
	    " AND path = ?1 AND message = ?2",
	[S_FPROB_ALL] = "SELECT id, path FROM problems WHERE doc IS NULL",
	[S_FPROB_DELETE] = "DELETE FROM problems WHERE id = ?1",
	[S_KEYS_OF] = "SELECT id, path, slug, lang, title, aliases FROM docs"
	    " WHERE id = ?1",
	[S_DOC_IDS] = "SELECT id FROM docs ORDER BY id",
	[S_NAMES_KEY] = "SELECT id FROM names WHERE key = ?1",
	[S_NAMES_OF] = "SELECT key FROM names WHERE id = ?1",
	[S_NAMES_SET] = "INSERT OR IGNORE INTO names(id, key) VALUES(?1, ?2)",
	[S_NAMES_DELETE] = "DELETE FROM names WHERE id = ?1",
	[S_LINKS_CHUNK] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.id > ?1 AND l.kind < ?2 ORDER BY l.id LIMIT ?3",
	[S_LINKS_OF] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.src = ?1 AND l.kind < ?2 ORDER BY l.id",
	[S_LINKS_NAMED] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang FROM links l"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE l.tkey = ?1 AND l.kind < ?2 ORDER BY l.id",
	/* every link in the order of its key: a scan of links (docs in
	 * step with it) and a sort, not a walk of links_tkey
	 * (index-resolve.c) */
	[S_LINKS_KEYED] = "SELECT l.id, l.target, l.dst, l.how, l.ambiguous,"
	    " s.id, s.path, s.lang FROM links l"
	    " CROSS JOIN docs s ON s.id = l.src"
	    " WHERE l.kind < ?1 ORDER BY +l.tkey, l.id",
	[S_LINK_SET] =
 "UPDATE links SET dst = ?2, how = ?3, ambiguous = ?4"
	    " WHERE id = ?1",
	[S_DOC_GET] = "SELECT " DOC_COLS " FROM docs d WHERE d.id = ?1",
	/* A tag is shown as first seen: the oldest document's spelling. */
	[S_DOC_TAGS] = "SELECT (SELECT u.shown FROM tags u WHERE u.tag = t.tag"
	    " ORDER BY u.doc LIMIT 1) FROM tags t WHERE t.doc = ?1"
	    " ORDER BY t.tag",
	[S_TRANSLATIONS] = "SELECT " DOC_COLS " FROM docs d WHERE d.note = ?1"
	    " ORDER BY d.lang = ?2 DESC, d.lang, d.path",
	[S_TITLES] = "SELECT note, title, aliases FROM docs"
	    " ORDER BY note, lang = ?1 DESC, path",
	/* column 4: the source's path (its file has the link's context) */
	[S_LINKS_OUT] = "SELECT " LINK_OUT_COLS
	    " FROM links l LEFT JOIN docs d ON d.id = l.dst"
	    " WHERE l.src = ?1 ORDER BY l.line, l.id",
	/* the same, only the first link to each target (of kinds below
	 * ?2): what a renderer resolves a link by */
	[S_LINKS_FIRST] = "SELECT " LINK_OUT_COLS " FROM (SELECT *,"
	    " row_number() OVER (PARTITION BY target ORDER BY line, id) AS k"
	    " FROM links WHERE src = ?1 AND kind < ?2) l"
	    " LEFT JOIN docs d ON d.id = l.dst"
	    " WHERE l.k = 1 ORDER BY l.line, l.id",
	[S_BACKLINKS] = "SELECT l.kind, l.target, l.anchor, l.line, d.path,"
	    " 1, l.ambiguous, " DOC_COLS

	    " FROM docs t JOIN links l ON l.dst = t.id"
	    " JOIN docs d ON d.id = l.src"
	    " WHERE t.note = ?1 AND d.note != ?1"
	    " ORDER BY d.lang = ?2 DESC, d.path, l.line, l.id",
	/* The documents `search tag:X` finds: X's and those of tags nested
	 * under it (X/...), each translation a document of its own. */
	[S_TAG_COUNTS] = "SELECT t.tag, (SELECT count(DISTINCT u.doc)"
	    " FROM tags u WHERE u.tag = t.tag OR (u.tag > t.tag || '/' AND"
	    " u.tag < t.tag || '0')) AS n, (SELECT u.shown FROM tags u"
	    " WHERE u.tag = t.tag ORDER BY u.doc LIMIT 1)"
	    " FROM (SELECT DISTINCT tag FROM tags) t ORDER BY n DESC, t.tag",
	[S_SLUG_EXISTS] = "SELECT 1 FROM docs WHERE note = ?1 LIMIT 1",
	[S_NODE_INFO] = "SELECT title, type, slug FROM docs WHERE note = ?1"
	    " ORDER BY lang = ?2 DESC, path LIMIT 1",
	[S_NEIGHBOURS] = "SELECT t.note FROM docs s JOIN links l"
	    " ON l.src = s.id JOIN docs t ON t.id = l.dst"
	    " WHERE s.note = ?1 AND t.note != ?1"
	    " UNION SELECT s.note FROM docs t JOIN links l ON l.dst = t.id"
	    " JOIN docs s ON s.id = l.src"
	    " WHERE t.note = ?1 AND s.note != ?1",
	[S_EDGES_OF] = "SELECT t.note, count(*) FROM docs s JOIN links l"
	    " ON l.src = s.id JOIN docs t ON t.id = l.dst"
	    " WHERE s.note = ?1 AND t.note != ?1 GROUP BY t.note",
	[S_UNRESOLVED_OF] = "SELECT count(*) FROM docs s JOIN links l"
	    " ON l.src = s.id WHERE s.note = ?1 AND +l.dst IS NULL"
	    " AND l.kind < ?2",
	/* bounded: past RANK_ALL the count only says "many" */
	[S_MATCH_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM fts"
	    " WHERE fts MATCH ?1 LIMIT ?2)",
	[S_TITLES_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM titles"
	    " WHERE titles MATCH ?1 LIMIT ?2)",
	/* the notes a query names (index-search.c): a search of names_key */
	[S_NAMED_EXACT] = "SELECT id FROM names WHERE key = ?1 LIMIT ?2",
	[S_NAMED_PREFIX] = "SELECT id FROM names WHERE key > ?1"
	    " AND key < ?1 || char(1114111) ORDER BY key LIMIT ?2",
};

/* --- SQL helpers -------------------------------------------------- */

int
idx_sql_fail(struct index *ix, const char *what)
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

sqlite3_stmt *
idx_stmt(struct index *ix, enum stmt_id id)
{
	if (!ix->st[id] && sqlite3_prepare_v3(ix->db, stmt_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &ix->st[id], NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "preparing a statement");
		ix->st[id] = NULL;
	}
	return ix->st[id];
}

void
idx_stmt_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Step a statement that returns no rows, then reset it. 0 or -1. */
int
idx_run(struct index *ix, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		idx_sql_fail(ix, what);
		idx_stmt_done(s);
		return -1;
	}
	idx_stmt_done(s);
	return 0;
}

/* Step a statement that returns rows: 1 row, 0 done, -1 error. */
int
idx_row(struct index *ix, sqlite3_stmt *s, const char *what)
{
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	idx_sql_fail(ix, what);
	return -1;
}

/* (a pragma that cannot fail short of memory, which costs nothing here
 * but the cache's size: not said) */
void
idx_scan_begin(struct index *ix)
{
	sqlite3_exec(ix->db, "PRAGMA cache_size = -" STR(IDX_SCAN_CACHE_KB),
	    NULL, NULL, NULL);
}

void
idx_scan_end(struct index *ix)
{
	sqlite3_exec(ix->db, "PRAGMA cache_size = -" STR(IDX_CACHE_KB), NULL,
	    NULL, NULL);
}

int
idx_exec(struct index *ix, const char *sql, const char *what)
{
	if (sqlite3_exec(ix->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return idx_sql_fail(ix, what);
	return 0;
}

void
idx_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (!s)
		return;
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

void
idx_bind_int(sqlite3_stmt *s, int i, int64_t v)
{
	if (s)
		sqlite3_bind_int64(s, i, v);
}

char *
idx_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return xstrdup(t ? (const char *)t : "");
}

const char *
idx_col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

int
idx_links_indexes(struct index *ix, int build)
{
	return idx_exec(ix, build ? LINKS_INDEXES : "DROP INDEX links_src;"
	    " DROP INDEX links_tkey; DROP INDEX links_dst;", build ?
	    "indexing links" : "dropping the links' indexes");
}

int
idx_load_indexes(struct index *ix, int build)
{
	return idx_exec(ix, build ? LOAD_INDEXES : "DROP INDEX docs_note;"
	    " DROP INDEX docs_recent; DROP INDEX docs_type;"
	    " DROP INDEX docs_status; DROP INDEX docs_lang;"
	    " DROP INDEX tags_doc; DROP INDEX names_key;", build ?
	    "indexing notes" : "dropping the notes' indexes");
}

/* Hand the first recorded error to *cause and clear it. */

int
idx_take_err(struct index *ix, char **cause)
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
	sqlite3_stmt *s = idx_stmt(ix, S_META_GET);
	char *v = NULL;

	idx_bind_text(s, 1, key);
	if (idx_row(ix, s, "reading the index metadata") == 1 &&
	    sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = idx_col_dup(s, 0);
	idx_stmt_done(s);
	return v;
}

int
idx_meta_set(struct index *ix, const char *key, const char *value)
{
	sqlite3_stmt *s = idx_stmt(ix, S_META_SET);

	idx_bind_text(s, 1, key);
	idx_bind_text(s, 2, value);
	return idx_run(ix, s, "writing the index metadata");
}

/* --- text --------------------------------------------------------- */

/*
 * s (len bytes) as valid UTF-8 without control characters: invalid
 * sequences become U+FFFD, C0/C1 controls and DEL a space; multiline
 * keeps '\n' and '\t'. The snippet markers can then never appear.
 */
void
idx_clean_into(struct buf *b, const char *s, size_t len, int multiline)
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
		k = utf8_next((const char *)p, len, &c);
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

char *
idx_clean(const char *s, int multiline)
{
	struct buf b = BUF_INIT;

	idx_clean_into(&b, s ? s : "", s ? strlen(s) : 0, multiline);
	return buf_take(&b);
}

char *
idx_join(char *const *v, size_t n, const char *sep)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, sep);
		idx_clean_into(&b, v[i], strlen(v[i]), 0);
	}
	return buf_take(&b);
}

char *
idx_lower_ascii(const char *s)
{
	return str_lower(s ? s : "");
}

/* --- opening -------------------------------------------------------- */

void
idx_db_close(struct index *ix)
{
	size_t i;

	for (i = 0; i < S__COUNT; i++) {
		sqlite3_finalize(ix->st[i]);
		ix->st[i] = NULL;
	}
	sqlite3_close(ix->db);
	ix->db = NULL;
	idx_body_forget(ix);
}

/*
 * <db>.lock serialises opening: two commands on a new cache once raced to
 * create the schema ("table meta already exists", "database is locked").
 * The first to open takes an exclusive flock and creates, checks or
 * rebuilds the database under it; every open index then holds a shared
 * one. <db>.open exists while some stratus has the index open and is
 * removed by the last to close it, so finding it under the exclusive lock
 * means one was killed (or the machine stopped) with the index open.
 * Returns 1 when this open is exclusive. Without a lock file (a read-only
 * cache), 0: opening goes on unserialised, as it did before.
 */
static int
lock_take(struct index *ix)
{
	char *p = xasprintf("%s.lock", ix->db_path);

	ix->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(p);
	if (ix->lock_fd < 0)
		return 0;
	if (flock(ix->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	/* others have it open: wait for one that is opening it */
	while (flock(ix->lock_fd, LOCK_SH) < 0 && errno == EINTR)
		;
	return 0;
}

/* Once open: mark it open and let others in (shared). */
static void
lock_opened(struct index *ix, int exclusive)
{
	char *p;
	int fd;

	if (ix->lock_fd < 0)
		return;
	if (exclusive) {
		p = xasprintf("%s.open", ix->db_path);
		fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		free(p);
		flock(ix->lock_fd, LOCK_SH);
	}
	ix->marked = 1;
}

/* On close: the last one out removes <db>.open. */
static void
lock_release(struct index *ix)
{
	char *p;

	if (ix->lock_fd < 0)
		return;
	if (ix->marked && flock(ix->lock_fd, LOCK_EX | LOCK_NB) == 0) {
		p = xasprintf("%s.open", ix->db_path);
		unlink(p);
		free(p);
	}
	close(ix->lock_fd);
	ix->lock_fd = -1;
}

/*
 * PRAGMA quick_check when the index was not closed cleanly (<db>.open
 * left behind) or was last checked a day ago or more: random bytes in
 * the file can otherwise go unnoticed while searches answer from what is
 * left. Returns 0 when fine (the time of the check kept), 1 when the file
 * must be rebuilt (*why says why).
 */
static int
db_check(struct index *ix, char **why)
{
	char *p = xasprintf("%s.open", ix->db_path), *last, *now_s;
	int dirty = access(p, F_OK) == 0, rc;
	long long now = (long long)time(NULL), then;
	sqlite3_stmt *s = NULL;
	const char *res = NULL;

	free(p);
	last = meta_get_str(ix, "checked");
	then = last ? strtoll(last, NULL, 10) : 0;
	free(last);
	free(ix->err);
	ix->err = NULL;
	ix->corrupt = 0;
	if (!dirty && then > now - 86400 && then <= now)
		return 0;
	rc = sqlite3_prepare_v2(ix->db, "PRAGMA quick_check(1)", -1, &s,
	    NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		res = (const char *)sqlite3_column_text(s, 0);
	if (!res || strcmp(res, "ok") != 0) {
		*why = xasprintf("quick_check found it damaged (%s)", res ? res :
		    sqlite3_errmsg(ix->db));
		sqlite3_finalize(s);
		return 1;
	}
	sqlite3_finalize(s);
	now_s = xasprintf("%lld", now);
	idx_meta_set(ix, "checked", now_s);
	free(now_s);
	free(ix->err);
	ix->err = NULL;
	ix->corrupt = 0;
	return 0;
}

/*
 * SQLite's settings for the process, before its first connection: no
 * count of the memory it holds (nothing here reads it). The count takes a
 * global mutex at every allocation, and this build of SQLite has no
 * lookaside, so every small allocation is one: a fifth of a search's
 * time at 10k notes (p50 1.9 to 1.6 ms in process). Once the library is
 * initialised (another connection opened first) the call fails and the
 * count stays: slower, not wrong.
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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

	pthread_once(&sqlite_once, sqlite_setup);
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
		if (idx_exec(ix, schema_sql, "creating the schema") < 0) {
			sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
			if (ix->corrupt) {
				*why = xstrdup(ix->err);
				free(ix->err);
				ix->err = NULL;
				return 1;
			}
			return idx_take_err(ix, cause);
		}
		ix->rollback = 1;
		if (idx_meta_set(ix, "vault", ix->vault) < 0 ||
		    idx_meta_set(ix, "lang", ix->default_lang) < 0)
			return idx_take_err(ix, cause);
		return 0;
	}
	if (version != SCHEMA_VERSION) {
		*why = xasprintf("it has schema version %d, this stratus "
		    "uses %d", version, SCHEMA_VERSION);
		return 1;
	}
	ix->rollback = 1;
	if (idx_wal(ix) < 0) {
		if (ix->corrupt) {
			*why = xstrdup(ix->err);
			free(ix->err);
			ix->err = NULL;
			return 1;
		}
		return idx_take_err(ix, cause);
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

int
idx_wal(struct index *ix)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!ix->rollback)
		return 0;
	if (sqlite3_prepare_v2(ix->db, "PRAGMA journal_mode = WAL", -1, &s,
	    NULL) != SQLITE_OK)
		return idx_sql_fail(ix, "setting WAL mode");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		ix->rollback = sqlite3_stricmp((const char *)
		    sqlite3_column_text(s, 0), "wal") != 0;
	sqlite3_finalize(s);
	/* another stratus has the file (the first load, most likely):
	 * it stays as it is for now */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_ROW)
		return 0;
	return idx_sql_fail(ix, "setting WAL mode");
}

int
idx_db_open(struct index *ix, char **cause)
{
	char *why = NULL;
	int rc, exclusive = lock_take(ix);

	rc = db_try_open(ix, &why, cause);
	if (rc == 0 && exclusive)
		rc = db_check(ix, &why);
	if (rc == 1) {
		errmsg("index %s: %s; rebuilding it", ix->db_path, why);
		free(why);
		idx_db_close(ix);
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
		idx_exec(ix, "PRAGMA synchronous = NORMAL;"
		    "PRAGMA cache_size = -" STR(IDX_CACHE_KB) ";"
		    "PRAGMA journal_size_limit = 67108864;"
		    "PRAGMA foreign_keys = OFF", "setting pragmas");
		free(ix->err);
		ix->err = NULL;
		if (idx_snippet_register(ix->db, &ix->snip_left) < 0 ||
		    idx_related_register(ix->db) < 0 ||
		    idx_body_register(ix) < 0) {
			idx_db_close(ix);
			return fail(cause, "index %s: no FTS5 in this SQLite",
			    ix->db_path);
		}
		lock_opened(ix, exclusive);
	}
	return rc;
}

int
index_open(const struct index_opts *o, struct index **out, char **cause)
{
	struct index *ix;

	*out = NULL;
	if (!o->vault || o->vault[0] != '/')
		return fail(cause, "index: the vault path must be absolute");
	ix = xcalloc(1, sizeof *ix);
	ix->lock_fd = -1;
	ix->snip_first = ix->snip_left = -1;
	ix->vault = xstrdup(o->vault);
	ix->default_lang = xstrdup(o->default_lang && *o->default_lang ?
	    o->default_lang : "en");
	ix->progress = o->progress;
	ix->progress_delay = o->progress_delay > 0 ? o->progress_delay : 0.5;
	ix->db_path = o->db_path ? xstrdup(o->db_path) :
	    vault_cache_file(o->vault, "db", cause);
	if (!ix->db_path) {
		index_close(ix);
		return -1;
	}
	if (idx_db_open(ix, cause) < 0) {
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
	idx_db_close(ix);
	lock_release(ix);
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

const char *
index_path(const struct index *ix)
{
	return ix->db_path;
}

const char *
index_lang(const struct index *ix)
{
	return ix->default_lang;
}

int
index_schema(void)
{
	return SCHEMA_VERSION;
}

void
index_interrupt(struct index *ix)
{
	sqlite3_interrupt(ix->db);
}

void
index_progress(struct index *ix, int steps, int (*fn)(void *), void *arg)
{
	sqlite3_progress_handler(ix->db, fn ? steps : 0, fn, arg);
}

void
index_release_memory(struct index *ix)
{
	sqlite3_db_release_memory(ix->db);
	mem_give_back();
}
