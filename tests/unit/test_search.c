/*
 * test_search.c: search quality on generated vaults. Over command pages
 * shaped like the tldr pages (tests/data/gen/cmdpages.py: a folder per
 * platform, one page per command, every page naming other commands), the
 * page named exactly as the query ranks first for at least 95 of 100
 * names, typed whole or as a prefix being typed; a note named by the
 * query stays first when filters narrow the search and goes when they
 * exclude it. Then the snippet of a note with 100,000 hits stays short,
 * shows a match and takes milliseconds. A search without words lists
 * the hub, then the latest updated notes (the date written, else the
 * file's), with or without a filter. Words in more notes than bm25
 * ranks in full list the notes holding them in their titles first, the
 * shorter title first. The plan of a search's filters (index-filter.c)
 * finds what the filters written as sets find, and takes the path it
 * means to (test_filter_plan). Quick open's names of every note come in
 * SQLite's order and cost about their own bytes, and a read of every
 * row (those names, the walk's file list) leaves SQLite's cache small.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

#include "core/buf.h"
#include "core/index.h"
#include "core/util.h"
#include "tui/worker.h"

static char *
tmpdir_new(void)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/stratus-search-XXXXXX", t && *t ? t :
	    "/tmp");

	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	remove(path);
	return 0;
}

static void
tmpdir_free(char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Write the file name in folder v, its text fmt; returns its path. */
static char *
file_printf(const char *v, const char *name, const char *fmt, ...)
{
	char *path = path_join(v, name);
	FILE *f = fopen(path, "w");
	va_list ap;

	assert_non_null(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
	return path;
}

static struct index *
open_index(const char *vault, const char *db)
{
	struct index_opts o;
	struct index *ix = NULL;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.vault = vault;
	o.db_path = db;
	if (index_open(&o, &ix, &cause) < 0)
		fail_msg("open: %s", cause);
	return ix;
}

/* The index of vault, brought up to date. */
static struct index *
open_vault(const char *vault, const char *db)
{
	struct index *ix = open_index(vault, db);
	struct index_stats st;
	char *cause = NULL;

	if (index_update(ix, 0, &st, &cause) < 0)
		fail_msg("update: %s", cause);
	return ix;
}

/* The file name of the first hit of q without ".md" ("" when none). */
static char *
first_name(struct index *ix, const char *q)
{
	struct hit *h = NULL;
	char *cause = NULL, *name, *dot;
	const char *slash;
	size_t n = 0;

	if (index_search(ix, q, 5, &h, &n, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	if (n == 0) {
		hits_free(h, n);
		return xstrdup("");
	}
	slash = strrchr(h[0].doc.path, '/');
	name = xstrdup(slash ? slash + 1 : h[0].doc.path);
	if ((dot = strrchr(name, '.')) != NULL)
		*dot = '\0';
	hits_free(h, n);
	return name;
}

/* Is want the file name of q's first hit? Says so when it is not. */
static int
is_first(struct index *ix, const char *q, const char *want)
{
	char *got = first_name(ix, q);
	int ok = strcmp(got, want) == 0;

	if (!ok)
		print_message("miss: %s -> %s\n", q, got);
	free(got);
	return ok;
}

static void
test_named_first(void **state)
{
	const char *data = getenv("STRATUS_TESTDATA");
	char *dir = tmpdir_new(), *v = path_join(dir, "pages");
	char *db = path_join(dir, "ix.db"), *cmd, *got, *want, *p;
	char line[256], typed[300];
	struct index *ix;
	FILE *f;
	int n = 0, whole = 0, prefix = 0;
	size_t len;

	(void)state;
	assert_non_null(data);
	cmd = xasprintf("python3 '%s/gen/cmdpages.py' '%s'", data, v);
	f = popen(cmd, "r");
	assert_non_null(f);
	ix = NULL;
	/* the names come before the pages are indexed: read them all */
	{
		struct buf names = BUF_INIT;

		while (fgets(line, sizeof line, f))
			buf_adds(&names, line);
		assert_int_equal(pclose(f), 0);
		ix = open_vault(v, db);
		for (p = names.ptr; p && *p; p += len + 1) {
			len = strcspn(p, "\n");
			if (len == 0 || len >= sizeof line)
				break;
			memcpy(line, p, len);
			line[len] = '\0';
			n++;
			want = xstrdup(line);
			for (char *s = want; *s; s++)
				if (*s == ' ')
					*s = '-';
			whole += is_first(ix, line, want);
			/* the explorer searches as the name is typed: its
			 * last word is a prefix, so "tar" also finds "target" */
			snprintf(typed, sizeof typed, "%s*", line);
			prefix += is_first(ix, typed, want);
			free(want);
		}
		buf_free(&names);
	}
	assert_int_equal(n, 100);
	assert_true(whole >= 95);
	assert_true(prefix >= 95);

	/* a filter that keeps the named page keeps it first; one that
	 * excludes it removes it */
	got = first_name(ix, "tar -zzzznothing");
	assert_string_equal(got, "tar");
	free(got);
	got = first_name(ix, "git");
	assert_string_equal(got, "git");
	free(got);
	got = first_name(ix, "git commit");
	assert_string_equal(got, "git-commit");
	free(got);
	got = first_name(ix, "tar type:nosuchtype");
	assert_string_equal(got, "");
	free(got);
	index_close(ix);
	free(cmd);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* A note of one sentence repeated to 4 MB: every search of its words
 * answers in milliseconds with a short snippet that shows a match. */
static void
test_many_hits_snippet(void **state)
{
	static const char sentence[] = "Serverless functions scale to zero "
	    "when no request arrives, so serverless costs follow traffic. ";
	static const char *const queries[] = {
		"serverless", "serverless traffic", "\"costs follow\"", "serv",
		"zero OR nothing", "traffic -nothing", "arrives",
	};
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *path;
	struct index *ix;
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0, i, k;
	double t0, ms;
	struct timespec ts;
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	path = path_join(v, "big.md");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# Big\n\n", f);
	for (k = 0; k < (4u << 20) / (sizeof sentence - 1) - 1; k++)
		fputs(sentence, f);
	assert_int_equal(fclose(f), 0);
	free(path);
	ix = open_vault(v, db);
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
		if (index_search(ix, queries[i], 20, &h, &n, &cause) < 0)
			fail_msg("%s", cause);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ms = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 - t0;
		assert_int_equal(n, 1);
		assert_non_null(strchr(h[0].snippet, SNIP_OPEN));
		assert_true(strlen(h[0].snippet) < 400);
		/* FTS5's snippet() took minutes; this takes milliseconds,
		 * with room for a loaded machine */
		if (ms > 2000)
			fail_msg("%s took %.0f ms", queries[i], ms);
		hits_free(h, n);
	}
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* Write note name (in folder v) with frontmatter fm, its mtime at t. */
static void
write_note(const char *v, const char *name, const char *fm, time_t t)
{
	char *path = file_printf(v, name, "---\n%s---\n\nSome text.\n", fm);
	struct timeval tv[2];

	tv[0].tv_sec = tv[1].tv_sec = t;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	assert_int_equal(utimes(path, tv), 0);
	free(path);
}

/* Are the hits of q, in order, the notes of want (NULL-ended)? */
static void
assert_order(struct index *ix, const char *q, const char *const *want)
{
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	if (index_search(ix, q, 20, &h, &n, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	for (i = 0; want[i]; i++) {
		if (i >= n)
			fail_msg("%s: %zu hits, %s missing", q, n, want[i]);
		if (strcmp(h[i].doc.path, want[i]) != 0)
			fail_msg("%s: hit %zu is %s, not %s", q, i,
			    h[i].doc.path, want[i]);
	}
	assert_int_equal(n, i);
	hits_free(h, n);
}

static void
test_latest_first(void **state)
{
	static const char *const all[] = {
		"sub/start-here.md", "b.md", "e.md", "a.md", "c.md", "d.md",
		NULL,
	};
	static const char *const concepts[] = {
		"sub/start-here.md", "e.md", "a.md", "d.md", NULL,
	};
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *sub = path_join(v, "sub");
	time_t day = 86400, t0 = 1700000000;	/* 2023-11-14 */
	struct index *ix;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	/* the hub first, however old */
	write_note(sub, "start-here.md", "type: concept\nupdated: 2001-01-01\n",
	    t0 - 900 * day);
	/* the date written wins over the file's */
	write_note(v, "a.md", "type: concept\nupdated: 2024-03-01\n", t0);
	write_note(v, "b.md", "updated: 2024-05-01\n", t0 - 10 * day);
	/* no date written: the file's (2023-11-14, then 2023-11-13) */
	write_note(v, "c.md", "title: C\n", t0);
	write_note(v, "d.md", "type: concept\n", t0 - day);
	/* the same date as a.md, its file newer */
	write_note(v, "e.md", "type: concept\nupdated: 2024-03-01\n",
	    t0 + day);
	ix = open_vault(v, db);
	assert_order(ix, "", all);
	assert_order(ix, "type:concept", concepts);
	index_close(ix);
	free(sub);
	free(v);
	free(db);
	tmpdir_free(dir);
}

static void
test_common_words_titles_first(void **state)
{
	static const char *const titled[] = {
		"Cold start of Lambda",
		"Cold start of a Lambda, and what a long title says about it",
		"The cold start of a Lambda function behind a queue, with retries "
		    "and a dead letter queue and more words",
	};
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *name;
	struct index *ix;
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	/* more than the 1,000 notes ranked in full hold both words */
	for (i = 0; i < 1100; i++) {
		name = xasprintf("n%04zu.md", i);
		free(file_printf(v, name, "# Note %zu\n\nA lambda has a "
		    "cold start when it scales out.\n", i));
		free(name);
	}
	for (i = 0; i < sizeof titled / sizeof titled[0]; i++) {
		name = xasprintf("t%zu.md", i);
		free(file_printf(v, name, "# %s\n\nThe lambda had a cold "
		    "start.\n", titled[i]));
		free(name);
	}
	ix = open_vault(v, db);
	if (index_search(ix, "lambda cold", 20, &h, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(n, 20);
	for (i = 0; i < sizeof titled / sizeof titled[0]; i++)
		if (strcmp(h[i].doc.title, titled[i]) != 0)
			fail_msg("hit %zu is %s, not %s", i, h[i].doc.title,
			    titled[i]);
	/* their summary stands for them: the words are in their titles */
	for (i = 0; i < sizeof titled / sizeof titled[0]; i++)
		assert_string_equal(h[i].snippet, h[i].doc.summary);
	/* the rest hold the words in their bodies, which show them */
	for (; i < n; i++) {
		assert_int_equal(strncmp(h[i].doc.title, "Note ", 5), 0);
		assert_non_null(strchr(h[i].snippet, SNIP_OPEN));
	}
	hits_free(h, n);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* Note i: "function" in every title, "lambda" in a third; tags common
 * (half, and common/sub), mid (a tenth), rare (3 notes), a non-ASCII
 * one; 2 essays; a third seed; a tenth in Spanish; every note a "Stage"
 * heading (the substring "tag"), two a "Kalamari" one; the same mtime,
 * dates that tie, so that the path decides. */
static void
plan_note(const char *vault, size_t i)
{
	struct timeval tv[2];
	struct buf tags = BUF_INIT;
	char *name = xasprintf("n%04zu.md", i), *path;

	buf_adds(&tags, i % 2 == 0 ? "common" : "other");
	if (i % 50 == 1)
		buf_adds(&tags, ", common/sub");
	if (i % 10 == 0)
		buf_adds(&tags, ", mid");
	if (i == 7 || i == 500 || i == 1100)
		buf_adds(&tags, ", rare");
	if (i % 7 == 0)
		buf_adds(&tags, ", \xc3\xbcn\xc3\xaf");
	path = file_printf(vault, name, "---\ntitle: Function %s %zu\n"
	    "tags: [%s]\ntype: %s\n"
	    "status: %s\nlang: %s\nupdated: 2024-%02zu-%02zu\n---\n\n"
	    "A lambda function is serverless; a queue feeds it.\n\n"
	    "## Stage %zu\n\n%s", i % 3 == 0 ? "lambda" : "queue", i,
	    buf_str(&tags), i == 3 || i == 900 ? "essay" : "concept",
	    i % 3 == 0 ? "seed" : "growing", i % 10 == 5 ? "es" : "en",
	    1 + i % 12, 1 + i % 5, i, i == 11 || i == 999 ?
	    "## Kalamari\n" : "");
	tv[0].tv_sec = tv[1].tv_sec = 1700000000;
	tv[0].tv_usec = tv[1].tv_usec = 0;
	assert_int_equal(utimes(path, tv), 0);
	buf_free(&tags);
	free(path);
	free(name);
}

/* The hits of q at limit, one line each: path, score, snippet. */
static char *
hits_text(struct index *ix, const char *q, int limit)
{
	struct buf b = BUF_INIT;
	struct hit *h = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	if (index_search(ix, q, limit, &h, &n, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s %.17g %s\n", h[i].doc.path, h[i].score,
		    h[i].snippet);
	hits_free(h, n);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

/* Every prefix of each query, at three limits, finds with the plan what
 * it finds without it (index_search_plain), in the same order. */
static void
same_hits(struct index *ix)
{
	static const char *const queries[] = {
		"tag:common function", "tag:common lambda", "tag:rare lambda",
		"tag:mid func", "-tag:common lambda", "tag:common -tag:mid",
		"tag:comm* queue", "tag:common/sub", "tag:\xc3\xbcn\xc3\xaf func",
		"type:essay", "type:concept func", "status:seed lamb",
		"lang:es func", "tag:common tag:mid status:seed",
		"tag:common lang:es type:concept", "type:concept OR tag:rare",
		"\"lambda function\" tag:mid", "lambda -queue tag:common",
		"kalama", "tag:nosuch function",
	};
	static const int limits[] = { 5, 40, 200 };
	char *typed, *with, *without;
	size_t i, k, l, len;

	for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		len = strlen(queries[i]);
		for (k = 1; k <= len; k++) {
			if (((unsigned char)queries[i][k] & 0xc0) == 0x80)
				continue;
			typed = xstrndup(queries[i], k);
			for (l = 0; l < sizeof limits / sizeof limits[0]; l++) {
				index_search_plain(ix, 1);
				without = hits_text(ix, typed, limits[l]);
				index_search_plain(ix, 0);
				with = hits_text(ix, typed, limits[l]);
				if (strcmp(with, without) != 0)
					fail_msg("%s (limit %d):\nplan:\n%s\n"
					    "without:\n%s", typed, limits[l],
					    with, without);
				free(with);
				free(without);
			}
			free(typed);
		}
	}
}

/* The statements a search ran and their plans, as text. */
static void
keep_plan(void *arg, const char *sql, const char *plan)
{
	buf_printf(arg, "%s\n%s\n", sql, plan);
}

static char *
plan_of(struct index *ix, const char *q, size_t *nhits)
{
	struct buf b = BUF_INIT;
	struct hit *h = NULL;
	char *cause = NULL;

	index_search_trace(ix, keep_plan, &b);
	if (index_search(ix, q, 40, &h, nhits, &cause) < 0)
		fail_msg("search %s: %s", q, cause);
	index_search_trace(ix, NULL, NULL);
	hits_free(h, *nhits);
	buf_add(&b, "", 0);
	return buf_take(&b);
}

/* The plan takes the path it means to. */
static void
plan_paths(struct index *ix)
{
	char *p;
	size_t n;

	/* half the notes: docs_recent read in order until 40 pass */
	p = plan_of(ix, "tag:common", &n);
	assert_int_equal(n, 40);
	assert_non_null(strstr(p, "SCAN d USING INDEX docs_recent"));
	assert_null(strstr(p, "TEMP B-TREE"));
	free(p);
	/* three notes: read first, then sorted */
	p = plan_of(ix, "tag:rare", &n);
	assert_int_equal(n, 3);
	assert_null(strstr(p, "docs_recent"));
	assert_non_null(strstr(p, "USE TEMP B-TREE FOR ORDER BY"));
	free(p);
	/* no note: counted, never listed (a full walk of docs_recent) */
	p = plan_of(ix, "type:nosuch", &n);
	assert_int_equal(n, 0);
	assert_null(strstr(p, "FROM docs d"));
	free(p);
	/* a common type is probed in its index, not read from each row */
	p = plan_of(ix, "type:concept", &n);
	assert_non_null(strstr(p, "USING COVERING INDEX docs_type"));
	free(p);
	/* the tag's phrase joins the titles' expression, in the titles
	 * table, and the rank leaves it out */
	p = plan_of(ix, "tag:common function", &n);
	assert_int_equal(n, 40);
	assert_non_null(strstr(p, "FROM titles CROSS JOIN docs"));
	assert_non_null(strstr(p, "stratus_rank(10.0, 8.0, 6.0, 1)"));
	free(p);
	/* with a NOT, in fts */
	p = plan_of(ix, "function -nosuchword", &n);
	assert_int_equal(n, 40);
	assert_null(strstr(p, "FROM titles CROSS JOIN docs"));
	assert_non_null(strstr(p, "stratus_rank(10.0, 8.0, 6.0, 3.0, 1.0, "
	    "0)"));
	free(p);
}

/*
 * Over a vault of 1,200 notes where tags, types, statuses and languages
 * are common, middling, rare or absent, and words are in more notes than
 * bm25 ranks in full: the same hits with the plan as without it, and the
 * paths: a common tag walks docs_recent without a sort, a rare one is a
 * set that drives, a filter no note passes ends the search before any
 * listing, and a word beside a tag searches the tag's doclist too.
 */
static void
test_filter_plan(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db");
	struct index *ix;
	size_t i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 1200; i++)
		plan_note(v, i);
	ix = open_vault(v, db);
	same_hits(ix);
	plan_paths(ix);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* Bytes malloc has handed out and not had back (glibc's count). */
static size_t
heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void
test_names_order_and_size(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *x = path_join(v, "x");
	char *y = path_join(v, "y"), *gen = path_join(v, "gen"), *name;
	struct docnames d;
	struct index *ix;
	sqlite3 *sq = NULL;
	sqlite3_stmt *s = NULL;
	size_t i, k, a, before, bytes = 0;
	char *cause = NULL, *key;
	time_t t = 1700000000;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	assert_int_equal(mkdir(x, 0755), 0);
	assert_int_equal(mkdir(y, 0755), 0);
	assert_int_equal(mkdir(gen, 0755), 0);
	write_note(v, "b.md", "title: beta\n", t);
	write_note(v, "Zeta.md", "title: Zeta\n", t);
	write_note(x, "alpha.md", "title: Alpha\naliases: [A one, "
	    "second alias]\n", t);
	/* one title in two folders; a translation shares its note key */
	write_note(y, "alpha.md", "title: alpha\n", t);
	write_note(y, "alpha.es.md", "title: alpha\nlang: es\n", t);
	for (i = 0; i < 3000; i++) {
		name = xasprintf("n%04zu.md", i);
		write_note(gen, name, "title: Generated\n", t);
		free(name);
	}
	ix = open_vault(v, db);
	index_release_memory(ix);
	before = heap_used();
	if (index_names(ix, &d, &cause) < 0)
		fail_msg("names: %s", cause);
	index_release_memory(ix);
	assert_int_equal(d.n, 3005);

	/* SQLite's order of title (ASCII case folded), note key, language */
	assert_int_equal(sqlite3_open_v2(index_path(ix), &sq,
	    SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(sq, "SELECT title, note, lang"
	    " FROM docs ORDER BY title COLLATE NOCASE, note, lang", -1, &s,
	    NULL), SQLITE_OK);
	for (i = 0; sqlite3_step(s) == SQLITE_ROW; i++) {
		k = d.by_title[i];
		assert_int_equal(d.rank[k], i);
		key = docname_key(&d, k);
		assert_string_equal(docname_title(&d, k),
		    (const char *)sqlite3_column_text(s, 0));
		assert_string_equal(key,
		    (const char *)sqlite3_column_text(s, 1));
		assert_string_equal(docname_lang(&d, k),
		    (const char *)sqlite3_column_text(s, 2));
		free(key);
	}
	assert_int_equal(i, d.n);
	sqlite3_finalize(s);
	sqlite3_close(sq);
	a = d.by_title[0];
	assert_string_equal(docname_title(&d, a), "Alpha");
	assert_string_equal(docname_dir(&d, a), "x");
	assert_string_equal(docname_slug(&d, a), "alpha");
	assert_int_equal(d.v[a].naliases, 2);
	assert_string_equal(docname_alias(&d, a, 0), "A one");
	assert_string_equal(docname_alias(&d, a, 1), "second alias");
	assert_string_equal(docname_dir(&d, d.by_title[1]), "y");
	assert_false(docname_same_note(&d, a, d.by_title[1]));
	assert_true(docname_same_note(&d, d.by_title[1], d.by_title[2]));
	assert_string_equal(docname_dir(&d, d.by_title[d.n - 1]), "");

	/* One block of text, not a malloc per string: the names hold
	 * their bytes and 20 more a name, give or take 64 KB (a malloc per
	 * string holds 150 more a name: 450 KB here, 40 MB at 100k
	 * notes). A sanitizer's allocator is not glibc's: its count does
	 * not move. */
	for (i = 0; i < d.n; i++) {
		bytes += strlen(docname_title(&d, i)) + 1 +
		    strlen(docname_slug(&d, i)) + 1 +
		    strlen(docname_lang(&d, i)) + 1 +
		    strlen(docname_dir(&d, i)) + 1;
		for (k = 0; k < d.v[i].naliases; k++)
			bytes += strlen(docname_alias(&d, i, k)) + 1;
	}
	if (heap_used() > before + bytes + 20 * d.n + 65536)
		fail_msg("%zu names of %zu bytes hold %zu bytes", d.n, bytes,
		    heap_used() - before);
	docnames_free(&d);
	docnames_free(NULL);
	index_close(ix);
	free(gen);
	free(y);
	free(x);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* SQLite's memory at its highest since the last call, above what it
 * held then. */
static sqlite3_int64
sqlite_peak(void)
{
	static sqlite3_int64 base;
	sqlite3_int64 cur = 0, hi = 0, grew;

	sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &cur, &hi, 1);
	assert_true(cur > 0);	/* counted at all */
	grew = hi - base;
	base = cur;
	return grew;
}

static void
test_scans_keep_cache_small(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *deep, *name, *fm;
	struct buf b = BUF_INIT, status = BUF_INIT;
	struct index_stats st;
	struct docnames d;
	struct index *ix;
	char *cause = NULL;
	size_t i;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	/* rows of docs of 3 KB (a long folder, file name and status): a
	 * page each, 6 MB of pages that the cache (8 MB) would keep; a
	 * scan keeps 1 MB (measured: 1.0 MB, without it 6 MB) */
	buf_adds(&b, v);
	for (i = 0; i < 3; i++) {
		buf_addc(&b, '/');
		buf_printf(&b, "%0200zu", i);
		assert_int_equal(mkdir(b.ptr, 0755), 0);
	}
	deep = buf_take(&b);
	for (i = 0; i < 1400; i++)
		buf_addc(&status, 's');
	for (i = 0; i < 1500; i++) {
		name = xasprintf("n%0190zu.md", i);
		fm = xasprintf("title: N%zu\nstatus: %s\n", i, status.ptr);
		write_note(deep, name, fm, 1700000000);
		free(fm);
		free(name);
	}
	ix = open_vault(v, db);
	index_close(ix);

	/* each on a fresh connection, its cache empty */
	ix = open_index(v, db);
	sqlite_peak();
	if (index_names(ix, &d, &cause) < 0)
		fail_msg("names: %s", cause);
	assert_int_equal(d.n, 1500);
	assert_true(sqlite_peak() < 2 * 1024 * 1024);
	docnames_free(&d);
	index_close(ix);

	ix = open_index(v, db);
	sqlite_peak();
	if (index_update(ix, 0, &st, &cause) < 0)
		fail_msg("update: %s", cause);
	assert_int_equal(st.unchanged, 1500);
	assert_true(sqlite_peak() < 2 * 1024 * 1024);
	index_close(ix);
	buf_free(&status);
	free(deep);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/*
 * index_search_snippets(): the hits past the count come without their
 * snippet, and index_snippets() makes the same snippets a search makes,
 * for a word, a typed prefix, a NOT and an OR; a hit of a note whose
 * body does not match keeps its summary.
 */
static void
test_snippets_later(void **state)
{
	static const char *const queries[] = {
		"zephyrine", "zeph", "zephyrine -nothing", "zephyrine OR quux",
	};
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *name;
	struct index *ix;
	struct hit *all = NULL, *h = NULL;
	char *cause = NULL, *out[60];
	long ids[60];
	size_t n = 0, na = 0, i, k, m;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 60; i++) {
		name = xasprintf("n%02zu.md", i);
		free(file_printf(v, name, "---\nsummary: Plain summary "
		    "%zu.\n---\n\n# Log %zu\n\nFiller words first. Then "
		    "zephyrine shows up in entry %zu%s.\n", i, i, i, i % 7 ?
		    "" : ", and quux"));
		free(name);
	}
	ix = open_vault(v, db);
	for (k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		if (index_search(ix, queries[k], 60, &all, &na, &cause) < 0)
			fail_msg("%s: %s", queries[k], cause);
		assert_int_equal(na, 60);
		index_search_snippets(ix, 10);
		if (index_search(ix, queries[k], 60, &h, &n, &cause) < 0)
			fail_msg("%s: %s", queries[k], cause);
		index_search_snippets(ix, -1);
		assert_int_equal(n, na);
		for (i = m = 0; i < n; i++) {
			assert_int_equal(h[i].doc.id, all[i].doc.id);
			assert_non_null(strchr(all[i].snippet, SNIP_OPEN));
			if (i < 10)
				assert_string_equal(h[i].snippet,
				    all[i].snippet);
			else if (!h[i].snippet)
				ids[m++] = h[i].doc.id;
		}
		assert_int_equal(m, 50);
		if (index_snippets(ix, queries[k], ids, m, out, &cause) < 0)
			fail_msg("%s: %s", queries[k], cause);
		for (i = 0; i < m; i++) {
			assert_non_null(out[i]);
			assert_string_equal(out[i], all[10 + i].snippet);
			free(out[i]);
		}
		hits_free(h, n);
		hits_free(all, na);
	}
	/* a note named by the query whose body does not hold it */
	ids[0] = 1;
	if (index_snippets(ix, "nowhere", ids, 1, out, &cause) < 0)
		fail_msg("%s", cause);
	assert_null(out[0]);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/* What early_keep() was given. */
struct early_got {
	struct hit *v;
	size_t n;
	int calls;
};

static void
early_keep(void *arg, const struct hit *v, size_t n)
{
	struct early_got *g = arg;

	g->calls++;
	g->v = hits_copy(v, n);
	g->n = n;
}

/* Is v[0..n) the same hits, in order, with the same snippets, as w? */
static void
equal_hits(const char *q, const struct hit *v, const struct hit *w,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].doc.id != w[i].doc.id)
			fail_msg("%s: hit %zu is %s, not %s", q, i,
			    v[i].doc.path, w[i].doc.path);
		assert_string_equal(v[i].doc.title, w[i].doc.title);
		assert_non_null(v[i].snippet);
		assert_non_null(w[i].snippet);
		assert_string_equal(v[i].snippet, w[i].snippet);
	}
}

/*
 * index_search_early(): the searches give their first n hits as soon as
 * they are final, the same hits with the same snippets as the whole
 * search and as a search of n, once, whichever step finds them (the
 * names, the ranked few, the titles of a common word, the rest in index
 * order, the latest notes); never when there are fewer.
 */
static void
test_early_hits(void **state)
{
	static const struct {
		const char *q;
		size_t total;	/* its hits, at most 200 */
	} cases[] = {
		{ "zephyrine", 200 },	/* 56 titles, then the bodies */
		{ "quux", 200 },	/* 5 titles, then the bodies */
		{ "zorblax", 62 },	/* ranked in full */
		{ "zorb", 62 },		/* a prefix */
		{ "log 1", 200 },	/* 211 names first */
		{ "rare", 30 },		/* fewer than the screen */
		{ "#logs", 200 },	/* a tag: the latest */
		/* a substring of 220 headings: a set when the plan is for
		 * 200 hits, a walk of the latest when it is for the first 40
		 */
		{ "lophon", 200 },
	};
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *name;
	struct index *ix;
	struct hit *all = NULL, *few = NULL, *h = NULL;
	struct early_got g;
	char *cause = NULL;
	size_t na, nf, n, i, k;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 1100; i++) {
		name = xasprintf("n%04zu.md", i);
		/* a summary (the frontmatter's, or the first sentence)
		 * stands for the snippet of a note that matches in its
		 * title; a third have none, their text in a list */
		free(file_printf(v, name, "---\ntags: [logs]\n%s---\n\n"
		    "# Log %zu%s\n\n%sFiller first. Then zephyrine and quux "
		    "show up in entry %zu%s%s%s.\n", i % 3 ? "" :
		    "summary: A summary.\n", i, i % 20 == 0 ? " of zephyrine" :
		    i % 220 == 1 ? " of quux" : "", i % 3 == 1 ? "- " : "", i,
		    i % 18 == 0 ? ", with zorblax" : "",
		    i % 37 == 0 ? ", rare" : "", i % 5 == 0 ?
		    "\n\n## The xylophonist" : ""));
		free(name);
	}
	ix = open_vault(v, db);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const char *q = cases[k].q;

		if (index_search(ix, q, 200, &all, &na, &cause) < 0 ||
		    index_search(ix, q, 40, &few, &nf, &cause) < 0)
			fail_msg("%s: %s", q, cause);
		if (na != cases[k].total)
			fail_msg("%s: %zu hits, not %zu", q, na,
			    cases[k].total);
		/* as the explorer asks: the snippets of a screen */
		memset(&g, 0, sizeof g);
		index_search_early(ix, 40, early_keep, &g);
		index_search_snippets(ix, 40);
		if (index_search(ix, q, 200, &h, &n, &cause) < 0)
			fail_msg("%s: %s", q, cause);
		index_search_snippets(ix, -1);
		index_search_early(ix, 0, NULL, NULL);
		assert_int_equal(n, na);
		for (i = 0; i < n; i++)
			assert_int_equal(h[i].doc.id, all[i].doc.id);
		if (na < 40) {
			if (g.calls != 0)
				fail_msg("%s: early hits of %zu", q, na);
		} else {
			if (g.calls != 1)
				fail_msg("%s: %d calls", q, g.calls);
			assert_int_equal(g.n, 40);
			equal_hits(q, g.v, all, 40);
			equal_hits(q, g.v, few, 40);
			equal_hits(q, h, g.v, 40);
		}
		hits_free(g.v, g.n);
		hits_free(h, n);
		hits_free(few, nf);
		hits_free(all, na);
	}
	/* a search without index_search_early() gives none */
	memset(&g, 0, sizeof g);
	if (index_search(ix, "zephyrine", 200, &h, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(g.calls, 0);
	hits_free(h, n);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

/*
 * The explorer's search worker: a search longer than a screen publishes
 * its first hits (index_search_early()) as a partial result, then the
 * whole list, the same as a search in this thread; one that fits on the
 * screen publishes none.
 */
static void
test_worker_early(void **state)
{
	char *dir = tmpdir_new(), *v = path_join(dir, "vault");
	char *db = path_join(dir, "ix.db"), *name, *cause = NULL;
	struct worker_done d;
	struct worker *w = NULL;
	struct index *ix;
	struct hit *h = NULL;
	size_t n = 0, i;
	long id;

	(void)state;
	assert_int_equal(mkdir(v, 0755), 0);
	for (i = 0; i < 300; i++) {
		name = xasprintf("n%03zu.md", i);
		free(file_printf(v, name, "# Entry %zu\n\nThen zephyrine "
		    "shows up%s.\n", i, i % 30 ? "" : ", with quux"));
		free(name);
	}
	ix = open_vault(v, db);
	if (worker_start(ix, NULL, 0, &w, &cause) < 0)
		fail_msg("worker: %s", cause);

	id = worker_search(w, "zephyrine", 200);
	memset(&d, 0, sizeof d);
	assert_int_equal(worker_wait(w, &d), 1);
	assert_int_equal(d.id, id);
	assert_false(d.partial);
	assert_null(d.error);
	assert_int_equal(worker_partials(w), 1);
	if (index_search(ix, "zephyrine", 200, &h, &n, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(d.n, n);
	for (i = 0; i < n; i++)
		assert_int_equal(d.hits[i].doc.id, h[i].doc.id);
	hits_free(h, n);
	worker_done_clear(&d);

	/* ten hits: no partial */
	id = worker_search(w, "quux", 200);
	assert_int_equal(worker_wait(w, &d), 1);
	assert_int_equal(d.id, id);
	assert_int_equal(d.n, 10);
	assert_false(d.partial);
	assert_int_equal(worker_partials(w), 1);
	worker_done_clear(&d);

	worker_stop(w);
	index_close(ix);
	free(v);
	free(db);
	tmpdir_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_first),
		cmocka_unit_test(test_many_hits_snippet),
		cmocka_unit_test(test_latest_first),
		cmocka_unit_test(test_common_words_titles_first),
		cmocka_unit_test(test_filter_plan),
		cmocka_unit_test(test_names_order_and_size),
		cmocka_unit_test(test_scans_keep_cache_small),
		cmocka_unit_test(test_snippets_later),
		cmocka_unit_test(test_early_hits),
		cmocka_unit_test(test_worker_early),
	};

	/* test_scans_keep_cache_small reads SQLite's count of its memory,
	 * which an index turns off for speed (index.c's sqlite_setup):
	 * on, and SQLite set up before any index, so that it stays on */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
	sqlite3_initialize();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
