/*
 * test_vault.c: the vault walk (order, hidden folders, node_modules,
 * .stratusignore) and the robustness promise of DESIGN.md: a vault with
 * invalid UTF-8, NUL bytes, CRLF with a BOM, a 50 MB note, 10,000 nested
 * list items, broken YAML, an unreadable file, a symlink loop and a file
 * deleted mid-walk gives one warning per bad file, naming it, and every
 * other note is read. The hostile files are made here, in a temporary
 * folder, never committed. The parallel walk (vault_scan_*) is held to
 * the serial one's output on such a tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/note.h"
#include "core/util.h"
#include "core/vault.h"

/* What a walk saw: one line per file, one per warning. */
struct seen {
	struct buf files;
	struct buf warns;
	const char *root;
	const char *delete_at;	/* when this file is seen ... */
	const char *delete;	/* ... remove this path (vault-relative) */
	int stop_after;		/* stop after this many files (0: never) */
	int nfiles;
	int parse;		/* read and parse each note, as the index does */
	struct note *big;	/* the 50 MB note, kept for a look */
	long notes_ok;
};

static const char *
testdata(void)
{
	const char *d = getenv("STRATUS_TESTDATA");

	return d && *d ? d : "data";
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	chmod(path, 0700);
	return remove(path);
}

