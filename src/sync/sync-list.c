/*
 * sync-list.c: listing the cloud: the nodes (a DynamoDB Query of the META
 * items, or the read API's graph) and every EDGE item and the stamp of
 * every EMBED item (one Scan).
 */
#include "sync/sync-int.h"
#include "core/pline.h"
#include "core/util.h"
#include "sync/api.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdlib.h>
#include <string.h>

#define LIST_MAX ((size_t)16 << 20)

/* STRATUS_TEST_LIST_LIMIT: the tests list the cloud a few items a page
 * (DynamoDB's Limit), so that their few notes take several pages. */
static void
list_limit(cJSON *in)
{
	long n = env_int("STRATUS_TEST_LIST_LIMIT", 1, 1000000, 0);

	if (n > 0)
		cJSON_AddNumberToObject(in, "Limit", (double)n);
}

static void
add_remote(struct run *r, const char *slug, const char *updated,
    const char *type)
{
	struct remote_entry *e;

	if (!slug_valid(slug)) {
		warnmsg("the cloud has a node whose slug is not a valid slug: "
		    "ignored");
		return;
	}
	if (!updated_valid(updated)) {
		warnmsg("node %s: updated_at is missing or malformed: left "
		    "alone this time", slug);
		scan_block(&r->sc, slug);
		return;
	}
	r->remotes = xgrow(r->remotes, &r->rcap, r->nr + 1,
	    sizeof *r->remotes);
	e = &r->remotes[r->nr++];
	memset(e, 0, sizeof *e);
	e->slug = strpool_put(&r->pool, slug, 1);
	e->updated = strpool_put(&r->pool, updated, 0);
	e->node_type = type && node_type_valid(type) ?
	    strpool_put(&r->pool, type, 1) : NULL;
}

/* A META item of the node listing: its node, to the run. */
static void
node_meta(struct run *r, const cJSON *it)
{
	const char *pk = ddb_get_s(it, "PK");

	if (pk && str_starts(pk, "NODE#"))
		add_remote(r, pk + 5, ddb_get_s(it, "updated_at"),
		    ddb_get_s(it, "node_type"));
}

/* A page of the node listing, taken as it comes (aws_req on_item): the
 * nodes from `from` on are its attempt's; one begun again takes them
 * again (their strings stay in the run's pool). */
struct node_page {
	struct run *r;
	size_t from;
	int attempt;
	int bad;	/* an item that is not JSON: the page is not */
};

static void
node_item(struct aws_req *q, const char *p, size_t n)
{
	struct node_page *pg = q->user;
	cJSON *it;

	if (pg->attempt != q->attempts) {
		pg->r->nr = pg->from;
		pg->attempt = q->attempts;
		pg->bad = 0;
	}
	if ((it = cJSON_ParseWithLength(p, n)) != NULL)
		node_meta(pg->r, it);
	pg->bad |= it == NULL;
	cJSON_Delete(it);
}

/*
 * The nodes of the table: a Query of GSI1 for the META items, a page at a
 * time, each page's items taken as they come (a page is 1 MB of text and
 * 4 MB once parsed, and their pieces among the nodes kept made 12 MB of
 * heap for 7 MB of nodes at 100,000 notes).
 */
