/*
 * index-int.h: the private header of the index (index.h is its public
 * face), shared by the files it is split into, one section each:
 *
 *   index.c          schema, statements, SQL and text helpers, opening
 *                    and closing
 *   index-fmap.c     the file map an update compares the walk with
 *   index-update.c   the incremental update (walk, compare, write, one
 *                    transaction)
 *   index-prep.c     what an update needs of a file before the database:
 *                    read, hash, parse, packed text; ahead, on a thread
 *   index-note.c     one note into the index: read the file, write its rows
 *   index-body.c     the body stored compressed, and the SQL function that
 *                    reads it back
 *   index-resolve.c  resolving links against the names of the notes
 *   index-read.c     readers: documents, find, translations, links, tags,
 *                    and the explorer's additions
 *   index-search.c   search
 *   index-filter.c   a search's filters as SQL, and the plan of their form
 *   index-snippet.c  the snippet of a hit (an FTS5 auxiliary function)
 *   index-check.c    check
 *   index-graph.c    graph
 *   index-related.c  related notes, and the embeddings a sync pulls
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
#include "core/pline.h"
#include "core/query.h"
#include "core/strpool.h"

struct resolver;
struct zbody;
struct zdef;

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

/* The prefix index of the full-text table: a prefix query of this many
 * characters reads one doclist; another merges those of every term it
 * starts. */
#define FTS_PREFIX	3

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
	S_TITLES_DELETE,
	S_TRI_DELETE,
	S_BODY_DELETE,
	S_BODY_INSERT,
	S_FTS_INSERT,
	S_TITLES_INSERT,
	S_TRI_INSERT,
	S_TAGS_DELETE,
	S_TAG_INSERT,
	S_ANCHORS_DELETE,
	S_ANCHOR_INSERT,
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
	S_LINKS_KEYED,
	S_LINK_SET,
	S_DOC_GET,
	S_DOC_TAGS,
	S_TRANSLATIONS,
	S_TITLES,
	S_LINKS_OUT,
	S_LINKS_FIRST,
	S_BACKLINKS,
	S_TAG_COUNTS,
	S_SLUG_EXISTS,
	S_NODE_INFO,
	S_NEIGHBOURS,
	S_EDGES_OF,
	S_UNRESOLVED_OF,
	S_MATCH_COUNT,
	S_TITLES_COUNT,
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
	int rollback;		/* the file may not be in WAL mode yet:
				 * idx_wal() */
	sqlite3_stmt *st[S__COUNT];
	char *err;		/* the first SQL error of an operation */
	int corrupt;		/* that error said the file is damaged */
	char *corrupt_why;	/* SQLite's words for it */
	int lock_fd;		/* <db>.lock, flocked shared once open; -1 */
	int marked;		/* this open made or kept <db>.open */
	struct zbody *zb;	/* index-body.c's state; NULL until used */
	int search_plain;	/* index_search_plain() */
	int snip_first;		/* index_search_snippets(); -1: all */
	int snip_left;		/* snippets stratus_snippet still makes in
				 * this search; -1: no bound */
	int early_n;		/* index_search_early() */
	void (*early_fn)(void *, const struct hit *, size_t);
	void *early_arg;
	/* index_resolve_bounds() */
	long res_all, res_chunk, res_held, res_split;
	void (*trace)(void *, const char *, const char *);
	void *trace_arg;	/* index_search_trace() */
};

/* A file known to the index, looked up by path during the walk. */
struct fentry {
	const char *path;	/* the fmap's pool's */
	uint64_t h;		/* fmap_hash of path */
	long id;
	int64_t size, mtime;
	int seen;
};

/* Entries in the order added (e[0..n)), found through slot (open
 * addressing over 8-byte slots that hold half of the entry's hash, so a
 * probe reads no entry but the one it finds), their paths in a pool
 * (packed in blocks that never move). */
