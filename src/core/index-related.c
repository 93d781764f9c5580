/*
 * index-related.c: the notes related to a note (index_related), by links,
 * tags and text, computed in SQL over the index; and by the cosine of
 * the backend's embeddings pulled by a sync (index_related_semantic, the
 * embeds table). The scores are documented in stratus(1), RELATED NOTES.
 *
 * Cost is bounded by what the note touches, never by the vault: a hub
 * linking to or linked from more than HUB_MAX notes, a tag on more than
 * TAG_FIND_MAX documents and words in more than a tenth of the vault find
 * no notes of their own (they say little and would cost a scan); the
 * tags still add to the score of the notes found otherwise. A tag on more
 * than half the documents counts for nothing.
 */
#include "core/index-int.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STR(x)		STR_(x)
#define STR_(x)		#x

#define HUB_MAX		1000	/* notes a shared link may have */
#define CITERS_MAX	1000	/* notes linking here looked at */
#define TAG_FIND_MAX	1000	/* documents a tag may have to find notes */
#define TEXT_MAX_BYTES	(256 * 1024)	/* of each language, tokenised */
#define TERMS_MAX	12	/* distinctive words in the query */
#define TERMS_LOOKED	64	/* most frequent words whose rarity is read */
#define TEXT_HITS	200	/* text matches ranked */
#define TEXT_DF_BUDGET	5000	/* documents the words may match in all */
#define GROUPS_MAX	16	/* translations tokenised */
#define TEXT_FEW	5	/* documents a word may always be in */
#define TOKENS_MAX	200000	/* tokens of a note counted */

/* --- the distinctive words of a note ------------------------------------ */

struct term {
	char *t;
	int tf;
	int grp;	/* the text (document) it was seen in */
	long df;	/* other documents holding it; -1 not counted */
	double w;
};

struct terms {
	struct term *v;
	size_t n, cap;
	int grp;	/* ... of the text being tokenised */
};

static int
terms_add(void *ctx, int flags, const char *tok, int ntok, int start,
    int end)
{
	struct terms *ts = ctx;
	size_t i;
	int letter = 0;

	(void)flags;
	(void)start;
	(void)end;
	if (ntok < 3 || ntok > 40)
		return SQLITE_OK;
	for (i = 0; i < (size_t)ntok; i++)
		if (!(tok[i] >= '0' && tok[i] <= '9'))
			letter = 1;
	if (!letter || ts->n >= TOKENS_MAX)
		return SQLITE_OK;	/* numbers: ids and years, not topics */
	ts->v = xgrow(ts->v, &ts->cap, ts->n + 1, sizeof *ts->v);
	ts->v[ts->n].t = xstrndup(tok, (size_t)ntok);
	ts->v[ts->n].tf = 1;
	ts->v[ts->n].grp = ts->grp;
	ts->v[ts->n].df = -1;
	ts->v[ts->n++].w = 0;
	return SQLITE_OK;
}

static int
cmp_grp_t(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	if (x->grp != y->grp)
		return x->grp < y->grp ? -1 : 1;
	return strcmp(x->t, y->t);
}

/* The tokens, one per occurrence, into words counted per text. */
static void
terms_count(struct terms *ts)
{
	size_t i, k = 0;

	qsort(ts->v, ts->n, sizeof *ts->v, cmp_grp_t);
	for (i = 0; i < ts->n; i++) {
		if (k && ts->v[k - 1].grp == ts->v[i].grp &&
		    strcmp(ts->v[k - 1].t, ts->v[i].t) == 0) {
			ts->v[k - 1].tf++;
			free(ts->v[i].t);
		} else
			ts->v[k++] = ts->v[i];
	}
	ts->n = k;
}

static void
terms_free(struct terms *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		free(ts->v[i].t);
	free(ts->v);
	memset(ts, 0, sizeof *ts);
}

static int
cmp_tf(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	if (x->tf != y->tf)
		return x->tf < y->tf ? 1 : -1;
	return strcmp(x->t, y->t);
}

static int
cmp_w(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return strcmp(x->t, y->t);
}

static fts5_api *
fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

/* Tokenise the note's titles and bodies as the fts table does (unicode61,
 * diacritics removed), counting each word. */
