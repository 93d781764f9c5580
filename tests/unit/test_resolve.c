/*
 * test_resolve.c: link resolution. One runner reads the case table
 * data/vaults/links.cases (from | target | expected | ambiguous | how |
 * lang) against the fixture vault data/vaults/links/; a second compares
 * every link of that vault, extracted and resolved, with the golden list
 * data/vaults/links.golden (STRATUS_UPDATE_GOLDEN=1 rewrites it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/note.h"
#include "core/resolve.h"
#include "core/util.h"
#include "core/vault.h"

struct vault {
	struct note **notes;
	size_t n, cap;
	struct resolver *r;
};

static const char *
testdata(void)
{
	const char *d = getenv("STRATUS_TESTDATA");

	return d && *d ? d : "data";
}

static int
collect(const struct vault_file *f, void *arg)
{
	struct vault *v = arg;
	char *data, *cause = NULL;
	size_t len;

	if (read_file(f->abspath, 0, &data, &len, &cause) < 0)
		fail_msg("%s", cause);
	v->notes = xgrow(v->notes, &v->cap, v->n + 1, sizeof *v->notes);
	v->notes[v->n++] = note_parse(f->path, data, len, "en");
	free(data);
	return 0;
}

static void
no_warnings(const char *path, const char *why, void *arg)
{
	fail_msg("%s: %s", path, why);
}

static int
setup_vault(void **state)
{
	struct vault *v = xcalloc(1, sizeof *v);
	char *root = path_join(testdata(), "vaults/links"), *cause = NULL;
	size_t i;

	if (vault_walk(root, collect, no_warnings, v, &cause) < 0)
		fail_msg("%s", cause);
	free(root);
	v->r = resolver_new();
	for (i = 0; i < v->n; i++) {
		struct note *n = v->notes[i];

		resolver_add(v->r, (long)i, n->path, n->slug, n->lang,
		    n->title, n->aliases, n->naliases);
	}
	*state = v;
	return 0;
}

static int
teardown_vault(void **state)
{
	struct vault *v = *state;
	size_t i;

	for (i = 0; i < v->n; i++)
		note_free(v->notes[i]);
	free(v->notes);
	resolver_free(v->r);
	free(v);
	return 0;
}

static const char *const hows[] = {
	"none", "path", "relative", "slug", "alias", "title",
};

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static const char *
path_of(const struct vault *v, long id)
{
	return id < 0 ? "NONE" : v->notes[id]->path;
}

static void
test_cases(void **state)
{
	struct vault *v = *state;
	char *file = path_join(testdata(), "vaults/links.cases");
	char *data, *cause = NULL, *line, *next, *f[6];
	size_t len, nf;
	int lineno = 0, failures = 0, cases = 0;
	struct resolution res;

	if (read_file(file, 0, &data, &len, &cause) < 0)
		fail_msg("%s", cause);
	for (line = data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*trim(line) == '\0' || *trim(line) == '#')
			continue;
		for (nf = 0; nf < 6; nf++) {
			char *bar = strchr(line, '|');

			if (bar)
				*bar = '\0';
			f[nf] = trim(line);
			if (!bar) {
				nf++;
				break;
			}
			line = bar + 1;
		}
		if (nf != 6) {
			print_error("links.cases:%d: want 6 fields, got %zu\n",
			    lineno, nf);
			failures++;
			continue;
		}
		cases++;
		res = resolver_resolve(v->r, f[0], f[1], f[5]);
		if (strcmp(path_of(v, res.id), f[2]) != 0 ||
		    res.ambiguous != (f[3][0] == '1') ||
		    strcmp(hows[res.how], f[4]) != 0) {
			print_error("links.cases:%d: from \"%s\" to \"%s\": got "
			    "%s | %d | %s, want %s | %s | %s\n", lineno, f[0],
			    f[1], path_of(v, res.id), res.ambiguous,
			    hows[res.how], f[2], f[3], f[4]);
			failures++;
		}
	}
	free(data);
	free(file);
	assert_true(cases > 50);
	assert_int_equal(failures, 0);
}

static const char *const kinds[] = {
	"wiki", "embed", "markdown", "concept", "external", "attachment",
};

/* Every link of the vault, one line each, resolved. */
static char *
link_report(const struct vault *v)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < v->n; i++) {
		const struct note *n = v->notes[i];

		for (j = 0; j < n->nlinks; j++) {
			const struct link *l = &n->links[j];
			struct resolution res;

			buf_printf(&b, "%s:%d %s \"%s\"", n->path, l->line,
			    kinds[l->kind], l->target);
			if (l->anchor)
				buf_printf(&b, " #\"%s\"", l->anchor);
			if (l->label)
				buf_printf(&b, " label \"%s\"", l->label);
			if (l->kind >= LINK_EXTERNAL) {
				buf_adds(&b, "\n");
				continue;
			}
			res = resolver_resolve(v->r, n->path, l->target,
			    n->lang);
			buf_printf(&b, " -> %s (%s%s)\n", path_of(v, res.id),
			    hows[res.how], res.ambiguous ? ", ambiguous" : "");
		}
	}
	return buf_take(&b);
}