int
list_ddb(struct run *r, char **cause)
{
	cJSON *start = NULL;
	struct pline pl;
	int pages = 0;

	pline_init(&pl, r->o->progress, -1);
	do {
		cJSON *in = cJSON_CreateObject(), *out, *v, *it;
		struct node_page pg = {r, r->nr, 0, 0};
		struct aws_req *q;

		cJSON_AddStringToObject(in, "TableName", r->table);
		cJSON_AddStringToObject(in, "IndexName", "GSI1");
		cJSON_AddStringToObject(in, "KeyConditionExpression",
		    "SK = :m");
		v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
		ddb_put_s(v, ":m", "META");
		cJSON_AddStringToObject(in, "ProjectionExpression",
		    "PK, updated_at, node_type");
		list_limit(in);
		if (start)
			cJSON_AddItemToObject(in, "ExclusiveStartKey", start);
		start = NULL;
		q = ddb_prepare(r->aws, "Query", in);
		cJSON_Delete(in);
		q->user = &pg;
		q->on_item = node_item;
		aws_run(r->aws, &q, 1);
		if (pg.attempt != q->attempts) {	/* (none came this
							 * attempt) */
			r->nr = pg.from;
			pg.bad = 0;
		}
		out = q->rc == AWS_OK && !pg.bad ? cJSON_ParseWithLength(
		    buf_str(&q->resp), q->resp.len) : NULL;
		if (!out) {
			fail(cause, "listing the nodes of %s: %s", r->table,
			    q->rc != AWS_OK ? q->cause :
			    "the answer is not JSON");
			aws_req_free(q);
			pline_end(&pl);
			return -1;
		}
		aws_req_free(q);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items"))
			node_meta(r, it);
		pline_count(&pl, "stratus sync: listing the nodes:", r->nr, 0,
		    "nodes");
		v = cJSON_GetObjectItem(out, "LastEvaluatedKey");
		if (v)
			start = cJSON_Duplicate(v, 1);
		cJSON_Delete(out);
	} while (start && ++pages < 10000);
	pline_end(&pl);
	cJSON_Delete(start);
	if (r->nr) {	/* (held to the end of the run: no room to spare) */
		r->remotes = xrealloc(r->remotes, r->nr * sizeof *r->remotes);
		r->rcap = r->nr;
	}
	return 0;
}

/* The read API's graph: its nodes, and their edges (exact, for free). */
int
list_api(struct run *r, char **cause)
{
	char *url = xasprintf("%s/graph", r->api);
	struct aws_req *q = http_prepare(r->aws, url, LIST_MAX);
	struct api_graph g;
	size_t i;

	free(url);
	aws_run(r->aws, &q, 1);
	if (q->rc != AWS_OK) {
		fail(cause, "listing the nodes: %s", q->cause);
		aws_req_free(q);
		return -1;
	}
	if (api_graph_parse(buf_str(&q->resp), q->resp.len, &r->pool, &g,
	    cause) < 0) {
		aws_req_free(q);
		api_graph_clear(&g);
		return -1;
	}
	aws_req_free(q);
	if (g.bad_slugs)
		warnmsg("the graph has %zu node%s whose slug is not a valid "
		    "slug: ignored", g.bad_slugs, g.bad_slugs == 1 ? "" : "s");
	for (i = 0; i < g.nblocked; i++) {
		warnmsg("node %s: updated_at is missing or malformed, or it "
		    "is listed twice: left alone this time", g.blocked[i]);
		scan_block(&r->sc, g.blocked[i]);
	}
	r->remotes = g.nodes;
	r->nr = r->rcap = g.n;
	g.nodes = NULL;
	g.n = 0;
	api_graph_clear(&g);
	return 0;
}

/* The Scan of list_edges: its segments, and the pages of a round. */
struct edge_scan {
	struct run *r;
	cJSON **start;		/* per segment: where its next page starts */
	int *more;		/* ... it has one */
	int rc;
	char **cause;
	struct pline pl;	/* the edges listed so far */
	size_t nedges;
};

/* An item of a page as it came: an edge of listed node k, or the stamp
 * (at) of an EMBED item of node slug. */
struct page_item {
	size_t k;		/* SIZE_MAX: an EMBED's */
	char *slug;		/* the run's pool's */
	char *at;
};

/* A page of a round: its items, taken as its answer comes (aws_req
 * on_item) and kept apart until it has come whole, since an attempt that
 * breaks off gives them again with the next. */
struct edge_page {
	struct edge_scan *x;
	size_t seg;
	int attempt;		/* the one the items are of */
	int bad;		/* an item that is not JSON: the page is not */
	struct page_item *it;
	size_t n, cap;
};

/* Forget the items of pg. */
static void
page_drop(struct edge_page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++)
		free(pg->it[i].at);
	free(pg->it);
	pg->it = NULL;
	pg->n = pg->cap = 0;
	pg->bad = 0;
}

/* Keep item it of pg, when it is an EMBED's stamp or an edge of a listed
 * node (not to itself). */
