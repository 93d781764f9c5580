/*
 * sync-fetch.c: fetching the nodes to pull or compare: their META and EDGE
 * items (or the read API's answers), then their bodies from S3, unless
 * unchanged since the last sync (If-None-Match).
 */
#include "sync/sync-int.h"
#include "core/note.h"
#include "core/util.h"
#include "sync/api.h"
#include "sync/aws.h"
#include "sync/links.h"
#include "sync/map.h"

#include <stdlib.h>
#include <string.h>

char *
fetch_body_key(const char *type, const char *slug, int lang, int primary)
{
	if (lang == primary)
		return xasprintf("content/%s/%s/body.mdx", type, slug);
	return xasprintf("content/%s/%s/body.%s.mdx", type, slug,
	    lang_names[lang]);
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

	if (!b || !ln || !b->etag[lang] || !local_parse(ln, lang) ||
	    !hash_is(ln->hash[lang], b->hash[lang]))
		return NULL;
	return b->etag[lang];
}

/* Take the body of the note file of item k in lang as the cloud's (see
 * known_etag). */
static void
take_local_body(struct run *r, size_t k, int lang, const char *etag)
{
	size_t len, fixed = 0;
	const char *body = local_body(r->items[k].local, lang, &len);

	node_take_body(&r->fetched[k], lang, body, len, etag, &fixed);
}

/* The Query for the META and EDGE items of node slug (consistent). */
static struct aws_req *
meta_query(struct run *r, const char *slug)
{
	cJSON *in = cJSON_CreateObject(), *v, *names;
	char *pk = xasprintf("NODE#%s", slug);
	struct aws_req *q;

	cJSON_AddStringToObject(in, "TableName", r->table);
	cJSON_AddStringToObject(in, "KeyConditionExpression", "PK = :pk");
	v = cJSON_AddObjectToObject(in, "ExpressionAttributeValues");
	ddb_put_s(v, ":pk", pk);
	cJSON_AddBoolToObject(in, "ConsistentRead", 1);
	cJSON_AddStringToObject(in, "ProjectionExpression",
	    "PK, SK, slug, node_type, #s, visibility, title, "
	    "title_es, title_en, summary_es, summary_en, tags, "
	    "created_at, updated_at");
	names = cJSON_AddObjectToObject(in, "ExpressionAttributeNames");
	cJSON_AddStringToObject(names, "#s", "status");
	q = ddb_prepare(r->aws, "Query", in);
	cJSON_Delete(in);
	free(pk);
	return q;
}

/* Take the read API's answer q (in lang) of item k into r->fetched[k]:
 * r->have[k] becomes 1, or -1 when unusable (warned). */
static void
take_api_node(struct run *r, size_t k, int lang, const struct aws_req *q)
{
	struct node *nd = &r->fetched[k];
	size_t fixed = 0;
	char *why = NULL;

	if (lang == LANG_EN && r->have[k] <= 0)
		return;
	if (api_node_parse(buf_str(&q->resp), q->resp.len, r->items[k].slug,
	    lang, nd, &fixed, &why) < 0) {
		warnmsg("node %s: %s: left alone", r->items[k].slug, why);
		r->have[k] = -1;
	} else {
		r->have[k] = 1;
		if (fixed)
			warnmsg("node %s: %zu invalid or control characters "
			    "neutralised", nd->slug, fixed);
	}
	free(why);
}

/* Take the Query answer q (META and EDGE items) of item k into
 * r->fetched[k]: r->have[k] becomes 1, or -1 when gone or unusable
 * (warned). */
static void
take_meta(struct run *r, size_t k, const struct aws_req *q)
{
	struct node *nd = &r->fetched[k];
	cJSON *out, *it, *meta = NULL;
	size_t fixed = 0;
	char *why = NULL;

	out = cJSON_ParseWithLength(buf_str(&q->resp), q->resp.len);
	if (!out) {
		warnmsg("node %s: the answer is not JSON: left alone",
		    r->items[k].slug);
		r->have[k] = -1;
		return;
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
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(out, "Items")) {
			const char *sk = ddb_get_s(it, "SK");

			if (sk && str_starts(sk, "EDGE#"))
				node_add_edge(nd, sk + 5);
		}
		node_sort_edges(nd);
	}
	free(why);
	cJSON_Delete(out);
}

/*
 * The bodies of the items flagged in want[] whose META was fetched, from
 * S3, unless unchanged since the last sync (then taken from the note's
 * file). A body too big leaves its item unfetched (warned). 0, or -1
 * with cause on a failed call.
 */