static int
note_words(struct index *ix, const char *key, struct terms *ts)
{
	static const char *targs[] = {"remove_diacritics", "2"};
	fts5_api *api = fts5_of(ix->db);
	fts5_tokenizer tk;
	Fts5Tokenizer *tok = NULL;
	void *ud = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	if (!api || api->xFindTokenizer(api, "unicode61", &ud, &tk) !=
	    SQLITE_OK || tk.xCreate(ud, targs, 2, &tok) != SQLITE_OK)
		return idx_sql_fail(ix, "finding the tokenizer");
	rc = sqlite3_prepare_v2(ix->db, "SELECT b.title, substr(b.body, 1, "
	    STR(TEXT_MAX_BYTES) ") FROM body b JOIN docs d ON d.id = b.id"
	    " WHERE d.note = ?1 LIMIT " STR(GROUPS_MAX), -1, &s, NULL);
	if (rc != SQLITE_OK) {
		tk.xDelete(tok);
		return idx_sql_fail(ix, "reading the note's text");
	}
	idx_bind_text(s, 1, key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int c;

		for (c = 0; c < 2; c++) {
			const char *t = (const char *)sqlite3_column_text(s, c);

			if (t)
				tk.xTokenize(tok, ts, FTS5_TOKENIZE_DOCUMENT, t,
				    sqlite3_column_bytes(s, c), terms_add);
		}
		ts->grp++;
	}
	sqlite3_finalize(s);
	tk.xDelete(tok);
	if (rc != SQLITE_DONE)
		return idx_sql_fail(ix, "reading the note's text");
	return 0;
}

/* A word as an FTS5 string: quoted, quotes doubled. */
static char *
quoted(const char *w)
{
	struct buf b = BUF_INIT;

	buf_addc(&b, '"');
	for (; *w; w++) {
		if (*w == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *w);
	}
	buf_addc(&b, '"');
	return buf_take(&b);
}

/* The documents other than the note's holding t's word, counted up to
 * cap (once: t->df -1 until then). */
static long
df_of(sqlite3_stmt *s, const char *key, struct term *t, long cap)
{
	char *q;

	if (t->df >= 0)
		return t->df;
	q = quoted(t->t);
	idx_bind_text(s, 1, q);
	idx_bind_text(s, 2, key);
	idx_bind_int(s, 3, cap);
	t->df = sqlite3_step(s) == SQLITE_ROW ?
	    (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	free(q);
	return t->df;
}

/*
 * The note's most distinctive words (tf * ln(N / df), df the documents
 * holding the word, counted up to TEXT_DF_BUDGET), at most TERMS_MAX, in
 * ts (best first). Left out: words of no other note; a language's common
 * words, in more than a tenth of the other documents of the language they
 * were seen in (estimated as the df of that text's most common word,
 * which nearly every document of its language holds), unless in at most
 * TEXT_FEW and a third of them (a small vault has few documents); and,
 * past
 * TEXT_DF_BUDGET documents matched in all, the commoner words (bm25
 * costs microseconds per match).
 */
static int
distinctive(struct index *ix, const char *key, long ndocs, long nmine,
    struct terms *ts)
{
	sqlite3_stmt *s = NULL;
	size_t i, keep = 0, look, j;
	long nlang[GROUPS_MAX], budget = 0;
	int g;

	if (note_words(ix, key, ts) < 0)
		return -1;
	terms_count(ts);
	qsort(ts->v, ts->n, sizeof *ts->v, cmp_tf);
	look = ts->n < TERMS_LOOKED ? ts->n : TERMS_LOOKED;
	/* fts5vocab's document count reads the word's whole doclist (ms
	 * for "the" at 100k notes): count matches up to the budget */
	if (sqlite3_prepare_v2(ix->db, "SELECT count(*) FROM (SELECT 1"
	    " FROM fts WHERE fts MATCH ?1 AND rowid NOT IN (SELECT id FROM"
	    " docs WHERE note = ?2) LIMIT ?3)",
	    -1, &s, NULL) != SQLITE_OK)
		return idx_sql_fail(ix, "reading word counts");
	/* each text's most frequent word: in about every document of its
	 * language */
	for (g = 0; g < GROUPS_MAX; g++) {
		nlang[g] = 0;
		for (j = 0; j < ts->n && ts->v[j].grp != g; j++)
			;
		if (j < ts->n)
			nlang[g] = df_of(s, key, &ts->v[j], TEXT_DF_BUDGET);
	}
	/* past what the rules below let in, the count stops */
	for (i = 0; i < look; i++) {
		long most = nlang[ts->v[i].grp] / 10;

		df_of(s, key, &ts->v[i], (most > TEXT_FEW ? most : TEXT_FEW) + 1);
	}
	sqlite3_finalize(s);
	for (i = 0; i < ts->n; i++) {
		struct term *t = &ts->v[i];

		t->w = 0;
		if (t->df > 0 && (t->df * 10 <= nlang[t->grp] ||
		    (t->df <= TEXT_FEW && t->df * 3 <= nlang[t->grp])))
			t->w = t->tf * log((double)ndocs /
			    (double)(t->df + nmine));
	}
	qsort(ts->v, ts->n, sizeof *ts->v, cmp_w);
	for (i = 0; i < ts->n; i++) {
		struct term *t = &ts->v[i];

		for (j = 0; j < keep && strcmp(ts->v[j].t, t->t) != 0; j++)
			;
		if (j == keep && keep < TERMS_MAX && t->w > 0 &&
		    budget + t->df <= TEXT_DF_BUDGET) {
			budget += t->df;
			ts->v[keep++] = *t;
		} else
			free(t->t);
	}
	ts->n = keep;
	return 0;
}

/* "a" OR "b" ...: each word quoted, as FTS5 wants. */
static char *
or_query(const struct terms *ts)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < ts->n; i++) {
		char *q = quoted(ts->v[i].t);

		buf_printf(&b, "%s%s", i ? " OR " : "", q);
		free(q);
	}
	return buf_take(&b);
}

