/*
 * index.h: the SQLite index of a vault (a cache, rebuilt when missing,
 * corrupt or of an older schema). Every reader first calls index_update(),
 * so answers are never stale.
 *
 * Documents are files; a note is the set of documents sharing a note key
 * (its translations): the folder and the slug, "pages/osx/route" for
 * pages/osx/route.md and route.es.md beside it, the slug alone at the
 * vault's root. Two files of one name in two folders are two notes. Links
 * point from a document to a document when resolved.
 *
 * Structs returned in arrays own their strings; free them with the
 * matching _free function, which accepts NULL.
 */
#ifndef STRATUS_INDEX_H
#define STRATUS_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/note.h"

struct index;
struct sqlite3;

/* Matches in snippets are wrapped in these bytes (never in note text: the
 * index strips control characters). Views turn them into highlighting. */
#define SNIP_OPEN '\x02'
#define SNIP_CLOSE '\x03'

struct index_opts {
	const char *vault;	/* absolute path of the vault */
	const char *db_path;	/* NULL: $XDG_CACHE_HOME/stratus/<hash>.db */
	const char *default_lang;	/* NULL: "en" */
	int progress;		/* 1 show, 0 never, -1 when stderr is a tty */
	double progress_delay;	/* seconds of indexing before progress
				 * shows; 0: half a second */
};

/*
 * Open (or create) the index of o->vault. A database that is not SQLite,
 * is corrupt or has another schema version is deleted and rebuilt with a
 * one-line notice on stderr. 0, or -1 with cause.
 */
int index_open(const struct index_opts *o, struct index **out, char **cause);
void index_close(struct index *ix);
const char *index_vault(const struct index *ix);
/* The file of the index database (borrowed; valid until index_close()):
 * what a second connection, such as the explorer's worker, opens. */
const char *index_path(const struct index *ix);
/* The vault's default language the index was opened with (borrowed). */
const char *index_lang(const struct index *ix);
/* The schema version of this stratus's indexes. */
int index_schema(void);
/* Make the query running on ix in another thread stop early (its call
 * fails as interrupted); safe from any thread while ix is open. Callers
 * above core never see SQLite. */
void index_interrupt(struct index *ix);
/* Call fn(arg) about every steps steps of any query on ix; a non-zero
 * return stops that query (it fails as interrupted), which also reaches
 * the queries a search starts after index_interrupt() was called. fn
 * NULL removes it. */
void index_progress(struct index *ix, int steps, int (*fn)(void *),
    void *arg);
/*
 * Give back to the system what ix holds between bursts of work: the
 * pages SQLite caches for it (up to 8 MB a connection) and the heap the
 * process has free. For a long-lived process (the explorer, watch) whose
 * connections sit idle: the next query reads its pages again.
 */
void index_release_memory(struct index *ix);

struct index_stats {
	long files, added, changed, removed, unchanged, warnings;
	double seconds;
	long reread;		/* read again (size or mtime changed) but the
				 * same content: not parsed, not counted as
				 * changed */
};

/*
 * Bring the index up to date with the vault (full: rebuild from every
 * file), in one transaction. A bad file (unreadable, too large, broken
 * frontmatter, ...) gets one warning line on stderr naming it, the first
 * time it is seen, and the rest goes on: that is still success. Progress
 * (files done, total, rate) goes to stderr as o->progress says.
 */
int index_update(struct index *ix, int full, struct index_stats *st,
    char **cause);
/*
 * index_update() limited to the n vault-relative paths (files or
 * folders: a folder is everything below it; "" the whole vault) that
 * changed: what is there now is compared with what the index has there,
 * nothing else is looked at (files outside them keep their rows and
 * their problems). n 0: nothing to do.
 */
int index_update_paths(struct index *ix, const char *const *paths, size_t n,
    struct index_stats *st, char **cause);
/* The bounds of resolving every link (0: the default): the notes one
 * resolver of them all may hold (beyond, links are resolved in the order
 * of their keys), the links read at a time, the answers held before they
 * are written, and the links from which two threads resolve them. Small
 * bounds take a small vault down the paths a large one takes, which must
 * give the same answers; for the tests. */
void index_resolve_bounds(struct index *ix, long all, long chunk,
    long held, long split);

/* Strings are never NULL ("" when absent). */
struct doc {
	long id;
	char *path, *slug, *lang, *title, *summary, *type, *status;
	char *created, *updated;
	char *key;		/* the note key (see above) */
	char **tags;
	size_t ntags;
};	/* a field added here goes to doc_clear() and hits_copy() too */
void doc_clear(struct doc *d);

