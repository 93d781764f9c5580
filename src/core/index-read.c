/*
 * index-read.c: the index's readers of documents: a document by id, find
 * (a NOTE argument, with suggestions when nothing matches), translations,
 * links and backlinks, tags, and the explorer's additions (names, a tag's
 * notes, graph counts).
 */
#include "core/index-int.h"
#include "core/resolve.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define SUGGEST_MAX	3

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
	free(d->key);
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
	d->key = xstrdup("");
}

static void
doc_tags(struct index *ix, struct doc *d)
{
	sqlite3_stmt *s = idx_stmt(ix, S_DOC_TAGS);
	size_t cap = 0;

	idx_bind_int(s, 1, d->id);
	while (idx_row(ix, s, "reading tags") == 1) {
		d->tags = xgrow(d->tags, &cap, d->ntags + 1, sizeof *d->tags);
		d->tags[d->ntags++] = idx_col_dup(s, 0);
	}
	idx_stmt_done(s);
}

/* Fill d from the NDOC_COLS columns starting at col, and its tags. */
void
idx_doc_read(struct index *ix, sqlite3_stmt *s, int col, struct doc *d)
{
	memset(d, 0, sizeof *d);
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		doc_empty(d);
		return;
	}
	d->id = (long)sqlite3_column_int64(s, col);
	d->path = idx_col_dup(s, col + 1);
	d->slug = idx_col_dup(s, col + 2);
	d->lang = idx_col_dup(s, col + 3);
	d->title = idx_col_dup(s, col + 4);
	d->summary = idx_col_dup(s, col + 5);
	d->type = idx_col_dup(s, col + 6);
	d->status = idx_col_dup(s, col + 7);
	d->created = idx_col_dup(s, col + 8);
	d->updated = idx_col_dup(s, col + 9);
	d->key = idx_col_dup(s, col + 10);
	doc_tags(ix, d);
}