/* stratus_phrases(fts): a bit per phrase of the query that the row
 * holds (the first 62). */
static void
phrases_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx,
    int argc, sqlite3_value **argv)
{
	sqlite3_int64 mask = 0;
	int i, n = api->xPhraseCount(fc);

	(void)argc;
	(void)argv;
	for (i = 0; i < n && i < 62; i++) {
		Fts5PhraseIter it;
		int col = -1, off = -1;

		if (api->xPhraseFirst(fc, i, &it, &col, &off) == SQLITE_OK &&
		    col >= 0)
			mask |= (sqlite3_int64)1 << i;
	}
	sqlite3_result_int64(ctx, mask);
}

/* --- the query --------------------------------------------------------- */

/*
 * Rows (x: the other note, kind, via: the shared note or tag, w) of each
 * signal, summed per note. ?1 the note key, ?2 the number of documents,
 * ?3 the limit, ?4 the text query (only when there is one). Kinds: 1 the
 * note links to x, 2 x links to the note, 3 a shared link (co-citation:
 * a note linking to both; coupling: a note both link to), 4 a shared
 * tag, 5 the text.
 */
#define REL_SQL_HEAD \
	"WITH me(id) AS MATERIALIZED (SELECT id FROM docs WHERE note = ?1)," \
	" outn(note) AS MATERIALIZED (SELECT DISTINCT d.note FROM links l" \
	"  JOIN docs d ON d.id = l.dst WHERE l.src IN me AND d.note != ?1)," \
	" inn(note) AS MATERIALIZED (SELECT DISTINCT s.note FROM links l" \
	"  JOIN docs s ON s.id = l.src WHERE l.dst IN me AND s.note != ?1" \
	"  LIMIT " STR(CITERS_MAX) ")," \
	" cdeg(note, deg) AS MATERIALIZED (SELECT note, (SELECT count(*)" \
	"  FROM (SELECT 1 FROM docs cd JOIN links l ON l.src = cd.id" \
	"  WHERE cd.note = inn.note AND l.dst IS NOT NULL" \
	"  LIMIT " STR(HUB_MAX) " + 1)) FROM inn)," \
	" tdeg(note, deg) AS MATERIALIZED (SELECT note, (SELECT count(*)" \
	"  FROM (SELECT 1 FROM docs td JOIN links l ON l.dst = td.id" \
	"  WHERE td.note = outn.note LIMIT " STR(HUB_MAX) " + 1)) FROM outn)," \
	" mytags(tag, shown, df) AS MATERIALIZED (SELECT * FROM" \
	"  (SELECT tag, shown, (SELECT count(*) FROM tags u" \
	"  WHERE u.tag = m.tag) AS df FROM" \
	"  (SELECT t.tag, min(t.shown) AS shown FROM tags t" \
	"  WHERE t.doc IN me GROUP BY t.tag) m) WHERE df * 2 <= ?2)," \
	" sig(x, kind, via, w) AS MATERIALIZED (" \
	"  SELECT note, 1, NULL, 1.0 FROM outn UNION ALL" \
	"  SELECT note, 2, NULL, 1.0 FROM inn UNION ALL" \
	"  SELECT DISTINCT d.note, 3, c.note, 1.0 / log2(1 + c.deg)" \
	"   FROM cdeg c JOIN docs cd ON cd.note = c.note" \
	"   JOIN links l ON l.src = cd.id JOIN docs d ON d.id = l.dst" \
	"   WHERE c.deg <= " STR(HUB_MAX) " AND d.note != ?1" \
	"   AND d.note != c.note UNION ALL" \
	"  SELECT DISTINCT s.note, 3, t.note, 1.0 / log2(1 + t.deg)" \
	"   FROM tdeg t JOIN docs td ON td.note = t.note" \
	"   JOIN links l ON l.dst = td.id JOIN docs s ON s.id = l.src" \
	"   WHERE t.deg <= " STR(HUB_MAX) " AND s.note != ?1" \
	"   AND s.note != t.note UNION ALL" \
	"  SELECT DISTINCT d.note, 4, mt.shown, ln(?2 * 1.0 / mt.df) / ln(?2)" \
	"   FROM mytags mt JOIN tags t ON t.tag = mt.tag" \
	"   JOIN docs d ON d.id = t.doc" \
	"   WHERE mt.df <= " STR(TAG_FIND_MAX) " AND d.note != ?1"
