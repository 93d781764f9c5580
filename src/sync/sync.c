/*
 * sync.c: the sync run: list, plan, then pull, push and delete (see
 * sync.h). Ordering is what makes it safe to kill at any moment:
 *   - a pulled note is written atomically, then its base is recorded;
 *   - a push records a journal entry (the updated_at it is about to write)
 *     before the conditional META write, then writes bodies and edges,
 *     then records the base; a later run that finds the journal's
 *     updated_at in the cloud knows the write was its own and completes it;
 *   - a conflict is recorded before its files are written and completed
 *     after, so a later run writes the same files again, never a second
 *     copy.
 * Edges changed in the cloud without a META change are found through the
 * cloud's cache version: when it moved since the last sync, the EDGE items
 * are listed (one Scan) and compared with the bases.
 */
#include "sync/sync.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/util.h"
#include "sync/api.h"
#include "sync/aws.h"
#include "sync/creds.h"
#include "sync/map.h"
#include "sync/plan.h"
#include "sync/scan.h"
#include "sync/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LIST_MAX ((size_t)16 << 20)
#define AUDIT_TTL (90L * 24 * 3600)
/* The cache version recorded when the edges must be listed next time. */
#define RESCAN_MARK "-list-edges-"
#define NO_ITEM SIZE_MAX

/*
 * Progress in notes: each request of a phase works for one note (owner[i]
 * the item of request i), or for a batch of 25 items (owner[] per item of
 * the batch writes, request i covering owner[25 i ...]). A note is done
 * when all its requests (or items) of the phase are.
 */
struct progress {
	const char *verb;	/* "pushing", "pulling" */
	const char *what;	/* the step, or NULL */
	const size_t *owner;
	size_t nowner, per;
	size_t total, done;
	int *left;		/* per item */
	char *counted;		/* per item */
	int active;
	double last;
	int shown, width;
};

struct run {
	const struct sync_opts *o;
	struct sync_result *res;
	struct state *st;
	struct aws *aws;
	struct aws_creds *creds;
	char *table;
	char *api;		/* read API base, no trailing slash */
	struct scan sc;
	struct remote_entry *remotes;
	size_t nr, rcap;
	struct sync_base *bases;
	size_t nb;
	struct sync_conflict *conf;
	size_t nconf;
	char **blocked;
	size_t nblocked, bcap;
	struct plan_item *items;
	size_t nitems;
	struct node *fetched;	/* per item, when fetched */
	int *have;		/* per item: 1 fetched[] is valid, 0 not
				 * fetched, -1 unusable (warned), -2 the
				 * read API says there is no such node */
	char *stamp;		/* for conflict and trash names */
	int wrote_remote;
	const char *lang;	/* vault default */
	int lock_fd;		/* .stratus/sync.lock, held while running */
	struct progress prog;
	char *cache_seen;	/* the cloud's cache version at the last sync */
	char *cache_now;	/* ... read before this run's listing ("" none) */
	int rescan;		/* a node's edges in the cloud may differ from
				 * its base after this run: list them next time */
	char *settled;		/* per item: its base or conflict recorded */
	char *conf_seen;	/* per r->conf: met again this run */
};

/* "stratus sync: pushing 120 of 340 notes (bodies)" on a terminal, at
 * most 20 times a second. */
static void
progress_show(struct run *r)
{
	struct progress *p = &r->prog;
	double now = now_seconds();
	int w;

	if (!r->o->progress || p->total < 2 || (p->done < p->total &&
	    now - p->last < 0.05))
		return;
	p->last = now;
	w = fprintf(stderr, "\rstratus sync: %s %zu of %zu notes%s%s%s   ",
	    p->verb, p->done, p->total, p->what ? " (" : "",
	    p->what ? p->what : "", p->what ? ")" : "");
	fflush(stderr);
	if (w > p->width)
		p->width = w;
	p->shown = 1;
}

/* Start counting the notes of a phase (see struct progress). */
static void
progress_begin(struct run *r, const char *verb, const char *what,
    const size_t *owner, size_t nowner, size_t per)
{
	struct progress *p = &r->prog;
	size_t i;

	p->verb = verb;
	p->what = what;
	p->owner = owner;
	p->nowner = nowner;
	p->per = per;
	p->total = p->done = 0;
	memset(p->left, 0, (r->nitems + 1) * sizeof *p->left);
	memset(p->counted, 0, r->nitems + 1);
	for (i = 0; i < nowner; i++)
		if (owner[i] < r->nitems && p->left[owner[i]]++ == 0)
			p->total++;
	p->active = 1;
	progress_show(r);
}

static void
progress_end(struct run *r)
{
	r->prog.active = 0;
	r->prog.owner = NULL;
}

/* The item a batch write request (PutRequest/DeleteRequest) is for. */
static size_t
item_of_write(struct run *r, const cJSON *w)
{
	const cJSON *x = cJSON_GetObjectItem(w, "PutRequest");
	const char *pk, *sk, *slug = NULL;
	size_t lo = 0, hi = r->nitems;

	x = x ? cJSON_GetObjectItem(x, "Item") : cJSON_GetObjectItem(
	    cJSON_GetObjectItem(w, "DeleteRequest"), "Key");
	pk = ddb_get_s(x, "PK");
	sk = ddb_get_s(x, "SK");
	if (pk && str_starts(pk, "NODE#"))
		slug = pk + 5;
	else if (sk && str_starts(sk, "NODE#"))
		slug = sk + 5;
	while (slug && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(slug, r->items[mid].slug);

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NO_ITEM;
}

static void
on_progress(void *arg, size_t i, const struct aws_req *q)
{
	struct run *r = arg;
	struct progress *p = &r->prog;
	size_t j, lo, hi, k;

	if (!p->active)
		return;
	lo = i * p->per;
	hi = lo + p->per < p->nowner ? lo + p->per : p->nowner;
	for (j = lo; j < hi; j++)
		if (p->owner[j] < r->nitems)
			p->left[p->owner[j]]--;
	if (p->per > 1 && q->rc == AWS_OK) {
		/* a batch's unprocessed items are still to be written */
		cJSON *out = cJSON_ParseWithLength(buf_str(&q->resp),
		    q->resp.len), *e;

		cJSON_ArrayForEach(e, cJSON_GetObjectItem(cJSON_GetObjectItem(
		    out, "UnprocessedItems"), r->table)) {
			k = item_of_write(r, e);
			if (k < r->nitems)
				p->left[k]++;
		}
		cJSON_Delete(out);
	}
	for (j = lo; j < hi; j++) {
		k = p->owner[j];
		if (k < r->nitems && p->left[k] <= 0 && !p->counted[k]) {
			p->counted[k] = 1;
			p->done++;
		}
	}
	progress_show(r);
}

/* Run a phase's requests, counting notes: request i is for item who[i]. */
static void
run_phase(struct run *r, const char *verb, const char *what,
    struct aws_req **q, const size_t *who, size_t nq)
{
	progress_begin(r, verb, what, who, nq, 1);
	aws_run(r->aws, q, nq);
	progress_end(r);
}

static char *
abs_path(struct run *r, const char *rel)
{
	return path_join(r->o->vault, rel);
}

/* ---------------------------------------------------------------- */
/* listing the cloud                                                  */

static int
cmp_remote(const void *a, const void *b)
{
	return strcmp(((const struct remote_entry *)a)->slug,
	    ((const struct remote_entry *)b)->slug);
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
	e->slug = xstrdup(slug);
	e->updated = xstrdup(updated);
	e->node_type = type && node_type_valid(type) ? xstrdup(type) : NULL;
}

static int
list_ddb(struct run *r, char **cause)
{
	cJSON *start = NULL;
	int pages = 0;

	do {
		cJSON *in = cJSON_CreateObject(), *out = NULL, *v, *it;

		cJSON_AddStringToObject(in, "TableName", r->table);
		cJSON_AddStringToObject(in, "IndexName", "GSI1");
		cJSON_AddStringToObject(in, "KeyConditionExpression",
		    "SK = :m");
		v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
		ddb_put_s(v, ":m", "META");
		cJSON_AddStringToObject(in, "ProjectionExpression",
		    "PK, updated_at, node_type");
		if (start)
			cJSON_AddItemToObject(in, "ExclusiveStartKey", start);
		start = NULL;
		if (ddb_call(r->aws, "Query", in, &out, cause) != AWS_OK) {
			cJSON_Delete(in);
			return fail(cause, "listing the nodes of %s: %s",
			    r->table, *cause);
		}
		cJSON_Delete(in);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items")) {
			const char *pk = ddb_get_s(it, "PK");

			if (!pk || !str_starts(pk, "NODE#"))
				continue;
			add_remote(r, pk + 5, ddb_get_s(it, "updated_at"),
			    ddb_get_s(it, "node_type"));
		}
		v = cJSON_GetObjectItem(out, "LastEvaluatedKey");
		if (v)
			start = cJSON_Duplicate(v, 1);
		cJSON_Delete(out);
	} while (start && ++pages < 10000);
	cJSON_Delete(start);
	return 0;
}