int
idx_doc_get(struct index *ix, long id, struct doc *d)
{
	sqlite3_stmt *s = idx_stmt(ix, S_DOC_GET);
	int rc;

	idx_bind_int(s, 1, id);
	rc = idx_row(ix, s, "reading a note");
	if (rc == 1) {
		/* doc_read steps another statement: copy first */
		struct doc tmp;

		memset(&tmp, 0, sizeof tmp);
		tmp.id = (long)sqlite3_column_int64(s, 0);
		tmp.path = idx_col_dup(s, 1);
		tmp.slug = idx_col_dup(s, 2);
		tmp.lang = idx_col_dup(s, 3);
		tmp.title = idx_col_dup(s, 4);
		tmp.summary = idx_col_dup(s, 5);
		tmp.type = idx_col_dup(s, 6);
		tmp.status = idx_col_dup(s, 7);
		tmp.created = idx_col_dup(s, 8);
		tmp.updated = idx_col_dup(s, 9);
		tmp.key = idx_col_dup(s, 10);
		idx_stmt_done(s);
		doc_tags(ix, &tmp);
		*d = tmp;
		return 0;
	}
	idx_stmt_done(s);
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
	sqlite3_stmt *s = idx_stmt(ix, S_TITLES);
	char *lname = str_lower(name), *last = NULL;
	size_t nbest = 0, i, j;
	double score;

	idx_bind_text(s, 1, ix->default_lang);
	while (idx_row(ix, s, "reading titles") == 1) {
		const char *slug = idx_col_str(s, 0);
		const char *title = idx_col_str(s, 1);

		if (last && strcmp(last, slug) == 0)
			continue;	/* a translation: one per note */
		free(last);
		last = xstrdup(slug);
		score = note_distance(lname, slug, title, idx_col_str(s, 2));
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
	idx_stmt_done(s);
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

#define AMBIGUOUS_SHOWN	8

/* The cause for a name that several notes answer to: each candidate's
 * path and title, and how to choose. -1. */
static int
ambiguous(struct index *ix, struct resolver *r, const char *name,
    struct resolution res, const char *lang, char **cause)
{
	long ids[AMBIGUOUS_SHOWN];
	size_t n, i;
	struct buf msg = BUF_INIT;
	struct doc c;
	char *shown = idx_clean(name, 0), *eg = NULL;

	n = resolver_alternatives(r, name, res.how, lang, ids,
	    AMBIGUOUS_SHOWN);
	buf_printf(&msg, "\"%s\" names %zu notes:", shown, n);
	for (i = 0; i < n && i < AMBIGUOUS_SHOWN; i++) {
		if (idx_doc_get(ix, ids[i], &c) < 0)
			continue;
		buf_printf(&msg, "\n  %s  (%s)", c.path, c.title);
		if (!eg) {
			char *dir = path_dir(c.path), *stem = path_stem(c.path);

			eg = *dir ? xasprintf("%s/%s", dir, stem) : xstrdup(stem);
			free(dir);
			free(stem);
		}
		doc_clear(&c);
	}
	if (n > AMBIGUOUS_SHOWN)
		buf_printf(&msg, "\n  and %zu more", n - AMBIGUOUS_SHOWN);
	buf_printf(&msg, "\nname one by its path, as in \"%s\"",
	    eg ? eg : shown);
	fail(cause, "%s", buf_str(&msg));
	free(eg);
	free(shown);
	buf_free(&msg);
	return idx_take_err(ix, NULL);
}

/* index_find(); unique: a name several notes answer to is an error
 * that lists them. */
static int
find(struct index *ix, const char *name, const char *prefer_lang,
    int unique, struct doc *d, char **cause)
{
	struct resolver *r;
	struct resolution res;
	struct buf msg = BUF_INIT;
	char *rel, *shown;
	const char *lang = prefer_lang && *prefer_lang ? prefer_lang :
	    ix->default_lang;

	doc_empty(d);
	rel = vault_relative(ix, name);
	r = idx_resolver_for_name(ix, name, rel);
	if (!r) {
		free(rel);
		return idx_take_err(ix, cause);
	}
	res = resolver_resolve(r, "", name, lang);
	if (res.id < 0 && rel)
		res = resolver_resolve(r, "", rel, lang);
	if (unique && res.id >= 0 && res.others > 0 &&
	    (res.how == RESOLVE_SLUG || res.how == RESOLVE_ALIAS ||
	    res.how == RESOLVE_TITLE)) {
		ambiguous(ix, r, name, res, lang, cause);
		resolver_free(r);
		free(rel);
		return -1;
	}
	resolver_free(r);
	free(rel);
	if (res.id >= 0) {
		doc_clear(d);
		if (idx_doc_get(ix, res.id, d) == 0)
			return 0;
		doc_empty(d);
		if (ix->err)
			return idx_take_err(ix, cause);
	}
	shown = idx_clean(name, 0);
	buf_printf(&msg, "no note \"%s\" (by path, slug, alias or title)",
	    shown);
	free(shown);
	suggest(ix, name, &msg);
	fail(cause, "%s", buf_str(&msg));
	buf_free(&msg);
	return idx_take_err(ix, NULL);
}

int
index_find(struct index *ix, const char *name, const char *prefer_lang,
    struct doc *d, char **cause)
{
	return find(ix, name, prefer_lang, 0, d, cause);
}

int
index_find_note(struct index *ix, const char *name, struct doc *d,
    char **cause)
{
	return find(ix, name, NULL, 1, d, cause);
}

static int
docs_collect(struct index *ix, sqlite3_stmt *s, struct doc **out, size_t *n)
{
	struct doc *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = idx_row(ix, s, "reading notes")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		idx_doc_read(ix, s, 0, &v[(*n)++]);
	}
	idx_stmt_done(s);
	*out = v;
	if (rc < 0) {
		docs_free(v, *n);
		*out = NULL;
		*n = 0;
		return idx_take_err(ix, NULL);
	}
	return 0;
}

int
index_translations(struct index *ix, const char *key, struct doc **out,
    size_t *n)
{
	sqlite3_stmt *s = idx_stmt(ix, S_TRANSLATIONS);

	idx_bind_text(s, 1, key);
	idx_bind_text(s, 2, ix->default_lang);
	return docs_collect(ix, s, out, n);
}

/* --- links ------------------------------------------------------------ */

/* Free what the n rows of l hold, not l. */
static void
linkrows_clear(struct linkrow *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		doc_clear(&l[i].other);
		free(l[i].target);
		free(l[i].anchor);
		free(l[i].context);
	}
}

