/*
 * sync-embed.c: the backend's embeddings brought into the index, for
 * `stratus related --semantic`. The EMBED items (PK NODE#{slug}, SK
 * EMBED) are written by the backend's enrichment, never by a client.
 * CLOUD.md does not give their attributes; the backend's schema
 * (jonmatum/serverless-second-brain, .kiro/steering/dynamodb-schema.md)
 * does: model (string), dimensions (number), vector (a list of numbers,
 * 1,024 for Titan v2), source_text, generated_at (ISO-8601). That is the
 * shape read here; tests/sync/servers.js's stand-in holds items of it.
 *
 * The Scan that lists the EDGE items returns each EMBED's generated_at
 * (the Scan reads every item anyway: no request more); only vectors new
 * or regenerated since the index got them are fetched, so a sync where
 * nothing changed makes no request for them.
 */
#include "sync/sync-int.h"
#include "core/index.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdlib.h>
#include <string.h>

#define BATCH_GET_MAX	100	/* keys of a BatchGetItem */
#define DIMS_MAX	16384
#define UNPROCESSED_ROUNDS 8

struct got {
	struct embed *e;
	size_t n, cap;
};

/* Index of s in the sorted v[0..n), or -1. */
static long
find_sorted(char *const *v, size_t n, const char *s)
{
	char *const *p;

	if (n == 0)	/* v may be NULL: bsearch must not see it */
		return -1;
	p = bsearch(&s, v, n, sizeof *v, cmp_strp);
	return p ? (long)(p - v) : -1;
}

/* One EMBED item into g; a malformed one, with a warning, as a vector of
 * no dimension (no similarity; not fetched again until it changes). */
static void
got_item(struct got *g, const cJSON *it)
{
	const char *pk = ddb_get_s(it, "PK"), *at, *model;
	const cJSON *l, *x, *d;
	float *vec = NULL;
	size_t n = 0;

	if (!pk || !str_starts(pk, "NODE#") || !slug_valid(pk + 5))
		return;
	l = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "vector"), "L");
	d = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "dimensions"), "N");
	if (!cJSON_IsArray(l) || cJSON_GetArraySize(l) < 1 ||
	    cJSON_GetArraySize(l) > DIMS_MAX || (cJSON_IsString(d) &&
	    strtol(d->valuestring, NULL, 10) != cJSON_GetArraySize(l))) {
		warnmsg("node %s: its embedding is not a list of numbers of "
		    "its dimensions: left out", pk + 5);
		goto add;
	}
	vec = xcalloc((size_t)cJSON_GetArraySize(l), sizeof *vec);
	cJSON_ArrayForEach(x, l) {
		const cJSON *num = cJSON_GetObjectItem(x, "N");

		if (!cJSON_IsString(num)) {
			warnmsg("node %s: its embedding holds a value that is "
			    "not a number: left out", pk + 5);
			free(vec);
			vec = NULL;
			n = 0;
			goto add;
		}
		vec[n++] = strtof(num->valuestring, NULL);
	}
add:
	at = ddb_get_s(it, "generated_at");
	model = ddb_get_s(it, "model");
	g->e = xgrow(g->e, &g->cap, g->n + 1, sizeof *g->e);
	g->e[g->n].slug = xstrdup(pk + 5);
	g->e[g->n].generated = xstrdup(at ? at : "");
	g->e[g->n].model = xstrdup(model ? model : "");
	g->e[g->n].vec = vec;
	g->e[g->n++].dims = n;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free((char *)g->e[i].slug);
		free((char *)g->e[i].generated);
		free((char *)g->e[i].model);
		free((float *)g->e[i].vec);
	}
	free(g->e);
}

/* BatchGetItem of the EMBED items of want[0..n), UnprocessedKeys asked
 * again. */
