/*
 * index-snippet.c: the snippet of a search hit, an FTS5 auxiliary
 * function (stratus_snippet) that replaces FTS5's snippet().
 *
 * FTS5's snippet() scores a window around every phrase instance against
 * every other (and highlight() grows its result one realloc per token), so
 * a note of 4 MB with 100,000 hits took minutes. This one costs time in
 * proportion to the hits it looks at (at most SNIP_MAX_INST of them) and
 * to the text before the window it shows: it picks the window of ntokens
 * tokens holding the most distinct phrases among the first hits of the
 * column, tokenizes the column only up to the end of that window, and
 * writes the text between the window's tokens cleaned of table padding
 * (pipes, box drawing, runs of dashes and spaces), with each matched token
 * between SNIP_OPEN and SNIP_CLOSE.
 *
 * stratus_rank is FTS5's bm25 with every phrase weighing the same: bm25
 * weighs a phrase by the documents it is in, which it counts at the first
 * row by reading the phrase's whole doclist (15 ms of three common words
 * at 100k notes); among documents that all hold every phrase (an AND in
 * their titles) the weights change little.
 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/utf8.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SNIP_MAX_INST	1024	/* hits of a column looked at */
#define SNIP_MAX_TOKENS	64	/* the longest window asked for */
#define SNIP_GAP_MAX	24	/* bytes of punctuation kept between tokens */
#define SNIP_ELLIPSIS	"\xe2\x80\xa6"

/* A token of the window: its bytes in the column text. */
struct stok {
	int start, end;
	int hit;
};

/* The tokenizer callback's state: a ring of the last 2 * ntok tokens, so
 * that a window that runs past the end can be moved back. */
struct scan {
	int ntok;		/* the window's length */
	int ws;			/* first token of the window wanted */
	int count;		/* tokens seen */
	struct stok ring[2 * SNIP_MAX_TOKENS];
	int more;		/* stopped before the end of the text */
};

static int
scan_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct scan *sc = ctx;
	struct stok *t;

	(void)tok;
	(void)ntok;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (sc->count >= sc->ws + sc->ntok) {
		sc->more = 1;
		return SQLITE_DONE;	/* the window is complete */
	}
	t = &sc->ring[sc->count % (2 * SNIP_MAX_TOKENS)];
	t->start = start;
	t->end = end;
	t->hit = 0;
	sc->count++;
	return SQLITE_OK;
}

/* Is c padding of a table or a drawing (never shown between tokens)? */
static int
is_box(uint32_t c)
{
	return c == '|' || (c >= 0x2500 && c <= 0x259f) || c == 0xa6;
}

static int
is_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

/*
 * Append the text between two tokens, cleaned: a gap that holds a pipe,
 * box drawing or three blanks within a line is a cell boundary (" | ");
 * otherwise blanks become one
 * space, runs of three or more of one punctuation character (rules,
 * table separators, emphasis runs) are dropped, and at most SNIP_GAP_MAX
 * bytes of what is left are kept.
 */
static void
gap_append(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, run, kept = 0;
	int space = 0, box = 0, pad = 0, line = 1;
	uint32_t c, d;

	while (i < n && !box) {
		k = utf8_next(s + i, n - i, &c);
		if (k == 0) {
			k = 1;
			c = 0xfffd;
		}
		if (is_box(c))
			box = 1;
		/* three blanks inside a line: the padding of a cell */
		if (c == '\n')
			line = 0;
		else if (line && (c == ' ' || c == '\t' || c == 0xa0))
			box = ++pad >= 3;
		else
			pad = 0;
		i += k;
	}
	if (box) {
		buf_adds(b, " | ");
		return;
	}
	for (i = 0; i < n; i += k) {
		k = utf8_next(s + i, n - i, &c);
		if (k == 0) {
			k = 1;
			continue;
		}
		if (is_blank(c)) {
			space = 1;
			continue;
		}
		/* a run of one character */
		for (run = k; i + run < n; run += k) {
			if (utf8_next(s + i + run, n - i - run, &d) !=
			    k || d != c)
				break;
		}
		if (run / k >= 3) {
			space = 1;
			k = run;
			continue;
		}
		if (space && b->len && kept < SNIP_GAP_MAX)
			buf_addc(b, ' ');
		space = 0;
		if (kept + run <= SNIP_GAP_MAX)
			buf_add(b, p + i, run);
		kept += run;
		k = run;
	}
	if (space && b->len)
		buf_addc(b, ' ');
}

/* One instance of a phrase in the column: the first token and the number
 * of tokens. */
struct inst {
	int phrase, off, len;
};

