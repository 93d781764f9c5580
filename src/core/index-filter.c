/*
 * index-filter.c: the filters of a search as SQL. Each filter of the
 * whole query becomes the set of the notes it selects (IN) or a check on
 * each row (EXISTS), as a plan made by counting their notes says; the
 * fallback's substrings, the sides of a top-level OR and the tags as
 * full-text phrases are written here too. index-search.c runs them.
 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/resolve.h"
#include "core/utf8.h"
#include "core/util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The columns of docs that type:, status: and lang: test, each with an
 * index docs_<column>. */
static const char *const column_of[] = {
	[QF_TYPE] = "type", [QF_STATUS] = "status", [QF_LANG] = "lang",
};

static int
is_column_kind(enum qf_kind k)
{
	return k == QF_TYPE || k == QF_STATUS || k == QF_LANG;
}

static int
has_like_wildcard(const char *s)
{
	return strchr(s, '%') || strchr(s, '_') || strchr(s, '\\');
}

/* Can the trigram index answer "the names hold substring v" (LIKE)?
 * substr_val() binds and substr_set() writes by the same answer. */
static int
substr_by_trigram(const char *v)
{
	return utf8_chars(v) >= 3 && !has_like_wildcard(v);
}

/* Add a bound value; returns its parameter number (from 3). */
int
idx_sqlq_val(struct sqlq *q, const char *v, char *owned)
{
	if (q->nvals >= (int)(sizeof q->vals / sizeof q->vals[0])) {
		free(owned);
		return 0;
	}
	q->vals[q->nvals] = owned ? owned : v;
	q->own[q->nvals] = owned;
	return 3 + q->nvals++;
}

void
idx_sqlq_free(struct sqlq *q)
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

/* Is filter i the one that stands for its kind on its side? The values
 * of type:, status: and lang: written positively on one side are
 * alternatives, one condition led by the first; every other filter
 * stands for itself. */
static int
filter_leads(const struct query *q, size_t i)
{
	const struct qfilter *f = &q->filters[i], *g;
	size_t j;

	if (!is_column_kind(f->kind) || f->neg)
		return 1;
	for (j = 0; j < i; j++) {
		g = &q->filters[j];
		if (g->kind == f->kind && !g->neg && g->alt == f->alt)
			return 0;
	}
	return 1;
}

/* Append "<column> IN (?3, ?4)" for the column filter i: its own value
 * when negated, else every positive value of its kind on its side (they
 * are alternatives). Returns 0, having appended nothing, when none of
 * its values found room. */
static int
column_in(const struct query *q, size_t i, struct sqlq *sq)
{
	const struct qfilter *f = &q->filters[i], *g;
	size_t j, at = sq->sql.len;
	int p, any = 0;

	buf_printf(&sq->sql, "%s IN (", column_of[f->kind]);
	for (j = i; j < q->nfilters; j++) {
		g = &q->filters[j];
		if (j > i && (f->neg || g->kind != f->kind || g->neg ||
		    g->alt != f->alt))
			continue;
		if ((p = idx_sqlq_val(sq, g->value, NULL)) == 0)
			continue;
		buf_printf(&sq->sql, "%s?%d", any ? ", " : "", p);
		any = 1;
		if (f->neg)
			break;
	}
	if (!any) {
		buf_truncate(&sq->sql, at);
		return 0;
	}
	buf_adds(&sq->sql, ")");
	return 1;
}

static void
tag_cond(struct buf *b, const struct qfilter *f, int p)
{
	if (f->prefix)
		buf_printf(b, "tag >= ?%d AND tag < ?%d || char(1114111)", p,
		    p);
	else
		buf_printf(b, "tag = ?%d OR (tag > ?%d || '/' AND "
		    "tag < ?%d || '0')", p, p, p);
}

/* Bind the substring v as substr_set() tests it: "%v%" for LIKE when
 * the trigram index can answer, else v; 0 when no room. */
static int
substr_val(struct sqlq *sq, const char *v)
{
	if (substr_by_trigram(v))
		return idx_sqlq_val(sq, NULL, xasprintf("%%%s%%", v));
	return idx_sqlq_val(sq, v, NULL);
}