void
linkrows_free(struct linkrow *l, size_t n)
{
	if (!l)
		return;
	linkrows_clear(l, n);
	free(l);
}

/* Hand each row of s (S_LINKS_OUT, S_BACKLINKS) to fn as it is read,
 * its context cut from its source (the rows of one source come
 * together, so each file is read once). */
static int
links_each(struct index *ix, sqlite3_stmt *s, linkrow_fn fn, void *arg)
{
	struct ctxfile cf = CTXFILE_INIT;
	struct linkrow r;
	int rc, stop = 0;

	while (!stop && (rc = idx_row(ix, s, "reading links")) == 1) {
		memset(&r, 0, sizeof r);
		r.kind = (enum link_kind)sqlite3_column_int(s, 0);
		r.target = idx_col_dup(s, 1);
		r.anchor = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL :
		    idx_col_dup(s, 2);
		r.line = sqlite3_column_int(s, 3);
		r.context = idx_link_context(ix, &cf, idx_col_str(s, 4),
		    r.line, r.target);
		r.resolved = sqlite3_column_int(s, 5);
		r.ambiguous = sqlite3_column_int(s, 6);
		idx_doc_read(ix, s, 7, &r.other);
		stop = fn(arg, &r);
		linkrows_clear(&r, 1);
	}
	idx_stmt_done(s);
	idx_ctxfile_free(&cf);
	return rc < 0 ? idx_take_err(ix, NULL) : 0;
}

int
index_links_each(struct index *ix, long doc_id, linkrow_fn fn, void *arg)
{
	sqlite3_stmt *s = idx_stmt(ix, S_LINKS_OUT);

	idx_bind_int(s, 1, doc_id);
	return links_each(ix, s, fn, arg);
}

int
index_backlinks_each(struct index *ix, const char *key, const char *lang,
    linkrow_fn fn, void *arg)
{
	sqlite3_stmt *s = idx_stmt(ix, S_BACKLINKS);

	idx_bind_text(s, 1, key);
	idx_bind_text(s, 2, lang && *lang ? lang : ix->default_lang);
	return links_each(ix, s, fn, arg);
}

/* The rows so far of index_links() or index_backlinks(). */
struct linkrows {
	struct linkrow *v;
	size_t n, cap;
};

static int
linkrows_take(void *arg, struct linkrow *r)
{
	struct linkrows *k = arg;

	k->v = xgrow(k->v, &k->cap, k->n + 1, sizeof *k->v);
	k->v[k->n++] = *r;
	memset(r, 0, sizeof *r);
	return 0;
}

/* Hand the rows over when rc (from a links_each()) is 0. */
static int
linkrows_give(struct linkrows *k, int rc, struct linkrow **out, size_t *n)
{
	if (rc < 0) {
		linkrows_free(k->v, k->n);
		k->v = NULL;
		k->n = 0;
	}
	*out = k->v;
	*n = k->n;
	return rc;
}

int
index_links(struct index *ix, long doc_id, struct linkrow **out, size_t *n)
{
	struct linkrows k = { NULL, 0, 0 };

	return linkrows_give(&k, index_links_each(ix, doc_id, linkrows_take,
	    &k), out, n);
}

