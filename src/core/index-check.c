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

/* Is anchor (as a link writes it) one of note key's? A heading (by its
 * GitHub-style anchor), a ^block, an HTML id= or name= as written, or a
 * heading path "H1#H2" (Obsidian's), by its last heading. */
static int
anchor_exists(struct index *ix, const char *key, const char *anchor)
{
	const char *last = anchor[0] == '^' ? NULL : strrchr(anchor, '#');
	char *want[3];
	size_t i, n = 0;
	int found = 0;

	want[n++] = xstrdup(anchor);
	if (anchor[0] != '^') {
		want[n++] = heading_anchor(anchor);
		if (last)
			want[n++] = heading_anchor(last + 1);
	}
	for (i = 0; i < n && !found; i++) {
		sqlite3_stmt *e = idx_stmt(ix, S_ANCHOR_EXISTS);

		idx_bind_text(e, 1, key);
		idx_bind_text(e, 2, want[i]);
		found = sqlite3_step(e) == SQLITE_ROW;
		sqlite3_reset(e);
	}
	for (i = 0; i < n; i++)
		free(want[i]);
	return found;
}

static const char check_broken_sql[] =
	"SELECT s.path, l.line, l.kind, l.target FROM links l"
	" JOIN docs s ON s.id = l.src WHERE l.dst IS NULL AND l.kind < ?1";
static const char check_ambiguous_sql[] =
	"SELECT s.path, l.line, l.kind, l.target, t.path FROM links l"
	" JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	" WHERE l.ambiguous != 0";
static const char check_orphans_sql[] =
	"WITH e(a, b) AS (SELECT s.note, t.note FROM links l"
	"  JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	"  WHERE s.note != t.note),"
	" c(note) AS (SELECT a FROM e UNION SELECT b FROM e)"
	" SELECT min(path) FROM docs WHERE note NOT IN (SELECT note FROM c)"
	" GROUP BY note";
/* Links to a heading or block, with the key of the note they reach
 * (their own for [[#Heading]]). */
static const char check_anchors_sql[] =
	"SELECT s.path, l.line, l.kind, l.target, l.anchor,"
	" coalesce(t.note, s.note) FROM links l"
	" JOIN docs s ON s.id = l.src LEFT JOIN docs t ON t.id = l.dst"
	" WHERE l.anchor IS NOT NULL AND l.anchor != '' AND l.kind < ?1"
	" AND (l.dst IS NOT NULL OR l.target = '')";
static const char check_attach_sql[] =
	"SELECT s.path, l.line, l.target FROM links l"
	" JOIN docs s ON s.id = l.src WHERE l.kind = ?1";

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
	return bsearch(&base, f->v, f->n, sizeof *f->v, str_cmp) != NULL;
}

/* Attachment links to files that do not exist. 0 or -1. */
static int
check_attachments(struct index *ix, struct problems *ps)
{
	struct fnames f = { NULL, 0, 0, 0 };
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(ix->db, check_attach_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return idx_sql_fail(ix, "checking attachments");
	idx_bind_int(s, 1, LINK_ATTACHMENT);
	while ((rc = idx_row(ix, s, "checking attachments")) == 1)
		if (!attachment_exists(ix, &f, idx_col_str(s, 0),
		    idx_col_str(s, 2)))
			problem_add(ps, PROB_BROKEN, idx_col_str(s, 0),
			    sqlite3_column_int(s, 1), xasprintf("attachment "
			    "\"%s\" is missing: no such file beside the note, "
			    "from the vault's root or anywhere by that name; "
			    "add the file or fix the link",
			    idx_col_str(s, 2)));
	sqlite3_finalize(s);
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	return rc < 0 ? -1 : 0;
}

static const char check_problems_sql[] =
	"SELECT path, line, kind, message FROM problems";

int
index_check(struct index *ix, struct problem **out, size_t *n)
{
	struct problems ps = { NULL, 0, 0 };
	struct buf w = BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ix->db, check_broken_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		goto fail;
	idx_bind_int(s, 1, LINK_EXTERNAL);
	while ((rc = idx_row(ix, s, "checking links")) == 1)
		problem_add(&ps, PROB_BROKEN, idx_col_str(s, 0),
		    sqlite3_column_int(s, 1), xasprintf("link %s leads "
		    "nowhere: no note has that path, slug, alias or title; "
		    "write the note or fix the link", link_written(
		    (enum link_kind)sqlite3_column_int(s, 2), idx_col_str(s, 3),
		    &w)));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_ambiguous_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = idx_row(ix, s, "checking links")) == 1)
		problem_add(&ps, PROB_AMBIGUOUS, idx_col_str(s, 0),
		    sqlite3_column_int(s, 1), xasprintf("link %s matches "
		    "several notes and goes to %s; write a path to choose",
		    link_written((enum link_kind)sqlite3_column_int(s, 2),
		    idx_col_str(s, 3), &w), idx_col_str(s, 4)));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_anchors_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	idx_bind_int(s, 1, LINK_EXTERNAL);
	while ((rc = idx_row(ix, s, "checking headings")) == 1) {
		const char *anchor = idx_col_str(s, 4);
		const char *target = idx_col_str(s, 3);
		int block = anchor[0] == '^';

		if (!anchor_exists(ix, idx_col_str(s, 5), anchor))
			problem_add(&ps, PROB_BROKEN, idx_col_str(s, 0),
			    sqlite3_column_int(s, 1), *target ? xasprintf(
			    "link %s reaches its note, but it has no %s "
			    "\"%s\"; fix the link or write the %s",
			    link_written((enum link_kind)sqlite3_column_int(s,
			    2), target, &w), block ? "block" :
			    "heading or anchor", anchor, block ? "block" :
			    "heading") : xasprintf("link %s: this page has no "
			    "%s \"%s\"; fix the link or write the %s",
			    same_page_written((enum link_kind)
			    sqlite3_column_int(s, 2), anchor, &w), block ?
			    "block" : "heading or anchor", anchor, block ?
			    "block" : "heading"));
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || check_attachments(ix, &ps) < 0 ||
	    sqlite3_prepare_v2(ix->db, check_orphans_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = idx_row(ix, s, "checking orphans")) == 1)
		problem_add(&ps, PROB_ORPHAN, idx_col_str(s, 0), 1,
		    xstrdup("no link to or from another note; "
		    "link it from a related note"));
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, check_problems_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = idx_row(ix, s, "reading problems")) == 1)
		problem_add(&ps, (enum problem_kind)sqlite3_column_int(s, 2),
		    idx_col_str(s, 0), sqlite3_column_int(s, 1),
		    idx_col_dup(s, 3));
	if (rc < 0)
		goto fail;
	sqlite3_finalize(s);
	buf_free(&w);
	if (ps.n > 1)
		qsort(ps.v, ps.n, sizeof *ps.v, problem_cmp);
	*out = ps.v;
	*n = ps.n;
	return 0;
fail:
	if (!ix->err)
		idx_sql_fail(ix, "checking");
	sqlite3_finalize(s);
	buf_free(&w);
	problems_free(ps.v, ps.n);
	free(ix->err);
	ix->err = NULL;
	return -1;
}