/*
 * The first token of the best window of ntok tokens over the hits v (n,
 * in order of offset): most distinct phrases, then most hits, then the
 * earliest; the window starts a quarter of its length before its hit,
 * or at the top when the hit is in the first three quarters.
 */
static int
best_window(const struct inst *v, int n, int ntok, int *wend)
{
	int i, j, ws, we, best = -1, bscore = -1, score, hits, distinct;
	uint32_t seen, bit;

	for (i = 0; i < n; i++) {
		ws = v[i].off - ntok / 4;
		if (ws < 0 || v[i].off + v[i].len <= ntok * 3 / 4)
			ws = 0;	/* near the top: from the first token */
		we = ws + ntok;
		seen = 0;
		hits = distinct = 0;
		for (j = i; j < n && v[j].off < we; j++) {
			if (v[j].off + v[j].len > we)
				break;
			bit = (uint32_t)1 << (v[j].phrase % 32);
			distinct += !(seen & bit);
			seen |= bit;
			hits++;
		}
		score = distinct * 4096 + hits;
		if (score > bscore) {
			bscore = score;
			best = ws;
		}
	}
	*wend = (best < 0 ? 0 : best) + ntok;
	return best < 0 ? 0 : best;
}

/* The window's tokens, in order, from the ring (first..count); when it
 * ends the text, what follows its last token (a full stop), cleaned. */
static void
write_window(struct buf *out, const char *text, int ntext,
    const struct scan *sc, int first, int more)
{
	const struct stok *t, *prev = NULL;
	int i;

	if (first > 0)
		buf_adds(out, SNIP_ELLIPSIS);
	for (i = first; i < sc->count; i++) {
		t = &sc->ring[i % (2 * SNIP_MAX_TOKENS)];
		if (prev)
			gap_append(out, text + prev->end,
			    (size_t)(t->start - prev->end));
		if (t->hit)
			buf_addc(out, SNIP_OPEN);
		buf_add(out, text + t->start, (size_t)(t->end - t->start));
		if (t->hit)
			buf_addc(out, SNIP_CLOSE);
		prev = t;
	}
	if (more)
		buf_adds(out, SNIP_ELLIPSIS);
	else if (prev && prev->end < ntext) {
		gap_append(out, text + prev->end, (size_t)(ntext - prev->end));
		while (out->len > 0 && (out->ptr[out->len - 1] == ' ' ||
		    out->ptr[out->len - 1] == '|'))
			out->ptr[--out->len] = '\0';
	}
}

/*
 * stratus_snippet(fts, column, ntokens): a window of about ntokens
 * tokens of the column around its best hits (see the top of the file);
 * the first ntokens tokens when the column has no hit; "" when it has no
 * token; NULL once the search has made as many as it was let (the
 * counter registered with the function, struct index's snip_left).
 */
static void
snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct inst *v = NULL;
	struct scan *sc = NULL;
	struct buf out = BUF_INIT;
	const char *text;
	int *left = api->xUserData(fts);
	int col, ntok, ninst, n = 0, i, ip, ic, io, ws, we, first, ntext, rc;

	if (left && *left == 0) {
		sqlite3_result_null(ctx);
		return;
	}
	if (left && *left > 0)
		(*left)--;
	if (nval < 2) {
		sqlite3_result_error(ctx, "stratus_snippet: two arguments",
		    -1);
		return;
	}
	col = sqlite3_value_int(val[0]);
	ntok = sqlite3_value_int(val[1]);
	if (ntok < 1)
		ntok = 1;
	if (ntok > SNIP_MAX_TOKENS)
		ntok = SNIP_MAX_TOKENS;
	if (col < 0 || col >= api->xColumnCount(fts)) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	rc = api->xInstCount(fts, &ninst);
	if (rc != SQLITE_OK)
		goto fail;
	v = sqlite3_malloc64(sizeof *v * (ninst < SNIP_MAX_INST ? ninst + 1 :
	    SNIP_MAX_INST));
	sc = sqlite3_malloc64(sizeof *sc);
	if (!v || !sc) {
		rc = SQLITE_NOMEM;
		goto fail;
	}
	/* instances come in order of column, then offset */
	for (i = 0; i < ninst && n < SNIP_MAX_INST; i++) {
		if ((rc = api->xInst(fts, i, &ip, &ic, &io)) != SQLITE_OK)
			goto fail;
		if (ic < col)
			continue;
		if (ic > col)
			break;
		v[n].phrase = ip;
		v[n].off = io;
		v[n].len = api->xPhraseSize(fts, ip);
		if (v[n].len < 1)
			v[n].len = 1;
		n++;
	}
	ws = best_window(v, n, ntok, &we);
	memset(sc, 0, sizeof *sc);
	sc->ntok = ntok;
	sc->ws = ws;
	rc = api->xColumnText(fts, col, &text, &ntext);
	if (rc != SQLITE_OK)
		goto fail;
	if (!text)
		text = "";
	rc = api->xTokenize(fts, text, ntext, sc, scan_token);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		goto fail;
	/* a window past the end moves back over the tokens kept */
	first = ws;
	if (sc->count < we) {
		first = sc->count - ntok;
		if (first < sc->count - 2 * SNIP_MAX_TOKENS)
			first = sc->count - 2 * SNIP_MAX_TOKENS;
		if (first > ws)
			first = ws;
		if (first < 0)
			first = 0;
	}
	for (i = 0; i < n; i++) {
		for (io = v[i].off; io < v[i].off + v[i].len; io++)
			if (io >= first && io < sc->count &&
			    io >= sc->count - 2 * SNIP_MAX_TOKENS)
				sc->ring[io % (2 * SNIP_MAX_TOKENS)].hit = 1;
	}
	write_window(&out, text, ntext, sc, first, sc->more);
	sqlite3_result_text(ctx, buf_str(&out), (int)out.len,
	    SQLITE_TRANSIENT);
	buf_free(&out);
	sqlite3_free(v);
	sqlite3_free(sc);
	return;