/* Bind the value of the non-column filter f in sq; 0 when no room. */
static int
filter_val(struct index *ix, const struct qfilter *f, struct sqlq *sq)
{
	if (f->kind == QF_LINKS || f->kind == QF_FROM)
		return idx_sqlq_val(sq, NULL, name_to_key(ix, f->value));
	if (f->kind == QF_SUBSTR)
		return substr_val(sq, f->value);
	return idx_sqlq_val(sq, f->value, NULL);
}

/* Append a subquery of the notes whose titles, aliases, tags or
 * headings hold v, bound as ?p by substr_val(). */
static void
substr_set(struct buf *b, const char *v, int p)
{
	if (substr_by_trigram(v))
		buf_printf(b, "SELECT rowid FROM tri WHERE subs LIKE ?%d", p);
	else
		buf_printf(b, "SELECT id FROM body WHERE instr(subs, ?%d) > 0",
		    p);
}

/* Append a subquery of the ids of the notes filter i selects (for a
 * column filter, any of its values); 0 when its values found no room. */
static int
filter_set(struct index *ix, const struct query *q, size_t i,
    struct sqlq *sq)
{
	const struct qfilter *f = &q->filters[i];
	struct buf *b = &sq->sql;
	size_t at = b->len;
	int p;

	if (is_column_kind(f->kind)) {
		buf_adds(b, "SELECT id FROM docs WHERE ");
		if (column_in(q, i, sq))
			return 1;
		buf_truncate(b, at);
		return 0;
	}
	if ((p = filter_val(ix, f, sq)) == 0)
		return 0;
	switch (f->kind) {
	case QF_TAG:
		buf_adds(b, "SELECT doc FROM tags WHERE ");
		tag_cond(b, f, p);
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
	default:	/* QF_SUBSTR */
		substr_set(b, f->value, p);
		break;
	}
	return 1;
}

/*
 * Append " AND " and the check of filter i on the note whose id is id:
 * EXISTS in its tags, or in the index of its column (docs_type...: a
 * probe of a small index, where reading the note's row from docs would
 * cost a page of a large table for every row that fails).
 */
static void
filter_check(const struct query *q, size_t i, const char *id,
    struct sqlq *sq)
{
	const struct qfilter *f = &q->filters[i];
	struct buf *b = &sq->sql;
	size_t at = b->len;
	int p;

	if (is_column_kind(f->kind)) {
		buf_printf(b, " AND %sEXISTS (SELECT 1 FROM docs INDEXED BY "
		    "docs_%s WHERE ", f->neg ? "NOT " : "", column_of[f->kind]);
		if (column_in(q, i, sq))
			buf_printf(b, " AND id = %s)", id);
		else
			buf_truncate(b, at);
		return;
	}
	if ((p = idx_sqlq_val(sq, f->value, NULL)) == 0)
		return;
	buf_printf(b, " AND %sEXISTS (SELECT 1 FROM tags WHERE doc = %s "
	    "AND (", f->neg ? "NOT " : "", id);
	tag_cond(b, f, p);
	buf_adds(b, "))");
}

/*
 * SQL conditions for the filters of side alt (-1: of the whole query),
 * each starting with " AND ", as the plan says for a statement that
 * orders as order does. In a full-text statement they test fts.rowid
 * (titles.rowid in the title step on that table), so that a note that
 * fails is not read from docs (unary + on a set:
 * FTS5 would take rowid IN (...) as a list of rowids to look up, and
 * run the expression again for each).
 */
static void
filter_conds(struct search *se, int alt, enum order order, struct sqlq *sq)
{
	const struct query *q = se->q;
	struct buf *b = &sq->sql;
	int fts = order != ORDER_RECENT && order != ORDER_NAMED;
	const char *rid = !fts ? "d.id" : order == ORDER_TITLE &&
	    se->titles ? "titles.rowid" : "fts.rowid";
	size_t i, at;
	enum fway way;

	for (i = 0; i < q->nfilters; i++) {
		if (q->filters[i].alt != alt || !filter_leads(q, i))
			continue;
		way = alt < 0 ? se->plan.way[i] :
		    is_column_kind(q->filters[i].kind) ? FW_CHECK : FW_SET;
		if (alt < 0 && order == ORDER_RECENT && (int)i == se->plan.lead)
			way = FW_SET;
		if (way == FW_CHECK) {
			filter_check(q, i, rid, sq);
			continue;
		}
		at = b->len;
		buf_printf(b, " AND %s%s %sIN (", fts ? "+" : "", rid,
		    q->filters[i].neg ? "NOT " : "");
		if (filter_set(se->ix, q, i, sq))
			buf_adds(b, ")");
		else
			buf_truncate(b, at);
	}
}

