/*
 * rename.c: rewriting links to a renamed note, and applying the renames
 * and rewrites under a journal (see rename.h).
 */
#include "core/rename.h"
#include "core/buf.h"
#include "core/pct.h"
#include "core/util.h"
#include "core/wikilink.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct names {
	const char *oldstem, *oldslug, *newstem, *newslug;
};

/* Length of a note extension ending seg[0..n), or 0. */
static size_t
ext_len(const char *seg, size_t n)
{
	static const char *const ext[] = {".markdown", ".mdx", ".md", NULL};
	size_t i, e;

	for (i = 0; ext[i]; i++) {
		e = strlen(ext[i]);
		if (n >= e && strncasecmp(seg + n - e, ext[i], e) == 0)
			return e;
	}
	return 0;
}

static void
add_encoded(struct buf *b, const char *s, int encode)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (encode && (*p == ' ' || *p == '%' || *p == '(' ||
		    *p == ')' || *p == '#' || *p == '?' || *p >= 0x80))
			buf_printf(b, "%%%02X", *p);
		else
			buf_addc(b, *p);
}

/* Append path raw[0..n) to b with its last segment's stem renamed when it
 * is the old file name (or the old slug). encode: write the new name
 * percent-encoded, as the link was. */
static void
rename_path(struct buf *b, const char *raw, size_t n, const struct names *nm,
    int encode)
{
	const char *seg = raw;
	char *dec, *stem;
	size_t i, slen, e;

	for (i = 0; i < n; i++)
		if (raw[i] == '/')
			seg = raw + i + 1;
	slen = (size_t)(raw + n - seg);
	dec = pct_decode(seg, slen);
	e = ext_len(dec, strlen(dec));
	stem = xstrndup(dec, strlen(dec) - e);
	buf_add(b, raw, (size_t)(seg - raw));
	if (str_casecmp(stem, nm->oldstem) == 0) {
		add_encoded(b, nm->newstem, encode);
		buf_adds(b, dec + strlen(stem));
	} else if (str_casecmp(stem, nm->oldslug) == 0) {
		add_encoded(b, nm->newslug, encode);
		buf_adds(b, dec + strlen(stem));
	} else
		buf_add(b, seg, slen);
	free(stem);
	free(dec);
}

/* Rewrite the wikilink [[...]] or ![[...]] whose inside is p[0..n) when
 * its target is want. Returns 1 when it was a match. */
static int
do_wiki(struct buf *b, const char *p, size_t n, const char *want,
    const struct names *nm)
{
	struct wikilink w;
	char *t;
	int match;

	if (wikilink_split(p, n, &w) < 0) {
		buf_add(b, p, n);
		return 0;
	}
	t = xstrndup(w.target, w.tlen);
	match = strcmp(t, want) == 0;
	free(t);
	if (!match || w.tlen == 0) {
		buf_add(b, p, n);
		return match;
	}
	buf_add(b, p, (size_t)(w.target - p));
	rename_path(b, w.target, w.tlen, nm, 0);
	buf_add(b, w.target + w.tlen, (size_t)(p + n - (w.target + w.tlen)));
	return 1;
}

/* The Markdown destination d[0..n) (inside the parentheses). */
static int
do_md(struct buf *b, const char *d, size_t n, const char *want,
    const struct names *nm)
{
	size_t off = 0, plen, end = n;
	char *dec;
	int match, angle = 0;

	while (off < n && d[off] == ' ')
		off++;
	if (off < n && d[off] == '<') {
		angle = 1;
		off++;
		end = off;
		while (end < n && d[end] != '>')
			end++;
	} else {
		end = off;
		while (end < n && d[end] != ' ')
			end++;
	}
	plen = link_dest_path_len(d + off, end - off);
	dec = pct_decode(d + off, plen);
	match = strcmp(dec, want) == 0;
	free(dec);
	if (!match) {
		buf_add(b, d, n);
		return 0;
	}
	buf_add(b, d, off);
	rename_path(b, d + off, plen, nm,
	    !angle && (memchr(d + off, '%', plen) || strchr(nm->newstem, ' ')));
	buf_add(b, d + off + plen, n - off - plen);
	return 1;
}

