/*
 * test_link_scanners.c: the index and the renderer find the same links.
 * The index reads links with its own scanner (src/core/note-scan.c and
 * note-inline.c), the renderer from cmark-gfm's tree (src/render); a link
 * one sees and the other does not is a link that check, backlinks or the
 * graph count but the reader cannot follow, or the reverse. This runs both
 * over every note of the fixture vaults (tests/data/vaults), the bundled
 * notes (content/) and the Markdown of every golden case (tests/golden),
 * and requires the same links: kind (wikilink or Markdown link), target
 * and anchor, in any order. External links and embedded images are the
 * renderer's alone and are left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/note.h"
#include "core/util.h"
#include "core/vault.h"
#include "render/render.h"

struct tally {
	size_t files, links, bad;
	struct buf report;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "wiki target#anchor" or "md target#anchor", one per link, sorted. */
static char *
link_key(int wiki, const char *target, const char *anchor)
{
	return xasprintf("%s %s#%s", wiki ? "wiki" : "md", target,
	    anchor ? anchor : "");
}

static size_t
index_links(const struct note *n, char ***out)
{
	char **v = xcalloc(n->nlinks + 1, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < n->nlinks; i++) {
		const struct link *l = &n->links[i];

		if (l->kind == LINK_WIKI || l->kind == LINK_EMBED)
			v[k++] = link_key(1, l->target, l->anchor);
		else if (l->kind == LINK_MARKDOWN)
			v[k++] = link_key(0, l->target, l->anchor);
	}
	qsort(v, k, sizeof *v, cmp_str);
	*out = v;
	return k;
}

static size_t
render_links(const char *md, size_t len, char ***out)
{
	struct render_opts o = { .width = 80 };
	struct rdoc *d = render_markdown(md, len, &o);
	char **v = xcalloc(d->nlinks + 1, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < d->nlinks; i++) {
		const struct rlink *l = &d->links[i];

		if (!l->external)
			v[k++] = link_key(l->wiki, l->target, l->anchor);
	}
	rdoc_free(d);
	qsort(v, k, sizeof *v, cmp_str);
	*out = v;
	return k;
}

static void
free_keys(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Compare the two scanners on one note (data, len bytes). */
static void
compare(struct tally *t, const char *name, const char *data, size_t len)
{
	struct note *n = note_parse(name, data, len, "en");
	char **a, **b;
	size_t na, nb, i = 0, j = 0, off = n->body_offset;

	na = index_links(n, &a);
	nb = render_links(data + off, len - off, &b);
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i], b[j]);

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		buf_printf(&t->report, "%s: only the %s sees [%s]\n", name,
		    c < 0 ? "index" : "renderer", c < 0 ? a[i] : b[j]);
		t->bad++;
		if (c < 0)
			i++;
		else
			j++;
	}
	t->files++;
	t->links += na;
	free_keys(a, na);
	free_keys(b, nb);
	note_free(n);
}

static int
each_note(const struct vault_file *f, void *arg)
{
	char *data, *cause = NULL;
	size_t len;

	if (read_file(f->abspath, 0, &data, &len, &cause) < 0)
		fail_msg("%s", cause);
	compare(arg, f->abspath, data, len);
	free(data);
	return 0;
}

static void
walk(struct tally *t, const char *root)
{
	char *cause = NULL;

	if (vault_walk(root, each_note, NULL, t, &cause) < 0)
		fail_msg("%s: %s", root, cause);
}

/* The Markdown between "<<<" and ">>>" of a golden case. */
static void
golden(struct tally *t, const char *path)
{
	char *data, *cause = NULL, *in, *out;
	size_t len;

	if (read_file(path, 0, &data, &len, &cause) < 0)
		fail_msg("%s", cause);
	in = strstr(data, "\n<<<\n");
	out = in ? strstr(in, "\n>>>\n") : NULL;
	if (in && out)
		compare(t, path, in + 5, (size_t)(out + 1 - (in + 5)));
	free(data);
}

static void
test_same_links(void **state)
{
	struct tally t = { 0, 0, 0, BUF_INIT };
	const char *vaults[] = {
		STRATUS_SRCDIR "/tests/data/vaults/links",
		STRATUS_SRCDIR "/tests/data/vaults/explore",
		STRATUS_SRCDIR "/tests/data/vaults/query",
		STRATUS_SRCDIR "/tests/data/vaults/walk",
		STRATUS_SRCDIR "/tests/data/vaults/scanners",
		STRATUS_SRCDIR "/content",
	};
	const char *gdir = STRATUS_SRCDIR "/tests/golden";
	struct dirent *e;
	DIR *dir;
	size_t i;

	for (i = 0; i < sizeof vaults / sizeof vaults[0]; i++)
		walk(&t, vaults[i]);
	dir = opendir(gdir);
	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		char *p;

		if (!str_ends(e->d_name, ".golden"))
			continue;
		p = xasprintf("%s/%s", gdir, e->d_name);
		golden(&t, p);
		free(p);
	}
	closedir(dir);
	print_message("%zu notes, %zu links, %zu differences\n", t.files,
	    t.links, t.bad);
	if (t.bad)
		fail_msg("the index and the renderer disagree:\n%s",
		    buf_str(&t.report));
	assert_true(t.files > 100 && t.links > 300);
	buf_free(&t.report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