/* The read API's graph: its nodes, and their edges (exact, for free). */
static int
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
	if (api_graph_parse(buf_str(&q->resp), q->resp.len, &g, cause) < 0) {
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

static cJSON *
key_request(struct run *r, const char *pk, const char *sk)
{
	cJSON *in = cJSON_CreateObject(), *key;

	cJSON_AddStringToObject(in, "TableName", r->table);
	key = cJSON_AddObjectToObject(in, "Key");
	ddb_put_s(key, "PK", pk);
	ddb_put_s(key, "SK", sk);
	return in;
}

/*
 * The cloud's cache version (SYSTEM#config / CACHE_VERSION), which every
 * writer bumps after changing nodes or edges; "" when there is none.
 * Read before the listing, so that what it covers is in the listing.
 */
static int
read_cache_version(struct run *r, char **cause)
{
	cJSON *in = key_request(r, "SYSTEM#config", "CACHE_VERSION");
	cJSON *out = NULL, *v;
	const char *s = NULL;

	cJSON_AddBoolToObject(in, "ConsistentRead", 1);
	if (ddb_call(r->aws, "GetItem", in, &out, cause) != AWS_OK) {
		cJSON_Delete(in);
		return fail(cause, "reading the cache version of %s: %s",
		    r->table, *cause);
	}
	cJSON_Delete(in);
	v = cJSON_GetObjectItem(cJSON_GetObjectItem(out, "Item"), "version");
	if (cJSON_IsString(cJSON_GetObjectItem(v, "S")))
		s = cJSON_GetObjectItem(v, "S")->valuestring;
	else if (cJSON_IsString(cJSON_GetObjectItem(v, "N")))
		s = cJSON_GetObjectItem(v, "N")->valuestring;
	r->cache_now = xstrdup(s && updated_valid(s) ? s : "");
	cJSON_Delete(out);
	return 0;
}

static int
cmp_remote_key(const void *k, const void *e)
{
	return strcmp(k, ((const struct remote_entry *)e)->slug);
}

/*
 * Every EDGE item of the table as the listed nodes' edges: a Scan that
 * returns only PK and SK of the EDGE items but reads the whole table (one
 * request per MB of it), in parallel segments for a large table.
 */
static int
list_edges(struct run *r, char **cause)
{
	size_t nseg = 1 + r->nr / 2000, i, nq, *caps, *seg;
	cJSON **start;
	struct aws_req **q;
	int *more, rounds = 0, rc = 0;

	if (nseg > 16)
		nseg = 16;
	start = xcalloc(nseg, sizeof *start);
	more = xcalloc(nseg, sizeof *more);
	q = xcalloc(nseg, sizeof *q);
	seg = xcalloc(nseg, sizeof *seg);
	caps = xcalloc(r->nr + 1, sizeof *caps);
	for (i = 0; i < nseg; i++)
		more[i] = 1;
	for (;;) {
		for (i = 0, nq = 0; i < nseg; i++) {
			cJSON *in, *v;

			if (!more[i])
				continue;
			in = cJSON_CreateObject();
			cJSON_AddStringToObject(in, "TableName", r->table);
			cJSON_AddStringToObject(in, "FilterExpression",
			    "begins_with(SK, :e)");
			v = cJSON_AddObjectToObject(in,
			    "ExpressionAttributeValues");
			ddb_put_s(v, ":e", "EDGE#");
			cJSON_AddStringToObject(in, "ProjectionExpression",
			    "PK, SK");
			cJSON_AddBoolToObject(in, "ConsistentRead", 1);
			if (nseg > 1) {
				cJSON_AddNumberToObject(in, "Segment", (double)i);
				cJSON_AddNumberToObject(in, "TotalSegments",
				    (double)nseg);
			}
			if (start[i]) {
				cJSON_AddItemToObject(in, "ExclusiveStartKey",
				    start[i]);
				start[i] = NULL;
			}
			q[nq] = ddb_prepare(r->aws, "Scan", in);
			seg[nq++] = i;
			cJSON_Delete(in);
		}
		if (nq == 0)
			break;
		aws_run(r->aws, q, nq);
		for (i = 0; i < nq; i++) {
			cJSON *out, *it, *last;

			more[seg[i]] = 0;
			if (q[i]->rc != AWS_OK) {
				if (!rc)
					fail(cause, "listing the edges of %s: %s",
					    r->table, q[i]->cause);
				rc = -1;
				continue;
			}
			out = cJSON_ParseWithLength(buf_str(&q[i]->resp),
			    q[i]->resp.len);
			cJSON_ArrayForEach(it, cJSON_GetObjectItem(out,
			    "Items")) {
				const char *pk = ddb_get_s(it, "PK");
				const char *sk = ddb_get_s(it, "SK");
				struct remote_entry *e;
				size_t k;

				if (r->nr == 0 || !pk || !sk ||
				    !str_starts(pk, "NODE#") ||
				    !str_starts(sk, "EDGE#") ||
				    !slug_valid(sk + 5) ||
				    !(e = bsearch(pk + 5, r->remotes, r->nr,
				    sizeof *r->remotes, cmp_remote_key)) ||
				    strcmp(e->slug, sk + 5) == 0 ||
				    e->nedges >= NODE_EDGES_MAX)
					continue;
				k = (size_t)(e - r->remotes);
				e->edges = xgrow(e->edges, &caps[k],
				    e->nedges + 1, sizeof *e->edges);
				e->edges[e->nedges++] = xstrdup(sk + 5);
			}
			last = cJSON_GetObjectItem(out, "LastEvaluatedKey");
			if (last) {
				start[seg[i]] = cJSON_Duplicate(last, 1);
				more[seg[i]] = 1;
			}
			cJSON_Delete(out);
		}
		for (i = 0; i < nq; i++)
			aws_req_free(q[i]);
		if (rc < 0 || ++rounds >= 100000)
			break;
	}
	for (i = 0; i < r->nr; i++) {
		struct node tmp;

		/* sorted and unique, through the node helpers */
		memset(&tmp, 0, sizeof tmp);
		tmp.edges = r->remotes[i].edges;
		tmp.nedges = r->remotes[i].nedges;
		node_sort_edges(&tmp);
		r->remotes[i].edges = tmp.edges;
		r->remotes[i].nedges = tmp.nedges;
		r->remotes[i].edges_known = rc == 0;
	}
	for (i = 0; i < nseg; i++)
		cJSON_Delete(start[i]);
	free(start);
	free(more);
	free(q);
	free(seg);
	free(caps);
	return rc;
}

/* ---------------------------------------------------------------- */
/* fetching nodes                                                     */

static char *
body_key(const char *type, const char *slug, int lang)
{
	return xasprintf("content/%s/%s/body%s.mdx", type, slug,
	    lang == LANG_EN ? ".en" : "");
}

/*
 * The ETag to send as If-None-Match for the body in lang of item k: the
 * one last synced, when the note's file is still the one synced, so that
 * its body is that version's (cleaned as a pull cleans it).
 */
static const char *
known_etag(struct run *r, size_t k, int lang)
{
	const struct local_note *ln = r->items[k].local;
	const struct sync_base *b = r->items[k].base;

	if (!b || !ln || !b->etag[lang] || !ln->n[lang] || !ln->hash[lang] ||
	    !b->hash[lang] || strcmp(ln->hash[lang], b->hash[lang]) != 0)
		return NULL;
	return b->etag[lang];
}

/* The body of the note file of item k in lang (see known_etag). */
static void
local_body(struct run *r, size_t k, int lang, const char *etag)
{
	const struct local_note *ln = r->items[k].local;
	size_t off = ln->n[lang]->body_offset, fixed = 0;

	if (off > ln->len[lang])
		off = ln->len[lang];
	node_take_body(&r->fetched[k], lang, ln->data[lang] + off,
	    ln->len[lang] - off, etag, &fixed);
}

/*
 * Fetch the nodes of the items flagged in want[] into r->fetched. A node
 * that cannot be used (gone meanwhile, hostile, too big) is warned about
 * and left unfetched. A body whose ETag is the one last synced is not
 * downloaded again (If-None-Match). Returns 0, or -1 with cause on a
 * failed call.
 */
static int
fetch_nodes(struct run *r, const int *want, char **cause)
{
	struct aws_req **q = NULL;
	size_t *who = NULL, nq = 0, qcap = 0, wcap = 0, i;
	int rc = 0, l;

	/* the META and EDGE items (or the API's node answers) */
	for (i = 0; i < r->nitems; i++) {
		const char *slug = r->items[i].slug;

		if (!want[i])
			continue;
		q = xgrow(q, &qcap, nq + 2, sizeof *q);
		who = xgrow(who, &wcap, nq + 2, sizeof *who);
		if (r->api) {
			for (l = 0; l < NLANGS; l++) {
				char *url = xasprintf("%s/nodes/%s?include_body="
				    "true&language=%s", r->api, slug,
				    lang_names[l]);

				q[nq] = http_prepare(r->aws, url,
				    NODE_BODY_MAX * 2 + (1 << 20));
				who[nq++] = i;
				free(url);
			}
		} else {
			cJSON *in = cJSON_CreateObject(), *v, *names;
			char *pk = xasprintf("NODE#%s", slug);

			cJSON_AddStringToObject(in, "TableName", r->table);
			cJSON_AddStringToObject(in, "KeyConditionExpression",
			    "PK = :pk");
			v = cJSON_AddObjectToObject(in,
			    "ExpressionAttributeValues");
			ddb_put_s(v, ":pk", pk);
			cJSON_AddBoolToObject(in, "ConsistentRead", 1);
			cJSON_AddStringToObject(in, "ProjectionExpression",
			    "PK, SK, slug, node_type, #s, visibility, title, "
			    "title_es, title_en, summary_es, summary_en, tags, "
			    "created_at, updated_at");
			names = cJSON_AddObjectToObject(in,
			    "ExpressionAttributeNames");
			cJSON_AddStringToObject(names, "#s", "status");
			q[nq] = ddb_prepare(r->aws, "Query", in);
			who[nq++] = i;
			cJSON_Delete(in);
			free(pk);
		}
	}
	run_phase(r, "pulling", r->api ? NULL : "metadata", q, who, nq);
	for (i = 0; i < nq; i++) {
		size_t k = who[i];
		struct node *nd = &r->fetched[k];
		cJSON *out, *it, *meta = NULL;
		size_t fixed = 0;
		char *why = NULL;

		if (q[i]->rc == AWS_NOTFOUND && r->api) {
			r->have[k] = -2;	/* the API says: no such node */
			continue;
		}
		if (q[i]->rc != AWS_OK) {
			if (!rc)
				fail(cause, "%s: %s", r->items[k].slug,
				    q[i]->cause);
			rc = -1;
			continue;
		}
		if (r->have[k] < 0)
			continue;
		if (r->api) {
			int lang = (i > 0 && who[i - 1] == k) ? LANG_EN :
			    LANG_ES;

			if (lang == LANG_EN && r->have[k] <= 0)
				continue;
			if (api_node_parse(buf_str(&q[i]->resp),
			    q[i]->resp.len, r->items[k].slug, lang, nd, &fixed,
			    &why) < 0) {
				warnmsg("node %s: %s: left alone",
				    r->items[k].slug, why);
				r->have[k] = -1;
			} else {
				r->have[k] = 1;
				if (fixed)
					warnmsg("node %s: %zu invalid or "
					    "control characters neutralised",
					    nd->slug, fixed);
			}
			free(why);
			continue;
		}
		out = cJSON_ParseWithLength(buf_str(&q[i]->resp),
		    q[i]->resp.len);
		if (!out) {
			warnmsg("node %s: the answer is not JSON: left alone",
			    r->items[k].slug);
			r->have[k] = -1;
			continue;
		}
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items")) {
			const char *sk = ddb_get_s(it, "SK");

			if (sk && strcmp(sk, "META") == 0)
				meta = it;
		}
		if (!meta) {
			warnmsg("node %s: gone from the cloud during the sync: "
			    "left for the next one", r->items[k].slug);
			r->have[k] = -1;
		} else if (node_from_item(meta, nd, &fixed, &why) < 0 ||
		    strcmp(nd->slug, r->items[k].slug) != 0) {
			warnmsg("node %s: %s: left alone", r->items[k].slug,
			    why ? why : "its slug attribute is another node's");
			node_clear(nd);
			r->have[k] = -1;
		} else {
			r->have[k] = 1;
			if (fixed)
				warnmsg("node %s: %zu invalid or control "
				    "characters in its fields neutralised",
				    nd->slug, fixed);
			cJSON_ArrayForEach(it, cJSON_GetObjectItem(out,
			    "Items")) {
				const char *sk = ddb_get_s(it, "SK");

				if (sk && str_starts(sk, "EDGE#"))
					node_add_edge(nd, sk + 5);
			}
			node_sort_edges(nd);
		}
		free(why);
		cJSON_Delete(out);
	}
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	nq = 0;
	if (rc < 0 || r->api)
		goto done;
	/* the bodies, unless unchanged since the last sync */
	for (i = 0; i < r->nitems; i++) {
		if (!want[i] || r->have[i] <= 0)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = body_key(r->fetched[i].node_type,
			    r->fetched[i].slug, l);

			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			q[nq] = s3_prepare(r->aws, "GET", key, NULL, 0,
			    NODE_BODY_MAX, known_etag(r, i, l));
			q[nq]->user = (void *)(long)l;
			who[nq++] = i;
			free(key);
		}
	}
	run_phase(r, "pulling", "bodies", q, who, nq);
	for (i = 0; i < nq; i++) {
		size_t k = who[i], fixed = 0;
		int lang = (int)(long)q[i]->user;

		if (r->have[k] <= 0)
			continue;
		if (q[i]->rc == AWS_NOTFOUND)
			continue;
		if (q[i]->rc == AWS_NOTMODIFIED) {
			const char *etag = known_etag(r, k, lang);

			local_body(r, k, lang, q[i]->etag ? q[i]->etag : etag);
			r->res->bodies_skipped++;
			continue;
		}
		if (q[i]->rc == AWS_TOOBIG) {
			warnmsg("node %s: %s body over 5 MB: left alone",
			    r->items[k].slug, lang_names[lang]);
			node_clear(&r->fetched[k]);
			r->have[k] = -1;
			continue;
		}
		if (q[i]->rc != AWS_OK) {
			if (!rc)
				fail(cause, "%s: %s", r->items[k].slug,
				    q[i]->cause);
			rc = -1;
			continue;
		}
		node_take_body(&r->fetched[k], lang, buf_str(&q[i]->resp),
		    q[i]->resp.len, q[i]->etag, &fixed);
		if (fixed)
			warnmsg("node %s: %s body: %zu invalid or control "
			    "characters neutralised", r->items[k].slug,
			    lang_names[lang], fixed);
	}