struct hit {
	struct doc doc;
	double score;		/* bm25: lower is better */
	char *snippet;		/* with SNIP_OPEN/SNIP_CLOSE around matches */
};
void hits_free(struct hit *h, size_t n);
/* Move the snippets of from[0..m) (index_snippets()'s, by doc.id) into
 * the hits of v[0..n) that have none. */
void hits_take_snippets(struct hit *v, size_t n, struct hit *from,
    size_t m);

/*
 * Run a query (query.h's language; the last bare word is a prefix). Never
 * an SQLite error for any input. A query of words first gives the notes
 * it names (a file name, title or alias that is the query, then those
 * starting with it; score -2000 and -1000). Then hits are ranked by bm25
 * weighted towards title, aliases and tags; a query matching more than
 * 1000 documents ranks
 * those matching in their title or aliases and lists the rest after them,
 * unranked (bm25 costs microseconds per match). A word query that matches
 * nothing falls back to substrings of titles, aliases, tags and headings
 * (the trigram index); words in CJK scripts are always substrings. A
 * query with nothing to search for (empty, or only operators and
 * punctuation) lists the hub note "start-here", then the most recently
 * updated notes, filtered when it has filters.
 */
int index_search(struct index *ix, const char *query, int limit,
    struct hit **out, size_t *n, char **cause);
/* The same for a query of len bytes that may hold NULs. limit <= 0: 20. */
int index_searchn(struct index *ix, const char *query, size_t len,
    int limit, struct hit **out, size_t *n, char **cause);
/*
 * Snippets: the searches that follow make the snippets of about their
 * first n hits only (at least n: a hit whose summary stands in costs
 * none), n < 0 (the default) all of them. The rest have snippet NULL,
 * for index_snippets() to make later: a list longer than the screen
 * comes sooner.
 */
void index_search_snippets(struct index *ix, int n);
/*
 * Early hits: the searches that follow, once they hold their first n
 * hits, final (in their place, with their snippets), call fn(arg, v, n)
 * with them, borrowed for the call, then go on to the limit (a search
 * of exactly n hits gives them twice: early, and as its result), their
 * filters planned for the first n. A list longer than the
 * screen then costs one search, not a screen's and the list's. n <= 0
 * (the default): never.
 */
void index_search_early(struct index *ix, int n,
    void (*fn)(void *, const struct hit *, size_t), void *arg);
/* A copy of the n hits of v (for hits_free()). */
struct hit *hits_copy(const struct hit *v, size_t n);
/* The snippets of the notes ids[0..n) as a search of query made them:
 * out[i] is the snippet of ids[i], or NULL where its summary stands in
 * (freed by the caller). 0, or -1 and *cause. */
int index_snippets(struct index *ix, const char *query, const long *ids,
    size_t n, char **out, char **cause);
/* on: search without the plan of the filters (no count of their notes:
 * each written as a set, as before there was a plan), which must find
 * the same hits in the same order; for the tests and the benchmark. */
void index_search_plain(struct index *ix, int on);
/* Call fn(arg, sql, plan) for each statement a search prepares, plan
 * being its EXPLAIN QUERY PLAN, a line a step; fn NULL: no more. */
void index_search_trace(struct index *ix, void (*fn)(void *arg,
    const char *sql, const char *plan), void *arg);

/*
 * Find a note the way a wikilink would (path, slug, alias, title). Returns
 * 0 and fills d, or -1 with a cause that suggests the closest titles.
 * prefer_lang picks a translation (NULL: the vault default).
 */
int index_find(struct index *ix, const char *name, const char *prefer_lang,
    struct doc *d, char **cause);
/*
 * index_find() for a NOTE argument: a vault path with or without its
 * extension ("osx/route", "pages/osx/route.md"), a slug, alias or title;
 * a name several notes answer to (not translations of one) is an error
 * whose cause lists them, one per line, and says how to choose.
 */
int index_find_note(struct index *ix, const char *name, struct doc *d,
    char **cause);
/* The translations of a note key (each language's document). */
int index_translations(struct index *ix, const char *key, struct doc **out,
    size_t *n);
void docs_free(struct doc *d, size_t n);

struct linkrow {
	struct doc other;	/* the note at the other end; id -1 if none */
	char *target;		/* as written */
	char *anchor;		/* or NULL */
	enum link_kind kind;
	int line;
	char *context;		/* the source line, trimmed */
	int resolved;
	int ambiguous;
};
void linkrows_free(struct linkrow *l, size_t n);

/* Outgoing links of a document / incoming links of a note (by note key;
 * sources in lang first, NULL: the vault default, then by path). */
