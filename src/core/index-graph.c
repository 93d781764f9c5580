/*
 * index-graph.c: the link graph from the index: the whole vault, or the
 * notes within some links of one note, with edge counts, unresolved
 * links and orphans.
 */
#include "core/index-int.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define GRAPH_DEPTH_MAX	16

/* --- graph ----------------------------------------------------------- */

void
graph_clear(struct graph *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].key);
		free(g->nodes[i].slug);
		free(g->nodes[i].title);
		free(g->nodes[i].type);
	}
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof *g);
}

struct gbuild {
	struct graph *g;
	struct fmap map;	/* note key -> node index (as id) */
	size_t capn, cape;
};

static size_t
gnode_add(struct gbuild *b, const char *key, const char *slug,
    const char *title, const char *type, int depth)
{
	struct graph_node *nd;

	b->g->nodes = xgrow(b->g->nodes, &b->capn, b->g->nnodes + 1,
	    sizeof *b->g->nodes);
	nd = &b->g->nodes[b->g->nnodes];
	nd->key = xstrdup(key);
	nd->slug = xstrdup(slug);
	nd->title = xstrdup(title);
	nd->type = xstrdup(type);
	nd->depth = depth;
	idx_fmap_add(&b->map, key, (long)b->g->nnodes, 0, 0);
	return b->g->nnodes++;
}

static void
gedge_add(struct gbuild *b, size_t from, size_t to, int count)
{
	struct graph_edge *e;

	b->g->edges = xgrow(b->g->edges, &b->cape, b->g->nedges + 1,
	    sizeof *b->g->edges);
	e = &b->g->edges[b->g->nedges++];
	e->from = from;
	e->to = to;
	e->count = count;
}

static void
graph_orphans(struct graph *g)
{
	unsigned char *deg = xcalloc(g->nnodes ? g->nnodes : 1, 1);
	size_t i;

	for (i = 0; i < g->nedges; i++) {
		deg[g->edges[i].from] = 1;
		deg[g->edges[i].to] = 1;
	}
	g->orphans = 0;
	for (i = 0; i < g->nnodes; i++)
		if (!deg[i])
			g->orphans++;
	free(deg);
}

static const char graph_nodes_sql[] =
	"SELECT note, title, type, slug FROM docs"
	" ORDER BY note, lang = ?1 DESC, path";
static const char graph_edges_sql[] =
	"SELECT s.note, t.note, count(*) FROM links l"
	" JOIN docs s ON s.id = l.src JOIN docs t ON t.id = l.dst"
	" WHERE s.note != t.note GROUP BY s.note, t.note";
static const char graph_unresolved_sql[] =
	"SELECT count(*) FROM links WHERE dst IS NULL AND kind < ?1";