done:
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	free(q);
	free(who);
	return rc;
}

/* ---------------------------------------------------------------- */
/* local writes                                                       */

/* Is rel (vault-relative, built from checked parts) safe to write? Its
 * existing parent folders must resolve inside the vault. */
static int
path_safe(struct run *r, const char *rel)
{
	char *abs = abs_path(r, rel), *dir = path_dir(abs), *real;
	size_t vl = strlen(r->o->vault);
	int ok = 0;

	if (strstr(rel, "..") || rel[0] == '/') {
		free(abs);
		free(dir);
		return 0;
	}
	/* climb to the deepest folder that exists */
	while (*dir && !(real = path_real(dir))) {
		char *up = path_dir(dir);

		free(dir);
		dir = up;
	}
	if (*dir && real) {
		ok = strncmp(real, r->o->vault, vl) == 0 &&
		    (real[vl] == '/' || real[vl] == '\0');
		free(real);
	}
	free(abs);
	free(dir);
	return ok;
}

/*
 * Where a note file goes when its node's type changed from old_type to
 * new_type: from the old type's folder to the new one's beside it
 * ("x/concepts/a.md" to "x/notes/a.md"); NULL when it stays (same type,
 * or a folder of the user's own).
 */
static char *
moved_path(const char *path, const char *old_type, const char *new_type)
{
	char *dir, *of, *nf, *p = NULL;
	const char *last;

	if (!old_type || !new_type || strcmp(old_type, new_type) == 0)
		return NULL;
	dir = path_dir(path);
	of = type_folder(old_type);
	nf = type_folder(new_type);
	last = strrchr(dir, '/');
	last = last ? last + 1 : dir;
	if (strcmp(last, of) == 0 && strcmp(of, nf) != 0)
		p = xasprintf("%.*s%s/%s", (int)(last - dir), dir, nf,
		    path_base(path));
	free(dir);
	free(of);
	free(nf);
	return p;
}

/* path, or where a type change moves it. */
static char *
placed(const char *path, const struct plan_item *it, const struct node *nd)
{
	char *m = moved_path(path, it->base ? it->base->node_type : NULL,
	    nd->node_type);

	return m ? m : xstrdup(path);
}

/* The vault-relative path a pulled language file goes to. */
static char *
target_path(struct run *r, const struct plan_item *it, const struct node *nd,
    int lang)
{
	const struct local_note *ln = it->local;
	const struct sync_base *b = it->base;
	char *dir = NULL, *p;
	int l;

	if (ln && ln->path[lang])
		return placed(ln->path[lang], it, nd);
	if (b && b->path[lang] && !ln)
		return placed(b->path[lang], it, nd);
	for (l = 0; l < NLANGS && !dir; l++)
		if (ln && ln->path[l]) {
			p = placed(ln->path[l], it, nd);
			dir = path_dir(p);
			free(p);
		}
	if (!dir)
		dir = type_folder(nd->node_type);
	if (strcmp(lang_names[lang], r->lang) == 0)
		p = xasprintf("%s%s%s.md", dir, *dir ? "/" : "", nd->slug);
	else
		p = xasprintf("%s%s%s.%s.md", dir, *dir ? "/" : "", nd->slug,
		    lang_names[lang]);
	free(dir);
	return p;
}

/* Move a vault file to .stratus/trash/STAMP/path (never unlinked). */
static int
trash(struct run *r, const char *rel, char **cause)
{
	char *from = abs_path(r, rel);
	char *to = xasprintf("%s/.stratus/trash/%s/%s", r->o->vault,
	    r->stamp, rel);
	char *dir = path_dir(to);
	int rc = 0;

	if (mkdir_p(dir, cause) < 0)
		rc = -1;
	else if (rename(from, to) < 0 && errno != ENOENT)
		rc = fail(cause, "%s: cannot move to the trash: %s", rel,
		    strerror(errno));
	free(from);
	free(to);
	free(dir);
	return rc;
}