int index_links(struct index *ix, long doc_id, struct linkrow **out,
    size_t *n);
int index_backlinks(struct index *ix, const char *key, const char *lang,
    struct linkrow **out, size_t *n);
/* The same rows one at a time, in the same order, each handed to fn as
 * it is read (a note of 50,000 links held 40 MB as an array): fn may
 * take the row's storage (copy the struct, zero the row), else it is
 * freed when fn returns; fn returns nonzero to stop, and reads no links
 * of ix. -1 when the index cannot be read. */
typedef int (*linkrow_fn)(void *arg, struct linkrow *r);
int index_links_each(struct index *ix, long doc_id, linkrow_fn fn,
    void *arg);
int index_backlinks_each(struct index *ix, const char *key,
    const char *lang, linkrow_fn fn, void *arg);

/* index_links() with only the first link (by line) to each target, of
 * a kind less than below: the rows that say how a rendered link resolves
 * (a note of 50,000 links to 1,000 notes has 1,500 such rows). */
int index_links_first(struct index *ix, long doc_id, enum link_kind below,
    struct linkrow **out, size_t *n);

/* The targets of a document's outgoing links, each once, as written,
 * sorted by strcmp, with whether the first link (by line) to each
 * resolved: all `show` asks, without a note and context per link (a
 * note of 50,000 links took 40 MB for those). */
struct linktarget {
	char *target;
	int resolved;
};
int index_link_targets(struct index *ix, long doc_id,
    struct linktarget **out, size_t *n);
void linktargets_free(struct linktarget *t, size_t n);

struct tagcount {
	char *tag;		/* folded: what tag: and index_tag_docs take */
	char *shown;		/* as first seen in the vault ("AWS/Lambda") */
	long count;
};
/* Every tag with the number of documents `search tag:TAG` finds (its own
 * and its nested tags', each translation counted), most first. */
int index_tags(struct index *ix, struct tagcount **out, size_t *n);
void tagcounts_free(struct tagcount *t, size_t n);

enum problem_kind {
	PROB_BROKEN,		/* unresolved link */
	PROB_AMBIGUOUS,		/* several notes tie */
	PROB_ORPHAN,		/* no resolved link in or out */
	PROB_FRONTMATTER,	/* broken YAML or bad field */
	PROB_FILE,		/* unreadable or bad file */
	PROB_DECK,		/* a deck in slides/ (checked by the CLI) */
};
struct problem {
	enum problem_kind kind;
	char *path;
	int line;
	char *message;
};
int index_check(struct index *ix, struct problem **out, size_t *n);
void problems_free(struct problem *p, size_t n);

/* The whole link graph, or the neighbourhood of the note key (or a name
 * found like a NOTE argument) to depth. Nodes are notes (note keys). */
struct graph_node {
	char *key, *slug, *title, *type;
	int depth;		/* from the centre; 0 for the whole graph */
};
struct graph_edge {
	size_t from, to;	/* indexes into nodes */
	int count;
};
struct graph {
	struct graph_node *nodes;
	size_t nnodes;
	struct graph_edge *edges;
	size_t nedges;
	long unresolved, orphans;
};
int index_graph(struct index *ix, const char *key, int depth,
    struct graph *g, char **cause);
void graph_clear(struct graph *g);
/* The graph handed over as it is read, never held: the nodes, then the
 * edges, in the order index_graph() gives them (key NULL: the whole
 * vault, nodes and edges in key order). It keeps the note keys and 8
 * bytes a link, never the graph (100k notes, 860k links: the whole
 * `stratus graph --format json` peaks at 52 MB, 750 MB when it was held
 * as a cJSON tree); a neighbourhood past 2,000 notes is found the same
 * way. */
struct graph_sink {
	void (*node)(void *arg, const struct graph_node *n);
	void (*edge)(void *arg, const char *from, const char *to, int count);
	void *arg;
};
int index_graph_stream(struct index *ix, const char *key, int depth,
    const struct graph_sink *sink,
    long *unresolved, long *orphans, char **cause);

/*
 * The notes related to the note key (not its translations), one per
 * note, best first, at most limit (<= 0: 20): scored in SQL by links
 * (each direction 1; each shared link, a note linking to both or linked
 * from both, 1 / log2(1 + its links)), tags (each shared tag ln(N/df) /
 * ln(N), N documents, df those with the tag) and text (the note's most
 * distinctive words as one FTS5 OR query, bm25 over the best's: at most
 * 1). stratus(1) documents it for users.
 */