static int
graph_whole(struct index *ix, struct gbuild *b)
{
	sqlite3_stmt *s = NULL;
	struct fentry *x, *y;
	char *last = NULL;
	int rc;

	if (sqlite3_prepare_v2(ix->db, graph_nodes_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return idx_sql_fail(ix, "reading the graph");
	idx_bind_text(s, 1, ix->default_lang);
	while ((rc = idx_row(ix, s, "reading the graph")) == 1) {
		if (last && strcmp(last, idx_col_str(s, 0)) == 0)
			continue;
		free(last);
		last = idx_col_dup(s, 0);
		gnode_add(b, idx_col_str(s, 0), idx_col_str(s, 3),
		    idx_col_str(s, 1), idx_col_str(s, 2), 0);
	}
	free(last);
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, graph_edges_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	while ((rc = idx_row(ix, s, "reading the graph")) == 1) {
		x = idx_fmap_find(&b->map, idx_col_str(s, 0));
		y = idx_fmap_find(&b->map, idx_col_str(s, 1));
		if (x && y)
			gedge_add(b, (size_t)x->id, (size_t)y->id,
			    sqlite3_column_int(s, 2));
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || sqlite3_prepare_v2(ix->db, graph_unresolved_sql, -1, &s,
	    NULL) != SQLITE_OK)
		goto fail;
	idx_bind_int(s, 1, LINK_EXTERNAL);
	if (idx_row(ix, s, "reading the graph") == 1)
		b->g->unresolved = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return ix->err ? -1 : 0;
fail:
	if (!ix->err)
		idx_sql_fail(ix, "reading the graph");
	sqlite3_finalize(s);
	return -1;
}

static int
graph_around(struct index *ix, struct gbuild *b, const char *centre,
    int depth)
{
	struct graph *g = b->g;
	sqlite3_stmt *s;
	struct fentry *y;
	size_t i;

	s = idx_stmt(ix, S_NODE_INFO);
	idx_bind_text(s, 1, centre);
	idx_bind_text(s, 2, ix->default_lang);
	if (idx_row(ix, s, "reading the graph") == 1)
		gnode_add(b, centre, idx_col_str(s, 2), idx_col_str(s, 0),
		    idx_col_str(s, 1), 0);
	idx_stmt_done(s);
	/* Breadth first: nodes are appended in depth order. */
	for (i = 0; i < g->nnodes && !ix->err; i++) {
		char *key;
		int d = g->nodes[i].depth;

		if (d >= depth)
			continue;
		key = xstrdup(g->nodes[i].key);
		s = idx_stmt(ix, S_NEIGHBOURS);
		idx_bind_text(s, 1, key);
		while (idx_row(ix, s, "reading the graph") == 1) {
			if (idx_fmap_find(&b->map, idx_col_str(s, 0)))
				continue;
			gnode_add(b, idx_col_str(s, 0), "", "", "", d + 1);
		}
		idx_stmt_done(s);
		free(key);
	}
	for (i = 0; i < g->nnodes && !ix->err; i++) {
		s = idx_stmt(ix, S_NODE_INFO);
		idx_bind_text(s, 1, g->nodes[i].key);
		idx_bind_text(s, 2, ix->default_lang);
		if (i > 0 && idx_row(ix, s, "reading the graph") == 1) {
			free(g->nodes[i].title);
			free(g->nodes[i].type);
			free(g->nodes[i].slug);
			g->nodes[i].title = idx_col_dup(s, 0);
			g->nodes[i].type = idx_col_dup(s, 1);
			g->nodes[i].slug = idx_col_dup(s, 2);
		}
		idx_stmt_done(s);
		s = idx_stmt(ix, S_EDGES_OF);
		idx_bind_text(s, 1, g->nodes[i].key);
		while (idx_row(ix, s, "reading the graph") == 1)
			if ((y = idx_fmap_find(&b->map,
			    idx_col_str(s, 0))) != NULL)
				gedge_add(b, i, (size_t)y->id,
				    sqlite3_column_int(s, 1));
		idx_stmt_done(s);
		s = idx_stmt(ix, S_UNRESOLVED_OF);
		idx_bind_text(s, 1, g->nodes[i].key);
		idx_bind_int(s, 2, LINK_EXTERNAL);
		if (idx_row(ix, s, "reading the graph") == 1)
			g->unresolved += (long)sqlite3_column_int64(s, 0);
		idx_stmt_done(s);
	}
	return ix->err ? -1 : 0;
}

int
index_graph(struct index *ix, const char *key, int depth, struct graph *g,
    char **cause)
{
	struct gbuild b;
	struct doc d;
	sqlite3_stmt *s;
	char *centre = NULL;
	int rc, found = 0;

	memset(g, 0, sizeof *g);
	memset(&b, 0, sizeof b);
	b.g = g;
	if (key && *key) {
		s = idx_stmt(ix, S_SLUG_EXISTS);
		idx_bind_text(s, 1, key);
		found = idx_row(ix, s, "reading the graph") == 1;
		idx_stmt_done(s);
		if (found)
			centre = xstrdup(key);
		else if (index_find(ix, key, NULL, &d, cause) == 0) {
			centre = xstrdup(d.key);
			doc_clear(&d);
		} else {
			doc_clear(&d);
			return -1;
		}
		if (depth < 0)
			depth = 1;
		if (depth > GRAPH_DEPTH_MAX)
			depth = GRAPH_DEPTH_MAX;
		rc = graph_around(ix, &b, centre, depth);
		free(centre);
	} else
		rc = graph_whole(ix, &b);
	idx_fmap_free(&b.map);
	if (rc < 0) {
		graph_clear(g);
		return idx_take_err(ix, cause);
	}
	graph_orphans(g);
	return 0;
}