struct fmap {
	struct fentry *e;
	size_t n, ecap;
	uint64_t *slot;		/* hash's high half, entry number + 1 */
	size_t cap;		/* of slot: a power of 2 */
	struct strpool paths;
};
#define FMAP_INIT	{ NULL, 0, 0, NULL, 0, STRPOOL_INIT }

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
/*
 * A scan that reads each page once (every row of docs) would fill the
 * connection's cache (IDX_CACHE_KB) with pages of no later use: between
 * idx_scan_begin() and idx_scan_end() the cache keeps IDX_SCAN_CACHE_KB,
 * and what it held beyond that is freed.
 */
#define IDX_CACHE_KB 8192
#define IDX_SCAN_CACHE_KB 1024
void idx_scan_begin(struct index *ix);
void idx_scan_end(struct index *ix);
/* Run sql (no rows). 0 or -1 (error recorded). */
int idx_exec(struct index *ix, const char *sql, const char *what);
/* Bind v (NULL: SQL NULL; not copied) or an integer; s may be NULL. */
void idx_bind_text(sqlite3_stmt *s, int i, const char *v);
void idx_bind_int(sqlite3_stmt *s, int i, int64_t v);
/* Column i as a string the caller frees, or borrowed until the next
 * step; "" for NULL. */
char *idx_col_dup(sqlite3_stmt *s, int i);
const char *idx_col_str(sqlite3_stmt *s, int i);
/* Hand the first recorded error to *cause (NULL: drop it) and clear it.
 * Returns -1. */
int idx_take_err(struct index *ix, char **cause);
/* Set a key of the meta table. 0 or -1. */
int idx_meta_set(struct index *ix, const char *key, const char *value);
/* For a load into an empty index: drop the indexes of the links table
 * (build 0), or build them once the links are resolved (1). 0 or -1. */
int idx_links_indexes(struct index *ix, int build);
/* Drop, or build (build 1), the indexes of docs, tags and names that a
 * load into an empty index does not read. 0 or -1. */
int idx_load_indexes(struct index *ix, int build);
/*
 * Put the file in WAL mode (readers no longer wait for the writer) if
 * ix->rollback says it may not be: a new file is not until its first
 * update is done (schema_sql). That needs the file to itself: while
 * another stratus has it, the mode stays and ix->rollback with it, for
 * the next update to try again. 0, or -1 (error recorded).
 */
int idx_wal(struct index *ix);


/* Append s (len bytes) to b as valid UTF-8 without control characters
 * (multiline keeps '\n' and '\t'). */
void idx_clean_into(struct buf *b, const char *s, size_t len, int multiline);
/* The same, as a new string (s NULL: ""). */
char *idx_clean(const char *s, int multiline);
/* The n strings of v, cleaned, joined by sep (a new string). */
char *idx_join(char *const *v, size_t n, const char *sep);
/* s (NULL: "") in ASCII lower case (a new string). */
char *idx_lower_ascii(const char *s);

/* Finalize the statements and close ix->db. */
void idx_db_close(struct index *ix);
/* Open ix->db_path, rebuilding it once when it is damaged or of another
 * schema or vault. 0 or -1 with *cause. */
int idx_db_open(struct index *ix, char **cause);

/*
 * End of interface to code in index.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-fmap.c.
 */

/* Add or replace path in m (the path is copied). */
void idx_fmap_add(struct fmap *m, const char *path, long id, int64_t size,
    int64_t mtime);
/* Make room in m for n entries in all (a hint: adds grow it anyway). */
void idx_fmap_reserve(struct fmap *m, size_t n);
/* The entry of path in m, or NULL; valid until the next add. */
struct fentry *idx_fmap_find(const struct fmap *m, const char *path);
/* Free the entries of m and empty it. */
void idx_fmap_free(struct fmap *m);

/*
 * End of interface to code in index-fmap.c.
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
	int bulk;		/* a load into an empty index (full, or new):
				 * links are indexed at the end */
	long *fprobs;		/* file problems still there (their ids) */
	size_t nfprobs, capfprobs;
	struct pline prog;
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

/* A body packed for bodyz (index-body.c). */
struct zpacked {
	struct buf z;		/* the blob, when blob */
	int blob;		/* 0: stored as text */
	int done;		/* packed (else idx_body_bind packs it) */
	const unsigned char *dict;	/* a dictionary this packing made */
	size_t ndict;
};
#define ZPACKED_INIT	{ BUF_INIT, 0, 0, NULL, 0 }

