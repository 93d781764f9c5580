/*
 * index-search.c: search over the index: a query (query.h) as one or a
 * few SQL statements over the full-text and trigram tables, its filters
 * as SQL conditions (index-filter.c), ranked by bm25 when that is cheap
 * enough.
 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/resolve.h"
#include "core/utf8.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT	20
#define SEARCH_LIMIT_MAX 10000
#define RANK_ALL	1000	/* matches ranked by bm25 in full */
#define NAMED_MAX	64	/* documents named by the query, ranked first */

/* Flatten a snippet to one line. */
static void
snippet_flatten(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r')
			*s = ' ';
}

/* as FTS5's rank, so that FTS5 sorts the rowids and the snippets are
 * made for the rows kept only; the last argument is the number of
 * phrases at the end of the expression that are not ranked (tag_terms) */
#define TITLE_RANK	" AND fts.rank MATCH " \
	"'stratus_rank(10.0, 8.0, 6.0, 3.0, 1.0, %d)'"
#define TITLES_RANK	" AND titles.rank MATCH " \
	"'stratus_rank(10.0, 8.0, 6.0, %d)'"

/* Documents named by the query (their file name, title or an alias):
 * those whose name is the query, then those whose name starts with it. */
struct named {
	long ids[NAMED_MAX];
	int tier[NAMED_MAX];	/* 0: the name is the query; 1: a prefix */
	size_t n;
};

/* The tier of document id in nm (2 when it is not there). */
static int
named_tier(const struct named *nm, long id)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (nm->ids[i] == id)
			return nm->tier[i];
	return 2;
}

/* Does named hit a come after b: a higher tier, then a longer path (the
 * shorter path first, as Obsidian resolves a name), then the path. */
static int
named_after(const struct named *nm, const struct hit *a,
    const struct hit *b)
{
	int ta = named_tier(nm, a->doc.id), tb = named_tier(nm, b->doc.id);
	size_t la = strlen(a->doc.path), lb = strlen(b->doc.path);

	if (ta != tb)
		return ta > tb;
	if (la != lb)
		return la > lb;
	return strcmp(a->doc.path, b->doc.path) > 0;
}

/* Order the n hits v found among nm (an insertion sort: n <= NAMED_MAX)
 * and give them a score below any bm25: the exact names, then the
 * prefixes. */
static void
named_sort(const struct named *nm, struct hit *v, size_t n)
{
	struct hit t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && named_after(nm, &v[j - 1], &t); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	for (i = 0; i < n; i++)
		v[i].score = named_tier(nm, v[i].doc.id) == 0 ? -2000.0 :
		    -1000.0;
}

/*
 * The snippets of the n named hits v: where the body holds the query's
 * words (as words, not prefixes: a prefix's doclists would be merged
 * for each note), a window around them; else the summary they have.
 */
