/*
 * index-check.c: the index's check of a vault: broken and ambiguous links,
 * links to missing headings or blocks, orphans, and the problems stored
 * by the update, sorted by file and line.
 */
#include "core/index-int.h"
#include "core/util.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ATTACH_FILES_MAX	200000	/* file names remembered */
#define ATTACH_DEPTH_MAX	64

/* --- check ----------------------------------------------------------- */

void
problems_free(struct problem *p, size_t n)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < n; i++) {
		free(p[i].path);
		free(p[i].message);
	}
	free(p);
}

struct problems {
	struct problem *v;
	size_t n, cap;
};

static void
problem_add(struct problems *ps, enum problem_kind kind, const char *path,
    int line, char *message)
{
	struct problem *p;

	ps->v = xgrow(ps->v, &ps->cap, ps->n + 1, sizeof *ps->v);
	p = &ps->v[ps->n++];
	p->kind = kind;
	p->path = xstrdup(path);
	p->line = line;
	p->message = message;
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

static const char *
link_written(enum link_kind kind, const char *target, struct buf *b)
{
	buf_reset(b);
	switch (kind) {
	case LINK_WIKI:
		buf_printf(b, "[[%s]]", target);
		break;
	case LINK_EMBED:
		buf_printf(b, "![[%s]]", target);
		break;
	case LINK_MARKDOWN:
		buf_printf(b, "(%s)", target);
		break;
	case LINK_CONCEPT:
		buf_printf(b, "concepts: %s", target);
		break;
	default:
		buf_adds(b, target);
		break;
	}
	return buf_str(b);
}

/* A link to a heading, block or anchor of this page, as written. */
static const char *
same_page_written(enum link_kind kind, const char *anchor, struct buf *b)
{
	buf_reset(b);
	if (kind == LINK_MARKDOWN)
		buf_printf(b, "(#%s)", anchor);
	else
		buf_printf(b, "[[#%s]]", anchor);
	return buf_str(b);
}

/* Is anchor (as a link writes it) one of note nt's? A heading (by its
 * GitHub-style anchor), a ^block, an HTML id= or name= as written, or a
 * heading path "H1#H2" (Obsidian's), by its last heading. e looks up
 * one (doc, anchor). */
static int
anchor_exists(struct index *ix, sqlite3_stmt *e, const struct notemap *m,
    const struct nnote *nt, const char *anchor)
{
	const char *last = anchor[0] == '^' ? NULL : strrchr(anchor, '#');
	char *want[3];
	size_t i, k, n = 0;
	int found = 0;

	want[n++] = xstrdup(anchor);
	if (anchor[0] != '^') {
		want[n++] = heading_anchor(anchor);
		if (last)
			want[n++] = heading_anchor(last + 1);
	}
	for (i = 0; i < n && !found; i++)
		for (k = 0; k < nt->ndocs && !found; k++) {
			idx_bind_int(e, 1, m->ids[nt->doc0 + k]);
			idx_bind_text(e, 2, want[i]);
			found = idx_row(ix, e, "checking headings") == 1;
			sqlite3_reset(e);
		}
	for (i = 0; i < n; i++)
		free(want[i]);
	return found;
}

/* The names of every file in the vault, sorted, for attachments named
 * without their folder (Obsidian finds them anywhere). */
struct fnames {
	char **v;
	size_t n, cap;
	int built;
};

static void
fnames_walk(struct fnames *f, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	char *p;

	if (depth > ATTACH_DEPTH_MAX || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL && f->n < ATTACH_FILES_MAX) {
		if (e->d_name[0] == '.' || strcmp(e->d_name,
		    "node_modules") == 0)
			continue;
		p = path_join(dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			fnames_walk(f, p, depth + 1);
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
			f->v[f->n++] = xstrdup(e->d_name);
		}
		free(p);
	}
	closedir(d);
}

static void
fnames_free(struct fnames *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does the file an attachment link names exist: beside the note, from
 * the vault's root, or (a bare name) anywhere in the vault? */
static int
attachment_exists(struct index *ix, struct fnames *f, const char *from,
    const char *target)
{
	struct stat st;
	char *dir, *p;
	const char *base;
	int ok;

	if (!*target)
		return 1;
	dir = path_dir(from);
	p = target[0] == '/' ? path_join(ix->vault, target + 1) :
	    *dir ? xasprintf("%s/%s/%s", ix->vault, dir, target) :
	    path_join(ix->vault, target);
	ok = stat(p, &st) == 0;
	free(p);
	free(dir);
	if (!ok && target[0] != '/') {
		p = path_join(ix->vault, target);
		ok = stat(p, &st) == 0;
		free(p);
	}
	if (ok || strchr(target, '/'))
		return ok;
	if (!f->built) {
		fnames_walk(f, ix->vault, 0);
		if (f->n > 1)
			qsort(f->v, f->n, sizeof *f->v, str_cmp);
		f->built = 1;
	}
	base = target;
	return f->n > 0 &&
	    bsearch(&base, f->v, f->n, sizeof *f->v, str_cmp) != NULL;
}

static const char check_problems_sql[] =
	"SELECT path, line, kind, message FROM problems";

/* A problem and its place in the order the checks found it: the sort
 * keeps that order among problems of one kind on one line. */
struct ranked {
	struct problem *p;
	size_t seq;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = problem_cmp(x->p, y->p);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The problems of every phase, in phase order, sorted by file and line
 * (and found order) into *out. */
static void
problems_sort(struct problems *phase, size_t nphase, struct problem **out,
    size_t *n)
{
	struct ranked *r;
	struct problem *v;
	size_t i, k, total = 0;

	for (i = 0; i < nphase; i++)
		total += phase[i].n;
	r = xcalloc(total ? total : 1, sizeof *r);
	for (i = 0, total = 0; i < nphase; i++)
		for (k = 0; k < phase[i].n; k++, total++) {
			r[total].p = &phase[i].v[k];
			r[total].seq = total;
		}
	if (total > 1)
		qsort(r, total, sizeof *r, ranked_cmp);
	v = xcalloc(total ? total : 1, sizeof *v);
	for (i = 0; i < total; i++)
		v[i] = *r[i].p;
	free(r);
	for (i = 0; i < nphase; i++)
		free(phase[i].v);
	*out = v;
	*n = total;
}

/* The order problems were listed in before one pass found them all
 * (kept for problems of one kind on one line). */
enum phase {
	PH_NOWHERE, PH_AMBIGUOUS, PH_ANCHOR, PH_ATTACHMENT, PH_ORPHAN,
	PH_STORED, PH__COUNT
};

/* Every link once, with the note map for the names of its ends. */
static const char check_links_sql[] =
	"SELECT src, line, kind, target, anchor, dst, ambiguous FROM links";
static const char check_anchor_sql[] =
	"SELECT 1 FROM anchors WHERE doc = ?1 AND anchor = ?2";

/* What one pass over the links needs. */
struct pass {
	struct index *ix;
	const struct notemap *m;
	sqlite3_stmt *anchor;		/* check_anchor_sql */
	struct problems *ph;		/* [PH__COUNT] */
	struct fnames f;
	unsigned char *linked;		/* by note */
	struct buf w;
};

static void
check_link(struct pass *c, sqlite3_stmt *s)
{
	const struct notemap *m = c->m;
	struct problems *ph = c->ph;
	struct buf *w = &c->w;
	const struct ndoc *x, *y = NULL;
	enum link_kind kind = (enum link_kind)sqlite3_column_int(s, 2);
	int line = sqlite3_column_int(s, 1);
	int resolved = sqlite3_column_type(s, 5) != SQLITE_NULL;
	const char *from, *target, *anchor;

	if ((x = idx_notemap_doc(m, (long)sqlite3_column_int64(s, 0))) ==
	    NULL)
		return;
	from = NOTEMAP_STR(m, x->path);
	if (resolved && (y = idx_notemap_doc(m,
	    (long)sqlite3_column_int64(s, 5))) != NULL && x->note != y->note)
		c->linked[x->note] = c->linked[y->note] = 1;
	if (!resolved && kind < LINK_EXTERNAL)
		problem_add(&ph[PH_NOWHERE], PROB_BROKEN, from, line,
		    xasprintf("link %s leads nowhere: no note has that path, "
		    "slug, alias or title; write the note or fix the link",
		    link_written(kind, idx_col_str(s, 3), w)));
	if (y && sqlite3_column_int(s, 6) != 0)
		problem_add(&ph[PH_AMBIGUOUS], PROB_AMBIGUOUS, from, line,
		    xasprintf("link %s matches several notes and goes to %s; "
		    "write a path to choose", link_written(kind,
		    idx_col_str(s, 3), w), NOTEMAP_STR(m, y->path)));
	anchor = idx_col_str(s, 4);
	target = idx_col_str(s, 3);
	if (*anchor && kind < LINK_EXTERNAL && (resolved || !*target)) {
		/* the note it reaches, its own for [[#Heading]] */
		const struct nnote *nt = &m->notes[y ? y->note : x->note];
		int block = anchor[0] == '^';

		if (!anchor_exists(c->ix, c->anchor, m, nt, anchor))
			problem_add(&ph[PH_ANCHOR], PROB_BROKEN, from, line,
			    *target ? xasprintf("link %s reaches its note, "
			    "but it has no %s \"%s\"; fix the link or write "
			    "the %s", link_written(kind, target, w), block ?
			    "block" : "heading or anchor", anchor, block ?
			    "block" : "heading") : xasprintf("link %s: this "
			    "page has no %s \"%s\"; fix the link or write the "
			    "%s", same_page_written(kind, anchor, w), block ?
			    "block" : "heading or anchor", anchor, block ?
			    "block" : "heading"));
	}
	if (kind == LINK_ATTACHMENT && !attachment_exists(c->ix, &c->f, from,
	    target))
		problem_add(&ph[PH_ATTACHMENT], PROB_BROKEN, from, line,
		    xasprintf("attachment \"%s\" is missing: no such file "
		    "beside the note, from the vault's root or anywhere by "
		    "that name; add the file or fix the link", target));
}

static void
pass_free(struct pass *c)
{
	sqlite3_finalize(c->anchor);
	fnames_free(&c->f);
	free(c->linked);
	buf_free(&c->w);
}

/*
 * One pass over the documents and one over the links (860k at 100k
 * notes), the names of their ends from a note map in memory: the joins
 * and the orphans' UNION the SQL did took 12 s there.
 */
int
index_check(struct index *ix, struct problem **out, size_t *n)
{
	struct problems ph[PH__COUNT];
	struct notemap m;
	struct pass c;
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	memset(ph, 0, sizeof ph);
	memset(&c, 0, sizeof c);
	c.ix = ix;
	c.m = &m;
	c.ph = ph;
	if (idx_notemap_load(ix, &m, 1, NULL, NULL) < 0)
		goto fail;
	c.linked = xcalloc(m.nnotes ? m.nnotes : 1, 1);
	if (sqlite3_prepare_v2(ix->db, check_anchor_sql, -1, &c.anchor,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(ix->db, check_links_sql,
	    -1, &s, NULL) != SQLITE_OK)
		goto fail;
	while (!ix->err && (rc = idx_row(ix, s, "checking links")) == 1)
		check_link(&c, s);
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || ix->err)
		goto fail;
	for (i = 0; i < m.nnotes; i++)
		if (!c.linked[i])
			problem_add(&ph[PH_ORPHAN], PROB_ORPHAN,
			    NOTEMAP_STR(&m, m.notes[i].first), 1,
			    xstrdup("no link to or from another note; "
			    "link it from a related note"));
	if (sqlite3_prepare_v2(ix->db, check_problems_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		goto fail;
	while ((rc = idx_row(ix, s, "reading problems")) == 1)
		problem_add(&ph[PH_STORED], (enum problem_kind)
		    sqlite3_column_int(s, 2), idx_col_str(s, 0),
		    sqlite3_column_int(s, 1), idx_col_dup(s, 3));
	if (rc < 0)
		goto fail;
	sqlite3_finalize(s);
	pass_free(&c);
	idx_notemap_free(&m);
	problems_sort(ph, PH__COUNT, out, n);
	return 0;
fail:
	if (!ix->err)
		idx_sql_fail(ix, "checking");
	sqlite3_finalize(s);
	pass_free(&c);
	idx_notemap_free(&m);
	for (i = 0; i < PH__COUNT; i++)
		problems_free(ph[i].v, ph[i].n);
	free(ix->err);
	ix->err = NULL;
	return -1;
}