/* The columns of a note's docs row, as made for it. */
enum {
	DCOL_TITLE, DCOL_SUMMARY, DCOL_TYPE, DCOL_STATUS, DCOL_CREATED,
	DCOL_UPDATED, DCOL_ALIASES, DCOL_SLUG, DCOL_LANG, DCOL_NOTE, DCOL__COUNT
};

/* A link of a note as its links row holds it. */
struct link_row {
	char *target, *anchor, *label;	/* cleaned; anchor, label or NULL */
	int64_t tkey;			/* idx_key_hash() of its key */
};

/*
 * Every row of a note but its problems, made before the writer needs
 * them: the text of its body, full-text and trigram rows, and its docs
 * row's columns, names, tags, anchors and links, cleaned.
 */
struct note_text {
	char *aliases, *tags, *body;	/* title, summary: in cols */
	struct buf subs;	/* title, aliases, tags, then from heads on
				 * the headings and the CJK words */
	size_t heads;
	struct zpacked z;	/* body, packed */
	char *cols[DCOL__COUNT];
	char *keys;		/* idx_name_key() of each name, one a line */
	char **tags_rows;	/* each tag folded, then as shown */
	char **anchors;		/* headings', then ^blocks', then ids' */
	struct link_row *links;	/* one a link of the note */
};
/* Make the rows of parsed note n, its body packed by d (NULL: when
 * written). No database: any thread. */
void idx_note_text(const struct note *n, struct zdef *d,
    struct note_text *t);
void idx_note_text_free(struct note_text *t);
/* Write the rows of parsed note n (its docs row exists as id): body,
 * full-text, tags, anchors, links and problems, made as t; warn once per
 * file. */
void idx_note_write(struct update *u, long id, const struct note *n,
    struct note_text *t, int big);
/* The file the last link context was cut from, kept for the next link
 * (links come a source at a time). Start from CTXFILE_INIT. */
struct ctxfile {
	char *src;		/* its vault path, or NULL */
	char *data;
	size_t len;
	size_t *off;		/* line starts */
	size_t nlines;
	int ok;			/* read */
};
#define CTXFILE_INIT	{ NULL, NULL, 0, NULL, 0, 0 }
/* The context of a link at line of the vault file src: the line, cut
 * from the file as it is now ("" when it cannot be read); the caller
 * frees it. */
char *idx_link_context(struct index *ix, struct ctxfile *cf,
    const char *src, int line, const char *target);
void idx_ctxfile_free(struct ctxfile *cf);

/*
 * End of interface to code in index-note.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-prep.c.
 */

/* What an update needs of one work item before it touches the database. */
struct prep {
	char *data;		/* the file's first INDEX_MAX_NOTE bytes */
	size_t len;
	int big;		/* there was more */
	char *why;		/* NULL, or why it could not be read */
	int deck;		/* a deck in slides/, not a note */
	uint64_t hash;
	struct note *n;		/* parsed; NULL: not yet */
	struct note_text text;	/* its rows, made with n */
};

/* Read and hash the file of w into p (any thread). */
void idx_prep_read(const struct index *ix, const struct work *w,
    struct prep *p);
/* Parse p's text and make its rows (once; the body packed by d, or when
 * written with d NULL); returns the rows. */
struct note_text *idx_prep_parse(const struct index *ix, const struct work *w,
    struct prep *p, struct zdef *d);
void idx_prep_free(struct prep *p);

/* Make the preps of the n items of work, in order, on a second thread;
 * NULL when n is too few to be worth one (the caller makes them). work
 * must not change until idx_prefetch_stop(). */
struct prefetch *idx_prefetch_start(struct index *ix, const struct work *work,
    size_t n);
/* Wait for item i's prep (items are taken in order) and hand it over;
 * the caller must give it back with idx_prefetch_give(): the thread
 * reuses a slot only once its item is given back. */