static int
fetch(struct run *r, char *const *want, size_t n, struct got *g,
    char **cause)
{
	cJSON *in = cJSON_CreateObject(), *req, *keys, *names;
	int round;
	size_t i;

	req = cJSON_AddObjectToObject(cJSON_AddObjectToObject(in,
	    "RequestItems"), r->table);
	keys = cJSON_AddArrayToObject(req, "Keys");
	for (i = 0; i < n; i++) {
		cJSON *k = cJSON_CreateObject();
		char *pk = xasprintf("NODE#%s", want[i]);

		ddb_put_s(k, "PK", pk);
		ddb_put_s(k, "SK", "EMBED");
		cJSON_AddItemToArray(keys, k);
		free(pk);
	}
	cJSON_AddStringToObject(req, "ProjectionExpression",
	    "PK, #v, #d, #m, generated_at");
	names = cJSON_AddObjectToObject(req, "ExpressionAttributeNames");
	cJSON_AddStringToObject(names, "#v", "vector");
	cJSON_AddStringToObject(names, "#d", "dimensions");
	cJSON_AddStringToObject(names, "#m", "model");
	for (round = 0; round < UNPROCESSED_ROUNDS; round++) {
		cJSON *out = NULL, *it, *left;

		if (ddb_call(r->aws, "BatchGetItem", in, &out, cause) !=
		    AWS_OK) {
			cJSON_Delete(in);
			return fail(cause, "reading the embeddings of %s: %s",
			    r->table, *cause);
		}
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(
		    cJSON_GetObjectItem(out, "Responses"), r->table))
			got_item(g, it);
		left = cJSON_GetObjectItem(cJSON_GetObjectItem(out,
		    "UnprocessedKeys"), r->table);
		if (!left || cJSON_GetArraySize(cJSON_GetObjectItem(left,
		    "Keys")) == 0) {
			cJSON_Delete(out);
			cJSON_Delete(in);
			return 0;
		}
		cJSON_ReplaceItemInObject(cJSON_GetObjectItem(in,
		    "RequestItems"), r->table, cJSON_Duplicate(left, 1));
		cJSON_Delete(out);
	}
	cJSON_Delete(in);
	return fail(cause, "reading the embeddings of %s: keys left "
	    "unprocessed %d times", r->table, UNPROCESSED_ROUNDS);
}

int
embed_pull(struct run *r, char **cause)
{
	struct index_opts o;
	struct index *ix = NULL;
	struct got g = {0};
	char **have = NULL, **at = NULL, **want = NULL, **drop = NULL;
	char **cloud = NULL;
	size_t nhave = 0, nwant = 0, ndrop = 0, i;
	int rc = -1;

	memset(&o, 0, sizeof o);
	o.vault = r->o->vault;
	o.default_lang = r->o->default_lang;
	o.progress = 0;
	if (index_open(&o, &ix, cause) < 0)
		return -1;
	if (index_embed_stamps(ix, &have, &at, &nhave, cause) < 0)
		goto done;
	want = xcalloc(r->nembeds + 1, sizeof *want);
	for (i = 0; i < r->nembeds; i++) {
		long k = find_sorted(have, nhave, r->embeds[i]);

		if (k < 0 || strcmp(at[k], r->embeds_at[i]) != 0)
			want[nwant++] = r->embeds[i];
	}
	cloud = xcalloc(r->nembeds + 1, sizeof *cloud);
	for (i = 0; i < r->nembeds; i++)
		cloud[i] = r->embeds[i];
	qsort(cloud, r->nembeds, sizeof *cloud, cmp_strp);
	drop = xcalloc(nhave + 1, sizeof *drop);
	for (i = 0; i < nhave; i++)
		if (find_sorted(cloud, r->nembeds, have[i]) < 0)
			drop[ndrop++] = have[i];
	for (i = 0; i < nwant; i += BATCH_GET_MAX)
		if (fetch(r, want + i, nwant - i < BATCH_GET_MAX ? nwant - i :
		    BATCH_GET_MAX, &g, cause) < 0)
			goto done;
	if ((g.n || ndrop) && index_embed_store(ix, g.e, g.n, drop, ndrop,
	    cause) < 0)
		goto done;
	rc = 0;
done:
	for (i = 0; i < nhave; i++) {
		free(have[i]);
		free(at[i]);
	}
	free(have);
	free(at);
	free(want);
	free(cloud);
	free(drop);
	got_free(&g);
	index_close(ix);
	return rc;
}