static void
named_snippets(struct index *ix, const struct query *q, struct hit *v,
    size_t n)
{
	sqlite3_stmt *s = NULL;
	struct buf m = BUF_INIT;
	const char *p, *sp;
	size_t i;

	for (p = q->name; *p; p = *sp ? sp + 1 : sp) {
		sp = strchr(p, ' ');
		if (!sp)
			sp = p + strlen(p);
		if (m.len)
			buf_adds(&m, " AND ");
		idx_fts_quote(&m, p, (size_t)(sp - p));
	}
	if (sqlite3_prepare_v2(ix->db, "SELECT stratus_snippet(fts, 4, 16) "
	    "FROM fts WHERE fts MATCH ?1 AND rowid = ?2", -1, &s, NULL) !=
	    SQLITE_OK) {
		buf_free(&m);
		return;		/* the summaries stay */
	}
	for (i = 0; i < n; i++) {
		if (ix->snip_left == 0) {
			/* past index_search_snippets()'s */
			free(v[i].snippet);
			v[i].snippet = NULL;
			continue;
		}
		idx_bind_text(s, 1, buf_str(&m));
		idx_bind_int(s, 2, v[i].doc.id);
		if (sqlite3_step(s) == SQLITE_ROW &&
		    strchr(idx_col_str(s, 0), SNIP_OPEN)) {
			free(v[i].snippet);
			v[i].snippet = idx_col_dup(s, 0);
			snippet_flatten(v[i].snippet);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	buf_free(&m);
}

/* Free the n hits of v (not v itself). */
static void
hits_free_tail(struct hit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		doc_clear(&v[i].doc);
		free(v[i].snippet);
	}
}

/*
 * The snippets of the n notes ids that match the FTS5 expression match,
 * into out (NULL where the summary stands in): one pass over the notes
 * between the first and the last of ids that match, keeping those of
 * ids. "rowid IN" would have FTS5 run the expression again for each
 * (and merge a long prefix's doclists every time: 7 ms a note for
 * "conc" at 100k notes). The window is the one the search makes around
 * the body's matches. 0 or -1 (error in ix).
 */
static int
snippets_fill(struct index *ix, const char *match, const long *ids,
    size_t n, char **out)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *s = NULL;
	long lo, hi, id;
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (n == 0)
		return 0;
	lo = hi = ids[0];
	buf_adds(&sql, "SELECT fts.rowid, stratus_snippet(fts, 4, 16), "
	    "d.summary = '' FROM fts CROSS JOIN docs d ON d.id = fts.rowid "
	    "WHERE fts MATCH ?1 AND fts.rowid BETWEEN ?2 AND ?3 "
	    "AND +fts.rowid IN (");
	for (i = 0; i < n; i++) {
		buf_printf(&sql, "%s%ld", i ? "," : "", ids[i]);
		lo = ids[i] < lo ? ids[i] : lo;
		hi = ids[i] > hi ? ids[i] : hi;
	}
	buf_adds(&sql, ")");
	if (sqlite3_prepare_v2(ix->db, buf_str(&sql), -1, &s, NULL) !=
	    SQLITE_OK)
		idx_sql_fail(ix, "preparing snippets");
	else {
		idx_bind_text(s, 1, match);
		sqlite3_bind_int64(s, 2, lo);
		sqlite3_bind_int64(s, 3, hi);
	}
	while (s && idx_row(ix, s, "making snippets") == 1) {
		id = (long)sqlite3_column_int64(s, 0);
		for (i = 0; i < n && ids[i] != id; i++)
			;
		if (i == n || out[i] || sqlite3_column_type(s, 1) ==
		    SQLITE_NULL || (!strchr(idx_col_str(s, 1), SNIP_OPEN) &&
		    !sqlite3_column_int(s, 2)))
			continue;
		out[i] = idx_col_dup(s, 1);
		snippet_flatten(out[i]);
	}
	sqlite3_finalize(s);
	buf_free(&sql);
	if (ix->err)
		for (i = 0; i < n; i++) {
			free(out[i]);
			out[i] = NULL;
		}
	return ix->err ? -1 : 0;
}

/* The snippets of the n hits v of the title step on the titles table
 * that have none (a note without a summary), as index_search_snippets()
 * lets. */
static void
title_snippets(struct search *se, struct hit *v, size_t n)
{
	struct index *ix = se->ix;
	long *ids = xcalloc(n + 1, sizeof *ids);
	char **out = xcalloc(n + 1, sizeof *out);
	size_t i, k, m = 0;
	int left, rc;

	for (i = 0; i < n && ix->snip_left != 0; i++)
		if (!v[i].snippet) {
			ids[m++] = v[i].doc.id;
			if (ix->snip_left > 0)
				ix->snip_left--;
		}
	left = ix->snip_left;	/* counted above */
	ix->snip_left = -1;
	rc = snippets_fill(ix, se->q->match, ids, m, out);
	ix->snip_left = left;
	if (rc == 0)
		for (i = k = 0; i < n && k < m; i++)
			if (!v[i].snippet && v[i].doc.id == ids[k]) {
				v[i].snippet = out[k] ? out[k] :
				    xstrdup(v[i].doc.summary);
				k++;
			}
	free(ids);
	free(out);
}

/*
 * Give index_search_early()'s hits once se holds them, final: those of
 * the steps before final already, and those of this one (order, its
 * first at from) in their order; the title step on the titles table
 * makes the snippets of its rows now (title_snippets() at its end skips
 * those that have one, or stops where the budget did).
 */