static void
test_golden(void **state)
{
	struct vault *v = *state;
	char *file = path_join(testdata(), "vaults/links.golden");
	char *got = link_report(v), *want, *cause = NULL;
	const char *upd = getenv("STRATUS_UPDATE_GOLDEN");
	size_t len, i, line = 1;

	if (upd && *upd) {
		if (write_file_atomic(file, got, strlen(got), &cause) < 0)
			fail_msg("%s", cause);
	}
	if (read_file(file, 0, &want, &len, &cause) < 0)
		fail_msg("%s", cause);
	for (i = 0; got[i] && got[i] == want[i]; i++)
		if (got[i] == '\n')
			line++;
	if (got[i] != want[i]) {
		const char *g = got + i, *w = want + i;

		while (g > got && g[-1] != '\n')
			g--;
		while (w > want && w[-1] != '\n')
			w--;
		print_error("links.golden:%zu differs:\n got: %.*s\nwant: "
		    "%.*s\n", line, (int)strcspn(g, "\n"), g,
		    (int)strcspn(w, "\n"), w);
	}
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(file);
}

static const struct note *
find(const struct vault *v, const char *path)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->notes[i]->path, path) == 0)
			return v->notes[i];
	fail_msg("no note %s in the fixture vault", path);
	return NULL;
}

/* Nothing inside code, comments or code spans is a link or a tag. */
static void
test_code_is_no_link(void **state)
{
	const struct note *n = find(*state, "notes/code-only.md");

	assert_int_equal(n->nlinks, 0);
	assert_int_equal(n->ntags, 0);
	assert_non_null(strstr(n->text, "[[fenced]]"));
	assert_non_null(strstr(n->text, "[[code span]]"));
}

/* The translations are one note: same slug, two languages. */
static void
test_translations(void **state)
{
	const struct note *en = find(*state, "concepts/serverless.md");
	const struct note *es = find(*state, "concepts/serverless.es.md");

	assert_string_equal(en->slug, "serverless");
	assert_string_equal(es->slug, "serverless");
	assert_string_equal(en->lang, "en");
	assert_string_equal(es->lang, "es");
	assert_string_equal(es->title, "Sin servidor");
}

/* 100,000 notes: every one found by slug, path and title; a name shared
 * by 1,000 folders is one tie won by the shortest path. */