#define REL_SQL_TEXT \
	"  UNION ALL SELECT x, 5, mask, r FROM (SELECT d.note AS x," \
	"   min(h.r) AS r, h.mask AS mask FROM (SELECT rowid AS id," \
	"   rank AS r, stratus_phrases(fts) AS mask FROM fts" \
	"   WHERE fts MATCH ?4 ORDER BY rank LIMIT " STR(TEXT_HITS) ") h" \
	"   JOIN docs d ON d.id = h.id WHERE d.note != ?1 GROUP BY d.note)"
#define REL_SQL_TAIL \
	" )," \
	" cand(x) AS MATERIALIZED (SELECT DISTINCT x FROM sig)," \
	" allsig(x, kind, via, w) AS (SELECT x, kind, via," \
	"  CASE WHEN kind = 5 THEN w / (SELECT min(w) FROM sig" \
	"  WHERE kind = 5) ELSE w END FROM sig UNION ALL" \
	"  SELECT DISTINCT c.x, 4, mt.shown, ln(?2 * 1.0 / mt.df) / ln(?2)" \
	"   FROM cand c CROSS JOIN docs d ON d.note = c.x" \
	"   CROSS JOIN tags t ON t.doc = d.id" \
	"   CROSS JOIN mytags mt ON mt.tag = t.tag" \
	"   WHERE mt.df > " STR(TAG_FIND_MAX) ")" \
	" SELECT x, sum(w) AS score," \
	"  total(CASE WHEN kind <= 3 THEN w END)," \
	"  total(CASE WHEN kind = 4 THEN w END)," \
	"  total(CASE WHEN kind = 5 THEN w END)," \
	"  max(kind = 1), max(kind = 2)," \
	"  group_concat(CASE WHEN kind = 3 THEN via END, char(10))," \
	"  group_concat(CASE WHEN kind = 4 THEN via END, char(10))," \
	"  max(CASE WHEN kind = 5 THEN via END)" \
	" FROM allsig GROUP BY x HAVING score > 0.01" \
	" ORDER BY score DESC, x LIMIT ?3"

void
related_free(struct related *r, size_t n)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < n; i++) {
		doc_clear(&r[i].doc);
		for (j = 0; j < r[i].nshared; j++)
			free(r[i].shared[j]);
		free(r[i].shared);
		for (j = 0; j < r[i].nshtags; j++)
			free(r[i].shtags[j]);
		free(r[i].shtags);
		for (j = 0; j < r[i].nwords; j++)
			free(r[i].words[j]);
		free(r[i].words);
	}
	free(r);
}

