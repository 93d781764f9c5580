/*
 * test_sync_scan.c: the vault as sync reads it: files grouped by slug
 * into their Spanish and English slots (implied languages, cloud slugs,
 * clashes blocked), the edges each note's links give, and the files read
 * again for the notes a sync acts on, refused when they changed since;
 * and the cache of what a scan read, which must give what a scan without
 * it gives, whatever changed in between.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/note.h"
#include "core/strpool.h"
#include "core/util.h"
#include "sync/map.h"
#include "sync/scan-cache.h"
#include "sync/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static char vault[64];
/* the strings of the scans' notes, freed after each test's */
static struct strpool pool = STRPOOL_INIT;

static void
put(const char *path, const char *text)
{
	char *abs = xasprintf("%s/%s", vault, path), *slash, *why = NULL;

	slash = strrchr(abs, '/');
	*slash = '\0';
	if (mkdir(abs, 0755) < 0 && access(abs, F_OK) < 0)
		fail_msg("mkdir %s", abs);
	*slash = '/';
	if (write_file_atomic(abs, text, strlen(text), &why) < 0)
		fail_msg("%s", why);
	free(abs);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(vault, sizeof vault, "/tmp/stratus-scan-XXXXXX");
	assert_non_null(mkdtemp(vault));
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", vault);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static const struct local_note *
find(const struct scan *s, const char *slug)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->notes[i].slug, slug) == 0)
			return &s->notes[i];
	fail_msg("no note '%s' in the scan", slug);
	return NULL;
}

static int
blocked(const struct scan *s, const char *slug)
{
	size_t i;

	for (i = 0; i < s->nblocked; i++)
		if (strcmp(s->blocked[i], slug) == 0)
			return 1;
	return 0;
}

static void
test_groups(void **state)
{
	struct scan s;
	const struct local_note *ln;
	char *cause = NULL;
	size_t i;

	(void)state;
	put("concepts/lambda.md", "---\ntitle: Lambda\n---\nFunctions.\n");
	put("concepts/lambda.es.md", "---\ntitle: Lambda\nvisibility: "
	    "public\n---\nFunciones.\n");
	/* the site's page.mdx (Spanish, implied) beside page.en.mdx */
	put("site/page.mdx", "# Página\n");
	put("site/page.en.mdx", "# Page\n");
	/* the same slug and language twice: neither is synced (had
	 * nothing stated the second one's, it would be the Spanish) */
	put("a/twin.md", "---\nlang: en\n---\none\n");
	put("b/twin.md", "---\nlang: en\n---\ntwo\n");
	/* not a cloud slug as it is: the backend's */
	put("notes/señal.md", "---\ntitle: Señal\n---\nx\n");
	put("notes/bonjour.md", "---\nlang: fr\n---\nsalut\n");
	put("notes/x.conflict-2026-01-01.md", "a conflict copy\n");
	assert_int_equal(scan_vault(vault, "en", LANG_ES, NULL, 0, NULL, &pool,
	    &s, &cause), 0);
	for (i = 1; i < s.n; i++)
		assert_true(strcmp(s.notes[i - 1].slug, s.notes[i].slug) < 0);
	ln = find(&s, "lambda");
	assert_string_equal(ln->path[LANG_EN], "concepts/lambda.md");
	assert_string_equal(ln->path[LANG_ES], "concepts/lambda.es.md");
	assert_non_null(ln->hash[LANG_EN]);
	assert_non_null(ln->hash[LANG_ES]);
	assert_true(memcmp(ln->hash[LANG_EN], ln->hash[LANG_ES],
	    HASH_LEN) != 0);
	assert_null(ln->vis[LANG_EN]);
	assert_string_equal(ln->vis[LANG_ES], "public");
	/* only hashes are kept until scan_load() */
	assert_null(ln->text);
	assert_null(local_parse(ln, LANG_ES));
	ln = find(&s, "page");
	assert_string_equal(ln->path[LANG_ES], "site/page.mdx");
	assert_string_equal(ln->path[LANG_EN], "site/page.en.mdx");
	ln = find(&s, "senal");
	assert_string_equal(ln->path[LANG_EN], "notes/señal.md");
	assert_true(blocked(&s, "twin"));
	assert_true(blocked(&s, "bonjour"));
	for (i = 0; i < s.n; i++)
		assert_string_not_equal(s.notes[i].slug, "bonjour");
	assert_int_equal(s.n, 4);	/* lambda, page, senal, twin */
	scan_clear(&s);
	strpool_free(&pool);
}