/* The sides of a top-level OR (query.h): " AND (side OR side ...)", a
 * side being its MATCH, its exclusion and its filters ANDed. A side whose
 * MATCH finds no room among the bound values matches nothing. */
static void
alts_sql(struct search *se, enum order order, struct sqlq *sq)
{
	const struct query *q = se->q;
	struct buf *b = &sq->sql;
	size_t i;
	int p;

	buf_adds(b, " AND (");
	for (i = 0; i < q->nalts; i++) {
		buf_adds(b, i ? " OR (1" : "(1");
		if (q->alts[i].match) {
			p = idx_sqlq_val(sq, q->alts[i].match, NULL);
			if (p)
				buf_printf(b, " AND d.id IN (SELECT rowid "
				    "FROM fts WHERE fts MATCH ?%d)", p);
			else
				buf_adds(b, " AND 0");
		}
		if (q->alts[i].exclude) {
			p = idx_sqlq_val(sq, q->alts[i].exclude, NULL);
			if (p)
				buf_printf(b, " AND d.id NOT IN (SELECT rowid "
				    "FROM fts WHERE fts MATCH ?%d)", p);
		}
		filter_conds(se, (int)i, order, sq);
		buf_adds(b, ")");
	}
	buf_adds(b, ")");
}

/* Append the n bytes of s to b as an FTS5 string (a quote doubled). */
void
idx_fts_quote(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

/*
 * The trigrams of s (the 3 characters at each of its characters) as an
 * FTS5 AND of the trigram table: the notes that may hold s, from the
 * doclists alone, where subs LIKE reads the row of every candidate to
 * test it (24 ms for "tag" at 100k notes, 2,800 of them). NULL when s
 * has fewer than 3 characters.
 */
static char *
trigram_and(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p, *e;
	int k;

	for (p = s; *p; ) {
		for (e = p, k = 0; *e && k < 3; k++)
			for (e++; ((unsigned char)*e & 0xc0) == 0x80; e++)
				;
		if (k < 3)
			break;
		if (b.len)
			buf_adds(&b, " AND ");
		idx_fts_quote(&b, p, (size_t)(e - p));
		for (p++; ((unsigned char)*p & 0xc0) == 0x80; p++)
			;
	}
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Hand s's SQL and its plan to the search trace (index_search_trace). */
void
idx_search_trace(struct index *ix, sqlite3_stmt *s)
{
	sqlite3_stmt *e = NULL;
	struct buf plan = BUF_INIT;
	char *sql;

	if (!ix->trace || !s)
		return;
	sql = xasprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(s));
	if (sqlite3_prepare_v2(ix->db, sql, -1, &e, NULL) == SQLITE_OK)
		while (sqlite3_step(e) == SQLITE_ROW)
			buf_printf(&plan, "%s\n", idx_col_str(e, 3));
	sqlite3_finalize(e);
	ix->trace(ix->trace_arg, sqlite3_sql(s), buf_str(&plan));
	buf_free(&plan);
	free(sql);
}

/* Close the count in sq ("SELECT count(*) FROM (<subquery>") with
 * LIMIT cap and run it: how many rows the subquery gives, up to cap (the
 * count reads that many entries of an index at most); -1 on error. */
static long
count_run(struct index *ix, struct sqlq *sq, long cap)
{
	sqlite3_stmt *s = NULL;
	long n = -1;
	int k;

	buf_printf(&sq->sql, " LIMIT %ld)", cap);
	if (sqlite3_prepare_v2(ix->db, buf_str(&sq->sql), -1, &s, NULL) !=
	    SQLITE_OK)
		idx_sql_fail(ix, "preparing a search");
	else {
		idx_search_trace(ix, s);
		for (k = 0; k < sq->nvals; k++)
			idx_bind_text(s, 3 + k, sq->vals[k]);
		if (idx_row(ix, s, "searching") == 1)
			n = (long)sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return n;
}

/*
 * " AND " the notes hold the substring v (the fallback of a word search).
 * A common one (the trigram doclists give few or more candidates) walks
 * docs_recent: each note is looked up in the candidates (unary +: a set
 * probed, not driven through) and the LIKE is tested on the notes in it
 * only; a rare one is the set of the notes LIKE finds (which drives).
 */
static void
substr_cond(struct search *se, const char *v, struct sqlq *sq)
{
	struct sqlq cq;
	char *tg = NULL;
	long n = 0;
	int p, pt;

	if (!se->ix->search_plain && !has_like_wildcard(v) &&
	    (tg = trigram_and(v)) != NULL) {
		memset(&cq, 0, sizeof cq);
		buf_adds(&cq.sql, "SELECT count(*) FROM (SELECT rowid FROM tri "
		    "WHERE tri MATCH ?3");
		idx_sqlq_val(&cq, tg, NULL);
		n = count_run(se->ix, &cq, se->plan.few);
		idx_sqlq_free(&cq);
	}
	if ((p = substr_val(sq, v)) == 0) {
		free(tg);
		return;
	}
	if (tg && n >= se->plan.few) {
		/* tg goes to sq (or is freed when there is no room) */
		if ((pt = idx_sqlq_val(sq, NULL, tg)) != 0) {
			buf_printf(&sq->sql, " AND +d.id IN (SELECT rowid "
			    "FROM tri WHERE tri MATCH ?%d) AND EXISTS (SELECT "
			    "1 FROM body WHERE id = d.id AND subs LIKE ?%d)",
			    pt, p);
			return;
		}
		tg = NULL;
	}
	free(tg);
	buf_adds(&sq->sql, " AND d.id IN (");
	substr_set(&sq->sql, v, p);
	buf_adds(&sq->sql, ")");
}

/* SQL conditions for the filters, the sides of a top-level OR, the
 * substrings extra and the exclusion, each starting with " AND ". */
void
idx_filters_sql(struct search *se, const struct query_sub *extra,
    enum order order, struct sqlq *sq)
{
	const struct query *q = se->q;
	size_t j;
	int p;

	filter_conds(se, -1, order, sq);
	if (q->nalts > 0)
		alts_sql(se, order, sq);
	for (j = 0; extra && j < extra->n; j++)
		substr_cond(se, extra->subs[j], sq);
	if (q->exclude && (p = idx_sqlq_val(sq, q->exclude, NULL)))
		buf_printf(&sq->sql, " AND d.id NOT IN (SELECT rowid FROM fts "
		    "WHERE fts MATCH ?%d)", p);
}

/* How many notes filter i selects, up to cap; -1 on error. */
static long
filter_count(struct search *se, size_t i, long cap)
{
	struct sqlq sq;
	long n = cap;	/* no room for its values: as if common */

	memset(&sq, 0, sizeof sq);
	buf_adds(&sq.sql, "SELECT count(*) FROM (");
	if (filter_set(se->ix, se->q, i, &sq))
		n = count_run(se->ix, &sq, cap);
	idx_sqlq_free(&sq);
	return n;
}

/* Can filter i be counted through an index (its tag, or its column)? */
static int
countable(const struct query *q, size_t i)
{
	const struct qfilter *f = &q->filters[i];

	return f->alt < 0 && filter_leads(q, i) && (f->kind == QF_TAG ||
	    is_column_kind(f->kind));
}

/*
 * Which of several common filters leads a listing of the latest notes.
 * docs_recent read in order stops after limit / s notes, s the share of
 * notes that pass every filter (taken as independent); a set of n notes
 * costs n lookups and a sort, about twice a step of the walk. When the
 * walk would cost more, the filter that selects the fewest notes leads.
 */
static void
plan_lead(struct search *se, long few)
{
	const struct query *q = se->q;
	double walk = se->plan_limit;
	long n, least = -1;
	size_t i, npos = 0;

	for (i = 0; i < q->nfilters; i++) {
		if (q->filters[i].alt >= 0 || q->filters[i].neg)
			continue;
		if (se->plan.way[i] == FW_SET)
			return;		/* a set already leads */
		npos++;
	}
	if (npos < 2)
		return;
	for (i = 0; i < q->nfilters; i++) {
		if (!countable(q, i) || q->filters[i].neg)
			continue;
		if ((n = filter_count(se, i, 8 * few)) <= 0)
			return;
		walk *= (double)se->notes / (double)n;
		if (least < 0 || n < least) {
			least = n;
			se->plan.lead = (int)i;
		}
	}
	if (walk <= 2.0 * (double)least)
		se->plan.lead = -1;
}

/*
 * The plan of se's filters. Each filter of the whole query that an index
 * counts (tags, type:, status:, lang:) is counted up to few, and is a set
 * when it selects fewer notes, else checked on each row; the others stay
 * sets. few balances the two for a statement that keeps limit of N notes:
 * a set of n costs about n steps, a check about the limit / (n / N) rows
 * read to find limit that pass (docs_recent walked in order, or a
 * full-text doclist), so few = sqrt(limit * N / 2) (1,500 of 110,000
 * notes for 40). With index_search_early() the limit is that of the
 * first hits: the plan that brings the first screen soonest also serves
 * the rows below it (a substring of 2,500 notes at 100k: the set of 200
 * took 25 ms to its first row, the walk 3 ms to 40 and 9 to 200). A
 * filter that selects no note ends the search before it starts.
 * index_search_plain keeps every filter as it was written before
 * the plan (to check that both find the same).
 */
int
idx_plan_make(struct search *se)
{
	const struct query *q = se->q;
	sqlite3_stmt *s = NULL;
	size_t i;
	long n, few;

	se->plan.lead = -1;
	se->plan.none = 0;
	se->plan.filtered = 0;
	for (i = 0; i < q->nfilters; i++)
		se->plan.way[i] = is_column_kind(q->filters[i].kind) ?
		    FW_CHECK : FW_SET;
	if (se->ix->search_plain)
		return 0;
	/* the largest id: the notes, or a few more (O(log N)) */
	if (sqlite3_prepare_v2(se->ix->db, "SELECT max(id) FROM docs", -1,
	    &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		se->notes = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	few = (long)sqrt((double)se->plan_limit * (double)se->notes / 2.0) +
	    1;
	se->plan.few = few;
	for (i = 0; i < q->nfilters; i++) {
		se->plan.filtered |= q->filters[i].alt < 0;
		if (!countable(q, i))
			continue;
		if ((n = filter_count(se, i, few)) < 0)
			return -1;
		if (n == 0 && !q->filters[i].neg) {
			se->plan.none = 1;
			return 0;
		}
		se->plan.way[i] = n < few ? FW_SET : FW_CHECK;
	}
	if (!q->match)
		plan_lead(se, few);
	return se->ix->err ? -1 : 0;
}

/*
 * The tags the whole query requires as FTS5 phrases of the tags column
 * (" AND {tags} : ("aws")"), appended to b; returns how many. A note
 * with the tag aws (or aws/...) has the token aws in that column, so the
 * phrases narrow a full-text statement to the tag's notes (and a few
 * more, which the filter then drops): FTS5 steps through both doclists
 * together instead of handing every match to the filter. Only for a
 * value in ASCII, which the query and the column cut into the same
 * tokens (a character unicode61 takes for a separator but the query
 * keeps would make an empty phrase, which matches nothing).
 */
int
idx_tag_terms(const struct query *q, struct buf *b)
{
	const struct qfilter *f;
	const unsigned char *p;
	size_t i;
	int n = 0;

	for (i = 0; i < q->nfilters; i++) {
		f = &q->filters[i];
		if (f->kind != QF_TAG || f->neg || f->alt >= 0)
			continue;
		for (p = (const unsigned char *)f->value; *p && *p < 0x80; p++)
			;
		if (*p)
			continue;
		buf_adds(b, " AND {tags} : (");
		idx_fts_quote(b, f->value, strlen(f->value));
		buf_adds(b, f->prefix ? " *)" : ")");
		n++;
	}
	return n;
}