void idx_prefetch_take(struct prefetch *pf, size_t i, struct prep *p);
/* Give back item i's prep, taken and done with: the thread frees it (p
 * is left empty). Items are given back in order. */
void idx_prefetch_give(struct prefetch *pf, size_t i, struct prep *p);
/* Stop the thread, free what it made that was not taken; NULL is fine. */
void idx_prefetch_stop(struct prefetch *pf);

/*
 * End of interface to code in index-prep.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-body.c.
 */

/* A deflater for bodies, made from the index's dictionary (or none yet:
 * it learns one), on the index's thread; used then on any one thread. */
struct zdef *idx_zdef_new(struct index *ix);
void idx_zdef_free(struct zdef *d);
/* Pack text (len bytes) for bodyz into p. Any thread; no database. */
void idx_body_pack(struct zdef *d, const char *text, size_t len,
    struct zpacked *p);
/* Bind text (len bytes, borrowed), packed as p (packed here when it is not
 * yet), to parameter i of s as the stored body; p must outlive the
 * statement's run. A dictionary p's packing made is stored. */
void idx_body_bind(struct index *ix, sqlite3_stmt *s, int i,
    const char *text, size_t len, struct zpacked *p);
/* Register stratus_body(z) on ix->db, the body's text. 0 or -1. */
int idx_body_register(struct index *ix);
/* Drop the compression state (a closed database, a rolled-back update:
 * the dictionary is read again from the database). */
void idx_body_forget(struct index *ix);

/*
 * End of interface to code in index-body.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-resolve.c.
 */

/* The key a link target or a note's name is matched by (a new string). */
char *idx_name_key(const char *s);
/* links.tkey: a 31-bit hash of a key (equal keys, equal hashes; the rows
 * it finds are checked by resolving them). */
int64_t idx_key_hash(const char *key);
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
 * Interface to code in index-graph.c.
 */

/* Every document's note, for one pass over all the links (check, the
 * whole graph): documents by id, notes numbered in the order of their
 * keys (as SQLite's ORDER BY note sorts them). Strings live in text. */
struct ndoc {
	long id;
	uint32_t note;		/* index into keys */
	uint32_t path;		/* offset in text, when paths were asked */
};
struct nnote {
	uint32_t key;		/* offsets in text: the note key, */
	uint32_t first;		/* its least path (when paths were asked) */
	uint32_t doc0, ndocs;	/* its documents' ids: ids[doc0..+ndocs) */
};
struct notemap {
	struct ndoc *docs;	/* by id */
	size_t ndocs;
	uint32_t *byid;		/* ids dense enough: id -> index in docs */
	long maxid;
	struct nnote *notes;	/* by key */
	size_t nnotes;
	long *ids;		/* document ids, note by note */
	struct buf text;
};
/* Fill m from the documents, every note's documents in the vault's
 * language first, then by path; each note's first row goes to row()
 * (when not NULL) with the statement on columns note, title, type,
 * slug. paths: keep every path too. 0 or -1 (ix->err set). */
int idx_notemap_load(struct index *ix, struct notemap *m, int paths,
    void (*row)(void *arg, sqlite3_stmt *s, size_t note), void *arg);
/* The document id, or NULL. */
const struct ndoc *idx_notemap_doc(const struct notemap *m, long id);
/* Strings of m. */
#define NOTEMAP_STR(m, off)	((m)->text.ptr + (off))
void idx_notemap_free(struct notemap *m);

/*
 * End of interface to code in index-graph.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-filter.c (for index-search.c).
 */

/* An SQL text and the values it binds, from parameter 3 on (1 and 2 are
 * the statement's MATCH and LIMIT); own[i] is freed with it. */
struct sqlq {
	struct buf sql;
	const char *vals[80];
	char *own[80];
	int nvals;
};

/* Bind v (or owned, which the sqlq then frees); its parameter number,
 * or 0 when there is no room left (owned is freed). */
int idx_sqlq_val(struct sqlq *q, const char *v, char *owned);
void idx_sqlq_free(struct sqlq *q);

/* Substrings that must all occur (the fallback of a word search). */
struct query_sub {
	char *const *subs;
	size_t n;
};