struct related {
	struct doc doc;		/* the note, in the vault's language */
	double score;		/* the sum, or the cosine when semantic */
	double links, tags, text;	/* the parts of score */
	int links_to, links_here;	/* the note links to it, it to the note */
	char **shared;		/* slugs of the shared links, sorted */
	size_t nshared;
	char **shtags;		/* shared tags, as written */
	size_t nshtags;
	char **words;		/* the distinctive words it holds */
	size_t nwords;
	int semantic;		/* from index_related_semantic */
};
int index_related(struct index *ix, const char *key, int limit,
    struct related **out, size_t *n, char **cause);
void related_free(struct related *r, size_t n);
/* Why a note is related, for people: "linked both ways; 2 shared links:
 * [[a]], [[b]]; tags #lambda; words: cold, snapstart" (caller frees). */
char *related_reason(const struct related *r);

/* The embeddings of the cloud's nodes (EMBED items), kept by cloud slug
 * and written only by a sync. */
struct embed {
	const char *slug, *generated, *model;
	const float *vec;
	size_t dims;
};
/* How many usable vectors the index holds (-1: none readable). */
long index_embed_count(struct index *ix);
/* The notes whose vector is nearest (cosine) to that of the cloud slug
 * slug (of the note key): only notes with a vector (the others score 0,
 * as the backend's semantic search has it), at most limit. */
int index_related_semantic(struct index *ix, const char *key,
    const char *slug, int limit, struct related **out, size_t *n,
    char **cause);
/* Every stored vector's slug and stamp (generated_at), by slug; the
 * caller frees both arrays and their strings. */
int index_embed_stamps(struct index *ix, char ***slugs, char ***stamps,
    size_t *n, char **cause);
/* In one transaction, store (replace) n vectors and drop ndrop slugs. A
 * vector of dims 0 (unusable) is kept as such: no similarity. */
int index_embed_store(struct index *ix, const struct embed *e, size_t n,
    char *const *drop, size_t ndrop, char **cause);

/* --- for the explorer (src/tui), kept in one block ------------------- */

/*
 * Every document's names, for quick open. The strings of all the names
 * are packed in one block of text, one name's after another: a malloc per
 * string took 40 MB at 100k notes, this takes 11. v is in the order of
 * text, so that a pass over every name (quick open's scoring) reads both
 * straight through: in title order it jumped about, 12-20 % more CPU a
 * key at 100k notes. by_title gives the order to show.
 */
struct docname {
	/* Its strings in text, each ending in NUL: the title, the slug,
	 * each alias, the language, the folder. Where the title and the
	 * slug start is kept (quick open scores both for every name: a
	 * strlen each showed, 5 % of a key), the rest follow the slug. */
	uint32_t title, slug;
	uint32_t naliases;
};
struct docnames {
	struct docname *v;	/* name i is v[i] */
	size_t n;
	char *text;
	/* The names (indexes in v) by title (ignoring the case of ASCII
	 * letters), then note key, then language; rank[i]: where name i
	 * is in by_title. */
	uint32_t *by_title, *rank;
};
int index_names(struct index *ix, struct docnames *out, char **cause);
/* Empty d (zeroed, as it starts). NULL is fine. */
void docnames_free(struct docnames *d);
/* The strings of name i of d (borrowed from d), alias k < naliases. */
const char *docname_title(const struct docnames *d, size_t i);
const char *docname_slug(const struct docnames *d, size_t i);
const char *docname_alias(const struct docnames *d, size_t i, size_t k);
const char *docname_lang(const struct docnames *d, size_t i);
/* The folder of its file ("" at the vault's root). */
const char *docname_dir(const struct docnames *d, size_t i);
/* Its note key, folder/slug (a new string). */
char *docname_key(const struct docnames *d, size_t i);
/* Do names i and j have one note key? */
int docname_same_note(const struct docnames *d, size_t i, size_t j);
/* The documents tagged tag or a tag nested under it (tag/...), what
 * `search tag:` finds, by slug, the default language of each slug
 * first. */
int index_tag_docs(struct index *ix, const char *tag, struct doc **out,
    size_t *n, char **cause);
/* The counts of the whole graph without loading it (0.2 s at 100k
 * notes): notes (slugs), links (resolved link rows), orphans (notes none
 * of whose documents has a resolved link in or out), unresolved links
 * (to notes, not external). */
struct graph_summary {
	long notes, links, orphans, unresolved;
};
int index_graph_summary(struct index *ix, struct graph_summary *gs,
    char **cause);
/* Does the index hold no document at all (never filled)? */
int index_empty(struct index *ix);
/* --- end of the explorer's block --------------------------------------- */

#endif
