/*
 * index-int.h: the private header of the index (index.h is its public
 * face), shared by the files it is split into, one section each:
 *
 *   index.c          schema, statements, SQL and text helpers, the file
 *                    map, opening and closing
 *   index-update.c   the incremental update (walk, compare, write, one
 *                    transaction)
 *   index-note.c     one note into the index: read the file, write its rows
 *   index-resolve.c  resolving links against the names of the notes
 *   index-read.c     readers: documents, find, translations, links, tags,
 *                    and the explorer's additions
 *   index-search.c   search
 *   index-snippet.c  the snippet of a hit (an FTS5 auxiliary function)
 *   index-check.c    check
 *   index-graph.c    graph
 *
 * Nothing outside src/core/index*.c includes this file.
 */
#ifndef STRATUS_INDEX_INT_H
#define STRATUS_INDEX_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/index.h"

struct resolver;

/**************************************************************************
 * Interface to code in index.c.
 */

/* The columns idx_doc_read() reads, from docs as d. */
#define DOC_COLS "d.id, d.path, d.slug, d.lang, d.title, d.summary, " \
	"d.type, d.status, d.created, d.updated, d.note"
#define NDOC_COLS 11

/* The order of a search without words (the hub note, then the latest
 * updated), in the terms of the index docs_recent, which answers it
 * without sorting every note: keep the two the same. */
#define HUB_SLUG	"start-here"
#define RECENT_ORDER "slug = '" HUB_SLUG "' DESC, CASE WHEN updated != '' " \
	"THEN updated ELSE strftime('%Y-%m-%d', mtime / 1000000000, " \
	"'unixepoch') END DESC, mtime DESC, path"

/* The prepared statements (their SQL is in index.c). */
enum stmt_id {
	S_META_GET,
	S_META_SET,
	S_FILES,
	S_FILES_UNDER,
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
	S_NAMED_EXACT,
	S_NAMED_PREFIX,
	S__COUNT
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
	int lock_fd;		/* <db>.lock, flocked shared once open; -1 */
	int marked;		/* this open made or kept <db>.open */
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

/* Record the first SQL error of an operation in ix->err (and whether it
 * says the file is damaged). Returns -1. */
int idx_sql_fail(struct index *ix, const char *what);
/* Statement id of ix, prepared on first use; NULL (error recorded) when
 * it cannot be prepared. */
sqlite3_stmt *idx_stmt(struct index *ix, enum stmt_id id);
/* Reset s and clear its bindings; s may be NULL. */
void idx_stmt_done(sqlite3_stmt *s);
/* Step a statement that returns no rows, then reset it. 0 or -1. */
int idx_run(struct index *ix, sqlite3_stmt *s, const char *what);
/* Step a statement that returns rows: 1 row, 0 done, -1 error. */
int idx_row(struct index *ix, sqlite3_stmt *s, const char *what);
/* Run sql (no rows). 0 or -1 (error recorded). */
int idx_exec(struct index *ix, const char *sql, const char *what);
/* Bind v (NULL: SQL NULL; not copied) or an integer; s may be NULL. */
void idx_bind_text(sqlite3_stmt *s, int i, const char *v);
void idx_bind_int(sqlite3_stmt *s, int i, int64_t v);
/* Column i as a string the caller frees, or borrowed until the next
 * step; "" for NULL. */
char *idx_col_dup(sqlite3_stmt *s, int i);
const char *idx_col_str(sqlite3_stmt *s, int i);
/* Hand the first recorded error to *cause and clear it. Returns -1. */
int idx_take_err(struct index *ix, char **cause);
/* Set a key of the meta table. 0 or -1. */
int idx_meta_set(struct index *ix, const char *key, const char *value);

/* Append s (len bytes) to b as valid UTF-8 without control characters
 * (multiline keeps '\n' and '\t'). */
void idx_clean_into(struct buf *b, const char *s, size_t len, int multiline);
/* The same, as a new string (s NULL: ""). */
char *idx_clean(const char *s, int multiline);
/* The n strings of v, cleaned, joined by sep (a new string). */
char *idx_join(char *const *v, size_t n, const char *sep);
/* s (NULL: "") in ASCII lower case (a new string). */
char *idx_lower_ascii(const char *s);

/* Add or replace path in m (the path is copied). */
void idx_fmap_add(struct fmap *m, const char *path, long id, int64_t size,
    int64_t mtime);
/* The entry of path in m, or NULL. */
struct fentry *idx_fmap_find(const struct fmap *m, const char *path);
/* Free the entries of m and empty it. */
void idx_fmap_free(struct fmap *m);

/* Delete the database file at path with its -wal and -shm files. */
void idx_db_remove(const char *path);
/* Finalize the statements and close ix->db. */
void idx_db_close(struct index *ix);
/* Open ix->db_path, rebuilding it once when it is damaged or of another
 * schema or vault. 0 or -1 with *cause. */
int idx_db_open(struct index *ix, char **cause);

/*
 * End of interface to code in index.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-update.c (index_update() is in index.h).
 */

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

/* The state of one update. */
struct update {
	struct index *ix;
	struct index_stats *st;
	struct fmap map;
	struct work *work;
	size_t nwork, capwork;
	long *changed;		/* documents whose links need resolving */
	size_t nchanged, capchanged;
	int keys_changed;	/* paths, slugs, titles or aliases changed */
	char **names;		/* idx_name_key() of the names added or gone */
	size_t nnames, capnames;	/* (their links are resolved again) */
	int relink_all;		/* too many names: resolve every link */
	int full;
	const char *const *scope;	/* only these vault paths (sorted,
					 * none inside another); NULL: all */
	size_t nscope;
	long *fprobs;		/* file problems still there (their ids) */
	size_t nfprobs, capfprobs;
	struct progress prog;
};

/*
 * End of interface to code in index-update.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-note.c.
 */

/* Read at most INDEX_MAX_NOTE bytes of a regular file into *data (the
 * caller's). Returns 0 (*big set when there was more), or -1 with *why. */
int idx_read_note(const char *path, char **data, size_t *len, int *big,
    char **why);
/* Write the rows of parsed note n (its docs row exists as id): body,
 * full-text, tags, anchors, links and problems; warn once per file. */
void idx_note_write(struct update *u, long id, const struct note *n,
    const char *data, size_t len, int big);

/*
 * End of interface to code in index-note.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-resolve.c.
 */

/* The key a link target or a note's name is matched by (a new string). */
char *idx_name_key(const char *s);
/* A resolver for the one name (and also, when not NULL), or NULL with
 * ix->err set; the caller frees it. */
struct resolver *idx_resolver_for_name(struct index *ix, const char *name,
    const char *also);
/* Resolve the links update u may have changed. 0 or -1. */
int idx_resolve_links(struct update *u);

/*
 * End of interface to code in index-resolve.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-read.c.
 */

/* Fill d from the NDOC_COLS columns of s starting at col, and its tags
 * (an empty document when the id is NULL). */
void idx_doc_read(struct index *ix, sqlite3_stmt *s, int col, struct doc *d);
/* Read document id into d. 0, or -1 when there is none. */
int idx_doc_get(struct index *ix, long id, struct doc *d);

/*
 * End of interface to code in index-read.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-snippet.c.
 */

/* Register stratus_snippet(fts, column, ntokens) on db: a window of about
 * ntokens tokens of the column around its best hits, matches between
 * SNIP_OPEN and SNIP_CLOSE, table padding left out, in time bounded by the
 * hits looked at and the text before the window. 0 or -1. */
int idx_snippet_register(sqlite3 *db);

/*
 * End of interface to code in index-snippet.c.
 **************************************************************************/

#endif