int
index_links_first(struct index *ix, long doc_id, enum link_kind below,
    struct linkrow **out, size_t *n)
{
	sqlite3_stmt *s = idx_stmt(ix, S_LINKS_FIRST);
	struct linkrows k = { NULL, 0, 0 };

	idx_bind_int(s, 1, doc_id);
	idx_bind_int(s, 2, below);
	return linkrows_give(&k, links_each(ix, s, linkrows_take, &k), out,
	    n);
}

int
index_backlinks(struct index *ix, const char *key, const char *lang,
    struct linkrow **out, size_t *n)
{
	struct linkrows k = { NULL, 0, 0 };

	return linkrows_give(&k, index_backlinks_each(ix, key, lang,
	    linkrows_take, &k), out, n);
}

static int
linktarget_cmp(const void *a, const void *b)
{
	const struct linktarget *x = a, *y = b;

	return strcmp(x->target, y->target);
}

int
index_link_targets(struct index *ix, long doc_id, struct linktarget **out,
    size_t *n)
{
	sqlite3_stmt *s = idx_stmt(ix, S_LINKS_FIRST);
	struct linktarget *t = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	idx_bind_int(s, 1, doc_id);
	idx_bind_int(s, 2, LINK_ATTACHMENT + 1);	/* every kind */
	while ((rc = idx_row(ix, s, "reading links")) == 1) {
		t = xgrow(t, &cap, *n + 1, sizeof *t);
		t[*n].target = idx_col_dup(s, 1);
		t[*n].resolved = sqlite3_column_int(s, 5);
		(*n)++;
	}
	idx_stmt_done(s);
	if (*n > 1)
		qsort(t, *n, sizeof *t, linktarget_cmp);
	*out = t;
	if (rc < 0) {
		linktargets_free(t, *n);
		*out = NULL;
		*n = 0;
		return idx_take_err(ix, NULL);
	}
	return 0;
}

void
linktargets_free(struct linktarget *t, size_t n)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < n; i++)
		free(t[i].target);
	free(t);
}

/* --- tags --------------------------------------------------------------- */

int
index_tags(struct index *ix, struct tagcount **out, size_t *n)
{
	sqlite3_stmt *s = idx_stmt(ix, S_TAG_COUNTS);
	struct tagcount *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	while ((rc = idx_row(ix, s, "reading tags")) == 1) {
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[*n].tag = idx_col_dup(s, 0);
		v[*n].count = (long)sqlite3_column_int64(s, 1);
		v[*n].shown = idx_col_dup(s, 2);
		(*n)++;
	}
	idx_stmt_done(s);
	*out = v;
	if (rc < 0) {
		tagcounts_free(v, *n);
		*out = NULL;
		*n = 0;
		return idx_take_err(ix, NULL);
	}
	return 0;
}

void
tagcounts_free(struct tagcount *t, size_t n)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < n; i++) {
		free(t[i].tag);
		free(t[i].shown);
	}
	free(t);
}

/* --- additions for the explorer (src/tui) ------------------------------
 * Kept in one block by the explorer's engineer, the smallest additions:
 * every note's names for quick open, a tag's notes, and the counts of the
 * graph summary (cheap enough for 100k notes, unlike a whole graph).
 */

void
docnames_free(struct docnames *d)
{
	if (!d)
		return;
	free(d->v);
	free(d->by_title);
	free(d->rank);
	free(d->text);
	memset(d, 0, sizeof *d);
}

/* The string after s in the text of the names. */
static const char *
next_str(const char *s)
{
	return s + strlen(s) + 1;
}

/* The strings of name n, whose text is text (qsort_r's comparisons see
 * copies of the names, not the array's: no index to go by). */
static const char *
nm_alias(const char *text, const struct docname *n, size_t k)
{
	const char *s = next_str(text + n->slug);

	while (k-- > 0)
		s = next_str(s);
	return s;
}

