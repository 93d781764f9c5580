/*
 * test_index.c: the index against what a vault throws at it. A temporary
 * vault built at test time holds invalid UTF-8, NUL bytes, CRLF with a
 * BOM, a 50 MB note, 10,000 nested list items, broken YAML, an unreadable
 * file and a symlink loop: one warning per bad file, the rest indexed,
 * search still answers. Then the incremental update (touch, change,
 * delete, add, rename, links re-resolved), the rebuild of an old-schema
 * or corrupt database, progress only on a terminal, and the readers
 * (find, translations, links, backlinks, tags, check, graph) on the query
 * fixture vault.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/index.h"
#include "core/util.h"

/* --- helpers ------------------------------------------------------- */

static char *
tmpdir_new(void)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/stratus-ix-XXXXXX", t && *t ? t : "/tmp");

	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)f;
	if (flag == FTW_DP || flag == FTW_D)
		chmod(path, 0700);
	else if (flag != FTW_SL && flag != FTW_SLN)
		chmod(path, 0600);
	return remove(path) < 0 ? 0 : 0;
}

static void
tmpdir_free(char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Write a file (no fsync: thousands of them are written). */
static void
put(const char *dir, const char *rel, const char *data, size_t len)
{
	char *path = path_join(dir, rel);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fail_msg("write %s failed", path);
	free(path);
}

static void
puts_file(const char *dir, const char *rel, const char *text)
{
	put(dir, rel, text, strlen(text));
}

/* stderr into a file while a call runs. */
struct capture {
	int saved;
	char path[64];
};

static void
capture_start(struct capture *c)
{
	int fd;

	fflush(stderr);
	snprintf(c->path, sizeof c->path, "/tmp/stratus-err-XXXXXX");
	fd = mkstemp(c->path);
	assert_true(fd >= 0);
	c->saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* Stop capturing; returns what was written (caller frees). */
static char *
capture_end(struct capture *c)
{
	char *data = NULL, *cause = NULL;
	size_t len;

	fflush(stderr);
	dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	if (read_file(c->path, 0, &data, &len, &cause) < 0)
		fail_msg("%s", cause);
	unlink(c->path);
	return data;
}

static size_t
count_lines_with(const char *text, const char *needle)
{
	size_t n = 0;
	const char *line = text, *nl;
	char *copy;

	while (*line) {
		nl = strchr(line, '\n');
		copy = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
		if (strstr(copy, needle))
			n++;
		free(copy);
		if (!nl)
			break;
		line = nl + 1;
	}
	return n;
}

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (*text == '\n')
			n++;
	return n;
}

static struct index *
open_at(const char *vault, const char *db, int progress)
{
	struct index_opts o;
	struct index *ix = NULL;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.vault = vault;
	o.db_path = db;
	o.progress = progress;
	o.progress_delay = 1e-9;
	if (index_open(&o, &ix, &cause) < 0)
		fail_msg("open: %s", cause);
	return ix;
}

static void
update(struct index *ix, int full, struct index_stats *st)
{
	char *cause = NULL;

	if (index_update(ix, full, st, &cause) < 0)
		fail_msg("update: %s", cause);
}

/* The slugs a query gives, sorted, space-separated. */
static char *
slugs_of(struct index *ix, const char *q)
{
	struct hit *h = NULL;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	size_t n = 0, i, j;
	const char *tmp;
	const char **v;

	if (index_search(ix, q, 100, &h, &n, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = h[i].doc.slug;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			tmp = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			buf_printf(&b, "%s%s", b.len ? " " : "", v[i]);
	free(v);
	hits_free(h, n);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

static void
assert_search(struct index *ix, const char *q, const char *want)
{
	char *got = slugs_of(ix, q);

	if (strcmp(got, want) != 0)
		fail_msg("search [%s]: got [%s], want [%s]", q, got, want);
	free(got);
}

/* --- robustness -------------------------------------------------------- */

static void
make_hostile_vault(const char *v, int *unreadable)
{
	struct buf b = BUF_INIT;
	size_t i;
	char *p, *q;

	puts_file(v, "good.md", "---\ntitle: Good\n---\n\n# Good\n\n"
	    "goodword links to [[other]].\n");
	puts_file(v, "other.md", "# Other\n\notherword.\n");
	puts_file(v, "badutf8.md", "---\ntitle: Bad UTF\n---\n\n"
	    "# Bad\n\nbefore \xff\xfe\xc3 wordutf after\n");
	put(v, "nul.md", "# Nul\n\nbefore\0after nulword\n",
	    sizeof "# Nul\n\nbefore\0after nulword\n" - 1);
	puts_file(v, "crlf.md", "\xef\xbb\xbf---\r\ntitle: Crlf Title\r\n"
	    "tags: [crlftag]\r\n---\r\n\r\n# Crlf\r\n\r\ncrlfword text\r\n");
	puts_file(v, "broken.md", "---\ntitle: [unclosed\ntags: {a: \n---\n"
	    "\n# Broken\n\nbrokenword\n");
	/* 10,000 nested list items on one line, and as indented lines */
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "deepword\n\n");
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%*s- level\n", (int)(i % 64) * 2, "");
	put(v, "nested.md", b.ptr, b.len);
	buf_reset(&b);
	/* 50 MB: a word at the start, another at the very end */
	buf_adds(&b, "# Big\n\nbigword first\n\n");
	while (b.len < 50u * 1024 * 1024)
		buf_adds(&b, "lorem ipsum dolor sit amet consectetur "
		    "adipiscing elit sed do eiusmod tempor incididunt\n");
	buf_adds(&b, "tailword\n");
	put(v, "big.md", b.ptr, b.len);
	buf_free(&b);
	/* unreadable */
	puts_file(v, "secret.md", "# Secret\n\nsecretword\n");
	p = path_join(v, "secret.md");
	chmod(p, 0);
	*unreadable = access(p, R_OK) != 0;
	free(p);
	/* a symlink loop: loop/again -> .. and a link to itself */
	p = path_join(v, "loop");
	assert_int_equal(mkdir(p, 0755), 0);
	q = path_join(p, "again");
	assert_int_equal(symlink("..", q), 0);
	free(q);
	q = path_join(p, "self.md");
	assert_int_equal(symlink("self.md", q), 0);
	free(q);
	free(p);
}

static void
test_robust(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *err;
	struct index_stats st;
	struct capture cap;
	struct index *ix;
	struct doc d;
	struct problem *pr = NULL;
	size_t npr = 0, i;
	int unreadable, fm_broken = 0, file_secret = 0;
	char *cause = NULL;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	make_hostile_vault(v, &unreadable);
	ix = open_at(v, db, 0);
	capture_start(&cap);
	update(ix, 0, &st);
	err = capture_end(&cap);

	/* one warning line per bad file, naming it; none for good ones */
	assert_int_equal(count_lines_with(err, "big.md"), 1);
	assert_int_equal(count_lines_with(err, "broken.md"), 1);
	assert_int_equal(count_lines_with(err, "badutf8.md"), 1);
	assert_int_equal(count_lines_with(err, "nul.md"), 1);
	assert_int_equal(count_lines_with(err, "loop/again"), 1);
	assert_int_equal(count_lines_with(err, "loop/self.md"), 1);
	assert_int_equal(count_lines_with(err, "good.md"), 0);
	assert_int_equal(count_lines_with(err, "crlf.md"), 0);
	if (unreadable)
		assert_int_equal(count_lines_with(err, "secret.md"), 1);
	else
		print_message("running as root: chmod 000 does not stop "
		    "reads, the unreadable-file case is skipped\n");
	assert_int_equal(count_lines(err), (size_t)st.warnings);
	free(err);

	/* the rest is indexed and searchable */
	assert_search(ix, "goodword", "good");
	assert_search(ix, "otherword", "other");
	assert_search(ix, "wordutf", "badutf8");
	assert_search(ix, "nulword", "nul");
	assert_search(ix, "crlfword", "crlf");
	assert_search(ix, "tag:crlftag", "crlf");
	assert_search(ix, "brokenword", "broken");
	assert_search(ix, "deepword", "nested");
	assert_search(ix, "bigword", "big");
	/* only the first 4 MiB of a huge note are indexed */
	assert_search(ix, "tailword", "");
	assert_int_equal(index_find(ix, "Crlf Title", NULL, &d, &cause), 0);
	assert_string_equal(d.path, "crlf.md");
	doc_clear(&d);

	assert_int_equal(index_check(ix, &pr, &npr), 0);
	for (i = 0; i < npr; i++) {
		if (pr[i].kind == PROB_FRONTMATTER &&
		    strcmp(pr[i].path, "broken.md") == 0)
			fm_broken = 1;
		if (pr[i].kind == PROB_FILE &&
		    strcmp(pr[i].path, "secret.md") == 0)
			file_secret = 1;
	}
	problems_free(pr, npr);
	assert_true(fm_broken);
	assert_int_equal(file_secret, unreadable);

	/* a second update is quiet: problems are told once */
	capture_start(&cap);
	update(ix, 0, &st);
	err = capture_end(&cap);
	assert_string_equal(err, "");
	assert_int_equal(st.warnings, 0);
	assert_int_equal(st.changed + st.added + st.removed, 0);
	free(err);
	assert_search(ix, "goodword", "good");

	/* a problem fixed is forgotten; the others stay */
	{
		char *p = path_join(v, "loop/self.md");
		int self = 0, again = 0;

		assert_int_equal(unlink(p), 0);
		free(p);
		update(ix, 0, &st);
		assert_int_equal(index_check(ix, &pr, &npr), 0);
		for (i = 0; i < npr; i++) {
			self += strcmp(pr[i].path, "loop/self.md") == 0;
			again += strcmp(pr[i].path, "loop/again") == 0;
		}
		problems_free(pr, npr);
		assert_int_equal(self, 0);
		assert_int_equal(again, 1);
	}
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* --- incremental ------------------------------------------------------- */

static void
touch_later(const char *v, const char *rel, long secs)
{
	char *p = path_join(v, rel);
	struct stat sb;
	struct timespec ts[2];

	assert_int_equal(stat(p, &sb), 0);
	ts[0] = sb.st_atim;
	ts[1] = sb.st_mtim;
	ts[1].tv_sec += secs;
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static int
has_backlink_from(struct index *ix, const char *slug, const char *path)
{
	struct linkrow *l = NULL;
	size_t n = 0, i;
	int found = 0;

	assert_int_equal(index_backlinks(ix, slug, NULL, &l, &n), 0);
	for (i = 0; i < n; i++)
		if (strcmp(l[i].other.path, path) == 0)
			found = 1;
	linkrows_free(l, n);
	return found;
}

static void
test_incremental(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *p, *q;
	struct index_stats st;
	struct index *ix;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	puts_file(v, "a.md", "# Alpha\n\nalphaword, see [[Beta Title]] and "
	    "[[delta]].\n");
	puts_file(v, "b.md", "---\ntitle: Beta Title\n---\n\nbetaword\n");
	puts_file(v, "c.md", "# Gamma\n\ngammaword\n");
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.added, 3);

	/* nothing changed: nothing read */
	update(ix, 0, &st);
	assert_int_equal(st.unchanged, 3);
	assert_int_equal(st.changed + st.added + st.removed + st.reread, 0);

	/* touched, same content: read again, not parsed */
	touch_later(v, "a.md", 10);
	update(ix, 0, &st);
	assert_int_equal(st.reread, 1);
	assert_int_equal(st.changed, 0);
	update(ix, 0, &st);
	assert_int_equal(st.reread, 0);

	/* one file changed */
	puts_file(v, "b.md", "---\ntitle: Beta Title\n---\n\nbetanew\n");
	touch_later(v, "b.md", 20);
	update(ix, 0, &st);
	assert_int_equal(st.changed, 1);
	assert_int_equal(st.unchanged, 2);
	assert_search(ix, "betanew", "b");
	assert_search(ix, "betaword", "");
	assert_true(has_backlink_from(ix, "b", "a.md"));

	/* deleted */
	p = path_join(v, "c.md");
	assert_int_equal(unlink(p), 0);
	free(p);
	update(ix, 0, &st);
	assert_int_equal(st.removed, 1);
	assert_search(ix, "gammaword", "");

	/* added: the link [[delta]] written before now resolves */
	assert_false(has_backlink_from(ix, "delta", "a.md"));
	puts_file(v, "delta.md", "# Delta\n\ndeltaword\n");
	update(ix, 0, &st);
	assert_int_equal(st.added, 1);
	assert_true(has_backlink_from(ix, "delta", "a.md"));

	/* renamed and moved: [[Beta Title]] follows the title */
	p = path_join(v, "b.md");
	q = path_join(v, "sub");
	assert_int_equal(mkdir(q, 0755), 0);
	free(q);
	q = path_join(v, "sub/beta2.md");
	assert_int_equal(rename(p, q), 0);
	free(p);
	free(q);
	update(ix, 0, &st);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.removed, 1);
	assert_true(has_backlink_from(ix, "sub/beta2", "a.md"));
	assert_false(has_backlink_from(ix, "b", "a.md"));

	/* --full rebuilds everything */
	update(ix, 1, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.added, 3);
	assert_search(ix, "deltaword", "delta");
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* Every link's resolution, one line each, as the index has it. */
static char *
dump_links(struct index *ix)
{
	static const char sql[] = "SELECT s.path, l.line, l.target,"
	    " coalesce(t.path, '-'), l.how, l.ambiguous FROM links l"
	    " JOIN docs s ON s.id = l.src LEFT JOIN docs t ON t.id = l.dst"
	    " ORDER BY 1, 2, 3";
	sqlite3 *db;
	sqlite3_stmt *s;
	struct buf b = BUF_INIT;

	/* a connection of its own: the index hands out its path, not its
	 * handle */
	assert_int_equal(sqlite3_open_v2(index_path(ix), &db,
	    SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(&b, "%s:%d %s -> %s (%d%s)\n",
		    sqlite3_column_text(s, 0), sqlite3_column_int(s, 1),
		    sqlite3_column_text(s, 2), sqlite3_column_text(s, 3),
		    sqlite3_column_int(s, 4),
		    sqlite3_column_int(s, 5) ? ", ambiguous" : "");
	sqlite3_finalize(s);
	sqlite3_close(db);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

/* The incremental update resolves links as a rebuild from scratch would. */
static void
assert_same_as_rebuild(const char *v, struct index *ix, const char *dir,
    const char *step)
{
	char *db = path_join(dir, "fresh.db"), *a, *b, *p;
	struct index_stats st;
	struct index *fresh;

	unlink(db);
	p = xasprintf("%s-wal", db);
	unlink(p);
	free(p);
	fresh = open_at(v, db, 0);
	update(fresh, 0, &st);
	a = dump_links(ix);
	b = dump_links(fresh);
	if (strcmp(a, b) != 0)
		fail_msg("after %s, incremental:\n%s\nrebuilt:\n%s", step,
		    a, b);
	free(a);
	free(b);
	index_close(fresh);
	free(db);
}

/* Note i of the keyed vault: names and links that resolve every way
 * (path, relative path, slug, title, alias, a language's translation,
 * ties and nothing at all). */
static void
put_keyed_note(const char *v, int i)
{
	struct buf b = BUF_INIT;
	const char *t;
	char name[64];

	buf_printf(&b, "---\ntitle: Topic %d\naliases: [Alias %d]\n---\n\n"
	    "# Topic %d\n\n[[k%02d]] [[Topic %d]] [[Alias %d]]"
	    " [x](d%d/k%02d.md) [[Twin]] [[missing %d]] [[k%02d.es]]"
	    " [[#Topic %d]] [[Shared]]\n", i, i, i, (i + 1) % 40,
	    (i + 2) % 40, (i + 3) % 40, (i + 4) % 4, (i + 4) % 40, i,
	    (i + 5) % 40, i);
	snprintf(name, sizeof name, "d%d/k%02d.md", i % 4, i);
	put(v, name, b.ptr, b.len);
	if (i % 5 == 0) {
		snprintf(name, sizeof name, "d%d/k%02d.es.md", i % 4, i);
		t = "---\nlang: es\ntitle: Tema\n---\n[[Topic 1]]\n";
		put(v, name, t, strlen(t));
	}
	if (i % 13 == 0) {
		snprintf(name, sizeof name, "d%d/twin.md", i % 4);
		t = "---\naliases: [Shared]\n---\n";
		put(v, name, t, strlen(t));
	}
	buf_free(&b);
}

/*
 * Past RESOLVER_ALL notes, every link is resolved in the order of its
 * key, a chunk at a time, and the answers are written in batches
 * (index-resolve.c): the bounds lowered to a few links, a rebuild and a
 * full update give the answers of one resolver over every note read at
 * once, and so does that resolver reading a few links at a time; each
 * chunk resolved half on a second thread.
 */
static void
test_relink_keyed(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *dba = path_join(dir, "a.db"), *dbb = path_join(dir, "b.db");
	char *dbc = path_join(dir, "c.db"), *a, *b, *p;
	struct index_stats st;
	struct index *ia, *ib, *ic;
	int i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 4; i++) {
		p = xasprintf("%s/d%d", v, i);
		assert_int_equal(mkdir(p, 0755), 0);
		free(p);
	}
	for (i = 0; i < 40; i++)
		put_keyed_note(v, i);
	ia = open_at(v, dba, 0);
	update(ia, 0, &st);
	ib = open_at(v, dbb, 0);
	index_resolve_bounds(ib, 1, 7, 5, 2);
	update(ib, 0, &st);
	a = dump_links(ia);
	b = dump_links(ib);
	assert_true(strstr(a, "d1/k01.md:") != NULL);
	assert_true(strstr(a, "(0)") && strstr(a, "ambiguous"));
	if (strcmp(a, b) != 0)
		fail_msg("one resolver:\n%s\nby key:\n%s", a, b);
	free(b);
	/* one resolver of every note, links read and written by few */
	ic = open_at(v, dbc, 0);
	index_resolve_bounds(ic, 0, 7, 5, 2);
	update(ic, 0, &st);
	b = dump_links(ic);
	if (strcmp(a, b) != 0)
		fail_msg("one resolver:\n%s\nin chunks:\n%s", a, b);
	index_close(ic);
	free(b);
	/* a full update of an index that has them all */
	update(ib, 1, &st);
	b = dump_links(ib);
	if (strcmp(a, b) != 0)
		fail_msg("one resolver:\n%s\nfull update by key:\n%s", a, b);
	free(a);
	free(b);
	index_close(ia);
	index_close(ib);
	tmpdir_free(dir);
	free(v);
	free(dba);
	free(dbb);
	free(dbc);
}

static void
test_relink(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *p, *q, *d;
	struct index_stats st;
	struct index *ix;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	p = path_join(v, "sub");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_join(v, "x");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_join(v, "y");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	puts_file(v, "a.md", "# A\n\n[[Beta]] [[b]] [[B Title]]\n"
	    "[d](sub/d.md) [[sub/d]] [[Twin]] [[gone]] [[New Name]]\n"
	    "[[a#A]] [[#A]] [[Sub/D.md]]\n"
	    "[[My Topic]] [[サーバーレス]] [[x/Twin]] [[../a]]\n");
	puts_file(v, "c.md", "---\naliases: [Beta]\n---\n# C\n");
	puts_file(v, "b.md", "---\ntitle: B Title\n---\ntext\n");
	puts_file(v, "sub/d.md", "# D\n\n[[../a]] [[b]]\n");
	puts_file(v, "x/twin.md", "---\ntitle: Twin\n---\n");
	puts_file(v, "y/twin.md", "---\ntitle: Twin\n---\n");
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "the first index");

	/* a slug beats an alias: [[Beta]] moves to the new note */
	puts_file(v, "beta.md", "# Beta note\n");
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "adding beta.md");
	/* renamed: [[b]] breaks, [[B Title]] follows */
	p = path_join(v, "b.md");
	q = path_join(v, "b2.md");
	assert_int_equal(rename(p, q), 0);
	free(p);
	free(q);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "renaming b.md");
	/* a new title */
	puts_file(v, "c.md", "---\ntitle: New Name\naliases: [Beta]\n---\n"
	    "# C\n");
	touch_later(v, "c.md", 5);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "retitling c.md");
	/* a tie undone */
	d = path_join(v, "y/twin.md");
	assert_int_equal(unlink(d), 0);
	free(d);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "removing y/twin.md");
	/* a broken link mended, an alias taken away */
	puts_file(v, "gone.md", "# Gone\n");
	puts_file(v, "c.md", "---\ntitle: New Name\n---\n# C\n");
	touch_later(v, "c.md", 10);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "adding gone.md");
	/* a file name matched through slugify(): [[My Topic]] */
	puts_file(v, "sub/my-topic.md", "# Topic\n");
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "adding sub/my-topic.md");
	/* a title in a script without spaces */
	puts_file(v, "x/jp.md", "---\ntitle: サーバーレス\n---\n");
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "adding x/jp.md");
	/* a note whose links change, and one moved into another folder */
	puts_file(v, "sub/d.md", "# D\n\n[[../b2]] [[My Topic]] [[Beta]]\n");
	touch_later(v, "sub/d.md", 15);
	p = path_join(v, "x/twin.md");
	q = path_join(v, "y/twin.md");
	assert_int_equal(rename(p, q), 0);
	free(p);
	free(q);
	update(ix, 0, &st);
	assert_same_as_rebuild(v, ix, dir, "editing sub/d.md, moving twin");
	/* --full, then everything gone */
	update(ix, 1, &st);
	assert_same_as_rebuild(v, ix, dir, "a full rebuild");
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* The snippet of the only hit of q: it holds want. */
static void
assert_snippet(struct index *ix, const char *q, const char *want)
{
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0;

	if (index_search(ix, q, 10, &h, &n, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	if (n != 1 || !strstr(h[0].snippet, want))
		fail_msg("search [%s]: %zu hits, snippet [%s], want [%s]", q,
		    n, n ? h[0].snippet : "", want);
	hits_free(h, n);
}

/*
 * The body is stored deflated, against a dictionary made from the first
 * notes written: notes written before it and after it read back as text
 * (snippets), from a new connection too, and their old text leaves the
 * full-text index when they change or go (the deletes read it back).
 */
static void
test_body_compressed(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db");
	struct index_stats st;
	struct index *ix;
	struct buf b = BUF_INIT;
	char name[64];
	int i, j;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	/* 40 notes of 2 KB: the dictionary (16 KB) comes after 8 */
	for (i = 0; i < 40; i++) {
		buf_reset(&b);
		buf_printf(&b, "# Note %d\n\n", i);
		for (j = 0; j < 40; j++)
			buf_printf(&b, "Queue retry word%dx%d and lambda. ", i,
			    j);
		buf_printf(&b, "\nThe marker zq%dmark ends it.\n", i);
		snprintf(name, sizeof name, "n%02d.md", i);
		put(v, name, b.ptr, b.len);
	}
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(st.added, 40);
	assert_snippet(ix, "zq0mark", "zq0mark");
	assert_snippet(ix, "zq39mark", "zq39mark");
	index_close(ix);

	/* a new connection reads the dictionary back */
	ix = open_at(v, db, 0);
	assert_snippet(ix, "word39x7", "word39x7");
	assert_snippet(ix, "word2x30", "word2x30");
	puts_file(v, "n39.md", "# Note 39\n\nNow it says zq39new only, "
	    "with enough words around it to be deflated by the index.\n");
	touch_later(v, "n39.md", 5);
	snprintf(name, sizeof name, "%s/n00.md", v);
	assert_int_equal(unlink(name), 0);
	update(ix, 0, &st);
	assert_int_equal(st.changed, 1);
	assert_int_equal(st.removed, 1);
	assert_search(ix, "zq39mark", "");
	assert_search(ix, "zq0mark", "");
	assert_snippet(ix, "zq39new", "zq39new");
	assert_snippet(ix, "zq38mark", "zq38mark");
	assert_same_as_rebuild(v, ix, dir, "compressed bodies");
	index_close(ix);
	buf_free(&b);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* What SQL sql reads from the database at path, as text. */
static char *
dump_db(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	struct buf b = BUF_INIT;
	int i;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(s); i++)
			buf_printf(&b, "%s|", sqlite3_column_type(s, i) ==
			    SQLITE_NULL ? "-" : (const char *)
			    sqlite3_column_text(s, i));
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

/* Note i of the prefetch test: 2 KB, links, tags, a marker word. */
static void
put_prefetch_note(const char *v, int i)
{
	struct buf b = BUF_INIT;
	char name[64];
	int j;

	buf_printf(&b, "---\ntitle: Note %d\ntags: [t%d, shared]\n"
	    "type: %s\nstatus: Draft\ncreated: 2026-01-%02d\n"
	    "aliases: [Alias %d]\n---\n\n"
	    "# Note %d\n\nSee [[n%03d]] and [[Note %d|the next]].\n\n", i,
	    i % 7, i % 2 ? "concept" : "Guide", i % 28 + 1, i, i,
	    (i + 1) % 150, (i + 2) % 150);
	for (j = 0; j < 30; j++)
		buf_printf(&b, "Queue retry word%dx%d and lambda. ", i, j);
	buf_printf(&b, "\nThe marker zq%dmark ends it.\n", i);
	snprintf(name, sizeof name, "n%03d.md", i);
	put(v, name, b.ptr, b.len);
	buf_free(&b);
}

/*
 * A large update reads, parses and packs the notes on a second thread
 * (index-prep.c): it writes exactly the index that updates too small for
 * that thread write, dictionary included, with every index of the
 * schema; and an index whose dictionary a worker learned packs later
 * edits with that same dictionary.
 */
static void
test_prefetch(void **state)
{
	static const char *const sql[] = {
		/* every column but mtime (the files were written apart) */
		"SELECT id, path, size, hash, slug, lang, title, summary,"
		" type, status, created, updated, aliases, note FROM docs"
		" ORDER BY id",
		"SELECT * FROM names ORDER BY id, key",
		"SELECT id, aliases, tags, heads, hex(z) FROM bodyz ORDER BY id",
		"SELECT * FROM links ORDER BY id",
		"SELECT * FROM tags ORDER BY tag, doc",
		"SELECT * FROM anchors ORDER BY 1, 2",
		"SELECT hex(value) FROM meta WHERE key = 'zdict'",
	};
	static const char *const load_indexes[] = {
		"docs_note", "docs_recent", "docs_type", "docs_status",
		"docs_lang", "tags_doc", "names_key", "links_tkey",
		"links_src", "links_dst",
	};
	char *dir = tmpdir_new(), *va = path_join(dir, "a");
	char *vb = path_join(dir, "b"), *vc = path_join(dir, "c");
	char *dba = path_join(dir, "a.db"), *dbb = path_join(dir, "b.db");
	char *dbc = path_join(dir, "c.db"), *x, *y, q[64];
	struct buf b = BUF_INIT;
	struct index_stats st;
	struct index *ix;
	size_t k;
	int i;

	(void)state;
	assert_int_equal(mkdir(va, 0755), 0);
	assert_int_equal(mkdir(vb, 0755), 0);
	assert_int_equal(mkdir(vc, 0755), 0);
	/* a: 150 notes in one update (the worker) */
	for (i = 0; i < 150; i++)
		put_prefetch_note(va, i);
	ix = open_at(va, dba, 0);
	update(ix, 0, &st);
	assert_int_equal(st.added, 150);
	index_close(ix);
	/* b: the same notes 30 at a time (no worker: too few) */
	ix = open_at(vb, dbb, 0);
	for (i = 0; i < 150; i++) {
		put_prefetch_note(vb, i);
		if (i % 30 == 29)
			update(ix, 0, &st);
	}
	index_close(ix);
	for (k = 0; k < sizeof sql / sizeof *sql; k++) {
		x = dump_db(dba, sql[k]);
		y = dump_db(dbb, sql[k]);
		if (strcmp(x, y) != 0)
			fail_msg("%s: one update and five differ", sql[k]);
		assert_true(strlen(x) > 0);
		free(x);
		free(y);
	}
	/* every index of the schema is there after a load into an empty
	 * index (which drops those it does not read, then builds them) */
	x = dump_db(dba, "SELECT name FROM sqlite_master WHERE type = 'index'"
	    " ORDER BY name");
	for (k = 0; k < sizeof load_indexes / sizeof *load_indexes; k++)
		if (!strstr(x, load_indexes[k]))
			fail_msg("no index %s after a load:\n%s",
			    load_indexes[k], x);
	free(x);

	/* c: 3 notes (less text than a dictionary), then 147 on the
	 * worker, which learns it; then an edit on this thread */
	for (i = 0; i < 3; i++)
		put_prefetch_note(vc, i);
	ix = open_at(vc, dbc, 0);
	update(ix, 0, &st);
	for (i = 3; i < 150; i++)
		put_prefetch_note(vc, i);
	update(ix, 0, &st);
	assert_int_equal(st.added, 147);
	/* (19 KB: with the 3 KB of the first update, enough text for this
	 * thread's deflater to have learned a dictionary of its own) */
	buf_adds(&b, "# Note 1\n\nNow it says zq1new.\n\n");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "edit%d says more. ", i);
	put(vc, "n001.md", b.ptr, b.len);
	touch_later(vc, "n001.md", 5);
	update(ix, 0, &st);
	assert_int_equal(st.changed, 1);
	for (i = 0; i < 150; i += 7) {
		snprintf(q, sizeof q, "zq%dmark", i);
		assert_snippet(ix, q, q);
	}
	assert_snippet(ix, "zq1new", "zq1new");
	assert_snippet(ix, "zq149mark", "zq149mark");
	assert_snippet(ix, "edit999", "edit999");
	/* the next note this thread packs refers back to the dictionary
	 * the worker made, not one of its own: it reads back as written */
	puts_file(vc, "n002.md", "# Note 2\n\nedit5 says more. edit6 says "
	    "more. Queue retry word9x3 and lambda. zq2new ends it.\n");
	touch_later(vc, "n002.md", 5);
	update(ix, 0, &st);
	assert_int_equal(st.changed, 1);
	assert_snippet(ix, "zq2new", "edit6 says more. Queue retry word9x3 and lambda.");
	index_close(ix);
	buf_free(&b);
	free(va);
	free(vb);
	free(vc);
	free(dba);
	free(dbb);
	free(dbc);
	tmpdir_free(dir);
}

/* A link in the middle of a long line: the context is a window on it. */
/* Notes removed give their pages back to the file system: the file
 * shrinks, not only its free list grows (auto_vacuum = INCREMENTAL and
 * release_free_pages() in index-update.c). */
static off_t
file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void
test_free_pages(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db");
	struct index_stats st;
	struct index *ix;
	struct buf b = BUF_INIT;
	char name[64];
	off_t full, after;
	int i, j;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 300; i++) {
		buf_reset(&b);
		buf_printf(&b, "# Note %d\n\n", i);
		for (j = 0; j < 200; j++)
			buf_printf(&b, "w%dx%d ", i, j);
		snprintf(name, sizeof name, "n%03d.md", i);
		put(v, name, b.ptr, b.len);
	}
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(st.added, 300);
	index_close(ix);
	full = file_size(db);
	for (i = 10; i < 300; i++) {
		snprintf(name, sizeof name, "%s/n%03d.md", v, i);
		assert_int_equal(unlink(name), 0);
	}
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(st.removed, 290);
	index_close(ix);
	after = file_size(db);
	/* without giving pages back the file keeps its size; with it, what
	 * is left is the schema and FTS5's segments, whose deleted rows stay
	 * until FTS5 merges them (300 notes: 1.16 MB, then 0.76 MB) */
	assert_true(after < full - full / 4);
	buf_free(&b);
	free(db);
	free(v);
	tmpdir_free(dir);
}

static void
test_context(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db");
	struct index_stats st;
	struct index *ix;
	struct linkrow *l = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	buf_adds(&b, "# Long\n\n");
	for (i = 0; i < 60; i++)
		buf_adds(&b, "word ");
	buf_adds(&b, "see [[target]] here");
	for (i = 0; i < 60; i++)
		buf_adds(&b, " more");
	buf_adds(&b, "\nShort line with [[target|a label]].\n");
	put(v, "long.md", b.ptr, b.len);
	buf_free(&b);
	puts_file(v, "target.md", "# Target\n");
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(index_backlinks(ix, "target", NULL, &l, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].line, 3);
	assert_non_null(strstr(l[0].context, "see [[target]] here"));
	assert_true(strncmp(l[0].context, "\xe2\x80\xa6", 3) == 0);
	assert_true(strlen(l[0].context) <= 160 + 6);
	assert_int_equal(l[1].line, 4);
	assert_string_equal(l[1].context,
	    "Short line with [[target|a label]].");
	linkrows_free(l, n);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

static int
count_rows(void *arg, struct linkrow *r)
{
	(void)r;
	return ++*(int *)arg >= 2;	/* stop at the second */
}

/* What a renderer resolves links by: the first link to each target
 * (index_links_first, for the explorer) and the targets once each, sorted
 * (index_link_targets, for show); index_links_each stops when told. */
static void
test_link_firsts(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *cause = NULL;
	static const char *const sorted[] = { "B", "b", "b.md",
		"https://example.com", "missing" };
	static const char *const firsts[] = { "b", "missing", "b.md", "B" };
	struct index_stats st;
	struct index *ix;
	struct linkrow *l = NULL;
	struct linktarget *t = NULL;
	struct doc d;
	size_t n = 0, i;
	int calls = 0;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	puts_file(v, "a.md", "# A\n\n[[b]], [[missing]], [[b]] again\n"
	    "[B](b.md) [[B]] ![[b]] [x](https://example.com) [[missing]]\n");
	puts_file(v, "b.md", "# B\n");
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(index_find(ix, "a", NULL, &d, &cause), 0);

	assert_int_equal(index_links_first(ix, d.id, LINK_EXTERNAL, &l, &n),
	    0);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
		assert_string_equal(l[i].target, firsts[i]);
	assert_int_equal(l[0].line, 3);
	assert_int_equal(l[0].kind, LINK_WIKI);	/* not the later embed */
	assert_string_equal(l[0].other.key, "b");
	assert_int_equal(l[1].resolved, 0);
	assert_int_equal(l[1].line, 3);
	assert_int_equal(l[3].resolved, 1);
	linkrows_free(l, n);

	assert_int_equal(index_link_targets(ix, d.id, &t, &n), 0);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++)
		assert_string_equal(t[i].target, sorted[i]);
	assert_int_equal(t[1].resolved, 1);
	assert_int_equal(t[4].resolved, 0);
	linktargets_free(t, n);

	assert_int_equal(index_links_each(ix, d.id, count_rows, &calls), 0);
	assert_int_equal(calls, 2);
	doc_clear(&d);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* --- rebuilds ---------------------------------------------------------- */

static void
set_user_version(const char *db, int v)
{
	sqlite3 *h;
	char *sql = xasprintf("PRAGMA user_version = %d", v);

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	free(sql);
}

/* Open, expect one notice line, and a working index. */
static void
expect_rebuild(const char *v, const char *db)
{
	struct capture cap;
	struct index_stats st;
	struct index *ix;
	char *err;

	capture_start(&cap);
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	err = capture_end(&cap);
	assert_int_equal(count_lines(err), 1);
	assert_int_equal(count_lines_with(err, "rebuilding"), 1);
	assert_int_equal(count_lines_with(err, db), 1);
	free(err);
	assert_int_equal(st.added, 1);
	assert_search(ix, "oneword", "one");
	index_close(ix);
}

static void
test_rebuild(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *p;
	struct index_stats st;
	struct index *ix;
	struct capture cap;
	char *err, garbage[8192];
	size_t i;
	int fd;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	puts_file(v, "one.md", "# One\n\noneword\n");
	/* a fresh index: no notice */
	capture_start(&cap);
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	index_close(ix);
	err = capture_end(&cap);
	assert_string_equal(err, "");
	free(err);

	/* an older and a newer schema version */
	set_user_version(db, 0);
	expect_rebuild(v, db);
	set_user_version(db, 999);
	expect_rebuild(v, db);

	/* garbage bytes */
	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (char)(i * 7 + 3);
	p = xasprintf("%s-wal", db);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", db);
	unlink(p);
	free(p);
	put(dir, "ix.db", garbage, sizeof garbage);
	expect_rebuild(v, db);

	/* a valid header, damaged pages */
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	index_close(ix);
	fd = open(db, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, garbage, sizeof garbage, 4096),
	    (ssize_t)sizeof garbage);
	close(fd);
	puts_file(v, "one.md", "# One\n\noneword again\n");
	touch_later(v, "one.md", 30);
	capture_start(&cap);
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	err = capture_end(&cap);
	assert_int_equal(count_lines_with(err, "rebuilding"), 1);
	free(err);
	assert_search(ix, "oneword", "one");
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* --- progress --------------------------------------------------------- */

static void
test_progress(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *err, name[32];
	struct index_stats st;
	struct index *ix;
	struct capture cap;
	int i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 50; i++) {
		snprintf(name, sizeof name, "n%02d.md", i);
		puts_file(v, name, "# Note\n\nsome text\n");
	}
	/* -1: only on a terminal; stderr is a file here */
	capture_start(&cap);
	ix = open_at(v, db, -1);
	update(ix, 0, &st);
	err = capture_end(&cap);
	assert_string_equal(err, "");
	free(err);
	index_close(ix);
	/* forced on: files done, total and rate */
	capture_start(&cap);
	ix = open_at(v, db, 1);
	update(ix, 1, &st);
	err = capture_end(&cap);
	assert_non_null(strstr(err, "/50 files"));
	assert_non_null(strstr(err, "files/s"));
	free(err);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* --- many matches ----------------------------------------------------- */

/*
 * A word in more notes than the index ranks in full: the notes with it in
 * their title come first, ranked; the others follow; NOT still holds.
 */
static void
test_many_matches(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), name[64], text[256];
	struct index_stats st;
	struct index *ix;
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0, i;
	int j;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (j = 0; j < 1500; j++) {
		snprintf(name, sizeof name, "n%04d.md", j);
		if (j % 300 == 7)
			snprintf(text, sizeof text, "# Common Title %d\n\n"
			    "common words here%s\n", j, j == 607 ?
			    " and rare" : "");
		else
			snprintf(text, sizeof text, "# Note %d\n\ncommon "
			    "words, more common words%s\n", j, j % 2 ?
			    " and rare" : "");
		puts_file(v, name, text);
	}
	ix = open_at(v, db, 0);
	update(ix, 0, &st);
	assert_int_equal(st.added, 1500);
	if (index_search(ix, "common", 20, &h, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 20);
	for (i = 0; i < 5; i++)
		assert_non_null(strstr(h[i].doc.title, "Common Title"));
	for (i = 5; i < n; i++)
		assert_null(strstr(h[i].doc.title, "Common Title"));
	hits_free(h, n);
	/* every hit holds common and not rare; the title ones first */
	if (index_search(ix, "common -rare", 1000, &h, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 754);	/* 750 even notes, 4 titles */
	for (i = 0; i < 4; i++)
		assert_non_null(strstr(h[i].doc.title, "Common Title"));
	for (i = 0; i < n; i++)
		assert_string_not_equal(h[i].doc.slug, "n0607");
	for (i = 4; i < n; i++) {
		long k;

		assert_int_equal(parse_int(h[i].doc.slug + 1, 0, 9999, &k), 0);
		assert_true(k % 2 == 0);
	}
	hits_free(h, n);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* --- readers on the fixture vault -------------------------------------- */

static struct index *
open_fixture(char **tmp)
{
	const char *data = getenv("STRATUS_TESTDATA");
	char *d, *vault, *db;
	struct index *ix;
	struct index_stats st;

	assert_non_null(data);
	d = path_join(data, "vaults/query");
	vault = path_real(d);
	assert_non_null(vault);
	*tmp = tmpdir_new();
	db = path_join(*tmp, "ix.db");
	ix = open_at(vault, db, 0);
	update(ix, 0, &st);
	free(d);
	free(vault);
	free(db);
	return ix;
}

static void
test_find(void **state)
{
	char *tmp, *cause = NULL;
	struct index *ix = open_fixture(&tmp);
	struct doc d, *tr = NULL;
	size_t n = 0;

	(void)state;
	/* by slug, title, alias, path; case-insensitive */
	assert_int_equal(index_find(ix, "aws-lambda", NULL, &d, &cause), 0);
	assert_string_equal(d.path, "concepts/aws-lambda.md");
	assert_string_equal(d.title, "AWS Lambda");
	assert_int_equal(d.ntags, 3);
	doc_clear(&d);
	assert_int_equal(index_find(ix, "aws lambda", NULL, &d, &cause), 0);
	assert_string_equal(d.slug, "aws-lambda");
	doc_clear(&d);
	assert_int_equal(index_find(ix, "SFN", NULL, &d, &cause), 0);
	assert_string_equal(d.slug, "step-functions");
	doc_clear(&d);
	assert_int_equal(index_find(ix, "notes/orphan.md", NULL, &d, &cause),
	    0);
	assert_string_equal(d.title, "Lonely Note");
	doc_clear(&d);
	/* translations: the preferred language, and both */
	assert_int_equal(index_find(ix, "serverless", "es", &d, &cause), 0);
	assert_string_equal(d.lang, "es");
	doc_clear(&d);
	assert_int_equal(index_find(ix, "serverless", NULL, &d, &cause), 0);
	assert_string_equal(d.lang, "en");
	doc_clear(&d);
	assert_int_equal(index_translations(ix, "concepts/serverless", &tr, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tr[0].lang, "en");
	assert_string_equal(tr[1].lang, "es");
	docs_free(tr, n);
	/* unknown: the cause names the three closest titles */
	assert_int_equal(index_find(ix, "lamda", NULL, &d, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "lamda"));
	assert_non_null(strstr(cause, "\"AWS Lambda\""));
	assert_int_equal(count_lines_with(cause, "\" ("), 1);
	{
		size_t q = 0;
		const char *c;

		for (c = cause; *c; c++)
			q += *c == '(';
		assert_true(q >= 4);	/* "(by path...)" and 3 slugs */
	}
	free(cause);
	cause = NULL;
	doc_clear(&d);
	index_close(ix);
	tmpdir_free(tmp);
}

static void
test_links(void **state)
{
	char *tmp, *cause = NULL;
	struct index *ix = open_fixture(&tmp);
	struct linkrow *l = NULL;
	struct tagcount *t = NULL;
	struct doc d;
	size_t n = 0, i;
	int seen_start = 0, seen_ddb = 0, aws = 0;

	(void)state;
	assert_int_equal(index_find(ix, "aws-lambda", NULL, &d, &cause), 0);
	assert_int_equal(index_links(ix, d.id, &l, &n), 0);
	for (i = 0; i < n; i++) {
		if (strcmp(l[i].target, "amazon-dynamodb.md") == 0) {
			seen_ddb = 1;
			assert_int_equal(l[i].resolved, 1);
			assert_string_equal(l[i].other.slug,
			    "amazon-dynamodb");
			assert_int_equal(l[i].kind, LINK_MARKDOWN);
			assert_non_null(strstr(l[i].context,
			    "[DynamoDB](amazon-dynamodb.md)"));
		}
	}
	assert_true(seen_ddb);
	linkrows_free(l, n);
	doc_clear(&d);

	assert_int_equal(index_backlinks(ix, "concepts/aws-lambda", NULL, &l, &n), 0);
	for (i = 0; i < n; i++) {
		assert_string_not_equal(l[i].other.slug, "aws-lambda");
		if (strcmp(l[i].other.path, "start-here.md") == 0) {
			seen_start = 1;
			assert_int_equal(l[i].line, 11);
			assert_string_equal(l[i].context, "Begin with "
			    "[[aws-lambda]], then [[Serverless]] and "
			    "[[Amazon S3]].");
		}
	}
	assert_true(seen_start);
	assert_true(n >= 9);
	linkrows_free(l, n);

	assert_int_equal(index_tags(ix, &t, &n), 0);
	assert_true(n > 10);
	for (i = 0; i < n; i++) {
		if (strcmp(t[i].tag, "aws") == 0)
			aws = (int)t[i].count;
		if (strcmp(t[i].tag, "serverless") == 0)
			assert_int_equal(t[i].count, 3);	/* documents */
	}
	assert_int_equal(aws, 4);
	for (i = 1; i < n; i++)	/* most used first; nested count too */
		assert_true(t[i - 1].count >= t[i].count);
	tagcounts_free(t, n);
	index_close(ix);
	tmpdir_free(tmp);
}

static void
test_check_graph(void **state)
{
	char *tmp, *cause = NULL;
	struct index *ix = open_fixture(&tmp);
	struct problem *p = NULL;
	struct graph g;
	size_t n = 0, i, centre_edges = 0;
	int broken = 0, orphan = 0, cjk = 0;

	(void)state;
	assert_int_equal(index_check(ix, &p, &n), 0);
	for (i = 0; i < n; i++) {
		if (p[i].kind == PROB_BROKEN &&
		    strcmp(p[i].path, "patterns/fan-out.md") == 0) {
			broken++;
			assert_int_equal(p[i].line, 13);
			assert_non_null(strstr(p[i].message, "amazon-sqs"));
		}
		if (p[i].kind == PROB_ORPHAN &&
		    strcmp(p[i].path, "notes/orphan.md") == 0)
			orphan++;
		if (p[i].kind == PROB_ORPHAN &&
		    strcmp(p[i].path, "notes/cjk.md") == 0)
			cjk++;
	}
	assert_int_equal(broken, 1);
	assert_int_equal(orphan, 1);
	assert_int_equal(cjk, 1);
	assert_int_equal(n, 3);
	problems_free(p, n);

	assert_int_equal(index_graph(ix, NULL, 0, &g, &cause), 0);
	assert_int_equal(g.nnodes, 17);
	assert_int_equal(g.orphans, 2);
	assert_int_equal(g.unresolved, 1);
	assert_true(g.nedges > 15);
	graph_clear(&g);

	assert_int_equal(index_graph(ix, "aws-lambda", 1, &g, &cause), 0);
	assert_string_equal(g.nodes[0].slug, "aws-lambda");
	assert_string_equal(g.nodes[0].title, "AWS Lambda");
	assert_int_equal(g.nodes[0].depth, 0);
	for (i = 1; i < g.nnodes; i++)
		assert_int_equal(g.nodes[i].depth, 1);
	for (i = 0; i < g.nedges; i++)
		if (g.edges[i].from == 0 || g.edges[i].to == 0)
			centre_edges++;
	/* 9 notes link to it; the 2 it links to are among them */
	assert_int_equal(g.nnodes, 10);
	assert_int_equal(centre_edges, 11);
	assert_int_equal(g.orphans, 0);
	graph_clear(&g);

	/* a name, not a slug; unknown: an error with suggestions */
	assert_int_equal(index_graph(ix, "Lonely Note", 2, &g, &cause), 0);
	assert_int_equal(g.nnodes, 1);
	assert_int_equal(g.orphans, 1);
	graph_clear(&g);
	assert_int_equal(index_graph(ix, "no such", 1, &g, &cause), -1);
	assert_non_null(strstr(cause, "closest"));
	free(cause);
	index_close(ix);
	tmpdir_free(tmp);
}

/* --- the update of named paths (what a watcher saw change) ----------- */

static void
update_paths(struct index *ix, struct index_stats *st, size_t n, ...)
{
	const char *v[8];
	char *cause = NULL;
	va_list ap;
	size_t i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		v[i] = va_arg(ap, const char *);
	va_end(ap);
	if (index_update_paths(ix, v, n, st, &cause) < 0)
		fail_msg("update paths: %s", cause);
}

/* Does check report a file problem for path? */
static int
has_file_problem(struct index *ix, const char *path)
{
	struct problem *pr = NULL;
	size_t n = 0, i;
	int found = 0;

	assert_int_equal(index_check(ix, &pr, &n), 0);
	for (i = 0; i < n; i++)
		if (pr[i].kind == PROB_FILE && strcmp(pr[i].path, path) == 0)
			found = 1;
	problems_free(pr, n);
	return found;
}

/*
 * index_update_paths looks at the paths named only, with the whole
 * walk's rules (hidden folders, .stratusignore), and leaves what is
 * outside them as it was: the rows, the file problems. A folder named
 * is everything below it and nothing beside it ("a" is not "ab" nor
 * "a b").
 */
static void
test_update_paths(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *p, *q;
	static const char *const dirs[] = { "a", "ab", "a b", "drafts",
	    ".hidden" };
	struct index_stats st;
	struct capture cap;
	struct index *ix;
	size_t i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		p = path_join(v, dirs[i]);
		assert_int_equal(mkdir(p, 0755), 0);
		free(p);
	}
	puts_file(v, ".stratusignore", "drafts/\n");
	puts_file(v, "a/x.md", "# X\n\nxword\n");
	puts_file(v, "ab/y.md", "# Y\n\nyword\n");
	puts_file(v, "a b/z.md", "# Z\n\nzword\n");
	puts_file(v, "top.md", "# Top\n\ntopword, see [[Newnote]].\n");
	p = path_join(v, "broken.md");
	assert_int_equal(symlink("nowhere.md", p), 0);
	free(p);
	ix = open_at(v, db, 0);
	capture_start(&cap);
	update(ix, 0, &st);
	free(capture_end(&cap));
	assert_int_equal(st.added, 4);
	assert_true(has_file_problem(ix, "broken.md"));

	/* hidden, ignored, or not named: not looked at */
	puts_file(v, "drafts/d.md", "# D\n\ndword\n");
	puts_file(v, ".hidden/h.md", "# H\n\nhword\n");
	puts_file(v, "ab/y2.md", "# Y2\n\ny2word\n");
	update_paths(ix, &st, 3, "drafts/d.md", ".hidden/h.md", "drafts");
	assert_int_equal(st.added + st.changed + st.removed, 0);
	assert_search(ix, "dword", "");
	assert_search(ix, "hword", "");
	assert_search(ix, "y2word", "");
	assert_true(has_file_problem(ix, "broken.md"));

	/* a folder gone: its notes go, not those of ab/ or "a b/" */
	p = path_join(v, "a/x.md");
	q = path_join(v, "a");
	assert_int_equal(unlink(p), 0);
	assert_int_equal(rmdir(q), 0);
	free(p);
	free(q);
	update_paths(ix, &st, 1, "a");
	assert_int_equal(st.removed, 1);
	assert_int_equal(st.added + st.changed, 0);
	assert_search(ix, "xword", "");
	assert_search(ix, "yword", "y");
	assert_search(ix, "zword", "z");

	/* named twice, and inside a folder named too: read once; a new
	 * note resolves the link written to it before */
	puts_file(v, "newnote.md", "# Newnote\n\nnword\n");
	update_paths(ix, &st, 4, "newnote.md", "ab/y2.md", "newnote.md",
	    "ab");
	assert_int_equal(st.added, 2);
	assert_int_equal(st.files, 3);
	assert_search(ix, "y2word", "y2");
	assert_true(has_backlink_from(ix, "newnote", "top.md"));

	/* the bad file named: its problem is said again, then gone with it */
	capture_start(&cap);
	update_paths(ix, &st, 1, "broken.md");
	free(capture_end(&cap));
	assert_true(has_file_problem(ix, "broken.md"));
	p = path_join(v, "broken.md");
	assert_int_equal(unlink(p), 0);
	free(p);
	update_paths(ix, &st, 1, "broken.md");
	assert_false(has_file_problem(ix, "broken.md"));

	/* "" is the whole vault: what was not named before is found now */
	puts_file(v, "ab/y3.md", "# Y3\n\ny3word\n");
	update_paths(ix, &st, 1, "");
	assert_int_equal(st.added, 1);
	assert_search(ix, "y3word", "y3");
	/* nothing named: nothing done */
	update_paths(ix, &st, 0);
	assert_int_equal(st.files, 0);

	index_close(ix);
	free(db);
	free(v);
	tmpdir_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_check_graph),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_link_firsts),
		cmocka_unit_test(test_body_compressed),
		cmocka_unit_test(test_free_pages),
		cmocka_unit_test(test_prefetch),

		cmocka_unit_test(test_relink),
		cmocka_unit_test(test_relink_keyed),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_many_matches),
		cmocka_unit_test(test_robust),
		cmocka_unit_test(test_update_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