static void
early_give(struct search *se, enum order order, size_t from)
{
	struct index *ix = se->ix;

	if (se->early_done || ix->early_n <= 0 ||
	    se->hs.n < (size_t)ix->early_n || ix->err)
		return;
	if (order == ORDER_TITLE && se->titles)
		title_snippets(se, se->hs.v + from, se->hs.n - from);
	if (ix->err)
		return;
	se->early_done = 1;
	ix->early_fn(ix->early_arg, se->hs.v, (size_t)ix->early_n);
}

/*
 * The snippet of a search_run() row of the note d: the one its statement
 * made when it shows the words (or there is no summary), else the
 * summary; NULL where the statement made none and the summary does not
 * stand in (past index_search_snippets()'s count).
 */
static char *
row_snippet(sqlite3_stmt *s, enum order order, const struct doc *d)
{
	const char *made = NULL;
	char *snip;

	if (sqlite3_column_type(s, NDOC_COLS + 1) != SQLITE_NULL)
		made = idx_col_str(s, NDOC_COLS + 1);
	if (!made && (order == ORDER_RANK || order == ORDER_INDEX ||
	    (order == ORDER_TITLE && !*d->summary)))
		return NULL;
	if (made && (strchr(made, SNIP_OPEN) || !*d->summary))
		snip = xstrdup(made);
	else
		snip = xstrdup(d->summary);
	snippet_flatten(snip);
	return snip;
}

/*
 * One search statement, its hits appended to se->hs (at most limit).
 * match is the FTS5 expression (ORDER_RANK, ORDER_TITLE, ORDER_INDEX);
 * documents already found are left out.
 */
static int
search_run(struct search *se, const char *match,
    const struct query_sub *extra, enum order order, int limit,
    const struct named *nm)
{
	struct index *ix = se->ix;
	struct hits *hs = &se->hs;
	struct sqlq sq;
	sqlite3_stmt *s = NULL;
	size_t i, from = hs->n;
	int rc;

	memset(&sq, 0, sizeof sq);
	if (order == ORDER_NAMED || order == ORDER_RECENT)
		buf_adds(&sq.sql, "SELECT " DOC_COLS ", 0.0, NULL "
		    "FROM docs d WHERE ?1 IS NULL");
	else if (order == ORDER_TITLE && se->titles)
		/* the snippet: the summary, or title_snippets() */
		buf_printf(&sq.sql, "SELECT " DOC_COLS ", titles.rank, NULL "
		    "FROM titles CROSS JOIN docs d ON d.id = titles.rowid "
		    "WHERE titles MATCH ?1" TITLES_RANK, se->tag_phrases);
	else {
		/* not the rank unless it orders: bm25's first row reads the
		 * whole doclist of every phrase to count its documents; no
		 * snippet in the title step but of a note without a summary:
		 * its phrases are in the title and aliases columns, so the
		 * body has no hit to show and the summary stands in */
		buf_printf(&sq.sql, "SELECT " DOC_COLS ", %s, %s "
		    "FROM fts CROSS JOIN docs d ON d.id = fts.rowid "
		    "WHERE fts MATCH ?1", order == ORDER_RANK ||
		    order == ORDER_TITLE ? "fts.rank" : "0.0",
		    order == ORDER_TITLE ? "CASE WHEN d.summary = '' THEN "
		    "stratus_snippet(fts, 4, 16) END" :
		    "stratus_snippet(fts, 4, 16)");
		if (order == ORDER_TITLE)
			buf_printf(&sq.sql, TITLE_RANK, se->tag_phrases);
	}
	idx_filters_sql(se, extra, order, &sq);
	if (order == ORDER_NAMED) {
		/* not with a MATCH: FTS5 would run it (and merge a prefix's
		 * doclists) once for every id */
		buf_adds(&sq.sql, " AND d.id IN (");
		for (i = 0; i < nm->n; i++)
			buf_printf(&sq.sql, "%s%ld", i ? "," : "", nm->ids[i]);
		buf_adds(&sq.sql, ")");
	}
	if (hs->n > 0) {
		buf_adds(&sq.sql, " AND d.id NOT IN (");
		for (i = 0; i < hs->n; i++)
			buf_printf(&sq.sql, "%s%ld", i ? "," : "",
			    hs->v[i].doc.id);
		buf_adds(&sq.sql, ")");
	}
	if (order == ORDER_TITLE && se->titles)
		buf_adds(&sq.sql, " ORDER BY titles.rank");
	else if (order == ORDER_RANK || order == ORDER_TITLE)
		buf_adds(&sq.sql, " ORDER BY fts.rank");
	else if (order == ORDER_RECENT)
		buf_adds(&sq.sql, " ORDER BY " RECENT_ORDER);
	buf_adds(&sq.sql, " LIMIT ?2");
	if (ix->err)
		goto fail;
	if (sqlite3_prepare_v2(ix->db, buf_str(&sq.sql), -1, &s, NULL) !=
	    SQLITE_OK) {
		idx_sql_fail(ix, "preparing a search");
		goto fail;
	}
	idx_search_trace(ix, s);
	if (order != ORDER_RECENT && order != ORDER_NAMED)
		idx_bind_text(s, 1, match);
	idx_bind_int(s, 2, order == ORDER_NAMED ? NAMED_MAX : limit);
	for (i = 0; i < (size_t)sq.nvals; i++)
		idx_bind_text(s, 3 + (int)i, sq.vals[i]);
	while ((rc = idx_row(ix, s, "searching")) == 1) {
		struct hit *x;

		hs->v = xgrow(hs->v, &hs->cap, hs->n + 1, sizeof *hs->v);
		x = &hs->v[hs->n++];
		idx_doc_read(ix, s, 0, &x->doc);
		x->score = order == ORDER_RANK || order == ORDER_TITLE ?
		    sqlite3_column_double(s, NDOC_COLS) : 0.0;
		x->snippet = row_snippet(s, order, &x->doc);
		/* the named step's rows are final once it sorts them */
		if (order != ORDER_NAMED)
			early_give(se, order, from);
	}
	if (order == ORDER_NAMED && !ix->err) {
		named_sort(nm, hs->v + from, hs->n - from);
		if (hs->n > from + (size_t)limit) {
			hits_free_tail(hs->v + from + limit,
			    hs->n - from - (size_t)limit);
			hs->n = from + (size_t)limit;
		}
		named_snippets(ix, se->q, hs->v + from, hs->n - from);
	}
	if (order == ORDER_TITLE && se->titles && !ix->err)
		title_snippets(se, hs->v + from, hs->n - from);
	early_give(se, order, from);
fail:
	sqlite3_finalize(s);
	idx_sqlq_free(&sq);
	return ix->err ? -1 : 0;
}