static void
test_edges(void **state)
{
	static char *known[] = {"gone-here", "zz-known"};
	struct scan s;
	const struct local_note *ln;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	int i;

	(void)state;
	put("src.md", "---\nconcepts: [event-driven, src]\n---\n"
	    "[[dst]] and [[dst]] again, [c](other.md), [[src]] itself, "
	    "[[gone-here]], [[never-was]], <https://aws.amazon.com>.\n");
	put("dst.md", "# Dst\n");
	put("other.md", "# Other\n");
	/* a note's two files: their edges merged, each once */
	put("pair.md", "[[other]] [[dst]] [[t001]]\n");
	put("pair.es.md", "[[dst]] [[t150]] [[pair]] [[zz-known]]\n");
	/* 5,000 links to 300 notes: 300 edges, sorted (and the files are
	 * many enough to be read on two threads) */
	for (i = 0; i < 300; i++) {
		char *p = xasprintf("many/t%03d.md", i);

		put(p, "t\n");
		free(p);
	}
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "[[t%03d]] ", (i * 37) % 300);
	buf_addc(&b, '\n');
	put("hub.md", buf_str(&b));
	buf_free(&b);
	assert_int_equal(scan_vault(vault, "en", LANG_ES, known, 2, NULL, &pool,
	    &s, &cause), 0);
	ln = find(&s, "src");
	assert_int_equal(ln->nedges, 4);
	assert_string_equal(ln->edges[0], "dst");
	assert_string_equal(ln->edges[1], "event-driven");
	assert_string_equal(ln->edges[2], "gone-here");
	assert_string_equal(ln->edges[3], "other");
	/* an edge is the note's own slug, not a copy of it */
	assert_ptr_equal(ln->edges[0], find(&s, "dst")->slug);
	ln = find(&s, "pair");
	assert_int_equal(ln->nedges, 5);
	assert_string_equal(ln->edges[0], "dst");
	assert_string_equal(ln->edges[1], "other");
	assert_string_equal(ln->edges[2], "t001");
	assert_string_equal(ln->edges[3], "t150");
	assert_string_equal(ln->edges[4], "zz-known");
	ln = find(&s, "hub");
	assert_int_equal(ln->nedges, 300);
	assert_string_equal(ln->edges[0], "t000");
	assert_string_equal(ln->edges[299], "t299");
	for (i = 1; i < 300; i++)
		assert_true(strcmp(ln->edges[i - 1], ln->edges[i]) < 0);
	scan_clear(&s);
	strpool_free(&pool);
}

static void
test_load(void **state)
{
	static const char en[] = "---\ntitle: Step Functions\n---\nStates.\n";
	struct scan s;
	struct local_note *ln;
	char *cause = NULL, *p;

	(void)state;
	put("sfn.md", en);
	put("sfn.es.md", "---\ntitle: Step Functions\n---\nEstados.\n");
	put("site/page.mdx", "# Página\n");
	assert_int_equal(scan_vault(vault, "en", LANG_ES, NULL, 0, NULL, &pool,
	    &s, &cause), 0);
	ln = (struct local_note *)find(&s, "sfn");
	assert_int_equal(scan_load(ln, vault, &cause), 0);
	assert_int_equal(ln->text->len[LANG_EN], strlen(en));
	assert_memory_equal(ln->text->data[LANG_EN], en, strlen(en));
	assert_string_equal(local_parse(ln, LANG_EN)->title,
	    "Step Functions");
	assert_string_equal(local_parse(ln, LANG_ES)->lang, "es");
	assert_string_equal(local_parse(ln, LANG_EN)->slug, "sfn");
	/* loaded once: a second call reads nothing */
	assert_int_equal(scan_load(ln, vault, &cause), 0);
	local_note_unload(ln);
	assert_null(ln->text);
	/* an implied language is its slot's, as the scan placed it */
	ln = (struct local_note *)find(&s, "page");
	assert_int_equal(scan_load(ln, vault, &cause), 0);
	assert_string_equal(local_parse(ln, LANG_ES)->lang, "es");
	/* edited since the scan: refused, whatever else is loaded */
	ln = (struct local_note *)find(&s, "sfn");
	put("sfn.es.md", "---\ntitle: Step Functions\n---\nOtro.\n");
	assert_int_equal(scan_load(ln, vault, &cause), -1);
	assert_non_null(strstr(cause, "sfn.es.md: changed during the sync"));
	free(cause);
	cause = NULL;
	local_note_unload(ln);
	/* gone since the scan */
	p = xasprintf("%s/sfn.es.md", vault);
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_int_equal(scan_load(ln, vault, &cause), -1);
	assert_non_null(strstr(cause, "sfn.es.md: "));
	assert_null(strstr(cause, "changed during the sync"));
	free(cause);
	local_note_unload(ln);
	scan_clear(&s);
	strpool_free(&pool);
}