static int
file_exists(struct run *r, const char *rel)
{
	char *abs = abs_path(r, rel);
	struct stat st;
	int e = lstat(abs, &st) == 0;

	free(abs);
	return e;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* Edges both sides have: the base after adopting. */
static void
base_edges_common(struct sync_base *b, const struct local_note *ln,
    const struct node *nd)
{
	size_t i, j, cap = 0;

	for (i = 0; ln && i < ln->nedges; i++)
		for (j = 0; j < nd->nedges; j++)
			if (strcmp(ln->edges[i], nd->edges[j]) == 0) {
				b->edges = xgrow(b->edges, &cap, b->nedges + 1,
				    sizeof *b->edges);
				b->edges[b->nedges++] = xstrdup(ln->edges[i]);
			}
}

/* Does the body of note text (len bytes) read back as nd's body? */
static int
body_round_trips(const char *text, size_t len, const struct node *nd,
    int lang)
{
	size_t yo, yl, bo;

	return fm_locate(text, len, &yo, &yl, &bo) &&
	    len - bo == nd->body_len[lang] &&
	    memcmp(text + bo, nd->body[lang], nd->body_len[lang]) == 0;
}

/*
 * Write the pulled node of item k into the vault and record its base. A
 * changed type moves the files to the new type's folder first (a rename:
 * at no moment two files or none), then they are rewritten in place.
 */
static int
apply_pull(struct run *r, size_t k, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct node *nd = &r->fetched[k];
	struct local_note *ln = it->local;
	struct sync_base b;
	char *paths[NLANGS] = {NULL, NULL};
	int l, rc = 0;
	size_t i;

	memset(&b, 0, sizeof b);
	if (!nd->body[LANG_ES] && !nd->body[LANG_EN]) {
		/* a node with no body yet still becomes a note */
		nd->body[strcmp(r->lang, "es") == 0 ? LANG_ES : LANG_EN] =
		    xstrdup("");
	}
	for (l = 0; l < NLANGS; l++) {
		if (!nd->body[l])
			continue;
		paths[l] = target_path(r, it, nd, l);
		if (!path_safe(r, paths[l])) {
			warnmsg("node %s: %s is outside the vault: left alone",
			    nd->slug, paths[l]);
			goto skip;
		}
		if ((!ln || !ln->path[l] || strcmp(ln->path[l],
		    paths[l]) != 0) && file_exists(r, paths[l]) &&
		    !(it->base && it->base->path[l] &&
		    strcmp(it->base->path[l], paths[l]) == 0 && !ln)) {
			warnmsg("node %s: %s exists and is another note: "
			    "left alone (rename one of them)", nd->slug,
			    paths[l]);
			goto skip;
		}
	}
	/* its type changed: the files follow to the new type's folder */
	for (l = 0; l < NLANGS; l++) {
		char *from, *to, *dir;

		if (!paths[l] || !ln || !ln->path[l] ||
		    strcmp(ln->path[l], paths[l]) == 0)
			continue;
		from = abs_path(r, ln->path[l]);
		to = abs_path(r, paths[l]);
		dir = path_dir(to);
		if (mkdir_p(dir, cause) < 0)
			rc = -1;
		else if (rename(from, to) < 0)
			rc = fail(cause, "%s: cannot move to %s: %s",
			    ln->path[l], paths[l], strerror(errno));
		free(from);
		free(to);
		free(dir);
		if (rc < 0)
			goto out;
	}
	b.slug = xstrdup(nd->slug);
	b.node_type = xstrdup(nd->node_type);
	b.remote_updated = xstrdup(nd->updated_at ? nd->updated_at :
	    it->remote->updated);
	for (l = 0; l < NLANGS; l++) {
		char *text, *abs, hex[65];
		size_t len;

		if (!nd->body[l]) {
			/* the cloud dropped this translation */
			if (ln && ln->path[l] && it->base &&
			    it->base->hash[l] && ln->hash[l] &&
			    strcmp(it->base->hash[l], ln->hash[l]) == 0 &&
			    trash(r, ln->path[l], cause) < 0)
				rc = -1;
			continue;
		}
		text = note_text(nd, l, ln ? ln->data[l] : NULL,
		    ln ? ln->len[l] : 0, nd->body[!l] != NULL, &len);
		abs = abs_path(r, paths[l]);
		if (write_file_atomic(abs, text, len, cause) < 0) {
			free(abs);
			free(text);
			rc = -1;
			break;
		}
		sha256_hex(text, len, hex);
		b.hash[l] = xstrdup(hex);
		b.path[l] = xstrdup(paths[l]);
		/* the ETag saves the next download only if the file holds
		 * that body exactly */
		if (nd->etag[l] && body_round_trips(text, len, nd, l))
			b.etag[l] = xstrdup(nd->etag[l]);
		free(abs);
		free(text);
	}
	if (rc == 0) {
		b.edges = xcalloc(nd->nedges + 1, sizeof *b.edges);
		for (i = 0; i < nd->nedges; i++)
			b.edges[i] = xstrdup(nd->edges[i]);
		b.nedges = nd->nedges;
		rc = state_put(r->st, &b, cause);
		r->res->pulled++;
		r->settled[k] = rc == 0;
	}
out:
	base_clear(&b);
	for (l = 0; l < NLANGS; l++)
		free(paths[l]);
	return rc;
skip:
	for (l = 0; l < NLANGS; l++)
		free(paths[l]);
	return 0;
}

/* The base a local note and a node agree on (same content). */
static int
adopt(struct run *r, size_t k, const struct node *nd, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct local_note *ln = it->local;
	struct sync_base b;
	int l, rc;

	memset(&b, 0, sizeof b);
	b.slug = xstrdup(ln->slug);
	b.node_type = xstrdup(nd->node_type);
	b.remote_updated = xstrdup(nd->updated_at ? nd->updated_at :
	    it->remote->updated);
	for (l = 0; l < NLANGS; l++) {
		set_str(&b.hash[l], ln->hash[l]);
		set_str(&b.path[l], ln->path[l]);
		set_str(&b.etag[l], nd->etag[l]);
	}
	base_edges_common(&b, ln, nd);
	/* the cloud's other edges are pulled into the note later */
	if (edges_differ(b.edges, b.nedges, nd->edges, nd->nedges, NULL, 0))
		r->rescan = 1;
	rc = state_put(r->st, &b, cause);
	base_clear(&b);
	r->res->adopted++;
	r->settled[k] = rc == 0;
	return rc;
}

static struct sync_conflict *
find_conflict(struct run *r, const char *slug)
{
	size_t i;

	for (i = 0; i < r->nconf; i++)
		if (strcmp(r->conf[i].slug, slug) == 0)
			return &r->conf[i];
	return NULL;
}

/* Move the files of a conflict that never completed to the trash. */
static int
trash_conflict_files(struct run *r, const struct sync_conflict *c,
    char **cause)
{
	int l;

	for (l = 0; l < NLANGS; l++)
		if (c->conflict_path[l] && file_exists(r, c->conflict_path[l]) &&
		    trash(r, c->conflict_path[l], cause) < 0)
			return -1;
	return 0;
}

/* The name of the cloud's version of item k's file in lang. */
static char *
conflict_name(struct run *r, const struct plan_item *it,
    const struct node *nd, int l)
{
	const struct local_note *ln = it->local;
	char *dir, *rel;

	if (ln && ln->path[l])
		dir = path_dir(ln->path[l]);
	else if (ln && ln->path[!l])
		dir = path_dir(ln->path[!l]);
	else
		dir = type_folder(nd->node_type);
	if (strcmp(lang_names[l], r->lang) == 0)
		rel = xasprintf("%s%s%s.conflict-%s.md", dir, *dir ? "/" : "",
		    it->slug, r->stamp);
	else
		rel = xasprintf("%s%s%s.conflict-%s.%s.md", dir, *dir ? "/" : "",
		    it->slug, r->stamp, lang_names[l]);
	free(dir);
	return rel;
}

/*
 * Record a conflict, with the cloud's version beside the note. The record
 * (not yet complete) is written before the files and completed after:
 * a sync stopped in between leaves it, and the next run that meets the
 * same remote version writes the same files again instead of new ones.
 */
static int
conflict(struct run *r, size_t k, const struct node *nd, const char *reason,
    char **cause)
{
	struct plan_item *it = &r->items[k];
	struct local_note *ln = it->local;
	struct sync_conflict c, *old = find_conflict(r, it->slug);
	const char *ru = nd && nd->updated_at ? nd->updated_at : "";
	int l, rc = 0, reuse = 0;

	if (old && !old->complete) {
		r->conf_seen[old - r->conf] = 1;
		reuse = strcmp(old->remote_updated ? old->remote_updated : "",
		    ru) == 0;
		/* another remote version meanwhile: the old copy goes */
		if (!reuse && trash_conflict_files(r, old, cause) < 0)
			return -1;
	}
	memset(&c, 0, sizeof c);
	c.slug = xstrdup(it->slug);
	c.reason = xstrdup(reason);
	c.remote_updated = xstrdup(ru);
	c.created = reuse && old->created ? xstrdup(old->created) : iso_now();
	for (l = 0; l < NLANGS; l++) {
		char *rel;

		if (ln && ln->path[l])
			c.path[l] = xstrdup(ln->path[l]);
		if (!nd || !nd->body[l])
			continue;
		rel = reuse && old->conflict_path[l] ?
		    xstrdup(old->conflict_path[l]) : conflict_name(r, it, nd, l);
		if (!path_safe(r, rel)) {
			free(rel);
			continue;
		}
		c.conflict_path[l] = rel;
	}
	rc = state_conflict_put(r->st, &c, cause);
	for (l = 0; l < NLANGS && rc == 0; l++) {
		char *abs, *text;
		size_t len;

		if (!c.conflict_path[l])
			continue;
		/* what a pull would write: over the note's own fields */
		text = note_text(nd, l, ln ? ln->data[l] : NULL,
		    ln ? ln->len[l] : 0, nd->body[!l] != NULL, &len);
		abs = abs_path(r, c.conflict_path[l]);
		if (write_file_atomic(abs, text, len, cause) < 0)
			rc = -1;
		free(abs);
		free(text);
	}
	if (rc == 0) {
		c.complete = 1;
		rc = state_conflict_put(r->st, &c, cause);
	}
	/* the journal entry of a push that lost is void */
	if (rc == 0 && it->base && it->base->pending) {
		struct sync_base b;

		base_copy(&b, it->base);
		free(b.pending);
		b.pending = NULL;
		if (b.remote_updated)
			rc = state_put(r->st, &b, cause);
		else
			rc = state_delete(r->st, b.slug, cause);
		base_clear(&b);
	}
	for (l = 0; l < NLANGS; l++) {
		free(c.path[l]);
		free(c.conflict_path[l]);
	}
	free(c.slug);
	free(c.reason);
	free(c.remote_updated);
	free(c.created);
	r->res->conflicts++;
	r->settled[k] = rc == 0;
	fprintf(r->o->out, "conflict: %s: %s; the cloud's version is beside it "
	    "(stratus sync resolve %s --keep local|remote)\n",
	    ln && (ln->path[0] || ln->path[1]) ? (ln->path[0] ? ln->path[0] :
	    ln->path[1]) : it->slug, reason, it->slug);
	return rc;
}

/* ---------------------------------------------------------------- */
/* pushing                                                            */

struct push {
	size_t k;		/* item */
	struct node nd;
	char *updated;		/* the updated_at written, or NULL */
	int ok;			/* META done (or not needed) */
	char *etag[NLANGS];
	char **redges;		/* the remote's edges (existing nodes) */
	size_t nredges;
	int skip;
	char *late;		/* a killed sync's write landed late */
	char *old_type;		/* the type changed: the node's until now */
};

static void
push_clear(struct push *p)
{
	size_t i;
	int l;

	node_clear(&p->nd);
	free(p->updated);
	free(p->late);
	free(p->old_type);
	for (l = 0; l < NLANGS; l++)
		free(p->etag[l]);
	for (i = 0; i < p->nredges; i++)
		free(p->redges[i]);
	free(p->redges);
}

static const char *
note_name(const struct plan_item *it)
{
	const struct local_note *ln = it->local;
	const struct sync_base *b = it->base;
	int l;

	for (l = 0; l < NLANGS; l++)
		if (ln && ln->path[l] && (!b || !ln->hash[l] ||
		    !b->hash[l] || strcmp(ln->hash[l], b->hash[l]) != 0))
			return ln->path[l];
	for (l = 0; l < NLANGS; l++)
		if (ln && ln->path[l])
			return ln->path[l];
	for (l = 0; l < NLANGS; l++)
		if (b && b->path[l])
			return b->path[l];
	return it->slug;
}

/* Check what a push would send; 0, or -1 (warned, skipped). */
static int
push_check(struct run *r, struct push *p)
{
	struct node *nd = &p->nd;
	const struct plan_item *it = &r->items[p->k];
	int l;

	const char *agreed = it->base && it->base_updated ?
	    it->base->node_type : NULL;

	/* a type of the cloud's own (from a pull) is kept as it is */
	if (!node_type_known(nd->node_type) && !(agreed &&
	    strcmp(agreed, nd->node_type) == 0)) {
		warnmsg("%s: type '%s' is not concept, note, experiment or "
		    "essay: pushed as concept", note_name(it), nd->node_type);
		set_str(&nd->node_type, "concept");
	}
	/* a new type: META says so, the bodies move to its folder */
	if (agreed && strcmp(agreed, nd->node_type) != 0)
		set_str(&p->old_type, agreed);
	if (strcmp(nd->status, "seed") != 0 &&
	    strcmp(nd->status, "growing") != 0 &&
	    strcmp(nd->status, "evergreen") != 0) {
		warnmsg("%s: status '%s' is not seed, growing or evergreen: "
		    "pushed as seed", note_name(it), nd->status);
		set_str(&nd->status, "seed");
	}
	if (nd->visibility && strcmp(nd->visibility, "public") != 0 &&
	    strcmp(nd->visibility, "private") != 0) {
		warnmsg("%s: visibility '%s' is not public or private: left "
		    "out", note_name(it), nd->visibility);
		set_str(&nd->visibility, NULL);
	}
	for (l = 0; l < NLANGS; l++)
		if (nd->body[l] && nd->body_len[l] > NODE_BODY_MAX) {
			warnmsg("%s: body over 5 MB: not pushed",
			    note_name(it));
			return -1;
		}
	return 0;
}

static cJSON *
put_request(struct run *r, const struct node *nd)
{
	cJSON *in = cJSON_CreateObject(), *item;
	char *pk = xasprintf("NODE#%s", nd->slug);

	cJSON_AddStringToObject(in, "TableName", r->table);
	item = cJSON_AddObjectToObject(in, "Item");
	ddb_put_s(item, "PK", pk);
	ddb_put_s(item, "SK", "META");
	ddb_put_s(item, "created_by", "stratus");
	node_meta_attrs(nd, item);
	cJSON_AddStringToObject(in, "ConditionExpression",
	    "attribute_not_exists(PK)");
	free(pk);
	return in;
}


/* The updated_at of a node's META now (NULL when gone). */
static int
meta_updated(struct run *r, const char *slug, char **updated, char **cause)
{
	char *pk = xasprintf("NODE#%s", slug);
	cJSON *in = key_request(r, pk, "META"), *out = NULL;
	const char *u;
	int rc;

	cJSON_AddBoolToObject(in, "ConsistentRead", 1);
	rc = ddb_call(r->aws, "GetItem", in, &out, cause);
	cJSON_Delete(in);
	free(pk);
	*updated = NULL;
	if (rc != AWS_OK)
		return -1;
	u = ddb_get_s(cJSON_GetObjectItem(out, "Item"), "updated_at");
	if (u)
		*updated = xstrdup(u);
	cJSON_Delete(out);
	return 0;
}

/*
 * BatchWriteItem the requests (PutRequest/DeleteRequest objects, taken),
 * 25 at a time, in parallel, retrying UnprocessedItems with backoff.
 * verb: count notes in the progress line ("pushing"), or NULL.
 */
static int
batch_write(struct run *r, cJSON **reqs, size_t n, const char *verb,
    char **cause)
{
	cJSON *pending = cJSON_CreateArray();
	size_t i, *owner = NULL, ocap = 0;
	int round, rc = 0;
	double delay = 0.05;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(pending, reqs[i]);
	for (round = 0; cJSON_GetArraySize(pending) > 0; round++) {
		size_t total = (size_t)cJSON_GetArraySize(pending), nb, b;
		struct aws_req **q;
		cJSON *next = cJSON_CreateArray();

		if (round >= 10) {
			rc = fail(cause, "DynamoDB BatchWriteItem: %zu items "
			    "still unprocessed after %d rounds", total, round);
			cJSON_Delete(next);
			break;
		}
		if (round > 0) {
			usleep((useconds_t)(delay * 1e6));
			delay = delay * 2 > 2 ? 2 : delay * 2;
		}
		nb = (total + 24) / 25;
		q = xcalloc(nb, sizeof *q);
		for (b = 0; b < nb; b++) {
			cJSON *in = cJSON_CreateObject(), *ri, *arr;

			ri = cJSON_AddObjectToObject(in, "RequestItems");
			arr = cJSON_AddArrayToObject(ri, r->table);
			for (i = b * 25; i < total && i < b * 25 + 25; i++)
				cJSON_AddItemToArray(arr, cJSON_Duplicate(
				    cJSON_GetArrayItem(pending, (int)i), 1));
			q[b] = ddb_prepare(r->aws, "BatchWriteItem", in);
			cJSON_Delete(in);
		}
		owner = xgrow(owner, &ocap, total + 1, sizeof *owner);
		for (i = 0; i < total; i++)
			owner[i] = item_of_write(r, cJSON_GetArrayItem(pending,
			    (int)i));
		if (verb && round == 0) {
			progress_begin(r, verb, "links", owner, total, 25);
		} else if (verb) {
			r->prog.owner = owner;
			r->prog.nowner = total;
			r->prog.active = 1;
		}
		aws_run(r->aws, q, nb);
		progress_end(r);
		for (b = 0; b < nb; b++) {
			cJSON *out, *un, *e;

			if (q[b]->rc != AWS_OK) {
				if (!rc)
					fail(cause, "%s", q[b]->cause);
				rc = -1;
				continue;
			}
			out = cJSON_ParseWithLength(buf_str(&q[b]->resp),
			    q[b]->resp.len);
			un = cJSON_GetObjectItem(cJSON_GetObjectItem(out,
			    "UnprocessedItems"), r->table);
			cJSON_ArrayForEach(e, un)
				cJSON_AddItemToArray(next,
				    cJSON_Duplicate(e, 1));
			cJSON_Delete(out);
		}
		for (b = 0; b < nb; b++)
			aws_req_free(q[b]);
		free(q);
		cJSON_Delete(pending);
		pending = next;
		if (rc < 0)
			break;
	}
	cJSON_Delete(pending);
	free(owner);
	return rc;
}

static cJSON *
put_req(cJSON *item)
{
	cJSON *w = cJSON_CreateObject(), *p;

	p = cJSON_AddObjectToObject(w, "PutRequest");
	cJSON_AddItemToObject(p, "Item", item);
	return w;
}

static cJSON *
delete_req(const char *pk, const char *sk)
{
	cJSON *w = cJSON_CreateObject(), *d, *key;

	d = cJSON_AddObjectToObject(w, "DeleteRequest");
	key = cJSON_AddObjectToObject(d, "Key");
	ddb_put_s(key, "PK", pk);
	ddb_put_s(key, "SK", sk);
	return w;
}

static cJSON *
edge_item(const char *slug, const char *target, const char *now)
{
	cJSON *item = cJSON_CreateObject(), *w;
	char *pk = xasprintf("NODE#%s", slug), *sk = xasprintf("EDGE#%s",
	    target);

	ddb_put_s(item, "PK", pk);
	ddb_put_s(item, "SK", sk);
	ddb_put_s(item, "edge_type", "related");
	w = cJSON_AddObjectToObject(item, "weight");
	cJSON_AddStringToObject(w, "N", "1.0");
	ddb_put_s(item, "created_at", now);
	ddb_put_s(item, "created_by", "stratus");
	free(pk);
	free(sk);
	return item;
}

static cJSON *
audit_item(const char *slug, const char *action, const char *when,
    const char *what)
{
	cJSON *item = cJSON_CreateObject(), *a, *m;
	char *pk = xasprintf("AUDIT#%s", when), *sk = xasprintf("NODE#%s",
	    slug);
	char ttl[32];

	ddb_put_s(item, "PK", pk);
	ddb_put_s(item, "SK", sk);
	ddb_put_s(item, "action", action);
	ddb_put_s(item, "actor", "stratus");
	a = cJSON_AddObjectToObject(item, "changes");
	m = cJSON_AddObjectToObject(a, "M");
	ddb_put_s(m, "via", "stratus sync");
	ddb_put_s(m, "what", what);
	snprintf(ttl, sizeof ttl, "%ld", (long)time(NULL) + AUDIT_TTL);
	a = cJSON_AddObjectToObject(item, "ttl");
	cJSON_AddStringToObject(a, "N", ttl);
	free(pk);
	free(sk);
	return item;
}

/* The EDGE targets of a node in the cloud, for the pushes in p[]. */
static int
remote_edges(struct run *r, struct push *p, size_t np, char **cause)
{
	struct aws_req **q = xcalloc(np + 1, sizeof *q);
	size_t *who = xcalloc(np + 1, sizeof *who), nq = 0, i;
	int rc = 0;

	for (i = 0; i < np; i++) {
		cJSON *in, *v;
		char *pk;

		if (!p[i].ok || p[i].skip || !r->items[p[i].k].remote)
			continue;
		in = cJSON_CreateObject();
		pk = xasprintf("NODE#%s", p[i].nd.slug);
		cJSON_AddStringToObject(in, "TableName", r->table);
		cJSON_AddStringToObject(in, "KeyConditionExpression",
		    "PK = :pk AND begins_with(SK, :e)");
		v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
		ddb_put_s(v, ":pk", pk);
		ddb_put_s(v, ":e", "EDGE#");
		cJSON_AddStringToObject(in, "ProjectionExpression", "SK");
		cJSON_AddBoolToObject(in, "ConsistentRead", 1);
		q[nq] = ddb_prepare(r->aws, "Query", in);
		who[nq++] = i;
		cJSON_Delete(in);
		free(pk);
	}
	{
		size_t *items = xcalloc(nq + 1, sizeof *items);

		for (i = 0; i < nq; i++)
			items[i] = p[who[i]].k;
		run_phase(r, "pushing", "reading links", q, items, nq);
		free(items);
	}
	for (i = 0; i < nq; i++) {
		struct push *pp = &p[who[i]];
		size_t cap = 0;
		cJSON *out, *it;

		if (q[i]->rc != AWS_OK) {
			if (!rc)
				fail(cause, "%s: %s", note_name(
				    &r->items[pp->k]), q[i]->cause);
			rc = -1;
			continue;
		}
		out = cJSON_ParseWithLength(buf_str(&q[i]->resp),
		    q[i]->resp.len);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items")) {
			const char *sk = ddb_get_s(it, "SK");

			if (!sk || !str_starts(sk, "EDGE#"))
				continue;
			pp->redges = xgrow(pp->redges, &cap, pp->nredges + 1,
			    sizeof *pp->redges);
			pp->redges[pp->nredges++] = xstrdup(sk + 5);
		}
		cJSON_Delete(out);
	}
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	free(q);
	free(who);
	return rc;
}

