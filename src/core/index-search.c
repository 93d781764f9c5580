/*
 * index-search.c: search over the index: a query (query.h) as one or a
 * few SQL statements over the full-text and trigram tables, its filters
 * as SQL conditions, ranked by bm25 when that is cheap enough.
 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/resolve.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_LIMIT	20
#define SEARCH_LIMIT_MAX 10000
#define RANK_ALL	1000	/* matches ranked by bm25 in full */
#define NAMED_MAX	64	/* documents named by the query, ranked first */

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

/* The note key a links:/from: value names: a key, else a note found like
 * a wikilink, else the value itself (which then matches nothing). */
static char *
name_to_key(struct index *ix, const char *name)
{
	sqlite3_stmt *s = idx_stmt(ix, S_SLUG_EXISTS);
	struct resolver *r;
	struct resolution res;
	struct doc d;
	char *slug = NULL;

	idx_bind_text(s, 1, name);
	if (idx_row(ix, s, "finding a note") == 1)
		slug = xstrdup(name);
	idx_stmt_done(s);
	if (slug)
		return slug;
	r = idx_resolver_for_name(ix, name, NULL);
	if (r) {
		res = resolver_resolve(r, "", name, ix->default_lang);
		resolver_free(r);
		if (res.id >= 0 && idx_doc_get(ix, res.id, &d) == 0) {
			slug = xstrdup(d.key);
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

/* SQL conditions for the filters of side alt (-1: of the whole query),
 * each starting with " AND ". */
static void
filter_conds(struct index *ix, const struct query *q, int alt,
    struct sqlq *sq)
{
	static const char *const cols[] = {
		[QF_TYPE] = "d.type", [QF_STATUS] = "d.status",
		[QF_LANG] = "d.lang",
	};
	struct buf *b = &sq->sql;
	const struct qfilter *f;
	size_t i;
	int p, any;
	enum qf_kind k;

	/* type:, status:, lang:: alternatives within a kind */
	for (k = QF_TYPE; k <= QF_LANG; k++) {
		any = 0;
		for (i = 0; i < q->nfilters; i++) {
			f = &q->filters[i];
			if (f->kind != k || f->neg || f->alt != alt)
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
		if (f->alt != alt)
			continue;
		if (f->kind == QF_TYPE || f->kind == QF_STATUS ||
		    f->kind == QF_LANG) {
			if (!f->neg || !(p = sqlq_val(sq, f->value, NULL)))
				continue;
			buf_printf(b, " AND %s != ?%d", cols[f->kind], p);
			continue;
		}
		if (f->kind == QF_LINKS || f->kind == QF_FROM)
			p = sqlq_val(sq, NULL, name_to_key(ix, f->value));
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
			    "ON l.dst = t.id WHERE t.note = ?%d", p);
			break;
		case QF_FROM:
			buf_printf(b, "SELECT t.id FROM docs s JOIN links l "
			    "ON l.src = s.id JOIN docs u ON u.id = l.dst "
			    "JOIN docs t ON t.note = u.note "
			    "WHERE s.note = ?%d", p);
			break;
		case QF_PATH:
			buf_printf(b, "SELECT id FROM docs WHERE instr('/' "
			    "|| lower(path), '/' || lower(?%d)) > 0", p);
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
}

/* The sides of a top-level OR (query.h): " AND (side OR side ...)", a
 * side being its MATCH, its exclusion and its filters ANDed. A side whose
 * MATCH finds no room among the bound values matches nothing. */
static void
alts_sql(struct index *ix, const struct query *q, struct sqlq *sq)
{
	struct buf *b = &sq->sql;
	size_t i;
	int p;

	buf_adds(b, " AND (");
	for (i = 0; i < q->nalts; i++) {
		buf_adds(b, i ? " OR (1" : "(1");
		if (q->alts[i].match) {
			p = sqlq_val(sq, q->alts[i].match, NULL);
			if (p)
				buf_printf(b, " AND d.id IN (SELECT rowid "
				    "FROM fts WHERE fts MATCH ?%d)", p);
			else
				buf_adds(b, " AND 0");
		}
		if (q->alts[i].exclude) {
			p = sqlq_val(sq, q->alts[i].exclude, NULL);
			if (p)
				buf_printf(b, " AND d.id NOT IN (SELECT rowid "
				    "FROM fts WHERE fts MATCH ?%d)", p);
		}
		filter_conds(ix, q, (int)i, sq);
		buf_adds(b, ")");
	}
	buf_adds(b, ")");
}

/* SQL conditions for the filters, the sides of a top-level OR, the
 * substrings extra and the exclusion, each starting with " AND ". */
static void
filters_sql(struct index *ix, const struct query *q,
    const struct query_sub *extra, struct sqlq *sq)
{
	struct buf *b = &sq->sql;
	size_t j;
	int p;

	filter_conds(ix, q, -1, sq);
	if (q->nalts > 0)
		alts_sql(ix, q, sq);
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
	ORDER_NAMED,	/* MATCH among the documents of struct named,
			 * by tier, then bm25 */
	ORDER_TITLE,	/* MATCH, by stratus_rank (bm25 without the
			 * phrases' weights: cheap for common words) */
};

/* as FTS5's rank, so that FTS5 sorts the rowids and the snippets are
 * made for the rows kept only */
#define TITLE_RANK	" AND fts.rank MATCH " \
	"'stratus_rank(10.0, 8.0, 6.0, 3.0, 1.0)'"

/* Documents named by the query (their file name, title or an alias):
 * those whose name is the query, then those whose name starts with it. */
struct named {
	long ids[NAMED_MAX];
	int tier[NAMED_MAX];	/* 0: the name is the query; 1: a prefix */
	size_t n;
};

/* Results gathered over several statements. */
struct hits {
	struct hit *v;
	size_t n, cap;
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
		buf_addc(&m, '"');
		for (; p < sp; p++) {
			if (*p == '"')
				buf_addc(&m, '"');
			buf_addc(&m, *p);
		}
		buf_addc(&m, '"');
	}
	if (sqlite3_prepare_v2(ix->db, "SELECT stratus_snippet(fts, 4, 16) "
	    "FROM fts WHERE fts MATCH ?1 AND rowid = ?2", -1, &s, NULL) !=
	    SQLITE_OK) {
		buf_free(&m);
		return;		/* the summaries stay */
	}
	for (i = 0; i < n; i++) {
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
 * One search statement, its hits appended to hs (at most limit). match
 * is the FTS5 expression (ORDER_RANK, ORDER_INDEX); documents already in
 * hs are left out.
 */
static int
search_run(struct index *ix, const struct query *q, const char *match,
    const struct query_sub *extra, enum order order, int limit,
    struct hits *hs, const struct named *nm)
{
	struct sqlq sq;
	sqlite3_stmt *s = NULL;
	size_t i, from = hs->n;
	int rc;

	memset(&sq, 0, sizeof sq);
	if (order == ORDER_NAMED)
		buf_adds(&sq.sql, "SELECT " DOC_COLS ", 0.0, NULL "
		    "FROM docs d WHERE ?1 IS NULL");
	else if (order != ORDER_RECENT)
		/* not the rank unless it orders: bm25's first row reads the
		 * whole doclist of every phrase to count its documents */
		buf_printf(&sq.sql, "SELECT " DOC_COLS ", %s, "
		    "stratus_snippet(fts, 4, 16) "
		    "FROM fts CROSS JOIN docs d ON d.id = fts.rowid "
		    "WHERE fts MATCH ?1%s", order == ORDER_RANK ||
		    order == ORDER_TITLE ? "fts.rank" : "0.0",
		    order == ORDER_TITLE ? TITLE_RANK : "");
	else
		buf_adds(&sq.sql, "SELECT " DOC_COLS ", 0.0, NULL "
		    "FROM docs d WHERE ?1 IS NULL");
	filters_sql(ix, q, extra, &sq);
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
	if (order == ORDER_RANK || order == ORDER_TITLE)
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
		if (sqlite3_column_type(s, NDOC_COLS + 1) != SQLITE_NULL &&
		    (strchr(idx_col_str(s, NDOC_COLS + 1), SNIP_OPEN) ||
		    !*x->doc.summary))
			x->snippet = idx_col_dup(s, NDOC_COLS + 1);
		else
			x->snippet = xstrdup(x->doc.summary);
		snippet_flatten(x->snippet);
	}
	if (order == ORDER_NAMED && !ix->err) {
		named_sort(nm, hs->v + from, hs->n - from);
		if (hs->n > from + (size_t)limit) {
			hits_free_tail(hs->v + from + limit,
			    hs->n - from - (size_t)limit);
			hs->n = from + (size_t)limit;
		}
		named_snippets(ix, q, hs->v + from, hs->n - from);
	}
fail:
	sqlite3_finalize(s);
	sqlq_free(&sq);
	return ix->err ? -1 : 0;
}

/* How many documents an FTS5 expression matches (filters aside), up to
 * RANK_ALL + 1: the count stops there, so that a common word costs no
 * more to count than a rare one. */
static long
match_count(struct index *ix, const char *match)
{
	sqlite3_stmt *s = idx_stmt(ix, S_MATCH_COUNT);
	long n = -1;

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
search_words(struct index *ix, const struct query *q, int limit,
    struct hits *hs)
{
	struct named nm;
	char *m;
	long total;
	int rc = 0;

	/* the notes the query names come first */
	named_find(ix, q, &nm);
	if (ix->err)
		return -1;
	if (nm.n > 0)
		rc = search_run(ix, q, q->match, NULL, ORDER_NAMED, limit, hs,
		    &nm);
	if (rc < 0 || hs->n >= (size_t)limit)
		return rc;
	total = match_count(ix, q->match);
	if (total < 0)
		return -1;
	if (total <= RANK_ALL)
		return search_run(ix, q, q->match, NULL, ORDER_RANK,
		    limit - (int)hs->n, hs, NULL);
	/* without a NOT, matching in the title implies matching at all */
	if (q->negated)
		m = xasprintf("{title aliases} : (%s) AND (%s)", q->match,
		    q->match);
	else
		m = xasprintf("{title aliases} : (%s)", q->match);
	rc = search_run(ix, q, m, NULL, ORDER_TITLE, limit - (int)hs->n, hs,
	    NULL);
	free(m);
	if (rc == 0 && hs->n < (size_t)limit)
		rc = search_run(ix, q, q->match, NULL, ORDER_INDEX,
		    limit - (int)hs->n, hs, NULL);
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
			    &hs, NULL);
		}
	} else
		rc = search_run(ix, q, NULL, NULL, ORDER_RECENT, limit, &hs,
		    NULL);
	query_free(q);
	if (rc < 0) {
		hits_free(hs.v, hs.n);
		return idx_take_err(ix, cause);
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
