/*
 * sync-push.c: the push side: journal, conditional META writes, bodies,
 * edges (three-way) and audit entries, then the new bases; and the
 * batched DynamoDB writes the delete side uses too.
 */
#include "sync/sync-int.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/links.h"
#include "sync/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define AUDIT_TTL (90L * 24 * 3600)

/* Pushes sent together (read, written to the journal, sent, recorded):
 * a batch's notes take about 10 MB, and its stages are long enough that
 * their 16 requests at a time stay busy (3,000 notes against the
 * stand-ins: 24.6 and 26.1 s in batches of 2,048, 27.4 in batches of
 * 512, 23.7 and 24.7 s all at once, at 67 MB instead of 38). */
#define PUSH_BATCH	2048

/* PUSH_BATCH, or STRATUS_TEST_PUSH_BATCH: the tests push their few notes
 * in several batches. */
static size_t
push_batch(void)
{
	return (size_t)env_int("STRATUS_TEST_PUSH_BATCH", 1, PUSH_BATCH,
	    PUSH_BATCH);
}

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
		    "essay: pushed as concept", run_note_name(it),
		    nd->node_type);
		run_set_str(&nd->node_type, "concept");
	}
	/* a new type: META says so, the bodies move to its folder */
	if (agreed && strcmp(agreed, nd->node_type) != 0)
		run_set_str(&p->old_type, agreed);
	if (strcmp(nd->status, "seed") != 0 &&
	    strcmp(nd->status, "growing") != 0 &&
	    strcmp(nd->status, "evergreen") != 0) {
		warnmsg("%s: status '%s' is not seed, growing or evergreen: "
		    "pushed as seed", run_note_name(it), nd->status);
		run_set_str(&nd->status, "seed");
	}
	if (nd->visibility && strcmp(nd->visibility, "public") != 0 &&
	    strcmp(nd->visibility, "private") != 0) {
		warnmsg("%s: visibility '%s' is not public or private: left "
		    "out", run_note_name(it), nd->visibility);
		run_set_str(&nd->visibility, NULL);
	}
	for (l = 0; l < NLANGS; l++)
		if (nd->body[l] && nd->body_len[l] > NODE_BODY_MAX) {
			warnmsg("%s: body over 5 MB: not pushed",
			    run_note_name(it));
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
	cJSON *in = run_key_request(r, pk, "META"), *out = NULL;
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
int
push_batch_write(struct run *r, cJSON **reqs, size_t n, const char *verb,
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
			owner[i] = progress_item_of_write(r,
			    cJSON_GetArrayItem(pending, (int)i));
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

cJSON *
push_put_req(cJSON *item)
{
	cJSON *w = cJSON_CreateObject(), *p;

	p = cJSON_AddObjectToObject(w, "PutRequest");
	cJSON_AddItemToObject(p, "Item", item);
	return w;
}

cJSON *
push_delete_req(const char *pk, const char *sk)
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

cJSON *
push_audit_item(const char *slug, const char *action, const char *when,
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
		progress_run_phase(r, "pushing", "reading links", q, items, nq);
		free(items);
	}
	for (i = 0; i < nq; i++) {
		struct push *pp = &p[who[i]];
		size_t cap = 0;
		cJSON *out, *it;

		if (q[i]->rc != AWS_OK) {
			if (!rc)
				fail(cause, "%s: %s", run_note_name(
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
	run_reqs_free(q, nq, who);
	return rc;
}

/* Run requests for the pushes p[who[i]], counting their notes. */
static void
push_phase(struct run *r, const char *what, struct aws_req **q,
    const size_t *who, size_t nq, const struct push *p)
{
	size_t *items = xcalloc(nq + 1, sizeof *items), i;

	for (i = 0; i < nq; i++)
		items[i] = p[who[i]].k;
	progress_run_phase(r, "pushing", what, q, items, nq);
	free(items);
}

/*
 * The bodies as the cloud gets them: wikilinks as Markdown links
 * ([remote] wikilinks = markdown, the conversions recorded for the pull);
 * a note in one language only also in the primary language's body.mdx,
 * the one the backend reads first; and bodies the same as the ones last
 * synced (their MD5 is the ETag recorded) marked so, with that ETag.
 */
static void
push_cloud_bodies(struct run *r, struct push *p)
{
	struct node *nd = &p->nd;
	const struct sync_base *b = r->items[p->k].base;
	int l, pr = r->primary;

	for (l = 0; l < NLANGS && r->wiki_md; l++) {
		cJSON *pairs;
		char *conv, *key, *js;
		size_t n;

		if (!nd->body[l])
			continue;
		pairs = cJSON_CreateArray();
		conv = links_to_markdown(nd->body[l], nd->body_len[l], &n,
		    pairs);
		free(nd->body[l]);
		nd->body[l] = conv;
		nd->body_len[l] = n;
		key = xasprintf("wikilinks:%s:%s", nd->slug, lang_names[l]);
		js = cJSON_PrintUnformatted(pairs);
		if (state_set(r->st, key, js, NULL) < 0)
			warnmsg("%s: the wikilinks converted could not be "
			    "recorded", nd->slug);
		free(js);
		free(key);
		cJSON_Delete(pairs);
	}
	if (!nd->body[pr] && nd->body[!pr]) {
		nd->body[pr] = xstrndup(nd->body[!pr], nd->body_len[!pr]);
		nd->body_len[pr] = nd->body_len[!pr];
	}
	for (l = 0; l < NLANGS && b; l++) {
		char hex[33];

		if (!nd->body[l] || !b->etag[l])
			continue;
		md5_hex(nd->body[l], nd->body_len[l], hex);
		if (strcmp(hex, b->etag[l]) == 0) {
			nd->body_same[l] = 1;
			run_set_str(&p->etag[l], b->etag[l]);
		}
	}
}

/*
 * The next pushes of the plan (SA_PUSH, SA_PUSH_NEW) from item *next on,
 * at most max, *np of them, each with the node it sends, its files read
 * again for it (and let go: the node holds its bodies), checked (skip
 * set when it cannot be sent); those whose files changed get the
 * updated_at they write, the others (links only) need no META write.
 * *next moves past them. The array is the caller's (push_clear each).
 */
static struct push *
push_collect(struct run *r, size_t *next, size_t max, size_t *np)
{
	struct push *p = NULL;
	size_t i, cap = 0;

	*np = 0;
	for (i = *next; i < r->nitems && *np < max; i++) {
		enum sync_action a = r->items[i].act;
		struct push *pp;

		if (a != SA_PUSH && a != SA_PUSH_NEW)
			continue;
		p = xgrow(p, &cap, *np + 1, sizeof *p);
		pp = &p[(*np)++];
		memset(pp, 0, sizeof *pp);
		pp->k = i;
		if (run_load(r, &r->items[i]) < 0) {
			pp->skip = 1;
			continue;
		}
		node_from_local(r->items[i].local, &pp->nd);
		local_note_unload(r->items[i].local);
		if (push_check(r, pp) < 0) {
			pp->skip = 1;
			continue;
		}
		/* the backend's own default for a new node */
		if (a == SA_PUSH_NEW && !pp->nd.visibility)
			run_set_str(&pp->nd.visibility, r->default_vis);
		push_cloud_bodies(r, pp);
		if (a == SA_PUSH_NEW || r->items[i].files_changed) {
			pp->updated = iso_now();
			run_set_str(&pp->nd.updated_at, pp->updated);
			if (a == SA_PUSH_NEW && !pp->nd.created_at)
				run_set_str(&pp->nd.created_at, pp->updated);
		} else {
			pp->ok = 1;	/* links only: no META write */
		}
	}
	*next = i;
	return p;
}

/* The journal: the updated_at about to be written, for each push that
 * writes META, in one transaction. 0, or -1 with cause. */
static int
push_journal(struct run *r, const struct push *p, size_t np, char **cause)
{
	size_t i;

	if (state_begin(r->st, cause) < 0)
		return -1;
	for (i = 0; i < np; i++)
		if (p[i].updated && state_set_pending(r->st, p[i].nd.slug,
		    p[i].nd.node_type, p[i].updated, cause) < 0) {
			state_rollback(r->st);
			return -1;
		}
	if (state_commit(r->st, cause) < 0)
		return -1;
	return 0;
}

/*
 * META, conditional on what was last seen. A second pass takes the case
 * of a write sent by a killed sync that landed only after this one listed
 * the table: the node then holds that sync's journal value, and the write
 * is made again on top of it. A push that lost the race is skipped and
 * its item flagged in want[] (a conflict). 0, or -1 with cause.
 */
static int
push_meta(struct run *r, struct push *p, size_t np, int *want, char **cause)
{
	struct aws_req **q = NULL;
	size_t i, nq = 0, *who = NULL, qcap = 0, wcap = 0;
	int rc = 0, pass;

	for (pass = 0; pass < 2 && rc == 0; pass++) {
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
				fail(cause, "%s: %s", run_note_name(
				    &r->items[pp->k]), q[i]->cause);
			rc = -1;
		}
		for (i = 0; i < nq; i++)
			aws_req_free(q[i]);
		nq = 0;
	}
	free(q);
	free(who);
	return rc;
}

/* Lost races (the items flagged in want[]) become conflicts, with the
 * winner beside the note, or adopted when both sides agree. 0, or -1. */
static int
push_lost_races(struct run *r, const int *want, char **cause)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nitems; i++)
		if (want[i]) {
			r->have[i] = 0;
			node_clear(&r->fetched[i]);
		}
	if (fetch_nodes(r, want, cause) < 0)
		return -1;
	for (i = 0; i < r->nitems; i++) {
		if (!want[i])
			continue;
		/* a note that changed here since: a conflict, the winner
		 * beside it */
		if (r->have[i] > 0 && run_load(r, &r->items[i]) == 0) {
			struct node mine;

			node_from_local(r->items[i].local, &mine);
			if (node_same(&mine, &r->fetched[i]))
				rc = pull_adopt(r, i, &r->fetched[i], cause);
			else
				rc = pull_conflict(r, i, &r->fetched[i],
				    "the cloud's node changed during the sync",
				    cause);
			node_clear(&mine);
		} else {
			rc = pull_conflict(r, i, r->have[i] > 0 ?
			    &r->fetched[i] : NULL, "the cloud's node changed "
			    "during the sync", cause);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The bodies of the pushes that wrote META: PUT, or DELETE for a
 * translation dropped here; their ETags go to p[].etag. 0, or -1. */
static int
push_bodies(struct run *r, struct push *p, size_t np, char **cause)
{
	struct aws_req **q = NULL;
	size_t i, nq = 0, *who = NULL, qcap = 0, wcap = 0;
	int rc = 0, l;

	for (i = 0; i < np; i++) {
		const struct plan_item *it = &r->items[p[i].k];

		if (!p[i].ok || p[i].skip || !p[i].updated)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = fetch_body_key(p[i].nd.node_type,
			    p[i].nd.slug, l, r->primary);

			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			if (p[i].nd.body[l] && p[i].nd.body_same[l] &&
			    !p[i].old_type)
				q[nq] = NULL;	/* the cloud has it */
			else if (p[i].nd.body[l])
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
			run_set_str(&pp->etag[lang], q[i]->etag);
			continue;
		}
		if (!rc)
			fail(cause, "%s: %s", run_note_name(&r->items[pp->k]),
			    q[i]->cause);
		rc = -1;
	}
	run_reqs_free(q, nq, who);
	return rc;
}

/* A type changed: the META says so and the new bodies are written, so
 * the bodies under the old type go. 0, or -1 with cause. */
static int
push_drop_old_bodies(struct run *r, const struct push *p, size_t np,
    char **cause)
{
	struct aws_req **q = NULL;
	size_t i, nq = 0, *who = NULL, qcap = 0, wcap = 0;
	int rc = 0, l;

	for (i = 0; i < np; i++) {
		if (!p[i].ok || p[i].skip || !p[i].updated || !p[i].old_type)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = fetch_body_key(p[i].old_type,
			    p[i].nd.slug, l, r->primary);

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
			fail(cause, "%s: %s", run_note_name(
			    &r->items[p[who[i]].k]), q[i]->cause);
		rc = -1;
	}
	run_reqs_free(q, nq, who);
	return rc;
}

/* Did a push send a body other than the cloud's? */
static int
push_body_changed(const struct push *p)
{
	int l;

	for (l = 0; l < NLANGS; l++)
		if (p->nd.body[l] && !p->nd.body_same[l])
			return 1;
	return 0;
}

/*
 * Edges (three-way) and audit entries of the pushes that went through,
 * batched; now: the time of the entries of pushes that wrote no META.
 * 0, or -1 with cause.
 */
static int
push_edges(struct run *r, const struct push *p, size_t np, const char *now,
    char **cause)
{
	cJSON **batch = NULL;
	size_t nbatch = 0, bcap = 0, i;
	int rc = 0;

	for (i = 0; i < np; i++) {
		const struct push *pp = &p[i];
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
			if (run_has(pp->redges, pp->nredges, pp->nd.edges[e]))
				continue;
			if (b && it->remote && run_has(b->edges, b->nedges,
			    pp->nd.edges[e])) {
				r->rescan = 1;	/* the next pull drops it */
				continue;
			}
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = push_put_req(edge_item(pp->nd.slug,
			    pp->nd.edges[e], now));
			changed = 1;
		}
		for (e = 0; b && e < b->nedges; e++) {
			char *sk;

			if (run_has(pp->nd.edges, pp->nd.nedges,
			    b->edges[e]) || !run_has(pp->redges, pp->nredges,
			    b->edges[e]))
				continue;
			sk = xasprintf("EDGE#%s", b->edges[e]);
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = push_delete_req(pk, sk);
			free(sk);
			changed = 1;
		}
		/* edges of others the note does not list: the next pull
		 * brings them into it */
		for (e = 0; e < pp->nredges; e++)
			if (!run_has(pp->nd.edges, pp->nd.nedges,
			    pp->redges[e]) && !(b && run_has(b->edges,
			    b->nedges, pp->redges[e])))
				r->rescan = 1;
		/* a changed body's embedding is stale: the backend's
		 * backfill fills in only missing ones */
		if (pp->updated && push_body_changed(pp)) {
			if (it->act != SA_PUSH_NEW) {
				batch = xgrow(batch, &bcap, nbatch + 1,
				    sizeof *batch);
				batch[nbatch++] = push_delete_req(pk, "EMBED");
			}
			r->res->need_embeddings++;
		}
		if (pp->updated || changed) {
			batch = xgrow(batch, &bcap, nbatch + 1, sizeof *batch);
			batch[nbatch++] = push_put_req(push_audit_item(
			    pp->nd.slug, it->act == SA_PUSH_NEW ? "create" :
			    pp->updated ? "update" : "connect", pp->updated ?
			    pp->updated : now, pp->updated ?
			    "metadata, bodies and edges" : "edges"));
		}
		free(pk);
	}
	if (nbatch > 0) {
		r->wrote_remote = 1;
		if (push_batch_write(r, batch, nbatch, "pushing", cause) < 0)
			rc = -1;
	}
	free(batch);
	return rc;
}

/* The new bases of the pushes that went through, in one transaction;
 * counts them in r->res. 0, or -1 with cause. */
static int
push_record_bases(struct run *r, const struct push *p, size_t np,
    char **cause)
{
	size_t i;
	int l;

	if (state_begin(r->st, cause) < 0)
		return -1;
	for (i = 0; i < np; i++) {
		const struct push *pp = &p[i];
		const struct plan_item *it = &r->items[pp->k];
		struct sync_base b;
		char hex[2 * HASH_LEN + 1];
		size_t e;

		if (!pp->ok || pp->skip)
			continue;
		memset(&b, 0, sizeof b);
		b.slug = xstrdup(pp->nd.slug);
		b.node_type = xstrdup(pp->nd.node_type);
		b.remote_updated = xstrdup(pp->updated ? pp->updated :
		    it->base_updated);
		for (l = 0; l < NLANGS; l++) {
			run_set_str(&b.hash[l], hash_hex(it->local->hash[l],
			    hex));
			run_set_str(&b.path[l], it->local->path[l]);
			/* the ETag of exactly the body in the file, or none:
			 * bodies not sent again keep theirs */
			if (!pp->updated && it->base)
				run_set_str(&b.etag[l], it->base->etag[l]);
			else if (pp->nd.body[l])
				run_set_str(&b.etag[l], pp->etag[l]);
		}
		b.edges = xcalloc(pp->nd.nedges + 1, sizeof *b.edges);
		for (e = 0; e < pp->nd.nedges; e++)
			b.edges[e] = xstrdup(pp->nd.edges[e]);
		b.nedges = pp->nd.nedges;
		if (state_put(r->st, &b, cause) < 0) {
			base_clear(&b);
			state_rollback(r->st);
			return -1;
		}
		base_clear(&b);
		r->res->pushed++;
		r->settled[pp->k] = 1;
		if (pp->updated)
			r->wrote_remote = 1;
	}
	if (state_commit(r->st, cause) < 0)
		return -1;
	return 0;
}

int
push_run(struct run *r, char **cause)
{
	struct push *p;
	size_t np, i, next = 0;
	int *want = xcalloc(r->nitems + 1, sizeof *want), rc = 0;
	char *now = iso_now();

	/* a batch at a time: a first push of 100,000 notes held every one
	 * of them, read and parsed, at once */
	while (rc == 0 && (p = push_collect(r, &next, push_batch(),
	    &np)) != NULL) {
		memset(want, 0, (r->nitems + 1) * sizeof *want);
		if (push_journal(r, p, np, cause) < 0 ||
		    push_meta(r, p, np, want, cause) < 0 ||
		    push_lost_races(r, want, cause) < 0 ||
		    /* the cloud's edges of nodes that existed, then bodies */
		    remote_edges(r, p, np, cause) < 0 ||
		    push_bodies(r, p, np, cause) < 0 ||
		    push_drop_old_bodies(r, p, np, cause) < 0 ||
		    push_edges(r, p, np, now, cause) < 0 ||
		    push_record_bases(r, p, np, cause) < 0)
			rc = -1;
		for (i = 0; i < np; i++)
			push_clear(&p[i]);
		free(p);
	}
	free(want);
	free(now);
	return rc;
}
