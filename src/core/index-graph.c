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

/* --- every note and link, in one pass --------------------------------- */

static const char notemap_sql[] =
	"SELECT note, title, type, slug, id, path FROM docs"
	" ORDER BY note, lang = ?1 DESC, path";

static int
ndoc_cmp(const void *a, const void *b)
{
	const struct ndoc *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static uint32_t
notemap_add(struct notemap *m, const char *s)
{
	size_t off = m->text.len;

	buf_add(&m->text, s, strlen(s) + 1);
	return (uint32_t)off;
}

int
idx_notemap_load(struct index *ix, struct notemap *m, int paths,
    void (*row)(void *arg, sqlite3_stmt *s, size_t note), void *arg)
{
	sqlite3_stmt *s = NULL;
	size_t capdocs = 0, capnotes = 0;
	struct nnote *nt = NULL;
	struct ndoc *d;
	size_t i;
	int rc;

	memset(m, 0, sizeof *m);
	if (sqlite3_prepare_v2(ix->db, notemap_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return idx_sql_fail(ix, "reading the notes");
	idx_bind_text(s, 1, ix->default_lang);
	while ((rc = idx_row(ix, s, "reading the notes")) == 1) {
		const char *key = idx_col_str(s, 0), *path = idx_col_str(s, 5);

		if (!nt || strcmp(NOTEMAP_STR(m, nt->key), key) != 0) {
			m->notes = xgrow(m->notes, &capnotes, m->nnotes + 1,
			    sizeof *m->notes);
			nt = &m->notes[m->nnotes];
			nt->key = notemap_add(m, key);
			nt->first = 0;
			nt->doc0 = (uint32_t)m->ndocs;
			nt->ndocs = 0;
			if (row)
				row(arg, s, m->nnotes);
			m->nnotes++;
		}
		m->docs = xgrow(m->docs, &capdocs, m->ndocs + 1,
		    sizeof *m->docs);
		d = &m->docs[m->ndocs++];
		d->id = (long)sqlite3_column_int64(s, 4);
		d->note = (uint32_t)(m->nnotes - 1);
		d->path = 0;
		nt->ndocs++;
		if (paths) {
			d->path = notemap_add(m, path);
			if (nt->first == 0 || strcmp(path,
			    NOTEMAP_STR(m, nt->first)) < 0)
				nt->first = d->path;
		}
	}
	sqlite3_finalize(s);
	if (rc < 0) {
		idx_notemap_free(m);
		return -1;
	}
	m->ids = xcalloc(m->ndocs ? m->ndocs : 1, sizeof *m->ids);
	for (i = 0; i < m->ndocs; i++)
		m->ids[i] = m->docs[i].id;
	if (m->ndocs > 1)
		qsort(m->docs, m->ndocs, sizeof *m->docs, ndoc_cmp);
	/* ids are dense unless many notes came and went: then a direct
	 * table (4 bytes an id) is cheaper than a binary search a link */
	m->maxid = m->ndocs ? m->docs[m->ndocs - 1].id : 0;
	if (m->ndocs && m->docs[0].id >= 0 && m->maxid <= (long)(4 *
	    m->ndocs + 4096)) {
		m->byid = xmalloc(((size_t)m->maxid + 1) * sizeof *m->byid);
		memset(m->byid, 0xff, ((size_t)m->maxid + 1) *
		    sizeof *m->byid);
		for (i = 0; i < m->ndocs; i++)
			m->byid[m->docs[i].id] = (uint32_t)i;
	}
	return 0;
}

const struct ndoc *
idx_notemap_doc(const struct notemap *m, long id)
{
	struct ndoc want;

	if (m->byid)
		return id >= 0 && id <= m->maxid && m->byid[id] != UINT32_MAX ?
		    &m->docs[m->byid[id]] : NULL;
	want.id = id;
	if (!m->ndocs)
		return NULL;
	return bsearch(&want, m->docs, m->ndocs, sizeof *m->docs, ndoc_cmp);
}

void
idx_notemap_free(struct notemap *m)
{
	free(m->docs);
	free(m->ids);
	free(m->byid);
	free(m->notes);
	buf_free(&m->text);
	memset(m, 0, sizeof *m);
}

/* Links from one note to another, as (from << 32 | to) note numbers. */
struct pairs {
	uint64_t *v;
	size_t n, cap;
};

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One pass over the table: the unresolved links need it anyway (the
 * indexes on src and dst alone read 19 MB at 100k instead of 212 MB,
 * but counting the unresolved then reads the table too). */
static const char graph_links_sql[] =
	"SELECT src, dst, kind FROM links";

/* Every link between two notes into p, sorted, and *unresolved the
 * links to notes that reach none (unres, when not NULL: by note they
 * leave). 0 or -1. */
static int
graph_pairs(struct index *ix, const struct notemap *m, struct pairs *p,
    long *unresolved, uint32_t *unres)
{
	const struct ndoc *x, *y;
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(ix->db, graph_links_sql, -1, &s, NULL) !=
	    SQLITE_OK)
		return idx_sql_fail(ix, "reading the graph");
	while ((rc = idx_row(ix, s, "reading the graph")) == 1) {
		x = idx_notemap_doc(m, (long)sqlite3_column_int64(s, 0));
		if (sqlite3_column_type(s, 1) == SQLITE_NULL) {
			if (sqlite3_column_int(s, 2) < LINK_EXTERNAL) {
				(*unresolved)++;
				if (unres && x)
					unres[x->note]++;
			}
			continue;
		}
		y = idx_notemap_doc(m, (long)sqlite3_column_int64(s, 1));
		if (!x || !y || x->note == y->note)
			continue;
		p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
		p->v[p->n++] = (uint64_t)x->note << 32 | y->note;
	}
	sqlite3_finalize(s);
	if (rc < 0)
		return -1;
	if (p->n > 1)
		qsort(p->v, p->n, sizeof *p->v, u64_cmp);
	return 0;
}

#define PAIR_FROM(v)	((uint32_t)((v) >> 32))
#define PAIR_TO(v)	((uint32_t)(v))

static void
stream_node(void *arg, sqlite3_stmt *s, size_t note)
{
	const struct graph_sink *sink = arg;
	struct graph_node nd;

	(void)note;
	/* borrowed from the row, for the call */
	nd.key = (char *)idx_col_str(s, 0);
	nd.title = (char *)idx_col_str(s, 1);
	nd.type = (char *)idx_col_str(s, 2);
	nd.slug = (char *)idx_col_str(s, 3);
	nd.depth = 0;
	sink->node(sink->arg, &nd);
}

static int
graph_whole(struct index *ix, const struct graph_sink *sink,
    long *unresolved, long *orphans)
{
	struct notemap m;
	struct pairs p = { NULL, 0, 0 };
	unsigned char *linked;
	size_t i, j;

	if (idx_notemap_load(ix, &m, 0, stream_node, (void *)sink) < 0)
		return -1;
	if (graph_pairs(ix, &m, &p, unresolved, NULL) < 0) {
		idx_notemap_free(&m);
		free(p.v);
		return -1;
	}
	linked = xcalloc(m.nnotes ? m.nnotes : 1, 1);
	for (i = 0; i < p.n; i = j) {
		uint32_t from = PAIR_FROM(p.v[i]), to = PAIR_TO(p.v[i]);

		for (j = i + 1; j < p.n && p.v[j] == p.v[i]; j++)
			;
		linked[from] = linked[to] = 1;
		sink->edge(sink->arg, NOTEMAP_STR(&m, m.notes[from].key),
		    NOTEMAP_STR(&m, m.notes[to].key), (int)(j - i));
	}
	for (i = 0; i < m.nnotes; i++)
		if (!linked[i])
			(*orphans)++;
	free(linked);
	free(p.v);
	idx_notemap_free(&m);
	return 0;
}

/* --- a neighbourhood --------------------------------------------------- */

/* Past this many notes a neighbourhood is found in memory from one pass
 * over the links, not by four queries a note (100k notes at depth 10:
 * 30 s and 96 MB that way). */
#define AROUND_QUERY_MAX	2000

/* Every note's title, type and slug (the first document's), for the
 * nodes a neighbourhood in memory reaches. */
struct ninfo {
	uint32_t *off;		/* by note: title, type, slug in text */
	size_t cap;
	struct buf text;
};

static void
keep_info(void *arg, sqlite3_stmt *s, size_t note)
{
	struct ninfo *in = arg;
	int i;

	in->off = xgrow(in->off, &in->cap, note + 1, sizeof *in->off);
	in->off[note] = (uint32_t)in->text.len;
	for (i = 1; i <= 3; i++) {
		const char *v = idx_col_str(s, i);

		buf_add(&in->text, v, strlen(v) + 1);
	}
}

static size_t
note_find(const struct notemap *m, const char *key)
{
	size_t lo = 0, hi = m->nnotes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(NOTEMAP_STR(m, m->notes[mid].key), key);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* The notes within depth links of centre, breadth first, each note's
 * neighbours (linking or linked, merged) in key order, as the queries
 * find them; then the edges between them from each in that order. */
static int
around_mem(struct index *ix, const char *centre, int depth,
    const struct graph_sink *sink, long *unresolved, long *orphans)
{
	struct notemap m;
	struct ninfo in;
	struct pairs p = { NULL, 0, 0 };
	uint32_t *unres = NULL, *cnt = NULL, *outoff = NULL, *inoff = NULL;
	uint32_t *infrom = NULL, *order = NULL, *fill = NULL;
	int *dep = NULL;
	unsigned char *linked = NULL;
	size_t i, j, k, n, nu, norder = 0, c;
	long total = 0;
	int rc = -1;

	memset(&in, 0, sizeof in);
	if (idx_notemap_load(ix, &m, 0, keep_info, &in) < 0)
		goto done;
	n = m.nnotes;
	unres = xcalloc(n + 1, sizeof *unres);
	if (graph_pairs(ix, &m, &p, &total, unres) < 0)
		goto done;
	/* unique pairs with their counts, in place */
	cnt = xcalloc(p.n + 1, sizeof *cnt);
	for (i = 0, nu = 0; i < p.n; i = j) {
		for (j = i + 1; j < p.n && p.v[j] == p.v[i]; j++)
			;
		p.v[nu] = p.v[i];
		cnt[nu++] = (uint32_t)(j - i);
	}
	/* out: pairs of a note from outoff[note]; in: sources by target */
	outoff = xcalloc(n + 1, sizeof *outoff);
	inoff = xcalloc(n + 1, sizeof *inoff);
	for (i = 0; i < nu; i++) {
		outoff[PAIR_FROM(p.v[i]) + 1]++;
		inoff[PAIR_TO(p.v[i]) + 1]++;
	}
	for (i = 0; i < n; i++) {
		outoff[i + 1] += outoff[i];
		inoff[i + 1] += inoff[i];
	}
	infrom = xcalloc(nu + 1, sizeof *infrom);
	fill = xcalloc(n + 1, sizeof *fill);
	memcpy(fill, inoff, (n + 1) * sizeof *fill);
	for (i = 0; i < nu; i++)
		infrom[fill[PAIR_TO(p.v[i])]++] = PAIR_FROM(p.v[i]);
	dep = xmalloc((n + 1) * sizeof *dep);
	for (i = 0; i < n; i++)
		dep[i] = -1;
	order = xcalloc(n + 1, sizeof *order);
	if ((c = note_find(&m, centre)) != SIZE_MAX) {
		dep[c] = 0;
		order[norder++] = (uint32_t)c;
	}
	for (i = 0; i < norder; i++) {
		uint32_t u = order[i];
		size_t a = outoff[u], ae = outoff[u + 1];
		size_t b = inoff[u], be = inoff[u + 1];

		if (dep[u] >= depth)
			continue;
		while (a < ae || b < be) {
			uint32_t v;

			if (b >= be || (a < ae && PAIR_TO(p.v[a]) <=
			    infrom[b])) {
				v = PAIR_TO(p.v[a]);
				if (b < be && infrom[b] == v)
					b++;
				a++;
			} else
				v = infrom[b++];
			if (dep[v] < 0) {
				dep[v] = dep[u] + 1;
				order[norder++] = v;
			}
		}
	}
	for (i = 0; i < norder; i++) {
		struct graph_node nd;
		const char *info = in.text.ptr + in.off[order[i]];

		nd.key = (char *)NOTEMAP_STR(&m, m.notes[order[i]].key);
		nd.title = (char *)info;
		nd.type = nd.title + strlen(nd.title) + 1;
		nd.slug = nd.type + strlen(nd.type) + 1;
		nd.depth = dep[order[i]];
		sink->node(sink->arg, &nd);
	}
	linked = xcalloc(n + 1, 1);
	for (i = 0; i < norder; i++) {
		uint32_t u = order[i];

		*unresolved += unres[u];
		for (k = outoff[u]; k < outoff[u + 1]; k++) {
			uint32_t v = PAIR_TO(p.v[k]);

			if (dep[v] < 0)
				continue;
			linked[u] = linked[v] = 1;
			sink->edge(sink->arg, NOTEMAP_STR(&m, m.notes[u].key),
			    NOTEMAP_STR(&m, m.notes[v].key), (int)cnt[k]);
		}
	}
	for (i = 0; i < norder; i++)
		if (!linked[order[i]])
			(*orphans)++;
	rc = 0;
done:
	free(linked);
	free(order);
	free(dep);
	free(fill);
	free(infrom);
	free(inoff);
	free(outoff);
	free(cnt);
	free(unres);
	free(p.v);
	free(in.off);
	buf_free(&in.text);
	idx_notemap_free(&m);
	return rc;
}

/* The neighbourhood by queries, for the small ones: 1 when it grows
 * past AROUND_QUERY_MAX notes (g is then cleared), 0, or -1. */
static int
around_query(struct index *ix, struct gbuild *b, const char *centre,
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
		if (g->nnodes > AROUND_QUERY_MAX)
			return 1;
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
	if (g->nnodes > AROUND_QUERY_MAX)
		return 1;
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

static int
graph_around(struct index *ix, const char *centre, int depth,
    const struct graph_sink *sink, long *unresolved, long *orphans)
{
	struct graph g;
	struct gbuild b;
	size_t i;
	int rc;

	memset(&g, 0, sizeof g);
	memset(&b, 0, sizeof b);
	b.g = &g;
	rc = around_query(ix, &b, centre, depth);
	idx_fmap_free(&b.map);
	if (rc == 0) {
		graph_orphans(&g);
		for (i = 0; i < g.nnodes; i++)
			sink->node(sink->arg, &g.nodes[i]);
		for (i = 0; i < g.nedges; i++)
			sink->edge(sink->arg, g.nodes[g.edges[i].from].key,
			    g.nodes[g.edges[i].to].key, g.edges[i].count);
		*unresolved = g.unresolved;
		*orphans = g.orphans;
	}
	graph_clear(&g);
	if (rc == 1)
		rc = around_mem(ix, centre, depth, sink, unresolved, orphans);
	return rc;
}

int
index_graph_stream(struct index *ix, const char *key, int depth,
    const struct graph_sink *sink, long *unresolved, long *orphans,
    char **cause)
{
	struct doc d;
	sqlite3_stmt *s;
	char *centre = NULL;
	int rc, found;

	*unresolved = *orphans = 0;
	if (!key || !*key)
		return graph_whole(ix, sink, unresolved, orphans) < 0 ?
		    idx_take_err(ix, cause) : 0;
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
	rc = graph_around(ix, centre, depth, sink, unresolved, orphans);
	free(centre);
	return rc < 0 ? idx_take_err(ix, cause) : 0;
}

/* --- the graph in memory ---------------------------------------------- */

static void
gather_node(void *arg, const struct graph_node *n)
{
	struct gbuild *b = arg;

	gnode_add(b, n->key, n->slug, n->title, n->type, n->depth);
}

static void
gather_edge(void *arg, const char *from, const char *to, int count)
{
	struct gbuild *b = arg;
	struct fentry *x = idx_fmap_find(&b->map, from);
	struct fentry *y = idx_fmap_find(&b->map, to);

	if (x && y)
		gedge_add(b, (size_t)x->id, (size_t)y->id, count);
}

int
index_graph(struct index *ix, const char *key, int depth, struct graph *g,
    char **cause)
{
	struct gbuild b;
	struct graph_sink sink = { gather_node, gather_edge, NULL };
	int rc;

	memset(g, 0, sizeof *g);
	memset(&b, 0, sizeof b);
	b.g = g;
	sink.arg = &b;
	rc = index_graph_stream(ix, key, depth, &sink, &g->unresolved,
	    &g->orphans, cause);
	idx_fmap_free(&b.map);
	if (rc < 0)
		graph_clear(g);
	return rc;
}
