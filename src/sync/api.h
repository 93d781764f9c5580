/*
 * api.h: the JSON answers of the backend's public read API, GET /graph
 * and GET /nodes/{slug}?include_body=true&language=LANG, read into remote
 * entries and nodes with the checks the DynamoDB data gets: slugs and
 * types validated, text cleaned, bodies bounded. The answers are
 * untrusted: any bytes give a result or a cause, never a crash.
 */
#ifndef STRATUS_API_H
#define STRATUS_API_H

#include <stddef.h>

#include "sync/map.h"
#include "sync/plan.h"

struct api_graph {
	struct remote_entry *nodes;	/* sorted by slug, unique, with
					 * their edges (edges_known) */
	size_t n;
	char **blocked;		/* valid slugs not to touch this time: a
				 * missing or malformed updated_at, listed
				 * twice */
	size_t nblocked;
	size_t bad_slugs;	/* nodes skipped: not a valid slug */
};

/* Read a GET /graph answer (len bytes), its nodes' strings into pool. 0,
 * or -1 with a cause when it is not a graph at all. Clear g with
 * api_graph_clear either way (pool after it). */
int api_graph_parse(const char *json, size_t len, struct strpool *pool,
    struct api_graph *g, char **cause);
void api_graph_clear(struct api_graph *g);

/*
 * Read a GET /nodes/{slug} answer for language slot lang. LANG_ES fills
 * nd (its META fields, edges and Spanish body); LANG_EN adds the English
 * body to an nd filled so, unless it is the Spanish one (the API's
 * fallback when a node has no English body). *fixed counts what was
 * neutralised. 0, or -1 with a cause when the answer cannot be used (nd
 * is then cleared).
 */
int api_node_parse(const char *json, size_t len, const char *slug, int lang,
    struct node *nd, size_t *fixed, char **cause);

#endif