/* How many documents an FTS5 expression matches (filters aside), up to
 * RANK_ALL + 1, in fts or titles (id S_MATCH_COUNT or S_TITLES_COUNT):
 * the count stops there, so that a common word costs no more to count
 * than a rare one. */
static long
match_count(struct index *ix, enum stmt_id id, const char *match)
{
	sqlite3_stmt *s = idx_stmt(ix, id);
	long n = -1;

	idx_search_trace(ix, s);
	idx_bind_text(s, 1, match);
	idx_bind_int(s, 2, RANK_ALL + 1);
	if (idx_row(ix, s, "searching") == 1)
		n = (long)sqlite3_column_int64(s, 0);
	idx_stmt_done(s);
	return n;
}

/* Add the documents statement id finds for key to nm, at tier. */
static void
named_add(struct index *ix, enum stmt_id id, const char *key, int tier,
    struct named *nm)
{
	sqlite3_stmt *s = idx_stmt(ix, id);
	long doc;

	idx_bind_text(s, 1, key);
	idx_bind_int(s, 2, NAMED_MAX * 4);
	while (nm->n < NAMED_MAX && idx_row(ix, s, "finding names") == 1) {
		doc = (long)sqlite3_column_int64(s, 0);
		if (named_tier(nm, doc) < 2)
			continue;
		nm->ids[nm->n] = doc;
		nm->tier[nm->n++] = tier;
	}
	idx_stmt_done(s);
}

/*
 * The documents named by a query of words (struct query's name): a
 * file name, title or alias that is the query, then (the query has three
 * characters or more) those that start with it. Lookups in names_key:
 * their cost does not grow with the vault. Not with a tag:, links:,
 * from: or substring filter beside the words.
 */