/* Every note of a scan (slots, hashes, edges) and its blocked slugs. */
static char *
dump(const struct scan *s)
{
	struct buf b = BUF_INIT;
	char hex[2 * HASH_LEN + 1];
	size_t i, j;
	int l;

	for (i = 0; i < s->n; i++) {
		const struct local_note *ln = &s->notes[i];

		buf_printf(&b, "%s:", ln->slug);
		for (l = 0; l < NLANGS; l++)
			buf_printf(&b, " %s %s %s %d", ln->path[l] ?
			    ln->path[l] : "-", ln->hash[l] ?
			    hash_hex(ln->hash[l], hex) : "-",
			    ln->vis[l] ? ln->vis[l] : "-", ln->implied[l]);
		for (j = 0; j < ln->nedges; j++)
			buf_printf(&b, " >%s", ln->edges[j]);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < s->nblocked; i++)
		buf_printf(&b, "blocked %s\n", s->blocked[i]);
	return buf_take(&b);
}

/* Scan the vault (cache c, or NULL), what it says on stderr in *err. */
static void
scan_said(struct scan_cache *c, char *const *known, size_t nknown,
    struct scan *out, char **err)
{
	char tmpl[] = "/tmp/stratus-scan-err-XXXXXX", *cause = NULL;
	int fd = mkstemp(tmpl), save = dup(2);
	size_t len;

	assert_true(fd >= 0 && save >= 0);
	fflush(stderr);
	dup2(fd, 2);
	assert_int_equal(scan_vault(vault, "en", LANG_ES, known, nknown, c,
	    &pool, out, &cause), 0);
	fflush(stderr);
	dup2(save, 2);
	close(save);
	close(fd);
	assert_int_equal(read_file(tmpl, 0, err, &len, &cause), 0);
	unlink(tmpl);
}

/* Scan with the cache at path (conf: languages en and es) and without,
 * and check both see the same and say the same; returns the dump (caller
 * frees), and how many files the cached scan read in *nread. */
static char *
scan_both(const char *path, char *const *known, size_t nknown, long *nread)
{
	struct scan a, b;
	struct scan_cache *c;
	char *conf = scan_cache_conf("en", LANG_ES), *da, *db, *ea, *eb;

	c = scan_cache_open(vault, path, conf);
	assert_non_null(c);
	scan_said(c, known, nknown, &a, &ea);
	scan_cache_close(c);
	scan_said(NULL, known, nknown, &b, &eb);
	da = dump(&a);
	db = dump(&b);
	if (strcmp(da, db) != 0)
		fail_msg("cached scan:\n%s\ndiffers from a full one:\n%s", da,
		    db);
	if (strcmp(ea, eb) != 0)
		fail_msg("cached scan said:\n%s\na full one:\n%s", ea, eb);
	assert_int_equal(b.read, b.files);
	if (nread)
		*nread = a.read;
	free(db);
	free(ea);
	free(eb);
	scan_clear(&a);
	scan_clear(&b);
	strpool_free(&pool);
	free(conf);
	return da;
}

static void
count_row(void *arg, const struct scan_fact *f)
{
	(void)f;
	(*(size_t *)arg)++;
}

static size_t
rows(const char *path)
{
	char *conf = scan_cache_conf("en", LANG_ES);
	struct scan_cache *c = scan_cache_open(vault, path, conf);
	size_t n = 0;

	assert_non_null(c);
	assert_int_equal(scan_cache_each(c, 0, count_row, &n), 0);
	scan_cache_close(c);
	free(conf);
	return n;
}