static const char *
nm_lang(const char *text, const struct docname *n)
{
	return nm_alias(text, n, n->naliases);
}

static const char *
nm_dir(const char *text, const struct docname *n)
{
	return next_str(nm_lang(text, n));
}

const char *
docname_title(const struct docnames *d, size_t i)
{
	return d->text + d->v[i].title;
}

const char *
docname_slug(const struct docnames *d, size_t i)
{
	return d->text + d->v[i].slug;
}

const char *
docname_alias(const struct docnames *d, size_t i, size_t k)
{
	return nm_alias(d->text, &d->v[i], k);
}

const char *
docname_lang(const struct docnames *d, size_t i)
{
	return nm_lang(d->text, &d->v[i]);
}

const char *
docname_dir(const struct docnames *d, size_t i)
{
	return nm_dir(d->text, &d->v[i]);
}

char *
docname_key(const struct docnames *d, size_t i)
{
	const char *dir = docname_dir(d, i);

	return *dir ? xasprintf("%s/%s", dir, docname_slug(d, i)) :
	    xstrdup(docname_slug(d, i));
}

/* Byte k of the note key folder/slug (dlen: the folder's length), NUL
 * at its end: keys compared without being made. */
static unsigned char
key_byte(const char *dir, size_t dlen, const char *slug, size_t k)
{
	if (dlen == 0)
		return (unsigned char)slug[k];
	if (k < dlen)
		return (unsigned char)dir[k];
	return k == dlen ? '/' : (unsigned char)slug[k - dlen - 1];
}

/* The order of the note keys of names x and y (as strcmp). */
static int
key_cmp(const char *text, const struct docname *x, const struct docname *y)
{
	const char *dx = nm_dir(text, x), *dy = nm_dir(text, y);
	const char *sx = text + x->slug, *sy = text + y->slug;
	size_t lx = strlen(dx), ly = strlen(dy), k;
	unsigned char a, b;

	for (k = 0;; k++) {
		a = key_byte(dx, lx, sx, k);
		b = key_byte(dy, ly, sy, k);
		if (a != b || !a)
			return a - b;
	}
}

int
docname_same_note(const struct docnames *d, size_t i, size_t j)
{
	return key_cmp(d->text, &d->v[i], &d->v[j]) == 0;
}

/* qsort_r's order of the names (indexes in d->v): title, note key,
 * language. */
static int
docname_cmp(const void *a, const void *b, void *arg)
{
	const struct docnames *d = arg;
	const struct docname *x = &d->v[*(const uint32_t *)a];
	const struct docname *y = &d->v[*(const uint32_t *)b];
	const char *text = d->text;
	int c = str_casecmp(text + x->title, text + y->title);

	if (c == 0)
		c = key_cmp(text, x, y);
	if (c == 0)
		c = strcmp(nm_lang(text, x), nm_lang(text, y));
	return c;
}

/* Append the strings of one row of names to text: *d says where. */
static void
pack_name(struct buf *text, sqlite3_stmt *s, struct docname *d)
{
	const char *path = idx_col_str(s, 3), *slash = strrchr(path, '/');
	const char *al, *nl;

	d->title = (uint32_t)text->len;
	d->naliases = 0;
	buf_add(text, idx_col_str(s, 2), strlen(idx_col_str(s, 2)) + 1);
	d->slug = (uint32_t)text->len;
	buf_add(text, idx_col_str(s, 0), strlen(idx_col_str(s, 0)) + 1);
	for (al = idx_col_str(s, 4); *al; al = *nl ? nl + 1 : nl) {
		nl = strchr(al, '\n');
		if (!nl)
			nl = al + strlen(al);
		if (nl == al)
			continue;
		buf_add(text, al, (size_t)(nl - al));
		buf_addc(text, '\0');
		d->naliases++;
	}
	buf_add(text, idx_col_str(s, 1), strlen(idx_col_str(s, 1)) + 1);
	buf_add(text, path, slash ? (size_t)(slash - path) : 0);
	buf_addc(text, '\0');
}

