/*
 * sync-cache.c: the cloud's cache version (SYSTEM#config / CACHE_VERSION):
 * read before the listing, bumped after a run that wrote, and recorded as
 * the version up to which the cloud's changes have been seen.
 */
#include "sync/sync-int.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The cache version recorded when the edges must be listed next time. */
#define RESCAN_MARK "-list-edges-"

/*
 * The cloud's cache version (SYSTEM#config / CACHE_VERSION), which every
 * writer bumps after changing nodes or edges; "" when there is none.
 * Read before the listing, so that what it covers is in the listing.
 */
int
cache_read_version(struct run *r, char **cause)
{
	cJSON *in = run_key_request(r, "SYSTEM#config", "CACHE_VERSION");
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
int
cache_record_version(struct run *r, char **cause)
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