/* The lines of s, sorted and unique, each through name() (NULL: as is). */
static char **
lines_of(const char *s, size_t *n, const char *(*name)(const char *))
{
	char **v = NULL;
	size_t cap = 0, i, k;

	*n = 0;
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *one = xstrndup(s, len);

		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = name ? xstrdup(name(one)) : xstrdup(one);
		free(one);
		s = e ? e + 1 : NULL;
	}
	if (*n < 2)
		return v;
	qsort(v, *n, sizeof *v, cmp_strp);
	for (i = 1, k = 1; i < *n; i++) {
		if (strcmp(v[i], v[k - 1]) == 0)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
	return v;
}

/* The slug of a note key (what a wikilink to it says). */
static const char *
key_slug(const char *key)
{
	const char *p = strrchr(key, '/');

	return p ? p + 1 : key;
}

/* The document of key to show: the vault's language first. */
static int
note_doc(struct index *ix, const char *key, struct doc *d)
{
	struct doc *t = NULL;
	size_t n = 0, i;

	if (index_translations(ix, key, &t, &n) < 0 || n == 0) {
		docs_free(t, n);
		return -1;
	}
	*d = t[0];
	for (i = 1; i < n; i++)
		doc_clear(&t[i]);
	free(t);
	return 0;
}

static long
count_of(struct index *ix, const char *sql, const char *key)
{
	sqlite3_stmt *s = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK)
		return idx_sql_fail(ix, "counting documents");
	if (key)
		idx_bind_text(s, 1, key);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (n < 0)
		idx_sql_fail(ix, "counting documents");
	return n;
}

int
index_related(struct index *ix, const char *key, int limit,
    struct related **out, size_t *n, char **cause)
{
	struct terms ts;
	struct related *v = NULL;
	sqlite3_stmt *s = NULL;
	char *sql = NULL, *match = NULL;
	size_t cap = 0, i;
	long ndocs, nmine;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&ts, 0, sizeof ts);
	if (limit <= 0)
		limit = 20;
	/* about the number of documents, without counting them */
	ndocs = count_of(ix, "SELECT coalesce(max(id), 0) FROM docs", NULL);
	nmine = count_of(ix, "SELECT count(*) FROM docs WHERE note = ?1", key);
	if (ndocs < 0 || nmine < 0 || distinctive(ix, key, ndocs, nmine,
	    &ts) < 0)
		goto fail;
	if (ts.n)
		match = or_query(&ts);
	sql = xasprintf("%s%s%s", REL_SQL_HEAD, match ? REL_SQL_TEXT : "",
	    REL_SQL_TAIL);
	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "finding related notes");
		goto fail;
	}
	idx_bind_text(s, 1, key);
	idx_bind_int(s, 2, ndocs < 2 ? 2 : ndocs);
	idx_bind_int(s, 3, limit);
	if (match)
		idx_bind_text(s, 4, match);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct related *r;
		sqlite3_int64 mask;

		v = xgrow(v, &cap, *n + 1, sizeof *v);
		r = &v[*n];
		memset(r, 0, sizeof *r);
		r->doc.key = idx_col_dup(s, 0);
		r->score = sqlite3_column_double(s, 1);
		r->links = sqlite3_column_double(s, 2);
		r->tags = sqlite3_column_double(s, 3);
		r->text = sqlite3_column_double(s, 4);
		r->links_to = sqlite3_column_int(s, 5);
		r->links_here = sqlite3_column_int(s, 6);
		r->shared = lines_of(idx_col_str(s, 7), &r->nshared, key_slug);
		r->shtags = lines_of(idx_col_str(s, 8), &r->nshtags, NULL);
		mask = sqlite3_column_int64(s, 9);
		for (i = 0; i < ts.n && i < 62; i++) {
			if (!(mask & ((sqlite3_int64)1 << i)))
				continue;
			r->words = xrealloc(r->words, (r->nwords + 1) *
			    sizeof *r->words);
			r->words[r->nwords++] = xstrdup(ts.v[i].t);
		}
		(*n)++;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE) {
		idx_sql_fail(ix, "finding related notes");
		goto fail;
	}
	for (i = 0; i < *n; i++) {
		char *k = v[i].doc.key;

		v[i].doc.key = NULL;
		if (note_doc(ix, k, &v[i].doc) < 0) {
			free(k);
			idx_sql_fail(ix, "reading a related note");
			goto fail;
		}
		free(k);
	}
	*out = v;
	terms_free(&ts);
	free(sql);
	free(match);
	return 0;