static void
page_keep(struct edge_page *pg, const cJSON *it)
{
	struct run *r = pg->x->r;
	const char *pk = ddb_get_s(it, "PK"), *sk = ddb_get_s(it, "SK");
	const char *at;
	struct remote_entry *e;
	struct page_item *pi;

	if (!pk || !sk || !str_starts(pk, "NODE#"))
		return;
	if (strcmp(sk, "EMBED") == 0) {
		if (!slug_valid(pk + 5))
			return;
		at = ddb_get_s(it, "generated_at");
		e = NULL;
	} else if (!str_starts(sk, "EDGE#") || !slug_valid(sk + 5) ||
	    !(e = remote_find(r->remotes, r->nr, pk + 5)) ||
	    strcmp(e->slug, sk + 5) == 0)
		return;
	pg->it = xgrow(pg->it, &pg->cap, pg->n + 1, sizeof *pg->it);
	pi = &pg->it[pg->n++];
	if (!e) {
		pi->k = SIZE_MAX;
		pi->slug = strpool_put(&r->pool, pk + 5, 1);
		pi->at = xstrdup(at ? at : "");
	} else {
		pi->k = (size_t)(e - r->remotes);
		pi->slug = strpool_put(&r->pool, sk + 5, 1);
		pi->at = NULL;
	}
}

/* The items of a page that has come whole, to the run: the listed
 * nodes' edges, the EMBED stamps. */
static void
page_commit(struct edge_page *pg)
{
	struct edge_scan *x = pg->x;
	struct run *r = x->r;
	size_t i, j, m, n;

	for (i = 0; i < pg->n; i += m) {
		struct page_item *pi = &pg->it[i];
		struct remote_entry *e;

		m = 1;
		if (pi->k == SIZE_MAX) {
			r->embeds = xgrow(r->embeds, &r->ecap, r->nembeds + 1,
			    sizeof *r->embeds);
			r->embeds_at = xrealloc(r->embeds_at, r->ecap *
			    sizeof *r->embeds_at);
			r->embeds[r->nembeds] = xstrdup(pi->slug);
			r->embeds_at[r->nembeds++] = pi->at;
			pi->at = NULL;
			continue;
		}
		/* a node's edges come together (one partition, in SK
		 * order): its array grows once a page, to the size it takes
		 * (100,000 arrays of spare room before) */
		while (i + m < pg->n && pg->it[i + m].k == pi->k)
			m++;
		e = &r->remotes[pi->k];
		n = e->nedges + m > NODE_EDGES_MAX ? NODE_EDGES_MAX -
		    e->nedges : m;
		if (n == 0)
			continue;
		e->edges = xrealloc(e->edges, (e->nedges + n) *
		    sizeof *e->edges);
		for (j = 0; j < n; j++)
			e->edges[e->nedges++] = pg->it[i + j].slug;
		x->nedges += n;
	}
	page_drop(pg);
}

/* An item of a page as it comes (aws_req on_item). */
static void
page_item(struct aws_req *q, const char *p, size_t n)
{
	struct edge_page *pg = q->user;
	cJSON *it;

	if (pg->attempt != q->attempts) {	/* a page begun again */
		page_drop(pg);
		pg->attempt = q->attempts;
	}
	if ((it = cJSON_ParseWithLength(p, n)) != NULL)
		page_keep(pg, it);
	pg->bad |= it == NULL;
	cJSON_Delete(it);
}

/* A page has come (aws_req on_done): its items taken (those that did not
 * come one at a time, too), its answer freed at once (a round of 16 pages
 * held 8 MB at 100,000 notes, and each 4 MB more once parsed, before its
 * items came one at a time). */
