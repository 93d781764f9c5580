/*
 * test_related.c: the SQL of related notes on the fixture vault
 * (tests/data/related-vault): each signal's part of the score as stratus(1)
 * documents it, one row per note, the note's translation left out; and
 * the embeddings a sync stores: stamps, replace and drop, cosine ranking,
 * a vector of another dimension scoring 0, a vector with no note here
 * skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/index.h"
#include "core/util.h"

static struct index *
open_fixture(void)
{
	const char *data = getenv("STRATUS_TESTDATA");
	struct index_opts o;
	struct index *ix = NULL;
	struct index_stats st;
	char *cause = NULL, *rel, *vault;

	assert_non_null(data);
	rel = path_join(data, "related-vault");
	vault = path_real(rel);
	free(rel);
	assert_non_null(vault);
	memset(&o, 0, sizeof o);
	o.vault = vault;
	if (index_open(&o, &ix, &cause) < 0)
		fail_msg("open: %s", cause);
	if (index_update(ix, 0, &st, &cause) < 0)
		fail_msg("update: %s", cause);
	free(vault);
	return ix;
}

static const struct related *
find(const struct related *r, size_t n, const char *slug)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i].doc.slug, slug) == 0)
			return &r[i];
	fail_msg("%s not related", slug);
	return NULL;
}

static void
test_signals(void **state)
{
	struct index *ix = open_fixture();
	struct related *r = NULL;
	const struct related *x;
	size_t n = 0, i, j;
	char *cause = NULL, *why;

	(void)state;
	if (index_related(ix, "notes/target", 50, &r, &n, &cause) < 0)
		fail_msg("related: %s", cause);
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++) {
		assert_string_not_equal(r[i].doc.key, "notes/target");
		for (j = 0; j < i; j++)
			assert_string_not_equal(r[i].doc.key, r[j].doc.key);
		if (i)
			assert_true(r[i].score <= r[i - 1].score);
		assert_true(fabs(r[i].score - (r[i].links + r[i].tags +
		    r[i].text)) < 1e-9);
	}
	/* direct links, each way 1, shown in the vault's language */
	x = find(r, n, "linked");
	assert_true(x->links_to && x->links_here);
	assert_true(fabs(x->links - 2.0) < 1e-9);
	assert_string_equal(x->doc.lang, "en");
	/* coupling: two targets, each with two notes linking to it */
	x = find(r, n, "coupled");
	assert_true(fabs(x->links - 2.0 / log2(3.0)) < 1e-9);
	assert_int_equal(x->nshared, 2);
	assert_string_equal(x->shared[0], "anchor-one");
	/* co-citation: citer links to the note and cocited, 2 links */
	x = find(r, n, "cocited");
	assert_true(fabs(x->links - 1.0 / log2(3.0)) < 1e-9);
	assert_false(x->links_to || x->links_here);
	/* text: the best match is 1, the words named */
	x = find(r, n, "worded");
	assert_true(fabs(x->text - 1.0) < 1e-9);
	assert_int_equal(x->nwords, 2);
	why = related_reason(x);
	assert_string_equal(why, "words: firecracker, snapstart");
	free(why);
	/* tags: ln(N/df)/ln(N), N about the documents (the highest id),
	 * df 3 (target.md, target.es.md, tagged.md); "everywhere" is on
	 * every document and counts for nothing */
	x = find(r, n, "tagged");
	assert_int_equal(x->nshtags, 1);
	assert_string_equal(x->shtags[0], "rare-one");
	assert_true(x->tags > 0.3 && x->tags < 0.8);
	assert_true(x->links == 0 && x->text == 0);
	related_free(r, n);

	/* a limit */
	if (index_related(ix, "notes/target", 2, &r, &n, &cause) < 0)
		fail_msg("related: %s", cause);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].doc.slug, "linked");
	assert_string_equal(r[1].doc.slug, "coupled");
	related_free(r, n);
	index_close(ix);
}

static void
test_embeddings(void **state)
{
	static const float v_target[] = {1, 0, 0}, v_near[] = {0.9f, 0.1f, 0},
	    v_far[] = {0, 1, 0}, v_other[] = {1, 0}, v_ghost[] = {1, 0, 0};
	struct embed e[] = {
		{"target", "2026-01-01T00:00:00.000Z", "m", v_target, 3},
		{"tagged", "2026-01-01T00:00:00.000Z", "m", v_near, 3},
		{"worded", "2026-01-01T00:00:00.000Z", "m", v_far, 3},
		{"coupled", "2026-01-01T00:00:00.000Z", "m", v_other, 2},
		{"ghost", "2026-01-01T00:00:00.000Z", "m", v_ghost, 3},
	};
	struct index *ix = open_fixture();
	struct related *r = NULL;
	char **slugs, **stamps, *cause = NULL, *drop[] = {"worded"};
	size_t n = 0, i;

	(void)state;
	/* the cache of an earlier run holds them: start without */
	if (index_embed_stamps(ix, &slugs, &stamps, &n, &cause) < 0 ||
	    index_embed_store(ix, NULL, 0, slugs, n, &cause) < 0)
		fail_msg("clear: %s", cause);
	for (i = 0; i < n; i++) {
		free(slugs[i]);
		free(stamps[i]);
	}
	free(slugs);
	free(stamps);
	assert_int_equal(index_embed_count(ix), 0);
	if (index_embed_store(ix, e, 5, NULL, 0, &cause) < 0)
		fail_msg("store: %s", cause);
	assert_int_equal(index_embed_count(ix), 5);
	if (index_related_semantic(ix, "notes/target", "target", 10, &r, &n,
	    &cause) < 0)
		fail_msg("semantic: %s", cause);
	/* ghost has no note here; coupled's vector is of another size (0);
	 * worded is orthogonal (0) */
	assert_int_equal(n, 1);
	assert_string_equal(r[0].doc.slug, "tagged");
	assert_true(fabs(r[0].score - 0.9 / sqrt(0.82)) < 1e-6);
	related_free(r, n);

	/* a newer vector replaces, a slug gone is dropped */
	e[2].vec = v_near;
	e[2].generated = "2026-02-01T00:00:00.000Z";
	if (index_embed_store(ix, &e[2], 1, NULL, 0, &cause) < 0)
		fail_msg("store: %s", cause);
	if (index_embed_stamps(ix, &slugs, &stamps, &n, &cause) < 0)
		fail_msg("stamps: %s", cause);
	assert_int_equal(n, 5);
	assert_string_equal(slugs[4], "worded");
	assert_string_equal(stamps[4], "2026-02-01T00:00:00.000Z");
	for (i = 0; i < n; i++) {
		free(slugs[i]);
		free(stamps[i]);
	}
	free(slugs);
	free(stamps);
	if (index_related_semantic(ix, "notes/target", "target", 10, &r, &n,
	    &cause) < 0)
		fail_msg("semantic: %s", cause);
	assert_int_equal(n, 2);
	related_free(r, n);
	if (index_embed_store(ix, NULL, 0, drop, 1, &cause) < 0)
		fail_msg("drop: %s", cause);
	assert_int_equal(index_embed_count(ix), 4);
	index_close(ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_embeddings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