static void
rm_rf(const char *path)
{
	chmod(path, 0700);
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
on_warn(const char *path, const char *why, void *arg)
{
	struct seen *s = arg;

	buf_printf(&s->warns, "%s: %s\n", path, why);
}

static int
on_file(const struct vault_file *f, void *arg)
{
	struct seen *s = arg;
	char *data, *cause = NULL, *victim;
	size_t len, i;
	struct note *n;

	buf_printf(&s->files, "%s\n", f->path);
	assert_true(str_ends(f->abspath, f->path));
	assert_true(f->size >= 0);
	assert_true(f->mtime_ns > 0);
	if (s->delete_at && strcmp(f->path, s->delete_at) == 0) {
		victim = path_join(s->root, s->delete);
		rm_rf(victim);
		free(victim);
	}
	if (s->parse) {
		if (read_file(f->abspath, 0, &data, &len, &cause) < 0) {
			buf_printf(&s->warns, "%s: %s\n", f->path, cause);
			free(cause);
		} else {
			n = note_parse(f->path, data, len, "en");
			for (i = 0; i < n->nwarnings; i++)
				buf_printf(&s->warns, "%s: %s\n", f->path,
				    n->warnings[i]);
			s->notes_ok++;
			if (str_starts(f->path, "big"))
				s->big = n;
			else
				note_free(n);
			free(data);
		}
	}
	return s->stop_after && ++s->nfiles >= s->stop_after;
}

static void
seen_free(struct seen *s)
{
	buf_free(&s->files);
	buf_free(&s->warns);
	note_free(s->big);
}

static void
test_walk_fixture(void **state)
{
	struct seen s;
	char *root = path_join(testdata(), "vaults/walk"), *cause = NULL;

	memset(&s, 0, sizeof s);
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	assert_string_equal(buf_str(&s.files),
	    "a.md\n"
	    "archive/2023/new.md\n"
	    "b.markdown\n"
	    "c.mdx\n"
	    "deeper/private/kept.md\n"
	    "keep.tmp.md\n"
	    "notes/x.md\n"
	    "sub-x.md\n"
	    "sub.md\n"
	    "sub/d.md\n"
	    "sub/e.MD\n");
	assert_string_equal(buf_str(&s.warns), "");
	seen_free(&s);

	/* a callback can stop the walk */
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	assert_int_equal(vault_walk(root, on_file, NULL, &s, &cause), 0);
	assert_string_equal(buf_str(&s.files), "a.md\narchive/2023/new.md\n");
	seen_free(&s);
	free(root);

	memset(&s, 0, sizeof s);
	assert_int_equal(vault_walk("/nonexistent/vault", on_file, on_warn,
	    &s, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/vault"));
	free(cause);
	seen_free(&s);
}

static char *
make_tmp(void)
{
	char *dir = xstrdup("/tmp/stratus-vault-XXXXXX");

	if (!mkdtemp(dir))
		fail_msg("mkdtemp: %s", strerror(errno));
	chmod(dir, 0777);
	return dir;
}

static void
put(const char *root, const char *path, const void *data, size_t len)
{
	char *p = path_join(root, path), *cause = NULL;
	char *dir = path_dir(p);

	if (mkdir_p(dir, &cause) < 0 ||
	    write_file_atomic(p, data, len, &cause) < 0)
		fail_msg("%s", cause);
	chmod(dir, 0777);
	chmod(p, 0644);
	free(dir);
	free(p);
}

static void
puts_file(const char *root, const char *path, const char *text)
{
	put(root, path, text, strlen(text));
}

static void
link_at(const char *root, const char *name, const char *target)
{
	char *p = path_join(root, name);

	if (symlink(target, p) < 0)
		fail_msg("symlink %s: %s", p, strerror(errno));
	free(p);
}

/* Take every permission from root/name. */
static void
lock_at(const char *root, const char *name)
{
	char *p = path_join(root, name);

	chmod(p, 0);
	free(p);
}

/* Count the warning lines that start with "path: ". */
static int
warnings_for(const struct seen *s, const char *path)
{
	const char *w = buf_str(&s->warns);
	size_t n = strlen(path);
	int count = 0;

	for (; *w; w = strchr(w, '\n') + 1)
		if (strncmp(w, path, n) == 0 && w[n] == ':' && w[n + 1] == ' ')
			count++;
	return count;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Run as root, read permissions mean nothing: walk as "nobody". */
static int
drop(void)
{
	if (geteuid() != 0)
		return 0;
	return seteuid(65534) == 0 ? 1 : -1;
}

static void
undrop(int dropped)
{
	if (dropped == 1 && seteuid(0) < 0)
		fail_msg("seteuid back to root: %s", strerror(errno));
}

static void
test_links_and_loops(void **state)
{
	char *root = make_tmp(), *cause = NULL;
	struct seen s;

	puts_file(root, "a.md", "# A\n");
	puts_file(root, "sub/b.md", "# B\n");
	puts_file(root, "sub/c.md", "# C\n");
	link_at(root, "sub/up", "..");		/* a loop to the root */
	link_at(root, "sub/here", ".");		/* a loop to itself */
	link_at(root, "self.md", "self.md");	/* ELOOP */
	link_at(root, "broken.md", "missing.md");
	link_at(root, "broken.png", "missing.png");	/* not a note: quiet */
	link_at(root, "alias.md", "a.md");	/* a link to a note: read */
	link_at(root, "mirror", "sub");		/* a second way in: read */
	memset(&s, 0, sizeof s);
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	assert_string_equal(buf_str(&s.files),
	    "a.md\nalias.md\nmirror/b.md\nmirror/c.md\nsub/b.md\nsub/c.md\n");
	assert_int_equal(warnings_for(&s, "sub/up"), 1);
	assert_int_equal(warnings_for(&s, "sub/here"), 1);
	assert_int_equal(warnings_for(&s, "mirror/up"), 1);
	assert_int_equal(warnings_for(&s, "mirror/here"), 1);
	assert_int_equal(warnings_for(&s, "self.md"), 1);
	assert_int_equal(warnings_for(&s, "broken.md"), 1);
	assert_non_null(strstr(buf_str(&s.warns), "sub/up: symbolic link "
	    "loop"));
	assert_non_null(strstr(buf_str(&s.warns), "broken.md: broken "
	    "symbolic link"));
	assert_int_equal(count_lines(buf_str(&s.warns)), 6);
	seen_free(&s);
	rm_rf(root);
	free(root);
}

static void
test_vanish_and_unreadable(void **state)
{
	char *root = make_tmp(), *cause = NULL;
	struct seen s;
	int dropped;

	puts_file(root, "a.md", "# A\n");
	puts_file(root, "b.md", "# B\n");
	puts_file(root, "c/d.md", "# D\n");
	puts_file(root, "e.md", "# E\n");
	puts_file(root, "locked/f.md", "# F\n");
	puts_file(root, "secret.md", "# S\n");
	chmod(root, 0777);
	memset(&s, 0, sizeof s);
	s.root = root;
	s.delete_at = "a.md";
	s.delete = "b.md";
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	assert_string_equal(buf_str(&s.files), "a.md\nc/d.md\ne.md\n"
	    "locked/f.md\nsecret.md\n");
	assert_string_equal(buf_str(&s.warns), "b.md: vanished during the "
	    "walk\n");
	seen_free(&s);

	/* a folder that vanishes between its listing and its reading */
	memset(&s, 0, sizeof s);
	s.root = root;
	s.delete_at = "a.md";
	s.delete = "c";
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	assert_string_equal(buf_str(&s.warns), "c: vanished during the "
	    "walk\n");
	seen_free(&s);

	puts_file(root, "c/d.md", "# D\n");
	lock_at(root, "secret.md");
	lock_at(root, "locked");
	dropped = drop();
	if (dropped < 0) {
		print_message("cannot drop root privileges: unreadable files "
		    "not tested\n");
		rm_rf(root);
		free(root);
		return;
	}
	memset(&s, 0, sizeof s);
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	undrop(dropped);
	assert_string_equal(buf_str(&s.files), "a.md\nc/d.md\ne.md\n");
	assert_int_equal(warnings_for(&s, "secret.md"), 1);
	assert_int_equal(warnings_for(&s, "locked"), 1);
	assert_non_null(strstr(buf_str(&s.warns), "Permission denied"));
	seen_free(&s);
	rm_rf(root);
	free(root);
}

/* The hostile vault, generated at test time. */
static void
test_robustness(void **state)
{
	static const char nul[] = "# Has NUL\n\nbefore\0after [[Li\0nk]]\n";
	char *root = make_tmp(), *cause = NULL;
	struct buf b = BUF_INIT;
	struct seen s;
	int i, dropped;
	size_t k;

	puts_file(root, "a-first.md", "---\ntitle: First\n---\n[[good]]\n");
	puts_file(root, "good.md", "# Good\n\nPlain and fine.\n");
	puts_file(root, "invalid-utf8.md", "# Bad bytes\n\nLatin-1: caf\xe9 "
	    "and \xc3\x28 and \xf0\x9f\x98\n");
	put(root, "nul.md", nul, sizeof nul - 1);
	puts_file(root, "crlf-bom.md", "\xef\xbb\xbf---\r\ntitle: Windows "
	    "note\r\ntags: [crlf]\r\n---\r\n# Heading\r\n\r\n[[good]]\r\n");
	puts_file(root, "broken-yaml.md", "---\ntitle: [unclosed\ntags: a\n"
	    "---\n# Broken but indexed\n\n[[good]]\n");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "bottom [[good]]\n");
	for (i = 0; i < 10000; i++)
		buf_printf(&b, "%*s- level %d\n", (i % 200) * 2, "", i);
	put(root, "nested.md", b.ptr, b.len);
	buf_reset(&b);
	/* 50 MB of prose with a link on each paragraph */
	buf_adds(&b, "---\ntitle: Big\n---\n# Big\n\n");
	for (i = 0; b.len < 50u * 1024 * 1024; i++)
		buf_printf(&b, "Paragraph %d of a very large note about "
		    "serverless functions, queues and tables, linking "
		    "[[good]] and [n%d](n%d.md) with `code` and *emphasis*.\n"
		    "\n", i, i, i);
	put(root, "big.md", b.ptr, b.len);
	buf_free(&b);
	puts_file(root, "unreadable.md", "# Locked\n");
	lock_at(root, "unreadable.md");
	link_at(root, "loop", ".");
	puts_file(root, "zz-vanish.md", "# Gone before it is read\n");

	memset(&s, 0, sizeof s);
	s.root = root;
	s.parse = 1;
	s.delete_at = "a-first.md";
	s.delete = "zz-vanish.md";
	dropped = drop();
	assert_true(dropped >= 0);
	assert_int_equal(vault_walk(root, on_file, on_warn, &s, &cause), 0);
	undrop(dropped);

	/* one warning for each bad file, naming it */
	assert_int_equal(warnings_for(&s, "invalid-utf8.md"), 1);
	assert_int_equal(warnings_for(&s, "nul.md"), 1);
	assert_int_equal(warnings_for(&s, "broken-yaml.md"), 1);
	assert_int_equal(warnings_for(&s, "unreadable.md"), 1);
	assert_int_equal(warnings_for(&s, "loop"), 1);
	assert_int_equal(warnings_for(&s, "zz-vanish.md"), 1);
	if (count_lines(buf_str(&s.warns)) != 6)
		print_error("warnings:\n%s", buf_str(&s.warns));
	assert_int_equal(count_lines(buf_str(&s.warns)), 6);
	/* ... and the rest is read */
	assert_string_equal(buf_str(&s.files), "a-first.md\nbig.md\n"
	    "broken-yaml.md\ncrlf-bom.md\ngood.md\ninvalid-utf8.md\n"
	    "nested.md\nnul.md\n");
	assert_int_equal(s.notes_ok, 8);
	assert_non_null(s.big);
	assert_string_equal(s.big->title, "Big");
	assert_true(s.big->nlinks > 500000);
	for (k = 0; k < s.big->nlinks; k += 99991)
		assert_true(s.big->links[k].line > 4);
	seen_free(&s);
	rm_rf(root);
	free(root);
}

/* Every file with its size and mtime, one line each. */
static int
on_stat(const struct vault_file *f, void *arg)
{
	struct seen *s = arg;

	buf_printf(&s->files, "%s %lld %lld\n", f->path, (long long)f->size,
	    (long long)f->mtime_ns);
	assert_true(str_ends(f->abspath, f->path));
	return s->stop_after && ++s->nfiles >= s->stop_after;
}

/* The parallel walk of root on threads threads, into s. */
static void
scan(const char *root, int threads, struct seen *s)
{
	struct vault_scan *sc;
	char *cause = NULL;

	assert_int_equal(vault_scan_start(root, threads, &sc, &cause), 0);
	vault_scan_finish(sc, on_stat, on_warn, s);
}

/*
 * The parallel walk sees what the serial one sees, in its order, with the
 * same warnings, however many threads walk: nested folders, hidden ones,
 * node_modules, .stratusignore, links to files and folders, loops, broken
 * links, a link out of the vault, unreadable files and folders, empty
 * files and a folder big enough to be stated in several chunks.
 */
static void
test_scan_is_walk(void **state)
{
	char *root = make_tmp(), *out = make_tmp(), *cause = NULL, *p;
	struct seen w, s;
	int i, t, fd, dropped;

	puts_file(root, "big/skip.txt", "not a note");
	for (i = 0; i < 1300; i++) {
		/* made without write_file_atomic's fsync: 1,300 of them */
		p = xasprintf("%s/big/n%04d.md", root, i);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "# N\n", i % 7 ? 4 : 0), i % 7 ? 4 : 0);
		close(fd);
		free(p);
	}
	puts_file(root, "a.md", "");
	puts_file(root, "a-b.md", "# AB\n");
	puts_file(root, "a/b/c/deep.md", "# Deep\n");
	puts_file(root, "a/b/c.md", "# C\n");
	puts_file(root, "a/b.markdown", "# B\n");
	puts_file(root, "a/x.mdx", "# X\n");
	puts_file(root, ".git/hidden.md", "# Hidden\n");
	puts_file(root, ".obsidian/also.md", "# Hidden\n");
	puts_file(root, "node_modules/pkg/readme.md", "# Skipped\n");
	puts_file(root, "drafts/wip.md", "# Ignored\n");
	puts_file(root, "drafts/keep.md", "# Kept again\n");
	puts_file(root, ".stratusignore", "drafts/*\n"
	    "!drafts/keep.md\n*.tmp.md\n");
	puts_file(root, "x.tmp.md", "# Ignored\n");
	puts_file(root, "locked/f.md", "# F\n");
	puts_file(root, "secret.md", "# S\n");
	puts_file(out, "outside.md", "# Outside\n");
	link_at(root, "alias.md", "a.md");
	link_at(root, "mirror", "a/b");
	link_at(root, "a/b/up", "../..");
	link_at(root, "self.md", "self.md");
	link_at(root, "broken.md", "missing.md");
	p = path_join(out, "outside.md");
	link_at(root, "escape.md", p);
	free(p);
	lock_at(root, "secret.md");
	lock_at(root, "locked");

	dropped = drop();
	assert_true(dropped >= 0);
	memset(&w, 0, sizeof w);
	assert_int_equal(vault_walk(root, on_stat, on_warn, &w, &cause), 0);
	for (t = 0; t <= 4; t++) {
		memset(&s, 0, sizeof s);
		scan(root, t, &s);
		assert_string_equal(buf_str(&s.files), buf_str(&w.files));
		assert_string_equal(buf_str(&s.warns), buf_str(&w.warns));
		seen_free(&s);
	}
	/* a callback stops it as it stops the serial walk */
	memset(&s, 0, sizeof s);
	s.stop_after = 3;
	scan(root, 2, &s);
	assert_int_equal(count_lines(buf_str(&s.files)), 3);
	assert_true(str_starts(buf_str(&w.files), buf_str(&s.files)));
	seen_free(&s);
	undrop(dropped);

	/* what it saw: the files, the warnings, nothing hidden or ignored */
	assert_int_equal(count_lines(buf_str(&w.files)), 1310);
	assert_non_null(strstr(buf_str(&w.files), "\nmirror/c/deep.md "));
	assert_non_null(strstr(buf_str(&w.files), "\ndrafts/keep.md "));
	assert_null(strstr(buf_str(&w.files), "wip.md"));
	assert_null(strstr(buf_str(&w.files), "hidden"));
	assert_null(strstr(buf_str(&w.files), "node_modules"));
	assert_null(strstr(buf_str(&w.files), ".tmp.md"));
	assert_int_equal(warnings_for(&w, "a/b/up"), 1);
	assert_int_equal(warnings_for(&w, "mirror/up"), 1);
	assert_int_equal(warnings_for(&w, "self.md"), 1);
	assert_int_equal(warnings_for(&w, "broken.md"), 1);
	assert_int_equal(warnings_for(&w, "escape.md"), 1);
	assert_int_equal(warnings_for(&w, "secret.md"), 1);
	assert_int_equal(warnings_for(&w, "locked"), 1);
	seen_free(&w);

	memset(&s, 0, sizeof s);
	assert_int_equal(vault_scan_start("/nonexistent/vault", 2,
	    &(struct vault_scan *){ NULL }, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/vault"));
	free(cause);
	rm_rf(root);
	rm_rf(out);
	free(root);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_fixture),
		cmocka_unit_test(test_links_and_loops),
		cmocka_unit_test(test_vanish_and_unreadable),
		cmocka_unit_test(test_robustness),
		cmocka_unit_test(test_scan_is_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