static void
edge_page_done(struct aws_req *q)
{
	struct edge_page *pg = q->user;
	struct edge_scan *x = pg->x;
	cJSON *out, *it, *last;

	if (pg->attempt != q->attempts)	/* (none came this attempt) */
		page_drop(pg);
	if (q->rc != AWS_OK) {
		page_drop(pg);
		if (x->rc == 0)
			fail(x->cause, "listing the edges of %s: %s",
			    x->r->table, q->cause);
		x->rc = -1;
		return;
	}
	out = pg->bad ? NULL : cJSON_ParseWithLength(buf_str(&q->resp),
	    q->resp.len);
	buf_free(&q->resp);
	if (!out) {	/* (its edges unknown: not compared) */
		page_drop(pg);
		if (x->rc == 0)
			fail(x->cause, "listing the edges of %s: the answer is "
			    "not JSON", x->r->table);
		x->rc = -1;
		return;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items"))
		page_keep(pg, it);
	page_commit(pg);
	last = cJSON_GetObjectItem(out, "LastEvaluatedKey");
	if (last) {
		x->start[pg->seg] = cJSON_Duplicate(last, 1);
		x->more[pg->seg] = 1;
	}
	cJSON_Delete(out);
	pline_count(&x->pl, "stratus sync: listing the edges:", x->nedges, 0,
	    "edges");
}

/* The Scan request of segment i (of nseg), from where it stopped. */
static struct aws_req *
edge_request(struct edge_scan *x, size_t i, size_t nseg)
{
	cJSON *in = cJSON_CreateObject(), *v;
	struct aws_req *q;

	cJSON_AddStringToObject(in, "TableName", x->r->table);
	cJSON_AddStringToObject(in, "FilterExpression",
	    "begins_with(SK, :e) OR SK = :b");
	v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
	ddb_put_s(v, ":e", "EDGE#");
	ddb_put_s(v, ":b", "EMBED");
	cJSON_AddStringToObject(in, "ProjectionExpression",
	    "PK, SK, generated_at");
	cJSON_AddBoolToObject(in, "ConsistentRead", 1);
	list_limit(in);
	if (nseg > 1) {
		cJSON_AddNumberToObject(in, "Segment", (double)i);
		cJSON_AddNumberToObject(in, "TotalSegments", (double)nseg);
	}
	if (x->start[i]) {
		cJSON_AddItemToObject(in, "ExclusiveStartKey", x->start[i]);
		x->start[i] = NULL;
	}
	q = ddb_prepare(x->r->aws, "Scan", in);
	cJSON_Delete(in);
	q->on_item = page_item;
	q->on_done = edge_page_done;
	return q;
}

/*
 * Every EDGE item of the table as the listed nodes' edges, and the stamp
 * of every EMBED item: a Scan that returns only PK and SK (and an EMBED's
 * generated_at, never its vector) but reads the whole table anyway (one
 * request per MB of it, EMBED items included), in parallel segments for a
 * large table.
 */
int
list_edges(struct run *r, char **cause)
{
	size_t nseg = 1 + r->nr / 2000, i, nq;
	struct edge_scan x;
	struct edge_page *pages;
	struct aws_req **q;
	int rounds = 0;

	if (nseg > 16)
		nseg = 16;
	memset(&x, 0, sizeof x);
	x.r = r;
	x.cause = cause;
	x.start = xcalloc(nseg, sizeof *x.start);
	x.more = xcalloc(nseg, sizeof *x.more);
	pline_init(&x.pl, r->o->progress, -1);
	pages = xcalloc(nseg, sizeof *pages);
	q = xcalloc(nseg, sizeof *q);
	for (i = 0; i < nseg; i++)
		x.more[i] = 1;
	for (;;) {
		for (i = 0, nq = 0; i < nseg; i++) {
			if (!x.more[i])
				continue;
			x.more[i] = 0;
			memset(&pages[nq], 0, sizeof pages[nq]);
			pages[nq].x = &x;
			pages[nq].seg = i;
			q[nq] = edge_request(&x, i, nseg);
			q[nq]->user = &pages[nq];
			nq++;
		}
		if (nq == 0)
			break;
		aws_run(r->aws, q, nq);
		for (i = 0; i < nq; i++)
			aws_req_free(q[i]);
		if (x.rc < 0 || ++rounds >= 100000)
			break;
	}
	for (i = 0; i < r->nr; i++) {
		remote_entry_sort(&r->remotes[i]);
		r->remotes[i].edges_known = x.rc == 0;
	}
	r->embeds_known = x.rc == 0;
	pline_end(&x.pl);
	for (i = 0; i < nseg; i++)
		cJSON_Delete(x.start[i]);
	free(x.start);
	free(x.more);
	free(pages);
	free(q);
	return x.rc;
}