static int
fetch_bodies(struct run *r, const int *want, char **cause)
{
	struct aws_req **q = NULL;
	size_t *who = NULL, nq = 0, qcap = 0, wcap = 0, i;
	int rc = 0, l;

	for (i = 0; i < r->nitems; i++) {
		if (!want[i] || r->have[i] <= 0)
			continue;
		for (l = 0; l < NLANGS; l++) {
			char *key = fetch_body_key(r->fetched[i].node_type,
			    r->fetched[i].slug, l, r->primary);

			q = xgrow(q, &qcap, nq + 1, sizeof *q);
			who = xgrow(who, &wcap, nq + 1, sizeof *who);
			q[nq] = s3_prepare(r->aws, "GET", key, NULL, 0,
			    NODE_BODY_MAX, known_etag(r, i, l));
			q[nq]->user = (void *)(long)l;
			who[nq++] = i;
			free(key);
		}
	}
	progress_run_phase(r, "pulling", "bodies", q, who, nq);
	for (i = 0; i < nq; i++) {
		size_t k = who[i], fixed = 0;
		int lang = (int)(long)q[i]->user;

		if (r->have[k] <= 0)
			continue;
		if (q[i]->rc == AWS_NOTFOUND)
			continue;
		if (q[i]->rc == AWS_NOTMODIFIED) {
			const char *etag = known_etag(r, k, lang);

			take_local_body(r, k, lang, q[i]->etag ? q[i]->etag :
			    etag);
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
				fail(cause, "%s: %s%s", r->items[k].slug,
				    q[i]->cause, q[i]->status == 403 ?
				    " (without s3:ListBucket, S3 answers 403 "
				    "for a missing object: see PERMISSIONS in "
				    "stratus-sync(7))" : "");
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
	run_reqs_free(q, nq, who);
	return rc;
}

/*
 * A fetched node in the form its note has: the wikilinks a push turned
 * into Markdown links turned back; and a note in one language only, whose
 * body a push copied to the primary language's body.mdx, one file again.
 */
static void
fetch_local_form(struct run *r, size_t k)
{
	struct node *nd = &r->fetched[k];
	const struct local_note *ln = r->items[k].local;
	int l, pr = r->primary;

	for (l = 0; l < NLANGS; l++) {
		char *key, *js, *conv;
		cJSON *pairs;
		size_t n;

		if (!nd->body[l])
			continue;
		key = xasprintf("wikilinks:%s:%s", nd->slug, lang_names[l]);
		js = state_get(r->st, key);
		free(key);
		pairs = js ? cJSON_Parse(js) : NULL;
		free(js);
		if (cJSON_GetArraySize(pairs) > 0) {
			conv = links_from_markdown(nd->body[l],
			    nd->body_len[l], &n, pairs);
			free(nd->body[l]);
			nd->body[l] = conv;
			nd->body_len[l] = n;
		}
		cJSON_Delete(pairs);
	}
	/* (never when the note has both files: they stay) */
	if (nd->body[pr] && nd->body[!pr] && !(ln && ln->path[pr]) &&
	    nd->body_len[pr] == nd->body_len[!pr] &&
	    memcmp(nd->body[pr], nd->body[!pr], nd->body_len[pr]) == 0) {
		free(nd->body[pr]);
		free(nd->etag[pr]);
		nd->body[pr] = NULL;
		nd->etag[pr] = NULL;
		nd->body_len[pr] = 0;
	}
}

/*
 * Fetch the nodes of the items flagged in want[] into r->fetched. A node
 * that cannot be used (gone meanwhile, hostile, too big) is warned about
 * and left unfetched. A body whose ETag is the one last synced is not
 * downloaded again (If-None-Match). Returns 0, or -1 with cause on a
 * failed call.
 */
int
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
			q[nq] = meta_query(r, slug);
			who[nq++] = i;
		}
	}
	progress_run_phase(r, "pulling", r->api ? NULL : "metadata", q, who,
	    nq);
	for (i = 0; i < nq; i++) {
		size_t k = who[i];

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
		if (r->api)
			take_api_node(r, k, (i > 0 && who[i - 1] == k) ?
			    LANG_EN : LANG_ES, q[i]);
		else
			take_meta(r, k, q[i]);
	}
	run_reqs_free(q, nq, who);
	if (rc < 0 || r->api)
		return rc;
	/* the bodies, unless unchanged since the last sync */
	if (fetch_bodies(r, want, cause) < 0)
		return -1;
	for (i = 0; i < r->nitems; i++)
		if (want[i] && r->have[i] > 0)
			fetch_local_form(r, i);
	return 0;
}