/* How a search statement orders what it finds. */
enum order {
	ORDER_RANK,	/* MATCH, by bm25 */
	ORDER_INDEX,	/* MATCH, unranked (index order: cheap) */
	ORDER_RECENT,	/* no MATCH: the hub, then the latest updated */
	ORDER_NAMED,	/* MATCH among the documents of struct named,
			 * by tier, then bm25 */
	ORDER_TITLE,	/* MATCH, by stratus_rank (bm25 without the
			 * phrases' weights: cheap for common words) */
};

/* Results gathered over several statements. */
struct hits {
	struct hit *v;
	size_t n, cap;
};

/*
 * How each filter of the whole query goes into a statement. A filter
 * that selects few notes is read as a set first (IN: SQLite builds it
 * once and drives through it, or probes it for each row); one that
 * selects many is checked on each row (EXISTS), so that a
 * listing of the latest notes walks docs_recent and stops at its limit
 * instead of sorting every note of a common tag, and a full-text
 * statement does not build a set of thousands of notes to keep forty.
 */
enum fway {
	FW_SET,		/* id IN (the notes it selects) */
	FW_CHECK,	/* EXISTS in its tags or its column's index */
};

struct fplan {
	enum fway way[QUERY_MAX_FILTERS];
	int lead;	/* a common filter read as a set all the same, to
			 * lead a listing of the latest notes, as several
			 * common filters together select few; or -1 */
	int none;	/* a filter of the whole query selects no note */
	int filtered;	/* the whole query has a filter */
	long few;	/* fewer notes than this make a set */
};

/* One search: its query, the plan of its filters and the hits so far. */
struct search {
	struct index *ix;
	const struct query *q;
	struct fplan plan;
	struct hits hs;
	int limit;
	int plan_limit;	/* the hits its plan is for: the limit, or
			 * index_search_early()'s first */
	long notes;	/* in the index (its largest id) */
	int tag_phrases;	/* of idx_tag_terms, ending the expression */
	int titles;	/* the title step runs on the titles table */
	int early_done;	/* index_search_early()'s hits were given */
};

/* Make se's plan (a count of each filter's notes through an index); a
 * filter that selects no note sets plan.none. 0 or -1 (error in ix). */
int idx_plan_make(struct search *se);
/* Append to sq the conditions of se's filters, the sides of a top-level
 * OR, the substrings extra (may be NULL) and the exclusion, each " AND
 * ...", for a statement that orders as order does. */
void idx_filters_sql(struct search *se, const struct query_sub *extra,
    enum order order, struct sqlq *sq);
/* Append the tags the whole query requires as FTS5 phrases of the tags
 * column (" AND {tags} : (...)"); returns how many. */
int idx_tag_terms(const struct query *q, struct buf *b);
/* Append the n bytes of s to b as an FTS5 string. */
void idx_fts_quote(struct buf *b, const char *s, size_t n);
/* Hand s's SQL and plan to index_search_trace's function, if any. */
void idx_search_trace(struct index *ix, sqlite3_stmt *s);

/**************************************************************************
 * End of interface to code in index-filter.c.
 */

/**************************************************************************
 * Interface to code in index-snippet.c.
 */

/* Register stratus_snippet(fts, column, ntokens) on db: a window of about
 * ntokens tokens of the column around its best hits, matches between
 * SNIP_OPEN and SNIP_CLOSE, table padding left out, in time bounded by the
 * hits looked at and the text before the window; and stratus_rank. Each
 * snippet made counts *left down; at 0 stratus_snippet gives NULL (-1:
 * no bound). 0 or -1. */
int idx_snippet_register(sqlite3 *db, int *left);

/*
 * End of interface to code in index-snippet.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in index-related.c.
 */

/* Register stratus_phrases(fts) (a bit per query phrase the row holds)
 * and stratus_cosine(a, b) (of two float32 vector blobs) on db. 0 or -1. */
int idx_related_register(sqlite3 *db);

/*
 * End of interface to code in index-related.c.
 **************************************************************************/

#endif