fail:
	buf_free(&out);
	sqlite3_free(v);
	sqlite3_free(sc);
	sqlite3_result_error_code(ctx, rc);
}

/*
 * stratus_rank(fts, weight, ..., nfilter): bm25 (k1 1.2, b 0.75) of the
 * row, a column's hits counted times its weight (1 when not given),
 * without the phrases' inverse document frequencies, and without the
 * last nfilter phrases (after a weight for every column; 0 when not
 * given); lower is better, as FTS5's rank.
 */
static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	sqlite3_int64 nrow = 0, ntotal = 0;
	double f[64], w, *avg, score = 0.0;
	int nphrase, ninst, dl = 0, i, ip, ic, io, rc;

	nphrase = api->xPhraseCount(fts);
	/* after a weight for each column, the number of phrases at the end
	 * that only filter (index-filter.c's idx_tag_terms) */
	if (nval > api->xColumnCount(fts))
		nphrase -= sqlite3_value_int(val[api->xColumnCount(fts)]);
	if (nphrase < 0)
		nphrase = 0;
	if (nphrase > (int)(sizeof f / sizeof f[0]))
		nphrase = (int)(sizeof f / sizeof f[0]);
	for (i = 0; i < nphrase; i++)
		f[i] = 0.0;
	/* the average length, once a statement: FTS5 reads the totals
	 * from the table at every call */
	avg = api->xGetAuxdata(fts, 0);
	if (!avg) {
		if ((rc = api->xRowCount(fts, &nrow)) != SQLITE_OK ||
		    (rc = api->xColumnTotalSize(fts, -1, &ntotal)) !=
		    SQLITE_OK)
			goto fail;
		if (!(avg = sqlite3_malloc64(sizeof *avg))) {
			rc = SQLITE_NOMEM;
			goto fail;
		}
		*avg = nrow > 0 && ntotal > 0 ? (double)ntotal /
		    (double)nrow : 1.0;
		if ((rc = api->xSetAuxdata(fts, avg, sqlite3_free)) !=
		    SQLITE_OK)
			goto fail;
	}
	if ((rc = api->xInstCount(fts, &ninst)) != SQLITE_OK ||
	    (rc = api->xColumnSize(fts, -1, &dl)) != SQLITE_OK)
		goto fail;
	for (i = 0; i < ninst; i++) {
		if ((rc = api->xInst(fts, i, &ip, &ic, &io)) != SQLITE_OK)
			goto fail;
		if (ip < 0 || ip >= nphrase)
			continue;
		w = ic < nval ? sqlite3_value_double(val[ic]) : 1.0;
		f[ip] += w;
	}
	for (i = 0; i < nphrase; i++)
		score += f[i] * (k1 + 1.0) /
		    (f[i] + k1 * (1.0 - b + b * (double)dl / *avg));
	sqlite3_result_double(ctx, -score);
	return;
fail:
	sqlite3_result_error_code(ctx, rc);
}

int
idx_snippet_register(sqlite3 *db, int *left)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (!api || api->iVersion < 2)
		return -1;
	rc = api->xCreateFunction(api, "stratus_snippet", left, snippet_fn,
	    NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "stratus_rank", NULL, rank_fn,
		    NULL);
	return rc == SQLITE_OK ? 0 : -1;
}