static void
named_find(struct index *ix, const struct query *q, struct named *nm)
{
	char *key;
	size_t i;

	nm->n = 0;
	if (!q->name)
		return;
	/* the filters that are subqueries (tags, links, substrings) cost a
	 * pass over what they select in each statement: at 100k notes a
	 * common tag took tens of milliseconds for a handful of names */
	for (i = 0; i < q->nfilters; i++)
		if (q->filters[i].kind != QF_TYPE &&
		    q->filters[i].kind != QF_STATUS &&
		    q->filters[i].kind != QF_LANG)
			return;
	key = idx_name_key(q->name);
	if (*key && strcmp(key, "untitled") != 0) {
		named_add(ix, S_NAMED_EXACT, key, 0, nm);
		if (utf8_chars(key) >= 3)
			named_add(ix, S_NAMED_PREFIX, key, 1, nm);
	}
	free(key);
}

/*
 * A word query. bm25 costs a few microseconds for every document that
 * matches, so a query matching more than RANK_ALL documents ranks only
 * those that match it in their title or aliases (few, and the best; by
 * stratus_rank, whose first row does not read every phrase's doclist as
 * bm25's does), and the rest follow unranked, in index order.
 */
static int
search_words(struct search *se)
{
	struct index *ix = se->ix;
	const struct query *q = se->q;
	struct hits *hs = &se->hs;
	int limit = se->limit, rc = 0;
	struct buf tags = BUF_INIT;
	struct named nm;
	char *m, *all;
	long total = -1;

	/* the notes the query names come first */
	named_find(ix, q, &nm);
	if (ix->err)
		return -1;
	if (nm.n > 0)
		rc = search_run(se, q->match, NULL, ORDER_NAMED, limit, &nm);
	if (rc < 0 || hs->n >= (size_t)limit)
		return rc;
	/* without a NOT, matching in the title implies matching at all,
	 * and the title step runs on the titles table: it finds and ranks
	 * the titles of a common word without reading its positions in
	 * every note's body (at 100k notes 2,600 titles of "deploy" among
	 * 42,000 notes: 21 ms to 7) */
	se->titles = !q->negated;
	if (q->negated)
		m = xasprintf("{title aliases} : (%s) AND (%s)", q->match,
		    q->match);
	else
		m = xasprintf("{title aliases} : (%s)", q->match);
	/* when the titles hold more than RANK_ALL so does the whole: the
	 * count of the titles (cheap in their table) spares that of the
	 * whole, which for a prefix the prefix index does not hold merges
	 * the doclists of every term it starts (30 ms for "serv" at 100k);
	 * in fts, with a NOT, only for one word beside a filter */
	if (se->titles)
		total = match_count(ix, S_TITLES_COUNT, m);
	else if (!ix->search_plain && q->prefix_max > 0 &&
	    (q->prefix_max > FTS_PREFIX || q->prefix_min < FTS_PREFIX) &&
	    q->name && !strchr(q->name, ' ') && se->plan.filtered)
		total = match_count(ix, S_MATCH_COUNT, m);
	if (total <= RANK_ALL)
		total = match_count(ix, S_MATCH_COUNT, q->match);
	if (total < 0) {
		free(m);
		return -1;
	}
	if (total <= RANK_ALL) {
		free(m);
		return search_run(se, q->match, NULL, ORDER_RANK,
		    limit - (int)hs->n, NULL);
	}
	se->tag_phrases = ix->search_plain ? 0 : idx_tag_terms(q, &tags);
	all = xasprintf("%s%s", m, buf_str(&tags));
	rc = search_run(se, all, NULL, ORDER_TITLE, limit - (int)hs->n, NULL);
	free(all);
	all = xasprintf("(%s)%s", q->match, buf_str(&tags));
	if (rc == 0 && hs->n < (size_t)limit)
		rc = search_run(se, all, NULL, ORDER_INDEX,
		    limit - (int)hs->n, NULL);
	free(all);
	free(m);
	buf_free(&tags);
	return rc;
}