/* A concepts: item on a frontmatter line. */
static int
do_concept(struct buf *b, const char *line, size_t n, const char *want,
    const struct names *nm)
{
	size_t i = 0, w = strlen(want);
	int found = 0;

	while (i < n) {
		if (i + w <= n && strncmp(line + i, want, w) == 0 &&
		    (i == 0 || strchr(" \t[,'\"-", line[i - 1])) &&
		    (i + w == n || strchr(" \t],'\"\r", line[i + w]))) {
			buf_adds(b, nm->newslug);
			i += w;
			found = 1;
		} else
			buf_addc(b, line[i++]);
	}
	return found;
}

/* Rewrite one line (no '\n') for link l; returns 1 when l was found. */
static int
rewrite_line(struct buf *b, const char *line, size_t n,
    const struct rename_link *l, const struct names *nm)
{
	size_t i = 0, j;
	int found = 0, code = 0, no_wiki_end = 0, no_paren = 0;

	/* A close not found after one opening is after none later: each
	 * search runs once past the end, so a line costs O(n). */
	if (l->kind == LINK_CONCEPT)
		return do_concept(b, line, n, l->target, nm);
	while (i < n) {
		if (line[i] == '`') {
			code = !code;
			buf_addc(b, line[i++]);
			continue;
		}
		if (!code && !no_wiki_end &&
		    (l->kind == LINK_WIKI || l->kind == LINK_EMBED) &&
		    i + 1 < n && line[i] == '[' && line[i + 1] == '[') {
			for (j = i + 2; j + 1 < n; j++)
				if (line[j] == ']' && line[j + 1] == ']')
					break;
			no_wiki_end = j + 1 >= n;
			if (j + 1 < n) {
				buf_add(b, "[[", 2);
				found |= do_wiki(b, line + i + 2, j - i - 2,
				    l->target, nm);
				buf_add(b, "]]", 2);
				i = j + 2;
				continue;
			}
		}
		if (!code && !no_paren && l->kind == LINK_MARKDOWN &&
		    i + 1 < n && line[i] == ']' && line[i + 1] == '(') {
			for (j = i + 2; j < n && line[j] != ')'; j++)
				;
			no_paren = j >= n;
			if (j < n) {
				buf_add(b, "](", 2);
				found |= do_md(b, line + i + 2, j - i - 2,
				    l->target, nm);
				buf_addc(b, ')');
				i = j + 1;
				continue;
			}
		}
		buf_addc(b, line[i++]);
	}
	return found;
}

/* Did an earlier link have the same line, kind and target? One pass
 * rewrites them all ([[a]] and [[a]] on one line). */
static int
seen_before(const struct rename_link *links, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (links[k].line == links[i].line &&
		    links[k].kind == links[i].kind &&
		    strcmp(links[k].target, links[i].target) == 0)
			return 1;
	return 0;
}

int
rename_rewrite(const char *text, const struct rename_link *links, size_t n,
    const char *oldstem, const char *oldslug, const char *newstem,
    const char *newslug, char **out, int *changed, char **cause)
{
	struct names nm = {oldstem, oldslug, newstem, newslug};
	struct buf b = BUF_INIT, cur = BUF_INIT;
	const char *p = text, *nl;
	int lineno = 1;
	size_t i, len;

	buf_adds(&b, "");
	while (*p) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		buf_reset(&cur);
		buf_add(&cur, p, len);
		for (i = 0; i < n; i++) {
			struct buf next = BUF_INIT;

			if (links[i].line != lineno || seen_before(links, i))
				continue;
			buf_adds(&next, "");
			if (!rewrite_line(&next, buf_str(&cur), cur.len,
			    &links[i], &nm)) {
				buf_free(&next);
				fail(cause, "line %d: the link to '%s' is not "
				    "where the index saw it", lineno,
				    links[i].target);
				goto fail;
			}
			buf_free(&cur);
			cur = next;
		}
		buf_add(&b, buf_str(&cur), cur.len);
		if (nl)
			buf_addc(&b, '\n');
		p += len + (nl ? 1 : 0);
		lineno++;
	}
	for (i = 0; i < n; i++)
		if (links[i].line < 1 || links[i].line >= lineno) {
			fail(cause, "line %d: past the end of the file (the "
			    "link to '%s')", links[i].line, links[i].target);
			goto fail;
		}
	buf_free(&cur);
	*changed = strcmp(buf_str(&b), text) != 0;
	*out = buf_take(&b);
	return 0;