fail:
	sqlite3_finalize(s);
	related_free(v, *n);
	*n = 0;
	terms_free(&ts);
	free(sql);
	free(match);
	return idx_take_err(ix, cause);
}

static void
add_list(struct buf *b, const char *sep, const char *pre,
    char *const *v, size_t n, const char *open, const char *close)
{
	size_t i;

	if (b->len)
		buf_adds(b, "; ");
	buf_adds(b, pre);
	for (i = 0; i < n && i < 5; i++)
		buf_printf(b, "%s%s%s%s", i ? sep : "", open, v[i], close);
	if (n > 5)
		buf_printf(b, "%s...", sep);
}

char *
related_reason(const struct related *r)
{
	struct buf b = BUF_INIT;

	if (r->semantic) {
		buf_printf(&b, "embedding similarity %.2f", r->score);
		return buf_take(&b);
	}
	if (r->links_to && r->links_here)
		buf_adds(&b, "linked both ways");
	else if (r->links_to)
		buf_adds(&b, "linked from it");
	else if (r->links_here)
		buf_adds(&b, "links to it");
	if (r->nshared) {
		char *pre = xasprintf("%zu shared link%s: ", r->nshared,
		    r->nshared == 1 ? "" : "s");

		add_list(&b, ", ", pre, r->shared, r->nshared, "[[", "]]");
		free(pre);
	}
	if (r->nshtags)
		add_list(&b, " ", r->nshtags == 1 ? "tag " : "tags ",
		    r->shtags, r->nshtags, "#", "");
	if (r->nwords)
		add_list(&b, ", ", "words: ", r->words, r->nwords, "", "");
	return buf_take(&b);
}

/* --- embeddings -------------------------------------------------------- */

/* stratus_cosine(a, b): the cosine of two float32 vectors; 0 when either
 * is empty, of zero length or of another dimension. */
static void
cosine_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const float *a = sqlite3_value_blob(argv[0]);
	const float *b = sqlite3_value_blob(argv[1]);
	int na = sqlite3_value_bytes(argv[0]), nb = sqlite3_value_bytes(argv[1]);
	double dot = 0, aa = 0, bb = 0;
	int i, n;

	(void)argc;
	if (!a || !b || na != nb || na < 4 || na % 4) {
		sqlite3_result_double(ctx, 0);
		return;
	}
	n = na / 4;
	for (i = 0; i < n; i++) {
		dot += (double)a[i] * b[i];
		aa += (double)a[i] * a[i];
		bb += (double)b[i] * b[i];
	}
	sqlite3_result_double(ctx, aa > 0 && bb > 0 ? dot / sqrt(aa * bb) : 0);
}