int
index_searchn(struct index *ix, const char *text, size_t len, int limit,
    struct hit **out, size_t *n, char **cause)
{
	struct query *q = query_parse(text, len, 1);
	struct query_sub subs;
	struct search se;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit <= 0)
		limit = SEARCH_LIMIT;
	if (limit > SEARCH_LIMIT_MAX)
		limit = SEARCH_LIMIT_MAX;
	memset(&se, 0, sizeof se);
	se.ix = ix;
	se.q = q;
	se.limit = limit;
	se.plan_limit = ix->early_n > 0 && ix->early_n < limit ? ix->early_n :
	    limit;
	ix->snip_left = ix->snip_first;
	/* a filter that selects no note: nothing to search for */
	rc = idx_plan_make(&se);
	if (rc == 0 && !se.plan.none && q->match) {
		rc = search_words(&se);
		if (rc == 0 && se.hs.n == 0 && q->nsubs > 0) {
			subs.subs = q->subs;
			subs.n = q->nsubs;
			rc = search_run(&se, NULL, &subs, ORDER_RECENT, limit,
			    NULL);
		}
	} else if (rc == 0 && !se.plan.none)
		rc = search_run(&se, NULL, NULL, ORDER_RECENT, limit, NULL);
	query_free(q);
	ix->snip_left = -1;
	if (rc < 0) {
		hits_free(se.hs.v, se.hs.n);
		return idx_take_err(ix, cause);
	}
	*out = se.hs.v;
	*n = se.hs.n;
	return 0;
}

void
index_search_snippets(struct index *ix, int n)
{
	ix->snip_first = n < 0 ? -1 : n;
}

void
index_search_early(struct index *ix, int n,
    void (*fn)(void *, const struct hit *, size_t), void *arg)
{
	ix->early_n = fn ? n : 0;
	ix->early_fn = fn;
	ix->early_arg = arg;
}

struct hit *
hits_copy(const struct hit *v, size_t n)
{
	struct hit *c = xcalloc(n + 1, sizeof *c);
	const struct doc *d;
	struct doc *e;
	size_t i, k;

	for (i = 0; i < n; i++) {
		d = &v[i].doc;
		e = &c[i].doc;
		e->id = d->id;
		e->path = xstrdup_or_null(d->path);
		e->slug = xstrdup_or_null(d->slug);
		e->lang = xstrdup_or_null(d->lang);
		e->title = xstrdup_or_null(d->title);
		e->summary = xstrdup_or_null(d->summary);
		e->type = xstrdup_or_null(d->type);
		e->status = xstrdup_or_null(d->status);
		e->created = xstrdup_or_null(d->created);
		e->updated = xstrdup_or_null(d->updated);
		e->key = xstrdup_or_null(d->key);
		e->tags = xcalloc(d->ntags + 1, sizeof *e->tags);
		for (k = 0; k < d->ntags; k++)
			e->tags[k] = xstrdup(d->tags[k]);
		e->ntags = d->ntags;
		c[i].score = v[i].score;
		c[i].snippet = xstrdup_or_null(v[i].snippet);
	}
	return c;
}

void
hits_take_snippets(struct hit *v, size_t n, struct hit *from, size_t m)
{
	size_t i, k;

	for (k = 0; k < m; k++)
		for (i = 0; i < n; i++)
			if (v[i].doc.id == from[k].doc.id && !v[i].snippet) {
				v[i].snippet = from[k].snippet;
				from[k].snippet = NULL;
				break;
			}
}

int
index_snippets(struct index *ix, const char *query, const long *ids,
    size_t n, char **out, char **cause)
{
	struct query *q;
	size_t i;
	int rc = 0;

	q = query_parse(query ? query : "", query ? strlen(query) : 0, 1);
	ix->snip_left = -1;
	if (q->match)
		rc = snippets_fill(ix, q->match, ids, n, out);
	else
		for (i = 0; i < n; i++)
			out[i] = NULL;	/* the summaries stand in */
	query_free(q);
	return rc < 0 ? idx_take_err(ix, cause) : 0;
}

void
index_search_plain(struct index *ix, int on)
{
	ix->search_plain = on;
}

void
index_search_trace(struct index *ix, void (*fn)(void *, const char *,
    const char *), void *arg)
{
	ix->trace = fn;
	ix->trace_arg = arg;
}

int
index_search(struct index *ix, const char *query, int limit,
    struct hit **out, size_t *n, char **cause)
{
	return index_searchn(ix, query ? query : "", query ? strlen(query) :
	    0, limit, out, n, cause);
}
