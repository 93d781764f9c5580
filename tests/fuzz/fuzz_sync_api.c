/*
 * fuzz_sync_api.c: the read API's answers on any bytes: as GET /graph
 * (api_graph_parse) and as GET /nodes/{slug} in both languages
 * (api_node_parse). What comes out must keep api.h's promises: listed
 * nodes sorted and unique with valid slugs, usable updated_at values and
 * safe types, edges sorted, unique, valid and not to the node itself;
 * a node read is the one asked for, with clean text and bounded bodies.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strpool.h"
#include "sync/api.h"
#include "fuzz.h"

static void
check_edges(char *const *e, size_t n, const char *self)
{
	size_t i;

	for (i = 0; i < n; i++) {
		CHECK(slug_valid(e[i]));
		CHECK(strcmp(e[i], self) != 0);
		CHECK(i == 0 || strcmp(e[i - 1], e[i]) < 0);
	}
	CHECK(n <= NODE_EDGES_MAX);
}

static int
no_controls(const char *s, size_t len, int multiline)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) ||
		    c == 0x7f)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	struct api_graph g;
	struct strpool pool = STRPOOL_INIT;
	struct node nd;
	char *cause = NULL;
	size_t i, fixed = 0;
	int l;

	if (api_graph_parse(json, size, &pool, &g, &cause) < 0) {
		CHECK(cause && g.n == 0);
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < g.n; i++) {
		const struct remote_entry *e = &g.nodes[i];

		CHECK(slug_valid(e->slug));
		CHECK(updated_valid(e->updated));
		CHECK(!e->node_type || node_type_valid(e->node_type));
		CHECK(e->edges_known);
		CHECK(i == 0 || strcmp(g.nodes[i - 1].slug, e->slug) < 0);
		check_edges(e->edges, e->nedges, e->slug);
	}
	for (i = 0; i < g.nblocked; i++)
		CHECK(slug_valid(g.blocked[i]));
	api_graph_clear(&g);
	strpool_free(&pool);

	memset(&nd, 0, sizeof nd);
	for (l = 0; l < NLANGS; l++) {
		if (api_node_parse(json, size, "fuzz-node", l, &nd, &fixed,
		    &cause) < 0) {
			CHECK(cause && !nd.slug);
			free(cause);
			cause = NULL;
			break;
		}
		CHECK(strcmp(nd.slug, "fuzz-node") == 0);
		CHECK(node_type_valid(nd.node_type));
		CHECK(!nd.title || no_controls(nd.title, strlen(nd.title), 0));
		check_edges(nd.edges, nd.nedges, nd.slug);
		CHECK(!nd.body[l] || (nd.body_len[l] <= NODE_BODY_MAX &&
		    no_controls(nd.body[l], nd.body_len[l], 1)));
	}
	node_clear(&nd);
	return 0;
}
