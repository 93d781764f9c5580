/*
 * index-note.c: one note into the index: read its file (up to
 * INDEX_MAX_NOTE bytes), then write the rows of the parsed note (body,
 * full-text and trigram text, tags, anchors, links with their line, and
 * its problems); and the contexts of links, cut from their files.

 */
#include "core/index-int.h"
#include "core/query.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAX_NOTE	(4 << 20)	/* bytes of a note indexed */
#define CONTEXT_MAX	160		/* bytes of a link's line */

/*
 * Read at most INDEX_MAX_NOTE bytes of a regular file. Returns 0 (*big
 * set when there was more), or -1 with *why.
 */
int
idx_read_note(const char *path, char **data, size_t *len, int *big, char **why)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	char chunk[65536];
	ssize_t n;
	size_t want;
	int fd;

	*big = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return fail(why, "cannot read it (%s)", strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fail(why, "not a regular file");
	}
	for (;;) {
		want = sizeof chunk;
		if (b.len + want > INDEX_MAX_NOTE)
			want = INDEX_MAX_NOTE - b.len;
		if (want == 0) {
			/* one more byte tells whether there is more */
			n = read(fd, chunk, 1);
			if (n > 0)
				*big = 1;
			break;
		}
		n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(why, "cannot read it (%s)", strerror(errno));
			close(fd);
			buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

/* The line starts of cf's data. */
static void
lines_index(struct ctxfile *cf)
{
	size_t cap = 0, i;

	cf->off = xgrow(NULL, &cap, 1, sizeof *cf->off);
	cf->off[0] = 0;
	cf->nlines = 1;
	for (i = 0; i < cf->len; i++) {
		if (cf->data[i] != '\n')
			continue;
		cf->off = xgrow(cf->off, &cap, cf->nlines + 1,
		    sizeof *cf->off);
		cf->off[cf->nlines++] = i + 1;
	}
}

/* Move p back to the start of a UTF-8 character (not before lo). */
static size_t
char_start(const char *data, size_t p, size_t lo)
{
	while (p > lo && ((unsigned char)data[p] & 0xc0) == 0x80)
		p--;
	return p;
}

/*
 * The source line of a link (1-based), trimmed and cleaned. A line longer
 * than CONTEXT_MAX bytes (a paragraph written on one line) is cut to a
 * window around the link, found by its target, with "..." where cut.
 */
static char *
line_context(const struct ctxfile *cf, int line, const char *target)
{
	const char *data = cf->data;
	size_t len = cf->len;
	struct buf b = BUF_INIT;
	size_t a, z, at, w;
	const char *hit;
	char *copy;

	if (line < 1 || (size_t)line > cf->nlines)
		return xstrdup("");
	a = cf->off[line - 1];
	z = (size_t)line < cf->nlines ? cf->off[line] : len;
	while (z > a && (data[z - 1] == '\n' || data[z - 1] == '\r' ||
	    data[z - 1] == ' ' || data[z - 1] == '\t'))
		z--;
	while (a < z && (data[a] == ' ' || data[a] == '\t'))
		a++;
	if (z - a <= CONTEXT_MAX) {
		idx_clean_into(&b, data + a, z - a, 0);
		return buf_take(&b);
	}
	copy = xstrndup(data + a, z - a);
	hit = *target ? strstr(copy, target) : NULL;
	at = hit ? (size_t)(hit - copy) + a : a;
	free(copy);
	w = CONTEXT_MAX / 3;
	at = at > a + w ? at - w : a;
	/* start on a word */
	if (at > a) {
		size_t s = at;

		while (s < z && s < at + 16 && data[s] != ' ')
			s++;
		if (s < z && data[s] == ' ')
			at = s + 1;
	}
	at = char_start(data, at, a);
	w = z - at > CONTEXT_MAX ? char_start(data, at + CONTEXT_MAX, at) :
	    z;
	if (at > a)
		buf_adds(&b, "\xe2\x80\xa6");
	idx_clean_into(&b, data + at, w - at, 0);
	if (w < z)
		buf_adds(&b, "\xe2\x80\xa6");
	return buf_take(&b);
}

/*
 * The contexts are not stored (they were a fifth of the database): each
 * is cut from its source file when links are shown. Every command brings
 * the index up to date first, so the file is the one the lines were
 * counted in; a file edited since shows its line as it is now.
 */
char *
idx_link_context(struct index *ix, struct ctxfile *cf, const char *src,
    int line, const char *target)
{
	char *path, *why = NULL;
	int big;

	if (!cf->src || strcmp(cf->src, src) != 0) {
		idx_ctxfile_free(cf);
		cf->src = xstrdup(src);
		path = path_join(ix->vault, src);
		cf->ok = idx_read_note(path, &cf->data, &cf->len, &big,
		    &why) == 0;
		free(path);
		free(why);
		if (cf->ok)
			lines_index(cf);
	}
	return cf->ok ? line_context(cf, line, target) : xstrdup("");
}

void
idx_ctxfile_free(struct ctxfile *cf)
{
	free(cf->src);
	free(cf->data);
	free(cf->off);
	memset(cf, 0, sizeof *cf);
}

/* A warning about a line of the frontmatter, or about the block. */

static int
is_frontmatter_warning(const struct note *n, const char *w, int line)
{
	if (line > 0 && line < n->body_line)
		return 1;
	if (n->fm && n->fm->error && strstr(w, n->fm->error))
		return 1;
	return strstr(w, "frontmatter") != NULL;
}

/* Split "line N: message" into N and message. */
static const char *
warning_line(const char *w, int *line)
{
	long v = 0;
	const char *p;

	*line = 0;
	if (strncmp(w, "line ", 5) != 0)
		return w;
	for (p = w + 5; *p >= '0' && *p <= '9' && v < 100000000; p++)
		v = v * 10 + (*p - '0');
	if (p == w + 5 || p[0] != ':')
		return w;
	*line = (int)v;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

static void
note_problem(struct update *u, long id, const char *path, int kind,
    int line, const char *msg)
{
	sqlite3_stmt *s = idx_stmt(u->ix, S_PROB_INSERT);
	char *m = idx_clean(msg, 0);

	idx_bind_int(s, 1, id);
	idx_bind_text(s, 2, path);
	idx_bind_int(s, 3, kind);
	idx_bind_int(s, 4, line);
	idx_bind_text(s, 5, m);
	idx_run(u->ix, s, "writing problems");
	free(m);
}

/* The note key of a file: its folder and its slug ("pages/osx/route"),
 * the slug alone at the vault's root (a new string). */
static char *
note_key(const char *path, const char *slug)
{
	char *dir = path_dir(path), *k;

	k = *dir ? xasprintf("%s/%s", dir, slug) : xstrdup(slug);
	free(dir);
	return k;
}

/* Append key to the newline-separated list keys unless it is there. */
static void
keys_append(struct buf *keys, char *key)
{
	const char *p = buf_str(keys), *hit;
	size_t n = strlen(key);

	for (hit = strstr(p, key); hit; hit = strstr(hit + 1, key))
		if ((hit == p || hit[-1] == '\n') &&
		    (hit[n] == '\n' || hit[n] == '\0')) {
			free(key);
			return;
		}
	if (keys->len)
		buf_addc(keys, '\n');
	buf_adds(keys, key);
	free(key);
}

/* The keys of every name of a note: path (with and without its
 * language suffix), slug, title and aliases (newline-separated). */
static char *
note_keys(const char *path, const char *slug, const char *title,
    const char *aliases)
{
	struct buf keys = BUF_INIT;
	char *stem = path_stem(path), *a, *p, *nl;

	keys_append(&keys, idx_name_key(path));
	keys_append(&keys, idx_name_key(stem));
	keys_append(&keys, idx_name_key(slug));
	keys_append(&keys, idx_name_key(title));
	a = xstrdup(aliases);
	for (p = a; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p)
			keys_append(&keys, idx_name_key(p));
	}
	free(a);
	free(stem);
	return buf_take(&keys);
}

/* The columns of n's docs row (DCOL_*), cleaned. */
static void
doc_cols(const struct note *n, char **cols)
{
	const char *created = n->fm ? fm_scalar(n->fm, "created") : NULL;
	const char *updated = n->fm ? fm_scalar(n->fm, "updated") : NULL;

	cols[DCOL_TITLE] = idx_clean(n->title, 0);
	cols[DCOL_SUMMARY] = idx_clean(n->summary, 0);
	cols[DCOL_TYPE] = idx_lower_ascii(n->type);
	cols[DCOL_STATUS] = idx_lower_ascii(n->status);
	cols[DCOL_CREATED] = idx_clean(created, 0);
	cols[DCOL_UPDATED] = idx_clean(updated, 0);
	cols[DCOL_ALIASES] = idx_join(n->aliases, n->naliases, "\n");
	cols[DCOL_SLUG] = idx_clean(n->slug, 0);
	cols[DCOL_LANG] = idx_lower_ascii(n->lang);
	cols[DCOL_NOTE] = note_key(n->path, cols[DCOL_SLUG]);
}

/* Every row of parsed note n into t (index-int.h); its body packed by d
 * (NULL: when written). No database: any thread. */
void
idx_note_text(const struct note *n, struct zdef *d, struct note_text *t)
{
	char *aliases, *stem, *both;
	size_t i, nanchors = n->nheadings + n->nblocks + n->nids;

	memset(t, 0, sizeof *t);
	doc_cols(n, t->cols);
	t->keys = note_keys(n->path, t->cols[DCOL_SLUG], t->cols[DCOL_TITLE],
	    t->cols[DCOL_ALIASES]);
	aliases = t->cols[DCOL_ALIASES];
	/* the file name is searchable as an alias: nextjs finds nextjs.md
	 * when its text never says "nextjs" */
	stem = path_stem(n->path);
	both = xasprintf("%s%s%s", aliases, *aliases ? "\n" : "", stem);
	t->aliases = idx_clean(both, 1);
	free(both);
	free(stem);
	t->tags = idx_join(n->tags, n->ntags, " ");
	t->body = idx_clean(n->text, 1);
	/* subs is title, aliases, tags (which the body view has), then
	 * heads: the headings and the CJK words, which bodyz keeps */
	t->subs = (struct buf)BUF_INIT;
	buf_printf(&t->subs, "%s\n%s\n%s\n", t->cols[DCOL_TITLE],
	    t->aliases, t->tags);
	t->heads = t->subs.len;
	for (i = 0; i < n->nheadings; i++) {
		idx_clean_into(&t->subs, n->headings[i].text,
		    strlen(n->headings[i].text), 0);
		buf_addc(&t->subs, '\n');
	}
	query_cjk_runs(t->body, &t->subs);
	t->z = (struct zpacked)ZPACKED_INIT;
	if (d) {
		idx_body_pack(d, t->body, strlen(t->body), &t->z);
		t->z.done = 1;
	}
	t->tags_rows = xcalloc(2 * n->ntags + 1, sizeof *t->tags_rows);
	for (i = 0; i < n->ntags; i++) {
		t->tags_rows[2 * i] = idx_clean(n->tags[i], 0);
		t->tags_rows[2 * i + 1] = idx_clean(n->tags_shown ?
		    n->tags_shown[i] : n->tags[i], 0);
	}
	t->anchors = xcalloc(nanchors + 1, sizeof *t->anchors);
	for (i = 0; i < nanchors; i++)
		t->anchors[i] = i < n->nheadings ?
		    xstrdup(n->headings[i].anchor) :
		    i < n->nheadings + n->nblocks ? xasprintf("^%s",
		    n->blocks[i - n->nheadings]) : idx_clean(n->ids[i -
		    n->nheadings - n->nblocks], 0);
	t->links = xcalloc(n->nlinks + 1, sizeof *t->links);
	for (i = 0; i < n->nlinks; i++) {
		const struct link *k = &n->links[i];
		struct link_row *l = &t->links[i];
		char *tkey;

		l->target = idx_clean(k->target, 0);
		l->anchor = k->anchor ? idx_clean(k->anchor, 0) : NULL;
		l->label = k->label ? idx_clean(k->label, 0) : NULL;
		tkey = idx_name_key(l->target);
		l->tkey = idx_key_hash(tkey);
		free(tkey);
	}
}

/* Free a NULL-ended vector of strings. */
static void
strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void
idx_note_text_free(struct note_text *t)
{
	size_t i;

	free(t->aliases);
	free(t->tags);
	free(t->body);
	buf_free(&t->subs);
	buf_free(&t->z.z);
	for (i = 0; i < DCOL__COUNT; i++)
		free(t->cols[i]);
	free(t->keys);
	strv_free(t->tags_rows);
	strv_free(t->anchors);
	for (i = 0; t->links && t->links[i].target; i++) {
		free(t->links[i].target);
		free(t->links[i].anchor);
		free(t->links[i].label);
	}
	free(t->links);
	memset(t, 0, sizeof *t);
}

/* Write the rows of a parsed note (its docs row exists as id), made as
 * t. */
void
idx_note_write(struct update *u, long id, const struct note *n,
    struct note_text *t, int big)
{
	struct index *ix = u->ix;
	sqlite3_stmt *s;
	char *ctx;
	const char *first = NULL, *msg;
	size_t i, nwarn = 0;
	int line;

	s = idx_stmt(ix, S_BODY_INSERT);
	idx_bind_int(s, 1, id);
	idx_bind_text(s, 2, t->aliases);
	idx_bind_text(s, 3, t->tags);
	idx_bind_text(s, 4, buf_str(&t->subs) + t->heads);
	idx_body_bind(ix, s, 5, t->body, strlen(t->body), &t->z);
	idx_run(ix, s, "writing a note");
	s = idx_stmt(ix, S_FTS_INSERT);
	idx_bind_int(s, 1, id);
	idx_bind_text(s, 2, t->cols[DCOL_TITLE]);
	idx_bind_text(s, 3, t->aliases);
	idx_bind_text(s, 4, t->tags);
	idx_bind_text(s, 5, t->cols[DCOL_SUMMARY]);
	idx_bind_text(s, 6, t->body);
	idx_run(ix, s, "writing the full-text index");
	s = idx_stmt(ix, S_TITLES_INSERT);
	idx_bind_int(s, 1, id);
	idx_bind_text(s, 2, t->cols[DCOL_TITLE]);
	idx_bind_text(s, 3, t->aliases);
	idx_bind_text(s, 4, t->tags);
	idx_run(ix, s, "writing the full-text index");
	s = idx_stmt(ix, S_TRI_INSERT);
	idx_bind_int(s, 1, id);
	idx_bind_text(s, 2, buf_str(&t->subs));
	idx_run(ix, s, "writing the trigram index");

	for (i = 0; i < n->ntags; i++) {
		s = idx_stmt(ix, S_TAG_INSERT);
		idx_bind_int(s, 1, id);
		idx_bind_text(s, 2, t->tags_rows[2 * i]);
		idx_bind_text(s, 3, t->tags_rows[2 * i + 1]);
		idx_run(ix, s, "writing tags");
	}
	for (i = 0; t->anchors[i]; i++) {
		s = idx_stmt(ix, S_ANCHOR_INSERT);
		idx_bind_int(s, 1, id);
		idx_bind_text(s, 2, t->anchors[i]);
		idx_run(ix, s, "writing headings");
	}
	for (i = 0; i < n->nlinks && !ix->err; i++) {
		const struct link_row *l = &t->links[i];

		s = idx_stmt(ix, S_LINK_INSERT);
		idx_bind_int(s, 1, id);
		idx_bind_int(s, 2, n->links[i].kind);
		idx_bind_text(s, 3, l->target);
		idx_bind_text(s, 4, l->anchor);
		idx_bind_text(s, 5, l->label);
		idx_bind_int(s, 6, n->links[i].line);
		idx_bind_int(s, 7, l->tkey);
		idx_run(ix, s, "writing links");
	}

	/* Problems: collected, stored, and one line printed per file. */
	if (big) {
		msg = "larger than 4 MiB: only the first 4 MiB are indexed";
		note_problem(u, id, n->path, PROB_FILE, 0, msg);
		first = msg;
		nwarn++;
	}
	for (i = 0; i < n->nwarnings; i++) {
		msg = warning_line(n->warnings[i], &line);
		note_problem(u, id, n->path, is_frontmatter_warning(n,
		    n->warnings[i], line) ? PROB_FRONTMATTER : PROB_FILE,
		    line, msg);
		if (!first)
			first = n->warnings[i];
		nwarn++;
	}
	if (first) {
		ctx = idx_clean(first, 0);
		if (nwarn > 1)
			warnmsg("%s: %s (and %zu more: see stratus check)",
			    n->path, ctx, nwarn - 1);
		else
			warnmsg("%s: %s", n->path, ctx);
		free(ctx);
		u->st->warnings++;
	}
}