fail:
	buf_free(&cur);
	buf_free(&b);
	return -1;
}

/* Tests kill the process after this many steps of a commit
 * ($STRATUS_TEST_MV_KILL_AFTER), to check rename_recover(). */
static long steps;

static void
step_done(void)
{
	long limit = env_int("STRATUS_TEST_MV_KILL_AFTER", 0, 1000000, -1);

	if (limit >= 0 && ++steps > limit)
		kill(getpid(), SIGKILL);
}

/* Carry out a committed journal: staged files into place, then renamed
 * files' old names removed. Each step is idempotent. */
static int
finish(const char *vault, const char *journal, char **cause)
{
	char *stage = path_join(vault, ".stratus/mv-stage");
	char *jpath = path_join(vault, ".stratus/mv.journal");
	const char *p, *nl, *t1, *t2;
	char *num, *path, *from, *src, *dst, *dir;
	int pass, rc = -1;
	struct stat st;

	for (pass = 0; pass < 2; pass++) {
		for (p = journal; *p; p = nl + 1) {
			if (!(nl = strchr(p, '\n')) ||
			    !(t1 = memchr(p, '\t', (size_t)(nl - p))) ||
			    !(t2 = memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)))) {
				fail(cause, "%s: malformed; remove it and check "
				    "the notes by hand", jpath);
				goto fail;
			}
			num = xstrndup(p, (size_t)(t1 - p));
			path = xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
			from = xstrndup(t2 + 1, (size_t)(nl - t2 - 1));
			src = path_join(stage, num);
			dst = path_join(vault, path);
			if (pass == 0 && stat(src, &st) == 0) {
				dir = path_dir(dst);
				mkdir_p(dir, cause);
				free(dir);
				if (rename(src, dst) < 0)
					fail(cause, "%s: %s", dst, strerror(errno));
				step_done();
			} else if (pass == 1 && strcmp(from, "-") != 0 &&
			    strcmp(from, path) != 0 && stat(dst, &st) == 0) {
				free(src);
				src = path_join(vault, from);
				if (unlink(src) == 0)
					step_done();
			}
			free(num);
			free(path);
			free(from);
			free(src);
			free(dst);
		}
	}
	if (unlink(jpath) < 0 && errno != ENOENT) {
		fail(cause, "%s: %s", jpath, strerror(errno));
		goto fail;
	}
	rmdir(stage);
	rc = 0;
fail:
	free(stage);
	free(jpath);
	return rc;
}

/* Remove a staging folder no journal committed. */
static void
drop_stage(const char *stage)
{
	DIR *d = opendir(stage);
	struct dirent *e;
	char *f;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		f = path_join(stage, e->d_name);
		unlink(f);
		free(f);
	}
	closedir(d);
	rmdir(stage);
}

int
rename_recover(const char *vault, char **cause)
{
	char *jpath = path_join(vault, ".stratus/mv.journal");
	char *stage = path_join(vault, ".stratus/mv-stage");
	char *text = NULL;
	size_t len;
	int rc = 0;

	if (access(jpath, F_OK) == 0) {
		if (read_file(jpath, 16 << 20, &text, &len, cause) < 0 ||
		    finish(vault, text, cause) < 0)
			rc = -1;
		else
			rc = 1;
	} else
		drop_stage(stage);
	free(text);
	free(jpath);
	free(stage);
	return rc;
}