static int
has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* Run requests for the pushes p[who[i]], counting their notes. */
static void
push_phase(struct run *r, const char *what, struct aws_req **q,
    const size_t *who, size_t nq, const struct push *p)
{
	size_t *items = xcalloc(nq + 1, sizeof *items), i;

	for (i = 0; i < nq; i++)
		items[i] = p[who[i]].k;
	run_phase(r, "pushing", what, q, items, nq);
	free(items);
}

static int
do_push(struct run *r, char **cause)
{
	struct push *p = NULL;
	struct aws_req **q = NULL;
	size_t np = 0, i, nq = 0, *who = NULL, cap = 0, qcap = 0, wcap = 0;
	cJSON **batch = NULL;
	size_t nbatch = 0, bcap = 0;
	int *want = NULL, rc = 0, l, pass;
	char *now = iso_now();

	for (i = 0; i < r->nitems; i++) {
		enum sync_action a = r->items[i].act;
		struct push *pp;

		if (a != SA_PUSH && a != SA_PUSH_NEW)
			continue;
		p = xgrow(p, &cap, np + 1, sizeof *p);
		pp = &p[np++];
		memset(pp, 0, sizeof *pp);
		pp->k = i;
		node_from_local(r->items[i].local, &pp->nd);
		if (push_check(r, pp) < 0) {
			pp->skip = 1;
			continue;
		}
		if (a == SA_PUSH_NEW || r->items[i].files_changed) {
			pp->updated = iso_now();
			set_str(&pp->nd.updated_at, pp->updated);
			if (a == SA_PUSH_NEW && !pp->nd.created_at)
				set_str(&pp->nd.created_at, pp->updated);
		} else {
			pp->ok = 1;	/* links only: no META write */
		}
	}
	if (np == 0)
		goto done;
	/* the journal: the updated_at about to be written */
	if (state_begin(r->st, cause) < 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < np; i++)
		if (p[i].updated && state_set_pending(r->st, p[i].nd.slug,
		    p[i].nd.node_type, p[i].updated, cause) < 0) {
			state_rollback(r->st);
			rc = -1;
			goto done;
		}
	if (state_commit(r->st, cause) < 0) {
		rc = -1;
		goto done;
	}
	/* META, conditional on what was last seen. A second pass takes
	 * the case of a write sent by a killed sync that landed only after
	 * this one listed the table: the node then holds that sync's
	 * journal value, and the write is made again on top of it. */
	want = xcalloc(r->nitems + 1, sizeof *want);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < np; i++) {
			const struct plan_item *it = &r->items[p[i].k];
			cJSON *in;

			if (p[i].skip || !p[i].updated || p[i].ok)
				continue;
			if (pass == 1 && !p[i].late)
				continue;
			if (pass == 0 && it->act == SA_PUSH_NEW)
				in = put_request(r, &p[i].nd);
			else
				in = node_update_request(r->table, &p[i].nd,
				    pass ? p[i].late : it->base_updated);
			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			q[nq] = ddb_prepare(r->aws, pass == 0 &&
			    it->act == SA_PUSH_NEW ? "PutItem" : "UpdateItem",
			    in);
			who[nq++] = i;
			cJSON_Delete(in);
		}
		push_phase(r, "metadata", q, who, nq, p);
		for (i = 0; i < nq; i++) {
			struct push *pp = &p[who[i]];
			const struct sync_base *b = r->items[pp->k].base;
			char *u = NULL;

			if (q[i]->rc == AWS_OK) {
				pp->ok = 1;
				continue;
			}
			if (q[i]->rc == AWS_CONDITION) {
				/* our own write whose answer was lost? */
				if (meta_updated(r, pp->nd.slug, &u,
				    cause) < 0) {
					rc = -1;
					continue;
				}
				if (u && strcmp(u, pp->updated) == 0) {
					pp->ok = 1;
				} else if (pass == 0 && b &&
				    pending_has(b->pending, u)) {
					pp->late = xstrdup(u);
				} else {
					want[pp->k] = 1;	/* a conflict */
					pp->skip = 1;
				}
				free(u);
				continue;
			}
			if (!rc)
				fail(cause, "%s: %s", note_name(
				    &r->items[pp->k]), q[i]->cause);
			rc = -1;
		}
		for (i = 0; i < nq; i++)
			aws_req_free(q[i]);
		nq = 0;
		if (rc < 0)
			goto done;
	}
	/* lost races become conflicts, with the winner beside the note */
	for (i = 0; i < r->nitems; i++)
		if (want[i]) {
			r->have[i] = 0;
			node_clear(&r->fetched[i]);
		}
	if (fetch_nodes(r, want, cause) < 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < r->nitems; i++) {
		if (!want[i])
			continue;
		if (r->have[i] > 0) {
			struct node mine;

			node_from_local(r->items[i].local, &mine);
			if (node_same(&mine, &r->fetched[i]))
				rc = adopt(r, i, &r->fetched[i], cause);
			else
				rc = conflict(r, i, &r->fetched[i],
				    "the cloud's node changed during the sync",
				    cause);
			node_clear(&mine);
		} else {
			rc = conflict(r, i, NULL, "the cloud's node changed "
			    "during the sync", cause);
		}
		if (rc < 0)
			goto done;
	}
	/* the cloud's edges of nodes that existed, then bodies */
	if (remote_edges(r, p, np, cause) < 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < np; i++) {
		const struct plan_item *it = &r->items[p[i].k];

		if (!p[i].ok || p[i].skip || !p[i].updated)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = body_key(p[i].nd.node_type, p[i].nd.slug,
			    l);

			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			if (p[i].nd.body[l])
				q[nq] = s3_prepare(r->aws, "PUT", key,
				    p[i].nd.body[l], p[i].nd.body_len[l], 0,
				    NULL);
			else if (it->base && it->base->path[l] &&
			    !p[i].old_type)
				q[nq] = s3_prepare(r->aws, "DELETE", key,
				    NULL, 0, 0, NULL);
			else
				q[nq] = NULL;
			free(key);
			if (!q[nq])
				continue;
			q[nq]->user = (void *)(long)l;
			who[nq++] = i;
		}
	}
	push_phase(r, "bodies", q, who, nq, p);
	for (i = 0; i < nq; i++) {
		struct push *pp = &p[who[i]];
		int lang = (int)(long)q[i]->user;

		if (q[i]->rc == AWS_OK || q[i]->rc == AWS_NOTFOUND) {
			set_str(&pp->etag[lang], q[i]->etag);
			continue;
		}
		if (!rc)
			fail(cause, "%s: %s", note_name(&r->items[pp->k]),
			    q[i]->cause);
		rc = -1;
	}
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	nq = 0;
	if (rc < 0)
		goto done;
	/* a type changed: the META says so and the new bodies are
	 * written, so the old ones go */
	for (i = 0; i < np; i++) {
		if (!p[i].ok || p[i].skip || !p[i].updated || !p[i].old_type)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = body_key(p[i].old_type, p[i].nd.slug, l);

			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			q[nq] = s3_prepare(r->aws, "DELETE", key, NULL, 0, 0,
			    NULL);
			who[nq++] = i;
			free(key);
		}
	}
	push_phase(r, "moving bodies", q, who, nq, p);
	for (i = 0; i < nq; i++) {
		if (q[i]->rc == AWS_OK || q[i]->rc == AWS_NOTFOUND)
			continue;
		if (!rc)
			fail(cause, "%s: %s", note_name(&r->items[p[who[i]].k]),
			    q[i]->cause);
		rc = -1;
	}
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	nq = 0;
	if (rc < 0)
		goto done;
	/* edges (three-way) and audit entries, batched */
	for (i = 0; i < np; i++) {
		struct push *pp = &p[i];
		const struct plan_item *it = &r->items[pp->k];
		const struct sync_base *b = it->base;
		char *pk = xasprintf("NODE#%s", pp->nd.slug);
		size_t e;
		int changed = 0;

		if (!pp->ok || pp->skip) {
			free(pk);
			continue;
		}
		/* three ways: a link added here is added; one removed here
		 * (it was in the base) is removed; one the cloud removed
		 * since the base stays removed; others' edges stay */
		for (e = 0; e < pp->nd.nedges; e++) {
			if (has(pp->redges, pp->nredges, pp->nd.edges[e]))
				continue;
			if (b && it->remote && has(b->edges, b->nedges,
			    pp->nd.edges[e])) {
				r->rescan = 1;	/* the next pull drops it */
				continue;
			}
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = put_req(edge_item(pp->nd.slug,
			    pp->nd.edges[e], now));
			changed = 1;
		}
		for (e = 0; b && e < b->nedges; e++) {
			char *sk;

			if (has(pp->nd.edges, pp->nd.nedges, b->edges[e]) ||
			    !has(pp->redges, pp->nredges, b->edges[e]))
				continue;
			sk = xasprintf("EDGE#%s", b->edges[e]);
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = delete_req(pk, sk);
			free(sk);
			changed = 1;
		}
		/* edges of others the note does not list: the next pull
		 * brings them into it */
		for (e = 0; e < pp->nredges; e++)
			if (!has(pp->nd.edges, pp->nd.nedges, pp->redges[e]) &&
			    !(b && has(b->edges, b->nedges, pp->redges[e])))
				r->rescan = 1;
		if (pp->updated || changed) {
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = put_req(audit_item(pp->nd.slug,
			    it->act == SA_PUSH_NEW ? "create" : pp->updated ?
			    "update" : "connect", pp->updated ? pp->updated :
			    now, pp->updated ? "metadata, bodies and edges" :
			    "edges"));
		}
		free(pk);
	}
	if (nbatch > 0) {
		r->wrote_remote = 1;
		if (batch_write(r, batch, nbatch, "pushing", cause) < 0) {
			rc = -1;
			goto done;
		}
	}
	/* the new bases */
	if (state_begin(r->st, cause) < 0) {
		rc = -1;
		goto done;
	}
	for (i = 0; i < np; i++) {
		struct push *pp = &p[i];
		const struct plan_item *it = &r->items[pp->k];
		struct sync_base b;
		size_t e;

		if (!pp->ok || pp->skip)
			continue;
		memset(&b, 0, sizeof b);
		b.slug = xstrdup(pp->nd.slug);
		b.node_type = xstrdup(pp->nd.node_type);
		b.remote_updated = xstrdup(pp->updated ? pp->updated :
		    it->base_updated);
		for (l = 0; l < NLANGS; l++) {
			set_str(&b.hash[l], it->local->hash[l]);
			set_str(&b.path[l], it->local->path[l]);
			/* the ETag of exactly the body in the file, or none:
			 * bodies not sent again keep theirs */
			if (!pp->updated && it->base)
				set_str(&b.etag[l], it->base->etag[l]);
			else if (pp->nd.body[l])
				set_str(&b.etag[l], pp->etag[l]);
		}
		b.edges = xcalloc(pp->nd.nedges + 1, sizeof *b.edges);
		for (e = 0; e < pp->nd.nedges; e++)
			b.edges[e] = xstrdup(pp->nd.edges[e]);
		b.nedges = pp->nd.nedges;
		if (state_put(r->st, &b, cause) < 0) {
			base_clear(&b);
			state_rollback(r->st);
			rc = -1;
			goto done;
		}
		base_clear(&b);
		r->res->pushed++;
		r->settled[pp->k] = 1;
		if (pp->updated)
			r->wrote_remote = 1;
	}
	if (state_commit(r->st, cause) < 0)
		rc = -1;
