/* api.c: the read API's JSON answers as remote entries and nodes (api.h). */
#include "sync/api.h"
#include "core/strpool.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *
str_field(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
block(struct api_graph *g, size_t *cap, const char *slug)
{
	size_t i;

	for (i = 0; i < g->nblocked; i++)
		if (strcmp(g->blocked[i], slug) == 0)
			return;
	g->blocked = xgrow(g->blocked, cap, g->nblocked + 1,
	    sizeof *g->blocked);
	g->blocked[g->nblocked++] = xstrdup(slug);
}

int
api_graph_parse(const char *json, size_t len, struct strpool *pool,
    struct api_graph *g, char **cause)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *nodes, *edges, *x;
	size_t cap = 0, bcap = 0, i, j, k;
	int pass;

	memset(g, 0, sizeof *g);
	nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
	if (!cJSON_IsObject(root) || !cJSON_IsArray(nodes)) {
		cJSON_Delete(root);
		return fail(cause, "GET /graph: the answer is not a graph");
	}
	cJSON_ArrayForEach(x, nodes) {
		const char *id = str_field(x, "id");
		const char *u = str_field(x, "updated_at");
		const char *t = str_field(x, "node_type");
		struct remote_entry *e;

		if (!slug_valid(id)) {
			g->bad_slugs++;
			continue;
		}
		if (!updated_valid(u)) {
			block(g, &bcap, id);
			continue;
		}
		g->nodes = xgrow(g->nodes, &cap, g->n + 1, sizeof *g->nodes);
		e = &g->nodes[g->n++];
		memset(e, 0, sizeof *e);
		e->slug = strpool_put(pool, id, 1);
		e->updated = strpool_put(pool, u, 0);
		e->node_type = node_type_valid(t) ? strpool_put(pool, t, 1) :
		    NULL;
		e->edges_known = 1;
	}
	remote_entries_sort(g->nodes, g->n);
	/* a node listed twice is left alone: which one is right? */
	for (i = 0, k = 0; i < g->n; i = j) {
		j = i + 1;
		while (j < g->n && strcmp(g->nodes[i].slug,
		    g->nodes[j].slug) == 0)
			j++;
		if (j - i == 1) {
			g->nodes[k++] = g->nodes[i];
			continue;
		}
		block(g, &bcap, g->nodes[i].slug);
		while (i < j)
			remote_entry_clear(&g->nodes[i++]);
	}
	g->n = k;
	/* edges, counted first so that each list is allocated once */
	edges = cJSON_GetObjectItemCaseSensitive(root, "edges");
	for (pass = 0; pass < 2; pass++) {
		cJSON_ArrayForEach(x, edges) {
			struct remote_entry *e = remote_find(g->nodes, g->n,
			    str_field(x, "source"));
			const char *t = str_field(x, "target");

			if (!e || !slug_valid(t) || strcmp(t, e->slug) == 0)
				continue;
			if (pass == 0) {
				e->nedges++;
			} else if (e->nedges < NODE_EDGES_MAX) {
				e->edges[e->nedges++] = strpool_put(pool, t, 1);
			}
		}
		for (i = 0; pass == 0 && i < g->n; i++) {
			size_t m = g->nodes[i].nedges;

			g->nodes[i].edges = xcalloc((m < NODE_EDGES_MAX ? m :
			    NODE_EDGES_MAX) + 1, sizeof(char *));
			g->nodes[i].nedges = 0;
		}
	}
	for (i = 0; i < g->n; i++)
		remote_entry_sort(&g->nodes[i]);
	if (g->nblocked > 1)
		qsort(g->blocked, g->nblocked, sizeof *g->blocked, cmp_strp);
	cJSON_Delete(root);
	return 0;
}

void
api_graph_clear(struct api_graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n; i++)
		remote_entry_clear(&g->nodes[i]);
	free(g->nodes);
	for (i = 0; i < g->nblocked; i++)
		free(g->blocked[i]);
	free(g->blocked);
	memset(g, 0, sizeof *g);
}

/* The META fields of a plain JSON node as a DynamoDB item, for
 * node_from_item. */
static cJSON *
api_item(const cJSON *node)
{
	static const char *const names[] = {"slug", "node_type", "status",
	    "visibility", "title", "title_es", "title_en", "summary_es",
	    "summary_en", "tags", "created_at", "updated_at"};
	cJSON *item = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(node,
		    names[i]), *e;
		cJSON *a, *l;

		/* the API names the slug "id" (an older shape "slug") */
		if (i == 0 && !cJSON_IsString(f))
			f = cJSON_GetObjectItemCaseSensitive(node, "id");
		if (cJSON_IsString(f)) {
			ddb_put_s(item, names[i], f->valuestring);
			continue;
		}
		if (!cJSON_IsArray(f))
			continue;
		a = cJSON_AddObjectToObject(item, names[i]);
		l = cJSON_AddArrayToObject(a, "L");
		cJSON_ArrayForEach(e, f)
			if (cJSON_IsString(e)) {
				cJSON *s = cJSON_CreateObject();

				cJSON_AddStringToObject(s, "S", e->valuestring);
				cJSON_AddItemToArray(l, s);
			}
	}
	return item;
}

int
api_node_parse(const char *json, size_t len, const char *slug, int lang,
    struct node *nd, size_t *fixed, char **cause)
{
	cJSON *root = cJSON_ParseWithLength(json, len), *item;
	const cJSON *x;
	const char *body;
	size_t blen;
	int rc = 0;

	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		node_clear(nd);
		return fail(cause, "the answer is not a JSON object");
	}
	if (lang == LANG_ES) {
		char *why = NULL;

		item = api_item(cJSON_GetObjectItemCaseSensitive(root, "node"));
		if (node_from_item(item, nd, fixed, &why) < 0) {
			rc = fail(cause, "%s", why);
			free(why);
		} else if (strcmp(nd->slug, slug) != 0) {
			rc = fail(cause, "the answer is for another node");
		}
		cJSON_Delete(item);
		if (rc < 0)
			goto fail;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(root,
		    "edges"))
			node_add_edge(nd, str_field(x, "target"));
		node_sort_edges(nd);
	}
	body = str_field(root, "body");
	if (!body || !*body)
		goto fail;
	blen = strlen(body);
	if (blen > NODE_BODY_MAX) {
		rc = fail(cause, "%s body over 5 MB", lang_names[lang]);
		goto fail;
	}
	node_take_body(nd, lang, body, blen, NULL, fixed);
	/* the API answers with the Spanish body when there is no English
	 * one: that is no translation */
	if (lang == LANG_EN && nd->body[LANG_ES] &&
	    nd->body_len[LANG_ES] == nd->body_len[LANG_EN] &&
	    memcmp(nd->body[LANG_ES], nd->body[LANG_EN],
	    nd->body_len[LANG_EN]) == 0) {
		free(nd->body[LANG_EN]);
		nd->body[LANG_EN] = NULL;
		nd->body_len[LANG_EN] = 0;
	}
fail:
	if (rc < 0)
		node_clear(nd);
	cJSON_Delete(root);
	return rc;
}