int
index_names(struct index *ix, struct docnames *out, char **cause)
{
	/* in the table's order: sorted here, as SQLite's sort of every
	 * row would hold them all a second time */
	static const char sql[] = "SELECT slug, lang, title, path, aliases"
	    " FROM docs";
	struct buf text = BUF_INIT;
	sqlite3_stmt *s = NULL;
	size_t cap = 0, i;
	int rc;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "reading the note names");
		return idx_take_err(ix, cause);
	}
	idx_scan_begin(ix);
	while ((rc = idx_row(ix, s, "reading the note names")) == 1) {
		if (text.len > UINT32_MAX - 65536) {
			rc = -1;
			break;
		}
		out->v = xgrow(out->v, &cap, out->n + 1, sizeof *out->v);
		pack_name(&text, s, &out->v[out->n++]);
	}
	sqlite3_finalize(s);
	idx_scan_end(ix);
	if (rc < 0) {
		buf_free(&text);
		docnames_free(out);
		if (!ix->err)
			return fail(cause, "too many note names");
		return idx_take_err(ix, cause);
	}
	/* exact sizes: the growth by doubling left up to half unused */
	cap = text.len + 1;
	out->text = xrealloc(buf_take(&text), cap);
	if (out->n)
		out->v = xrealloc(out->v, out->n * sizeof *out->v);
	out->by_title = xmalloc((out->n ? out->n : 1) * sizeof *out->by_title);
	out->rank = xmalloc((out->n ? out->n : 1) * sizeof *out->rank);
	for (i = 0; i < out->n; i++)
		out->by_title[i] = (uint32_t)i;
	qsort_r(out->by_title, out->n, sizeof *out->by_title, docname_cmp,
	    out);
	for (i = 0; i < out->n; i++)
		out->rank[out->by_title[i]] = (uint32_t)i;
	return 0;
}

int
index_tag_docs(struct index *ix, const char *tag, struct doc **out,
    size_t *n, char **cause)
{
	/* as `search tag:X`: nested tags (X/...) too */
	static const char sql[] = "SELECT " DOC_COLS " FROM docs d"
	    " WHERE d.id IN (SELECT doc FROM tags WHERE tag = ?1 OR"
	    " (tag > ?1 || '/' AND tag < ?1 || '0'))"
	    " ORDER BY d.note, d.lang = ?2 DESC, d.path";
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL) != SQLITE_OK) {
		idx_sql_fail(ix, "reading a tag's notes");
		return idx_take_err(ix, cause);
	}
	idx_bind_text(s, 1, tag);
	idx_bind_text(s, 2, ix->default_lang);
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
		"SELECT count(DISTINCT note) FROM docs",
		"SELECT count(*) FROM links WHERE dst IS NOT NULL",
		/* notes all of whose documents have no resolved link in or
		 * out: index probes only, 0.1 s at 100k notes */
		"SELECT count(*) FROM (SELECT d.note FROM docs d"
		" WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.dst = d.id)"
		" AND NOT EXISTS (SELECT 1 FROM links l WHERE l.src = d.id"
		" AND l.dst IS NOT NULL) GROUP BY d.note"
		" HAVING count(*) = (SELECT count(*) FROM docs x"
		" WHERE x.note = d.note))",
		"SELECT count(*) FROM links WHERE dst IS NULL AND kind < ?1",
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
			idx_sql_fail(ix, "counting the graph");
			return idx_take_err(ix, cause);
		}
		if (i == 3)
			idx_bind_int(s, 1, LINK_EXTERNAL);
		if (idx_row(ix, s, "counting the graph") == 1)
			*dst[i] = (long)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (ix->err)
			return idx_take_err(ix, cause);
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