done:
	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	free(q);
	free(who);
	for (i = 0; i < np; i++)
		push_clear(&p[i]);
	free(p);
	free(batch);
	free(want);
	free(now);
	return rc;
}

/* The journal mark of a node delete in flight. */
#define DELETE_MARK "-delete-"

/* After its META is gone: a node's EDGE items, bodies, an audit entry,
 * and its base. Safe to repeat. */
static int
finish_delete(struct run *r, const char *slug, const char *type,
    char **cause)
{
	char *pk = xasprintf("NODE#%s", slug), *e = NULL, *now = iso_now();
	cJSON *in, *v, *out = NULL, *x, **batch = NULL;
	struct aws_req *q[NLANGS];
	size_t nb = 0, cap = 0;
	int rc = 0, l;

	in = cJSON_CreateObject();
	cJSON_AddStringToObject(in, "TableName", r->table);
	cJSON_AddStringToObject(in, "KeyConditionExpression", "PK = :pk");
	v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
	ddb_put_s(v, ":pk", pk);
	cJSON_AddStringToObject(in, "ProjectionExpression", "SK");
	cJSON_AddBoolToObject(in, "ConsistentRead", 1);
	if (ddb_call(r->aws, "Query", in, &out, &e) != AWS_OK) {
		rc = fail(cause, "%s (deleted here): %s", slug, e);
		goto out;
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(out, "Items")) {
		const char *sk = ddb_get_s(x, "SK");

		if (!sk || strcmp(sk, "META") == 0)
			continue;
		batch = xgrow(batch, &cap, nb + 1, sizeof *batch);
		batch[nb++] = delete_req(pk, sk);
	}
	batch = xgrow(batch, &cap, nb + 1, sizeof *batch);
	batch[nb++] = put_req(audit_item(slug, "delete", now,
	    "node deleted"));
	if (batch_write(r, batch, nb, NULL, cause) < 0) {
		rc = -1;
		goto out;
	}
	for (l = 0; l < NLANGS; l++) {
		char *key = body_key(type, slug, l);

		q[l] = s3_prepare(r->aws, "DELETE", key, NULL, 0, 0, NULL);
		free(key);
	}
	aws_run(r->aws, q, NLANGS);
	for (l = 0; l < NLANGS; l++) {
		if (q[l]->rc != AWS_OK && q[l]->rc != AWS_NOTFOUND && rc == 0)
			rc = fail(cause, "%s (deleted here): %s", slug,
			    q[l]->cause);
		aws_req_free(q[l]);
	}
	if (rc == 0)
		rc = state_delete(r->st, slug, cause);
out:
	r->wrote_remote = 1;
	cJSON_Delete(in);
	cJSON_Delete(out);
	free(batch);
	free(pk);
	free(e);
	free(now);
	return rc;
}

static int
do_delete(struct run *r, char **cause)
{
	size_t i, *owner = xcalloc(r->nitems + 1, sizeof *owner), n = 0;
	int rc = 0;

	for (i = 0; i < r->nitems; i++)
		if (r->items[i].act == SA_DELETE_REMOTE)
			owner[n++] = i;
	/* one note at a time: the counts are kept here */
	progress_begin(r, "deleting", NULL, owner, n, 1);
	r->prog.active = 0;
	for (i = 0; i < r->nitems && rc == 0; i++) {
		struct plan_item *it = &r->items[i];
		const struct sync_base *b = it->base;
		char *pk, *e = NULL;
		cJSON *in, *v, *names;
		int crc;

		if (it->act != SA_DELETE_REMOTE)
			continue;
		/* the journal: a run killed after the META delete
		 * finishes the rest */
		if (r->prog.done++ > 0)
			progress_show(r);
		if (state_set_pending(r->st, it->slug, b->node_type,
		    DELETE_MARK, cause) < 0) {
			rc = -1;
			break;
		}
		pk = xasprintf("NODE#%s", it->slug);
		in = key_request(r, pk, "META");
		free(pk);
		cJSON_AddStringToObject(in, "ConditionExpression", "#u = :base");
		names = cJSON_AddObjectToObject(in, "ExpressionAttributeNames");
		cJSON_AddStringToObject(names, "#u", "updated_at");
		v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
		ddb_put_s(v, ":base", it->base_updated);
		crc = ddb_call(r->aws, "DeleteItem", in, NULL, &e);
		cJSON_Delete(in);
		if (crc == AWS_CONDITION) {
			warnmsg("%s: changed in the cloud since the last sync: "
			    "not deleted (the next sync pulls it back)",
			    it->slug);
			free(e);
			if (state_set_pending(r->st, it->slug, b->node_type,
			    NULL, cause) < 0) {
				rc = -1;
				break;
			}
			continue;	/* pending cleared: nothing in flight */
		}
		if (crc != AWS_OK) {
			rc = fail(cause, "%s (deleted here): %s", it->slug, e);
			free(e);
			break;
		}
		rc = finish_delete(r, it->slug, b->node_type, cause);
		if (rc == 0)
			r->res->deleted++;
	}
	if (rc == 0 && n > 0) {
		r->prog.done = n;
		progress_show(r);
	}
	progress_end(r);
	free(owner);
	return rc;
}

/*
 * Bump the cache version so that the read API rebuilds its graph: on top
 * of the version read at the start when it is still the one there (*exact
 * is then 1: no other writer came in between, and *v1 is the new value),
 * else over whatever another writer put.
 */
static int
bump_cache(struct run *r, char **v1, int *exact, char **cause)
{
	struct timespec ts;
	long long ms;
	char val[32];
	int attempt, rc = AWS_ERR;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	snprintf(val, sizeof val, "%lld", ms);
	if (r->cache_now && strcmp(val, r->cache_now) == 0)
		snprintf(val, sizeof val, "%lld", ms + 1);
	*exact = 0;
	for (attempt = r->cache_now ? 0 : 1; attempt < 2; attempt++) {
		cJSON *in = cJSON_CreateObject(), *item, *x;

		cJSON_AddStringToObject(in, "TableName", r->table);
		item = cJSON_AddObjectToObject(in, "Item");
		ddb_put_s(item, "PK", "SYSTEM#config");
		ddb_put_s(item, "SK", "CACHE_VERSION");
		ddb_put_s(item, "version", val);
		if (attempt == 0 && *r->cache_now) {
			cJSON_AddStringToObject(in, "ConditionExpression",
			    "#v = :v0");
			x = cJSON_AddObjectToObject(in,
			    "ExpressionAttributeNames");
			cJSON_AddStringToObject(x, "#v", "version");
			x = cJSON_AddObjectToObject(in,
			    "ExpressionAttributeValues");
			ddb_put_s(x, ":v0", r->cache_now);
		} else if (attempt == 0) {
			cJSON_AddStringToObject(in, "ConditionExpression",
			    "attribute_not_exists(PK)");
		}
		rc = ddb_call(r->aws, "PutItem", in, NULL, cause);
		cJSON_Delete(in);
		if (rc == AWS_OK) {
			*exact = attempt == 0;
			*v1 = xstrdup(val);
			return 0;
		}
		if (rc != AWS_CONDITION)
			break;
		free(*cause);
		*cause = NULL;
	}
	return fail(cause, "bumping the cache version: %s", *cause);
}

