/*
 * sync-delete.c: deleting in the cloud the nodes deleted here: a journal
 * mark, the conditional META delete, then the node's other items, bodies
 * and an audit entry.
 */
#include "sync/sync-int.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdlib.h>
#include <string.h>

/* After its META is gone: a node's EDGE items, bodies, an audit entry,
 * and its base. Safe to repeat. */
int
delete_finish(struct run *r, const char *slug, const char *type,
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
		goto fail;
	}
	cJSON_ArrayForEach(x, cJSON_GetObjectItem(out, "Items")) {
		const char *sk = ddb_get_s(x, "SK");

		if (!sk || strcmp(sk, "META") == 0)
			continue;
		batch = xgrow(batch, &cap, nb + 1, sizeof *batch);
		batch[nb++] = push_delete_req(pk, sk);
	}
	batch = xgrow(batch, &cap, nb + 1, sizeof *batch);
	batch[nb++] = push_put_req(push_audit_item(slug, "update", now,
	    "node deleted"));
	if (push_batch_write(r, batch, nb, NULL, cause) < 0) {
		rc = -1;
		goto fail;
	}
	for (l = 0; l < NLANGS; l++) {
		char *key = fetch_body_key(type, slug, l, r->primary);

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
fail:
	r->wrote_remote = 1;
	cJSON_Delete(in);
	cJSON_Delete(out);
	free(batch);
	free(pk);
	free(e);
	free(now);
	return rc;
}

int
delete_run(struct run *r, char **cause)
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
		in = run_key_request(r, pk, "META");
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
		rc = delete_finish(r, it->slug, b->node_type, cause);
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