static void
test_scale(void **state)
{
	struct resolver *r = resolver_new();
	struct resolution res;
	char path[64], slug[32], title[48], *al[1];
	long i;

	for (i = 0; i < 100000; i++) {
		snprintf(path, sizeof path, "d%ld/n%ld.md", i % 97, i);
		snprintf(slug, sizeof slug, "n%ld", i);
		snprintf(title, sizeof title, "Note Number %ld", i);
		al[0] = slug;
		resolver_add(r, i, path, slug, "en", title, al, 1);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(path, sizeof path, "f%ld/same.md", 1000 + i);
		resolver_add(r, 100000 + i, path, "same", "en", "Same", NULL,
		    0);
	}
	resolver_add(r, 200000, "z/same.md", "same", "en", "Same", NULL, 0);
	resolver_add(r, 200001, "y/same.md", "same", "en", "Same", NULL, 0);
	for (i = 0; i < 100000; i += 7) {
		snprintf(slug, sizeof slug, "N%ld", i);
		res = resolver_resolve(r, "", slug, "");
		assert_int_equal(res.id, i);
		assert_int_equal(res.how, RESOLVE_SLUG);
		assert_false(res.ambiguous);
		snprintf(path, sizeof path, "d%ld/n%ld", i % 97, i);
		res = resolver_resolve(r, "", path, "");
		assert_int_equal(res.id, i);
		assert_int_equal(res.how, RESOLVE_PATH);
		snprintf(title, sizeof title, "note number %ld", i);
		res = resolver_resolve(r, "", title, "");
		assert_int_equal(res.id, i);
		/* the whole path; and a path key is its own, not a prefix
		 * of another's (d1/n1 is not d1/n10.md's) */
		snprintf(path, sizeof path, "d%ld/n%ld.md", i % 97, i);
		res = resolver_resolve(r, "", path, "");
		assert_int_equal(res.id, i);
		assert_int_equal(res.how, RESOLVE_PATH);
		snprintf(path, sizeof path, "d%ld/n%ld.m", i % 97, i);
		res = resolver_resolve(r, "", path, "");
		assert_int_not_equal(res.how, RESOLVE_PATH);
	}
	res = resolver_resolve(r, "", "d1/n1", "");
	assert_int_equal(res.id, 1);
	assert_int_equal(res.how, RESOLVE_PATH);
	/* a name longer than a lookup's key buffer (256 bytes) */
	{
		char longt[400];

		memset(longt, 'w', sizeof longt - 1);
		longt[sizeof longt - 1] = '\0';
		resolver_add(r, 300000, "long/t.md", "t", "en", longt, NULL,
		    0);
		res = resolver_resolve(r, "", longt, "");
		assert_int_equal(res.id, 300000);
		assert_int_equal(res.how, RESOLVE_TITLE);
	}
	/* two shortest paths of one length: a true tie (Obsidian's rule) */
	res = resolver_resolve(r, "", "same", "");
	assert_int_equal(res.id, 200001);
	assert_true(res.ambiguous);
	/* the linking note's folder wins without a doubt */
	res = resolver_resolve(r, "f1500/other.md", "SAME", "");
	assert_int_equal(res.id, 100500);
	assert_false(res.ambiguous);
	resolver_free(r);
}

static void
test_edges(void **state)
{
	struct resolver *r = resolver_new();
	struct resolution res;

	resolver_free(NULL);
	res = resolver_resolve(r, "a.md", "anything", "");
	assert_int_equal(res.id, -1);
	assert_int_equal(res.how, RESOLVE_NONE);
	res = resolver_resolve(r, NULL, NULL, NULL);
	assert_int_equal(res.id, -1);
	resolver_add(r, 1, "a.md", "a", "en", "A", NULL, 0);
	resolver_add(r, 2, "a.mdx", "a", "en", "A", NULL, 0);
	/* a.md and a.mdx: same slug, same language: a real tie */
	res = resolver_resolve(r, "", "a", "");
	assert_int_equal(res.id, 1);
	assert_true(res.ambiguous);
	res = resolver_resolve(r, "", "a.mdx", "");
	assert_int_equal(res.id, 2);
	assert_false(res.ambiguous);
	res = resolver_resolve(r, "", "../../a", "");
	assert_int_equal(res.id, 1);	/* by name, after the path fails */
	res = resolver_resolve(r, "", "////", "");
	assert_int_equal(res.id, -1);
	res = resolver_resolve(r, "x/y.md", "", "");
	assert_int_equal(res.id, -1);	/* the linking note is unknown */
	resolver_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_code_is_no_link),
		cmocka_unit_test(test_translations),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_edges),
	};
	int rc;

	rc = cmocka_run_group_tests_name("links vault", tests, setup_vault,
	    teardown_vault);
	rc += cmocka_run_group_tests_name("resolver", alone, NULL, NULL);
	return rc ? 1 : 0;
}