/*
 * After a sync: bump the cache version when this run wrote, and record
 * the version up to which every change of the cloud has been seen: the
 * new one when this run's bump went on top of the one it read, else the
 * one read (so that the next run lists the edges again), unchanged when
 * the pull half did not run, or RESCAN_MARK when some node's edges are
 * known to differ from what the note lists.
 */
static int
record_cache_version(struct run *r, char **cause)
{
	char *v1 = NULL;
	const char *seen = NULL;
	int exact = 0, rc;

	if (r->wrote_remote && bump_cache(r, &v1, &exact, cause) < 0)
		return -1;
	if (r->rescan)
		seen = RESCAN_MARK;
	else if (!r->o->pull && !(r->cache_seen &&
	    strcmp(r->cache_seen, r->cache_now) == 0))
		seen = NULL;	/* what moved was not looked at */
	else if (r->wrote_remote)
		seen = exact ? v1 : r->cache_now;
	else
		seen = r->cache_now;
	rc = seen ? state_set(r->st, "cache_version", seen, cause) : 0;
	free(v1);
	return rc;
}

/* ---------------------------------------------------------------- */
/* the run                                                            */

static int
cmp_blocked(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
setup(struct run *r, int need_aws, char **cause)
{
	const struct config *c = r->o->cfg;
	const char *region = config_get(c, "remote", "region");
	const char *api = r->o->api;
	struct aws_opts ao = {0};
	const char *t;
	long v;

	memset(&ao, 0, sizeof ao);
	if (api && *api) {
		r->api = xstrdup(api);
		while (*r->api && r->api[strlen(r->api) - 1] == '/')
			r->api[strlen(r->api) - 1] = '\0';
		ao.bearer = getenv("STRATUS_API_TOKEN");
		if (ao.bearer && !*ao.bearer)
			ao.bearer = NULL;
	} else if (need_aws) {
		const char *table = config_get(c, "remote", "table");
		const char *bucket = config_get(c, "remote", "bucket");

		if (!table || !*table || !bucket || !*bucket)
			return fail(cause, "%s: no [remote] table and bucket "
			    "(see stratus-sync(7), or use --api URL to mirror "
			    "the public graph)", c && c->path ? c->path :
			    "the config file");
		if (strlen(table) < 3)
			return fail(cause, "[remote] table '%s' is too short "
			    "(3 characters at least)", table);
		r->table = xstrdup(table);
		if (creds_load(config_get(c, "remote", "profile"), &r->creds,
		    cause) < 0)
			return -1;
		ao.creds = r->creds;
		ao.bucket = bucket;
		ao.ddb_endpoint = config_get(c, "remote", "dynamodb_endpoint");
		ao.s3_endpoint = config_get(c, "remote", "s3_endpoint");
	} else {
		return 0;
	}
	ao.region = aws_region(region);
	t = getenv("STRATUS_SYNC_TIMEOUT");
	if (t && parse_int(t, 1, 3600, &v) == 0) {
		ao.timeout_ms = v * 1000;
		ao.max_seconds = (double)v * 3;
	}
	return aws_new(&ao, &r->aws, cause);
}

static void
run_clear(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nitems && r->fetched; i++)
		node_clear(&r->fetched[i]);
	free(r->fetched);
	free(r->have);
	free(r->items);
	for (i = 0; i < r->nr; i++)
		remote_entry_clear(&r->remotes[i]);
	free(r->remotes);
	free(r->prog.left);
	free(r->prog.counted);
	free(r->settled);
	free(r->conf_seen);
	free(r->cache_seen);
	free(r->cache_now);
	bases_free(r->bases, r->nb);
	conflicts_free(r->conf, r->nconf);
	for (i = 0; i < r->nblocked; i++)
		free(r->blocked[i]);
	free(r->blocked);
	scan_clear(&r->sc);
	aws_free(r->aws);
	creds_free(r->creds);
	state_close(r->st);
	if (r->lock_fd > 0)
		close(r->lock_fd);
	free(r->table);
	free(r->api);
	free(r->stamp);
}

static void
print_plan(struct run *r, FILE *f)
{
	long n[SA_FORGET + 1] = {0};
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		const struct plan_item *it = &r->items[i];

		n[it->act]++;
		if (it->act == SA_FORGET)
			continue;
		fprintf(f, "%-28s %s%s%s%s\n", sync_action_name(it->act),
		    note_name(it), it->reason ? " (" : "",
		    it->reason ? it->reason : "", it->reason ? ")" : "");
	}
	fprintf(f, "plan: %ld to push, %ld to pull, %ld to delete in the "
	    "cloud, %ld to the trash, %ld to compare, %ld conflicts, "
	    "%ld deletes held\n",
	    n[SA_PUSH] + n[SA_PUSH_NEW], n[SA_PULL] + n[SA_PULL_NEW],
	    n[SA_DELETE_REMOTE], n[SA_TRASH_LOCAL], n[SA_ADOPT],
	    n[SA_CONFLICT] + n[SA_BLOCKED], n[SA_HELD_DELETE]);
}

static int
prepare(struct run *r, const struct sync_opts *o, int online, char **cause)
{
	size_t i;

	r->o = o;
	r->lang = o->default_lang && lang_slot(o->default_lang) >= 0 ?
	    o->default_lang : "en";
	r->stamp = stamp_now();
	if (state_open(o->vault, online && !o->dry_run, &r->st, cause) < 0)
		return -1;
	/* one sync at a time per vault (released by the system even when
	 * a sync is killed) */
	if (!state_is_memory(r->st)) {
		char *lock = xasprintf("%s/.stratus/sync.lock", o->vault);

		r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (r->lock_fd < 0 || flock(r->lock_fd, LOCK_EX | LOCK_NB) < 0) {
			fail(cause, "%s: another stratus sync is running on "
			    "this vault", lock);
			free(lock);
			return -1;
		}
		free(lock);
	}
	if (state_bases(r->st, &r->bases, &r->nb, cause) < 0 ||
	    state_conflicts(r->st, &r->conf, &r->nconf, cause) < 0)
		return -1;
	{
		char **known = xcalloc(r->nb + 1, sizeof *known);
		int src;

		for (i = 0; i < r->nb; i++)
			known[i] = r->bases[i].slug;
		src = scan_vault(o->vault, r->lang, known, r->nb, &r->sc,
		    cause);
		free(known);
		if (src < 0)
			return -1;
	}
	r->conf_seen = xcalloc(r->nconf + 1, 1);
	if (online && setup(r, 1, cause) < 0)
		return -1;
	if (r->aws)
		aws_set_progress(r->aws, on_progress, r);
	if (online && !r->api) {
		r->cache_seen = state_get(r->st, "cache_version");
		if (read_cache_version(r, cause) < 0)
			return -1;
	}
	if (online && (r->api ? list_api(r, cause) : list_ddb(r, cause)) < 0)
		return -1;
	if (r->nr)
		qsort(r->remotes, r->nr, sizeof *r->remotes, cmp_remote);
	/* the cache version moved since the last sync: someone wrote, and
	 * perhaps only edges, which updated_at does not show */
	if (online && !r->api && o->pull && r->nb > 0 && (!r->cache_seen ||
	    strcmp(r->cache_seen, r->cache_now) != 0) &&
	    list_edges(r, cause) < 0)
		return -1;
	for (i = 0; i < r->sc.nblocked; i++) {
		r->blocked = xgrow(r->blocked, &r->bcap, r->nblocked + 1,
		    sizeof *r->blocked);
		r->blocked[r->nblocked++] = xstrdup(r->sc.blocked[i]);
	}
	for (i = 0; i < r->nconf; i++) {
		if (!r->conf[i].complete)
			continue;	/* not open yet: met again below */
		r->blocked = xgrow(r->blocked, &r->bcap, r->nblocked + 1,
		    sizeof *r->blocked);
		r->blocked[r->nblocked++] = xstrdup(r->conf[i].slug);
	}
	if (r->nblocked)
		qsort(r->blocked, r->nblocked, sizeof *r->blocked,
		    cmp_blocked);
	return 0;
}

/* A private note the read API cannot show without a token. */
static int
hidden_private(struct run *r, const struct local_note *ln)
{
	const char *tok = getenv("STRATUS_API_TOKEN");
	int l;

	if (tok && *tok)
		return 0;
	for (l = 0; l < NLANGS; l++) {
		const char *v;

		if (!ln->n[l] || !ln->n[l]->fm)
			continue;
		v = fm_scalar(ln->n[l]->fm, "visibility");
		if (v && strcmp(v, "private") == 0)
			return 1;
	}
	return 0;
}