int
rename_apply(const char *vault, const struct rename_op *ops, size_t n,
    char **cause)
{
	char *stage = path_join(vault, ".stratus/mv-stage");
	char *jpath = path_join(vault, ".stratus/mv.journal");
	char *f, *num, *journal = NULL;
	struct buf j = BUF_INIT;
	size_t i;
	int rc = -1;

	if (rename_recover(vault, cause) < 0)
		goto fail;
	buf_adds(&j, "");
	for (i = 0; i < n; i++) {
		if (strpbrk(ops[i].path, "\t\n") ||
		    (ops[i].from && strpbrk(ops[i].from, "\t\n"))) {
			fail(cause, "%s: a tab or newline in a file name",
			    ops[i].path);
			goto fail;
		}
		num = xasprintf("%zu", i);
		f = path_join(stage, num);
		free(num);
		if (write_file_atomic(f, ops[i].content, ops[i].len,
		    cause) < 0) {
			free(f);
			drop_stage(stage);
			goto fail;
		}
		free(f);
		step_done();
		buf_printf(&j, "%zu\t%s\t%s\n", i, ops[i].path,
		    ops[i].from ? ops[i].from : "-");
	}
	/* The commit point: from here on the rename happens, now or at
	 * the next run. */
	if (write_file_atomic(jpath, j.ptr, j.len, cause) < 0) {
		drop_stage(stage);
		goto fail;
	}
	journal = buf_take(&j);
	rc = finish(vault, journal, cause);
fail:
	free(journal);
	buf_free(&j);
	free(stage);
	free(jpath);
	return rc;
}

void
rename_plan_free(struct rename_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nops; i++) {
		free(p->ops[i].path);
		free(p->ops[i].from);
		free(p->ops[i].content);
		free(p->old[i]);
	}
	free(p->ops);
	free(p->old);
	memset(p, 0, sizeof *p);
}

char *
rename_stem(const char *name, char **cause)
{
	size_t e = str_ends(name, ".md") ? 3 : 0;
	char *stem = xstrndup(name, strlen(name) - e);

	if (!*stem || stem[0] == '.' || strpbrk(stem, "/\\\t\n")) {
		fail(cause, "the new name is a file name in the note's folder, "
		    "without '/' and not starting with '.'");
		free(stem);
		return NULL;
	}
	return stem;
}

/* The new vault path of a file renamed to newstem: its folder and its
 * language suffix and extension kept. */
static char *
new_path(const char *path, const char *newstem)
{
	char *stem = path_stem(path), *dir = path_dir(path), *r;
	const char *base = path_base(path);

	if (strcmp(dir, ".") == 0 || !*dir)
		r = xasprintf("%s%s", newstem, base + strlen(stem));
	else
		r = xasprintf("%s/%s%s", dir, newstem, base + strlen(stem));
	free(stem);
	free(dir);
	return r;
}

/* What every file's rewrite shares. */
struct plan_ctx {
	const char *vault, *key;
	const struct linkrow *rows;	/* the backlinks */
	size_t nrows;
	struct names nm;
};

/* Add the op for file path (vault-relative; renamed to `to` unless
 * NULL) with its links rewritten: those of rows from it, and of own (its
 * links) those to the note itself (another language, a heading). */