/* Run stmt on the cache file at path, as a damaged file would have it. */
static void
sql(const char *path, const char *stmt)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, stmt, NULL, NULL, NULL), SQLITE_OK);
	assert_true(sqlite3_changes(db) > 0);
	sqlite3_close(db);
}

static void
test_cache(void **state)
{
	static char *known[] = {"gone-here"};
	char *path = xasprintf("%s.scan.db", vault), *d, *d2, *e, *conf, *p;
	struct scan_cache *c;
	struct scan s;
	char *cause = NULL;
	long n;

	(void)state;
	put("src.md", "---\nconcepts: [event-driven]\n---\n[[dst]], "
	    "[[later]], [[gone-here]].\n");
	put("dst.md", "---\ntitle: Dst\naliases: [Target]\n---\n# Dst\n");
	put("site/page.mdx", "# Página\n");
	put("site/page.en.mdx", "# Page\n");
	put("a/twin.md", "---\nlang: en\n---\none\n");
	put("b/twin.md", "---\nlang: en\n---\ntwo\n");
	put("pair.md", "[[dst]] [[later]]\n");
	put("pair.es.md", "[[src]] [[dst]]\n");
	/* just written: not cached until its times are a second old */
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 8);
	assert_int_equal(rows(path), 0);
	scan_settle(0);
	d = scan_both(path, known, 1, &n);
	assert_int_equal(n, 8);
	assert_int_equal(rows(path), 8);
	assert_non_null(strstr(d, " >dst >event-driven >gone-here\n"));
	free(d);
	/* again, every file from the cache */
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 0);
	/* a file edited: read again, alone */
	put("dst.md", "---\ntitle: Dst\naliases: [Target]\n---\n# Dst, "
	    "edited\n");
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 1);
	/* a file's links edited, no name changed: its links resolved
	 * against the names of the files the cache gave */
	put("pair.es.md", "[[src]] [[Target]] [[note-that-is-not]]\n");
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 1);
	/* three files' texts edited, no name changed (more than a chunk in
	 * test_cache_chunked: their rows stored as they are read, their
	 * links back from them); then their edges are the cache's */
	put("pair.md", "[[dst]] [[later]], edited\n");
	put("a/twin.md", "---\nlang: en\n---\none, edited\n");
	put("b/twin.md", "---\nlang: en\n---\ntwo, edited\n");
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 3);
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 0);
	/* a new note an unchanged file links to: its edges again */
	put("later.md", "# Later\n");
	d = scan_both(path, known, 1, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(d, ">dst >event-driven >gone-here >later"));
	assert_non_null(strstr(d, " >dst >later >src\n"));
	free(d);
	/* a link now by alias: src edited, dst's alias renamed */
	put("src.md", "[[Target]] and [[Other name]].\n");
	put("dst.md", "---\ntitle: Dst\naliases: [Other name]\n---\n");
	d = scan_both(path, known, 1, &n);
	assert_non_null(strstr(d, " - 1 >dst\n"));
	free(d);
	/* the known slugs change: every file from the cache, the edges
	 * made again */
	free(scan_both(path, NULL, 0, &n));
	assert_int_equal(n, 0);
	/* a file gone: its row too */
	p = xasprintf("%s/later.md", vault);
	assert_int_equal(unlink(p), 0);
	free(p);
	free(scan_both(path, known, 1, &n));
	assert_int_equal(rows(path), 8);
	/* a row that says what the file no longer says (as on a file
	 * system whose times are too coarse): forgotten, read again */
	conf = scan_cache_conf("en", LANG_ES);
	c = scan_cache_open(vault, path, conf);
	assert_non_null(c);
	assert_int_equal(scan_cache_forget(c, "dst.md"), 0);
	scan_cache_close(c);
	free(conf);
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 1);
	/* damaged rows: links that lost their last NUL are read within
	 * their bytes (resolved again as from the file); edges that are
	 * not sorted slugs each ended by NUL make the file read again */
	sql(path, "UPDATE files SET links = substr(links, 1, "
	    "length(links) - 1) WHERE length(links) > 0");
	free(scan_both(path, NULL, 0, &n));
	assert_int_equal(n, 0);
	sql(path, "UPDATE files SET edges = substr(edges, 1, "
	    "length(edges) - 1) WHERE path = 'src.md'");
	free(scan_both(path, NULL, 0, &n));
	assert_int_equal(n, 1);
	sql(path, "UPDATE files SET edges = CAST(X'7A7A0061610000' AS BLOB) "
	    "WHERE path = 'src.md'");	/* "zz", "aa", "" */
	free(scan_both(path, NULL, 0, &n));
	assert_int_equal(n, 1);
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 0);
	/* names changed: every cached file's links resolved again from its
	 * row, a row at a time; here a two-file note's (its implied file
	 * moved to the other slot), whose [[Shared]] was an alias and is
	 * now a file's name */
	put("alias-es.md", "---\nlang: es\naliases: [Shared]\n---\n");
	put("imp.md", "[[Shared]]\n");
	put("imp.en.md", "# Imp\n");
	d = scan_both(path, known, 1, &n);
	assert_int_equal(n, 3);
	assert_non_null(strstr(d, "\nimp: imp.md "));
	assert_non_null(strstr(d, " 0 >alias-es\n"));
	free(d);
	put("shared.md", "# Shared\n");
	d = scan_both(path, known, 1, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(d, " 0 >shared\n"));
	assert_null(strstr(d, ">alias-es"));
	free(d);
	/* the cache failing between its passes: the scan made again
	 * without it (said), as a full scan; the next takes it again */
	put("fresh.md", "---\naliases: [Target]\n---\n");
	setenv("STRATUS_TEST_SCAN_LINKS_FAIL", "1", 1);
	conf = scan_cache_conf("en", LANG_ES);
	c = scan_cache_open(vault, path, conf);
	assert_non_null(c);
	scan_said(c, known, 1, &s, &e);
	scan_cache_close(c);
	free(conf);
	unsetenv("STRATUS_TEST_SCAN_LINKS_FAIL");
	assert_non_null(strstr(e, "the scan's cache could not be read again: "
	    "every file is read"));
	assert_int_equal(s.read, s.files);
	d = dump(&s);
	free(e);
	scan_clear(&s);
	scan_said(NULL, known, 1, &s, &e);
	d2 = dump(&s);
	assert_string_equal(d, d2);
	/* (src's [[Target]] is fresh's alias now) */
	p = strstr(d, "\nsrc: ");
	assert_non_null(p);
	assert_true(strstr(p, ">fresh") && strstr(p, ">fresh") <
	    strchr(p + 1, '\n'));
	free(d);
	free(d2);
	free(e);
	scan_clear(&s);
	strpool_free(&pool);
	/* (fresh.md's row was recorded before the links pass failed, its
	 * edges not: the next scan takes it, and makes every edge again) */
	free(scan_both(path, known, 1, &n));
	assert_int_equal(n, 0);
	/* other languages: the rows are dropped */
	conf = scan_cache_conf("es", LANG_EN);
	c = scan_cache_open(vault, path, conf);
	assert_non_null(c);
	scan_cache_close(c);
	free(conf);
	assert_int_equal(rows(path), 0);
	/* a damaged cache is made again, empty, and fills again */
	assert_int_equal(write_file_atomic(path, "not a database, at all: "
	    "hostile bytes\x01\x02", 40, &cause), 0);
	assert_int_equal(rows(path), 0);
	free(scan_both(path, known, 1, &n));
	assert_int_equal(rows(path), 13);
	/* one that cannot be opened: no cache, the scan as without */
	p = xasprintf("%s/no-such-dir/x.scan.db", vault);
	conf = scan_cache_conf("en", LANG_ES);
	c = scan_cache_open(vault, p, conf);
	assert_null(c);
	free(conf);
	free(p);
	assert_int_equal(scan_vault(vault, "en", LANG_ES, known, 1, c, &pool,
	    &s, &cause), 0);
	assert_true(s.n > 0);
	scan_clear(&s);
	strpool_free(&pool);
	scan_settle(1000000000);
	p = xasprintf("rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	assert_int_equal(system(p), 0);
	free(p);
	free(path);
}

/* The same, the files read two at a time: a chunk's rows go to the cache
 * before the next is read (as a scan of more than 4,096 files does). */
static void
test_cache_chunked(void **state)
{
	setenv("STRATUS_TEST_READ_CHUNK", "2", 1);
	test_cache(state);
	unsetenv("STRATUS_TEST_READ_CHUNK");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_chunked, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