int
sync_run(const struct sync_opts *o, struct sync_result *res, char **cause)
{
	struct run r;
	struct plan_opts po;
	int *want = NULL, rc = -1, need_bodies = 0, need_writes = 0;
	double t0 = now_seconds();
	size_t i;

	memset(&r, 0, sizeof r);
	memset(res, 0, sizeof *res);
	r.res = res;
	if (prepare(&r, o, 1, cause) < 0)
		goto out;
	memset(&po, 0, sizeof po);
	po.push = o->push && !r.api;
	po.pull = o->pull;
	po.allow_delete = o->allow_delete;
	po.visible_edges = r.api != NULL;
	plan_build(r.sc.notes, r.sc.n, r.remotes, r.nr, r.bases, r.nb,
	    r.blocked, r.nblocked, &po, &r.items, &r.nitems);
	r.prog.left = xcalloc(r.nitems + 1, sizeof *r.prog.left);
	r.prog.counted = xcalloc(r.nitems + 1, 1);
	r.settled = xcalloc(r.nitems + 1, 1);
	/* a node missing from the read API's graph may be private: it is
	 * gone only if the API says so */
	r.fetched = xcalloc(r.nitems + 1, sizeof *r.fetched);
	r.have = xcalloc(r.nitems + 1, sizeof *r.have);
	want = xcalloc(r.nitems + 1, sizeof *want);
	for (i = 0; i < r.nitems; i++) {
		enum sync_action a = r.items[i].act;

		if (a == SA_BLOCKED && r.items[i].base &&
		    !r.items[i].local && !r.items[i].remote)
			continue;
		if (a == SA_PULL || a == SA_PULL_NEW || a == SA_ADOPT ||
		    (a == SA_CONFLICT && r.items[i].remote) ||
		    (a == SA_TRASH_LOCAL && r.api))
			want[i] = need_bodies = 1;
		if (a == SA_PUSH || a == SA_PUSH_NEW ||
		    a == SA_DELETE_REMOTE)
			need_writes = 1;
	}
	if (o->dry_run) {
		print_plan(&r, o->out);
		for (i = 0; i < r.nitems; i++)
			if (r.items[i].act == SA_CONFLICT ||
			    r.items[i].act == SA_BLOCKED)
				res->conflicts++;
		rc = 0;
		goto out;
	}
	/* check the bucket (and so the credentials) before any change */
	if (!r.api && (need_bodies || need_writes)) {
		struct aws_req *q = s3_prepare_bucket(r.aws);

		aws_run(r.aws, &q, 1);
		if (q->rc != AWS_OK) {
			fail(cause, "%s", q->cause);
			aws_req_free(q);
			goto out;
		}
		aws_req_free(q);
	}
	if (need_bodies && fetch_nodes(&r, want, cause) < 0)
		goto out;
	/* the pull side: notes written, then their bases */
	for (i = 0; i < r.nitems; i++) {
		struct plan_item *it = &r.items[i];
		int k = 0;

		if (it->act == SA_TRASH_LOCAL && r.api && (r.have[i] != -2 ||
		    hidden_private(&r, it->local)))
			continue;	/* not gone: absent from the graph */
		if (want[i] && r.have[i] <= 0 && it->act != SA_TRASH_LOCAL)
			continue;
		switch (it->act) {
		case SA_PULL:
		case SA_PULL_NEW:
			k = apply_pull(&r, i, cause);
			break;
		case SA_ADOPT: {
			struct node mine;

			node_from_local(it->local, &mine);
			if (node_same(&mine, &r.fetched[i]))
				k = adopt(&r, i, &r.fetched[i], cause);
			else
				k = conflict(&r, i, &r.fetched[i], "on both "
				    "sides with different content, never "
				    "synced", cause);
			node_clear(&mine);
			break;
		}
		case SA_CONFLICT:
			if (it->remote) {
				struct node mine;

				node_from_local(it->local, &mine);
				if (node_same(&mine, &r.fetched[i]))
					k = adopt(&r, i, &r.fetched[i], cause);
				else
					k = conflict(&r, i, &r.fetched[i],
					    it->reason, cause);
				node_clear(&mine);
			} else {
				k = conflict(&r, i, NULL, it->reason, cause);
			}
			break;
		case SA_TRASH_LOCAL: {
			int l;

			for (l = 0; l < NLANGS && k == 0; l++)
				if (it->local->path[l])
					k = trash(&r, it->local->path[l],
					    cause);
			if (k == 0)
				k = state_delete(r.st, it->slug, cause);
			if (k == 0)
				res->trashed++;
			break;
		}
		case SA_FORGET:
			if (po.push && it->base &&
			    pending_has(it->base->pending, DELETE_MARK))
				k = finish_delete(&r, it->slug,
				    it->base->node_type, cause);
			else if (it->base &&
			    pending_has(it->base->pending, DELETE_MARK))
				k = 0;	/* finished by a sync that pushes */
			else
				k = state_delete(r.st, it->slug, cause);
			break;
		case SA_HELD_DELETE:
			res->held++;
			break;
		default:
			break;
		}
		if (k < 0)
			goto out;
	}
	if (po.push && do_push(&r, cause) < 0)
		goto out;
	if (po.push && do_delete(&r, cause) < 0)
		goto out;
	/* conflicts a stopped sync began and that this one did not meet
	 * again: their files (if any) are no one's */
	for (i = 0; i < r.nconf; i++)
		if (!r.conf[i].complete && !r.conf_seen[i] &&
		    (trash_conflict_files(&r, &r.conf[i], cause) < 0 ||
		    state_conflict_delete(r.st, r.conf[i].slug, cause) < 0))
			goto out;
	/* links changed in the cloud but not brought here: look again */
	for (i = 0; i < r.nitems; i++)
		if (r.items[i].remote_links && !r.settled[i])
			r.rescan = 1;
	if (!r.api && record_cache_version(&r, cause) < 0)
		goto out;
	{
		char *now = iso_now(), *sum;

		sum = xasprintf("pushed %ld, pulled %ld, deleted %ld, "
		    "trashed %ld, conflicts %ld", res->pushed, res->pulled,
		    res->deleted, res->trashed, res->conflicts);
		if (state_set(r.st, "last_sync", now, cause) < 0 ||
		    state_set(r.st, "last_summary", sum, cause) < 0) {
			free(now);
			free(sum);
			goto out;
		}
		free(now);
		free(sum);
	}
	for (i = 0; i < r.nitems; i++)
		if (r.items[i].act == SA_BLOCKED && !has(r.sc.blocked,
		    r.sc.nblocked, r.items[i].slug))
			res->conflicts++;
	rc = 0;
out:
	if (r.aws) {
		res->requests = aws_stats(r.aws)->requests;
		res->retries = aws_stats(r.aws)->retries;
	}
	res->seconds = now_seconds() - t0;
	if (r.prog.shown)
		fprintf(stderr, "\r%*s\r", r.prog.width, "");
	free(want);
	run_clear(&r);
	return rc;
}

int
sync_status(const struct sync_opts *o, long *nconflicts, char **cause)
{
	struct run r;
	struct sync_result res;
	struct plan_opts po = {1, 1, 0, 0};
	char *last, *sum;
	long changes = 0, open = 0;
	size_t i;
	int l;

	memset(&r, 0, sizeof r);
	memset(&res, 0, sizeof res);
	r.res = &res;
	if (prepare(&r, o, 0, cause) < 0) {
		run_clear(&r);
		return -1;
	}
	po.allow_delete = o->allow_delete;
	last = state_get(r.st, "last_sync");
	sum = state_get(r.st, "last_summary");
	fprintf(o->out, "last sync: %s%s%s%s\n", last ? last : "never",
	    sum ? " (" : "", sum ? sum : "", sum ? ")" : "");
	free(last);
	free(sum);
	/* with no remote listing, the plan shows the local side alone: a
	 * remote that equals every base */
	for (i = 0; i < r.nb; i++) {
		if (!r.bases[i].remote_updated)
			continue;
		r.remotes = xgrow(r.remotes, &r.rcap, r.nr + 1,
		    sizeof *r.remotes);
		memset(&r.remotes[r.nr], 0, sizeof r.remotes[r.nr]);
		r.remotes[r.nr].slug = xstrdup(r.bases[i].slug);
		r.remotes[r.nr].updated = xstrdup(r.bases[i].remote_updated);
		r.remotes[r.nr].node_type = NULL;
		r.nr++;
	}
	plan_build(r.sc.notes, r.sc.n, r.remotes, r.nr, r.bases, r.nb,
	    r.blocked, r.nblocked, &po, &r.items, &r.nitems);
	for (i = 0; i < r.nitems; i++) {
		const struct plan_item *it = &r.items[i];
		const char *what;

		switch (it->act) {
		case SA_PUSH_NEW:
			what = "new";
			break;
		case SA_PUSH:
			what = it->files_changed ? "edited" : "links changed";
			break;
		case SA_HELD_DELETE:
		case SA_DELETE_REMOTE:
			what = "deleted";
			break;
		default:
			continue;
		}
		if (changes++ == 0)
			fprintf(o->out, "pending local changes:\n");
		fprintf(o->out, "  %-14s %s\n", what, note_name(it));
	}
	if (changes == 0)
		fprintf(o->out, "pending local changes: none\n");
	for (i = 0; i < r.nconf; i++)
		open += r.conf[i].complete != 0;
	if (open == 0)
		fprintf(o->out, "open conflicts: none\n");
	else
		fprintf(o->out, "open conflicts:\n");
	for (i = 0; i < r.nconf; i++) {
		const struct sync_conflict *c = &r.conf[i];

		if (!c->complete)
			continue;
		fprintf(o->out, "  %s: %s (since %s)\n", c->slug, c->reason,
		    c->created);
		for (l = 0; l < NLANGS; l++)
			if (c->conflict_path[l])
				fprintf(o->out, "    cloud's version: %s\n",
				    c->conflict_path[l]);
	}
	*nconflicts = open;
	run_clear(&r);
	return 0;
}

int
sync_resolve(const struct sync_opts *o, const char *note, int keep_remote,
    char **cause)
{
	struct run r;
	struct sync_result res;
	struct sync_conflict *c = NULL;
	struct sync_base b;
	size_t i;
	int l, rc = -1, have_base = 0;

	memset(&r, 0, sizeof r);
	memset(&res, 0, sizeof res);
	memset(&b, 0, sizeof b);
	r.res = &res;
	if (prepare(&r, o, 0, cause) < 0)
		goto out;
	for (i = 0; i < r.nconf && !c; i++) {
		if (!r.conf[i].complete)
			continue;
		if (strcmp(r.conf[i].slug, note) == 0)
			c = &r.conf[i];
		for (l = 0; l < NLANGS && !c; l++)
			if ((r.conf[i].path[l] && strcmp(r.conf[i].path[l],
			    note) == 0) || (r.conf[i].conflict_path[l] &&
			    strcmp(r.conf[i].conflict_path[l], note) == 0))
				c = &r.conf[i];
	}
	if (!c) {
		fail(cause, "%s: no open conflict (stratus sync status lists "
		    "them)", note);
		goto out;
	}
	for (i = 0; i < r.nb; i++)
		if (strcmp(r.bases[i].slug, c->slug) == 0) {
			base_copy(&b, &r.bases[i]);
			have_base = 1;
		}
	if (!have_base) {
		b.slug = xstrdup(c->slug);
		b.node_type = xstrdup("concept");
	}
	free(b.pending);
	b.pending = NULL;
	/* the files change: no ETag is known to match them any more */
	for (l = 0; l < NLANGS; l++)
		set_str(&b.etag[l], NULL);
	if (state_begin(r.st, cause) < 0)
		goto out;
	if (keep_remote) {
		/* the cloud's version replaces the note; the note goes to
		 * the trash */
		for (l = 0; l < NLANGS; l++) {
			char *from, *to, *data = NULL, hex[65];
			size_t len;

			if (c->path[l] && trash(&r, c->path[l], cause) < 0)
				goto fail;
			set_str(&b.hash[l], NULL);
			set_str(&b.path[l], NULL);
			if (!c->conflict_path[l])
				continue;
			to = c->path[l] ? xstrdup(c->path[l]) : NULL;
			if (!to) {
				/* the note had no file in this language */
				char *dir = path_dir(c->conflict_path[l]);

				to = strcmp(lang_names[l], r.lang) == 0 ?
				    xasprintf("%s%s%s.md", dir, *dir ? "/" : "",
				    c->slug) : xasprintf("%s%s%s.%s.md", dir,
				    *dir ? "/" : "", c->slug, lang_names[l]);
				free(dir);
			}
			from = abs_path(&r, c->conflict_path[l]);
			if (read_file(from, NODE_BODY_MAX * 2, &data, &len,
			    cause) < 0) {
				free(from);
				free(to);
				goto fail;
			}
			free(from);
			from = abs_path(&r, to);
			if (write_file_atomic(from, data, len, cause) < 0) {
				free(from);
				free(to);
				free(data);
				goto fail;
			}
			sha256_hex(data, len, hex);
			set_str(&b.hash[l], hex);
			set_str(&b.path[l], to);
			free(from);
			free(to);
			free(data);
			if (trash(&r, c->conflict_path[l], cause) < 0)
				goto fail;
		}
		if (!*c->remote_updated) {
			/* the cloud deleted it: the note stays in the trash */
			if (state_delete(r.st, c->slug, cause) < 0)
				goto fail;
		} else {
			set_str(&b.remote_updated, c->remote_updated);
			/* edges: those the note now lists */
			if (state_put(r.st, &b, cause) < 0)
				goto fail;
		}
	} else {
		/* the note wins: the next sync pushes it over the cloud's
		 * version it has now seen */
		for (l = 0; l < NLANGS; l++)
			if (c->conflict_path[l] && trash(&r,
			    c->conflict_path[l], cause) < 0)
				goto fail;
		if (!*c->remote_updated) {
			if (state_delete(r.st, c->slug, cause) < 0)
				goto fail;
		} else {
			set_str(&b.remote_updated, c->remote_updated);
			for (l = 0; l < NLANGS; l++)
				set_str(&b.hash[l], NULL);
			if (state_put(r.st, &b, cause) < 0)
				goto fail;
		}
	}
	if (state_conflict_delete(r.st, c->slug, cause) < 0)
		goto fail;
	if (state_commit(r.st, cause) < 0)
		goto out;
	fprintf(o->out, "%s: resolved, keeping the %s version%s\n", c->slug,
	    keep_remote ? "cloud's" : "local",
	    keep_remote ? "" : " (pushed by the next stratus sync)");
	rc = 0;
	goto out;
fail:
	state_rollback(r.st);
out:
	base_clear(&b);
	run_clear(&r);
	return rc;
}