static int
plan_file(const struct plan_ctx *x, struct rename_plan *p, const char *path,
    const char *to, const struct linkrow *own, size_t nown, char **cause)
{
	struct rename_link *links = xcalloc(x->nrows + nown + 1,
	    sizeof(*links));
	char *abs = path_join(x->vault, path), *text = NULL, *out = NULL;
	char *why = NULL;
	size_t i, n = 0, len;
	int changed = 0, rc = RENAME_FAILED;

	for (i = 0; i < x->nrows; i++)
		if (x->rows[i].other.path &&
		    strcmp(x->rows[i].other.path, path) == 0) {
			links[n].line = x->rows[i].line;
			links[n].kind = x->rows[i].kind;
			links[n].target = x->rows[i].target;
			n++;
		}
	for (i = 0; i < nown; i++)
		if (own[i].resolved && own[i].other.key &&
		    strcmp(own[i].other.key, x->key) == 0 &&
		    own[i].kind != LINK_CONCEPT && *own[i].target) {
			links[n].line = own[i].line;
			links[n].kind = own[i].kind;
			links[n].target = own[i].target;
			n++;
		}
	if (read_file(abs, 0, &text, &len, &why) < 0 ||
	    rename_rewrite(text, links, n, x->nm.oldstem, x->nm.oldslug,
	    x->nm.newstem, x->nm.newslug, &out, &changed, &why) < 0) {
		fail(cause, "%s: %s; nothing renamed", path, why);
		goto fail;
	}
	if (changed || to) {
		p->ops = xrealloc(p->ops, (p->nops + 1) * sizeof(*p->ops));
		p->old = xrealloc(p->old, (p->nops + 1) * sizeof(*p->old));
		p->ops[p->nops].path = xstrdup(to ? to : path);
		p->ops[p->nops].from = to ? xstrdup(path) : NULL;
		p->ops[p->nops].content = out;
		p->ops[p->nops].len = strlen(out);
		p->old[p->nops] = text;
		p->nops++;
		p->links += (long)n;
		out = text = NULL;
	}
	rc = 0;
fail:
	free(why);
	free(links);
	free(abs);
	free(text);
	free(out);
	return rc;
}

/* Is path already in the plan (renamed or rewritten)? */
static int
planned(const struct rename_plan *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->nops; i++)
		if ((p->ops[i].from && strcmp(p->ops[i].from, path) == 0) ||
		    (!p->ops[i].from && strcmp(p->ops[i].path, path) == 0))
			return 1;
	return 0;
}

int
rename_plan(struct index *ix, const char *vault, const struct doc *d,
    const char *newstem, struct rename_plan *p, char **cause)
{
	struct plan_ctx x = {0};
	struct doc *tr = NULL;
	struct linkrow *rows = NULL, *own;
	size_t ntr = 0, nrows = 0, nown, i;
	char *oldstem = path_stem(d->path), *oldslug = slugify(oldstem);
	char *newslug, *to, *abs;
	int rc = RENAME_FAILED, k;
	struct stat st;

	memset(p, 0, sizeof *p);
	/* A slug: in the frontmatter stays; one from the file name follows. */
	newslug = strcmp(d->slug, oldslug) == 0 ?
	    slugify(newstem) : xstrdup(d->slug);
	if (index_translations(ix, d->key, &tr, &ntr) < 0 ||
	    index_backlinks(ix, d->key, NULL, &rows, &nrows) < 0) {
		fail(cause, "%s: the index cannot be read", d->path);
		goto fail;
	}
	x.vault = vault;
	x.key = d->key;
	x.rows = rows;
	x.nrows = nrows;
	x.nm.oldstem = oldstem;
	x.nm.oldslug = d->slug;
	x.nm.newstem = newstem;
	x.nm.newslug = newslug;
	for (i = 0; i < ntr; i++) {
		to = new_path(tr[i].path, newstem);
		abs = path_join(vault, to);
		if (stat(abs, &st) == 0 && str_casecmp(to, tr[i].path) != 0) {
			fail(cause, "%s exists already; nothing renamed", to);
			free(abs);
			free(to);
			rc = RENAME_EXISTS;
			goto fail;
		}
		free(abs);
		own = NULL;
		nown = 0;
		index_links(ix, tr[i].id, &own, &nown);
		k = plan_file(&x, p, tr[i].path, to, own, nown, cause);
		linkrows_free(own, nown);
		free(to);
		if (k < 0)
			goto fail;
	}
	for (i = 0; i < nrows; i++) {
		const char *src = rows[i].other.path;

		if (!src || planned(p, src))
			continue;
		if (plan_file(&x, p, src, NULL, NULL, 0, cause) < 0)
			goto fail;
	}
	rc = 0;
fail:
	if (rc != 0)
		rename_plan_free(p);
	docs_free(tr, ntr);
	linkrows_free(rows, nrows);
	free(oldstem);
	free(oldslug);
	free(newslug);
	return rc;
}