int
idx_related_register(sqlite3 *db)
{
	fts5_api *api = fts5_of(db);

	if (!api || api->iVersion < 2 || api->xCreateFunction(api,
	    "stratus_phrases", NULL, phrases_fn, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_create_function(db, "stratus_cosine", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, cosine_fn, NULL,
	    NULL) == SQLITE_OK ? 0 : -1;
}

long
index_embed_count(struct index *ix)
{
	long n = count_of(ix, "SELECT count(*) FROM embeds"
	    " WHERE length(vec) > 0", NULL);

	free(ix->err);
	ix->err = NULL;
	return n;
}

/*
 * The cloud slug of each document is its slug without accents; vectors
 * are kept by cloud slug, so the note of a vector is found through the
 * names table (the name key folds case and accents) and checked against
 * the documents' slugs.
 */
static char *
note_of_slug(struct index *ix, const char *slug)
{
	sqlite3_stmt *s = NULL;
	char *k = idx_name_key(slug), *note = NULL;

	if (sqlite3_prepare_v2(ix->db, "SELECT d.note, d.slug FROM names n"
	    " JOIN docs d ON d.id = n.id WHERE n.key = ?1 ORDER BY d.path",
	    -1, &s, NULL) != SQLITE_OK) {
		free(k);
		idx_sql_fail(ix, "finding the note of a vector");
		return NULL;
	}
	idx_bind_text(s, 1, k);
	while (!note && sqlite3_step(s) == SQLITE_ROW) {
		char *ks = idx_name_key(idx_col_str(s, 1));

		if (strcmp(ks, k) == 0)
			note = idx_col_dup(s, 0);
		free(ks);
	}
	sqlite3_finalize(s);
	free(k);
	return note;
}

int
index_related_semantic(struct index *ix, const char *key, const char *slug,
    int limit, struct related **out, size_t *n, char **cause)
{
	struct related *v = NULL;
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (limit <= 0)
		limit = 20;
	/* twice the limit: a vector may have no note here, or be NOTE's */
	if (sqlite3_prepare_v2(ix->db, "SELECT e.slug, stratus_cosine(e.vec,"
	    " m.vec) AS c FROM embeds e, embeds m WHERE m.slug = ?1"
	    " AND e.slug != ?1 AND c > 0 ORDER BY c DESC, e.slug", -1, &s,
	    NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "ranking by embeddings");
		return idx_take_err(ix, cause);
	}
	idx_bind_text(s, 1, slug);
	while (*n < (size_t)limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		char *note = note_of_slug(ix, idx_col_str(s, 0));
		struct related *r;

		if (!note || strcmp(note, key) == 0) {
			free(note);
			continue;
		}
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		r = &v[*n];
		memset(r, 0, sizeof *r);
		r->semantic = 1;
		r->score = sqlite3_column_double(s, 1);
		if (note_doc(ix, note, &r->doc) < 0) {
			free(note);
			continue;
		}
		free(note);
		(*n)++;
	}
	sqlite3_finalize(s);
	*out = v;
	return 0;
}

int
index_embed_stamps(struct index *ix, char ***slugs, char ***stamps,
    size_t *n, char **cause)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0, cap2 = 0;

	*slugs = *stamps = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, "SELECT slug, generated FROM embeds"
	    " ORDER BY slug", -1, &s, NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "reading the embeddings");
		return idx_take_err(ix, cause);
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		*slugs = xgrow(*slugs, &cap, *n + 1, sizeof **slugs);
		*stamps = xgrow(*stamps, &cap2, *n + 1, sizeof **stamps);
		(*slugs)[*n] = idx_col_dup(s, 0);
		(*stamps)[(*n)++] = idx_col_dup(s, 1);
	}
	sqlite3_finalize(s);
	return 0;
}

int
index_embed_store(struct index *ix, const struct embed *e, size_t n,
    char *const *drop, size_t ndrop, char **cause)
{
	sqlite3_stmt *put = NULL, *del = NULL;
	size_t i;

	if (idx_exec(ix, "BEGIN IMMEDIATE", "storing embeddings") < 0)
		return idx_take_err(ix, cause);
	if (sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO embeds(slug,"
	    " generated, model, vec) VALUES(?1, ?2, ?3, ?4)", -1, &put,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(ix->db, "DELETE FROM"
	    " embeds WHERE slug = ?1", -1, &del, NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "storing embeddings");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		idx_bind_text(put, 1, e[i].slug);
		idx_bind_text(put, 2, e[i].generated);
		idx_bind_text(put, 3, e[i].model);
		if (e[i].dims)
			sqlite3_bind_blob(put, 4, e[i].vec, (int)(e[i].dims *
			    sizeof *e[i].vec), SQLITE_STATIC);
		else
			sqlite3_bind_zeroblob(put, 4, 0);
		if (idx_run(ix, put, "storing an embedding") < 0)
			goto fail;
	}
	for (i = 0; i < ndrop; i++) {
		idx_bind_text(del, 1, drop[i]);
		if (idx_run(ix, del, "dropping an embedding") < 0)
			goto fail;
	}
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	if (idx_exec(ix, "COMMIT", "storing embeddings") < 0)
		goto fail2;
	return 0;
fail:
	sqlite3_finalize(put);
	sqlite3_finalize(del);
fail2:
	sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
	return idx_take_err(ix, cause);
}
